"""Moves and support through the services, and the database constraints behind them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from communities import selectors, services
from communities.constants import MixStatus, MoveOutReason
from communities.models import Tenancy, TenancyResident
from tests.factories import (
    CareOrganisationFactory,
    CommunityFactory,
    CorporationFactory,
    ResidentFactory,
    SectionFactory,
    SupportPeriodFactory,
    TenancyFactory,
    UnitFactory,
)

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def community():
    return CommunityFactory()


@pytest.fixture
def unit(community):
    return UnitFactory(section=SectionFactory(community=community))


def test_move_in_starts_a_tenancy_and_counts_in_the_mix_at_once(community, unit):
    resident = ResidentFactory(community=community)
    before = selectors.community_mix(community=community, on=D(2024, 5, 1))
    stay = services.resident_move_in(resident=resident, unit=unit, on=D(2024, 5, 1))
    after = selectors.community_mix(community=community, on=D(2024, 5, 1))
    assert before.overall.total == 0
    assert after.overall.unsupported == 1
    assert stay.tenancy.unit == unit and stay.tenancy.start_date == D(2024, 5, 1)


def test_second_resident_joins_the_open_tenancy(community, unit):
    first, partner = ResidentFactory.create_batch(2, community=community)
    services.resident_move_in(resident=first, unit=unit, on=D(2024, 1, 1))
    services.resident_move_in(resident=partner, unit=unit, on=D(2024, 3, 1))
    assert Tenancy.objects.filter(unit=unit).count() == 1
    assert TenancyResident.objects.filter(tenancy__unit=unit).count() == 2


def test_joining_before_the_tenancy_started_is_refused(community, unit):
    first, partner = ResidentFactory.create_batch(2, community=community)
    services.resident_move_in(resident=first, unit=unit, on=D(2024, 3, 1))
    with pytest.raises(ValidationError, match="verhuurd vanaf 01-03-2024"):
        services.resident_move_in(resident=partner, unit=unit, on=D(2024, 1, 1))


def test_a_person_cannot_live_in_two_units(community, unit):
    other_unit = UnitFactory(section=unit.section)
    resident = ResidentFactory(community=community)
    services.resident_move_in(resident=resident, unit=unit, on=D(2024, 1, 1))
    with pytest.raises(ValidationError, match="woont op 01-02-2024 al"):
        services.resident_move_in(resident=resident, unit=other_unit, on=D(2024, 2, 1))


def test_moving_in_before_a_past_stay_ended_is_refused(community, unit):
    other_unit = UnitFactory(section=unit.section)
    resident = ResidentFactory(community=community)
    services.resident_move_in(resident=resident, unit=unit, on=D(2024, 1, 1))
    services.resident_move_out(resident=resident, on=D(2024, 6, 1), reason=MoveOutReason.DOORSTROOM)
    with pytest.raises(ValidationError):
        services.resident_move_in(resident=resident, unit=other_unit, on=D(2024, 5, 1))
    # On the day of moving out the next unit is fine (doorstroom).
    services.resident_move_in(resident=resident, unit=other_unit, on=D(2024, 6, 1))


def test_unit_of_another_community_is_refused(community):
    resident = ResidentFactory(community=community)
    foreign_unit = UnitFactory()
    with pytest.raises(ValidationError, match="hoort niet bij de locatie"):
        services.resident_move_in(resident=resident, unit=foreign_unit, on=D(2024, 1, 1))


def test_move_out_ends_the_tenancy_when_the_last_resident_leaves(community, unit):
    first, partner = ResidentFactory.create_batch(2, community=community)
    services.resident_move_in(resident=first, unit=unit, on=D(2024, 1, 1))
    services.resident_move_in(resident=partner, unit=unit, on=D(2024, 1, 1))
    services.resident_move_out(resident=first, on=D(2024, 4, 1), reason=MoveOutReason.CARE_SETTING)
    tenancy = Tenancy.objects.get(unit=unit)
    assert tenancy.end_date is None
    services.resident_move_out(resident=partner, on=D(2024, 5, 1), reason=MoveOutReason.ELSEWHERE)
    tenancy.refresh_from_db()
    assert tenancy.end_date == D(2024, 5, 1) and tenancy.end_reason == MoveOutReason.ELSEWHERE


def test_move_out_before_move_in_is_refused(community, unit):
    resident = ResidentFactory(community=community)
    services.resident_move_in(resident=resident, unit=unit, on=D(2024, 3, 1))
    with pytest.raises(ValidationError, match="vóór de datum van intrek"):
        services.resident_move_out(resident=resident, on=D(2024, 2, 1), reason=MoveOutReason.OTHER)


def test_move_out_needs_a_valid_reason_and_a_current_stay(community, unit):
    resident = ResidentFactory(community=community)
    with pytest.raises(ValidationError, match="nergens"):
        services.resident_move_out(resident=resident, on=D(2024, 2, 1), reason=MoveOutReason.OTHER)
    services.resident_move_in(resident=resident, unit=unit, on=D(2024, 1, 1))
    with pytest.raises(ValidationError, match="reden"):
        services.resident_move_out(resident=resident, on=D(2024, 2, 1), reason="weggelopen")


def test_support_start_and_end_change_the_mix_but_the_person_stays(community, unit):
    care = CareOrganisationFactory()
    resident = ResidentFactory(community=community)
    services.resident_move_in(resident=resident, unit=unit, on=D(2024, 1, 1))
    period = services.support_start(
        resident=resident, care_organisation=care, on=D(2024, 2, 1), hours_per_week=Decimal("6")
    )
    assert selectors.community_mix(community=community, on=D(2024, 2, 1)).overall.supported == 1
    services.support_end(support_period=period, on=D(2024, 9, 1))
    mix = selectors.community_mix(community=community, on=D(2024, 9, 1))
    assert (mix.overall.supported, mix.overall.unsupported) == (0, 1)
    # The past is unchanged: in March the resident was supported.
    assert selectors.community_mix(community=community, on=D(2024, 3, 1)).overall.supported == 1


def test_support_rules(community):
    care = CareOrganisationFactory()
    resident = ResidentFactory(community=community)
    services.support_start(
        resident=resident, care_organisation=care, on=D(2024, 2, 1), hours_per_week=Decimal("6")
    )
    with pytest.raises(ValidationError, match="al begeleid"):
        services.support_start(
            resident=resident, care_organisation=care, on=D(2024, 3, 1), hours_per_week=Decimal(4)
        )
    with pytest.raises(ValidationError, match="zorgaanbieder"):
        services.support_start(
            resident=ResidentFactory(community=community),
            care_organisation=CorporationFactory(),
            on=D(2024, 3, 1),
            hours_per_week=Decimal(4),
        )
    period = resident.support_periods.get()
    with pytest.raises(ValidationError, match="vóór de startdatum"):
        services.support_end(support_period=period, on=D(2024, 1, 1))
    services.support_end(support_period=period, on=D(2024, 4, 1))
    with pytest.raises(ValidationError, match="al beëindigd"):
        services.support_end(support_period=period, on=D(2024, 5, 1))


def test_database_refuses_two_open_tenancies_on_one_unit(unit):
    TenancyFactory(unit=unit, start_date=D(2024, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        TenancyFactory(unit=unit, start_date=D(2024, 2, 1))


def test_database_refuses_an_end_before_the_start(unit):
    with pytest.raises(IntegrityError), transaction.atomic():
        TenancyFactory(unit=unit, start_date=D(2024, 2, 1), end_date=D(2024, 1, 1))


def test_database_refuses_a_person_in_two_open_stays(community, unit):
    resident = ResidentFactory(community=community)
    other = TenancyFactory(unit=UnitFactory(section=unit.section), start_date=D(2024, 1, 1))
    TenancyResident.objects.create(
        tenancy=TenancyFactory(unit=unit, start_date=D(2024, 1, 1)),
        resident=resident,
        start_date=D(2024, 1, 1),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        TenancyResident.objects.create(tenancy=other, resident=resident, start_date=D(2024, 1, 1))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints: PostgreSQL")
def test_postgres_refuses_overlapping_closed_periods(unit):
    TenancyFactory(unit=unit, start_date=D(2024, 1, 1), end_date=D(2024, 6, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        TenancyFactory(unit=unit, start_date=D(2024, 3, 1), end_date=D(2024, 4, 1))
    # Touching periods do not overlap: the next tenancy may start on the day the last one ended.
    TenancyFactory(unit=unit, start_date=D(2024, 6, 1), end_date=D(2024, 9, 1))
    resident = SupportPeriodFactory(start_date=D(2024, 1, 1), end_date=D(2024, 3, 1)).resident
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportPeriodFactory(resident=resident, start_date=D(2024, 2, 1), end_date=D(2024, 4, 1))


def test_mix_per_section_from_the_database(community):
    section_a = SectionFactory(community=community, name="A")
    section_b = SectionFactory(community=community, name="B")
    care = CareOrganisationFactory()
    day = D(2024, 6, 1)
    for index in range(6):
        section = section_a if index < 3 else section_b
        resident = ResidentFactory(community=community)
        services.resident_move_in(
            resident=resident, unit=UnitFactory(section=section), on=D(2024, 1, 1)
        )
        if index in (0, 1, 3):  # A: 2 of 3 supported; B: 1 of 3
            services.support_start(
                resident=resident, care_organisation=care, on=D(2024, 1, 1), hours_per_week=6
            )
    mix = selectors.community_mix(community=community, on=day)
    assert (mix.overall.supported, mix.overall.unsupported) == (3, 3)
    assert mix.overall.status == MixStatus.ACTION  # 50% against 1/3
    sections = {s.name: s.figures for s in mix.sections}
    assert (sections["A"].supported, sections["A"].unsupported) == (2, 1)
    assert sections["B"].status == MixStatus.ON_COURSE


def test_moves_between_lists_in_and_out(community, unit):
    resident = ResidentFactory(community=community)
    services.resident_move_in(resident=resident, unit=unit, on=D(2024, 1, 10))
    services.resident_move_out(resident=resident, on=D(2024, 2, 5), reason=MoveOutReason.DECEASED)
    moves = selectors.moves_between(community=community, start=D(2024, 1, 1), end=D(2024, 2, 28))
    assert [(m.day, m.direction) for m in moves] == [(D(2024, 1, 10), "in"), (D(2024, 2, 5), "out")]
    assert moves[1].reason == "Overleden"
    assert (
        selectors.moves_between(community=community, start=D(2024, 2, 6), end=D(2024, 3, 1)) == []
    )
