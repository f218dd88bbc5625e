"""The mix rules, by hand-computed examples and edge cases."""

import datetime
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from communities.constants import MixStatus, MixTarget
from communities.mix import (
    Stay,
    Support,
    half_target_allowed,
    mix_figures,
    mix_on,
    month_ends,
    target_in_force,
)

THIRD = Fraction(1, 3)
D = datetime.date


def test_exactly_on_target_is_on_course():
    figures = mix_figures(supported=10, unsupported=20, target=THIRD)
    assert figures.share == THIRD
    assert figures.deviation_pp == 0
    assert figures.status == MixStatus.ON_COURSE


@pytest.mark.parametrize(
    ("supported", "unsupported", "expected"),
    [
        # With 60 residents each resident is 1.67 pp, so the edges are hit exactly.
        (23, 37, MixStatus.ON_COURSE),  # 38.33%: +5.0 pp, the edge belongs to op koers
        (24, 36, MixStatus.ATTENTION),  # 40.00%: +6.67 pp
        (26, 34, MixStatus.ATTENTION),  # 43.33%: +10.0 pp, the edge belongs to aandacht
        (27, 33, MixStatus.ACTION),  # 45.00%: +11.67 pp
        (17, 43, MixStatus.ON_COURSE),  # 28.33%: -5.0 pp
        (16, 44, MixStatus.ATTENTION),  # 26.67%: -6.67 pp
        (14, 46, MixStatus.ATTENTION),  # 23.33%: -10.0 pp
        (13, 47, MixStatus.ACTION),  # 21.67%: -11.67 pp
    ],
)
def test_status_bands_around_one_third(supported, unsupported, expected):
    assert (
        mix_figures(supported=supported, unsupported=unsupported, target=THIRD).status == expected
    )


def test_band_edges_exact_with_half_target():
    half = Fraction(1, 2)
    # 55% and 45%: exactly 5 pp off -> op koers; 60% / 40%: exactly 10 pp -> aandacht
    assert mix_figures(supported=11, unsupported=9, target=half).status == MixStatus.ON_COURSE
    assert mix_figures(supported=9, unsupported=11, target=half).status == MixStatus.ON_COURSE
    assert mix_figures(supported=12, unsupported=8, target=half).status == MixStatus.ATTENTION
    assert mix_figures(supported=8, unsupported=12, target=half).status == MixStatus.ATTENTION
    assert mix_figures(supported=13, unsupported=7, target=half).status == MixStatus.ACTION


def test_empty_has_no_share_and_its_own_status():
    figures = mix_figures(supported=0, unsupported=0, target=THIRD)
    assert figures.share is None
    assert figures.status == MixStatus.NO_RESIDENTS


def test_custom_bands():
    figures = mix_figures(
        supported=4,
        unsupported=6,
        target=THIRD,
        band_on_course_pp=Fraction(2),
        band_attention_pp=Fraction(3),
    )  # 40%: +6.67 pp
    assert figures.status == MixStatus.ACTION


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        mix_figures(supported=-1, unsupported=3, target=THIRD)


def test_half_target_allowed_up_to_sixty_units_or_with_reason():
    assert half_target_allowed(unit_count=60, reason="")
    assert not half_target_allowed(unit_count=61, reason="")
    assert not half_target_allowed(unit_count=61, reason="   ")
    assert half_target_allowed(unit_count=120, reason="Afspraak met de gemeente, 2025")


def test_target_in_force_marks_override():
    assert not target_in_force(target=MixTarget.ONE_THIRD, reason="").is_override
    half = target_in_force(target=MixTarget.HALF, reason="klein complex")
    assert half.is_override and half.share == Fraction(1, 2) and half.reason == "klein complex"


def _mix(day, stays, supports, sections=None):
    return mix_on(
        day=day,
        stays=stays,
        supports=supports,
        sections=sections or {1: "A", 2: "B"},
        target=target_in_force(target=MixTarget.ONE_THIRD, reason=""),
        band_on_course_pp=Fraction(5),
        band_attention_pp=Fraction(10),
    )


def test_mix_counts_only_residents_living_there_and_active_support_on_the_day():
    stays = [
        Stay(1, 1, D(2024, 1, 1), None),
        Stay(2, 1, D(2024, 1, 1), D(2024, 6, 1)),  # moved out on 1 June
        Stay(3, 2, D(2024, 3, 1), None),
        Stay(4, 2, D(2024, 7, 1), None),  # moves in later
    ]
    supports = [
        Support(1, D(2024, 1, 1), D(2024, 5, 1)),  # support ends, the person stays
        Support(2, D(2024, 1, 1), None),
        Support(3, D(2024, 3, 1), None),
    ]
    april = _mix(D(2024, 4, 15), stays, supports)
    assert (april.overall.supported, april.overall.unsupported) == (3, 0)
    may = _mix(D(2024, 5, 15), stays, supports)
    assert (may.overall.supported, may.overall.unsupported) == (2, 1)
    june = _mix(D(2024, 6, 1), stays, supports)  # moving-out day no longer counts
    assert (june.overall.supported, june.overall.unsupported) == (1, 1)
    july = _mix(D(2024, 7, 1), stays, supports)
    assert (july.overall.supported, july.overall.unsupported) == (1, 2)
    by_section = {s.name: (s.figures.supported, s.figures.unsupported) for s in july.sections}
    assert by_section == {"A": (0, 1), "B": (1, 1)}


def test_every_section_is_listed_also_when_empty():
    mix = _mix(D(2024, 1, 1), [Stay(1, 1, D(2024, 1, 1), None)], [], {1: "A", 2: "B", 3: "C"})
    assert [s.name for s in mix.sections] == ["A", "B", "C"]
    empty = [s for s in mix.sections if s.name == "C"][0]
    assert empty.figures.total == 0 and empty.figures.status == MixStatus.NO_RESIDENTS


def test_month_ends():
    assert month_ends(until=D(2026, 3, 10), months=4) == [
        D(2025, 12, 31),
        D(2026, 1, 31),
        D(2026, 2, 28),
        D(2026, 3, 10),
    ]
    assert len(month_ends(until=D(2026, 11, 22), months=12)) == 12


@given(
    supported=st.integers(min_value=0, max_value=500),
    unsupported=st.integers(min_value=0, max_value=500),
    target=st.sampled_from([Fraction(1, 3), Fraction(1, 2)]),
)
def test_mix_figures_properties(supported, unsupported, target):
    figures = mix_figures(supported=supported, unsupported=unsupported, target=target)
    assert figures.total == supported + unsupported
    if figures.total:
        assert 0 <= figures.share <= 1
        deviation = abs(figures.share - target) * 100
        expected = (
            MixStatus.ON_COURSE
            if deviation <= 5
            else MixStatus.ATTENTION
            if deviation <= 10
            else MixStatus.ACTION
        )
        assert figures.status == expected
    else:
        assert figures.status == MixStatus.NO_RESIDENTS


def test_percentages_are_rounded_not_cut_off():
    from communities.templatetags.community_tags import percent, share, signed_pp

    figures = mix_figures(supported=35, unsupported=40, target=THIRD)  # 46.666...%
    assert share(figures) == "46,7%"
    assert percent(41.666) == "41,7%"
    assert signed_pp(figures.deviation_pp) == "+13,3 pp"
    assert signed_pp(-16.66) == "−16,7 pp"
