"""The funding rules as plain functions over plain values: the horizon, the warnings, realised
against agreed, budgets. The selectors feed them from the database; the tests feed them by hand.

Decisions:
- Horizon: funding for a purpose is secured on a day when a SIGNED agreement covering the
  community runs on that day and has a contribution for the purpose in that day's year. From
  today it reaches as far as such agreements follow each other without a gap (an agreement's
  reach ends at its end date or at the end of the last year in a row it has contributions for).
  Years ahead = whole months from today to the day after the last secured day, ÷ 12, rounded
  down to one decimal: a five-year agreement seen on its first day is exactly 5,0 years.
- "Ends within 12 months": a signed agreement whose end date is today or within the next 12
  months (same day next year included), without a SIGNED successor. A successor still in draft
  is named in the warning but does not lift it: until it is signed nothing is secured.
- "Project money without regular follow-up": a signed project-money agreement that has not ended
  and whose chain of successors holds no signed regular-money agreement.
- Realised against agreed: a week belongs to the month of its Monday (time entries are kept per
  week from its Monday); agreed hours in a month = hours per week × the Mondays in that month.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext as _

from communities.norms import funding_horizon_label, funding_horizon_short
from financiering.constants import AgreementKind, AgreementStatus, WarningKind
from financiering.formatting import euro, years

# --- Dates -------------------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the last day of the month when that day does not exist."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def whole_months(start: datetime.date, end: datetime.date) -> int:
    """Whole months from `start` to `end` (0 when end is not after start)."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def month_starts(*, until: datetime.date, months: int) -> list[datetime.date]:
    """The first days of the `months` months ending with the month of `until`, oldest first."""
    last = until.replace(day=1)
    return [add_months(last, -n) for n in range(months - 1, -1, -1)]


def mondays_in_month(month: datetime.date) -> int:
    first = month.replace(day=1)
    days = calendar.monthrange(first.year, first.month)[1]
    offset = (7 - first.weekday()) % 7  # days until the first Monday
    return len(range(offset, days, 7))


# --- Horizon -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cover:
    """One signed agreement's cover of one purpose: its period and the years it has
    contributions for that purpose."""

    start: datetime.date
    end: datetime.date
    years: frozenset[int]


def secured_until(*, covers: Iterable[Cover], today: datetime.date) -> datetime.date | None:
    """The last day up to which funding runs without a gap from today, or None when today is
    not covered."""
    covers = list(covers)
    day, until = today, None
    while True:
        reach = None
        for cover in covers:
            if cover.start <= day <= cover.end and day.year in cover.years:
                last_year = day.year
                while last_year + 1 in cover.years:
                    last_year += 1
                end = min(cover.end, datetime.date(last_year, 12, 31))
                reach = end if reach is None else max(reach, end)
        if reach is None or (until is not None and reach <= until):
            return until
        until = reach
        day = reach + datetime.timedelta(days=1)


def years_ahead(*, today: datetime.date, until: datetime.date | None) -> Decimal:
    """Years secured: whole months to the day after `until`, ÷ 12, rounded down to 0,1."""
    if until is None or until < today:
        return Decimal("0.0")
    months = whole_months(today, until + datetime.timedelta(days=1))
    return (Decimal(months) / 12).quantize(Decimal("0.1"), ROUND_DOWN)


@dataclass(frozen=True)
class PurposeHorizon:
    purpose: str
    label: str
    until: datetime.date | None
    years: Decimal

    @property
    def short(self) -> bool:
        return funding_horizon_short(years=self.years)

    @property
    def years_label(self) -> str:
        return years(self.years)


@dataclass(frozen=True)
class Horizon:
    """Per essential purpose, and overall as the shortest of them."""

    purposes: tuple[PurposeHorizon, ...]

    @property
    def shortest(self) -> PurposeHorizon | None:
        if not self.purposes:
            return None
        return min(self.purposes, key=lambda p: (p.years, p.label))

    @property
    def years(self) -> Decimal:
        shortest = self.shortest
        return shortest.years if shortest else Decimal("0.0")

    @property
    def until(self) -> datetime.date | None:
        shortest = self.shortest
        return shortest.until if shortest else None

    @property
    def short(self) -> bool:
        return funding_horizon_short(years=self.years)

    @property
    def years_label(self) -> str:
        return years(self.years)


# --- Warnings ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementFacts:
    id: int
    title: str
    kind: str
    status: str
    start: datetime.date
    end: datetime.date
    # Successors (direct), as (title, kind, status); and whether the whole chain after this
    # agreement holds a signed regular-money agreement.
    successors: tuple[tuple[str, str, str], ...] = ()
    regular_follow_up: bool = False


@dataclass(frozen=True)
class FundingWarning:
    kind: WarningKind
    text: str
    agreement_id: int | None = None

    @property
    def label(self) -> str:
        return str(self.kind.label)


def _d(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


def agreement_warnings(
    *, agreements: Iterable[AgreementFacts], today: datetime.date
) -> list[FundingWarning]:
    warnings = []
    horizon_end = add_months(today, 12)
    for facts in agreements:
        if facts.status != AgreementStatus.SIGNED:
            continue
        signed_successor = any(s[2] == AgreementStatus.SIGNED for s in facts.successors)
        if today <= facts.end <= horizon_end and not signed_successor:
            drafts = [s[0] for s in facts.successors if s[2] == AgreementStatus.DRAFT]
            text = _("%(title)s loopt af op %(end)s en heeft geen getekende opvolger.") % {
                "title": facts.title,
                "end": _d(facts.end),
            }
            if drafts:
                text += " " + _("De opvolger %(title)s is nog een concept.") % {"title": drafts[0]}
            warnings.append(FundingWarning(WarningKind.ENDS_WITHOUT_SUCCESSOR, text, facts.id))
        if (
            facts.kind == AgreementKind.PROJECT
            and facts.end >= today
            and not facts.regular_follow_up
        ):
            warnings.append(
                FundingWarning(
                    WarningKind.PROJECT_WITHOUT_REGULAR,
                    _(
                        "%(title)s is projectgeld tot %(end)s; er is nog geen getekende afspraak "
                        "om het met regulier geld voort te zetten."
                    )
                    % {"title": facts.title, "end": _d(facts.end)},
                    facts.id,
                )
            )
    return warnings


def horizon_warnings(*, horizon: Horizon) -> list[FundingWarning]:
    if not horizon.short:
        return []
    shortest = horizon.shortest
    text = _(
        "De financiering is %(years)s vooruit zeker (%(purpose)s); het model streeft naar "
        "%(preferred)s."
    ) % {
        "years": horizon.years_label,
        "purpose": shortest.label if shortest else "–",
        "preferred": funding_horizon_label(),
    }
    return [FundingWarning(WarningKind.HORIZON_SHORT, text)]


def partner_warnings(
    *, partners: Iterable[tuple[int, str]], contributing: set[int]
) -> list[FundingWarning]:
    """A partner named in the agreement (akkoord) with no contribution in money or hours."""
    return [
        FundingWarning(
            WarningKind.PARTNER_WITHOUT_CONTRIBUTION,
            _("%(partner)s draagt dit jaar niets bij in geld of uren.") % {"partner": name},
        )
        for partner_id, name in partners
        if partner_id not in contributing
    ]


# --- Realised against agreed -------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerMonth:
    month: datetime.date
    mondays: int
    agreed_per_week: Decimal
    agreed: Decimal
    logged: Decimal

    @property
    def missing(self) -> bool:
        """Agreed hours and none logged: stands out."""
        return self.agreed > 0 and self.logged == 0

    @property
    def short(self) -> bool:
        return self.logged < self.agreed

    @property
    def difference(self) -> Decimal:
        return self.logged - self.agreed


@dataclass
class PartnerHours:
    party_id: int
    party: str
    months: list[PartnerMonth] = field(default_factory=list)

    @property
    def agreed(self) -> Decimal:
        return sum((m.agreed for m in self.months), Decimal(0))

    @property
    def logged(self) -> Decimal:
        return sum((m.logged for m in self.months), Decimal(0))

    @property
    def missing_months(self) -> int:
        return sum(1 for m in self.months if m.missing)


def realised_hours(
    *,
    months: list[datetime.date],
    parties: dict[int, str],
    agreed_per_week: dict[tuple[int, datetime.date], Decimal],
    logged: dict[tuple[int, datetime.date], Decimal],
) -> list[PartnerHours]:
    """Per party (with agreed or logged hours) per month: hours agreed and logged."""
    rows = []
    for party_id, name in sorted(parties.items(), key=lambda item: item[1]):
        row = PartnerHours(party_id=party_id, party=name)
        for month in months:
            per_week = agreed_per_week.get((party_id, month), Decimal(0))
            mondays = mondays_in_month(month)
            row.months.append(
                PartnerMonth(
                    month=month,
                    mondays=mondays,
                    agreed_per_week=per_week,
                    agreed=per_week * mondays,
                    logged=logged.get((party_id, month), Decimal(0)),
                )
            )
        rows.append(row)
    return rows


@dataclass(frozen=True)
class BudgetYear:
    year: int
    budget: str
    label: str
    agreed: Decimal
    spent: Decimal

    @property
    def overspent(self) -> bool:
        return self.spent > self.agreed

    @property
    def remaining(self) -> Decimal:
        return self.agreed - self.spent

    @property
    def text(self) -> str:
        if self.overspent:
            return _("%(spent)s uitgegeven van %(agreed)s: %(over)s te veel") % {
                "spent": euro(self.spent),
                "agreed": euro(self.agreed),
                "over": euro(self.spent - self.agreed),
            }
        return _("%(spent)s uitgegeven van %(agreed)s") % {
            "spent": euro(self.spent),
            "agreed": euro(self.agreed),
        }
