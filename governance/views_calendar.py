"""The calendar feed: a settings page (the user's secret feed URL, renewable) and the feed
itself, reached without a login through the secret token in its URL."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from gemengdwonen.calendar import events_for, feed_ics
from governance.calendar import feed_token_for, feed_token_renew
from governance.models import CalendarFeedToken


@login_required
@require_GET
def feed_settings(request):
    token = feed_token_for(user=request.user)
    url = request.build_absolute_uri(reverse("calendar_feed", args=[token.token]))
    return render(request, "governance/calendar_feed.html", {"feed_url": url})


@login_required
def feed_renew(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    feed_token_renew(user=request.user)
    messages.success(request, _("Er is een nieuwe link gemaakt; de oude werkt niet meer."))
    return redirect("calendar_feed_settings")


@never_cache
@require_GET
def feed(request, token):
    found = CalendarFeedToken.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404
    body = feed_ics(events_for(found.user), name=_("Gemengd Wonen: vergaderingen"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
