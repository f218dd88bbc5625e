"""Hours against the norms: thin views over `communities.hours.services`."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from communities import access
from communities.access import Capability as C
from communities.constants import TimeKind
from communities.hours import services as hours
from communities.hours.forms import NormsOverrideForm, TimeEntryFilter, TimeEntryForm
from gemengdwonen.exports import export_response
from gemengdwonen.forms import run_service


@login_required
def hours_overview(request, slug):
    community = access.community_for(request.user, slug, C.VIEW_COMMUNITY)
    today = timezone.localdate()
    return render(
        request,
        "communities/hours/overview.html",
        {
            "community": community,
            "overview": hours.hours_overview(community=community, today=today, viewer=request.user),
            "aggregate_only": access.is_aggregate_only(request.user, community),
            "can_log": access.has_capability(request.user, community, C.LOG_HOURS),
            "can_configure": access.has_capability(
                request.user, community, C.CONFIGURE_COMMUNITY_WORK
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def hours_norms_edit(request, slug):
    community = access.community_for(request.user, slug, C.CONFIGURE_COMMUNITY_WORK)
    initial = {field: getattr(community, field) for field in hours.NORM_FIELDS}
    form = NormsOverrideForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: hours.norms_override_save(
                community=community,
                low=data["coach_hours_override_low"],
                high=data["coach_hours_override_high"],
                care_share_percent=data["care_share_percent"],
                hours_per_fte=data["management_hours_per_fte"],
                reason=data["norms_override_reason"],
                by=request.user,
            ),
        )
        if done:
            messages.success(request, _("De normen van deze locatie zijn opgeslagen."))
            return redirect("hours_overview", slug=community.slug)
    units = community.units.count()
    today = timezone.localdate()
    return render(
        request,
        "communities/hours/norms_form.html",
        {
            "community": community,
            "form": form,
            "units": units,
            "model_coach_norm": hours.model_coach_norm(
                community=community, units=units, today=today
            ),
        },
    )


def _week_param(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def hours_log(request, slug):
    community = access.community_for(request.user, slug, C.LOG_HOURS)
    kind = hours.time_kind_for(user=request.user, community=community)
    today = timezone.localdate()
    initial = {"week_of": today}
    week = _week_param(request.GET.get("week"))
    if week is not None:
        initial["week_of"] = week
        existing = community.time_entries.filter(
            user=request.user, kind=kind, week_start=hours.week_start(week)
        ).first()
        if existing is not None:
            initial.update(hours=existing.hours, note=existing.note)
    form = TimeEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        result = {}

        def save():
            result["entry"], result["created"] = hours.time_entry_record(
                community=community,
                user=request.user,
                week_of=form.cleaned_data["week_of"],
                hours=form.cleaned_data["hours"],
                note=form.cleaned_data["note"],
            )

        if run_service(form, save):
            entry = result["entry"]
            text = (
                _("%(hours)s uur voor de week van %(week)s opgeslagen.")
                if result["created"]
                else _("De uren voor de week van %(week)s zijn aangepast naar %(hours)s uur.")
            )
            messages.success(
                request,
                text % {"hours": entry.hours, "week": entry.week_start.strftime("%d-%m-%Y")},
            )
            return redirect("hours_log", slug=community.slug)
    return render(
        request,
        "communities/hours/log.html",
        {
            "community": community,
            "form": form,
            "kind": TimeKind(kind),
            "own_entries": hours.own_time_entries(community=community, user=request.user),
        },
    )


def _filtered_entries(request, community):
    return TimeEntryFilter(
        request.GET or None,
        queryset=hours.time_entries(community=community),
        community=community,
    )


@login_required
def hours_entries(request, slug):
    # Entries carry names: team roles (those who log hours) only, never aggregate viewers.
    community = access.community_for(request.user, slug, C.LOG_HOURS)
    entries = _filtered_entries(request, community)
    page = Paginator(entries.qs, 50).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "communities/hours/entries.html",
        {
            "community": community,
            "filter": entries,
            "page": page,
            "query": query.urlencode(),
        },
    )


@login_required
def hours_export(request, slug):
    community = access.community_for(request.user, slug, C.LOG_HOURS)
    fmt = request.GET.get("formaat", "csv")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    entries = _filtered_entries(request, community)
    rows = [
        {
            _("Week van"): entry.week_start,
            _("Soort uren"): entry.get_kind_display(),
            _("Wie"): str(entry.user),
            _("Organisatie"): str(entry.user.organisation or ""),
            _("Uren"): entry.hours,
            _("Notitie"): entry.note,
        }
        for entry in entries.qs
    ]
    headers = [_("Week van"), _("Soort uren"), _("Wie"), _("Organisatie"), _("Uren"), _("Notitie")]
    return export_response(rows=rows, filename=f"uren-{community.slug}", fmt=fmt, headers=headers)
