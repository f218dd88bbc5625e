"""Who may do what, in one place.

A user's rights in a community come from their role there (Membership). Later sources of rights
(membership of a governance body) plug into `capabilities_in` without touching the views.
Views never fetch an object by id and check afterwards: they get the community through
`community_for` and every object through that community.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from communities.constants import Role
from communities.models import Community, Membership, Resident, SupportPeriod, User


class Capability(StrEnum):
    VIEW_COMMUNITY = "view_community"  # the aggregate overview: mix overall, phase, occupancy
    VIEW_SECTION_MIX = "view_section_mix"  # figures per section can point at people
    VIEW_UNITS = "view_units"
    VIEW_RESIDENTS = "view_residents"  # names, units, moves
    VIEW_SUPPORT_STATUS = "view_support_status"  # begeleid yes/no per resident
    MANAGE_UNITS = "manage_units"
    MANAGE_RESIDENTS = "manage_residents"  # residents, moves in and out, imports
    MANAGE_SUPPORT = "manage_support"  # start/end support of the user's own care organisation


C = Capability
_TEAM = {C.VIEW_COMMUNITY, C.VIEW_SECTION_MIX, C.VIEW_UNITS, C.VIEW_RESIDENTS}

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.COMMUNITYCOACH: frozenset(_TEAM | {C.VIEW_SUPPORT_STATUS}),
    Role.SOCIAAL_BEHEERDER: frozenset(
        _TEAM | {C.VIEW_SUPPORT_STATUS, C.MANAGE_UNITS, C.MANAGE_RESIDENTS}
    ),
    Role.LOCATIEBEHEERDER: frozenset(_TEAM | {C.MANAGE_UNITS}),
    Role.BEGELEIDER: frozenset(_TEAM | {C.MANAGE_SUPPORT}),
    Role.BEWONERSAFVAARDIGING: frozenset({C.VIEW_COMMUNITY, C.VIEW_SECTION_MIX}),
    Role.WELZIJN: frozenset({C.VIEW_COMMUNITY}),
    Role.GEMEENTE: frozenset({C.VIEW_COMMUNITY}),
    Role.STUURGROEP: frozenset({C.VIEW_COMMUNITY}),
}

# Roles that see aggregates only: no names, no per-section figures, small counts masked.
AGGREGATE_ONLY_ROLES = frozenset({Role.GEMEENTE, Role.STUURGROEP})


def role_in(user: User, community: Community) -> str | None:
    if not user.is_authenticated:
        return None
    cache = getattr(user, "_roles_cache", None)
    if cache is None:
        cache = dict(Membership.objects.filter(user=user).values_list("community_id", "role"))
        user._roles_cache = cache
    return cache.get(community.pk)


def capabilities_in(user: User, community: Community) -> frozenset[Capability]:
    role = role_in(user, community)
    return ROLE_CAPABILITIES.get(role, frozenset()) if role else frozenset()


def has_capability(user: User, community: Community, capability: Capability) -> bool:
    return capability in capabilities_in(user, community)


def is_aggregate_only(user: User, community: Community) -> bool:
    return role_in(user, community) in AGGREGATE_ONLY_ROLES


def communities_for(user: User) -> QuerySet[Community]:
    if not user.is_authenticated:
        return Community.objects.none()
    return Community.objects.filter(memberships__user=user).distinct()


def community_for(user: User, slug: str, capability: Capability) -> Community:
    """The community, if the user is a member (else 404) with this capability (else 403)."""
    community = communities_for(user).filter(slug=slug).first()
    if community is None:
        raise Http404
    if not has_capability(user, community, capability):
        raise PermissionDenied
    return community


def residents_in(user: User, community: Community) -> QuerySet[Resident]:
    if not has_capability(user, community, C.VIEW_RESIDENTS):
        raise PermissionDenied
    return community.residents.all()


def care_details_visible_to(user: User) -> QuerySet[SupportPeriod]:
    """Support periods whose care details (organisation, hours, dates) the user may see: only
    those of the user's own care organisation."""
    if not user.is_authenticated or user.organisation_id is None:
        return SupportPeriod.objects.none()
    return SupportPeriod.objects.filter(care_organisation_id=user.organisation_id)


def can_manage_support_of(user: User, community: Community) -> bool:
    return has_capability(user, community, C.MANAGE_SUPPORT) and user.organisation_id is not None
