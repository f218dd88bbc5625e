"""The IMO's numeric check (question a of the model): plain functions on a CommunityMix, no DB.

`projected_mix` answers "what would the mix be if this candidate moved in?"; `agreement_asks`
answers "what does the numeric agreement ask for at a vacancy in this section?". Both count
people the same way as `communities.mix` (one resident is one person, supported when their
support is active) and use the community's own target and status bands.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from communities.constants import MixStatus
from communities.mix import CommunityMix, MixFigures, mix_figures
from imo.constants import AgreementAsks


@dataclass(frozen=True)
class Bands:
    """A community's status bands in percentage points (DESIGN.md §3: ±5 op koers, ±10 aandacht).
    CommunityMix does not carry them, so callers pass them in (`Bands.of(community)`)."""

    on_course_pp: Fraction = Fraction(5)
    attention_pp: Fraction = Fraction(10)

    @classmethod
    def of(cls, community) -> Bands:
        """The bands of a Community (duck-typed: anything with the two band fields)."""
        return cls(
            on_course_pp=Fraction(Decimal(community.band_on_course_pp)),
            attention_pp=Fraction(Decimal(community.band_attention_pp)),
        )


DEFAULT_BANDS = Bands()

# Higher is worse; NO_RESIDENTS is not ranked because an empty group sets no standard.
STATUS_RANK = {MixStatus.ON_COURSE: 0, MixStatus.ATTENTION: 1, MixStatus.ACTION: 2}


@dataclass(frozen=True)
class ProjectedMix:
    overall: MixFigures
    section: MixFigures


def _figures(supported: int, unsupported: int, target: Fraction, bands: Bands) -> MixFigures:
    return mix_figures(
        supported=supported,
        unsupported=unsupported,
        target=target,
        band_on_course_pp=bands.on_course_pp,
        band_attention_pp=bands.attention_pp,
    )


def section_counts(mix: CommunityMix, section_id: int) -> tuple[int, int]:
    """(supported, unsupported) living in the section; a section the mix does not list (created
    after the mix was computed) is empty."""
    for section in mix.sections:
        if section.section_id == section_id:
            return section.figures.supported, section.figures.unsupported
    return 0, 0


def projected_mix(
    *,
    mix: CommunityMix,
    section_id: int,
    supported: bool,
    leaving_section_id: int | None = None,
    leaving_supported: bool | None = None,
    bands: Bands = DEFAULT_BANDS,
) -> ProjectedMix:
    """The mix overall and in section `section_id` as it would be if one candidate (supported
    or not) moved into a unit of that section.

    Doorstroom (an existing resident moving within the location): pass `leaving_section_id`,
    the section they leave, and `leaving_supported`, whether they count as supported now
    (default: the same as `supported`). They are taken out of their old section and added to the
    new one, so the overall total stays the same. Raises ValueError when the leaving person is
    not in the counts (the mix would go negative).
    """
    target = mix.target.share
    overall = [mix.overall.supported, mix.overall.unsupported]
    section = list(section_counts(mix, section_id))
    arriving = 0 if supported else 1
    overall[arriving] += 1
    section[arriving] += 1
    if leaving_section_id is not None:
        leaving = arriving if leaving_supported is None else (0 if leaving_supported else 1)
        overall[leaving] -= 1
        if leaving_section_id == section_id:
            section[leaving] -= 1
        elif section_counts(mix, leaving_section_id)[leaving] < 1:
            raise ValueError("the leaving resident is not counted in their section")
        if min(overall + section) < 0:
            raise ValueError("the leaving resident is not counted in the mix")
    return ProjectedMix(
        overall=_figures(*overall, target, bands),
        section=_figures(*section, target, bands),
    )


def _deviation(figures: MixFigures) -> Fraction:
    """Absolute distance from the target as a fraction (exact: no float ties lost)."""
    return abs(figures.share - figures.target) if figures.total else Fraction(0)


def agreement_asks(
    *,
    mix: CommunityMix,
    section_id: int,
    leaving_section_id: int | None = None,
    leaving_supported: bool | None = None,
    bands: Bands = DEFAULT_BANDS,
) -> AgreementAsks:
    """What the numeric agreement asks for at a vacancy in section `section_id`.

    The rule (DESIGN.md §3–4; the product shows it as a compass, not a verdict):
    1. Project the mix twice: with one more supported and with one more unsupported resident
       (for doorstroom, with the leaving resident taken out, see `projected_mix`).
    2. An option "keeps the mix on course" when the projected overall mix and the projected
       section mix are both "op koers". An EMPTY section (no residents now) imposes no section
       constraint: its first resident always makes it 0% or 100%, so only the overall mix
       counts. An empty community (no residents at all) imposes nothing: EITHER.
    3. Both options keep it on course → EITHER; exactly one does → that one.
    4. Neither does → the option with the smaller largest absolute deviation from the target
       (the larger of the overall and the section deviation, the section only when it counts);
       equal deviations → EITHER.
    """
    if mix.overall.total == 0:
        return AgreementAsks.EITHER
    section_counts_now = section_counts(mix, section_id)
    section_counts_as = sum(section_counts_now) > 0

    def assess(supported: bool) -> tuple[bool, Fraction]:
        projected = projected_mix(
            mix=mix,
            section_id=section_id,
            supported=supported,
            leaving_section_id=leaving_section_id,
            leaving_supported=leaving_supported,
            bands=bands,
        )
        groups = (
            [projected.overall, projected.section] if section_counts_as else [projected.overall]
        )
        on_course = all(g.status == MixStatus.ON_COURSE for g in groups)
        return on_course, max(_deviation(g) for g in groups)

    supported_ok, supported_dev = assess(True)
    unsupported_ok, unsupported_dev = assess(False)
    if supported_ok and unsupported_ok:
        return AgreementAsks.EITHER
    if supported_ok:
        return AgreementAsks.SUPPORTED
    if unsupported_ok:
        return AgreementAsks.UNSUPPORTED
    if supported_dev < unsupported_dev:
        return AgreementAsks.SUPPORTED
    if unsupported_dev < supported_dev:
        return AgreementAsks.UNSUPPORTED
    return AgreementAsks.EITHER


def status_worse(before: MixFigures, after: MixFigures) -> bool:
    """True when `after` has a worse status than `before`. A group without residents before sets
    no standard (its first resident always lands at 0% or 100%), so it is never "worse"."""
    if before.status not in STATUS_RANK or after.status not in STATUS_RANK:
        return False
    return STATUS_RANK[after.status] > STATUS_RANK[before.status]


def pushes_out_of_band(*, current: CommunityMix, section_id: int, projected: ProjectedMix) -> bool:
    """Whether moving in would make the overall or the section status worse than it is now."""
    section_now = next(
        (s.figures for s in current.sections if s.section_id == section_id),
        None,  # a section the mix does not list is empty: it sets no standard
    )
    return status_worse(current.overall, projected.overall) or (
        section_now is not None and status_worse(section_now, projected.section)
    )


def farther_from_target_pp(now: MixFigures | None, then: MixFigures) -> Fraction | None:
    """How many percentage points farther from the target the share gets (`now` → `then`),
    when it does; None when it gets closer, stays as far, or a share is undefined (an empty
    section sets no standard).

    Decision: every step away from the target is worth a word at the IMO, also inside the
    band (issue 15): the status bands alone warned for one candidate and not for another who
    moved a section further away."""
    if now is None or now.share is None or then.share is None:
        return None
    change = (abs(then.share - then.target) - abs(now.share - now.target)) * 100
    return change if change > 0 else None
