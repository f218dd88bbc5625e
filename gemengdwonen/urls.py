from django.contrib import admin
from django.urls import include, path

from gemengdwonen import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("beheer/", admin.site.urls),
    path("account/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("communities.urls")),
]
