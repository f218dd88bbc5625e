from django.urls import path

from reports import views

COMMUNITY = "locaties/<slug:slug>/jaarverslag/<int:year>/"
AREA = "overleg/stuurgroep/<int:pk>/jaarverslag/<int:year>/"

urlpatterns = []
for prefix, name in ((COMMUNITY, "reports_community"), (AREA, "reports_area")):
    urlpatterns += [
        path(prefix, views.report_page, name=name),
        path(f"{prefix}status/", views.report_status, name=f"{name}_status"),
        path(f"{prefix}aanvragen/", views.report_request, name=f"{name}_request"),
        path(f"{prefix}tekst/", views.report_text, name=f"{name}_text"),
        path(f"{prefix}versie/<int:number>/", views.report_download, name=f"{name}_download"),
    ]
