"""URLs of this area; included from communities/urls.py."""

from django.urls import path

from communities.outreach import views

P = "locaties/<slug:slug>/"

urlpatterns: list = [
    path(f"{P}bereik/", views.outreach_not_reached, name="outreach_not_reached"),
    path(f"{P}bereik/contact/", views.contact_create, name="contact_create"),
    path(f"{P}bereik/aandacht/", views.attention_list, name="attention_list"),
    path(f"{P}bewoners/<int:pk>/bereik/", views.resident_outreach, name="resident_outreach"),
    path(
        f"{P}bewoners/<int:pk>/benadering/",
        views.approach_preference_edit,
        name="approach_preference_edit",
    ),
    path(f"{P}talenten/", views.talent_search, name="talent_search"),
    path(f"{P}bewoners/<int:pk>/talenten/", views.resident_talents, name="resident_talents"),
    path(f"{P}bewoners/<int:pk>/talenten/nieuw/", views.talent_create, name="talent_create"),
    path(
        f"{P}bewoners/<int:pk>/talenten/<int:talent_pk>/verwijderen/",
        views.talent_delete,
        name="talent_delete",
    ),
    path(f"{P}buurt/", views.asset_list, name="asset_list"),
    path(f"{P}buurt/nieuw/", views.asset_edit, name="asset_create"),
    path(f"{P}buurt/<int:pk>/bewerken/", views.asset_edit, name="asset_update"),
    path(f"{P}buurt/<int:pk>/verwijderen/", views.asset_delete, name="asset_delete"),
]
