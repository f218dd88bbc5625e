"""Synthetic data at municipal scale for benchmarks and query budgets (issue 14):
`python manage.py generate_synthetic --communities 50 --years 10 [--seed N]`.

Unlike the demo (`communities.demo`), which goes through the services so that three
communities look right, this writes years of history for dozens of communities with bulk
inserts: one simulation per community in memory, then a handful of `bulk_create` calls, in one
transaction per community so memory stays flat whatever the scale. The simulation keeps the
rules the services enforce (no overlapping stays, tenancies or support periods; a tenancy ends
with its occupants; participants lived there on the day), so pages read it like real data.

Distributions (DESIGN.md §1 and §3): 40–240 units in 2–4 sections, most around 60–100; about a
third of the households begeleid, alone; about 11 % of households leave per year and a vacated
unit is let again after two to eight weeks; support can end while the person stays; about two
activities a week with 10–20 participants; contacts every week; signals every month, most
closed; weekly hours of coach, begeleider and beheer; a fire drill a year.

Apps built on `communities` add their part through `communities.registry.
register_synthetic_extender` from their AppConfig.ready(), like the demo seeders: the IMO
(meetings, vacancies, candidates), governance (bodies, meetings, minutes, decisions, action
items), funding (agreements, contributions, spending) and the monitor (monthly snapshots).

Deterministic per `--seed`: every community draws from its own `random.Random`.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from communities.constants import (
    DEFAULT_ACTIVITY_KINDS,
    DEFAULT_SIGNAL_LADDER,
    ActivityPlace,
    AssetKind,
    ContactKind,
    OrganisedBy,
    PriceClass,
    SignalKind,
    SignalOutcome,
    SignalSeverity,
    TalentKind,
    TimeKind,
)
from communities.demo import seed as demo
from communities.models import (
    Activity,
    ActivityKind,
    Asset,
    Community,
    Contact,
    FireDrill,
    Membership,
    Organisation,
    OtherContribution,
    Resident,
    Section,
    Signal,
    SignalLadderStep,
    SignalStep,
    SupportPeriod,
    Talent,
    TalentTag,
    Tenancy,
    TenancyResident,
    TimeEntry,
    Unit,
    User,
)
from communities.registry import synthetic_extenders

SLUG_PREFIX = "synth-"
UNITS = (40, 240)
BATCH = 2000
TURNOVER_PER_YEAR = 0.11
SUPPORTED_HOUSEHOLD_CHANCE = 0.36  # singles: about a third of the residents
COUPLE_CHANCE = 0.18  # niet-begeleide households only
SUPPORT_ENDS_DURING_STAY = 0.2
RELET_DAYS = (14, 56)
ACTIVITIES_PER_WEEK = (1, 2, 2, 2, 3)
PARTICIPANTS = (10, 20)
SECTION_NAMES = ("Vleugel A", "Vleugel B", "Galerij Noord", "Galerij Zuid")
PLACE_NAMES = (
    "De Linde", "De Kade", "Het Anker", "De Boomgaard", "Het Baken", "De Werf", "De Haven",
    "Het Plein", "De Akker", "De Hof", "Het Veer", "De Brug", "De Molen", "Het Erf", "De Tuin",
)  # fmt: skip
SIGNAL_KIND_WEIGHTS = {
    SignalKind.NUISANCE: 25,
    SignalKind.LONELINESS: 18,
    SignalKind.DEBTS: 14,
    SignalKind.NEGLECT: 8,
    SignalKind.CONFLICT: 12,
    SignalKind.EVICTION_THREAT: 6,
    SignalKind.CARE_AVOIDANCE: 10,
    SignalKind.SAFETY: 5,
    SignalKind.OTHER: 3,
}
EVICTION_OUTCOMES = (SignalOutcome.EVICTION_PREVENTED, SignalOutcome.EVICTION)
TALENT_TAGS = ("koken", "klussen", "computerhulp", "tuinieren", "boodschappen", "muziek")


@dataclass
class StayRow:
    resident_id: int
    unit_id: int
    start: datetime.date
    end: datetime.date | None


@dataclass
class TenancyRow:
    id: int
    unit: Unit
    start: datetime.date
    end: datetime.date | None
    resident_ids: list[int]
    supported: bool


@dataclass
class SyntheticCommunity:
    """What an extender needs to add its part to one generated community."""

    community: Community
    today: datetime.date
    rng: random.Random
    units: list[Unit]
    tenancies: list[TenancyRow]
    stays: list[StayRow]
    supported_ids: set[int]
    users: dict[str, User]
    care_organisations: list[Organisation]
    # The demo's organisations by name (communities.demo.seed: MUNICIPALITY, CORPORATION, …).
    organisations: dict[str, Organisation] = field(default_factory=dict)

    def living_on(self, day: datetime.date) -> list[int]:
        return [
            s.resident_id for s in self.stays if s.start <= day and (s.end is None or s.end > day)
        ]


@dataclass
class Counts:
    rows: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, n: int) -> None:
        self.rows[name] = self.rows.get(name, 0) + n


def existing_synthetic(prefix: str = SLUG_PREFIX) -> int:
    return Community.objects.filter(slug__startswith=prefix).count()


def generate(
    *,
    communities: int,
    years: float,
    seed: int = 1,
    today: datetime.date | None = None,
    units: tuple[int, int] = UNITS,
    slug_prefix: str = SLUG_PREFIX,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Generate `communities` locations with `years` years of history up to `today`; make or
    reuse the demo users and make each a member of every generated location in their role.
    Refuses when synthetic locations exist already (start from an empty database). Tests pass
    a fraction of a year, a smaller `units` range and their own `slug_prefix`."""
    if communities < 1 or years <= 0 or not 1 <= units[0] <= units[1]:
        raise ValueError("communities, years and units must be positive")
    if existing_synthetic(slug_prefix):
        raise ValueError(
            "Er bestaan al synthetische locaties in deze database; begin met een lege database."
        )
    today = today or timezone.localdate()
    with transaction.atomic():
        organisations = demo._ensure_organisations()
        users = _ensure_demo_users(organisations)
        tags = _ensure_tags()
    counts = Counts()
    for index in range(1, communities + 1):
        rng = random.Random(f"synthetic-{seed}-{index}")
        with transaction.atomic():
            made = _community(
                index, years, today, rng, organisations, users, tags, units, slug_prefix
            )
            for name, n in made.items():
                counts.add(name, n)
        if progress:
            progress(f"{index}/{communities}")
    return counts.rows


def _ensure_demo_users(organisations: dict[str, Organisation]) -> dict[str, User]:
    """The demo users (made, or reused as they are), keyed by username."""
    password = demo._DemoPassword()
    users = {}
    for spec in demo.DEMO_USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User.objects.create(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=f"{spec.username}@{demo.EMAIL_DOMAIN}",
                organisation=organisations[spec.organisation],
                is_staff=spec.staff,
                is_superuser=spec.staff,
                password=password.hash(),
            )
        users[spec.username] = user
    return users


def _ensure_tags() -> list[TalentTag]:
    for name in TALENT_TAGS:
        TalentTag.objects.get_or_create(name=name, defaults={"shared": True})
    return list(TalentTag.objects.filter(name__in=TALENT_TAGS))


def aware_at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _units_count(rng: random.Random, low: int, high: int) -> int:
    # Most locations are 60–100 units (the model's optimum); a few are large.
    mode = low + (high - low) * 0.15
    return max(low, min(high, round(rng.triangular(low, high, mode))))


def _community(
    index: int,
    years: int,
    today: datetime.date,
    rng: random.Random,
    organisations: dict[str, Organisation],
    users: dict[str, User],
    tags: list[TalentTag],
    units_range: tuple[int, int],
    slug_prefix: str,
) -> dict[str, int]:
    counts = Counts()
    history_days = round(years * 365)
    moved_in = today - datetime.timedelta(days=history_days - rng.randint(0, history_days // 6))
    community = Community.objects.create(
        name=f"{PLACE_NAMES[index % len(PLACE_NAMES)]} {index:03d}",
        slug=f"{slug_prefix}{index:03d}",
        municipality=organisations[demo.MUNICIPALITY],
        corporation=organisations[demo.CORPORATION],
        address=f"Synthetische straat {index}, Rivierstad",
        start_date=moved_in - datetime.timedelta(days=rng.randint(300, 600)),
        residents_moved_in_on=moved_in,
    )
    care = [organisations[demo.CARE_HORIZON], organisations[demo.CARE_ANKER]]
    community.partners.add(*care, organisations[demo.WELFARE])
    Membership.objects.bulk_create(
        [
            Membership(user=users[spec.username], community=community, role=spec.role)
            for spec in demo.DEMO_USERS
            if spec.role
        ]
    )
    counts.add("communities", 1)

    # Sections and units.
    n_units = _units_count(rng, *units_range)
    n_sections = 2 if n_units < 80 else (3 if n_units < 160 else 4)
    sections = Section.objects.bulk_create(
        [Section(community=community, name=name) for name in SECTION_NAMES[:n_sections]]
    )
    units = Unit.objects.bulk_create(
        [
            Unit(
                community=community,
                section=sections[i % n_sections],
                number=f"{'ABNZ'[i % n_sections]}{100 + i // n_sections + 1}",
                rooms=rng.choice((1, 1, 2, 2, 3)),
                size_m2=rng.randint(28, 85),
                price_class=rng.choices((PriceClass.SOCIALE_HUUR, PriceClass.MIDDENHUUR), (85, 15))[
                    0
                ],
            )
            for i in range(n_units)
        ]
    )
    counts.add("units", len(units))

    tenancies, stays, supported = _residents_and_tenancies(
        community, units, moved_in, today, rng, care
    )
    counts.add("residents", len({s.resident_id for s in stays}))
    counts.add("tenancies", len(tenancies))
    synthetic = SyntheticCommunity(
        community=community,
        today=today,
        rng=rng,
        units=units,
        tenancies=tenancies,
        stays=stays,
        supported_ids=supported,
        users=users,
        care_organisations=care,
        organisations=organisations,
    )
    weekly = _weekly_living(synthetic, moved_in)
    counts.add("activities", _activities(synthetic, weekly))
    counts.add("contacts", _contacts(synthetic, weekly))
    counts.add("signals", _signals(synthetic, weekly))
    counts.add("time_entries", _hours(synthetic, moved_in))
    _small_things(synthetic, moved_in, tags)
    for extender in synthetic_extenders():
        for name, n in extender(synthetic).items():
            counts.add(name, n)
    return counts.rows


def _residents_and_tenancies(community, units, moved_in, today, rng, care):
    """Simulate every unit from the opening to today: households move in, stay an exponential
    time (11 % leave per year) and the unit is let again after a gap."""
    households = []  # (unit, start, end, size, supported)
    mean_days = 365 / TURNOVER_PER_YEAR
    for unit in units:
        start = moved_in + datetime.timedelta(days=rng.randint(0, 42))
        while start < today:
            supported = rng.random() < SUPPORTED_HOUSEHOLD_CHANCE
            size = 2 if not supported and rng.random() < COUPLE_CHANCE else 1
            end = start + datetime.timedelta(days=max(60, round(rng.expovariate(1 / mean_days))))
            if end >= today:
                end = None
            households.append((unit, start, end, size, supported))
            if end is None:
                break
            start = end + datetime.timedelta(days=rng.randint(*RELET_DAYS))

    residents = []
    for _household in households:
        for _ in range(_household[3]):
            residents.append(
                Resident(
                    community=community,
                    first_name=rng.choice(demo.FIRST_NAMES),
                    last_name=rng.choice(demo.LAST_NAMES),
                    date_of_birth=today - datetime.timedelta(days=rng.randint(19 * 365, 85 * 365)),
                )
            )
    residents = Resident.objects.bulk_create(residents, batch_size=BATCH)
    tenancy_objs = Tenancy.objects.bulk_create(
        [
            Tenancy(
                unit=unit,
                start_date=start,
                end_date=end,
                end_reason=rng.choices(*zip(*demo.LEAVE_REASONS, strict=True))[0] if end else "",
            )
            for unit, start, end, _size, _supported in households
        ],
        batch_size=BATCH,
    )
    tenancies, stays, occupants, supports = [], [], [], []
    supported_ids: set[int] = set()
    people = iter(residents)
    for tenancy, (unit, start, end, size, supported) in zip(tenancy_objs, households, strict=True):
        ids = [next(people).pk for _ in range(size)]
        tenancies.append(TenancyRow(tenancy.pk, unit, start, end, ids, supported))
        for resident_id in ids:
            stays.append(StayRow(resident_id, unit.pk, start, end))
            occupants.append(
                TenancyResident(
                    tenancy=tenancy,
                    resident_id=resident_id,
                    start_date=start,
                    end_date=end,
                    move_out_reason=tenancy.end_reason,
                )
            )
        if supported:
            supported_ids.update(ids)
            support_end = end
            if rng.random() < SUPPORT_ENDS_DURING_STAY:
                # Support can end while the person stays (on a past day, never a planned one).
                early_end = start + datetime.timedelta(days=rng.randint(120, 1500))
                if early_end < (end or today):
                    support_end = early_end
            supports.append(
                SupportPeriod(
                    resident_id=ids[0],
                    care_organisation=rng.choice(care),
                    start_date=start,
                    end_date=support_end,
                    hours_per_week=Decimal(rng.choice(demo.SUPPORT_HOURS)),
                )
            )
    TenancyResident.objects.bulk_create(occupants, batch_size=BATCH)
    SupportPeriod.objects.bulk_create(supports, batch_size=BATCH)
    return tenancies, stays, supported_ids


def _weekly_living(synthetic: SyntheticCommunity, moved_in: datetime.date) -> list:
    """(monday, resident ids living there that monday) for every week from the opening."""
    monday = moved_in - datetime.timedelta(days=moved_in.weekday()) + datetime.timedelta(weeks=1)
    stays = sorted(synthetic.stays, key=lambda s: s.start)
    weeks = []
    active: list[StayRow] = []
    cursor = 0
    while monday <= synthetic.today:
        while cursor < len(stays) and stays[cursor].start <= monday:
            active.append(stays[cursor])
            cursor += 1
        active = [s for s in active if s.end is None or s.end > monday]
        weeks.append((monday, [s.resident_id for s in active]))
        monday += datetime.timedelta(weeks=1)
    return weeks


def _activities(synthetic: SyntheticCommunity, weekly) -> int:
    rng = synthetic.rng
    community = synthetic.community
    kinds = ActivityKind.objects.bulk_create(
        [
            ActivityKind(community=community, name=name, order=i)
            for i, name in enumerate(DEFAULT_ACTIVITY_KINDS)
        ]
    )
    coach = synthetic.users["coach"]
    plans = []  # (activity, participants, organisers)
    for monday, living in weekly:
        if not living:
            continue
        for _ in range(rng.choice(ACTIVITIES_PER_WEEK)):
            day = monday + datetime.timedelta(days=rng.randint(0, 5))
            if day > synthetic.today:
                continue
            # The coach hands activities over to residents over the years.
            years_in = (day - weekly[0][0]).days / 365
            by_residents = rng.random() < min(0.6, 0.2 + 0.05 * years_in)
            organised_by = (
                rng.choice((OrganisedBy.RESIDENTS, OrganisedBy.BOTH))
                if by_residents
                else OrganisedBy.PROFESSIONALS
            )
            participants = rng.sample(living, min(len(living), rng.randint(*PARTICIPANTS)))
            organisers = participants[: rng.randint(1, 2)] if by_residents else []
            plans.append(
                (
                    Activity(
                        community=community,
                        kind=rng.choice(kinds),
                        starts_at=aware_at(day, rng.choice((10, 14, 19))),
                        organised_by=organised_by,
                        place=rng.choices(
                            (ActivityPlace.MEETING_ROOM, ActivityPlace.NEIGHBOURHOOD), (80, 20)
                        )[0],
                        neighbours_count=rng.choice((0, 0, 0, 1, 2, 4)),
                        guests_count=rng.choice((0, 0, 1, 2)),
                        coach_hours=Decimal(rng.choice(("0", "1", "1.5", "2", "3"))),
                        recorded_by=coach,
                    ),
                    participants,
                    organisers,
                )
            )
    created = Activity.objects.bulk_create([p[0] for p in plans], batch_size=BATCH)
    Activity.participants.through.objects.bulk_create(
        [
            Activity.participants.through(activity_id=activity.pk, resident_id=resident_id)
            for activity, (_a, participants, _o) in zip(created, plans, strict=True)
            for resident_id in participants
        ],
        batch_size=BATCH * 5,
    )
    Activity.organisers.through.objects.bulk_create(
        [
            Activity.organisers.through(activity_id=activity.pk, resident_id=resident_id)
            for activity, (_a, _p, organisers) in zip(created, plans, strict=True)
            for resident_id in organisers
        ],
        batch_size=BATCH * 5,
    )
    return len(created)


def _contacts(synthetic: SyntheticCommunity, weekly) -> int:
    """About one contact a week per ten units, with residents living there that week."""
    rng = synthetic.rng
    per_week = max(2, len(synthetic.units) // 10)
    recorders = [synthetic.users[name] for name in ("coach", "coach", "beheerder", "begeleider")]
    kinds = list(ContactKind.values)
    contacts = []
    for monday, living in weekly:
        if not living:
            continue
        for resident_id in rng.sample(living, min(len(living), per_week)):
            day = monday + datetime.timedelta(days=rng.randint(0, 4))
            if day > synthetic.today:
                continue
            contacts.append(
                Contact(
                    resident_id=resident_id,
                    contacted_on=day,
                    kind=rng.choice(kinds),
                    recorded_by=rng.choice(recorders),
                )
            )
    Contact.objects.bulk_create(contacts, batch_size=BATCH)
    return len(contacts)


def _signals(synthetic: SyntheticCommunity, weekly) -> int:
    """About one signal a month per 40 units; most closed within three months, some evictions
    prevented; the last weeks' signals mostly still open."""
    rng = synthetic.rng
    community = synthetic.community
    today = synthetic.today
    ladder = SignalLadderStep.objects.bulk_create(
        [
            SignalLadderStep(
                community=community, order=i, title=title, description=text, is_default=True
            )
            for i, (title, text) in enumerate(DEFAULT_SIGNAL_LADDER, start=1)
        ]
    )
    unit_of = {}
    kinds, weights = list(SIGNAL_KIND_WEIGHTS), list(SIGNAL_KIND_WEIGHTS.values())
    per_four_weeks = max(1, len(synthetic.units) / 40)
    plans = []
    coach = synthetic.users["coach"]
    for monday, living in weekly:
        if not living or rng.random() > per_four_weeks / 4:
            continue
        reported_on = min(today, monday + datetime.timedelta(days=rng.randint(0, 4)))
        kind = rng.choices(kinds, weights)[0]
        people = rng.sample(living, 2 if kind == SignalKind.CONFLICT else 1)
        age = (today - reported_on).days
        closed_on, outcome = None, ""
        if rng.random() < (0.95 if age > 60 else 0.4):
            closed_on = min(today, reported_on + datetime.timedelta(days=rng.randint(3, 90)))
            outcome = (
                rng.choices(EVICTION_OUTCOMES, (2, 1))[0]
                if kind == SignalKind.EVICTION_THREAT
                else rng.choices(
                    (SignalOutcome.RESOLVED, SignalOutcome.REFERRED, SignalOutcome.OTHER),
                    (60, 30, 10),
                )[0]
            )
        if not unit_of:
            unit_of.update({s.resident_id: s.unit_id for s in synthetic.stays})
        steps = rng.randint(1, 3)
        plans.append(
            (
                Signal(
                    community=community,
                    kind=kind,
                    severity=rng.choices(
                        (SignalSeverity.LOW, SignalSeverity.MEDIUM, SignalSeverity.HIGH),
                        (30, 55, 15),
                    )[0],
                    reported_on=reported_on,
                    reported_by=rng.choice(("Buurvrouw", "Buurman", "Coach", "Beheerder", "")),
                    unit_id=unit_of[people[0]],
                    description="Synthetisch signaal.",
                    current_step=ladder[steps - 1],
                    closed_on=closed_on,
                    outcome=outcome,
                    recorded_by=coach,
                ),
                people,
                steps,
            )
        )
    created = Signal.objects.bulk_create([p[0] for p in plans], batch_size=BATCH)
    Signal.residents.through.objects.bulk_create(
        [
            Signal.residents.through(signal_id=signal.pk, resident_id=resident_id)
            for signal, (_s, people, _n) in zip(created, plans, strict=True)
            for resident_id in people
        ],
        batch_size=BATCH,
    )
    SignalStep.objects.bulk_create(
        [
            SignalStep(
                signal_id=signal.pk,
                ladder_step=ladder[i],
                taken_on=min(today, signal.reported_on + datetime.timedelta(days=2 + 7 * i)),
                description="Stap gezet.",
                taken_by=coach,
            )
            for signal, (_s, _p, steps) in zip(created, plans, strict=True)
            for i in range(steps)
        ],
        batch_size=BATCH,
    )
    return len(created)


def _hours(synthetic: SyntheticCommunity, moved_in: datetime.date) -> int:
    """Weekly hours of the coach, the begeleider and beheer since the opening."""
    rng = synthetic.rng
    users = synthetic.users
    monday = moved_in - datetime.timedelta(days=moved_in.weekday())
    entries = []
    while monday <= synthetic.today:
        for username, kind, low, high in (
            ("coach", TimeKind.COACH, 4, 14),
            ("begeleider", TimeKind.CARE, 2, 10),
            ("beheerder", TimeKind.MANAGEMENT, 8, 24),
        ):
            if rng.random() < 0.9:  # holidays and forgotten weeks
                entries.append(
                    TimeEntry(
                        community=synthetic.community,
                        user=users[username],
                        kind=kind,
                        week_start=monday,
                        hours=Decimal(rng.randint(low * 2, high * 2)) / 2,
                    )
                )
        monday += datetime.timedelta(weeks=1)
    TimeEntry.objects.bulk_create(entries, batch_size=BATCH)
    return len(entries)


def _small_things(synthetic: SyntheticCommunity, moved_in: datetime.date, tags) -> None:
    """A fire drill a year, other contributions, talents of some current residents, assets."""
    rng = synthetic.rng
    community = synthetic.community
    today = synthetic.today
    FireDrill.objects.bulk_create(
        [
            FireDrill(community=community, held_on=day, recorded_by=synthetic.users["beheerder"])
            for year in range(moved_in.year, today.year + 1)
            if (day := datetime.date(year, rng.randint(3, 10), rng.randint(1, 28))) <= today
            and day >= moved_in
        ]
    )
    living = synthetic.living_on(today)
    OtherContribution.objects.bulk_create(
        [
            OtherContribution(
                resident_id=resident_id,
                noted_on=today - datetime.timedelta(days=rng.randint(0, 700)),
                description="Helpt een buurman met boodschappen.",
                recorded_by=synthetic.users["coach"],
            )
            for resident_id in rng.sample(living, min(len(living), len(living) // 10))
        ]
    )
    Talent.objects.bulk_create(
        [
            Talent(
                resident_id=resident_id, kind=rng.choice(TalentKind.values), tag=rng.choice(tags)
            )
            for resident_id in rng.sample(living, min(len(living), len(living) // 5))
        ],
        ignore_conflicts=True,
    )
    Asset.objects.bulk_create(
        [
            Asset(community=community, name=name, kind=kind)
            for name, kind in (
                ("Buurthuis De Schakel", AssetKind.COMMUNITY_CENTRE),
                ("Supermarkt", AssetKind.SHOP),
                ("Volkstuin", AssetKind.GREEN),
            )
        ]
    )
