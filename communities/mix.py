"""The begeleid / niet-begeleid mix: plain functions, tested without HTTP.

The mix on a date counts the residents living at the location on that date (an active stay) and,
of those, the ones whose support is active on that date. Because stays and support have dates,
the mix of any past day is right too.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from communities.constants import HALF_TARGET_MAX_UNITS, MixStatus, MixTarget


@dataclass(frozen=True)
class MixTargetInForce:
    share: Fraction
    label: str
    is_override: bool
    reason: str = ""


@dataclass(frozen=True)
class MixFigures:
    supported: int
    unsupported: int
    target: Fraction
    status: str

    @property
    def total(self) -> int:
        return self.supported + self.unsupported

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.supported, self.total) if self.total else None

    @property
    def share_percent(self) -> float | None:
        return float(self.share * 100) if self.share is not None else None

    @property
    def target_percent(self) -> float:
        return float(self.target * 100)

    @property
    def deviation_pp(self) -> float | None:
        """Percentage points above (+) or below (−) the target."""
        return float((self.share - self.target) * 100) if self.share is not None else None

    def status_label(self) -> str:
        return MixStatus(self.status).label


@dataclass(frozen=True)
class SectionMix:
    section_id: int
    name: str
    figures: MixFigures


@dataclass(frozen=True)
class CommunityMix:
    on: datetime.date
    target: MixTargetInForce
    overall: MixFigures
    sections: list[SectionMix] = field(default_factory=list)


@dataclass(frozen=True)
class Stay:
    resident_id: int
    section_id: int
    start: datetime.date
    end: datetime.date | None
    unit_id: int | None = None


@dataclass(frozen=True)
class Support:
    resident_id: int
    start: datetime.date
    end: datetime.date | None


def target_share(target: str) -> Fraction:
    return Fraction(1, 2) if target == MixTarget.HALF else Fraction(1, 3)


def half_target_allowed(*, unit_count: int, reason: str) -> bool:
    """50/50 is allowed for communities of about 60 units or fewer, or with a recorded reason."""
    return unit_count <= HALF_TARGET_MAX_UNITS or bool(reason.strip())


def target_in_force(*, target: str, reason: str) -> MixTargetInForce:
    return MixTargetInForce(
        share=target_share(target),
        label=MixTarget(target).label,
        is_override=target != MixTarget.ONE_THIRD,
        reason=reason,
    )


def mix_status(
    *,
    supported: int,
    total: int,
    target: Fraction,
    band_on_course_pp: Fraction,
    band_attention_pp: Fraction,
) -> str:
    """Within ±band_on_course_pp of the target: op koers; within ±band_attention_pp: aandacht;
    beyond: actie nodig. The band edges themselves belong to the milder status."""
    if total == 0:
        return MixStatus.NO_RESIDENTS
    deviation = abs(Fraction(supported, total) - target) * 100
    if deviation <= band_on_course_pp:
        return MixStatus.ON_COURSE
    if deviation <= band_attention_pp:
        return MixStatus.ATTENTION
    return MixStatus.ACTION


def mix_figures(
    *,
    supported: int,
    unsupported: int,
    target: Fraction,
    band_on_course_pp: Fraction = Fraction(5),
    band_attention_pp: Fraction = Fraction(10),
) -> MixFigures:
    if supported < 0 or unsupported < 0:
        raise ValueError("counts cannot be negative")
    status = mix_status(
        supported=supported,
        total=supported + unsupported,
        target=target,
        band_on_course_pp=Fraction(band_on_course_pp),
        band_attention_pp=Fraction(band_attention_pp),
    )
    return MixFigures(supported=supported, unsupported=unsupported, target=target, status=status)


def is_active(start: datetime.date, end: datetime.date | None, day: datetime.date) -> bool:
    """Periods are half-open: from start up to, not including, end."""
    return start <= day and (end is None or end > day)


def mix_on(
    *,
    day: datetime.date,
    stays: Iterable[Stay],
    supports: Iterable[Support],
    sections: dict[int, str],
    target: MixTargetInForce,
    band_on_course_pp: Fraction,
    band_attention_pp: Fraction,
) -> CommunityMix:
    """The mix on `day`, overall and per section (every section is listed, empty ones too)."""
    supported_ids = {s.resident_id for s in supports if is_active(s.start, s.end, day)}
    living = {s.resident_id: s.section_id for s in stays if is_active(s.start, s.end, day)}
    per_section: dict[int, list[int]] = {section_id: [0, 0] for section_id in sections}
    for resident_id, section_id in living.items():
        counts = per_section.setdefault(section_id, [0, 0])
        counts[0 if resident_id in supported_ids else 1] += 1

    def figures(supported: int, unsupported: int) -> MixFigures:
        return mix_figures(
            supported=supported,
            unsupported=unsupported,
            target=target.share,
            band_on_course_pp=band_on_course_pp,
            band_attention_pp=band_attention_pp,
        )

    supported_total = sum(c[0] for c in per_section.values())
    unsupported_total = sum(c[1] for c in per_section.values())
    return CommunityMix(
        on=day,
        target=target,
        overall=figures(supported_total, unsupported_total),
        sections=[
            SectionMix(
                section_id=sid, name=sections.get(sid, "?"), figures=figures(*per_section[sid])
            )
            for sid in sorted(per_section, key=lambda sid: sections.get(sid, ""))
        ],
    )


def month_ends(*, until: datetime.date, months: int) -> list[datetime.date]:
    """The last day of each of the `months` months up to `until` (the current month: `until`)."""
    days = [until]
    first_of_month = until.replace(day=1)
    for _ in range(months - 1):
        last_of_previous = first_of_month - datetime.timedelta(days=1)
        days.append(last_of_previous)
        first_of_month = last_of_previous.replace(day=1)
    return list(reversed(days))
