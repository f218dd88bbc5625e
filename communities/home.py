"""What each role needs first on its home page."""

from __future__ import annotations

import datetime

from django.utils import timezone

from communities import access, selectors
from communities.access import Capability as C
from communities.constants import MixStatus, Role
from communities.models import Membership, User
from communities.safety import services as safety

RECENT_MOVES_DAYS = 31


def home_context(*, user: User) -> dict:
    today = timezone.localdate()
    memberships = (
        Membership.objects.filter(user=user).select_related("community").order_by("community__name")
    )
    cards = [_card(user, membership, today) for membership in memberships]
    return {
        "cards": cards,
        "aggregate_table": [c for c in cards if c["aggregate_only"]],
        "team_cards": [c for c in cards if not c["aggregate_only"]],
        "today": today,
    }


def _card(user: User, membership: Membership, today: datetime.date) -> dict:
    community = membership.community
    caps = access.capabilities_in(user, community)
    mix = selectors.community_mix(community=community, on=today)
    card = {
        "community": community,
        "role": membership.role,
        "role_label": Role(membership.role).label,
        "caps": caps,
        "aggregate_only": access.is_aggregate_only(user, community),
        "mix": mix,
        "phase": selectors.community_phase(community=community, on=today),
        "occupancy": selectors.occupancy(community=community, on=today),
    }
    if C.VIEW_SECTION_MIX in caps:
        card["sections_needing_attention"] = [
            s for s in mix.sections if s.figures.status in (MixStatus.ACTION, MixStatus.ATTENTION)
        ]
    if C.VIEW_UNITS in caps and membership.role in (
        Role.SOCIAAL_BEHEERDER,
        Role.LOCATIEBEHEERDER,
    ):
        card["vacant_units"] = [
            row.unit for row in selectors.unit_rows(community=community, on=today) if row.vacant
        ]
        card["fire_drill_overdue"] = safety.fire_drill_overdue(community=community, today=today)
    if C.VIEW_RESIDENTS in caps and membership.role in (
        Role.SOCIAAL_BEHEERDER,
        Role.COMMUNITYCOACH,
    ):
        card["recent_moves"] = selectors.moves_between(
            community=community,
            start=today - datetime.timedelta(days=RECENT_MOVES_DAYS),
            end=today,
        )
    if membership.role == Role.BEGELEIDER:
        card["own_clients"] = (
            access.care_details_visible_to(user)
            .active_on(today)
            .filter(resident__community=community)
            .select_related("resident")
            .order_by("resident__last_name")
        )
    return card
