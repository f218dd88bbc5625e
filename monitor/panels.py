"""The monitor's block on the community page (through `communities.registry`): the ingredients'
statuses of the latest monthly snapshot and the way to the live scorecard. One query: the
community page stays as cheap as it was."""

from __future__ import annotations

from communities import access
from communities.access import Capability as C
from monitor.constants import STATUS_CSS, Ingredient, Status
from monitor.models import KpiSnapshot


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
