"""URLs of this area; included from communities/urls.py."""

from django.urls import path

from communities.safety import views as views_safety

urlpatterns = [
    path("locaties/<slug:slug>/veiligheid/", views_safety.safety_overview, name="safety_overview"),
    path(
        "locaties/<slug:slug>/veiligheid/vluchtplan/",
        views_safety.safety_plan_edit,
        name="safety_plan_edit",
    ),
    path(
        "locaties/<slug:slug>/veiligheid/oefeningen/nieuw/",
        views_safety.safety_drill_edit,
        name="safety_drill_create",
    ),
    path(
        "locaties/<slug:slug>/veiligheid/oefeningen/<int:pk>/bewerken/",
        views_safety.safety_drill_edit,
        name="safety_drill_update",
    ),
    path(
        "locaties/<slug:slug>/veiligheid/oefeningen/<int:pk>/verwijderen/",
        views_safety.safety_drill_delete,
        name="safety_drill_delete",
    ),
    path(
        "locaties/<slug:slug>/wie-bel-ik/",
        views_safety.safety_contact_card,
        name="safety_contact_card",
    ),
    path(
        "locaties/<slug:slug>/wie-bel-ik/nieuw/",
        views_safety.safety_contact_edit,
        name="safety_contact_create",
    ),
    path(
        "locaties/<slug:slug>/wie-bel-ik/<int:pk>/bewerken/",
        views_safety.safety_contact_edit,
        name="safety_contact_update",
    ),
    path(
        "locaties/<slug:slug>/wie-bel-ik/<int:pk>/verwijderen/",
        views_safety.safety_contact_delete,
        name="safety_contact_delete",
    ),
]
