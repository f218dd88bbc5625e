"""Demo data of the activities area: a year of activities in a realistic rhythm (a weekly
koffiemoment, a monthly lunch, now and then something else), participants drawn from the
residents living there on the day — a core of regulars, occasional visitors, and residents who
never come —, residents organising more as the year goes on, and a few contributions that are
not activities. Everything goes through the services, dated relative to `today`."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from communities.activities import services as activities
from communities.constants import ActivityPlace, OrganisedBy
from communities.models import Community, TenancyResident, User


@dataclass(frozen=True)
class Rhythm:
    kind: str
    every_days: int  # the interval; 0 = a fixed number of times a year (times_a_year)
    weekday: int  # 0 = Monday
    hour: int
    minute: int
    participants: tuple[int, int]
    times_a_year: int = 0
    place: str = ActivityPlace.MEETING_ROOM
    neighbours: tuple[int, int] = (0, 2)
    coach_hours: tuple[float, ...] = (1, 1.5, 2)
    skip_chance: float = 0.0  # holidays, illness


RHYTHMS = (
    Rhythm("Koffiemoment", 7, 2, 10, 0, (5, 12), skip_chance=0.1, coach_hours=(1, 1.5)),
    Rhythm("Gezamenlijke lunch", 28, 4, 12, 30, (10, 25), skip_chance=0.05),
    Rhythm("Spelletjesavond", 42, 3, 19, 30, (5, 12), coach_hours=(0, 2)),
    Rhythm("Voorlichting", 0, 1, 19, 0, (6, 15), times_a_year=4),
    Rhythm(
        "Buurtactiviteit",
        0,
        5,
        14,
        0,
        (8, 20),
        times_a_year=3,
        place=ActivityPlace.NEIGHBOURHOOD,
        neighbours=(5, 25),
        coach_hours=(3, 4),
    ),
    Rhythm("Schoonmaakactie", 0, 5, 10, 0, (6, 14), times_a_year=2, coach_hours=(2, 3)),
    Rhythm("ALV", 0, 1, 19, 30, (10, 25), times_a_year=2, coach_hours=(2,)),
    Rhythm("Welkomstactiviteit", 0, 6, 15, 0, (5, 10), times_a_year=3),
)

OTHER_CONTRIBUTIONS = (
    "Doet boodschappen voor de buurvrouw",
    "Verzorgt de planten in de hal",
    "Maakt een praatje met nieuwe bewoners",
    "Repareert fietsen van buren",
    "Haalt de post op voor een zieke buur",
    "Helpt buren met formulieren",
)

# Shares of residents: never at an activity, a core of regulars, the rest now and then.
NEVER_SHARE = 0.3
REGULAR_SHARE = 0.2


def seed_activities(*, community: Community, today: datetime.date, rng: random.Random) -> None:
    moved_in = community.residents_moved_in_on
    if moved_in is None or moved_in >= today:
        return
    first_day = max(moved_in + datetime.timedelta(days=7), today - datetime.timedelta(days=364))
    kinds = {k.name: k for k in activities.activity_kinds_ensure(community=community)}
    users = {u.username: u for u in User.objects.filter(username__in=("coach", "welzijn"))}
    residents = {r.pk: r for r in community.residents.all()}
    stays = list(
        TenancyResident.objects.filter(tenancy__unit__community=community).values_list(
            "resident_id", "start_date", "end_date"
        )
    )
    propensity = {}
    for pk in sorted(residents):
        roll = rng.random()
        if roll < NEVER_SHARE:
            propensity[pk] = 0.0
        elif roll < NEVER_SHARE + REGULAR_SHARE:
            propensity[pk] = 1.0
        else:
            propensity[pk] = rng.uniform(0.03, 0.25)

    def living(day):
        return sorted(pk for pk, s, e in stays if s <= day and (e is None or e > day))

    span = (today - first_day).days
    planned = []
    for rhythm in RHYTHMS:
        if rhythm.every_days:
            offset = (rhythm.weekday - first_day.weekday()) % 7
            offset += 7 * rng.randrange(max(1, rhythm.every_days // 7))
            days = range(offset, span + 1, rhythm.every_days)
        else:
            count = max(1, round(rhythm.times_a_year * span / 365))
            days = sorted(rng.sample(range(span + 1), min(count, span + 1)))
        for offset in days:
            day = first_day + datetime.timedelta(days=offset)
            if not rhythm.every_days:
                day -= datetime.timedelta(days=(day.weekday() - rhythm.weekday) % 7)
            if day < first_day or day > today or rng.random() < rhythm.skip_chance:
                continue
            planned.append((day, rhythm))
    planned.sort(key=lambda item: (item[0], item[1].hour))

    for day, rhythm in planned:
        here = living(day)
        candidates = [pk for pk in here if propensity[pk] > 0]
        if not candidates:
            continue
        low, high = rhythm.participants
        count = min(len(candidates), rng.randint(low, high))
        # Weighted sampling without replacement: regulars almost always, others now and then.
        keyed = sorted(candidates, key=lambda pk: rng.random() ** (1 / propensity[pk]))
        participants = keyed[-count:]
        # The coach hands activities over: residents organise more as the year goes on.
        progress = (day - first_day).days / 365
        organised_by = OrganisedBy.PROFESSIONALS
        organisers: list[int] = []
        if rng.random() < 0.1 + 0.6 * progress:
            organised_by = rng.choice((OrganisedBy.RESIDENTS, OrganisedBy.BOTH))
            regulars = [pk for pk in participants if propensity[pk] == 1.0] or participants
            organisers = rng.sample(regulars, min(len(regulars), rng.randint(1, 2)))
        starts_at = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(rhythm.hour, rhythm.minute))
        )
        hours = rng.choice(rhythm.coach_hours)
        if organised_by == OrganisedBy.RESIDENTS:
            hours = 0
        activities.activity_log(
            community=community,
            data=activities.ActivityData(
                kind=kinds[rhythm.kind],
                starts_at=starts_at,
                organised_by=organised_by,
                organisers=tuple(residents[pk] for pk in organisers),
                place=rhythm.place,
                participants=tuple(residents[pk] for pk in participants),
                neighbours_count=rng.randint(*rhythm.neighbours),
                guests_count=rng.choice((0, 0, 0, 1, 2)),
                coach_hours=Decimal(str(hours)),
            ),
            recorded_by=users.get("welzijn" if rhythm.kind == "Buurtactiviteit" else "coach"),
        )

    # Not every contribution is visible: a few residents who never come to activities help
    # their neighbours, and a few regulars do both.
    helpers_day = today - datetime.timedelta(days=rng.randint(5, 60))
    here = living(helpers_day)
    quiet = [pk for pk in here if propensity[pk] == 0.0]
    regulars = [pk for pk in here if propensity[pk] == 1.0]
    helpers = rng.sample(quiet, min(len(quiet), max(2, len(here) // 15)))
    helpers += rng.sample(regulars, min(len(regulars), 2))
    for pk in helpers:
        day = today - datetime.timedelta(days=rng.randint(3, 80))
        if pk not in living(day):
            continue
        activities.other_contribution_record(
            community=community,
            resident=residents[pk],
            noted_on=day,
            description=rng.choice(OTHER_CONTRIBUTIONS),
            recorded_by=users.get("coach"),
        )
