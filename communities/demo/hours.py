"""Demo hours: 40 weeks of time entries in a realistic rhythm, through the service.

- The coach writes close to the norm of each week's phase; about one week in five falls short
  (a busy week elsewhere); the summer holiday and Christmas week have no hours.
- The begeleider of Zorggroep Horizon writes community hours around Horizon's 10%; Stichting
  Anker has no demo user and so writes none: the page shows an organisation below its 10%.
- Beheer is shared by the sociaal beheerder and the locatiebeheerder, around the middle of
  1 fte per 150–350 units.
- Entries run up to the last complete week: the running week is still open, as in real life.
"""

from __future__ import annotations

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from communities.constants import Role
from communities.demo.constants import CARE_HORIZON
from communities.hours import services as hours
from communities.models import Community, Membership, PilotLightDecision, User
from communities.norms import coach_hours_norm, management_fte_norm
from communities.phase import phase_on

DEMO_WEEKS = 40
HALF = Decimal("0.5")


def _half_hours(value: float) -> Decimal:
    """Round to half hours, never below zero: how people write their hours."""
    value = max(0.0, value)
    return (Decimal(str(value)) / HALF).quantize(Decimal(1), ROUND_HALF_UP) * HALF


def _holiday(monday: datetime.date) -> bool:
    """The summer holiday (two weeks in early August) and the week around Christmas."""
    return (monday.month == 8 and monday.day <= 14) or (monday.month == 12 and monday.day >= 22)


def _member(community: Community, username: str, role: str) -> User | None:
    membership = (
        Membership.objects.filter(community=community, user__username=username, role=role)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def seed_hours(*, community: Community, today: datetime.date, rng: random.Random) -> None:
    last_complete = hours.week_start(today) - datetime.timedelta(weeks=1)
    weeks = hours.week_starts(until=last_complete, weeks=DEMO_WEEKS)
    units = community.units.count()
    decisions = list(
        PilotLightDecision.objects.filter(community=community)
        .order_by("decided_on", "created_at")
        .values_list("decided_on", "active")
    )
    holidays = {index for index, monday in enumerate(weeks) if _holiday(monday)}

    def record(user: User, monday: datetime.date, value: Decimal, note: str = "") -> None:
        hours.time_entry_record(
            community=community, user=user, week_of=monday, hours=value, note=note, today=today
        )

    coach = _member(community, "coach", Role.COMMUNITYCOACH)
    if coach is not None:
        for index, monday in enumerate(weeks):
            in_force = [active for day, active in decisions if day <= monday]
            phase = phase_on(
                residents_moved_in_on=community.residents_moved_in_on,
                day=monday,
                pilot_light_active=bool(in_force and in_force[-1]),
            )
            norm = coach_hours_norm(units=units, phase=phase)
            target = float(norm.low + norm.high) / 2
            if index in holidays:
                record(coach, monday, Decimal(0), "Vakantie")
            elif rng.random() < 0.2:
                record(coach, monday, _half_hours(target * rng.uniform(0.45, 0.8)), "Drukke week")
            else:
                record(coach, monday, _half_hours(target + rng.uniform(-0.5, 2.0)))

    begeleider = _member(community, "begeleider", Role.BEGELEIDER)
    if begeleider is not None and begeleider.organisation.name == CARE_HORIZON:
        norms = {
            row.organisation.pk: row.norm
            for row in hours.care_hours_norms(community=community, on=last_complete)
        }
        target = float(norms.get(begeleider.organisation_id, Decimal(0)))
        for index, monday in enumerate(weeks):
            if index in holidays:
                continue
            record(begeleider, monday, _half_hours(target * rng.uniform(0.7, 1.15)))

    low, high = management_fte_norm(units=units)
    middle = float(low + high) / 2
    for username, role, share in (
        ("beheerder", Role.SOCIAAL_BEHEERDER, 0.55),
        ("locatie", Role.LOCATIEBEHEERDER, 0.45),
    ):
        user = _member(community, username, role)
        if user is None:
            continue
        for monday in weeks:
            record(user, monday, _half_hours(middle * share * rng.uniform(0.75, 1.2)))
