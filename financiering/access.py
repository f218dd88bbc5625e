"""Who may see and change funding, built on `communities.access` (the one place).

Decisions (until governance records the kerngroep, issue 12):
- Edit: the sociaal beheerder of the community. The corporation's sociaal beheerder keeps the
  location's records and sits in the kerngroep for the corporation; the other partners'
  representatives (gemeente, care organisations) are not yet known to the platform as kerngroep
  members. A begeleider is not given edit rights: every begeleider of every care organisation
  would then change the whole location's agreements. When governance lands, the partners'
  representatives in the community's kerngroep edit too (`kerngroep_editor`).
- Read: gemeente and stuurgroep (figures without personal data).
- Everyone else in the community: nothing (403); not a member: 404.
- The functioneel beheerder (staff) manages agreements in the Django admin, like organisations
  and users (DESIGN.md §1); staff accounts are members of no community.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404

from communities import access
from communities.constants import Role
from communities.models import Community, User
from financiering import governance_link


class FundingCapability(StrEnum):
    VIEW_FUNDING = "view_funding"
    EDIT_FUNDING = "edit_funding"


F = FundingCapability

ROLE_FUNDING_CAPABILITIES: dict[str, frozenset[FundingCapability]] = {
    Role.SOCIAAL_BEHEERDER: frozenset({F.VIEW_FUNDING, F.EDIT_FUNDING}),
    Role.GEMEENTE: frozenset({F.VIEW_FUNDING}),
    Role.STUURGROEP: frozenset({F.VIEW_FUNDING}),
}


def funding_capabilities(user: User, community: Community) -> frozenset[FundingCapability]:
    role = access.role_in(user, community)
    if role is None:
        return frozenset()
    caps = set(ROLE_FUNDING_CAPABILITIES.get(role, frozenset()))
    if governance_link.kerngroep_partner_representative(user=user, community=community):
        caps |= {F.VIEW_FUNDING, F.EDIT_FUNDING}
    return frozenset(caps)


def can(user: User, community: Community, capability: FundingCapability) -> bool:
    # The role decides first: only when it does not give the right is the kerngroep asked.
    role = access.role_in(user, community)
    if role is not None and capability in ROLE_FUNDING_CAPABILITIES.get(role, frozenset()):
        return True
    return capability in funding_capabilities(user, community)


def is_aggregate_only(user: User, community: Community) -> bool:
    return access.is_aggregate_only(user, community)


def community_for(user: User, slug: str, capability: FundingCapability) -> Community:
    """The community, if the user is a member (else 404) with this capability (else 403)."""
    community = (
        access.communities_for(user)
        .filter(slug=slug)
        .select_related("municipality", "corporation")
        .first()
    )
    if community is None:
        raise Http404
    if not can(user, community, capability):
        raise PermissionDenied
    return community


def funding_communities(user: User) -> list[Community]:
    """The communities whose funding the user may see."""
    return [
        community
        for community in access.member_communities(user)
        if can(user, community, F.VIEW_FUNDING)
    ]


def municipality_for(user: User, municipality_id: int) -> tuple[object, list[Community]]:
    """The municipality and the user's communities in it whose funding the user may see: 404
    when the user is a member of none of them, 403 when of some but without the right."""
    member_of = [
        c
        for c in access.communities_for(user).select_related("municipality")
        if c.municipality_id == municipality_id
    ]
    if not member_of:
        raise Http404
    visible = [c for c in member_of if can(user, c, F.VIEW_FUNDING)]
    if not visible:
        raise PermissionDenied
    return visible[0].municipality, visible


def can_use_calculator(user: User) -> bool:
    """The standalone calculator holds no data: anyone who sees funding somewhere may use it."""
    return bool(funding_communities(user))


def require_calculator(user: User) -> None:
    if not can_use_calculator(user):
        raise PermissionDenied


def masked_for(user: User, communities: list[Community]) -> bool:
    """Small counts are masked when the viewer is aggregate-only in any of the communities."""
    return any(access.is_aggregate_only(user, c) for c in communities)
