"""The facts the scorecard reads, from real rows of `communities`, against a hand computation;
and the 1/2 target checked on the facts of the day."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communities.constants import MixTarget, OrganisedBy, TimeKind
from monitor.constants import Ingredient, Status
from monitor.selectors import scorecard_for
from monitor.sources import community_facts
from tests.factories import (
    ActivityFactory,
    ActivityKindFactory,
    CommunityFactory,
    FireDrillFactory,
    SectionFactory,
    SignalFactory,
    TalentFactory,
    TimeEntryFactory,
    UnitFactory,
)

D = Decimal
DAY = datetime.date
ON = DAY(2025, 3, 12)  # a Wednesday; complete weeks: Mondays 10-02, 17-02, 24-02 and 03-03
S = Status


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def hours(world, who, kind, monday, value):
    TimeEntryFactory(
        community=world.community,
        user=world.users[who],
        kind=kind,
        week_start=monday,
        hours=D(value),
    )


def populate(world):
    community = world.community
    for monday, value in [
        (DAY(2025, 2, 10), 8),
        (DAY(2025, 2, 17), 6),
        (DAY(2025, 2, 24), 10),
        (DAY(2025, 3, 3), 8),
    ]:
        hours(world, "coach", TimeKind.COACH, monday, value)
    hours(world, "coach", TimeKind.COACH, DAY(2025, 3, 10), 20)  # the running week: not counted
    hours(world, "beheerder", TimeKind.MANAGEMENT, DAY(2025, 2, 10), 2)
    hours(world, "begeleider", TimeKind.CARE, DAY(2025, 3, 3), "2.8")
    hours(world, "begeleider_anker", TimeKind.CARE, DAY(2025, 2, 24), 1)
    coffee = ActivityKindFactory(community=community, name="Koffiemoment")
    dinner = ActivityKindFactory(community=community, name="Eettafel")
    anna = world.residents["anna"]
    ActivityFactory(
        community=community,
        kind=coffee,
        starts_at=at(DAY(2025, 3, 5)),
        organised_by=OrganisedBy.RESIDENTS,
        participants=[anna],
        organisers=[anna],
    )
    ActivityFactory(community=community, kind=coffee, starts_at=at(DAY(2025, 2, 10)))
    ActivityFactory(
        community=community,
        kind=dinner,
        starts_at=at(DAY(2025, 1, 15)),
        organised_by=OrganisedBy.BOTH,
    )
    ActivityFactory(community=community, kind=dinner, starts_at=at(DAY(2024, 11, 1)))
    TalentFactory(resident=anna)
    SignalFactory(community=community, reported_on=DAY(2025, 1, 1))
    SignalFactory(community=community, reported_on=DAY(2025, 2, 1), closed_on=DAY(2025, 2, 20))
    FireDrillFactory(community=community, held_on=DAY(2024, 6, 1))


def test_facts_by_hand(world):
    populate(world)
    f = community_facts(community=world.community, on=ON)
    assert (f.units, f.residents) == (6, 3)
    assert (f.mix.overall.supported, f.mix.overall.unsupported) == (2, 1)
    # Coach: (8 + 6 + 10 + 8) / 4 = 8,0; year 3 with 6 units: row 40–80, standard column: 8.
    assert f.coach_realised == D("8.0")
    assert (f.coach_norm.low, f.coach_norm.high) == (D(8), D(8))
    # Beheer: 2 / 4 = 0,5 against 6 × 36 / 350 = 0,6 … 6 × 36 / 150 = 1,4.
    assert f.management_realised == D("0.5")
    assert f.management_norm == (D("0.6"), D("1.4"))
    care = {c.organisation: c for c in f.care}
    # Horizon: Anna 7 h × 10 % = 0,7; logged 2,8 / 4 = 0,7. Anker: Bram 5 h → 0,5; 1 / 4 = 0,25.
    assert (care["Zorggroep Horizon"].norm, care["Zorggroep Horizon"].realised) == (
        D("0.7"),
        D("0.7"),
    )
    assert (care["Stichting Anker"].norm, care["Stichting Anker"].realised) == (D("0.5"), D("0.2"))
    assert f.begeleiders_by_organisation == {"Stichting Anker": 1, "Zorggroep Horizon": 1}
    # Participation: only Anna took part in the last 3 months: 1 of 3.
    assert (f.participation_contributing, f.participation_residents) == (1, 3)
    # Organised by residents: 05-03 (residents) and 15-01 (together) of 3 recent; 0 of 1 before.
    assert f.organised_recent == (3, 2) and f.organised_before == (1, 0)
    assert f.activities_by_month == [0, 1, 1]  # December, January, February
    assert f.weekly_weeks == 2  # coffee in the weeks of 10-02 and 03-03
    assert f.meeting_room_activities == 4 and f.activities_half_year == 4
    assert (f.talents_offered, f.talents_used) == (1, 1)
    assert (f.signals.open, f.signals.overdue, f.signals.oldest_days) == (1, 1, 70)
    assert (f.drill_last, f.drill_overdue) == (DAY(2024, 6, 1), False)
    assert f.contact_topics == set() and f.price_classes == {"sociale_huur"}
    assert (f.moved_in, f.moved_out) == (0, 0)
    assert f.cadence is None and f.funding is None


def test_scorecard_statuses_by_hand(world):
    populate(world)
    card = scorecard_for(community=world.community, on=ON)
    expected = {
        "coach_hours": S.ON_COURSE,
        "resident_organised": S.ON_COURSE,
        "talents_used": S.ON_COURSE,
        "mix": S.ACTION,  # 67 %
        "mix_sections": S.ACTION,  # Vleugel A: 2 of 3
        "mix_target": S.ON_COURSE,  # 1/3
        "participation": S.ACTION,  # 33 %
        "moves": S.ON_COURSE,
        "cadence": S.NO_DATA,
        "care_hours": S.ACTION,  # Anker 0,2 < 0,375
        "begeleiders": S.ON_COURSE,
        "meeting_room": S.ON_COURSE,
        "weekly": S.ATTENTION,
        "activities_per_month": S.ACTION,  # 2/3 a month
        "management_hours": S.ATTENTION,  # 0,5 ≥ 0,45
        "signals": S.ACTION,  # 70 days > 2 × 30
        "fire_drill": S.ON_COURSE,
        "contact_card": S.ACTION,
        "units": S.ATTENTION,  # 6 < 40
        "residents": S.ON_COURSE,
        "price_classes": S.ATTENTION,
        "horizon": S.NO_DATA,
        "partners": S.NO_DATA,
        "project_money": S.NO_DATA,
        "survey": S.NO_DATA,
    }
    actual = {i.key: i.status for row in card.rows for i in row.indicators}
    assert actual == expected
    assert card.row(Ingredient.FUNDING).status == S.NO_DATA


def test_facts_cost_the_same_queries_whatever_the_data(world):
    populate(world)
    with CaptureQueriesContext(connection) as small:
        community_facts(community=world.community, on=ON)
    for day in range(1, 28):
        ActivityFactory(
            community=world.community,
            starts_at=at(DAY(2025, 2, day)),
            participants=list(world.residents.values()),
        )
        SignalFactory(community=world.community, reported_on=DAY(2025, 2, day))
    with CaptureQueriesContext(connection) as large:
        community_facts(community=world.community, on=ON)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_half_target_is_checked_on_the_units_of_today(db):
    """A 50-unit community on 1/2 that grows to 80 units by an import keeps 1/2 unnoticed no
    more: the scorecard checks the rule on the units it has now."""
    community = CommunityFactory(mix_target=MixTarget.HALF)
    section = SectionFactory(community=community)
    UnitFactory.create_batch(50, section=section)
    today = DAY(2025, 3, 12)
    assert (
        scorecard_for(community=community, on=today).indicator("mix_target").status == S.ON_COURSE
    )
    UnitFactory.create_batch(30, section=section)
    indicator = scorecard_for(community=community, on=today).indicator("mix_target")
    assert indicator.status == S.ACTION
    assert "telt nu 80 eenheden" in indicator.line
