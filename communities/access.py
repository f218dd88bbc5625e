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

from communities.constants import Role, SupportRequestStatus
from communities.models import (
    Community,
    Membership,
    Resident,
    SupportPeriod,
    SupportRequest,
    User,
)


class Capability(StrEnum):
    VIEW_COMMUNITY = "view_community"  # the aggregate overview: mix overall, phase, occupancy
    VIEW_SECTION_MIX = "view_section_mix"  # figures per section can point at people
    VIEW_UNITS = "view_units"
    VIEW_RESIDENTS = "view_residents"  # names, units, moves
    VIEW_SUPPORT_STATUS = "view_support_status"  # begeleid yes/no per resident
    MANAGE_UNITS = "manage_units"
    MANAGE_RESIDENTS = "manage_residents"  # residents, moves in and out, imports
    MANAGE_SUPPORT = "manage_support"  # start/end support of the user's own care organisation
    # IMO (app `imo`). Care details of candidates are not a capability of a role alone: see
    # `imo.access.ImoViewer.sees_care`.
    VIEW_IMO = "view_imo"  # meetings, agenda, candidates' motivation and supported yes/no
    RUN_IMO = "run_imo"  # vacancies, candidates, meetings, attendance, minutes, advice
    DECIDE_ALLOCATION = "decide_allocation"  # the service also checks the corporation
    VIEW_IMO_METRICS = "view_imo_metrics"  # process figures, no candidates
    # Community work. Aggregates (participation share, signal counts, hours against the norms)
    # are part of VIEW_COMMUNITY, masked for aggregate-only roles.
    VIEW_ACTIVITIES = "view_activities"  # activity lists with participants' names
    LOG_ACTIVITIES = "log_activities"
    RECORD_CONTACTS = "record_contacts"
    VIEW_OUTREACH = "view_outreach"  # not reached lately, attention list: team only
    VIEW_TALENTS = "view_talents"
    MANAGE_TALENTS = "manage_talents"
    VIEW_SIGNALS = "view_signals"  # details; a begeleider only about own clients
    MANAGE_SIGNALS = "manage_signals"
    LOG_HOURS = "log_hours"
    MANAGE_SAFETY = "manage_safety"  # drills, evacuation plan, contact card
    # Who needs help to evacuate (names and mobility): the locatiebeheerder only, who hands it
    # to the emergency services.
    MANAGE_EVACUATION_ASSISTANCE = "manage_evacuation_assistance"
    CONFIGURE_COMMUNITY_WORK = "configure_community_work"  # activity kinds, ladder, assets


C = Capability
_TEAM = {C.VIEW_COMMUNITY, C.VIEW_SECTION_MIX, C.VIEW_UNITS, C.VIEW_RESIDENTS}

_IMO_MEMBER = {C.VIEW_IMO, C.VIEW_IMO_METRICS}

# Community work per role (DESIGN.md §1 and §6; issue 4).
_COMMUNITY_WORK: dict[str, set[Capability]] = {
    Role.COMMUNITYCOACH: {
        C.VIEW_ACTIVITIES, C.LOG_ACTIVITIES, C.RECORD_CONTACTS, C.VIEW_OUTREACH,
        C.VIEW_TALENTS, C.MANAGE_TALENTS, C.VIEW_SIGNALS, C.MANAGE_SIGNALS, C.LOG_HOURS,
        C.CONFIGURE_COMMUNITY_WORK,
    },
    Role.SOCIAAL_BEHEERDER: {
        C.VIEW_ACTIVITIES, C.LOG_ACTIVITIES, C.RECORD_CONTACTS, C.VIEW_OUTREACH,
        C.VIEW_TALENTS, C.VIEW_SIGNALS, C.MANAGE_SIGNALS, C.LOG_HOURS, C.MANAGE_SAFETY,
        C.CONFIGURE_COMMUNITY_WORK,
    },
    Role.LOCATIEBEHEERDER: {
        C.RECORD_CONTACTS, C.VIEW_OUTREACH, C.VIEW_SIGNALS, C.MANAGE_SIGNALS, C.LOG_HOURS,
        C.MANAGE_SAFETY, C.MANAGE_EVACUATION_ASSISTANCE,
    },
    Role.BEGELEIDER: {
        C.VIEW_ACTIVITIES, C.RECORD_CONTACTS, C.VIEW_OUTREACH, C.VIEW_TALENTS, C.VIEW_SIGNALS,
        C.LOG_HOURS,
    },
    Role.WELZIJN: {C.VIEW_ACTIVITIES, C.LOG_ACTIVITIES, C.VIEW_TALENTS},
}  # fmt: skip

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.COMMUNITYCOACH: frozenset(_TEAM | _IMO_MEMBER | {C.VIEW_SUPPORT_STATUS}),
    Role.SOCIAAL_BEHEERDER: frozenset(
        _TEAM
        | _IMO_MEMBER
        | {
            C.VIEW_SUPPORT_STATUS,
            C.MANAGE_UNITS,
            C.MANAGE_RESIDENTS,
            C.RUN_IMO,
            C.DECIDE_ALLOCATION,
        }
    ),
    Role.LOCATIEBEHEERDER: frozenset(_TEAM | {C.MANAGE_UNITS, C.VIEW_IMO_METRICS}),
    Role.BEGELEIDER: frozenset(_TEAM | _IMO_MEMBER | {C.MANAGE_SUPPORT}),
    # The residents' delegation sits in the IMO as future neighbours: motivation and supported
    # yes/no, never care details (imo.access.ImoViewer.sees_care refuses them).
    Role.BEWONERSAFVAARDIGING: frozenset({C.VIEW_COMMUNITY, C.VIEW_SECTION_MIX} | _IMO_MEMBER),
    Role.WELZIJN: frozenset({C.VIEW_COMMUNITY, C.VIEW_IMO_METRICS}),
    Role.GEMEENTE: frozenset({C.VIEW_COMMUNITY, C.VIEW_IMO_METRICS}),
    Role.STUURGROEP: frozenset({C.VIEW_COMMUNITY, C.VIEW_IMO_METRICS}),
}

ROLE_CAPABILITIES = {
    role: frozenset(caps | _COMMUNITY_WORK.get(role, set()))
    for role, caps in ROLE_CAPABILITIES.items()
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


def memberships_of(user: User) -> list[Membership]:
    """The user's roles with their communities (with municipality and corporation), ordered by
    the community's name: read once per request and kept on the user object, like the roles
    `role_in` reads, so that the start page's cards and the panels other apps plug into it
    (communities.registry) share one query."""
    if not user.is_authenticated:
        return []
    cache = getattr(user, "_memberships_cache", None)
    if cache is None:
        cache = list(
            Membership.objects.filter(user=user)
            .select_related("community__municipality", "community__corporation")
            .order_by("community__name", "community_id")
        )
        user._memberships_cache = cache
        user._roles_cache = {m.community_id: m.role for m in cache}
    return cache


def member_communities(user: User) -> list[Community]:
    """The communities the user has a role in, by name (see `memberships_of`)."""
    return [m.community for m in memberships_of(user)]


def community_ids_with(user: User, capability: Capability) -> set[int]:
    """Ids of the communities where the user has `capability`, from the roles already read
    (no query when `role_in` has run for this user)."""
    if not user.is_authenticated:
        return set()
    if getattr(user, "_roles_cache", None) is None:
        user._roles_cache = dict(
            Membership.objects.filter(user=user).values_list("community_id", "role")
        )
    return {
        pk
        for pk, role in user._roles_cache.items()
        if capability in ROLE_CAPABILITIES.get(role, frozenset())
    }


def capabilities_in(user: User, community: Community) -> frozenset[Capability]:
    role = role_in(user, community)
    return ROLE_CAPABILITIES.get(role, frozenset()) if role else frozenset()


def has_capability(user: User, community: Community, capability: Capability) -> bool:
    return capability in capabilities_in(user, community)


def can_see_support_status(user: User, community: Community) -> bool:
    """Whether `user` may know who in `community` is begeleid. Those who may not never get a
    begeleid / niet-begeleid split over a period they choose (issue 9), nor a list of people
    beside a split (`communities.activities.participation_split_without_status`)."""
    return has_capability(user, community, C.VIEW_SUPPORT_STATUS)


def is_aggregate_only(user: User, community: Community) -> bool:
    return role_in(user, community) in AGGREGATE_ONLY_ROLES


def communities_for(user: User) -> QuerySet[Community]:
    if not user.is_authenticated:
        return Community.objects.none()
    return Community.objects.filter(memberships__user=user).distinct()


def community_for(user: User, slug: str, capability: Capability) -> Community:
    """The community, if the user is a member (else 404) with this capability (else 403)."""
    # Every page of a community shows its municipality and corporation: fetched with it, in
    # the one read of the user's roles (`memberships_of`) that `role_in` uses too.
    community = next((c for c in member_communities(user) if c.slug == slug), None)
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


# Capabilities that open personal care data or a signal's details (support status, care
# organisation and hours, signals about debts or eviction): every role holding one needs the
# second login step. Derived, so that a role gaining such a capability joins automatically.
# The locatiebeheerder is in (VIEW_SIGNALS: the corporation's beheerders handle signals,
# DESIGN.md §6); the others see aggregates or nothing personal about care. A candidate's care
# details in the IMO go to roles already in this set (imo.access).
CARE_DATA_CAPABILITIES = frozenset(
    {C.VIEW_SUPPORT_STATUS, C.MANAGE_SUPPORT, C.VIEW_SIGNALS, C.MANAGE_SIGNALS}
)
TWO_FACTOR_ROLES = frozenset(
    role for role, caps in ROLE_CAPABILITIES.items() if caps & CARE_DATA_CAPABILITIES
)
# The Django permission of the privacy officer (subject-access requests: everything held about
# a person). Checked by privacy.selectors; here because it needs the second login step too.
SUBJECT_REQUEST_PERMISSION = "privacy.handle_subject_requests"
CONFIRM_SUPPORT_PERMISSION = "communities.confirm_support_request"


def support_requests_for(user: User, community: Community) -> QuerySet[SupportRequest]:
    """The open requests to start support that `user` may confirm or refuse in `community`:
    all of them for its sociaal beheerder; those of their own care organisation for a
    begeleider who is that organisation's coordinator (the permission
    `confirm_support_request`, given in the admin). Never the begeleider's own request: a
    coordinator does not confirm themselves."""
    requests = SupportRequest.objects.filter(
        resident__community=community, status=SupportRequestStatus.PENDING
    )
    role = role_in(user, community)
    if role == Role.SOCIAAL_BEHEERDER:
        return requests
    if (
        role == Role.BEGELEIDER
        and user.organisation_id is not None
        and user.has_perm(CONFIRM_SUPPORT_PERMISSION)
    ):
        return requests.filter(care_organisation_id=user.organisation_id).exclude(requested_by=user)
    return SupportRequest.objects.none()


def may_confirm_support(user: User, community: Community) -> bool:
    role = role_in(user, community)
    return role == Role.SOCIAAL_BEHEERDER or (
        role == Role.BEGELEIDER and user.has_perm(CONFIRM_SUPPORT_PERMISSION)
    )


# Who sees why a resident left ("naar een zorgsetting", "huisuitzetting", "overleden"): the
# coach and the corporation's beheerders. Not the begeleiders: the reasons of other
# organisations' clients are care details to them (issue 9).
_MOVE_REASON_ROLES = frozenset({Role.COMMUNITYCOACH, Role.SOCIAAL_BEHEERDER, Role.LOCATIEBEHEERDER})


def can_see_move_reasons_role(role: str | None) -> bool:
    return role in _MOVE_REASON_ROLES


def can_see_move_reasons(user: User, community: Community) -> bool:
    return can_see_move_reasons_role(role_in(user, community))


def requires_two_factor(user: User) -> bool:
    """Whether `user` must log in with a second step (when settings.TWO_FACTOR_REQUIRED): a
    care-data or signal role in any community, a privacy officer, or a staff account (the
    admin reaches everything)."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser or user.has_perm(SUBJECT_REQUEST_PERMISSION):
        return True
    return Membership.objects.filter(user=user, role__in=TWO_FACTOR_ROLES).exists()


def signals_visible_in(user: User, communities) -> QuerySet:
    """The signals of these communities whose details the user may see (DESIGN.md §6): all of
    them for the coach and the corporation's beheerders; for a begeleider only those involving
    at least one resident with an active support period of the begeleider's own care
    organisation; none for everyone else (the residents' delegation, gemeente, stuurgroep see
    counts at most). One queryset, whatever the number of communities."""
    from django.db.models import Q
    from django.utils import timezone

    from communities.models import Signal

    seeing = [c for c in communities if has_capability(user, c, C.VIEW_SIGNALS)]
    all_of = [c.pk for c in seeing if role_in(user, c) != Role.BEGELEIDER]
    clients_in = [c.pk for c in seeing if role_in(user, c) == Role.BEGELEIDER]
    if not seeing:
        return Signal.objects.none()
    visible = Q(community_id__in=all_of)
    if clients_in:
        clients = (
            care_details_visible_to(user)
            .active_on(timezone.localdate())
            .filter(resident__community_id__in=clients_in)
            .values("resident_id")
        )
        # A subquery rather than a join + distinct(): the result stays a plain queryset that
        # callers can filter, count and order freely.
        about_clients = Signal.residents.through.objects.filter(resident_id__in=clients).values(
            "signal_id"
        )
        visible |= Q(community_id__in=clients_in, pk__in=about_clients)
    return Signal.objects.filter(visible)


def signals_visible_to(user: User, community: Community) -> QuerySet:
    """The community's signals whose details the user may see: see `signals_visible_in`."""
    return signals_visible_in(user, [community])
