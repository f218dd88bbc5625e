"""Thin views: fetch through the user's scope (`access`), validate with a form, call a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audit import services as audit
from audit.constants import Action
from communities import access, cards, selectors, services
from communities import home as home_page
from communities.access import Capability as C
from communities.forms import (
    MoveInForm,
    MoveOutForm,
    ResidentForm,
    SupportEndForm,
    SupportRequestDecisionForm,
    SupportStartForm,
    UnitForm,
)
from communities.hours import services as hours
from communities.models import SupportRequest
from communities.navigation import last_location, remember_location
from communities.safety import services as safety
from gemengdwonen.charts import mix_history_chart
from gemengdwonen.forms import run_service


@login_required
def home(request):
    # ?locatie=<slug> switches the quick actions to another location (kept like a visit there);
    # an unknown or foreign slug simply falls back to the first location (no error, no leak).
    chosen = request.GET.get("locatie", "").strip()
    if not (chosen and chosen in {c.slug for c in access.communities_for(request.user)}):
        chosen = None
    context = home_page.home_context(
        user=request.user,
        last_slug=chosen or last_location(request),
        page=request.GET.get("pagina"),
    )
    response = render(request, "communities/home.html", context)
    if chosen:
        remember_location(request, response, chosen)
    return response


@login_required
def community_list(request):
    communities = list(access.communities_for(request.user).select_related("municipality"))
    rows = cards.location_rows(
        user=request.user, communities=communities, today=timezone.localdate()
    )
    return render(request, "communities/community_list.html", {"rows": rows})


@login_required
def community_detail(request, slug):
    community = access.community_for(request.user, slug, C.VIEW_COMMUNITY)
    today = timezone.localdate()
    start, end = selectors.history_window(until=today)
    # One read of stays and support for the history, the occupancy and the participation.
    inputs = selectors.mix_inputs_many(communities=[community], start=start, end=end)
    history = selectors.community_mix_history(
        community=community, until=today, inputs=inputs[community.pk]
    )
    caps = access.capabilities_in(request.user, community)
    occupancy = selectors.occupancy_many(communities=[community], on=today, inputs=inputs)[
        community.pk
    ]
    context = {
        "community": community,
        "caps": caps,
        "aggregate_only": access.is_aggregate_only(request.user, community),
        "mix": history[-1],
        "history": history,
        "history_chart": mix_history_chart(
            history,
            band_pp=community.band_on_course_pp,
            mask_small_counts=access.is_aggregate_only(request.user, community),
        ),
        "phase": selectors.community_phase(community=community, on=today),
        "occupancy": occupancy,
        "partners": community.partners.all(),
        "hours_panel": hours.hours_panel(
            community=community,
            user=request.user,
            today=today,
            units=occupancy.units,
            mix_today=history[-1],
        ),
        "safety_panel": safety.safety_panel(community=community, today=today),
        "activities_panel": cards.activities_panels(
            user=request.user, communities=[community], today=today, compact=False, inputs=inputs
        )[community.pk],
        "outreach_panel": cards.outreach_panels(
            user=request.user, communities=[community], today=today, inputs=inputs
        )[community.pk],
        "signals_panel": cards.signals_panels(
            user=request.user, communities=[community], today=today
        )[community.pk],
    }
    if C.VIEW_UNITS in caps:
        context["vacant_units"] = selectors.vacant_units_many(
            communities=[community], on=today, inputs=inputs
        )[community.pk]
    return render(request, "communities/community_detail.html", context)


@login_required
def unit_list(request, slug):
    community = access.community_for(request.user, slug, C.VIEW_UNITS)
    today = timezone.localdate()
    return render(
        request,
        "communities/unit_list.html",
        {
            "community": community,
            "rows": selectors.unit_rows(community=community, on=today),
            "can_manage": access.has_capability(request.user, community, C.MANAGE_UNITS),
            "can_import": access.has_capability(request.user, community, C.MANAGE_RESIDENTS),
            "can_see_names": access.has_capability(request.user, community, C.VIEW_RESIDENTS),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, slug, pk=None):
    community = access.community_for(request.user, slug, C.MANAGE_UNITS)
    unit = get_object_or_404(community.units, pk=pk) if pk else None
    form = UnitForm(request.POST or None, instance=unit, community=community)
    if request.method == "POST" and form.is_valid():
        unit = form.save()
        messages.success(request, _("Eenheid %(unit)s is opgeslagen.") % {"unit": unit})
        return redirect("unit_list", slug=community.slug)
    return render(
        request,
        "communities/form_page.html",
        {
            "community": community,
            "form": form,
            "title": _("Eenheid bewerken") if unit else _("Nieuwe eenheid"),
            "back_url": "unit_list",
        },
    )


@login_required
def resident_list(request, slug):
    community = access.community_for(request.user, slug, C.VIEW_RESIDENTS)
    include_former = request.GET.get("ook_vertrokken") == "1"
    rows = selectors.resident_rows(
        community=community, on=timezone.localdate(), include_former=include_former
    )
    audit.record_list_read(
        actor=request.user, object_type="resident", count=len(rows), community=community
    )
    return render(
        request,
        "communities/resident_list.html",
        {
            "community": community,
            "rows": rows,
            "include_former": include_former,
            "show_support": access.has_capability(request.user, community, C.VIEW_SUPPORT_STATUS),
            "can_manage": access.has_capability(request.user, community, C.MANAGE_RESIDENTS),
            "support_requests_open": access.support_requests_for(request.user, community).count(),
        },
    )


def _resident(request, slug, pk, capability):
    community = access.community_for(request.user, slug, capability)
    resident = get_object_or_404(access.residents_in(request.user, community), pk=pk)
    return community, resident


@login_required
def resident_detail(request, slug, pk):
    community = access.community_for(request.user, slug, C.VIEW_RESIDENTS)
    resident = selectors.resident_read(community=community, pk=pk, fetched_by=request.user)
    today = timezone.localdate()
    caps = access.capabilities_in(request.user, community)
    own_care = access.care_details_visible_to(request.user).filter(resident=resident)
    context = {
        "community": community,
        "resident": resident,
        "caps": caps,
        "stay": selectors.resident_current_stay(resident=resident),
        "stays": resident.stays.select_related("tenancy__unit").order_by("-start_date"),
        "own_support_periods": own_care.select_related("care_organisation"),
        # Shown whatever support by others: a missing button would tell a begeleider that
        # another organisation supports the resident (issue 9).
        "can_start_support": access.can_manage_support_of(request.user, community)
        and not own_care.active_on(today).exists(),
    }
    if C.VIEW_SUPPORT_STATUS in caps or own_care.exists():
        context["supported"] = selectors.resident_is_supported(resident=resident, on=today)
    return render(request, "communities/resident_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def resident_edit(request, slug, pk=None):
    community = access.community_for(request.user, slug, C.MANAGE_RESIDENTS)
    resident = get_object_or_404(community.residents, pk=pk) if pk else None
    form = ResidentForm(request.POST or None, instance=resident, community=community)
    if request.method == "POST" and form.is_valid():
        resident = form.save()
        audit.record_change(
            request, resident, community=community, action=Action.CHANGE if pk else Action.CREATE
        )
        messages.success(request, _("%(name)s is opgeslagen.") % {"name": resident})
        return redirect("resident_detail", slug=community.slug, pk=resident.pk)
    return render(
        request,
        "communities/form_page.html",
        {
            "community": community,
            "form": form,
            "title": _("Bewoner bewerken") if resident else _("Nieuwe bewoner"),
            "back_url": "resident_list",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def resident_move_in(request, slug, pk):
    community, resident = _resident(request, slug, pk, C.MANAGE_RESIDENTS)
    form = MoveInForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.resident_move_in(
                resident=resident, unit=form.cleaned_data["unit"], on=form.cleaned_data["on"]
            ),
        )
        if done:
            audit.record_change(request, resident, community=community, detail="intrek")
            messages.success(
                request, _("De intrek van %(name)s is vastgelegd.") % {"name": resident}
            )
            return redirect("resident_detail", slug=community.slug, pk=resident.pk)
    return _resident_form(request, community, resident, form, _("Intrek vastleggen"))


@login_required
@require_http_methods(["GET", "POST"])
def resident_move_out(request, slug, pk):
    community, resident = _resident(request, slug, pk, C.MANAGE_RESIDENTS)
    form = MoveOutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.resident_move_out(
                resident=resident, on=form.cleaned_data["on"], reason=form.cleaned_data["reason"]
            ),
        )
        if done:
            audit.record_change(request, resident, community=community, detail="vertrek")
            messages.success(
                request, _("Het vertrek van %(name)s is vastgelegd.") % {"name": resident}
            )
            return redirect("resident_detail", slug=community.slug, pk=resident.pk)
    return _resident_form(request, community, resident, form, _("Vertrek vastleggen"))


@login_required
@require_http_methods(["GET", "POST"])
def support_start(request, slug, pk):
    community, resident = _resident(request, slug, pk, C.MANAGE_SUPPORT)
    if not access.can_manage_support_of(request.user, community):
        raise PermissionDenied
    form = SupportStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.support_begin(
                resident=resident,
                care_organisation=request.user.organisation,
                on=form.cleaned_data["on"],
                hours_per_week=form.cleaned_data["hours_per_week"],
                by=request.user,
            ),
        )
        if done:
            # Who started (or asked to start) support for whom: the user and the resident.
            if isinstance(done.result, SupportRequest):
                audit.record_change(
                    request, resident, community=community, detail="begeleiding aangevraagd"
                )
                # The same answer for everyone who is not yet a client: whether someone else
                # supports the resident is not the begeleider's to learn.
                messages.success(
                    request,
                    _(
                        "Het verzoek om %(name)s te begeleiden is doorgestuurd. De begeleiding "
                        "start zodra de sociaal beheerder of de coördinator van uw organisatie "
                        "het bevestigt."
                    )
                    % {"name": resident},
                )
            else:
                audit.record_change(
                    request, resident, community=community, detail="begeleiding gestart"
                )
                messages.success(
                    request, _("De begeleiding van %(name)s is gestart.") % {"name": resident}
                )
            return redirect("resident_detail", slug=community.slug, pk=resident.pk)
    return _resident_form(request, community, resident, form, _("Begeleiding starten"))


@login_required
@require_GET
def support_requests(request, slug):
    """Open requests to start support, for the sociaal beheerder (all) and a care
    organisation's coordinator (their organisation's)."""
    community = access.community_for(request.user, slug, C.VIEW_RESIDENTS)
    if not access.may_confirm_support(request.user, community):
        raise PermissionDenied
    pending = list(
        access.support_requests_for(request.user, community).select_related(
            "resident", "care_organisation", "requested_by"
        )
    )
    audit.record_list_read(
        actor=request.user, object_type="support_request", count=len(pending), community=community
    )
    return render(
        request,
        "communities/support_requests.html",
        {"community": community, "requests": pending, "form": SupportRequestDecisionForm()},
    )


@login_required
def support_request_decide(request, slug, pk):
    community = access.community_for(request.user, slug, C.VIEW_RESIDENTS)
    if not access.may_confirm_support(request.user, community):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    support_request = get_object_or_404(
        access.support_requests_for(request.user, community).select_related("resident"), pk=pk
    )
    form = SupportRequestDecisionForm(request.POST)
    resident = support_request.resident
    if form.is_valid():
        confirm = form.cleaned_data["decision"] == "bevestigen"
        done = run_service(
            form,
            lambda: (
                services.support_request_confirm(request=support_request, by=request.user)
                if confirm
                else services.support_request_refuse(request=support_request, by=request.user)
            ),
        )
        if done:
            audit.record_change(
                request,
                resident,
                community=community,
                detail="begeleiding bevestigd" if confirm else "begeleiding afgewezen",
            )
            messages.success(
                request,
                (
                    _("De begeleiding van %(name)s is gestart.")
                    if confirm
                    else _("Het verzoek voor %(name)s is afgewezen.")
                )
                % {"name": resident},
            )
            return redirect("support_requests", slug=community.slug)
    for error in form.non_field_errors():
        messages.error(request, error)
    return redirect("support_requests", slug=community.slug)


@login_required
@require_http_methods(["GET", "POST"])
def support_end(request, slug, pk, period_pk):
    community, resident = _resident(request, slug, pk, C.MANAGE_SUPPORT)
    # Only a period of the user's own care organisation can be reached.
    period = get_object_or_404(
        access.care_details_visible_to(request.user).filter(resident=resident), pk=period_pk
    )
    form = SupportEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form, lambda: services.support_end(support_period=period, on=form.cleaned_data["on"])
        )
        if done:
            audit.record_change(request, resident, community=community)  # no detail, as above
            messages.success(
                request, _("De begeleiding van %(name)s is beëindigd.") % {"name": resident}
            )
            return redirect("resident_detail", slug=community.slug, pk=resident.pk)
    return _resident_form(request, community, resident, form, _("Begeleiding beëindigen"))


def _resident_form(request, community, resident, form, title):
    return render(
        request,
        "communities/form_page.html",
        {"community": community, "resident": resident, "form": form, "title": title},
    )
