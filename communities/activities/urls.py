"""URLs of this area; included from communities/urls.py."""

from django.urls import path

from communities.activities import views

P = "locaties/<slug:slug>/"

urlpatterns = [
    path(f"{P}activiteiten/", views.activity_list, name="activity_list"),
    path(f"{P}activiteiten/export/", views.activity_export, name="activity_export"),
    path(f"{P}activiteiten/nieuw/", views.activity_create, name="activity_create"),
    path(f"{P}activiteiten/soorten/", views.activity_kinds, name="activity_kinds"),
    path(f"{P}activiteiten/<int:pk>/", views.activity_detail, name="activity_detail"),
    path(f"{P}activiteiten/<int:pk>/bewerken/", views.activity_update, name="activity_update"),
    path(f"{P}activiteiten/<int:pk>/herhalen/", views.activity_repeat, name="activity_repeat"),
    path(f"{P}deelname/", views.participation, name="participation"),
    path(
        f"{P}andere-bijdragen/nieuw/",
        views.other_contribution_create,
        name="other_contribution_create",
    ),
]
