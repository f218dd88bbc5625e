"""Who may see and do what in governance, built on `communities.access` (the one place access
is decided). Membership of a body is access: a member sees that body's meetings, agendas,
minutes, decisions and action items; the chair and the secretary run it. A non-member sees
nothing of the body, whatever their role elsewhere, with one exception: gemeente and stuurgroep
users of a community (aggregate-only roles) see the titles and counts of its bodies' decisions,
never minutes or free text (DESIGN.md §6).

Views fetch a body through `body_for` (the user's scope), and every meeting, decision or action
item through that body.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from communities import access as community_access
from communities.access import Capability as C
from communities.models import Community, User
from governance.constants import BodyLevel, MemberRole
from governance.models import ActionItem, BodyMember, GovernanceBody


class BodyCapability(StrEnum):
    VIEW = "view_body"  # meetings, agendas, minutes, decisions, action items
    RUN = "run_body"  # plan meetings, agenda, attendance, minutes, decisions, action items


RUNNING_ROLES = frozenset({MemberRole.CHAIR, MemberRole.SECRETARY})


def body_memberships(user: User) -> dict[int, BodyMember]:
    """The user's memberships of bodies (with the body) by body id: read once per request and
    kept on the user object."""
    if not user.is_authenticated:
        return {}
    cache = getattr(user, "_body_members_cache", None)
    if cache is None:
        cache = {m.body_id: m for m in BodyMember.objects.filter(user=user).select_related("body")}
        user._body_members_cache = cache
    return cache


def membership_of(user: User, body: GovernanceBody) -> BodyMember | None:
    return body_memberships(user).get(body.pk)


def body_capabilities(user: User, body: GovernanceBody) -> frozenset[BodyCapability]:
    member = membership_of(user, body)
    if member is None:
        return frozenset()
    if member.role in RUNNING_ROLES:
        return frozenset({BodyCapability.VIEW, BodyCapability.RUN})
    return frozenset({BodyCapability.VIEW})


def bodies_for(user: User) -> QuerySet[GovernanceBody]:
    """The bodies the user is a member of."""
    if not user.is_authenticated:
        return GovernanceBody.objects.none()
    return GovernanceBody.objects.filter(members__user=user).distinct()


def body_for(
    user: User, pk: int, capability: BodyCapability = BodyCapability.VIEW
) -> GovernanceBody:
    """The body, if the user is a member (else 404) with this capability (else 403)."""
    body = bodies_for(user).filter(pk=pk).first()
    if body is None:
        raise Http404
    if capability not in body_capabilities(user, body):
        raise PermissionDenied
    return body


def community_bodies_for(user: User, community: Community) -> QuerySet[GovernanceBody]:
    """The bodies of `community` the user is a member of."""
    return bodies_for(user).filter(communities=community)


def sees_decision_titles(user: User, community: Community) -> bool:
    """Gemeente and stuurgroep users of the community see the titles and counts of every body's
    decisions there, without being members."""
    return community_access.is_aggregate_only(user, community)


def governance_communities_for(user: User) -> QuerySet[Community]:
    """The communities whose governance pages the user may open: those they have a role in, and
    those of the bodies they are a member of (a stuurgroep director may have no role there)."""
    if not user.is_authenticated:
        return Community.objects.none()
    return Community.objects.filter(
        Q(memberships__user=user) | Q(governance_bodies__members__user=user)
    ).distinct()


def sees_governance_overview(user: User, community: Community) -> bool:
    return community_access.has_capability(
        user, community, C.VIEW_COMMUNITY
    ) or member_of_any_body_in(user, community)


def governance_community_for(user: User, slug: str) -> Community:
    """The community's governance page: any member of the community or of one of its bodies
    (the page then shows only the bodies the user belongs to, or decision titles for gemeente
    and stuurgroep)."""
    return community_page_for(user, slug, sees_governance_overview)


def runs_body_in(user: User, community: Community, level: str) -> bool:
    """Whether the user chairs or is secretary of a body of `level` in the community (edits the
    community's governance documents: route, code, akkoord, work plan, checklist, …)."""
    if not user.is_authenticated:
        return False
    return BodyMember.objects.filter(
        user=user, body__level=level, body__communities=community, role__in=RUNNING_ROLES
    ).exists()


def member_of_level_in(user: User, community: Community, levels: tuple[str, ...]) -> bool:
    if not user.is_authenticated:
        return False
    return BodyMember.objects.filter(
        user=user, body__level__in=levels, body__communities=community
    ).exists()


def can_manage_community_governance(user: User, community: Community) -> bool:
    """The kerngroep's chair or secretary keeps the route, the code, the akkoord, the work plan
    and the readiness checklist; a stuurgroep chair or secretary may too."""
    return runs_body_in(user, community, BodyLevel.KERNGROEP) or runs_body_in(
        user, community, BodyLevel.STUURGROEP
    )


def can_update_action(user: User, item: ActionItem) -> bool:
    """The owner of an action item, or whoever runs its body, sets its status."""
    if BodyCapability.RUN in body_capabilities(user, item.body):
        return True
    return item.owner.user_id is not None and item.owner.user_id == user.pk


# --- a community's governance documents --------------------------------------------------------
# Each page is fetched through `community_page_for(user, slug, rule)`: the community through the
# user's scope (404 outside it), then the rule below (403 when it refuses).


def member_of_any_body_in(user: User, community: Community) -> bool:
    """The akkoord, its signed PDF, the work plan and the woonvereniging: members of any body of
    the community."""
    return member_of_level_in(user, community, tuple(BodyLevel.values))


def sees_readiness(user: User, community: Community) -> bool:
    """The start-of-location checklist: kerngroep and stuurgroep members."""
    return member_of_level_in(user, community, (BodyLevel.KERNGROEP, BodyLevel.STUURGROEP))


def sees_monthly_reports(user: User, community: Community) -> bool:
    """The communityteam writes them for the kerngroep: members of both."""
    return member_of_level_in(user, community, (BodyLevel.KERNGROEP, BodyLevel.COMMUNITYTEAM))


def writes_monthly_reports(user: User, community: Community) -> bool:
    return runs_body_in(user, community, BodyLevel.COMMUNITYTEAM)


def sees_welcome_list(user: User, community: Community) -> bool:
    """The IMO's handovers for the welcome committee: members of the woonvereniging's ALV and of
    the communityteam (where the woonvereniging's board sits)."""
    return member_of_level_in(user, community, (BodyLevel.ALV, BodyLevel.COMMUNITYTEAM))


def community_page_for(user: User, slug: str, rule) -> Community:
    community = governance_communities_for(user).filter(slug=slug).first()
    if community is None:
        raise Http404
    if not rule(user, community):
        raise PermissionDenied
    return community
