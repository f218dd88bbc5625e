"""The IMO's handovers for the woonvereniging's welcome committee (gemengdwonen.handovers):
name, unit and moving date only. Registered from ImoConfig.ready()."""

from __future__ import annotations

import datetime

from gemengdwonen.handovers import WelcomeHandover
from imo.models import Handover


def welcome_handovers(community, since: datetime.date) -> list[WelcomeHandover]:
    handovers = Handover.objects.filter(
        candidate__community=community, handed_over_on__gte=since
    ).select_related("candidate__vacancy__unit")
    return [_row(handover) for handover in handovers]


def _row(handover: Handover) -> WelcomeHandover:
    candidate = handover.candidate
    vacancy = candidate.vacancy
    return WelcomeHandover(
        name=f"{candidate.first_name} {candidate.last_name}",
        unit=str(vacancy.unit) if vacancy else "",
        moving_date=vacancy.available_from if vacancy else None,
    )


def welcome_handovers_many(
    *, community_ids: list[int], since: datetime.date
) -> list[tuple[int, WelcomeHandover]]:
    """`welcome_handovers` for many locations in one query: (community id, row), by moving
    date."""
    handovers = (
        Handover.objects.filter(
            candidate__community_id__in=community_ids, handed_over_on__gte=since
        )
        .select_related("candidate__vacancy__unit")
        .order_by("candidate__vacancy__available_from", "pk")
    )
    return [(h.candidate.community_id, _row(h)) for h in handovers]
