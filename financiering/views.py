"""Funding pages. Thin: fetch through the user's scope (financiering.access), validate with a
form, call a service or a selector."""

from __future__ import annotations

from decimal import Decimal
from itertools import repeat

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.constants import Action
from audit.services import record
from communities.constants import Phase
from communities.norms import coach_hours_norm, norms_in_force
from communities.phase import pilot_light_allowed
from financiering import access, selectors, services
from financiering.access import FundingCapability as F
from financiering.calculator import (
    WELZIJN_EXAMPLE,
    WelzijnSum,
    care_line,
    coach_line,
    management_line,
)
from financiering.forms import (
    AgreementForm,
    AvoidedCostForm,
    ContributionForm,
    OneOffForm,
    PlannedLocationForm,
    RateForm,
    SpendingForm,
    WelzijnForm,
)
from gemengdwonen.exports import export_response
from gemengdwonen.forms import run_service

EXPORT_FORMATS = ("csv", "xlsx")


def _context(request, community, **extra) -> dict:
    return {
        "community": community,
        "can_edit": access.can(request.user, community, F.EDIT_FUNDING),
        "aggregate_only": access.is_aggregate_only(request.user, community),
        **extra,
    }


def _agreement(community, pk):
    return get_object_or_404(selectors.agreements_of(community=community), pk=pk)


@login_required
def funding_overview(request, slug):
    community = access.community_for(request.user, slug, F.VIEW_FUNDING)
    today = timezone.localdate()
    status = selectors.funding_status(community=community, today=today)
    years = selectors.overview_years(today=today, communities=[community])
    rows = selectors.multi_year_rows(communities=[community], years=years, per_community=False)
    return render(
        request,
        "financiering/overview.html",
        _context(
            request,
            community,
            today=today,
            status=status,
            agreements=selectors.agreements_of(community=community),
            years=years,
            rows=rows,
            totals=selectors.multi_year_totals(rows=rows, years=years),
        ),
    )


def _agreement_form_page(request, community, agreement=None):
    editable = [
        c
        for c in access.funding_communities(request.user)
        if access.can(request.user, c, F.EDIT_FUNDING)
    ]
    initial = {}
    if agreement is not None:
        initial = {
            "title": agreement.title,
            "communities": list(agreement.communities.all()),
            "parties": list(agreement.parties.all()),
            "purposes": agreement.purposes,
            "kind": agreement.kind,
            "status": agreement.status,
            "start_date": agreement.start_date,
            "end_date": agreement.end_date,
            "predecessor": agreement.predecessor,
        }
    form = AgreementForm(
        request.POST or None,
        request.FILES or None,
        community=community,
        editable_communities=editable,
        agreement=agreement,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = {}

        def save():
            saved["agreement"] = services.agreement_save(
                by=request.user,
                agreement=agreement,
                communities=list(data["communities"]),
                title=data["title"],
                kind=data["kind"],
                status=data["status"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                purposes=data["purposes"],
                parties=list(data["parties"]),
                predecessor=data["predecessor"],
            )
            upload = data.get("document")
            if upload:
                services.agreement_document_attach(
                    agreement=saved["agreement"],
                    by=request.user,
                    content=upload.read(services.DOCUMENT_MAX_BYTES + 1),
                    name=upload.name,
                )

        if run_service(form, lambda: _atomic(save)):
            messages.success(request, _("De afspraak is opgeslagen."))
            return redirect(
                "funding_agreement_detail", slug=community.slug, pk=saved["agreement"].pk
            )
    return render(
        request,
        "financiering/agreement_form.html",
        _context(request, community, form=form, agreement=agreement),
    )


def _atomic(call):
    from django.db import transaction

    with transaction.atomic():
        call()


@login_required
@require_http_methods(["GET", "POST"])
def funding_agreement_new(request, slug):
    community = access.community_for(request.user, slug, F.EDIT_FUNDING)
    return _agreement_form_page(request, community)


@login_required
@require_http_methods(["GET", "POST"])
def funding_agreement_edit(request, slug, pk):
    community = access.community_for(request.user, slug, F.EDIT_FUNDING)
    agreement = _agreement(community, pk)
    # An agreement for several communities is changed only by someone who edits all of them.
    if not all(access.can(request.user, c, F.EDIT_FUNDING) for c in agreement.communities.all()):
        raise PermissionDenied
    return _agreement_form_page(request, community, agreement)


@login_required
def funding_agreement_detail(request, slug, pk):
    community = access.community_for(request.user, slug, F.VIEW_FUNDING)
    agreement = _agreement(community, pk)
    return render(
        request,
        "financiering/agreement_detail.html",
        _context(
            request,
            community,
            agreement=agreement,
            contributions=selectors.agreement_contributions(agreement=agreement),
            one_offs=selectors.agreement_one_offs(agreement=agreement),
            successors=agreement.successors.all(),
        ),
    )


@login_required
def funding_agreement_document(request, slug, pk):
    community = access.community_for(request.user, slug, F.VIEW_FUNDING)
    agreement = _agreement(community, pk)
    try:
        handle = services.agreement_document_open(
            agreement=agreement, community=community, actor=request.user
        )
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"afspraak-{agreement.pk}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def funding_contribution_add(request, slug, pk):
    community = access.community_for(request.user, slug, F.EDIT_FUNDING)
    agreement = _agreement(community, pk)
    form = ContributionForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            form,
            lambda: services.contribution_add(
                by=request.user,
                agreement=agreement,
                community=data["community"],
                party=data["party"],
                purpose=data["purpose"],
                year=data["year"],
                unit=data["unit"],
                value=data["value"],
                note=data["note"],
            ),
        ):
            messages.success(request, _("De bijdrage is toegevoegd."))
            return redirect("funding_agreement_detail", slug=community.slug, pk=agreement.pk)
    return render(
        request,
        "financiering/agreement_sub_form.html",
        _context(request, community, form=form, agreement=agreement, title=_("Bijdrage toevoegen")),
    )


@login_required
@require_http_methods(["GET", "POST"])
def funding_contribution_delete(request, slug, pk, contribution_pk):
    community = access.community_for(request.user, slug, F.EDIT_FUNDING)
    agreement = _agreement(community, pk)
    contribution = get_object_or_404(agreement.contributions, pk=contribution_pk)
    if request.method == "POST":
        services.contribution_delete(by=request.user, contribution=contribution)
        messages.success(request, _("De bijdrage is verwijderd."))
        return redirect("funding_agreement_detail", slug=community.slug, pk=agreement.pk)
    return render(
        request,
        "financiering/contribution_delete.html",
        _context(request, community, agreement=agreement, contribution=contribution),
    )


@login_required
@require_http_methods(["GET", "POST"])
def funding_one_off_add(request, slug, pk):
    community = access.community_for(request.user, slug, F.EDIT_FUNDING)
    agreement = _agreement(community, pk)
    form = OneOffForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            form,
            lambda: services.one_off_add(
                by=request.user,
                agreement=agreement,
                community=data["community"],
                party=data["party"],
                purpose=data["purpose"],
                amount=data["amount"],
                paid_on=data["paid_on"],
                description=data["description"],
            ),
        ):
            messages.success(request, _("De eenmalige bijdrage is toegevoegd."))
            return redirect("funding_agreement_detail", slug=community.slug, pk=agreement.pk)
    return render(
        request,
        "financiering/agreement_sub_form.html",
        _context(
            request,
            community,
            form=form,
            agreement=agreement,
            title=_("Eenmalige bijdrage toevoegen"),
        ),
    )


def _rate_and_weeks(request) -> tuple[RateForm, Decimal, int]:
    form = RateForm(request.GET or None)
    rate, weeks = selectors.default_rate(), selectors.default_weeks()
    if form.is_bound and form.is_valid():
        rate = form.cleaned_data["rate"] if form.cleaned_data["rate"] is not None else rate
        weeks = form.cleaned_data["weeks"] or weeks
    if not form.is_bound:
        form = RateForm(initial={"rate": str(rate).replace(".", ","), "weeks": weeks})
    return form, rate, weeks


@login_required
def funding_norms(request, slug):
    community = access.community_for(request.user, slug, F.VIEW_FUNDING)
    form, rate, weeks = _rate_and_weeks(request)
    calculation = selectors.norms_calculation(
        community=community, today=timezone.localdate(), viewer=request.user, rate=rate, weeks=weeks
    )
    return render(
        request,
        "financiering/norms.html",
        _context(request, community, form=form, calculation=calculation),
    )


@login_required
def funding_realised(request, slug):
    community = access.community_for(request.user, slug, F.VIEW_FUNDING)
    today = timezone.localdate()
    return render(
        request,
        "financiering/realised.html",
        _context(
            request,
            community,
            today=today,
            partners=selectors.realised_against_agreed(community=community, today=today),
            budgets=selectors.budget_years(community=community, years=[today.year - 1, today.year]),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def funding_spending(request, slug):
    community = access.community_for(request.user, slug, F.VIEW_FUNDING)
    today = timezone.localdate()
    can_edit = access.can(request.user, community, F.EDIT_FUNDING)
    form = SpendingForm(request.POST or None, initial={"spent_on": today}) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            if run_service(
                form,
                lambda: services.spending_add(
                    by=request.user,
                    community=community,
                    budget=data["budget"],
                    spent_on=data["spent_on"],
                    amount=data["amount"],
                    description=data["description"],
                ),
            ):
                messages.success(request, _("De uitgave is vastgelegd."))
                return redirect("funding_spending", slug=community.slug)
    return render(
        request,
        "financiering/spending.html",
        _context(
            request,
            community,
            form=form,
            lines=selectors.spending_lines(community=community, year=today.year),
            budgets=selectors.budget_years(community=community, years=[today.year]),
            today=today,
        ),
    )


def _avoided_cost(request) -> tuple[AvoidedCostForm, Decimal]:
    form = AvoidedCostForm(request.GET or None)
    cost = selectors.default_avoided_cost()
    if form.is_bound and form.is_valid() and form.cleaned_data["avoided_cost"] is not None:
        cost = form.cleaned_data["avoided_cost"]
    if not form.is_bound:
        form = AvoidedCostForm(initial={"avoided_cost": str(cost).replace(".", ",")})
    return form, cost


@login_required
def funding_value(request, slug):
    community = access.community_for(request.user, slug, F.VIEW_FUNDING)
    form, cost = _avoided_cost(request)
    value = selectors.early_warning_value(
        communities=[community],
        avoided_cost=cost,
        masked=access.is_aggregate_only(request.user, community),
        today=timezone.localdate(),
    )
    return render(
        request, "financiering/value.html", _context(request, community, form=form, value=value)
    )


def _export(request, *, communities, per_community, filename):
    fmt = request.GET.get("format", "csv")
    if fmt not in EXPORT_FORMATS:
        raise Http404
    today = timezone.localdate()
    years = selectors.overview_years(today=today, communities=communities)
    rows = selectors.multi_year_rows(
        communities=communities, years=years, per_community=per_community
    )
    export_rows = selectors.multi_year_export_rows(rows=rows, years=years)
    headers = (["Locatie"] if per_community else []) + [
        "Jaar",
        "Partij",
        "Doel",
        "Soort geld",
        "Bedrag (€)",
        "Uren per week",
    ]
    record(
        user=request.user,
        action=Action.EXPORT,
        object_type="funding_overview",
        community=communities[0] if len(communities) == 1 else None,
        count=len(export_rows),
        detail="meerjarenoverzicht",
        request=request,
    )
    return export_response(rows=export_rows, filename=filename, fmt=fmt, headers=headers)


@login_required
def funding_export(request, slug):
    community = access.community_for(request.user, slug, F.VIEW_FUNDING)
    return _export(
        request,
        communities=[community],
        per_community=False,
        filename=f"financiering-{community.slug}",
    )


@login_required
def funding_municipality(request, pk):
    municipality, communities = access.municipality_for(request.user, pk)
    today = timezone.localdate()
    statuses = selectors.funding_status_for(communities=communities, today=today)
    years = selectors.overview_years(today=today, communities=communities)
    rows = selectors.multi_year_rows(communities=communities, years=years, per_community=True)
    return render(
        request,
        "financiering/municipality.html",
        {
            "municipality": municipality,
            "statuses": [statuses[c.pk] for c in communities],
            "years": years,
            "rows": rows,
            "totals": selectors.multi_year_totals(rows=rows, years=years),
            "today": today,
        },
    )


@login_required
def funding_municipality_export(request, pk):
    municipality, communities = access.municipality_for(request.user, pk)
    return _export(
        request,
        communities=communities,
        per_community=True,
        filename=f"financiering-{municipality.name}",
    )


@login_required
def funding_municipality_value(request, pk):
    municipality, communities = access.municipality_for(request.user, pk)
    form, cost = _avoided_cost(request)
    value = selectors.early_warning_value(
        communities=communities,
        avoided_cost=cost,
        masked=access.masked_for(request.user, communities),
        today=timezone.localdate(),
    )
    return render(
        request,
        "financiering/value.html",
        {"municipality": municipality, "communities": communities, "form": form, "value": value},
    )


@login_required
def funding_calculator(request):
    """A planned location (no community needed) and seed 003's welzijn-per-complex example."""
    access.require_calculator(request.user)
    planned = None
    form = PlannedLocationForm(request.GET if "units" in request.GET else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        phase = Phase(data["phase"])
        if data["pilot_light"]:
            if (
                pilot_light_allowed(unit_count=data["units"], phase=Phase.LATER)
                and phase == Phase.LATER
            ):
                phase = Phase.PILOT_LIGHT
            else:
                form.add_error(
                    "pilot_light",
                    _(
                        "De waakvlam kan alleen na jaar 3 en onder de 100 eenheden; deze "
                        "berekening gaat uit van de gekozen fase."
                    ),
                )
        rate = data["rate"] if data["rate"] is not None else selectors.default_rate()
        weeks = data["weeks"] or selectors.default_weeks()
        norms = norms_in_force()
        care_norm = norms.care_norm(
            indicated_hours_per_week=repeat(data["average_hours"], data["supported"])
        )
        planned = {
            "rate": rate,
            "weeks": weeks,
            "lines": [
                coach_line(
                    norm=coach_hours_norm(units=data["units"], phase=phase), rate=rate, weeks=weeks
                ),
                care_line(
                    key="zorg",
                    organisation=_("de zorgorganisaties samen"),
                    clients=data["supported"],
                    indicated_total=data["average_hours"] * data["supported"],
                    norm=care_norm,
                    share_percent=norms.care_share_percent,
                ),
                management_line(units=data["units"], norms=norms, rate=rate, weeks=weeks),
            ],
        }
    elif not form.is_bound:
        form = PlannedLocationForm(
            initial={
                "units": 60,
                "phase": Phase.YEAR_1,
                "supported": 20,
                "average_hours": "6",
                "rate": str(selectors.default_rate()).replace(".", ","),
                "weeks": selectors.default_weeks(),
            }
        )
    welzijn = None
    # A prefix: both forms have a rate and weeks, and each carries the other's values along.
    welzijn_form = WelzijnForm(
        request.GET if "welzijn-complexes" in request.GET else None, prefix="welzijn"
    )
    if welzijn_form.is_bound and welzijn_form.is_valid():
        data = welzijn_form.cleaned_data
        welzijn = WelzijnSum(data["complexes"], data["hours"], data["rate"], data["weeks"])
    elif not welzijn_form.is_bound:
        welzijn_form = WelzijnForm(
            prefix="welzijn",
            initial={
                "complexes": WELZIJN_EXAMPLE["complexes"],
                "hours": str(WELZIJN_EXAMPLE["hours_per_week"]),
                "rate": str(WELZIJN_EXAMPLE["rate"]),
                "weeks": WELZIJN_EXAMPLE["weeks"],
            },
        )
        welzijn = WelzijnSum(
            complexes=WELZIJN_EXAMPLE["complexes"],
            hours_per_week=WELZIJN_EXAMPLE["hours_per_week"],
            rate=WELZIJN_EXAMPLE["rate"],
            weeks=WELZIJN_EXAMPLE["weeks"],
        )
    return render(
        request,
        "financiering/calculator.html",
        {"form": form, "planned": planned, "welzijn_form": welzijn_form, "welzijn": welzijn},
    )
