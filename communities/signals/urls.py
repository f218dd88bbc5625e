"""URLs of this area; included from communities/urls.py."""

from django.urls import path

from communities.signals import views

P = "locaties/<slug:slug>/signalen/"

urlpatterns: list = [
    path(P, views.signal_list, name="signal_list"),
    path(f"{P}nieuw/", views.signal_create, name="signal_create"),
    path(f"{P}acuut/", views.signal_acute, name="signal_acute"),
    path(f"{P}ladder/", views.signal_ladder, name="signal_ladder"),
    path(f"{P}ladder/nieuw/", views.ladder_step_edit, name="ladder_step_create"),
    path(f"{P}ladder/<int:pk>/bewerken/", views.ladder_step_edit, name="ladder_step_update"),
    path(f"{P}ladder/<int:pk>/verwijderen/", views.ladder_step_delete, name="ladder_step_delete"),
    path(f"{P}<int:pk>/", views.signal_detail, name="signal_detail"),
    path(f"{P}<int:pk>/bewerken/", views.signal_update, name="signal_update"),
    path(f"{P}<int:pk>/stap/", views.signal_step_add, name="signal_step_add"),
    path(f"{P}<int:pk>/afsluiten/", views.signal_close, name="signal_close"),
]
