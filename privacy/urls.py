from django.urls import path

from privacy import views

urlpatterns = [
    path("privacy/", views.person_search, name="privacy_search"),
    path("privacy/<str:kind>/<int:pk>/", views.person_detail, name="privacy_person"),
    path(
        "privacy/<str:kind>/<int:pk>/inzage.json",
        views.export_json,
        name="privacy_export_json",
    ),
    path("privacy/<str:kind>/<int:pk>/inzage-pdf/", views.export_pdf, name="privacy_export_pdf"),
    path("privacy/<str:kind>/<int:pk>/wissen/", views.erase, name="privacy_erase"),
    path(
        "privacy/exports/<int:pk>/download/",
        views.export_download,
        name="privacy_export_download",
    ),
]
