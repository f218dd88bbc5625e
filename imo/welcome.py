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
    rows = []
    for handover in handovers:
        candidate = handover.candidate
        vacancy = candidate.vacancy
        rows.append(
            WelcomeHandover(
                name=f"{candidate.first_name} {candidate.last_name}",
                unit=str(vacancy.unit) if vacancy else "",
                moving_date=vacancy.available_from if vacancy else None,
            )
        )
    return rows
