"""URLs of the agenda PDF (download, regenerate, status). Include from the project's urls.py:
`path("", include("imo.urls_pdf"))`."""

from django.urls import path

from imo.views import pdf

urlpatterns = [
    path(
        "imo/<slug:slug>/overleg/<int:pk>/agenda.pdf",
        pdf.agenda_download,
        name="imo_agenda_download",
    ),
    path(
        "imo/<slug:slug>/overleg/<int:pk>/agenda/opnieuw/",
        pdf.agenda_regenerate,
        name="imo_agenda_regenerate",
    ),
    path(
        "imo/<slug:slug>/overleg/<int:pk>/agenda/status/",
        pdf.agenda_status,
        name="imo_agenda_status",
    ),
]
