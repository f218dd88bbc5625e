"""Safety and who-to-call: thin views over `communities.safety.services`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit import services as audit
from communities import access
from communities.access import Capability as C
from communities.safety import services as safety
from communities.safety.forms import (
    ContactCardEntryForm,
    EvacuationAssistanceForm,
    EvacuationPlanForm,
    FireDrillForm,
)
from gemengdwonen.forms import run_service


@login_required
def safety_overview(request, slug):
    """The evacuation plan and the drill register: for everyone in the community."""
    community = access.community_for(request.user, slug, C.VIEW_COMMUNITY)
    caps = access.capabilities_in(request.user, community)
    return render(
        request,
        "communities/safety/overview.html",
        {
            "community": community,
            "drill": safety.fire_drill_status(community=community, today=timezone.localdate()),
            "drills": safety.fire_drills(community=community),
            "can_manage": C.MANAGE_SAFETY in caps,
            # A drill report is free text that may name people: team roles only.
            "show_notes": C.VIEW_RESIDENTS in caps,
            "can_see_assistance": C.MANAGE_EVACUATION_ASSISTANCE in caps,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def safety_assistance(request, slug):
    """Who needs help to evacuate: the locatiebeheerder's list for the emergency services,
    printable; nobody else sees it (issue 9)."""
    community = access.community_for(request.user, slug, C.MANAGE_EVACUATION_ASSISTANCE)
    form = EvacuationAssistanceForm(
        request.POST or None,
        initial={"evacuation_assistance": community.evacuation_assistance},
    )
    if request.method == "POST" and form.is_valid():
        if run_service(
            form,
            lambda: safety.evacuation_assistance_update(community=community, **form.cleaned_data),
        ):
            audit.record_change(
                request, community, community=community, detail="hulp bij ontruiming"
            )
            messages.success(request, _("De lijst is opgeslagen."))
            return redirect("safety_assistance", slug=community.slug)
    else:
        audit.record_view(request, community, community=community)
    return render(
        request,
        "communities/safety/assistance.html",
        {"community": community, "form": form},
    )


@login_required
def safety_contact_card(request, slug):
    """Who do I call? For everyone in the community, residents' delegation included."""
    community = access.community_for(request.user, slug, C.VIEW_COMMUNITY)
    return contact_card_page(request, community)


def contact_card_page(request, community):
    """The one "Acuut: wie bel ik?" page (also at signals' acute URL): 112 and the police first,
    then the location's contact card, then recording a signal for who may."""
    return render(
        request,
        "communities/safety/contact_card.html",
        {
            "community": community,
            "entries": safety.contact_card(community=community),
            "can_manage": access.has_capability(request.user, community, C.MANAGE_SAFETY),
            "can_signal": access.has_capability(request.user, community, C.MANAGE_SIGNALS),
        },
    )


def _form_page(request, community, form, title, back_url):
    return render(
        request,
        "communities/safety/form.html",
        {"community": community, "form": form, "title": title, "back_url": back_url},
    )


@login_required
@require_http_methods(["GET", "POST"])
def safety_plan_edit(request, slug):
    community = access.community_for(request.user, slug, C.MANAGE_SAFETY)
    form = EvacuationPlanForm(
        request.POST or None,
        initial={
            "evacuation_plan": community.evacuation_plan,
            "fire_drill_interval_months": community.fire_drill_interval_months,
        },
    )
    if request.method == "POST" and form.is_valid():
        if run_service(
            form, lambda: safety.evacuation_plan_update(community=community, **form.cleaned_data)
        ):
            messages.success(request, _("Het vluchtplan is opgeslagen."))
            return redirect("safety_overview", slug=community.slug)
    return _form_page(request, community, form, _("Vluchtplan bewerken"), "safety_overview")


@login_required
@require_http_methods(["GET", "POST"])
def safety_drill_edit(request, slug, pk=None):
    community = access.community_for(request.user, slug, C.MANAGE_SAFETY)
    drill = get_object_or_404(community.fire_drills, pk=pk) if pk else None
    initial = {"held_on": drill.held_on, "note": drill.note} if drill else None
    form = FireDrillForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save():
            if drill is None:
                return safety.fire_drill_record(
                    community=community, held_on=data["held_on"], note=data["note"], by=request.user
                )
            return safety.fire_drill_update(drill=drill, held_on=data["held_on"], note=data["note"])

        if run_service(form, save):
            messages.success(request, _("De ontruimingsoefening is vastgelegd."))
            return redirect("safety_overview", slug=community.slug)
    title = _("Oefening bewerken") if drill else _("Ontruimingsoefening vastleggen")
    return _form_page(request, community, form, title, "safety_overview")


@login_required
@require_http_methods(["GET", "POST"])
def safety_drill_delete(request, slug, pk):
    community = access.community_for(request.user, slug, C.MANAGE_SAFETY)
    drill = get_object_or_404(community.fire_drills, pk=pk)
    if request.method == "POST":
        safety.fire_drill_delete(drill=drill)
        messages.success(request, _("De oefening is verwijderd."))
        return redirect("safety_overview", slug=community.slug)
    return render(
        request,
        "communities/safety/confirm_delete.html",
        {
            "community": community,
            "title": _("Oefening verwijderen"),
            "what": _("de oefening van %(date)s") % {"date": drill.held_on.strftime("%d-%m-%Y")},
            "back_url": "safety_overview",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def safety_contact_edit(request, slug, pk=None):
    community = access.community_for(request.user, slug, C.MANAGE_SAFETY)
    entry = get_object_or_404(community.contact_card, pk=pk) if pk else None
    initial = None
    if entry is not None:
        initial = {
            field: getattr(entry, field)
            for field in ("topic", "name", "phone", "email", "hours", "outside_office_hours")
        } | {"order": entry.order}
    form = ContactCardEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if run_service(
            form,
            lambda: safety.contact_card_entry_save(
                community=community, entry=entry, **form.cleaned_data
            ),
        ):
            messages.success(request, _("De contactkaart is bijgewerkt."))
            return redirect("safety_contact_card", slug=community.slug)
    title = _("Regel van de contactkaart bewerken") if entry else _("Regel toevoegen")
    return _form_page(request, community, form, title, "safety_contact_card")


@login_required
@require_http_methods(["GET", "POST"])
def safety_contact_delete(request, slug, pk):
    community = access.community_for(request.user, slug, C.MANAGE_SAFETY)
    entry = get_object_or_404(community.contact_card, pk=pk)
    if request.method == "POST":
        safety.contact_card_entry_delete(entry=entry)
        messages.success(request, _("De regel is van de contactkaart gehaald."))
        return redirect("safety_contact_card", slug=community.slug)
    return render(
        request,
        "communities/safety/confirm_delete.html",
        {
            "community": community,
            "title": _("Regel verwijderen"),
            "what": f"{entry.get_topic_display()}: {entry.name}",
            "back_url": "safety_contact_card",
        },
    )
