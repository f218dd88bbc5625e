"""URLs of this area; included from communities/urls.py."""

from django.urls import path

from communities.hours import views as views_hours

urlpatterns = [
    path("locaties/<slug:slug>/uren/", views_hours.hours_overview, name="hours_overview"),
    path(
        "locaties/<slug:slug>/uren/normen/",
        views_hours.hours_norms_edit,
        name="hours_norms_edit",
    ),
    path("locaties/<slug:slug>/uren/schrijven/", views_hours.hours_log, name="hours_log"),
    path(
        "locaties/<slug:slug>/uren/registraties/",
        views_hours.hours_entries,
        name="hours_entries",
    ),
    path(
        "locaties/<slug:slug>/uren/registraties/export/",
        views_hours.hours_export,
        name="hours_export",
    ),
]
