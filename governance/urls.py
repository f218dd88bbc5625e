from django.urls import path

from governance import views, views_calendar, views_community, views_pdf

C = "locaties/<slug:slug>/overleg/"

M = "overleg/<int:pk>/vergaderingen/<int:meeting_pk>/"

urlpatterns = [
    path("overleg/", views.my_bodies, name="governance_home"),
    path("agenda-abonnement/", views_calendar.feed_settings, name="calendar_feed_settings"),
    path("agenda-abonnement/vernieuwen/", views_calendar.feed_renew, name="calendar_feed_renew"),
    path("agenda-abonnement/<str:token>.ics", views_calendar.feed, name="calendar_feed"),
    path("overleg/<int:pk>/", views.body_detail, name="governance_body"),
    path("overleg/<int:pk>/frequentie/", views.cadence_edit, name="governance_cadence"),
    path("overleg/<int:pk>/besluiten/", views.body_decisions, name="governance_decisions"),
    path(
        "overleg/<int:pk>/actiepunten/<int:action_pk>/status/",
        views.action_status,
        name="governance_action_status",
    ),
    path(
        "overleg/<int:pk>/vergaderingen/nieuw/",
        views.meeting_create,
        name="governance_meeting_create",
    ),
    path(M, views.meeting_detail, name="governance_meeting"),
    path(M + "bewerken/", views.meeting_update, name="governance_meeting_update"),
    path(M + "agenda/", views.agenda_add, name="governance_agenda_add"),
    path(M + "agenda/<int:item_pk>/verplaatsen/", views.agenda_move, name="governance_agenda_move"),
    path(
        M + "agenda/<int:item_pk>/verwijderen/",
        views.agenda_remove,
        name="governance_agenda_remove",
    ),
    path(M + "aanwezigheid/", views.attendance_edit, name="governance_attendance"),
    path(M + "notulen/", views.minutes_edit, name="governance_minutes"),
    path(M + "notulen/correctie/", views.minutes_correct, name="governance_minutes_correct"),
    path(
        M + "notulen/<int:minutes_pk>/vaststellen/",
        views.minutes_approve,
        name="governance_minutes_approve",
    ),
    path(M + "besluit/", views.decision_create, name="governance_decision_create"),
    path(M + "actiepunt/", views.action_create, name="governance_action_create"),
    path(M + "pdf/<str:kind>/", views_pdf.pdf_download, name="governance_pdf_download"),
    path(M + "pdf/<str:kind>/maken/", views_pdf.pdf_generate, name="governance_pdf_generate"),
    path("locaties/<slug:slug>/overleg/", views.community_governance, name="governance_community"),
    path(
        "locaties/<slug:slug>/overleg/besluiten/",
        views.community_decisions,
        name="governance_community_decisions",
    ),
    path(C + "escalatieroute/", views_community.route_edit, name="governance_route_edit"),
    path(
        C + "escalatieroute/<int:step_pk>/verwijderen/",
        views_community.route_step_delete,
        name="governance_route_step_delete",
    ),
    path(C + "code/", views_community.code_edit, name="governance_code_edit"),
    path(C + "akkoord/", views_community.agreement_detail, name="governance_agreement"),
    path(C + "akkoord/bewerken/", views_community.agreement_edit, name="governance_agreement_edit"),
    path(
        C + "akkoord/document/",
        views_community.agreement_document,
        name="governance_agreement_document",
    ),
    path(
        C + "akkoord/actielijn/", views_community.action_line_add, name="governance_action_line_add"
    ),
    path(C + "werkplan/", views_community.work_plan, name="governance_work_plan"),
    path(
        C + "werkplan/doel/<int:goal_pk>/status/",
        views_community.goal_status,
        name="governance_goal_status",
    ),
    path(C + "maandrapportage/", views_community.report_list, name="governance_reports"),
    path(
        C + "maandrapportage/<int:year>-<int:month>/",
        views_community.report_edit,
        name="governance_report",
    ),
    path(
        C + "maandrapportage/<int:year>-<int:month>/versturen/",
        views_community.report_send,
        name="governance_report_send",
    ),
    path(C + "start/", views_community.readiness, name="governance_readiness"),
    path(
        C + "start/<int:item_pk>/", views_community.readiness_item, name="governance_readiness_item"
    ),
    path(
        C + "start/eerste-verhuur/",
        views_community.first_letting,
        name="governance_first_letting",
    ),
    path(C + "woonvereniging/", views_community.association_detail, name="governance_association"),
    path(
        C + "woonvereniging/bewerken/",
        views_community.association_edit,
        name="governance_association_edit",
    ),
    path(
        C + "woonvereniging/bestuur/",
        views_community.board_member_add,
        name="governance_board_add",
    ),
    path(C + "woonvereniging/welkom/", views_community.welcome_list, name="governance_welcome"),
]
