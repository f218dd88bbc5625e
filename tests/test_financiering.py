"""Funding against the database: the services' rules (bad input gets a Dutch error and changes
nothing), the selectors against hand computations, the pages, the document, the monthly mail."""

import datetime
import itertools
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from communities.constants import OrganisationKind, Phase, SignalOutcome, TimeKind
from financiering import selectors, services
from financiering.constants import (
    AgreementKind,
    AgreementStatus,
    MailingStatus,
    OneOffPurpose,
    Purpose,
    WarningKind,
)
from financiering.mailing import horizon_mail_send
from financiering.models import Contribution, FundingAgreement, HorizonMailing
from financiering.tasks import horizon_mail_all
from tests.factories import (
    CommunityFactory,
    OrganisationFactory,
    PilotLightDecisionFactory,
    SectionFactory,
    SignalFactory,
    TimeEntryFactory,
    UnitFactory,
)

D = datetime.date
TODAY = D(2026, 3, 16)


@pytest.fixture
def orgs(world):
    c = world.community
    return {
        "gemeente": c.municipality,
        "corporatie": c.corporation,
        "horizon": world.care,
        "anker": world.other_care,
        "welzijn": OrganisationFactory(name="Welzijn Oost", kind=OrganisationKind.WELZIJN),
    }


def agreement(world, orgs, **kw):
    data = {
        "by": world.users["beheerder"],
        "communities": [world.community],
        "title": "Meerjarenafspraak De Kade",
        "kind": AgreementKind.REGULAR,
        "status": AgreementStatus.SIGNED,
        "start_date": D(2025, 1, 1),
        "end_date": D(2027, 12, 31),
        "purposes": [Purpose.COACH, Purpose.CARE_HOURS, Purpose.SOCIAL_MANAGEMENT],
        "parties": [orgs["gemeente"], orgs["corporatie"], orgs["horizon"]],
    }
    return services.agreement_save(**(data | kw))


def contribute(world, a, party, purpose, year, unit, value):
    return services.contribution_add(
        by=world.users["beheerder"],
        agreement=a,
        community=world.community,
        party=party,
        purpose=purpose,
        year=year,
        unit=unit,
        value=value,
    )


# --- Bad input ---------------------------------------------------------------------------------


def errors_of(call):
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


def test_end_before_start_is_refused(world, orgs):
    errors = errors_of(
        lambda: agreement(world, orgs, start_date=D(2026, 1, 1), end_date=D(2025, 1, 1))
    )
    assert errors["end_date"] == ["De einddatum ligt vóór de ingangsdatum."]
    assert not FundingAgreement.objects.exists()


def test_overlapping_agreements_for_the_same_purpose_are_refused(world, orgs):
    agreement(world, orgs)
    errors = errors_of(
        lambda: agreement(
            world,
            orgs,
            title="Tweede",
            start_date=D(2027, 6, 1),
            end_date=D(2029, 12, 31),
            purposes=[Purpose.COACH],
        )
    )
    assert (
        "overlapt met Meerjarenafspraak De Kade (01-01-2025 t/m 31-12-2027)"
        in errors["start_date"][0]
    )
    assert "communitycoach" in errors["start_date"][0]
    # Another purpose in the same period is fine; so is the same purpose afterwards.
    agreement(world, orgs, title="Budget", purposes=[Purpose.ACTIVITIES_BUDGET])
    agreement(world, orgs, title="Vervolg", start_date=D(2028, 1, 1), end_date=D(2032, 12, 31))
    assert FundingAgreement.objects.count() == 3


def test_communities_of_two_municipalities_are_refused(world, orgs):
    elsewhere = CommunityFactory()
    errors = errors_of(lambda: agreement(world, orgs, communities=[world.community, elsewhere]))
    assert "één gemeente" in errors["communities"][0]


def test_contribution_outside_the_period_is_refused(world, orgs):
    a = agreement(world, orgs)
    errors = errors_of(
        lambda: contribute(world, a, orgs["gemeente"], Purpose.COACH, 2028, "geld", "1000")
    )
    assert errors["year"] == [
        "Het jaar valt buiten de looptijd van de afspraak (01-01-2025 t/m 31-12-2027)."
    ]


@pytest.mark.parametrize(
    ("unit", "value", "message"),
    [
        ("geld", "-100", "Een negatief getal kan hier niet: vul 0 of meer in."),
        ("uren", "-2", "Een negatief getal kan hier niet: vul 0 of meer in."),
        ("geld", "1.234,567", "Vul hoogstens 2 decimalen in (bijvoorbeeld 1.234,56)."),
        ("uren", "12,25", "Vul hoogstens één decimaal in."),
        ("uren", "200", "Een week heeft 168 uur: kijk het aantal na."),
        ("geld", "veel", "Vul een bedrag in euro's in, bijvoorbeeld 1.234,56."),
    ],
)
def test_bad_amounts_and_hours_change_nothing(world, orgs, unit, value, message):
    a = agreement(world, orgs)
    errors = errors_of(
        lambda: contribute(world, a, orgs["gemeente"], Purpose.COACH, 2026, unit, value)
    )
    assert errors["value"] == [message]
    assert not Contribution.objects.exists()


def test_dutch_thousands_are_the_right_number(world, orgs):
    a = agreement(world, orgs)
    c = contribute(world, a, orgs["gemeente"], Purpose.COACH, 2026, "geld", "31.200,50")
    assert c.amount_per_year == Decimal("31200.50") and c.hours_per_week is None
    h = contribute(world, a, orgs["horizon"], Purpose.CARE_HOURS, 2026, "uren", "12,0")
    assert h.hours_per_week == Decimal(12) and h.amount_per_year is None


def test_party_and_purpose_must_belong_to_the_agreement(world, orgs):
    a = agreement(world, orgs)
    errors = errors_of(
        lambda: contribute(world, a, orgs["welzijn"], Purpose.BRIDGE, 2026, "uren", "2")
    )
    assert set(errors) == {"party", "purpose"}


def test_one_contribution_per_party_purpose_and_year(world, orgs):
    a = agreement(world, orgs)
    contribute(world, a, orgs["gemeente"], Purpose.COACH, 2026, "geld", "1000")
    errors = errors_of(
        lambda: contribute(world, a, orgs["gemeente"], Purpose.COACH, 2026, "geld", "2000")
    )
    assert "al een bijdrage" in errors["year"][0]


def test_one_off_outside_the_period_and_negative(world, orgs):
    a = agreement(world, orgs)
    errors = errors_of(
        lambda: services.one_off_add(
            by=world.users["beheerder"],
            agreement=a,
            community=world.community,
            party=orgs["corporatie"],
            purpose=OneOffPurpose.FURNISHING,
            amount="-5",
            paid_on=D(2024, 12, 1),
        )
    )
    assert set(errors) == {"paid_on", "amount"}


def test_shortening_an_agreement_may_not_strand_contributions(world, orgs):
    a = agreement(world, orgs)
    contribute(world, a, orgs["gemeente"], Purpose.COACH, 2027, "geld", "1000")
    errors = errors_of(lambda: agreement(world, orgs, agreement=a, end_date=D(2026, 12, 31)))
    assert "buiten deze periode" in errors["end_date"][0]


def test_pdf_only_and_size_limited(world, orgs, settings):
    a = agreement(world, orgs)
    by = world.users["beheerder"]
    with pytest.raises(ValidationError, match="Alleen een pdf"):
        services.agreement_document_attach(
            agreement=a, by=by, content=b"MZ\x90", name="afspraak.pdf"
        )
    with pytest.raises(ValidationError, match="Alleen een pdf"):
        services.agreement_document_attach(
            agreement=a, by=by, content=b"%PDF-1.7", name="afspraak.exe"
        )
    big = b"%PDF-1.7" + b"0" * (10 * 1024 * 1024)
    with pytest.raises(ValidationError, match="groter dan 10 MB"):
        services.agreement_document_attach(agreement=a, by=by, content=big, name="afspraak.pdf")
    a.refresh_from_db()
    assert not a.document


# --- Selectors against hand computations -------------------------------------------------------


def test_horizon_from_signed_agreements(world, orgs):
    a = agreement(world, orgs)
    for year in (2025, 2026, 2027):
        contribute(world, a, orgs["gemeente"], Purpose.COACH, year, "geld", "31200")
        contribute(world, a, orgs["corporatie"], Purpose.SOCIAL_MANAGEMENT, year, "uren", "8")
    contribute(world, a, orgs["horizon"], Purpose.CARE_HOURS, 2026, "uren", "2")
    horizon = selectors.community_horizon(community=world.community, today=TODAY)
    by_purpose = {p.purpose: p for p in horizon.purposes}
    # 16-03-2026 → 01-01-2028 = 21 whole months = 1,75 → 1,7 years.
    assert by_purpose["coach"].years == Decimal("1.7")
    assert by_purpose["beheer"].until == D(2027, 12, 31)
    # Care hours only for 2026: 16-03-2026 → 01-01-2027 = 9 months = 0,7 years; the shortest.
    assert by_purpose["zorg"].years == Decimal("0.7")
    assert horizon.years == Decimal("0.7")
    # A draft does not secure anything.
    agreement(world, orgs, agreement=a, status=AgreementStatus.DRAFT)
    assert selectors.community_horizon(community=world.community, today=TODAY).years == 0


def test_status_warns_about_project_money_and_partners(world, orgs):
    world.community.partners.add(orgs["welzijn"])
    project = agreement(
        world,
        orgs,
        title="Project coach",
        kind=AgreementKind.PROJECT,
        end_date=D(2026, 9, 30),
        purposes=[Purpose.COACH],
    )
    contribute(world, project, orgs["gemeente"], Purpose.COACH, 2026, "geld", "20000")
    status = selectors.funding_status(community=world.community, today=TODAY)
    found = {w.kind for w in status.warnings}
    assert found == {
        WarningKind.ENDS_WITHOUT_SUCCESSOR,
        WarningKind.PROJECT_WITHOUT_REGULAR,
        WarningKind.HORIZON_SHORT,
        WarningKind.PARTNER_WITHOUT_CONTRIBUTION,
    }
    silent = {w.text for w in status.warnings if w.kind == WarningKind.PARTNER_WITHOUT_CONTRIBUTION}
    assert "Welzijn Oost draagt dit jaar niets bij in geld of uren." in silent
    assert status.partners_contributing == 1
    # A signed regular successor lifts both agreement warnings.
    agreement(
        world,
        orgs,
        title="Regulier vervolg",
        start_date=D(2026, 10, 1),
        end_date=D(2031, 12, 31),
        purposes=[Purpose.COACH],
        predecessor=project,
    )
    status = selectors.funding_status(community=world.community, today=TODAY)
    assert WarningKind.PROJECT_WITHOUT_REGULAR not in {w.kind for w in status.warnings}
    assert selectors.project_money_without_follow_up_for(
        communities=[world.community], today=TODAY
    ) == {world.community.pk: []}


def test_norms_calculation_for_a_community(world, orgs):
    # 6 units in year 1 of the world → 40–80 row (below scale), year-1 column: 12 h/week.
    community = world.community
    community.residents_moved_in_on = D(2025, 6, 1)
    community.save()
    a = agreement(world, orgs, start_date=D(2026, 1, 1))
    contribute(world, a, orgs["gemeente"], Purpose.COACH, 2026, "geld", "31.200")  # 8 h at 75×52
    contribute(world, a, orgs["horizon"], Purpose.CARE_HOURS, 2026, "uren", "0,7")
    contribute(world, a, orgs["corporatie"], Purpose.SOCIAL_MANAGEMENT, 2026, "uren", "1")
    calc = selectors.norms_calculation(
        community=community, today=TODAY, viewer=world.users["beheerder"]
    )
    coach = calc.coach
    assert (coach.low, coach.agreed, coach.status_label) == (12, 8, "tekort")
    assert coach.gap_label == "4,0 u/week te weinig"
    assert "(onder de schaal van het model: minder dan 40 eenheden)" in coach.steps[0]
    care = {line.label: line for line in calc.lines if line.key.startswith("zorg")}
    # Anna (Horizon, 7 h) → 0,7 h; one client: hidden for other organisations' people.
    horizon = care["Community-uren Zorggroep Horizon"]
    assert horizon.masked and horizon.low is None
    mine = selectors.norms_calculation(
        community=community, today=TODAY, viewer=world.users["begeleider"]
    )
    horizon = next(line for line in mine.lines if line.label == "Community-uren Zorggroep Horizon")
    assert (horizon.low, horizon.agreed, horizon.status_label) == (
        Decimal("0.7"),
        Decimal("0.7"),
        "gedekt",
    )
    beheer = calc.lines[-1]
    # 6 × 36 ÷ 350 = 0,617 → 0,6; 6 × 36 ÷ 150 = 1,44 → 1,4: 1 h agreed is covered.
    assert (beheer.low, beheer.high, beheer.status_label) == (
        Decimal("0.6"),
        Decimal("1.4"),
        "gedekt",
    )


def _units(community, n):
    section = SectionFactory(community=community)
    for _ in range(n):
        UnitFactory(section=section)


@pytest.mark.parametrize(
    ("units", "moved_in", "today", "norm"),
    [
        (80, D(2025, 3, 16), D(2026, 3, 15), (12, 12)),  # last day of year 1
        (80, D(2025, 3, 16), D(2026, 3, 16), (8, 8)),  # first day of year 2
        (160, D(2025, 3, 16), D(2026, 3, 16), (12, 12)),
        (240, D(2023, 3, 16), D(2026, 3, 15), (16, 16)),  # last day of year 3
        (240, D(2023, 3, 16), D(2026, 3, 16), (6, 6)),  # after year 3
    ],
)
def test_coach_table_edges_and_year_boundaries_through_the_community(
    world, units, moved_in, today, norm
):
    community = CommunityFactory(residents_moved_in_on=moved_in)
    _units(community, units)
    calc = selectors.norms_calculation(
        community=community, today=today, viewer=world.users["gemeente"]
    )
    assert (calc.coach.low, calc.coach.high) == norm


def test_pilot_light_only_as_a_recorded_decision(world):
    community = CommunityFactory(residents_moved_in_on=D(2021, 1, 1))
    _units(community, 60)
    calc = selectors.norms_calculation(
        community=community, today=TODAY, viewer=world.users["gemeente"]
    )
    assert (calc.coach.low, calc.coach.high) == (4, 6)  # after year 3, no decision: no pilot light
    PilotLightDecisionFactory(community=community, decided_on=D(2026, 1, 5))
    calc = selectors.norms_calculation(
        community=community, today=TODAY, viewer=world.users["gemeente"]
    )
    assert calc.coach.low == Decimal("0.92")
    assert "De kerngroep heeft de waakvlam vastgelegd als besluit." in calc.coach.steps


def test_override_with_reason_in_the_calculation(world):
    from communities.hours.services import norms_override_save

    community = world.community
    norms_override_save(
        community=community,
        low="10",
        high="12",
        care_share_percent="10",
        hours_per_fte="36",
        reason="Start met veel nieuwe bewoners",
    )
    community.refresh_from_db()
    calc = selectors.norms_calculation(
        community=community, today=TODAY, viewer=world.users["gemeente"]
    )
    assert (calc.coach.low, calc.coach.high) == (10, 12)
    assert any("Reden: Start met veel nieuwe bewoners" in s for s in calc.coach.steps)


def test_realised_hours_per_party_per_month(world, orgs):
    a = agreement(world, orgs, start_date=D(2026, 1, 1))
    contribute(world, a, orgs["horizon"], Purpose.CARE_HOURS, 2026, "uren", "3")
    contribute(world, a, orgs["corporatie"], Purpose.SOCIAL_MANAGEMENT, 2026, "uren", "4")
    # Horizon's begeleider logs 2 h in two February weeks; the corporation logs nothing.
    for monday in (D(2026, 2, 2), D(2026, 2, 9)):
        TimeEntryFactory(
            community=world.community,
            user=world.users["begeleider"],
            kind=TimeKind.CARE,
            week_start=monday,
            hours=Decimal(2),
        )
    rows = {
        r.party: r
        for r in selectors.realised_against_agreed(community=world.community, today=TODAY, months=2)
    }
    horizon = rows["Zorggroep Horizon"]
    january, february = horizon.months
    assert (february.month, february.agreed, february.logged) == (D(2026, 2, 1), 12, 4)
    assert february.short and not february.missing
    assert january.missing  # 3 × 4 Mondays agreed, nothing logged
    corporation = rows[orgs["corporatie"].name]
    assert corporation.missing_months == 2 and corporation.agreed == 4 * 4 + 4 * 4


def test_budget_overspent(world, orgs):
    a = agreement(world, orgs, purposes=[Purpose.ACTIVITIES_BUDGET])
    contribute(world, a, orgs["corporatie"], Purpose.ACTIVITIES_BUDGET, 2026, "geld", "1.500")
    for amount in ("1.000,00", "720,50"):
        services.spending_add(
            by=world.users["beheerder"],
            community=world.community,
            budget=Purpose.ACTIVITIES_BUDGET,
            spent_on=D(2026, 2, 1),
            amount=amount,
            description="Zomerfeest",
        )
    [activities, association] = selectors.budget_years(community=world.community, years=[2026])
    assert activities.overspent and activities.spent == Decimal("1720.50")
    assert not association.overspent


def _prevented(community, closed_on):
    return SignalFactory(
        community=community,
        reported_on=closed_on - datetime.timedelta(days=30),
        closed_on=closed_on,
        outcome=SignalOutcome.EVICTION_PREVENTED,
    )


def test_value_of_early_warning_and_small_counts(world, orgs):
    for day in (
        D(2024, 5, 1),
        D(2025, 3, 1),
        D(2025, 4, 1),
        D(2025, 5, 1),
        D(2025, 6, 1),
        D(2025, 7, 1),
        D(2026, 1, 10),
    ):
        _prevented(world.community, day)
    a = agreement(world, orgs)
    contribute(world, a, orgs["gemeente"], Purpose.COACH, 2025, "geld", "30.000")
    contribute(world, a, orgs["horizon"], Purpose.CARE_HOURS, 2025, "uren", "12")
    full = selectors.early_warning_value(
        communities=[world.community], avoided_cost=Decimal(10000), masked=False, today=TODAY
    )
    assert [(y.year, y.prevented_shown) for y in full.years] == [
        (2024, "1"),
        (2025, "5"),
        (2026, "1"),
    ]
    assert full.avoided == Decimal(70000)
    y2025 = full.years[1]
    assert (y2025.avoided, y2025.funding, y2025.care_hours) == (
        Decimal(50000),
        Decimal(30000),
        Decimal(12),
    )
    masked = selectors.prevented_evictions_value_for(
        communities=[world.community], today=TODAY, masked=True, avoided_cost=Decimal(10000)
    )
    # 2024 and 2026 are small: "< 5"; with 2025 shown, 7 − 5 = 2 = 1 + 1 gives both away, and
    # hiding 2025 too ("x" is 5 or more) still leaves only 1 + 5 + 1: nothing per year is shown.
    assert [y.prevented_shown for y in masked.years] == ["–", "–", "–"]
    assert all(y.avoided is None for y in masked.years)
    assert (masked.prevented_shown, masked.avoided) == ("7", Decimal(70000))


def test_value_hides_only_the_years_the_total_needs(world):
    for day in (D(2024, 5, 1), *(D(2025, m, 1) for m in range(1, 7)), D(2026, 1, 10)):
        _prevented(world.community, day)
    for month in range(2, 10):
        _prevented(world.community, D(2023, month, 1))
    value = selectors.early_warning_value(
        communities=[world.community], avoided_cost=Decimal(10000), masked=True, today=TODAY
    )
    # 2024 and 2026 are small; 2025 (6, the smallest other year) is hidden with them, so that
    # 16 − 8 = 8 leaves 2024 and 2026 open; 2023 shows.
    assert [(y.year, y.prevented_shown) for y in value.years] == [
        (2023, "8"),
        (2024, "< 5"),
        (2025, "x"),
        (2026, "< 5"),
    ]
    assert [y.avoided for y in value.years] == [Decimal(80000), None, None, None]
    assert (value.prevented_shown, value.avoided) == ("16", Decimal(160000))


def _attack(shown: dict[int, str], total: str) -> dict[int, set[int]]:
    """Every value a year can have, given only the labels: the total ("< 5": 1–4; "–": unknown,
    at most 4 then, since only a small total is ever hidden), each year's count, "< 5" (1–4),
    "x" (5 or more) or "–" (anything)."""
    if total.isdigit():
        totals = {int(total)}
    else:
        totals = set(range(1, 5)) if total == "< 5" else set(range(0, 5))
    bound = max(totals)
    ranges = {
        "< 5": range(1, 5),
        "x": range(5, bound + 1),
        "–": range(0, bound + 1),
    }
    options = [[int(label)] if label.isdigit() else list(ranges[label]) for label in shown.values()]
    possible = {year: set() for year in shown}
    for table in itertools.product(*options):
        if sum(table) in totals:
            for year, value in zip(shown, table, strict=True):
                possible[year].add(value)
    return possible


@pytest.mark.parametrize(
    "by_year",
    [
        {2024: 1, 2025: 6, 2026: 8},
        {2023: 8, 2024: 1, 2025: 6, 2026: 1},
        {2024: 1, 2025: 5, 2026: 1},
        {2024: 4, 2025: 9, 2026: 12, 2027: 0},
        {2024: 1, 2025: 2, 2026: 20},
        {2024: 3, 2025: 0},  # a small total
        {2024: 2, 2025: 1},  # a small total of small years
        {2024: 1, 2025: 1, 2026: 1, 2027: 1},  # a small total that pins every year
        {2024: 7, 2025: 9},
        {2025: 2},
    ],
)
def test_no_hidden_year_can_be_worked_out_from_the_total(by_year):
    cells = selectors.prevented_cells(by_year)
    shown = {year: cells.label(year) for year in by_year}
    total = sum(by_year.values())
    years = [
        selectors.ValueYear(year, n, shown[year], None, Decimal(0), Decimal(0))
        for year, n in by_year.items()
    ]
    value = selectors.EarlyWarningValue(
        avoided_cost=Decimal(1), masked=True, years=years, cells=cells
    )
    total_shown = value.prevented_shown
    possible = _attack(shown, total_shown)
    for year, count in by_year.items():
        assert count in possible[year]
        if cells[year].hidden:
            assert len(possible[year]) >= 2, (year, shown, total_shown)
        else:
            assert shown[year] == str(count)
    # Only years with something to protect are hidden, and a big total always shows.
    assert bool(cells.hidden_keys) == any(0 < n < 5 for n in by_year.values())
    assert (total >= 5) == (total_shown == str(total))


def test_value_with_no_small_year_hides_nothing(world):
    for day in (*(D(2024, m, 1) for m in range(1, 6)), *(D(2025, m, 1) for m in range(1, 8))):
        _prevented(world.community, day)
    value = selectors.early_warning_value(
        communities=[world.community], avoided_cost=Decimal(1000), masked=True, today=TODAY
    )
    assert [y.prevented_shown for y in value.years] == ["5", "7"]
    assert [y.avoided for y in value.years] == [Decimal(5000), Decimal(7000)]


def test_value_total_under_5_is_hidden(world):
    _prevented(world.community, D(2025, 3, 1))
    value = selectors.early_warning_value(
        communities=[world.community], avoided_cost=Decimal(10000), masked=True, today=TODAY
    )
    assert (value.prevented_shown, value.avoided) == ("< 5", None)


def test_multi_year_rows_and_totals(world, orgs):
    a = agreement(world, orgs)
    contribute(world, a, orgs["gemeente"], Purpose.COACH, 2025, "geld", "1.000")
    contribute(world, a, orgs["gemeente"], Purpose.COACH, 2026, "geld", "2.000")
    contribute(world, a, orgs["horizon"], Purpose.CARE_HOURS, 2026, "uren", "12")
    services.one_off_add(
        by=world.users["beheerder"],
        agreement=a,
        community=world.community,
        party=orgs["corporatie"],
        purpose=OneOffPurpose.FURNISHING,
        amount="12.500",
        paid_on=D(2025, 2, 1),
    )
    years = [2025, 2026]
    rows = selectors.multi_year_rows(
        communities=[world.community], years=years, per_community=False
    )
    totals = selectors.multi_year_totals(rows=rows, years=years)
    assert totals[2025] == (Decimal(13500), Decimal(0))
    assert totals[2026] == (Decimal(2000), Decimal(12))
    furnishing = next(r for r in rows if r.purpose == "Inrichting ontmoetingsruimte")
    assert furnishing.kind == "eenmalig" and furnishing.cells == {2025: (Decimal(12500), None)}


# --- Pages -------------------------------------------------------------------------------------


@pytest.fixture
def funded(world, orgs):
    year = timezone.localdate().year
    a = agreement(world, orgs, start_date=D(year - 1, 1, 1), end_date=D(year + 1, 12, 31))
    contribute(world, a, orgs["gemeente"], Purpose.COACH, year, "geld", "31.200")
    contribute(world, a, orgs["horizon"], Purpose.CARE_HOURS, year, "uren", "12")
    return a


def test_overview_shows_horizon_warnings_and_table(client, world, funded):
    client.force_login(world.users["gemeente"])
    body = client.get(reverse("funding_overview", args=["de-kade"])).content.decode()
    assert "Meerjarenafspraak De Kade" in body
    assert "€ 31.200,00" in body and "12,0 u/week" in body
    assert "Financiering korter dan 5 jaar zeker" in body
    assert "Nieuwe afspraak" not in body  # read only


def test_community_and_home_pages_carry_the_funding_panel(client, world, funded):
    client.force_login(world.users["gemeente"])
    assert (
        "Naar de financiering"
        in client.get(reverse("community_detail", args=["de-kade"])).content.decode()
    )
    assert "jaar zeker" in client.get(reverse("home")).content.decode()
    client.force_login(world.users["coach"])
    assert (
        "Naar de financiering"
        not in client.get(reverse("community_detail", args=["de-kade"])).content.decode()
    )


def test_editor_creates_an_agreement_with_its_pdf_and_the_download_is_audited(client, world, orgs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.users["beheerder"])
    response = client.post(
        reverse("funding_agreement_new", args=["de-kade"]),
        {
            "title": "Afspraak met pdf",
            "communities": [world.community.pk],
            "parties": [orgs["gemeente"].pk],
            "purposes": [Purpose.COACH],
            "kind": AgreementKind.REGULAR,
            "status": AgreementStatus.SIGNED,
            "start_date": "01-01-2026",
            "end_date": "31-12-2030",
            "document": SimpleUploadedFile("getekend.pdf", b"%PDF-1.7\n%%EOF", "application/pdf"),
        },
    )
    a = FundingAgreement.objects.get()
    assert response.status_code == 302 and a.document
    download = client.get(reverse("funding_agreement_document", args=["de-kade", a.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert (
        AuditEvent.objects.filter(action="download", object_type="funding_agreement").count() == 1
    )
    client.force_login(world.users["coach"])
    assert (
        client.get(reverse("funding_agreement_document", args=["de-kade", a.pk])).status_code == 403
    )
    assert AuditEvent.objects.filter(action="download").count() == 1


def test_end_before_start_in_the_form_shows_the_dutch_error(client, world, orgs):
    client.force_login(world.users["beheerder"])
    response = client.post(
        reverse("funding_agreement_new", args=["de-kade"]),
        {
            "title": "Verkeerd om",
            "communities": [world.community.pk],
            "parties": [orgs["gemeente"].pk],
            "purposes": [Purpose.COACH],
            "kind": AgreementKind.REGULAR,
            "status": AgreementStatus.DRAFT,
            "start_date": "01-01-2027",
            "end_date": "31-12-2026",
        },
    )
    assert response.status_code == 200
    assert "De einddatum ligt vóór de ingangsdatum." in response.content.decode()
    assert not FundingAgreement.objects.exists()


def test_contribution_form_accepts_dutch_thousands_and_refuses_three_decimals(
    client, world, funded
):
    client.force_login(world.users["beheerder"])
    url = reverse("funding_contribution_add", args=["de-kade", funded.pk])
    year = timezone.localdate().year
    data = {
        "community": world.community.pk,
        "party": funded.parties.get(kind="corporatie").pk,
        "purpose": Purpose.SOCIAL_MANAGEMENT,
        "year": year,
        "unit": "geld",
    }
    bad = client.post(url, data | {"value": "1.234,567"})
    assert "Vul hoogstens 2 decimalen in" in bad.content.decode()
    good = client.post(url, data | {"value": "1.234,56"})
    assert good.status_code == 302
    assert Contribution.objects.get(purpose=Purpose.SOCIAL_MANAGEMENT).amount_per_year == Decimal(
        "1234.56"
    )


def test_calculator_page_with_the_seed_examples(client, world):
    client.force_login(world.users["gemeente"])
    url = reverse("funding_calculator")
    body = client.get(url).content.decode()
    assert "266 complexen × 4 u × € 75,00 × 42 weken = € 3.351.600,00" in body
    body = client.get(
        url,
        {
            "units": 80,
            "phase": Phase.YEAR_1,
            "supported": 20,
            "average_hours": "6",
            "rate": "75",
            "weeks": "52",
        },
    ).content.decode()
    assert "20 cliënten met samen 120,0 u/week geïndiceerde uren × 10% = 12,0 u/week" in body
    assert "80 eenheden → jaar 1 → kolom jaar 1 → rij 40–80 → 12 uur per week" in body
    refused = client.get(
        url,
        {
            "units": 120,
            "phase": Phase.LATER,
            "pilot_light": "on",
            "supported": 20,
            "average_hours": "6",
        },
    ).content.decode()
    assert "De waakvlam kan alleen na jaar 3 en onder de 100 eenheden" in refused


def test_export_csv_and_xlsx(client, world, funded):
    client.force_login(world.users["stuurgroep"])
    csv = client.get(reverse("funding_export", args=["de-kade"]), {"format": "csv"})
    text = csv.content.decode("utf-8-sig")
    year = timezone.localdate().year
    assert text.splitlines()[0] == "Jaar;Partij;Doel;Soort geld;Bedrag (€);Uren per week"
    assert (
        f"{year};{world.community.municipality.name};Communitycoach;Regulier geld;31200,00;" in text
    )
    xlsx = client.get(reverse("funding_export", args=["de-kade"]), {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        client.get(reverse("funding_export", args=["de-kade"]), {"format": "exe"}).status_code
        == 404
    )


def test_municipality_pages(client, world, funded):
    client.force_login(world.users["gemeente"])
    pk = world.community.municipality_id
    body = client.get(reverse("funding_municipality", args=[pk])).content.decode()
    assert 'data-test="horizon-de-kade"' in body and "€ 31.200,00" in body
    csv = client.get(reverse("funding_municipality_export", args=[pk]), {"format": "csv"})
    assert "Locatie;Jaar" in csv.content.decode("utf-8-sig")


# --- The monthly mail --------------------------------------------------------------------------


def test_monthly_mail_skips_with_a_reason_until_the_kerngroep_exists(world, funded):
    mailing = horizon_mail_send(community=world.community, today=TODAY)
    assert mailing.status == MailingStatus.SKIPPED
    assert "kerngroep" in mailing.reason
    assert mail.outbox == []


def test_monthly_mail_goes_once_per_month(
    world, funded, monkeypatch, django_capture_on_commit_callbacks
):
    from financiering import governance_link

    recipients = governance_link.Recipients(emails=("gemeente@example.org",), reason="")
    monkeypatch.setattr(governance_link, "kerngroep_recipients", lambda community: recipients)
    # The mails go through the outbox: sent once the claim's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        first = horizon_mail_send(community=world.community, today=TODAY)
        second = horizon_mail_send(
            community=world.community, today=TODAY + datetime.timedelta(days=3)
        )
    assert first.status == second.status == MailingStatus.SENT and first.pk == second.pk
    assert len(mail.outbox) == 1
    assert "Financiering De Kade" in mail.outbox[0].subject
    assert "/locaties/de-kade/financiering/" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        horizon_mail_send(community=world.community, today=D(2026, 4, 1))
    assert len(mail.outbox) == 2 and HorizonMailing.objects.count() == 2


def test_beat_task_runs_for_every_community(world):
    assert horizon_mail_all() == 2
    assert HorizonMailing.objects.count() == 2


# --- Several communities of one municipality ---------------------------------------------------


def test_an_agreement_for_two_communities_of_one_municipality(client, world, orgs):
    from communities.constants import Role
    from tests.factories import MembershipFactory

    second = CommunityFactory(
        name="De Werf", slug="de-werf", municipality=world.community.municipality
    )
    a = agreement(world, orgs, communities=[world.community, second])
    services.contribution_add(
        by=world.users["beheerder"],
        agreement=a,
        community=second,
        party=orgs["gemeente"],
        purpose=Purpose.COACH,
        year=2026,
        unit="geld",
        value="10.000",
    )
    horizons = selectors.horizons_for(communities=[world.community, second], today=TODAY)
    coach = {pk: {p.purpose: p.years for p in h.purposes}["coach"] for pk, h in horizons.items()}
    # 16-03-2026 → 01-01-2027: 9 months.
    assert coach == {world.community.pk: Decimal("0.0"), second.pk: Decimal("0.7")}
    # The beheerder of De Kade only reads De Werf: changing the shared agreement is refused.
    MembershipFactory(user=world.users["beheerder"], community=second, role=Role.GEMEENTE)
    client.force_login(world.users["beheerder"])
    assert client.get(reverse("funding_agreement_edit", args=["de-kade", a.pk])).status_code == 403
    assert (
        client.get(reverse("funding_agreement_detail", args=["de-werf", a.pk])).status_code == 200
    )
    # The municipality overview shows both.
    body = client.get(reverse("funding_municipality", args=[world.community.municipality_id]))
    assert 'data-test="horizon-de-werf"' in body.content.decode()


def test_readers_cannot_post_spending(client, world):
    client.force_login(world.users["gemeente"])
    url = reverse("funding_spending", args=["de-kade"])
    response = client.post(
        url,
        {
            "budget": Purpose.ACTIVITIES_BUDGET,
            "spent_on": "01-02-2026",
            "amount": "10",
            "description": "x",
        },
    )
    assert response.status_code == 403


def test_an_agreement_of_another_community_is_not_found(client, world, orgs):
    other = services.agreement_save(
        by=world.users["buitenstaander"],
        communities=[world.other_community],
        title="Elders",
        kind=AgreementKind.REGULAR,
        status=AgreementStatus.SIGNED,
        start_date=D(2025, 1, 1),
        end_date=D(2026, 12, 31),
        purposes=[Purpose.COACH],
        parties=[orgs["gemeente"]],
    )
    client.force_login(world.users["beheerder"])
    assert (
        client.get(reverse("funding_agreement_detail", args=["de-kade", other.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("funding_agreement_edit", args=["de-kade", other.pk])).status_code == 404
    )


def test_the_two_calculator_forms_keep_each_others_values(client, world):
    client.force_login(world.users["gemeente"])
    body = client.get(
        reverse("funding_calculator"),
        {
            "units": 80,
            "phase": Phase.YEAR_1,
            "supported": 20,
            "average_hours": "6",
            "rate": "80",
            "weeks": 52,
            "welzijn-complexes": 100,
            "welzijn-hours": "4",
            "welzijn-rate": "75",
            "welzijn-weeks": 42,
        },
    ).content.decode()
    assert "100 complexen × 4 u × € 75,00 × 42 weken = € 1.260.000,00" in body
    assert '<input type="hidden" name="welzijn-complexes" value="100">' in body
    assert '<input type="hidden" name="units" value="80">' in body
    assert "12 u/week × € 80,00 × 52 weken = € 49.920,00 per jaar" in body


def test_value_page_masks_small_counts_for_the_gemeente_only(client, world):
    _prevented(world.community, D(2025, 3, 1))
    url = reverse("funding_value", args=["de-kade"])
    client.force_login(world.users["gemeente"])
    body = client.get(url, {"avoided_cost": "12.500"}).content.decode()
    assert 'data-test="prevented-total">&lt; 5<' in body
    assert "€ 12.500,00" not in body
    client.force_login(world.users["beheerder"])
    body = client.get(url, {"avoided_cost": "12.500"}).content.decode()
    assert 'data-test="prevented-total">1<' in body
    assert 'data-test="avoided-total">€ 12.500,00<' in body


def test_value_page_shows_a_second_hidden_year_and_says_why(client, world):
    _prevented(world.community, D(2024, 5, 1))
    for month in range(1, 7):
        _prevented(world.community, D(2025, month, 1))
    for month in range(2, 10):
        _prevented(world.community, D(2023, month, 1))
    client.force_login(world.users["gemeente"])
    body = client.get(reverse("funding_value", args=["de-kade"])).content.decode()
    rows = re.findall(r"<tr><td>(\d{4})</td><td class=\"text-end\">([^<]*)</td>", body)
    assert rows == [("2023", "8"), ("2024", "&lt; 5"), ("2025", "x")]
    assert 'data-test="prevented-total">15<' in body
    assert "Een jaar met 'x' is ook verborgen (5 of meer)" in body


def test_editor_changes_an_agreement_and_deletes_a_contribution(client, world, orgs, funded):
    client.force_login(world.users["beheerder"])
    edit = reverse("funding_agreement_edit", args=["de-kade", funded.pk])
    form = client.get(edit).context["form"]
    data = {
        "title": "Nieuwe titel",
        "communities": [c.pk for c in form.initial["communities"]],
        "parties": [p.pk for p in form.initial["parties"]],
        "purposes": form.initial["purposes"],
        "kind": AgreementKind.PROJECT,
        "status": AgreementStatus.SIGNED,
        "start_date": form.initial["start_date"].strftime("%d-%m-%Y"),
        "end_date": form.initial["end_date"].strftime("%d-%m-%Y"),
    }
    assert client.post(edit, data).status_code == 302
    funded.refresh_from_db()
    assert (funded.title, funded.kind) == ("Nieuwe titel", AgreementKind.PROJECT)
    contribution = funded.contributions.first()
    url = reverse("funding_contribution_delete", args=["de-kade", funded.pk, contribution.pk])
    assert "Verwijderen" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Contribution.objects.filter(pk=contribution.pk).exists()
    assert AuditEvent.objects.filter(action="delete", object_type="contribution").exists()
