from django.urls import include, path

from communities import import_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("locaties/", views.community_list, name="community_list"),
    path("locaties/<slug:slug>/", views.community_detail, name="community_detail"),
    path("locaties/<slug:slug>/eenheden/", views.unit_list, name="unit_list"),
    path("locaties/<slug:slug>/eenheden/nieuw/", views.unit_edit, name="unit_create"),
    path("locaties/<slug:slug>/eenheden/<int:pk>/bewerken/", views.unit_edit, name="unit_update"),
    path("locaties/<slug:slug>/bewoners/", views.resident_list, name="resident_list"),
    path("locaties/<slug:slug>/bewoners/nieuw/", views.resident_edit, name="resident_create"),
    path("locaties/<slug:slug>/bewoners/<int:pk>/", views.resident_detail, name="resident_detail"),
    path(
        "locaties/<slug:slug>/bewoners/<int:pk>/bewerken/",
        views.resident_edit,
        name="resident_update",
    ),
    path(
        "locaties/<slug:slug>/bewoners/<int:pk>/intrek/",
        views.resident_move_in,
        name="resident_move_in",
    ),
    path(
        "locaties/<slug:slug>/bewoners/<int:pk>/vertrek/",
        views.resident_move_out,
        name="resident_move_out",
    ),
    path(
        "locaties/<slug:slug>/bewoners/<int:pk>/begeleiding/start/",
        views.support_start,
        name="support_start",
    ),
    path(
        "locaties/<slug:slug>/bewoners/<int:pk>/begeleiding/<int:period_pk>/einde/",
        views.support_end,
        name="support_end",
    ),
    path("locaties/<slug:slug>/import/", import_views.import_data, name="import_data"),
    path(
        "locaties/<slug:slug>/import/sjabloon/",
        import_views.import_template,
        name="import_template",
    ),
    # Community work: each area keeps its own URL module.
    path("", include("communities.activities.urls")),
    path("", include("communities.outreach.urls")),
    path("", include("communities.signals.urls")),
    path("", include("communities.hours.urls")),
    path("", include("communities.safety.urls")),
]
