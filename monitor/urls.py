from django.urls import path

from monitor import views

urlpatterns = [
    path("monitor/", views.dashboard, name="monitor_dashboard"),
    path(
        "monitor/export/<str:what>/<str:fmt>/",
        views.dashboard_export,
        name="monitor_dashboard_export",
    ),
    path(
        "monitor/gemeente/<int:pk>/",
        views.municipality_process_view,
        name="monitor_municipality",
    ),
    path("locaties/<slug:slug>/monitor/", views.community_monitor, name="monitor_community"),
    path(
        "locaties/<slug:slug>/monitor/export/<str:what>/<str:fmt>/",
        views.community_export,
        name="monitor_community_export",
    ),
    path("locaties/<slug:slug>/monitor/normen/", views.norms_edit, name="monitor_norms"),
    path("locaties/<slug:slug>/monitor/enquete/", views.survey_manage, name="monitor_survey"),
    path(
        "locaties/<slug:slug>/monitor/enquete/<int:pk>/links/",
        views.survey_links,
        name="monitor_survey_links",
    ),
    # Public: residents answer through the link or QR code the coach handed out.
    path("enquete/bedankt/", views.survey_thanks, name="survey_thanks"),
    path("enquete/<str:token>/", views.survey_answer, name="survey_answer"),
]
