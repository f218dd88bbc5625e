from django.urls import path

from financiering import views

P = "locaties/<slug:slug>/financiering/"

urlpatterns = [
    path(P, views.funding_overview, name="funding_overview"),
    path(P + "afspraken/nieuw/", views.funding_agreement_new, name="funding_agreement_new"),
    path(
        P + "afspraken/<int:pk>/", views.funding_agreement_detail, name="funding_agreement_detail"
    ),
    path(
        P + "afspraken/<int:pk>/wijzigen/",
        views.funding_agreement_edit,
        name="funding_agreement_edit",
    ),
    path(
        P + "afspraken/<int:pk>/document/",
        views.funding_agreement_document,
        name="funding_agreement_document",
    ),
    path(
        P + "afspraken/<int:pk>/bijdragen/nieuw/",
        views.funding_contribution_add,
        name="funding_contribution_add",
    ),
    path(
        P + "afspraken/<int:pk>/bijdragen/<int:contribution_pk>/verwijderen/",
        views.funding_contribution_delete,
        name="funding_contribution_delete",
    ),
    path(
        P + "afspraken/<int:pk>/eenmalig/nieuw/",
        views.funding_one_off_add,
        name="funding_one_off_add",
    ),
    path(P + "normen/", views.funding_norms, name="funding_norms"),
    path(P + "realisatie/", views.funding_realised, name="funding_realised"),
    path(P + "uitgaven/", views.funding_spending, name="funding_spending"),
    path(P + "waarde/", views.funding_value, name="funding_value"),
    path(P + "export/", views.funding_export, name="funding_export"),
    path("financiering/rekenhulp/", views.funding_calculator, name="funding_calculator"),
    path(
        "financiering/gemeente/<int:pk>/", views.funding_municipality, name="funding_municipality"
    ),
    path(
        "financiering/gemeente/<int:pk>/export/",
        views.funding_municipality_export,
        name="funding_municipality_export",
    ),
    path(
        "financiering/gemeente/<int:pk>/waarde/",
        views.funding_municipality_value,
        name="funding_municipality_value",
    ),
]
