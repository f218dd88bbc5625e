"""The norms calculator: every step written out so a municipal official can follow and check it.

Every norm comes from `communities.norms` (coach hours by units and phase, the pilot light, the
care share, the beheer range and the hours in an fte, a location's overrides); this module only
multiplies them by a rate and weeks, and compares them with what the parties agreed.

Decisions:
- Money agreed for the coach or for beheer counts as hours at the calculator's hourly rate:
  € per year ÷ (rate × weeks a year). Care hours are agreed in hours only: they come out of the
  clients' indication, not out of a budget.
- Beheer is sociaal beheer and locatiebeheer together (DESIGN.md §3).
- Where agreed hours stand against a norm uses `communities.norms.norm_status`: below the norm
  ("tekort", with how much), inside it ("gedekt"), above it ("meer dan de norm", with how much:
  information, not a fault).
- The welzijn-per-complex sum of seed 003 is an example to try: complexes × hours a week ×
  rate × weeks. It is not a Gemengd Wonen norm and nothing applies it to a community.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.norms import (
    MANAGEMENT_UNITS_PER_FTE_HIGH,
    MANAGEMENT_UNITS_PER_FTE_LOW,
    CoachNorm,
    NormsInForce,
    NormStatus,
    hours_range_label,
    management_fte,
    norm_status,
)
from financiering.formatting import euro, hours_week, number

# Seed 003's worked example (Rotterdam, senior flats): an example's inputs, not a norm.
WELZIJN_EXAMPLE = {"complexes": 266, "hours_per_week": Decimal(4), "rate": Decimal(75), "weeks": 42}

COVERAGE_LABELS = {
    NormStatus.BELOW: gettext_lazy("tekort"),
    NormStatus.WITHIN: gettext_lazy("gedekt"),
    NormStatus.ABOVE: gettext_lazy("meer dan de norm"),
}


@dataclass
class NormLine:
    """One norm: what the model asks, what the parties agreed, and how they compare."""

    key: str
    label: str
    low: Decimal | None  # hours per week; None when hidden
    high: Decimal | None
    agreed: Decimal | None  # hours per week (money converted); None: nothing to compare
    steps: list[str] = field(default_factory=list)
    masked: bool = False  # a small count: the norm would reveal a person's indication

    @property
    def norm_label(self) -> str:
        if self.low is None:
            return "–"
        return hours_range_label(self.low, self.high) + " u/week"

    @property
    def status(self) -> NormStatus | None:
        if self.low is None or self.agreed is None:
            return None
        return norm_status(realised=self.agreed, low=self.low, high=self.high)

    @property
    def status_label(self) -> str:
        status = self.status
        return "" if status is None else str(COVERAGE_LABELS[status])

    @property
    def gap(self) -> Decimal | None:
        """Short by (positive) or over by (positive) in hours per week."""
        status = self.status
        if status == NormStatus.BELOW:
            return self.low - self.agreed
        if status == NormStatus.ABOVE:
            return self.agreed - self.high
        return None

    @property
    def gap_label(self) -> str:
        gap = self.gap
        if gap is None:
            return ""
        if self.status == NormStatus.BELOW:
            return _("%(gap)s te weinig") % {"gap": hours_week(gap)}
        return _("%(gap)s meer") % {"gap": hours_week(gap)}


def yearly_cost(*, hours_per_week: Decimal, rate: Decimal, weeks: int) -> Decimal:
    return Decimal(hours_per_week) * Decimal(rate) * weeks


def cost_step(*, hours_per_week: Decimal, rate: Decimal, weeks: int) -> str:
    return _("%(hours)s u/week × %(rate)s × %(weeks)s weken = %(total)s per jaar") % {
        "hours": number(hours_per_week),
        "rate": euro(rate),
        "weeks": weeks,
        "total": euro(yearly_cost(hours_per_week=hours_per_week, rate=rate, weeks=weeks)),
    }


def money_as_hours(*, amount: Decimal, rate: Decimal, weeks: int) -> Decimal:
    """€ per year as hours per week at `rate` for `weeks` weeks, to two decimals."""
    if not rate or not weeks:
        return Decimal(0)
    return (Decimal(amount) / (Decimal(rate) * weeks)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _agreed_steps(
    *, hours: Decimal, money: Decimal, rate: Decimal, weeks: int
) -> tuple[Decimal, list[str]]:
    steps = []
    total = Decimal(hours)
    if hours:
        steps.append(_("Afgesproken in uren: %(hours)s") % {"hours": hours_week(hours)})
    if money:
        converted = money_as_hours(amount=money, rate=rate, weeks=weeks)
        steps.append(
            _("Afgesproken in geld: %(money)s ÷ (%(rate)s × %(weeks)s weken) = %(hours)s")
            % {
                "money": euro(money),
                "rate": euro(rate),
                "weeks": weeks,
                "hours": hours_week(converted),
            }
        )
        total += converted
    if hours and money:
        steps.append(_("Samen: %(hours)s") % {"hours": hours_week(total)})
    if not hours and not money:
        steps.append(_("Nog niets afgesproken."))
    return total, steps


def coach_line(
    *,
    norm: CoachNorm,
    rate: Decimal,
    weeks: int,
    agreed_hours: Decimal | None = None,
    agreed_money: Decimal | None = None,
) -> NormLine:
    steps = [norm.explanation]
    if norm.is_override:
        steps.append(norm.override_text)
    if norm.pilot_light:
        steps.append(_("De kerngroep heeft de waakvlam vastgelegd als besluit."))
    steps.append(cost_step(hours_per_week=norm.low, rate=rate, weeks=weeks))
    if norm.is_range:
        steps.append(cost_step(hours_per_week=norm.high, rate=rate, weeks=weeks))
    agreed = None
    if agreed_hours is not None or agreed_money is not None:
        agreed, agreed_text = _agreed_steps(
            hours=agreed_hours or Decimal(0),
            money=agreed_money or Decimal(0),
            rate=rate,
            weeks=weeks,
        )
        steps += agreed_text
    return NormLine(
        key="coach",
        label=_("Communitycoach"),
        low=norm.low,
        high=norm.high,
        agreed=agreed,
        steps=steps,
    )


def care_line(
    *,
    key: str,
    organisation: str,
    clients: int,
    indicated_total: Decimal,
    norm: Decimal,
    share_percent: Decimal,
    begeleiders: int | None = None,
    agreed_hours: Decimal | None = None,
    masked: bool = False,
) -> NormLine:
    label = _("Community-uren %(organisation)s") % {"organisation": organisation}
    if masked:
        steps = [
            _(
                "Minder dan 5 cliënten: het aantal en de geïndiceerde uren blijven verborgen, "
                "omdat ze naar een persoon kunnen wijzen."
            )
        ]
        if agreed_hours is not None:
            steps.append(_("Afgesproken: %(hours)s") % {"hours": hours_week(agreed_hours)})
        return NormLine(
            key=key, label=label, low=None, high=None, agreed=agreed_hours, steps=steps, masked=True
        )
    steps = [
        _(
            "%(clients)s cliënten met samen %(indicated)s geïndiceerde uren × %(share)s%% = "
            "%(norm)s (uit de indicatie, niet erbovenop)"
        )
        % {
            "clients": clients,
            "indicated": hours_week(indicated_total),
            "share": number(share_percent),
            "norm": hours_week(norm),
        }
    ]
    if begeleiders is not None:
        steps.append(
            _(
                "%(n)s verschillende begeleiders schreven community-uren (het model werkt "
                "liever met een paar vaste begeleiders)"
            )
            % {"n": begeleiders}
        )
    if agreed_hours is not None:
        steps.append(_("Afgesproken: %(hours)s") % {"hours": hours_week(agreed_hours)})
    return NormLine(key=key, label=label, low=norm, high=norm, agreed=agreed_hours, steps=steps)


def management_line(
    *,
    units: int,
    norms: NormsInForce,
    rate: Decimal,
    weeks: int,
    agreed_hours: Decimal | None = None,
    agreed_money: Decimal | None = None,
) -> NormLine:
    low, high = norms.management_norm(units=units)
    fte = norms.hours_per_fte
    steps = [
        _("1 fte per %(lean)s–%(generous)s eenheden, 1 fte = %(fte)s uur per week (%(source)s)")
        % {
            "lean": MANAGEMENT_UNITS_PER_FTE_LOW,
            "generous": MANAGEMENT_UNITS_PER_FTE_HIGH,
            "fte": number(fte),
            "source": _("afspraak van deze locatie")
            if norms.management_is_override
            else _("model"),
        },
        _("%(units)s × %(fte)s ÷ %(per)s = %(hours)s (%(ftes)s fte)")
        % {
            "units": units,
            "fte": number(fte),
            "per": MANAGEMENT_UNITS_PER_FTE_HIGH,
            "hours": hours_week(low),
            "ftes": number(management_fte(hours_per_week=low, hours_per_fte=fte)),
        },
        _("%(units)s × %(fte)s ÷ %(per)s = %(hours)s (%(ftes)s fte)")
        % {
            "units": units,
            "fte": number(fte),
            "per": MANAGEMENT_UNITS_PER_FTE_LOW,
            "hours": hours_week(high),
            "ftes": number(management_fte(hours_per_week=high, hours_per_fte=fte)),
        },
    ]
    if norms.management_is_override and norms.reason:
        steps.append(_("Reden: %(reason)s") % {"reason": norms.reason})
    agreed = None
    if agreed_hours is not None or agreed_money is not None:
        agreed, agreed_text = _agreed_steps(
            hours=agreed_hours or Decimal(0),
            money=agreed_money or Decimal(0),
            rate=rate,
            weeks=weeks,
        )
        steps += agreed_text
    return NormLine(
        key="beheer",
        label=_("Beheer (sociaal en fysiek)"),
        low=low,
        high=high,
        agreed=agreed,
        steps=steps,
    )


@dataclass(frozen=True)
class WelzijnSum:
    complexes: int
    hours_per_week: Decimal
    rate: Decimal
    weeks: int

    @property
    def total(self) -> Decimal:
        return self.complexes * self.hours_per_week * self.rate * self.weeks

    @property
    def step(self) -> str:
        return _(
            "%(complexes)s complexen × %(hours)s u × %(rate)s × %(weeks)s weken = %(total)s"
        ) % {
            "complexes": self.complexes,
            "hours": number(self.hours_per_week),
            "rate": euro(self.rate),
            "weeks": self.weeks,
            "total": euro(self.total),
        }
