"""The IMO's numeric check: the projected mix and what the agreement asks for at a vacancy.
Every expected value is computed by hand in the comment next to it."""

import datetime
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from communities.constants import MixStatus, MixTarget
from communities.mix import CommunityMix, SectionMix, mix_figures, target_in_force
from imo.constants import AgreementAsks
from imo.rules import Bands, agreement_asks, projected_mix, pushes_out_of_band, status_worse

A, B, C = 1, 2, 3


def make_mix(sections: dict[int, tuple[int, int]], target: str = MixTarget.ONE_THIRD):
    """A CommunityMix from (supported, unsupported) per section id."""
    in_force = target_in_force(target=target, reason="")

    def fig(s, u):
        return mix_figures(supported=s, unsupported=u, target=in_force.share)

    return CommunityMix(
        on=datetime.date(2025, 3, 4),
        target=in_force,
        overall=fig(sum(s for s, _ in sections.values()), sum(u for _, u in sections.values())),
        sections=[
            SectionMix(section_id=sid, name=f"Vleugel {sid}", figures=fig(*counts))
            for sid, counts in sections.items()
        ],
    )


# --- projected_mix ----------------------------------------------------------------------------


def test_projection_adds_one_person_overall_and_in_the_section():
    mix = make_mix({A: (5, 10), B: (5, 10)})
    projected = projected_mix(mix=mix, section_id=A, supported=True)
    assert (projected.overall.supported, projected.overall.unsupported) == (11, 20)
    assert (projected.section.supported, projected.section.unsupported) == (6, 10)
    # 11/31 = 35.48% → +2.15 pp: op koers; 6/16 = 37.5% → +4.17 pp: op koers.
    assert projected.overall.status == MixStatus.ON_COURSE
    assert projected.section.status == MixStatus.ON_COURSE


def test_projection_into_an_empty_section():
    mix = make_mix({A: (10, 20), C: (0, 0)})
    projected = projected_mix(mix=mix, section_id=C, supported=False)
    assert (projected.section.supported, projected.section.unsupported) == (0, 1)
    assert projected.overall.total == 31


def test_projection_into_a_section_the_mix_does_not_list_counts_it_as_empty():
    projected = projected_mix(mix=make_mix({A: (1, 2)}), section_id=99, supported=True)
    assert (projected.section.supported, projected.section.unsupported) == (1, 0)


def test_doorstroom_keeps_the_overall_total_and_shifts_the_sections():
    # A supported resident moves from section A (6/8) to section B (4/12).
    mix = make_mix({A: (6, 8), B: (4, 12)})
    projected = projected_mix(mix=mix, section_id=B, supported=True, leaving_section_id=A)
    assert (projected.overall.supported, projected.overall.unsupported) == (10, 20)
    assert (projected.section.supported, projected.section.unsupported) == (5, 12)


def test_doorstroom_whose_support_ended_counts_the_leaving_person_as_they_count_now():
    # Counted as supported now (leaving), moves in unsupported: overall 10/20 → 9/21.
    mix = make_mix({A: (6, 8), B: (4, 12)})
    projected = projected_mix(
        mix=mix, section_id=B, supported=False, leaving_section_id=A, leaving_supported=True
    )
    assert (projected.overall.supported, projected.overall.unsupported) == (9, 21)
    assert (projected.section.supported, projected.section.unsupported) == (4, 13)


def test_doorstroom_within_the_same_section_changes_nothing():
    mix = make_mix({A: (3, 6)})
    projected = projected_mix(mix=mix, section_id=A, supported=True, leaving_section_id=A)
    assert (projected.section.supported, projected.section.unsupported) == (3, 6)
    assert projected.overall == mix.overall


def test_doorstroom_of_someone_not_counted_is_an_error():
    with pytest.raises(ValueError):
        projected_mix(
            mix=make_mix({A: (0, 3), B: (0, 3)}), section_id=B, supported=True, leaving_section_id=A
        )


def test_projection_uses_the_communitys_bands():
    mix = make_mix({A: (10, 20)})
    # 11/31 = +2.15 pp: op koers with ±5, but "aandacht" with a ±2 band.
    narrow = Bands(on_course_pp=Fraction(2), attention_pp=Fraction(10))
    assert projected_mix(mix=mix, section_id=A, supported=True, bands=narrow).overall.status == (
        MixStatus.ATTENTION
    )


@given(
    counts=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), min_size=1, max_size=4),
    index=st.integers(0, 3),
    supported=st.booleans(),
    half=st.booleans(),
)
def test_projected_totals_are_the_current_ones_plus_one(counts, index, supported, half):
    mix = make_mix(dict(enumerate(counts, start=1)), MixTarget.HALF if half else "1/3")
    section_id = index % len(counts) + 1
    projected = projected_mix(mix=mix, section_id=section_id, supported=supported)
    assert projected.overall.total == mix.overall.total + 1
    assert projected.section.total == sum(counts[section_id - 1]) + 1
    assert projected.overall.supported == mix.overall.supported + int(supported)


@given(
    counts=st.lists(st.tuples(st.integers(1, 40), st.integers(1, 40)), min_size=2, max_size=4),
    data=st.data(),
    supported=st.booleans(),
)
def test_doorstroom_projection_leaves_the_overall_mix_unchanged(counts, data, supported):
    mix = make_mix(dict(enumerate(counts, start=1)))
    section_id = data.draw(st.integers(1, len(counts)))
    leaving = data.draw(st.integers(1, len(counts)))
    projected = projected_mix(
        mix=mix, section_id=section_id, supported=supported, leaving_section_id=leaving
    )
    assert projected.overall == mix.overall
    expected_section = sum(counts[section_id - 1]) + (0 if leaving == section_id else 1)
    assert projected.section.total == expected_section


# --- agreement_asks ---------------------------------------------------------------------------


def test_community_exactly_at_its_target_accepts_either():
    # 10/20 overall, A 5/10: +supported 11/31 (+2.15) and A 6/16 (+4.17); +unsupported 10/31
    # (−1.08) and A 5/16 (−2.08): all op koers.
    mix = make_mix({A: (5, 10), B: (5, 10)})
    assert agreement_asks(mix=mix, section_id=A) == AgreementAsks.EITHER


def test_community_above_its_target_asks_for_an_unsupported_resident():
    # 12/18 = 40%: +supported 13/31 = 41.9% (+8.6); +unsupported 12/31 = 38.7% (+5.4). Neither
    # op koers; the unsupported one deviates less.
    mix = make_mix({A: (6, 9), B: (6, 9)})
    assert agreement_asks(mix=mix, section_id=A) == AgreementAsks.UNSUPPORTED


def test_community_below_its_target_asks_for_a_supported_resident():
    # 8/22 = 26.7%: +supported 9/31 = 29.0% (−4.3, op koers); section A 4/11 → 5/11 = 31.3%
    # (op koers); +unsupported 8/31 = 25.8% (−7.5, aandacht).
    mix = make_mix({A: (4, 11), B: (4, 11)})
    assert agreement_asks(mix=mix, section_id=A) == AgreementAsks.SUPPORTED


def test_fifty_fifty_community_at_target_accepts_either():
    # Target 1/2. 10/10: +supported 11/21 = 52.4%, A 5/5 → 6/5 = 54.5% (+4.5); +unsupported
    # 10/21 = 47.6%, A 5/6 = 45.5% (−4.5): all op koers.
    mix = make_mix({A: (5, 5), B: (5, 5)}, MixTarget.HALF)
    assert agreement_asks(mix=mix, section_id=A) == AgreementAsks.EITHER


def test_fifty_fifty_community_with_too_many_supported_asks_unsupported():
    # Target 1/2. 12/8 = 60%: +supported 13/21 = 61.9%; +unsupported 12/21 = 57.1% (+7.1),
    # neither op koers; unsupported deviates less. A 6/4 → 6/5 = 54.5% vs 7/4 = 63.6%.
    mix = make_mix({A: (6, 4), B: (6, 4)}, MixTarget.HALF)
    assert agreement_asks(mix=mix, section_id=A) == AgreementAsks.UNSUPPORTED


def test_one_third_target_on_a_fifty_fifty_mix_asks_unsupported():
    mix = make_mix({A: (5, 5), B: (5, 5)})
    assert agreement_asks(mix=mix, section_id=A) == AgreementAsks.UNSUPPORTED


def test_section_off_balance_while_overall_is_fine():
    # Overall 10/20 (on target), but section A has 8/7 (53%) and B 2/13 (13%).
    mix = make_mix({A: (8, 7), B: (2, 13)})
    # A: +supported → A 9/7 = 56.3% (+22.9); +unsupported → A 8/8 = 50% (+16.7): neither op
    # koers, unsupported deviates less.
    assert agreement_asks(mix=mix, section_id=A) == AgreementAsks.UNSUPPORTED
    # B: +supported → B 3/13 = 18.8% (−14.6); +unsupported → B 2/14 = 12.5% (−20.8).
    assert agreement_asks(mix=mix, section_id=B) == AgreementAsks.SUPPORTED


def test_section_decides_when_only_one_option_keeps_both_on_course():
    # Overall 10/20; A 3/7 = 30%: +supported → A 4/7 = 36.4% (+3.0), overall 11/31 (+2.2): op
    # koers; +unsupported → A 3/8 = 27.3% (−6.1): aandacht. Overall alone would say either.
    mix = make_mix({A: (3, 7), B: (7, 13)})
    assert agreement_asks(mix=mix, section_id=A) == AgreementAsks.SUPPORTED


def test_empty_section_imposes_no_section_constraint():
    # Section C is empty: its first resident is 0% or 100% either way; decide on overall only.
    assert agreement_asks(mix=make_mix({A: (5, 10), B: (5, 10), C: (0, 0)}), section_id=C) == (
        AgreementAsks.EITHER
    )
    assert agreement_asks(mix=make_mix({A: (6, 9), B: (6, 9), C: (0, 0)}), section_id=C) == (
        AgreementAsks.UNSUPPORTED
    )
    assert agreement_asks(mix=make_mix({A: (4, 11), B: (4, 11), C: (0, 0)}), section_id=C) == (
        AgreementAsks.SUPPORTED
    )


def test_empty_community_accepts_either():
    assert agreement_asks(mix=make_mix({A: (0, 0)}), section_id=A) == AgreementAsks.EITHER


def test_equal_deviations_are_a_tie_and_accept_either():
    # Target 1/2, 1/1: +supported 2/1 = 66.7% (+16.7), +unsupported 1/2 = 33.3% (−16.7).
    mix = make_mix({A: (1, 1)}, MixTarget.HALF)
    assert agreement_asks(mix=mix, section_id=A) == AgreementAsks.EITHER


def test_doorstroom_asks_use_the_leaving_section():
    # Overall 10/20 stays the same with doorstroom; section B 4/12 = 25%: a supported resident
    # from A gives B 5/12 = 29.4% (−3.9, op koers); an unsupported one from A gives B 4/13 =
    # 23.5% (−9.8). Only supported keeps both on course.
    mix = make_mix({A: (6, 8), B: (4, 12)})
    assert agreement_asks(mix=mix, section_id=B, leaving_section_id=A) == AgreementAsks.SUPPORTED


# --- status comparison ------------------------------------------------------------------------


def test_pushes_out_of_band_when_the_projected_status_is_worse():
    mix = make_mix({A: (5, 10), B: (5, 10)})  # overall and sections op koers
    projected = projected_mix(mix=mix, section_id=A, supported=True)  # A 6/16: still op koers
    assert not pushes_out_of_band(current=mix, section_id=A, projected=projected)
    small = make_mix({A: (2, 4)})  # 33.3%: +supported 3/4 = 42.9% (+9.5) → aandacht
    projected = projected_mix(mix=small, section_id=A, supported=True)
    assert pushes_out_of_band(current=small, section_id=A, projected=projected)


def test_an_empty_group_is_never_made_worse():
    empty = mix_figures(supported=0, unsupported=0, target=Fraction(1, 3))
    full = mix_figures(supported=1, unsupported=0, target=Fraction(1, 3))
    assert not status_worse(empty, full)
