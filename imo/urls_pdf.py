"""URLs of the agenda PDF (download, regenerate, status). Include from the project's urls.py:
`path("", include("imo.urls_pdf"))`."""

from django.urls import path

from imo import views_pdf

urlpatterns = [
    path(
        "imo/<slug:slug>/overleg/<int:pk>/agenda.pdf",
        views_pdf.agenda_download,
        name="imo_agenda_download",
    ),
    path(
        "imo/<slug:slug>/overleg/<int:pk>/agenda/opnieuw/",
        views_pdf.agenda_regenerate,
        name="imo_agenda_regenerate",
    ),
    path(
        "imo/<slug:slug>/overleg/<int:pk>/agenda/status/",
        views_pdf.agenda_status,
        name="imo_agenda_status",
    ),
]
