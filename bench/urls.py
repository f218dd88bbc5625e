"""The product's URLs plus T1: a logged-in page that renders the base layout with one query of
its own, the fair floor for a page (issue 14)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import include, path

from communities.models import Community


@login_required
def trivial(request):
    return render(request, "bench/t1.html", {"communities": Community.objects.count()})


urlpatterns = [
    path("bench/t1/", trivial, name="bench_t1"),
    path("", include("gemengdwonen.urls")),
]
