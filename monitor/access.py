"""Who sees what of the monitor, built on `communities.access` (the one place where access is
decided): one decision object per viewer and community, passed to pages and exports alike.

- Everyone with the community overview (VIEW_COMMUNITY) sees the scorecard, its trends and the
  survey's averages; gemeente and stuurgroep as aggregates (1–4 as "< 5", no per-section
  figures), like everywhere else.
- The communitycoach and the sociaal beheerder set the monitor's norms (with a reason) and run
  the survey: create it, hand out links.
- The survey's open answers are for the communityteam only (coach, beheerders, begeleiders).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from communities import access
from communities.access import Capability as C
from communities.constants import Role
from communities.models import Community, User

MANAGERS = frozenset({Role.COMMUNITYCOACH, Role.SOCIAAL_BEHEERDER})
TEAM = frozenset(
    {Role.COMMUNITYCOACH, Role.SOCIAAL_BEHEERDER, Role.LOCATIEBEHEERDER, Role.BEGELEIDER}
)


@dataclass(frozen=True)
class MonitorViewer:
    community: Community
    role: str | None
    masked: bool  # aggregates only
    show_sections: bool
    can_manage: bool
    sees_open_answers: bool


def monitor_viewer(user: User, community: Community) -> MonitorViewer:
    role = access.role_in(user, community)
    caps = access.capabilities_in(user, community)
    return MonitorViewer(
        community=community,
        role=role,
        masked=access.is_aggregate_only(user, community),
        show_sections=C.VIEW_SECTION_MIX in caps,
        can_manage=role in MANAGERS,
        sees_open_answers=role in TEAM,
    )


def community_viewer(user: User, slug: str, *, manage: bool = False) -> MonitorViewer:
    """The community through the user's scope (404 outside it, 403 without the overview) and the
    viewer's rights; with `manage`, 403 unless the viewer may manage the monitor."""
    community = access.community_for(user, slug, C.VIEW_COMMUNITY)
    viewer = monitor_viewer(user, community)
    if manage and not viewer.can_manage:
        raise PermissionDenied
    return viewer


def dashboard_communities(user: User) -> list[Community]:
    """The communities whose scorecard the user sees on the dashboard, by name, with their
    municipality and corporation (the read of the user's roles that `monitor_viewer` uses)."""
    return [
        community
        for community in access.member_communities(user)
        if access.has_capability(user, community, C.VIEW_COMMUNITY)
    ]


def municipality_for(user: User, municipality_id: int) -> tuple[object, list[Community]]:
    """The municipality and the user's locations in it where the user sees aggregates only
    (gemeente, stuurgroep): the municipality's process view adds those up. 404 when the user is
    a member of none of its locations, 403 when of some but in another role: the team sees its
    own location's figures, unaggregated, on the location's pages."""
    member_of = [
        c
        for c in access.communities_for(user).select_related("municipality").order_by("name")
        if c.municipality_id == municipality_id
    ]
    if not member_of:
        raise Http404
    visible = [c for c in member_of if access.is_aggregate_only(user, c)]
    if not visible:
        raise PermissionDenied
    return visible[0].municipality, visible


def aggregate_municipalities(user: User) -> list[tuple[object, list[Community]]]:
    """The municipalities (with the user's locations in each) whose process view the user gets:
    for the links on the dashboard and the start page. No query after the roles."""
    found: dict[int, tuple[object, list[Community]]] = {}
    for c in access.member_communities(user):
        if access.is_aggregate_only(user, c):
            found.setdefault(c.municipality_id, (c.municipality, []))[1].append(c)
    return sorted(found.values(), key=lambda pair: pair[0].name)
