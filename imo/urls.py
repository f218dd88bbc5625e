"""URLs of the IMO pages, under /locaties/<slug>/imo/. Included from gemengdwonen/urls.py."""

from django.urls import include, path

from imo.views import candidates, corporation, follow_ups, meetings, overview, vacancies

P = "locaties/<slug:slug>/imo/"

urlpatterns = [
    path(P, overview.imo_overview, name="imo_overview"),
    path(f"{P}vrijkomende-woningen/", vacancies.vacancy_list, name="imo_vacancies"),
    path(f"{P}kandidaten/nieuw/", candidates.candidate_create, name="imo_candidate_create"),
    path(f"{P}kandidaten/<int:pk>/", candidates.candidate_detail, name="imo_candidate"),
    path(
        f"{P}kandidaten/<int:pk>/bewerken/",
        candidates.candidate_update,
        name="imo_candidate_update",
    ),
    path(
        f"{P}kandidaten/<int:pk>/toestemming/",
        candidates.candidate_consent,
        name="imo_candidate_consent",
    ),
    path(
        f"{P}kandidaten/<int:pk>/toestemming/intrekken/",
        candidates.candidate_consent_withdraw,
        name="imo_candidate_consent_withdraw",
    ),
    path(
        f"{P}kandidaten/<int:pk>/uitnodigen/",
        candidates.participation_invite,
        name="imo_participation_invite",
    ),
    path(
        f"{P}kandidaten/<int:pk>/deelname/<int:participation_pk>/",
        candidates.participation_attended,
        name="imo_participation_attended",
    ),
    path(f"{P}kandidaten/<int:pk>/besluit/", corporation.decision, name="imo_decision"),
    path(
        f"{P}kandidaten/<int:pk>/aanbod-afgewezen/",
        corporation.offer_declined,
        name="imo_offer_declined",
    ),
    path(f"{P}kandidaten/<int:pk>/overdracht/", corporation.handover, name="imo_handover"),
    path(f"{P}kandidaten/<int:pk>/intrek/", corporation.move_in, name="imo_move_in"),
    path(f"{P}ritme/", meetings.schedule_edit, name="imo_schedule"),
    path(f"{P}ritme/plannen/", meetings.plan_ahead, name="imo_plan_ahead"),
    path(f"{P}overleg/<int:pk>/", meetings.meeting_detail, name="imo_meeting"),
    path(f"{P}overleg/<int:pk>/bewerken/", meetings.meeting_update, name="imo_meeting_update"),
    path(
        f"{P}overleg/<int:pk>/aanwezigheid/",
        meetings.meeting_attendance,
        name="imo_meeting_attendance",
    ),
    path(
        f"{P}overleg/<int:pk>/verslag-vorig-imo/",
        meetings.meeting_minutes_approve,
        name="imo_meeting_minutes_approve",
    ),
    path(
        f"{P}overleg/<int:pk>/punt/<int:point>/verslag/",
        meetings.meeting_note_save,
        name="imo_meeting_note",
    ),
    path(
        f"{P}overleg/<int:pk>/advies/<int:candidate_pk>/",
        meetings.meeting_advice_save,
        name="imo_meeting_advice",
    ),
    path(
        f"{P}overleg/<int:pk>/kandidaat-agenderen/",
        meetings.meeting_agenda_add,
        name="imo_meeting_agenda_add",
    ),
    path(f"{P}vervolgacties/", follow_ups.follow_up_list, name="imo_follow_ups"),
    path(
        f"{P}vervolgacties/<int:pk>/gedaan/", follow_ups.follow_up_done, name="imo_follow_up_done"
    ),
    path(f"{P}procesmonitor/", overview.metrics, name="imo_metrics"),
    # The agenda PDF (download, regenerate, status) lives in its own module.
    path("", include("imo.urls_pdf")),
]
