"""URLs of the IMO pages, under /locaties/<slug>/imo/. Included from gemengdwonen/urls.py."""

from django.urls import include, path

from imo import views

P = "locaties/<slug:slug>/imo/"

urlpatterns = [
    path(P, views.imo_overview, name="imo_overview"),
    path(f"{P}vrijkomende-woningen/", views.vacancy_list, name="imo_vacancies"),
    path(f"{P}kandidaten/nieuw/", views.candidate_create, name="imo_candidate_create"),
    path(f"{P}kandidaten/<int:pk>/", views.candidate_detail, name="imo_candidate"),
    path(f"{P}kandidaten/<int:pk>/bewerken/", views.candidate_update, name="imo_candidate_update"),
    path(
        f"{P}kandidaten/<int:pk>/toestemming/",
        views.candidate_consent,
        name="imo_candidate_consent",
    ),
    path(
        f"{P}kandidaten/<int:pk>/toestemming/intrekken/",
        views.candidate_consent_withdraw,
        name="imo_candidate_consent_withdraw",
    ),
    path(
        f"{P}kandidaten/<int:pk>/uitnodigen/",
        views.participation_invite,
        name="imo_participation_invite",
    ),
    path(
        f"{P}kandidaten/<int:pk>/deelname/<int:participation_pk>/",
        views.participation_attended,
        name="imo_participation_attended",
    ),
    path(f"{P}kandidaten/<int:pk>/besluit/", views.decision, name="imo_decision"),
    path(
        f"{P}kandidaten/<int:pk>/aanbod-afgewezen/",
        views.offer_declined,
        name="imo_offer_declined",
    ),
    path(f"{P}kandidaten/<int:pk>/overdracht/", views.handover, name="imo_handover"),
    path(f"{P}kandidaten/<int:pk>/intrek/", views.move_in, name="imo_move_in"),
    path(f"{P}ritme/", views.schedule_edit, name="imo_schedule"),
    path(f"{P}ritme/plannen/", views.plan_ahead, name="imo_plan_ahead"),
    path(f"{P}overleg/<int:pk>/", views.meeting_detail, name="imo_meeting"),
    path(f"{P}overleg/<int:pk>/bewerken/", views.meeting_update, name="imo_meeting_update"),
    path(
        f"{P}overleg/<int:pk>/aanwezigheid/",
        views.meeting_attendance,
        name="imo_meeting_attendance",
    ),
    path(
        f"{P}overleg/<int:pk>/verslag-vorig-imo/",
        views.meeting_minutes_approve,
        name="imo_meeting_minutes_approve",
    ),
    path(
        f"{P}overleg/<int:pk>/punt/<int:point>/verslag/",
        views.meeting_note_save,
        name="imo_meeting_note",
    ),
    path(
        f"{P}overleg/<int:pk>/advies/<int:candidate_pk>/",
        views.meeting_advice_save,
        name="imo_meeting_advice",
    ),
    path(
        f"{P}overleg/<int:pk>/kandidaat-agenderen/",
        views.meeting_agenda_add,
        name="imo_meeting_agenda_add",
    ),
    path(f"{P}vervolgacties/", views.follow_up_list, name="imo_follow_ups"),
    path(f"{P}vervolgacties/<int:pk>/gedaan/", views.follow_up_done, name="imo_follow_up_done"),
    path(f"{P}procesmonitor/", views.metrics, name="imo_metrics"),
    # The agenda PDF (download, regenerate, status) lives in its own module.
    path("", include("imo.urls_pdf")),
]
