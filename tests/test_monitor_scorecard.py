"""The scorecard's rules against hand computations, without a database: every indicator, its
norm edges, the ingredient's worst status, masking for aggregate viewers, and "nog geen
gegevens" where governance and financiering cannot tell yet."""

import datetime
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

import pytest

from communities.constants import MixTarget, Phase
from communities.mix import CommunityMix, SectionMix, mix_figures, target_in_force
from communities.norms import norms_in_force
from monitor.constants import Ingredient, Status
from monitor.norms import NORMS, NormInForce, norms_for
from monitor.scorecard import (
    at_least_status,
    at_most_status,
    hours_status,
    participation_status,
    scorecard_build,
)
from monitor.sources import CadenceFact, CareFact, Facts, FundingFacts, SignalFacts
from monitor.survey import FactorResult, SurveyResults

S = Status
D = Decimal
ON = datetime.date(2026, 6, 30)


def community(**fields):
    values = {
        "pk": 1,
        "band_on_course_pp": D(5),
        "band_attention_pp": D(10),
        "fire_drill_interval_months": 12,
    }
    values.update(fields)
    return SimpleNamespace(**values)


def mix(supported, unsupported, sections=(), target=MixTarget.ONE_THIRD, reason=""):
    in_force = target_in_force(target=target, reason=reason)
    return CommunityMix(
        on=ON,
        target=in_force,
        overall=mix_figures(supported=supported, unsupported=unsupported, target=in_force.share),
        sections=[
            SectionMix(i, name, mix_figures(supported=s, unsupported=u, target=in_force.share))
            for i, (name, s, u) in enumerate(sections)
        ],
    )


def facts(**changes) -> Facts:
    """A community of 72 units in year 2, on course everywhere; each test changes one thing."""
    units = changes.pop("units", 72)
    base = Facts(
        community=community(),
        on=ON,
        units=units,
        residents=75,
        phase_label="Jaar 2",
        mix=mix(25, 50, sections=[("Vleugel A", 12, 25), ("Vleugel B", 13, 25)]),
        mix_target=MixTarget.ONE_THIRD,
        mix_target_reason="",
        coach_norm=norms_in_force().coach_norm(units=units, phase=Phase.YEAR_2),
        coach_realised=D(8),
        management_norm=norms_in_force().management_norm(units=units),
        management_realised=D(10),
        care=[CareFact("Zorggroep Horizon", 20, D(12), D(12))],
        begeleiders_by_organisation={"Zorggroep Horizon": 2},
        participation_residents=75,
        participation_contributing=45,
        organised_recent=(10, 5),
        organised_before=(10, 4),
        talents_offered=20,
        talents_used=12,
        moved_in=6,
        moved_out=6,
        evictions=0,
        activities_by_month=[5, 6, 4],
        weekly_weeks=4,
        meeting_room_activities=12,
        activities_half_year=30,
        signals=SignalFacts(open=2, overdue=0, oldest_days=10, overdue_days=30),
        drill_last=datetime.date(2026, 1, 10),
        drill_due=datetime.date(2027, 1, 10),
        drill_overdue=False,
        contact_topics={"nood", "reparaties", "overlast", "coach"},
        price_classes={"sociale_huur", "middenhuur", "koop"},
        cadence=None,
        funding=None,
    )
    return replace(base, **changes)


def defaults():
    return norms_for(community=community(), overrides=[])


def card(f=None, *, norms=None, survey=None, masked=False, show_sections=True):
    return scorecard_build(
        facts=f or facts(),
        norms=norms or defaults(),
        survey=survey,
        masked=masked,
        show_sections=show_sections,
    )


def status(key, f=None, **kwargs):
    return card(f, **kwargs).indicator(key).status


# --- The building blocks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("realised", "expected"),
    [
        (D(8), S.ON_COURSE),  # exactly the norm
        (D(20), S.ON_COURSE),  # more hours are no warning
        (D("7.9"), S.ATTENTION),
        (D(6), S.ATTENTION),  # exactly 75 % of 8
        (D("5.9"), S.ACTION),
        (D(0), S.ACTION),
    ],
)
def test_hours_against_a_norm_of_8(realised, expected):
    assert hours_status(realised=realised, low=D(8), attention_percent=D(75)) == expected


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        (Fraction(50), S.ON_COURSE),
        (Fraction(70), S.ON_COURSE),
        (Fraction(95), S.ON_COURSE),  # above 70 % is op koers, not a warning
        (Fraction(4999, 100), S.ATTENTION),
        (Fraction(40), S.ATTENTION),
        (Fraction(3999, 100), S.ACTION),
    ],
)
def test_participation_band(share, expected):
    assert participation_status(share, low=D(50)) == expected


def test_at_least_and_at_most_edges_belong_to_the_milder_status():
    assert at_least_status(4, on_course_from=4, attention_from=2) == S.ON_COURSE
    assert at_least_status(2, on_course_from=4, attention_from=2) == S.ATTENTION
    assert at_least_status(Fraction(19, 10), on_course_from=4, attention_from=2) == S.ACTION
    assert at_most_status(20, on_course_to=20, attention_to=30) == S.ON_COURSE
    assert at_most_status(30, on_course_to=20, attention_to=30) == S.ATTENTION
    assert at_most_status(Fraction(301, 10), on_course_to=20, attention_to=30) == S.ACTION


# --- 1. Bouw van de community --------------------------------------------------------------------


def test_coach_hours_line_reads_like_the_issue():
    indicator = card(facts(units=120, coach_realised=D(12))).indicator("coach_hours")
    # 120 units in year 2: row 81–160, standard column: 12 h/week.
    assert indicator.status == S.ON_COURSE
    assert indicator.line == (
        "12 u/week coach (gemiddelde van 4 weken), norm 12 voor 81–160 eenheden in jaar 2."
    )


def test_coach_hours_norm_edges_80_and_81_units():
    # 80 units belongs to 40–80 (8 h); 81 to 81–160 (12 h): 8 hours meet the first only.
    assert status("coach_hours", facts(units=80, coach_realised=D(8))) == S.ON_COURSE
    assert status("coach_hours", facts(units=81, coach_realised=D(8))) == S.ACTION  # 8 < 9
    assert status("coach_hours", facts(units=81, coach_realised=D(9))) == S.ATTENTION


def test_coach_override_is_shown_with_its_reason():
    norm = norms_in_force(coach_low=D(10), reason="Extra inzet na de brand").coach_norm(
        units=72, phase=Phase.YEAR_2
    )
    indicator = card(facts(coach_norm=norm, coach_realised=D(9))).indicator("coach_hours")
    assert indicator.status == S.ATTENTION  # 9 < 10, 9 ≥ 7,5
    assert "Reden: Extra inzet na de brand" in indicator.override


def test_no_coach_hours_logged_is_no_data_not_zero():
    assert status("coach_hours", facts(coach_realised=None)) == S.NO_DATA


def test_resident_organised_share_growing_or_falling():
    assert (
        status("resident_organised", facts(organised_recent=(10, 5), organised_before=(10, 5)))
        == S.ON_COURSE
    )
    assert (
        status("resident_organised", facts(organised_recent=(10, 4), organised_before=(10, 5)))
        == S.ATTENTION
    )
    assert status("resident_organised", facts(organised_recent=(0, 0))) == S.NO_DATA
    line = (
        card(facts(organised_recent=(8, 2), organised_before=(4, 2)))
        .indicator("resident_organised")
        .line
    )
    assert line == (
        "25 % van de activiteiten door bewoners georganiseerd (laatste 3 maanden), "
        "de 3 maanden ervoor 50 %."
    )


def test_talents_used_edges():
    assert status("talents_used", facts(talents_offered=20, talents_used=10)) == S.ON_COURSE  # 50 %
    assert status("talents_used", facts(talents_offered=20, talents_used=5)) == S.ATTENTION  # 25 %
    assert status("talents_used", facts(talents_offered=20, talents_used=4)) == S.ACTION  # 20 %
    assert status("talents_used", facts(talents_offered=0, talents_used=0)) == S.NO_DATA


# --- 2. Passende mix -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("supported", "unsupported", "expected"),
    [
        (25, 50, S.ON_COURSE),  # 33,3 %
        (19, 31, S.ON_COURSE),  # 38 %: +4,7 pp
        (23, 37, S.ON_COURSE),  # 38,33 %: exactly +5 pp, the edge is op koers
        (26, 34, S.ATTENTION),  # 43,33 %: exactly +10 pp, the edge is aandacht
        (2, 3, S.ATTENTION),  # 40 %: +6,7 pp
        (43, 57, S.ATTENTION),  # 43 %: +9,7 pp, within ±10
        (44, 56, S.ACTION),  # 44 %: +10,7 pp
    ],
)
def test_mix_overall_against_the_bands(supported, unsupported, expected):
    assert status("mix", facts(mix=mix(supported, unsupported))) == expected


def test_mix_off_target_reads_actie_nodig_with_the_reason():
    row = card(facts(mix=mix(35, 41))).row(Ingredient.MIX)
    assert row.status == S.ACTION
    assert row.because == "Actie nodig door: Mix begeleid"
    assert row.worst.line.startswith("46 % begeleid (35 van 76 bewoners), streef 33 %")


def test_mix_per_section_is_the_worst_section_and_hidden_from_aggregate_viewers():
    f = facts(mix=mix(25, 50, sections=[("Noord", 6, 6), ("Zuid", 19, 44)]))
    indicator = card(f).indicator("mix_sections")
    assert indicator.status == S.ACTION  # Noord 50 %
    assert "Noord 50 %" in indicator.line
    masked = card(f, masked=True).indicator("mix_sections")
    assert masked.status == S.ACTION
    assert "Noord" not in masked.line and "50 %" not in masked.line
    welzijn = card(f, show_sections=False).indicator("mix_sections")
    assert "Noord" not in welzijn.line


def test_half_target_checked_on_the_units_of_today():
    half = mix(25, 25, target=MixTarget.HALF)
    assert status("mix_target", facts(units=60, mix=half, mix_target=MixTarget.HALF)) == S.ON_COURSE
    grown = card(facts(units=80, mix=half, mix_target=MixTarget.HALF)).indicator("mix_target")
    assert grown.status == S.ACTION
    assert "telt nu 80 eenheden" in grown.line
    explained = card(
        facts(
            units=80,
            mix=half,
            mix_target=MixTarget.HALF,
            mix_target_reason="Wooncomplex voor jongeren",
        )
    ).indicator("mix_target")
    assert explained.status == S.ON_COURSE
    assert "Reden: Wooncomplex voor jongeren" in explained.override


def test_participation_indicator_and_override():
    assert status("participation", facts(participation_contributing=30)) == S.ATTENTION  # 40 %
    assert status("participation", facts(participation_contributing=29)) == S.ACTION  # 38,7 %
    above = card(facts(participation_contributing=60)).indicator("participation")
    assert above.status == S.ON_COURSE and "boven de bandbreedte: prima" in above.line
    norms = defaults()
    norms["participation"] = NormInForce(NORMS["participation"], D(40), D(60), reason="Ouderen")
    lowered = card(facts(participation_contributing=30), norms=norms).indicator("participation")
    assert lowered.status == S.ON_COURSE
    assert (
        lowered.override
        == "Afwijkende norm van deze locatie: 40–60 % (model: 50–70 %). Reden: Ouderen"
    )


def test_moves_turnover_edges():
    # 75 residents: 15 move-outs = 20 % (op koers), 16 = 21,3 % (aandacht), 23 = 30,7 % (actie).
    assert status("moves", facts(moved_out=15)) == S.ON_COURSE
    assert status("moves", facts(moved_out=16)) == S.ATTENTION
    assert status("moves", facts(moved_out=23)) == S.ACTION


# --- 3. Samenwerking -----------------------------------------------------------------------------


def test_cadence_without_governance_is_no_data():
    indicator = card().indicator("cadence")
    assert indicator.status == S.NO_DATA and indicator.value == "–"
    assert "governance" in indicator.line


def test_cadence_from_governance_takes_the_worst_body():
    f = facts(
        cadence=[
            CadenceFact("Kerngroep", 2, 2, 4, "aandacht"),
            CadenceFact("Communityteam", 6, 6, 12, "op_koers"),
        ]
    )
    assert status("cadence", f) == S.ATTENTION


def test_care_hours_per_organisation_against_their_10_percent():
    # The seed: 20 clients × 6 h × 10 % = 12 h/week.
    care = [CareFact("Horizon", 20, D(12), D(12)), CareFact("Anker", 3, D("1.5"), D(1))]
    indicator = card(facts(care=care)).indicator("care_hours")
    assert indicator.status == S.ACTION  # Anker: 1 < 1,125 (75 % of 1,5)
    assert indicator.value == "1 van 2 halen het"
    masked = card(facts(care=care), masked=True).indicator("care_hours")
    assert "Anker: actie nodig (< 5 cliënten)" in masked.line
    assert "1,5" not in masked.line  # an organisation's hours with < 5 clients stay hidden
    nothing = [CareFact("Horizon", 20, D(12), None)]
    assert status("care_hours", facts(care=nothing)) == S.NO_DATA
    assert status("care_hours", facts(care=[])) == S.NO_DATA


def test_distinct_begeleiders():
    assert status("begeleiders", facts(begeleiders_by_organisation={"A": 3})) == S.ON_COURSE
    assert status("begeleiders", facts(begeleiders_by_organisation={"A": 4})) == S.ATTENTION
    assert status("begeleiders", facts(begeleiders_by_organisation={})) == S.NO_DATA


# --- 4. Ontmoeting -------------------------------------------------------------------------------


def test_meeting_room_weekly_and_per_month():
    assert status("meeting_room", facts(meeting_room_activities=0)) == S.ATTENTION
    assert status("weekly", facts(weekly_weeks=3)) == S.ATTENTION
    assert status("weekly", facts(weekly_weeks=1)) == S.ACTION
    assert status("activities_per_month", facts(activities_by_month=[4, 4, 4])) == S.ON_COURSE
    assert status("activities_per_month", facts(activities_by_month=[3, 4, 4])) == S.ATTENTION
    assert status("activities_per_month", facts(activities_by_month=[2, 2, 1])) == S.ACTION  # 1,67
    none = facts(activities_by_month=[0, 0, 0], activities_half_year=0, meeting_room_activities=0)
    assert {status(k, none) for k in ("meeting_room", "weekly", "activities_per_month")} == {
        S.NO_DATA
    }


# --- 5. Intensief beheer -------------------------------------------------------------------------


def test_management_hours_against_1_fte_per_150_350_units():
    # 72 units: 72 × 36 / 350 = 7,4 and 72 × 36 / 150 = 17,3 hours a week.
    indicator = card(facts(management_realised=D("7.4"))).indicator("management_hours")
    assert indicator.status == S.ON_COURSE and indicator.norm == "7,4–17,3 u/week"
    # 75 % of 7,4 = 5,55.
    assert status("management_hours", facts(management_realised=D("5.55"))) == S.ATTENTION
    assert status("management_hours", facts(management_realised=D("5.5"))) == S.ACTION


def test_open_signals_and_their_age():
    assert status("signals", facts(signals=SignalFacts(0, 0, None, 30))) == S.ON_COURSE
    assert status("signals", facts(signals=SignalFacts(3, 0, 30, 30))) == S.ON_COURSE
    assert status("signals", facts(signals=SignalFacts(3, 1, 60, 30))) == S.ATTENTION
    assert status("signals", facts(signals=SignalFacts(3, 1, 61, 30))) == S.ACTION
    masked = card(facts(signals=SignalFacts(3, 1, 45, 30)), masked=True).indicator("signals")
    assert masked.value == "< 5" and "< 5 open" in masked.line


def test_fire_drill_and_contact_card():
    assert status("fire_drill", facts(drill_overdue=True)) == S.ACTION
    assert (
        status("fire_drill", facts(drill_last=None, drill_due=None, drill_overdue=True)) == S.ACTION
    )
    assert status("contact_card", facts(contact_topics={"nood", "coach"})) == S.ATTENTION
    assert status("contact_card", facts(contact_topics=set())) == S.ACTION
    line = (
        card(facts(contact_topics={"nood", "coach", "reparaties"})).indicator("contact_card").line
    )
    assert line == "Ontbreekt op de contactkaart: Overlast."


# --- 6. Gebouw en omgeving -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("units", "expected"),
    [
        (39, S.ATTENTION),
        (40, S.ON_COURSE),
        (70, S.ON_COURSE),
        (100, S.ON_COURSE),
        (101, S.ATTENTION),
    ],
)
def test_units_scale(units, expected):
    assert status("units", facts(units=units)) == expected


def test_residents_are_people_at_most_150_and_price_classes():
    assert status("residents", facts(residents=150)) == S.ON_COURSE
    assert status("residents", facts(residents=151)) == S.ATTENTION
    assert status("price_classes", facts(price_classes={"sociale_huur"})) == S.ATTENTION


# --- 7. Financiering and the survey --------------------------------------------------------------


def test_funding_without_financiering_is_no_data_and_fills_in_when_it_can_tell():
    row = card().row(Ingredient.FUNDING)
    assert row.status == S.NO_DATA and row.no_data == 3
    funded = facts(
        funding=FundingFacts(
            horizon_years=D(3),
            partners_total=4,
            partners_contributing=4,
            project_money_without_follow_up=0,
        )
    )
    row = card(funded).row(Ingredient.FUNDING)
    assert row.status == S.ATTENTION  # 3 years < 5
    assert row.worst.key == "horizon"


def _survey(responses, averages):
    results = SurveyResults(survey=None, year=2026, responses=responses, tokens=responses)
    results.factors = [FactorResult(f, f, Fraction(a), 1) for f, a in averages.items()]
    return results


def test_survey_row_from_five_answers():
    assert card(survey=_survey(4, {"buurt": 4})).row(Ingredient.EXPERIENCE).status == S.NO_DATA
    row = card(survey=_survey(5, {"buurt": Fraction(7, 2), "veiligheid": Fraction(29, 10)})).row(
        Ingredient.EXPERIENCE
    )
    assert [i.status for i in row.indicators] == [S.ON_COURSE, S.ACTION]  # 3,5 and 2,9


# --- The ingredient ------------------------------------------------------------------------------


def test_ingredient_status_is_its_worst_indicator_and_says_which():
    f = facts(signals=SignalFacts(3, 1, 45, 30), drill_overdue=True)
    row = card(f).row(Ingredient.MANAGEMENT)
    assert row.status == S.ACTION
    assert row.worst.key == "fire_drill"
    assert row.because == "Actie nodig door: Ontruimingsoefening"


def test_indicators_without_data_do_not_make_an_ingredient_worse():
    row = card().row(Ingredient.COOPERATION)  # cadence has no data, care and begeleiders on course
    assert row.status == S.ON_COURSE and row.no_data == 1


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2024, 3, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2026, 1, 15), 2, datetime.date(2025, 11, 15)),
        (datetime.date(2025, 12, 1), -1, datetime.date(2026, 1, 1)),
    ],
)
def test_months_back(day, months, expected):
    from monitor.sources import months_back

    assert months_back(day, months) == expected


def test_a_hidden_share_never_stands_beside_both_its_counts():
    """Issue 15 item 7: a share and the counts it follows from follow one rule. 47 of 50
    contributing: the 3 who do not are small, so the share is hidden and so is one count."""
    lines = {
        "participation": facts(participation_residents=50, participation_contributing=47),
        "talents_used": facts(talents_offered=20, talents_used=17),
        "mix": facts(mix=mix(47, 3)),
    }
    for key, f in lines.items():
        indicator = card(f, masked=True).indicator(key)
        assert indicator.value == "–", key
        assert "x van" in indicator.line or "< 5" in indicator.line, (key, indicator.line)
        assert not any(f"{n} van" in indicator.line for n in (47, 17)), (key, indicator.line)
    # Enough on both sides: the share and both counts show.
    shown = card(facts(participation_residents=50, participation_contributing=38), masked=True)
    participation = shown.indicator("participation")
    assert participation.value == "76 %" and "38 van 50" in participation.line
