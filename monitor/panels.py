"""The monitor's block on the community page (through `communities.registry`): the ingredients'
statuses of the latest monthly snapshot and the way to the live scorecard. One query: the
community page stays as cheap as it was."""

from __future__ import annotations

from django.utils import timezone

from communities import access
from communities.access import Capability as C
from monitor.access import aggregate_municipalities, municipality_for
from monitor.constants import STATUS_CSS, Ingredient, Status
from monitor.models import KpiSnapshot
from monitor.municipality import municipality_process


def monitor_tab_visible(user, community) -> bool:
    """The monitor tab inside a location: everyone with the location's overview."""
    return access.has_capability(user, community, C.VIEW_COMMUNITY)


def community_panel(user, community) -> dict | None:
    if community is None or not access.has_capability(user, community, C.VIEW_COMMUNITY):
        return None
    snapshot = KpiSnapshot.objects.filter(community=community).order_by("-month").first()
    rows = []
    if snapshot is not None:
        for ingredient in Ingredient:
            value = snapshot.data.get("statuses", {}).get(ingredient.value, Status.NO_DATA)
            status = Status(value) if value in Status.values else Status.NO_DATA
            rows.append(
                {"label": ingredient.label, "status": status.label, "css": STATUS_CSS[status]}
            )
    return {"community": community, "snapshot": snapshot, "rows": rows}


def imo_metrics_panel(user, community) -> dict | None:
    """On a location's IMO process page, for aggregate viewers (gemeente, stuurgroep): the
    location's row of the municipality's table (calendar years, suppressed together with the
    other locations and the municipality's total), instead of the location's own figures over
    the last 12 months, which the municipality's total minus the other locations would give
    away. None for everyone else: the team sees its own figures."""
    if community is None or not access.is_aggregate_only(user, community):
        return None
    municipality, communities = municipality_for(user, community.municipality_id)
    figures = municipality_process(
        municipality=municipality, communities=communities, today=timezone.localdate()
    )
    return {
        "community": community,
        "p": figures,
        "row": figures.location_row(community),
        "reasons": figures.location_reasons,
    }


def home_panel(user, community=None) -> dict | None:
    """On the start page of gemeente and stuurgroep: the way to the municipality's IMO process
    and prevented evictions. One query after the roles."""
    municipalities = [m for m, _cs in aggregate_municipalities(user)]
    return {"municipalities": municipalities} if municipalities else None
