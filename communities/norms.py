"""The model's norms (DESIGN.md §3) as plain functions: the one place the other apps call.

The model calls these guidelines, not laws: the product shows them as a compass, never as a
verdict on people. Decisions where the source is ambiguous (marked *decision*):

- Coach hours: a boundary count belongs to the LOWER band (80 units → 40–80, 160 → 81–160,
  240 → 161–240). Under 40 units the 40–80 row applies, flagged "onder de schaal van het
  model".
- Phase → column: year 1 uses the "jaar 1" column; years 2 and 3 the standard column; after
  year 3 the "na jaar 3" column. *Decision*: the development phase (before the residents move
  in) also uses the "jaar 1" column: the seed calls communitycoaching "in de ontwikkeling
  onmisbaar", and the work of year 1 (getting to know the future residents, the welcome) starts
  before the keys are handed over.
- Pilot light (waakvlam): 4 hours a MONTH, shown per week as 4 × 12 / 52 ≈ 0,92 h. It is only
  possible below 100 units; from 100 units a community in the pilot-light phase falls back to
  the "na jaar 3" column (the coach role is permanent there). Whether the pilot light may be
  switched on is decided elsewhere (`communities.phase.pilot_light_allowed`).
- Met or not: a range (4–6, 20–24) is met when the realised hours fall inside it; a single
  number (8, 12, …) is met when the realised hours reach it — a big overshoot still meets it.
  The status ("onder", "binnen", "boven norm") is shown next to it as information.
- Care: 10% of the indicated hours of the care organisation's OWN clients living at the
  location with support active on the date, out of the indication (not on top of it).
- Beheer: 1 fte per 150–350 units pro rata; 1 fte = 36 hours a week by default.
- Overrides (DESIGN.md §3: every norm is a default a community may override, with the reason
  visible): `norms_in_force` combines a location's agreements with the model. A coach override
  is a range (or a single number: low == high) that replaces the table's norm in EVERY phase,
  the pilot light included (*decision*: the agreement is the location's own; it changes it when
  the phase changes). The model's norm is kept next to it, so the page shows both. The care
  share (default 10%) and the hours in 1 fte (default 36) replace the defaults in the formulas.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.constants import PILOT_LIGHT_MAX_UNITS, Phase

# --- Communitycoach ----------------------------------------------------------------------------

MODEL_MIN_UNITS = 40
PILOT_LIGHT_HOURS_PER_MONTH = Decimal(4)
# 4 hours a month as hours a week: 4 × 12 months / 52 weeks.
PILOT_LIGHT_HOURS_PER_WEEK = (PILOT_LIGHT_HOURS_PER_MONTH * 12 / 52).quantize(Decimal("0.01"))


class CoachColumn(models.TextChoices):
    YEAR_1 = "jaar_1", gettext_lazy("jaar 1")
    STANDARD = "standaard", gettext_lazy("standaard")
    LATER = "na_jaar_3", gettext_lazy("na jaar 3")
    PILOT_LIGHT = "waakvlam", gettext_lazy("waakvlam")


@dataclass(frozen=True)
class _Band:
    label: str
    upper: int | None  # the highest unit count in the band; None: no upper bound
    year_1: tuple[int, int]
    standard: tuple[int, int]
    later: tuple[int, int]


# The seed's table (001, ingrediënt 1). (low, high): equal for a single number.
COACH_TABLE: tuple[_Band, ...] = (
    _Band("40–80", 80, year_1=(12, 12), standard=(8, 8), later=(4, 6)),
    _Band("81–160", 160, year_1=(18, 18), standard=(12, 12), later=(6, 6)),
    _Band("161–240", 240, year_1=(24, 24), standard=(16, 16), later=(6, 6)),
    _Band("meer dan 240", None, year_1=(20, 24), standard=(20, 24), later=(8, 8)),
)

_PHASE_COLUMN = {
    Phase.DEVELOPMENT: CoachColumn.YEAR_1,
    Phase.YEAR_1: CoachColumn.YEAR_1,
    Phase.YEAR_2: CoachColumn.STANDARD,
    Phase.YEAR_3: CoachColumn.STANDARD,
    Phase.LATER: CoachColumn.LATER,
    Phase.PILOT_LIGHT: CoachColumn.PILOT_LIGHT,
}


@dataclass(frozen=True)
class CoachNorm:
    """The coach's hours per week for a community of `units` in `phase`."""

    units: int
    phase: Phase
    low: Decimal
    high: Decimal
    band: str  # the row of the table, e.g. "40–80"
    column: CoachColumn
    below_scale: bool  # fewer than 40 units: the 40–80 row applies
    pilot_light: bool
    explanation: str  # the model's computation, in Dutch, for the page
    # A location's own agreement (`norms_in_force`): low/high are then the agreement and
    # model_low/model_high the model's norm, shown next to it.
    is_override: bool = False
    model_low: Decimal | None = None
    model_high: Decimal | None = None
    reason: str = ""

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    @property
    def model_label(self) -> str:
        if self.model_low is None:
            return self.label
        return hours_range_label(self.model_low, self.model_high)

    @property
    def override_text(self) -> str:
        """ "Afspraak van deze locatie: 10–12 uur (standaard volgens het model: 8). Reden: …" """
        if not self.is_override:
            return ""
        text = _(
            "Afspraak van deze locatie: %(agreed)s uur (standaard volgens het model: %(model)s)."
        ) % {"agreed": self.label, "model": self.model_label}
        if self.reason:
            text += " " + _("Reden: %(reason)s") % {"reason": self.reason}
        return text

    @property
    def hours_per_month(self) -> Decimal | None:
        return PILOT_LIGHT_HOURS_PER_MONTH if self.pilot_light else None

    @property
    def label(self) -> str:
        return hours_range_label(self.low, self.high)


def fmt_hours(value: Decimal) -> str:
    """8 → "8", 0.92 → "0,92", 7.5 → "7,5" (in the active language's decimal separator)."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return number_format(int(value))
    text = format(value.normalize(), "f")
    return number_format(value, len(text.split(".")[1]))


def hours_range_label(low: Decimal, high: Decimal) -> str:
    if low == high:
        return fmt_hours(low)
    return f"{fmt_hours(low)}–{fmt_hours(high)}"


def coach_band(units: int) -> _Band:
    if units < 0:
        raise ValueError("units must not be negative")
    for band in COACH_TABLE:
        if band.upper is None or units <= band.upper:
            return band
    raise AssertionError("unreachable: the last band has no upper bound")


def coach_hours_norm(*, units: int, phase: Phase) -> CoachNorm:
    """The communitycoach's hours per week (DESIGN.md §3; decisions in the module docstring)."""
    phase = Phase(phase)
    band = coach_band(units)
    below_scale = units < MODEL_MIN_UNITS
    column = _PHASE_COLUMN[phase]
    no_pilot_light = column == CoachColumn.PILOT_LIGHT and units > PILOT_LIGHT_MAX_UNITS
    if no_pilot_light:
        column = CoachColumn.LATER
    pilot_light = column == CoachColumn.PILOT_LIGHT

    parts = [
        _("%(units)s eenheden") % {"units": units},
        str(phase.label).lower(),
    ]
    if pilot_light:
        low = high = PILOT_LIGHT_HOURS_PER_WEEK
        parts.append(
            _("waakvlam: 4 uur per maand = 4 × 12 / 52 ≈ %(week)s uur per week")
            % {"week": fmt_hours(PILOT_LIGHT_HOURS_PER_WEEK)}
        )
    else:
        low, high = (
            Decimal(n)
            for n in {
                CoachColumn.YEAR_1: band.year_1,
                CoachColumn.STANDARD: band.standard,
                CoachColumn.LATER: band.later,
            }[column]
        )
        if phase == Phase.DEVELOPMENT:
            parts.append(_("in de ontwikkelfase geldt de kolom jaar 1"))
        if no_pilot_light:
            parts.append(_("vanaf 100 eenheden geen waakvlam: de kolom na jaar 3 blijft gelden"))
        parts.append(_("kolom %(column)s") % {"column": column.label})
        row = _("rij %(band)s") % {"band": band.label}
        if below_scale:
            row += " " + _("(onder de schaal van het model: minder dan 40 eenheden)")
        parts.append(row)
        parts.append(_("%(hours)s uur per week") % {"hours": hours_range_label(low, high)})
    return CoachNorm(
        units=units,
        phase=phase,
        low=low,
        high=high,
        band=band.label,
        column=column,
        below_scale=below_scale,
        pilot_light=pilot_light,
        explanation=" → ".join(parts),
    )


class NormStatus(models.TextChoices):
    """A compass, not a verdict."""

    BELOW = "onder", gettext_lazy("onder norm")
    WITHIN = "binnen", gettext_lazy("binnen norm")
    ABOVE = "boven", gettext_lazy("boven norm")


def norm_status(*, realised: Decimal, low: Decimal, high: Decimal) -> NormStatus:
    """Where realised hours fall against a norm [low, high] (a single number: low == high)."""
    if realised < low:
        return NormStatus.BELOW
    if realised > high:
        return NormStatus.ABOVE
    return NormStatus.WITHIN


def coach_hours_met(*, realised_per_week: Decimal, norm: CoachNorm) -> bool:
    """A range is met when the realised hours fall inside it; a single number when they reach
    it (more is fine)."""
    if norm.is_range:
        return norm.low <= realised_per_week <= norm.high
    return realised_per_week >= norm.low


# --- Care organisations ------------------------------------------------------------------------

DEFAULT_CARE_SHARE_PERCENT = Decimal(10)
CARE_SHARE = DEFAULT_CARE_SHARE_PERCENT / 100


def care_hours_norm(
    *,
    indicated_hours_per_week: Iterable[Decimal],
    share_percent: Decimal = DEFAULT_CARE_SHARE_PERCENT,
) -> Decimal:
    """10% (or the location's agreed share) of the indicated hours per week of the care
    organisation's own clients at the location (the seed: 20 × 6 h × 10% = 12 h/week). Exact:
    Decimal arithmetic, no rounding."""
    total = sum((Decimal(h) for h in indicated_hours_per_week), Decimal(0))
    if Decimal(share_percent) == DEFAULT_CARE_SHARE_PERCENT:
        return total * CARE_SHARE
    return total * Decimal(share_percent) / 100


# --- Beheer ------------------------------------------------------------------------------------

MANAGEMENT_UNITS_PER_FTE_LOW = 150  # 1 fte for 150 units: the generous end
MANAGEMENT_UNITS_PER_FTE_HIGH = 350  # 1 fte for 350 units: the lean end
DEFAULT_HOURS_PER_FTE = Decimal(36)


def management_fte_norm(
    *, units: int, hours_per_fte: Decimal = DEFAULT_HOURS_PER_FTE
) -> tuple[Decimal, Decimal]:
    """Beheer (social + physical) hours per week: 1 fte per 150–350 units pro rata, i.e.
    between units/350 × fte and units/150 × fte hours, rounded to one decimal."""
    if units < 0:
        raise ValueError("units must not be negative")
    tenth = Decimal("0.1")
    low = (Decimal(units) * hours_per_fte / MANAGEMENT_UNITS_PER_FTE_HIGH).quantize(
        tenth, ROUND_HALF_UP
    )
    high = (Decimal(units) * hours_per_fte / MANAGEMENT_UNITS_PER_FTE_LOW).quantize(
        tenth, ROUND_HALF_UP
    )
    return low, high


# --- A location's overrides --------------------------------------------------------------------


@dataclass(frozen=True)
class NormsInForce:
    """The norms of one location: the model's defaults with the location's agreements."""

    coach_low: Decimal | None
    coach_high: Decimal | None
    care_share_percent: Decimal
    hours_per_fte: Decimal
    reason: str

    @property
    def coach_is_override(self) -> bool:
        return self.coach_low is not None

    @property
    def care_is_override(self) -> bool:
        return self.care_share_percent != DEFAULT_CARE_SHARE_PERCENT

    @property
    def management_is_override(self) -> bool:
        return self.hours_per_fte != DEFAULT_HOURS_PER_FTE

    @property
    def is_override(self) -> bool:
        return self.coach_is_override or self.care_is_override or self.management_is_override

    @property
    def care_share_label(self) -> str:
        return fmt_hours(self.care_share_percent)

    @property
    def hours_per_fte_label(self) -> str:
        return fmt_hours(self.hours_per_fte)

    def coach_norm(self, *, units: int, phase: Phase) -> CoachNorm:
        norm = coach_hours_norm(units=units, phase=phase)
        if not self.coach_is_override:
            return norm
        return replace(
            norm,
            low=self.coach_low,
            high=self.coach_high,
            is_override=True,
            model_low=norm.low,
            model_high=norm.high,
            reason=self.reason,
        )

    def care_norm(self, *, indicated_hours_per_week: Iterable[Decimal]) -> Decimal:
        return care_hours_norm(
            indicated_hours_per_week=indicated_hours_per_week,
            share_percent=self.care_share_percent,
        )

    def management_norm(self, *, units: int) -> tuple[Decimal, Decimal]:
        return management_fte_norm(units=units, hours_per_fte=self.hours_per_fte)


def norms_in_force(
    *,
    coach_low: Decimal | None = None,
    coach_high: Decimal | None = None,
    care_share_percent: Decimal = DEFAULT_CARE_SHARE_PERCENT,
    hours_per_fte: Decimal = DEFAULT_HOURS_PER_FTE,
    reason: str = "",
) -> NormsInForce:
    """A location's norms. A coach override with one end only is a single number."""
    if coach_low is None:
        coach_low = coach_high
    if coach_high is None:
        coach_high = coach_low
    return NormsInForce(
        coach_low=None if coach_low is None else Decimal(coach_low),
        coach_high=None if coach_high is None else Decimal(coach_high),
        care_share_percent=Decimal(care_share_percent),
        hours_per_fte=Decimal(hours_per_fte),
        reason=reason or "",
    )


# --- Funding -----------------------------------------------------------------------------------

# The model prefers multi-year agreements covering the next 5–10 years (seed 001, ingrediënt 7:
# "Met onzekerheid kun je niet bouwen aan een community").
FUNDING_PREFERRED_YEARS_LOW = Decimal(5)
FUNDING_PREFERRED_YEARS_HIGH = Decimal(10)


def funding_horizon_short(*, years: Decimal) -> bool:
    """Whether funding secured `years` ahead falls short of the model's preferred horizon (5
    years; the upper end, 10, is a preference, not a limit)."""
    return Decimal(years) < FUNDING_PREFERRED_YEARS_LOW


def funding_horizon_label() -> str:
    """ "5–10 jaar" """
    return _("%(range)s jaar") % {
        "range": hours_range_label(FUNDING_PREFERRED_YEARS_LOW, FUNDING_PREFERRED_YEARS_HIGH)
    }


def care_hours_norm_from_average(
    *,
    residents: int,
    average_hours_per_week: Decimal,
    share_percent: Decimal = DEFAULT_CARE_SHARE_PERCENT,
) -> Decimal:
    """The care norm of a planned location: `residents` supported residents with on average
    `average_hours_per_week` indicated hours (the seed: 20 × 6 h × 10% = 12 h/week)."""
    if residents < 0:
        raise ValueError("residents must not be negative")
    return care_hours_norm(
        indicated_hours_per_week=[Decimal(average_hours_per_week) * residents],
        share_percent=share_percent,
    )


def management_fte(*, hours_per_week: Decimal, hours_per_fte: Decimal = DEFAULT_HOURS_PER_FTE):
    """Hours per week as fte (36 hours = 1 fte by default), two decimals."""
    return (Decimal(hours_per_week) / Decimal(hours_per_fte)).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )
