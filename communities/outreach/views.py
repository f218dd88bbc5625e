"""Outreach and ABCD pages: who have we not reached lately, recording a contact, the attention
list, talents and needs, assets in the neighbourhood. Thin views: scope through `access`, shape
through a form, rules in `communities.outreach.services`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from communities import access
from communities.access import Capability as C
from communities.constants import TalentKind
from communities.outreach import services as outreach
from communities.outreach.forms import (
    ApproachPreferenceForm,
    AssetForm,
    ContactForm,
    TalentForm,
    TalentSearchForm,
    WeeksForm,
)
from gemengdwonen.forms import run_service


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _resident(community, pk):
    # Through the community: a resident of another community is a 404.
    return get_object_or_404(community.residents, pk=pk)


@login_required
def outreach_not_reached(request, slug):
    community = access.community_for(request.user, slug, C.VIEW_OUTREACH)
    today = timezone.localdate()
    form = WeeksForm(request.GET or None)
    weeks = community.outreach_after_weeks
    if form.is_bound and form.is_valid() and form.cleaned_data["weken"]:
        weeks = form.cleaned_data["weken"]
    rows = outreach.not_reached(community=community, on=today, weeks=weeks)
    caps = access.capabilities_in(request.user, community)
    return render(
        request,
        "communities/outreach/not_reached.html",
        {
            "community": community,
            "form": form,
            "weeks": weeks,
            "rows": rows,
            "today": today,
            "can_record": C.RECORD_CONTACTS in caps,
            "contact_kinds": ContactForm.base_fields["kind"].choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request, slug):
    community = access.community_for(request.user, slug, C.RECORD_CONTACTS)
    today = timezone.localdate()
    initial = {}
    if request.GET.get("bewoner", "").isdigit():
        initial["resident"] = int(request.GET["bewoner"])
    form = ContactForm(request.POST or None, initial=initial, community=community, on=today)
    back = _safe_next(request, reverse("outreach_not_reached", args=[community.slug]))
    if request.method == "POST" and form.is_valid():
        resident = form.cleaned_data["resident"]
        done = run_service(
            form,
            lambda: outreach.contact_record(
                community=community,
                resident=resident,
                kind=form.cleaned_data["kind"],
                contacted_on=form.cleaned_data["contacted_on"],
                note=form.cleaned_data["note"],
                by=request.user,
                today=today,
            ),
        )
        if done:
            messages.success(
                request, _("Het contact met %(name)s is vastgelegd.") % {"name": resident}
            )
            return redirect(back)
    return render(
        request,
        "communities/outreach/contact_form.html",
        {"community": community, "form": form, "back": back},
    )


@login_required
def resident_outreach(request, slug, pk):
    community = access.community_for(request.user, slug, C.VIEW_OUTREACH)
    resident = _resident(community, pk)
    today = timezone.localdate()
    caps = access.capabilities_in(request.user, community)
    return render(
        request,
        "communities/outreach/resident.html",
        {
            "community": community,
            "resident": resident,
            "caps": caps,
            "last_reached": outreach.last_reached(community=community, on=today).get(resident.pk),
            "contacts": outreach.contacts_of(resident=resident, fetched_by=request.user),
            "stay": outreach.current_stays(community=community, on=today)
            .filter(resident=resident)
            .first(),
            "talents": outreach.talents_of(resident=resident, fetched_by=request.user)
            if C.VIEW_TALENTS in caps
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def approach_preference_edit(request, slug, pk):
    community = access.community_for(request.user, slug, C.RECORD_CONTACTS)
    resident = _resident(community, pk)
    form = ApproachPreferenceForm(
        request.POST or None, initial={"approach_preference": resident.approach_preference}
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: outreach.approach_preference_set(
                resident=resident,
                preference=form.cleaned_data["approach_preference"],
                by=request.user,
            ),
        )
        if done:
            messages.success(
                request, _("De voorkeur van %(name)s is opgeslagen.") % {"name": resident}
            )
            return redirect("resident_outreach", slug=community.slug, pk=resident.pk)
    return render(
        request,
        "communities/outreach/form_page.html",
        {
            "community": community,
            "resident": resident,
            "form": form,
            "title": _("Hoe benaderen"),
            "cancel_url": reverse("resident_outreach", args=[community.slug, resident.pk]),
        },
    )


@login_required
def attention_list(request, slug):
    community = access.community_for(request.user, slug, C.VIEW_OUTREACH)
    today = timezone.localdate()
    return render(
        request,
        "communities/outreach/attention.html",
        {
            "community": community,
            "items": outreach.attention_for(user=request.user, community=community, today=today),
            "today": today,
        },
    )


# --- Talents and needs ---------------------------------------------------------------------------


@login_required
def talent_search(request, slug):
    community = access.community_for(request.user, slug, C.VIEW_TALENTS)
    today = timezone.localdate()
    form = TalentSearchForm(request.GET or None)
    matches = None
    query, kind = "", TalentKind.OFFER
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        kind = form.cleaned_data["soort"] or TalentKind.OFFER
        if query.strip():
            matches = outreach.talent_search(community=community, query=query, kind=kind, on=today)
    return render(
        request,
        "communities/outreach/talent_search.html",
        {
            "community": community,
            "form": form,
            "matches": matches,
            "query": query,
            "kind": kind,
            "kind_label": TalentKind(kind).label,
            "suggestions": outreach.tag_suggestions(community=community),
            "can_see_outreach": access.has_capability(request.user, community, C.VIEW_OUTREACH),
        },
    )


@login_required
def resident_talents(request, slug, pk):
    community = access.community_for(request.user, slug, C.VIEW_TALENTS)
    resident = _resident(community, pk)
    return render(
        request,
        "communities/outreach/resident_talents.html",
        {
            "community": community,
            "resident": resident,
            "talents": outreach.talents_of(resident=resident, fetched_by=request.user),
            "can_manage": access.has_capability(request.user, community, C.MANAGE_TALENTS),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def talent_create(request, slug, pk):
    community = access.community_for(request.user, slug, C.MANAGE_TALENTS)
    resident = _resident(community, pk)
    initial = {"kind": request.GET.get("soort")} if request.GET.get("soort") else None
    form = TalentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: outreach.talent_add(
                community=community,
                resident=resident,
                kind=form.cleaned_data["kind"],
                tag_name=form.cleaned_data["tag"],
                note=form.cleaned_data["note"],
                by=request.user,
            ),
        )
        if done:
            messages.success(request, _("Opgeslagen."))
            if "nog_een" in request.POST:
                return redirect(request.path)
            return redirect("resident_talents", slug=community.slug, pk=resident.pk)
    return render(
        request,
        "communities/outreach/talent_form.html",
        {
            "community": community,
            "resident": resident,
            "form": form,
            "suggestions": outreach.tag_suggestions(community=community),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def talent_delete(request, slug, pk, talent_pk):
    community = access.community_for(request.user, slug, C.MANAGE_TALENTS)
    resident = _resident(community, pk)
    talent = get_object_or_404(resident.talents.select_related("tag"), pk=talent_pk)
    if request.method == "POST":
        outreach.talent_remove(talent=talent, by=request.user)
        messages.success(request, _("“%(tag)s” is verwijderd.") % {"tag": talent.tag.name})
        return redirect("resident_talents", slug=community.slug, pk=resident.pk)
    return render(
        request,
        "communities/outreach/confirm_delete.html",
        {
            "community": community,
            "resident": resident,
            "title": _("Verwijderen"),
            "what": f"{talent.get_kind_display()}: {talent.tag.name}",
            "cancel_url": reverse("resident_talents", args=[community.slug, resident.pk]),
        },
    )


# --- Assets in the neighbourhood -----------------------------------------------------------------


@login_required
def asset_list(request, slug):
    community = access.community_for(request.user, slug, C.VIEW_COMMUNITY)
    return render(
        request,
        "communities/outreach/assets.html",
        {
            "community": community,
            "assets": community.assets.order_by("kind", "name"),
            "can_manage": access.has_capability(
                request.user, community, C.CONFIGURE_COMMUNITY_WORK
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def asset_edit(request, slug, pk=None):
    community = access.community_for(request.user, slug, C.CONFIGURE_COMMUNITY_WORK)
    asset = get_object_or_404(community.assets, pk=pk) if pk else None
    form = AssetForm(request.POST or None, instance=asset)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: outreach.asset_save(
                community=community,
                asset=asset,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                address=form.cleaned_data["address"],
                note=form.cleaned_data["note"],
            ),
        )
        if done:
            messages.success(request, _("De plek is opgeslagen."))
            return redirect("asset_list", slug=community.slug)
    return render(
        request,
        "communities/outreach/form_page.html",
        {
            "community": community,
            "form": form,
            "title": _("Plek in de buurt bewerken") if asset else _("Nieuwe plek in de buurt"),
            "cancel_url": reverse("asset_list", args=[community.slug]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def asset_delete(request, slug, pk):
    community = access.community_for(request.user, slug, C.CONFIGURE_COMMUNITY_WORK)
    asset = get_object_or_404(community.assets, pk=pk)
    if request.method == "POST":
        outreach.asset_delete(asset=asset)
        messages.success(request, _("“%(name)s” is verwijderd.") % {"name": asset.name})
        return redirect("asset_list", slug=community.slug)
    return render(
        request,
        "communities/outreach/confirm_delete.html",
        {
            "community": community,
            "title": _("Plek verwijderen"),
            "what": asset.name,
            "cancel_url": reverse("asset_list", args=[community.slug]),
        },
    )
