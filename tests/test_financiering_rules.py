"""The funding rules without a database: Dutch numbers, the horizon, the warnings, realised
against agreed, and the calculator's lines, against computations done by hand."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from communities.constants import Phase
from communities.norms import (
    care_hours_norm_from_average,
    coach_hours_norm,
    funding_horizon_short,
    management_fte,
    norms_in_force,
)
from financiering.calculator import (
    WELZIJN_EXAMPLE,
    WelzijnSum,
    care_line,
    coach_line,
    management_line,
    money_as_hours,
)
from financiering.constants import AgreementKind, AgreementStatus, WarningKind
from financiering.formatting import euro, hours_week
from financiering.numbers import parse_amount, parse_hours
from financiering.rules import (
    AgreementFacts,
    BudgetYear,
    Cover,
    Horizon,
    PurposeHorizon,
    add_months,
    agreement_warnings,
    horizon_warnings,
    mondays_in_month,
    partner_warnings,
    realised_hours,
    secured_until,
    years_ahead,
)

D = datetime.date

# --- Numbers as people type them ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1.234,56", Decimal("1234.56")),
        ("1234,56", Decimal("1234.56")),
        ("1234.56", Decimal("1234.56")),
        ("€ 1.234", Decimal("1234.00")),
        ("12.345.678,9", Decimal("12345678.90")),
        ("0", Decimal("0.00")),
        (" 75 ", Decimal("75.00")),
    ],
)
def test_amounts_typed_the_dutch_way_are_read_right(typed, expected):
    assert parse_amount(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "negatief"),
        ("−5", "negatief"),
        ("12,345", "hoogstens 2 decimalen"),
        ("1.234,567", "hoogstens 2 decimalen"),
        ("twaalf", "bedrag"),
        ("1,234,56", "bedrag"),
        ("", "bedrag"),
        ("NaN", "bedrag"),
    ],
)
def test_bad_amounts_get_a_dutch_message(typed, message):
    with pytest.raises(ValidationError) as error:
        parse_amount(typed)
    assert message in " ".join(error.value.messages)


def test_hours_take_one_decimal():
    assert parse_hours("12,5") == Decimal("12.5")
    with pytest.raises(ValidationError, match="hoogstens één decimaal"):
        parse_hours("12,25")


def test_money_and_hours_read_the_dutch_way():
    assert euro(Decimal("1234.56")) == "€ 1.234,56"
    assert euro(Decimal("3351600")) == "€ 3.351.600,00"
    assert hours_week(Decimal(12)) == "12,0 u/week"


# --- Horizon -----------------------------------------------------------------------------------


def test_a_five_year_agreement_on_its_first_day_is_five_years():
    cover = Cover(D(2026, 1, 1), D(2030, 12, 31), frozenset(range(2026, 2031)))
    until = secured_until(covers=[cover], today=D(2026, 1, 1))
    assert until == D(2030, 12, 31)
    assert years_ahead(today=D(2026, 1, 1), until=until) == Decimal("5.0")


def test_horizon_stops_at_the_last_year_in_a_row_with_contributions():
    # Contributions for 2026 and 2027 only, in an agreement running to 2030.
    cover = Cover(D(2026, 1, 1), D(2030, 12, 31), frozenset({2026, 2027, 2029}))
    assert secured_until(covers=[cover], today=D(2026, 7, 1)) == D(2027, 12, 31)
    # 1 July 2026 → 1 January 2028: 18 months = 1,5 years.
    assert years_ahead(today=D(2026, 7, 1), until=D(2027, 12, 31)) == Decimal("1.5")


def test_successive_agreements_without_a_gap_add_up():
    first = Cover(D(2024, 1, 1), D(2026, 12, 31), frozenset({2024, 2025, 2026}))
    second = Cover(D(2027, 1, 1), D(2031, 6, 30), frozenset(range(2027, 2032)))
    assert secured_until(covers=[first, second], today=D(2026, 3, 15)) == D(2031, 6, 30)


def test_a_gap_ends_the_horizon():
    first = Cover(D(2024, 1, 1), D(2026, 12, 31), frozenset({2024, 2025, 2026}))
    later = Cover(D(2027, 2, 1), D(2031, 12, 31), frozenset(range(2027, 2032)))
    assert secured_until(covers=[first, later], today=D(2026, 3, 15)) == D(2026, 12, 31)


def test_not_covered_today_is_zero_years():
    cover = Cover(D(2027, 1, 1), D(2030, 12, 31), frozenset(range(2027, 2031)))
    assert secured_until(covers=[cover], today=D(2026, 6, 1)) is None
    assert years_ahead(today=D(2026, 6, 1), until=None) == Decimal("0.0")


def test_years_round_down_one_decimal_and_leap_days_do_not_matter():
    # 31 January → 29 February (leap year) + 1 day: one whole month.
    assert years_ahead(today=D(2028, 1, 31), until=D(2028, 2, 29)) == Decimal("0.0")
    assert years_ahead(today=D(2026, 12, 2), until=D(2031, 12, 1)) == Decimal("5.0")
    assert years_ahead(today=D(2026, 12, 2), until=D(2031, 11, 30)) == Decimal("4.9")


def test_horizon_is_the_shortest_essential_purpose_and_under_5_warns():
    horizon = Horizon(
        purposes=(
            PurposeHorizon("coach", "Communitycoach", D(2028, 12, 31), Decimal("2.0")),
            PurposeHorizon("beheer", "Beheer", D(2032, 12, 31), Decimal("6.0")),
            PurposeHorizon("zorg", "Zorg", D(2032, 12, 31), Decimal("6.0")),
        )
    )
    assert horizon.years == Decimal("2.0")
    assert horizon.short
    [warning] = horizon_warnings(horizon=horizon)
    assert warning.kind == WarningKind.HORIZON_SHORT
    assert "2,0 jaar" in warning.text and "Communitycoach" in warning.text
    assert "5–10 jaar" in warning.text


def test_five_years_exactly_is_not_short():
    assert not funding_horizon_short(years=Decimal("5.0"))
    assert funding_horizon_short(years=Decimal("4.9"))


def test_add_months_keeps_the_last_day():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2028, 2, 29), 12) == D(2029, 2, 28)
    assert add_months(D(2026, 12, 2), 12) == D(2027, 12, 2)


# --- Warnings ----------------------------------------------------------------------------------

TODAY = D(2026, 12, 2)


def facts(**kw):
    base = {
        "id": 1,
        "title": "Projectsubsidie",
        "kind": AgreementKind.REGULAR,
        "status": AgreementStatus.SIGNED,
        "start": D(2024, 1, 1),
        "end": D(2027, 6, 30),
    }
    return AgreementFacts(**(base | kw))


def kinds(warnings):
    return [w.kind for w in warnings]


def test_ending_within_12_months_without_successor_warns():
    [warning] = agreement_warnings(agreements=[facts()], today=TODAY)
    assert warning.kind == WarningKind.ENDS_WITHOUT_SUCCESSOR
    assert "30-06-2027" in warning.text


@pytest.mark.parametrize(
    ("end", "warns"),
    [
        (D(2026, 12, 2), True),  # ends today
        (D(2027, 12, 2), True),  # exactly 12 months ahead
        (D(2027, 12, 3), False),  # a day later
        (D(2026, 12, 1), False),  # ended yesterday: not "ends within"
    ],
)
def test_the_12_month_edge(end, warns):
    warnings = agreement_warnings(agreements=[facts(end=end)], today=TODAY)
    assert (WarningKind.ENDS_WITHOUT_SUCCESSOR in kinds(warnings)) is warns


def test_a_signed_successor_lifts_the_warning_a_draft_does_not():
    signed = facts(successors=(("Vervolg", AgreementKind.REGULAR, AgreementStatus.SIGNED),))
    assert agreement_warnings(agreements=[signed], today=TODAY) == []
    draft = facts(successors=(("Vervolg", AgreementKind.REGULAR, AgreementStatus.DRAFT),))
    [warning] = agreement_warnings(agreements=[draft], today=TODAY)
    assert "Vervolg is nog een concept" in warning.text


def test_drafts_and_ended_agreements_do_not_warn():
    assert agreement_warnings(agreements=[facts(status=AgreementStatus.DRAFT)], today=TODAY) == []
    assert agreement_warnings(agreements=[facts(status=AgreementStatus.ENDED)], today=TODAY) == []


def test_project_money_without_regular_follow_up_warns():
    project = facts(kind=AgreementKind.PROJECT, end=D(2029, 12, 31))
    assert kinds(agreement_warnings(agreements=[project], today=TODAY)) == [
        WarningKind.PROJECT_WITHOUT_REGULAR
    ]
    followed = facts(kind=AgreementKind.PROJECT, end=D(2029, 12, 31), regular_follow_up=True)
    assert agreement_warnings(agreements=[followed], today=TODAY) == []


def test_a_partner_without_a_contribution_is_named():
    warnings = partner_warnings(
        partners=[(1, "Gemeente Rivierstad"), (2, "Welzijn Rivierstad")], contributing={1}
    )
    assert [w.text for w in warnings] == [
        "Welzijn Rivierstad draagt dit jaar niets bij in geld of uren."
    ]


# --- Realised against agreed -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "mondays"),
    [
        (D(2026, 1, 1), 4),
        (D(2026, 3, 1), 5),
        (D(2026, 6, 1), 5),
        (D(2026, 2, 1), 4),
        (D(2027, 2, 1), 4),
    ],
)
def test_mondays_in_a_month(month, mondays):
    assert mondays_in_month(month) == mondays


def test_agreed_hours_and_none_logged_stand_out():
    months = [D(2026, 3, 1), D(2026, 4, 1)]
    [anker, horizon] = realised_hours(
        months=months,
        parties={1: "Stichting Anker", 2: "Zorggroep Horizon"},
        agreed_per_week={
            (1, months[0]): Decimal(6),
            (1, months[1]): Decimal(6),
            (2, months[0]): Decimal(12),
        },
        logged={(2, months[0]): Decimal("40.5")},
    )
    # March 2026 has 5 Mondays: 6 × 5 = 30 hours agreed, none logged.
    assert anker.months[0].agreed == Decimal(30)
    assert anker.months[0].missing and anker.missing_months == 2
    # 12 × 5 = 60 agreed, 40,5 logged: short, but not missing.
    assert horizon.months[0].agreed == Decimal(60)
    assert horizon.months[0].short and not horizon.months[0].missing
    assert not horizon.months[1].missing  # nothing agreed in April


def test_an_overspent_budget_stands_out():
    over = BudgetYear(
        2026, "activiteitenbudget", "Budget activiteiten", Decimal(1500), Decimal("1720.50")
    )
    assert over.overspent
    assert over.text == "€ 1.720,50 uitgegeven van € 1.500,00: € 220,50 te veel"
    within = BudgetYear(
        2026, "activiteitenbudget", "Budget activiteiten", Decimal(1500), Decimal(1500)
    )
    assert not within.overspent


# --- The calculator ----------------------------------------------------------------------------


def test_seed_care_example_12_hours_a_week():
    assert care_hours_norm_from_average(residents=20, average_hours_per_week=Decimal(6)) == 12
    line = care_line(
        key="zorg",
        organisation="Zorggroep Horizon",
        clients=20,
        indicated_total=Decimal(120),
        norm=Decimal(12),
        share_percent=Decimal(10),
        begeleiders=2,
        agreed_hours=Decimal(12),
    )
    assert line.steps[0] == (
        "20 cliënten met samen 120,0 u/week geïndiceerde uren × 10% = 12,0 u/week "
        "(uit de indicatie, niet erbovenop)"
    )
    assert "2 verschillende begeleiders" in line.steps[1]
    assert line.status_label == "gedekt"


def test_seed_003_welzijn_example_is_exactly_3351600():
    example = WelzijnSum(
        WELZIJN_EXAMPLE["complexes"],
        WELZIJN_EXAMPLE["hours_per_week"],
        WELZIJN_EXAMPLE["rate"],
        WELZIJN_EXAMPLE["weeks"],
    )
    assert example.total == Decimal(3351600)
    assert example.step == "266 complexen × 4 u × € 75,00 × 42 weken = € 3.351.600,00"


@pytest.mark.parametrize(
    ("units", "phase", "low", "high", "band"),
    [
        (80, Phase.YEAR_2, 8, 8, "40–80"),
        (81, Phase.YEAR_2, 12, 12, "81–160"),
        (160, Phase.YEAR_1, 18, 18, "81–160"),
        (161, Phase.YEAR_1, 24, 24, "161–240"),
        (240, Phase.LATER, 6, 6, "161–240"),
        (241, Phase.LATER, 8, 8, "meer dan 240"),
        (241, Phase.YEAR_3, 20, 24, "meer dan 240"),
    ],
)
def test_coach_line_at_the_table_edges(units, phase, low, high, band):
    line = coach_line(norm=coach_hours_norm(units=units, phase=phase), rate=Decimal(75), weeks=52)
    assert (line.low, line.high) == (low, high)
    assert f"rij {band}" in line.steps[0]
    assert (
        line.steps[1]
        == f"{low} u/week × € 75,00 × 52 weken = {euro(Decimal(low * 75 * 52))} per jaar"
    )


def test_coach_line_compares_money_at_the_rate():
    # 8 h/week norm; € 31.200 a year ÷ (€ 75 × 52) = 8 h/week: covered.
    norm = coach_hours_norm(units=72, phase=Phase.YEAR_2)
    line = coach_line(norm=norm, rate=Decimal(75), weeks=52, agreed_money=Decimal(31200))
    assert line.agreed == Decimal(8)
    assert line.status_label == "gedekt"
    assert "Afgesproken in geld: € 31.200,00 ÷ (€ 75,00 × 52 weken) = 8,0 u/week" in line.steps
    short = coach_line(norm=norm, rate=Decimal(75), weeks=52, agreed_hours=Decimal(6))
    assert short.status_label == "tekort" and short.gap == 2
    assert short.gap_label == "2,0 u/week te weinig"
    over = coach_line(norm=norm, rate=Decimal(75), weeks=52, agreed_hours=Decimal(10))
    assert over.status_label == "meer dan de norm" and over.gap_label == "2,0 u/week meer"


def test_pilot_light_only_when_the_phase_says_so():
    # The phase comes from the recorded decision (communities.phase); "na jaar 3" without it.
    later = coach_line(
        norm=coach_hours_norm(units=60, phase=Phase.LATER), rate=Decimal(75), weeks=52
    )
    assert (later.low, later.high) == (4, 6)
    pilot = coach_line(
        norm=coach_hours_norm(units=60, phase=Phase.PILOT_LIGHT), rate=Decimal(75), weeks=52
    )
    assert pilot.low == Decimal("0.92")
    assert "De kerngroep heeft de waakvlam vastgelegd als besluit." in pilot.steps
    assert "0,92 u/week × € 75,00 × 52 weken = € 3.588,00 per jaar" in pilot.steps
    # From 100 units no pilot light, whatever was decided.
    big = coach_line(
        norm=coach_hours_norm(units=100, phase=Phase.PILOT_LIGHT), rate=Decimal(75), weeks=52
    )
    assert (big.low, big.high) == (6, 6)


def test_override_with_its_reason_replaces_the_norm():
    norms = norms_in_force(coach_low=10, coach_high=12, reason="Veel nieuwe bewoners tegelijk")
    line = coach_line(
        norm=norms.coach_norm(units=60, phase=Phase.YEAR_2), rate=Decimal(75), weeks=52
    )
    assert (line.low, line.high) == (10, 12)
    assert any(
        "standaard volgens het model: 8" in s and "Veel nieuwe bewoners" in s for s in line.steps
    )


def test_management_line_written_out():
    norms = norms_in_force()
    line = management_line(
        units=72, norms=norms, rate=Decimal(75), weeks=52, agreed_hours=Decimal(12)
    )
    assert (line.low, line.high) == (Decimal("7.4"), Decimal("17.3"))
    assert "72 × 36 ÷ 350 = 7,4 u/week (0,21 fte)" in line.steps
    assert "72 × 36 ÷ 150 = 17,3 u/week (0,48 fte)" in line.steps
    assert line.status_label == "gedekt"
    assert management_fte(hours_per_week=Decimal(36)) == 1


def test_masked_care_line_hides_the_indication():
    line = care_line(
        key="zorg",
        organisation="Stichting Anker",
        clients=3,
        indicated_total=Decimal(15),
        norm=Decimal("1.5"),
        share_percent=Decimal(10),
        agreed_hours=Decimal(2),
        masked=True,
    )
    assert line.low is None and line.status is None
    assert "15" not in " ".join(line.steps) and "1,5" not in " ".join(line.steps)


def test_money_as_hours_with_no_rate_is_zero():
    assert money_as_hours(amount=Decimal(100), rate=Decimal(0), weeks=52) == 0
