"""The intake process (IMO) and prevented evictions of a municipality's locations together, per
calendar year and per quarter, for the aggregate viewers (gemeente, stuurgroep).

Per location and per month these figures are almost always 1–4 ("< 5 van < 5 besluiten"): they
say nothing to the municipality and could point at a person. Added up over the municipality's
locations and over a quarter or a year they reach 5 and can be shown. What still is small is
hidden by the project's one rule (`gemengdwonen.suppression.suppress`), over the whole table at
once:

- per measure the counts of every year (municipality total and each location), of every quarter
  of the chosen year, and of the years together, with the sums between them: a year is its
  locations, the chosen year is its quarters, the total is its years. So a hidden location
  cannot be worked out as the municipality total minus the other locations, nor a hidden quarter
  as the year minus the other quarters.
- the decisions on an advice are split in those that followed it and those that did not (both
  cells in the same table): the share that followed is shown only when neither is hidden.
- an average (days vacant, days from registration to moving in) is shown only where its count is.
- prevented evictions per location and year are shown elsewhere too (the signals panel, the
  location's value page), and so are the municipality's years and total (the value of early
  warning, financiering): those are never chosen as the second hidden cell.

Every hidden figure carries the words why it is hidden and where to look instead
(`Figure.reason`).

*(decision)* The periods are calendar years and quarters, not the per-location page's last 12
months: only fixed periods can be added up without a neighbouring window giving a difference
away. The per-location page shows aggregate viewers their location's row of this table.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.models import Community
from communities.signals.services import evictions_prevented_days
from financiering.selectors import default_avoided_cost, prevented_cells
from gemengdwonen.suppression import Suppressed, is_small, suppress
from imo.selectors import process_events_many

YEARS_SHOWN = 3  # at least: the years since the first case when there are more
EARLIEST = datetime.date(1900, 1, 1)
ALL = "all"

# Measure → the words for its cases in a reason ("minder dan 5 besluiten").
MEASURES = {
    "filled": gettext_lazy("verhuurde woningen"),
    "moved_in": gettext_lazy("intrekkers"),
    "decisions": gettext_lazy("besluiten"),
    "prevented": gettext_lazy("voorkomen huisuitzettingen"),
}


@dataclass(frozen=True)
class Period:
    key: tuple  # ("y", 2026) or ("q", 2026, 3)
    start: datetime.date
    end: datetime.date  # inclusive, never after today
    running: bool  # the period has not ended yet

    @property
    def is_year(self) -> bool:
        return self.key[0] == "y"

    @property
    def label(self) -> str:
        if self.is_year:
            text = str(self.key[1])
        else:
            text = _("%(q)se kwartaal %(y)s") % {"q": self.key[2], "y": self.key[1]}
        return text + (" " + _("(lopend)") if self.running else "")


def year_period(year: int, today: datetime.date) -> Period:
    end = min(datetime.date(year, 12, 31), today)
    return Period(("y", year), datetime.date(year, 1, 1), end, end < datetime.date(year, 12, 31))


def quarter_periods(year: int, today: datetime.date) -> list[Period]:
    periods = []
    for quarter in range(1, 5):
        start = datetime.date(year, 3 * quarter - 2, 1)
        if start > today:
            break
        last = (
            datetime.date(year, 12, 31)
            if quarter == 4
            else datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)
        )
        end = min(last, today)
        periods.append(Period(("q", year, quarter), start, end, end < last))
    return periods


@dataclass(frozen=True)
class Figure:
    """One count as the aggregate viewer sees it, with the words why it is hidden."""

    label: str
    hidden: bool
    reason: str = ""

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Row:
    """The figures of one period (or of one location in a year)."""

    title: str
    period: Period | None
    filled: Figure
    vacant_average: float | None
    vacant_median: float | None
    moved_in: Figure
    intake_average: float | None
    intake_median: float | None
    decisions: Figure
    followed: Figure  # "12 van 14" only when the share is shown
    followed_percent: float | None
    followed_reason: str
    prevented: Figure
    avoided: Decimal | None


@dataclass
class MunicipalityProcess:
    municipality: object
    communities: list[Community]
    today: datetime.date
    year: int
    years: list[int]
    avoided_cost: Decimal
    year_row: Row | None = None
    quarter_rows: list[Row] = field(default_factory=list)
    history_rows: list[Row] = field(default_factory=list)  # every year, then the total
    location_rows: list[Row] = field(default_factory=list)  # the chosen year per location

    def location_row(self, community: Community) -> Row | None:
        for community_, row in zip(self.communities, self.location_rows, strict=True):
            if community_.pk == community.pk:
                return row
        return None

    @property
    def quarter_reasons(self) -> list[str]:
        return reasons_of(self.quarter_rows)

    @property
    def history_reasons(self) -> list[str]:
        return reasons_of(self.history_rows)

    @property
    def location_reasons(self) -> list[str]:
        return reasons_of(self.location_rows)

    @property
    def any_hidden(self) -> bool:
        rows = [self.year_row, *self.quarter_rows, *self.history_rows, *self.location_rows]
        return any(
            figure.hidden
            for row in rows
            if row
            for figure in (row.filled, row.moved_in, row.decisions, row.prevented)
        )


def reasons_of(rows: list[Row]) -> list[str]:
    """The words of every hidden figure in `rows`, each once, in reading order: under a table,
    so that every "< 5", "x" and "–" in it is explained."""
    seen: list[str] = []
    for row in rows:
        for figure in (row.filled, row.moved_in, row.decisions, row.prevented):
            if figure.reason and figure.reason not in seen:
                seen.append(figure.reason)
        if row.followed_reason and row.followed_reason not in seen:
            seen.append(row.followed_reason)
    return seen


def _quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


class _Tally:
    """Cases per (period key, location or ALL) of one measure, with their lengths in days."""

    def __init__(self):
        self.days: dict[tuple, list[int]] = defaultdict(list)

    def add(self, day: datetime.date, pk: int, length: int, *, years, year: int) -> None:
        if day.year not in years:
            return
        for where in (pk, ALL):
            self.days[(("y", day.year), where)].append(length)
        if day.year == year:
            self.days[(("q", year, _quarter_of(day)), ALL)].append(length)

    def count(self, key, where) -> int:
        return len(self.days.get((key, where), ()))

    def lengths(self, key, where, years) -> list[int]:
        """The cases' lengths in days of a period; of every year for the total ("t",)."""
        if key == ("t",):
            return [n for year in years for n in self.days.get((("y", year), where), ())]
        return self.days.get((key, where), [])


def _cells(tally: _Tally, *, years, quarters, pks) -> tuple[dict, list]:
    """The counts of one measure and the sums between them, keyed (period key, where); the
    total over the years is (("t",), ALL)."""
    counts = {}
    sums = []
    for year in years:
        key = ("y", year)
        counts[(key, ALL)] = tally.count(key, ALL)
        for pk in pks:
            counts[(key, pk)] = tally.count(key, pk)
        sums.append(((key, ALL), [(key, pk) for pk in pks]))
    for period in quarters:
        counts[(period.key, ALL)] = tally.count(period.key, ALL)
    if quarters:
        year_key = ("y", quarters[0].key[1])
        sums.append(((year_key, ALL), [(p.key, ALL) for p in quarters]))
    counts[(("t",), ALL)] = sum(counts[(("y", y), ALL)] for y in years)
    sums.append(((("t",), ALL), [(("y", y), ALL) for y in years]))
    return counts, sums


def _reason(cell, *, measure: str, kind: str) -> str:
    """Why a cell is hidden, in words, and where to look instead. `kind`: "quarter", "year",
    "location" or "total"."""
    if not cell.hidden:
        return ""
    if cell.withheld:
        return _("Niet getoond: de aantallen zijn zo klein dat elk cijfer iemand kan aanwijzen.")
    if not cell.small:
        return _(
            "Verborgen: met dit getal erbij zou een klein aantal elders in de tabel terug te "
            "rekenen zijn."
        )
    where = {
        "quarter": _("in dit kwartaal; zie het jaartotaal"),
        "year": _("in dit jaar; zie het totaal over de jaren"),
        "location": _("op deze locatie in dit jaar; zie het totaal van de gemeente"),
        "total": _("in deze jaren samen"),
    }[kind]
    return _("Verborgen: minder dan 5 %(what)s %(where)s.") % {
        "what": MEASURES[measure],
        "where": where,
    }


def _figure(result: Suppressed, key, *, measure: str, kind: str) -> Figure:
    cell = result[key]
    return Figure(cell.label, cell.hidden, _reason(cell, measure=measure, kind=kind))


def _stats(values: list[int], shown: bool) -> tuple[float | None, float | None]:
    if not shown or not values:
        return None, None
    return statistics.fmean(values), float(statistics.median(values))


def municipality_process(
    *,
    municipality,
    communities: list[Community],
    today: datetime.date,
    year: int | None = None,
) -> MunicipalityProcess:
    """The process figures of `communities` (a municipality's locations the viewer sees) per
    year (since the first case, at least the last three up to `today`), per quarter of `year`
    (default: this year), and per location in `year`; counts suppressed over the whole table.
    Four queries, whatever the number of locations."""
    pks = [c.pk for c in communities]
    # Every year since the first case: the total row then is the same total as the value of
    # early warning shows (financiering), so the two pages cannot be subtracted from each other.
    events = process_events_many(communities=communities, start=EARLIEST, until=today)
    evictions = evictions_prevented_days(community_ids=pks, start=EARLIEST, until=today)
    days = [day for e in events.values() for day, _n in (*e.filled, *e.intakes, *e.decisions)]
    days += [day for _pk, day in evictions]
    first = min([today.year - YEARS_SHOWN + 1, *(day.year for day in days)])
    years = list(range(first, today.year + 1))
    year = year if year in years else today.year
    quarters = quarter_periods(year, today)
    tallies = {name: _Tally() for name in ("filled", "moved_in", "followed", "not_followed")}
    tallies["prevented"] = _Tally()
    for pk, facts in events.items():
        for day, length in facts.filled:
            tallies["filled"].add(day, pk, length, years=years, year=year)
        for day, length in facts.intakes:
            tallies["moved_in"].add(day, pk, length, years=years, year=year)
        for day, follows in facts.decisions:
            name = "followed" if follows else "not_followed"
            tallies[name].add(day, pk, 0, years=years, year=year)
    for pk, day in evictions:
        tallies["prevented"].add(day, pk, 0, years=years, year=year)

    suppressed = {}
    for measure in ("filled", "moved_in", "prevented"):
        counts, sums = _cells(tallies[measure], years=years, quarters=quarters, pks=pks)
        elsewhere = _value_page_cells(counts, years) if measure == "prevented" else ()
        suppressed[measure] = suppress(counts, sums=sums, shown_elsewhere=elsewhere)
    suppressed["decisions"] = _decision_cells(tallies, years=years, quarters=quarters, pks=pks)

    cost = default_avoided_cost()
    result = MunicipalityProcess(
        municipality=municipality,
        communities=communities,
        today=today,
        year=year,
        years=years,
        avoided_cost=cost,
    )

    def row(title, period, key, where, kind) -> Row:
        def fig(measure):
            cell_key = (("d", *key), where) if measure == "decisions" else (key, where)
            return _figure(suppressed[measure], cell_key, measure=measure, kind=kind)

        filled, moved_in, decisions = fig("filled"), fig("moved_in"), fig("decisions")
        prevented = fig("prevented")
        vacant = _stats(tallies["filled"].lengths(key, where, years), _shown(filled, where))
        intake = _stats(tallies["moved_in"].lengths(key, where, years), _shown(moved_in, where))
        followed, percent, followed_reason = _followed(suppressed["decisions"], key, where)
        count = suppressed["prevented"][(key, where)].value
        return Row(
            title=title,
            period=period,
            filled=filled,
            vacant_average=vacant[0],
            vacant_median=vacant[1],
            moved_in=moved_in,
            intake_average=intake[0],
            intake_median=intake[1],
            decisions=decisions,
            followed=followed,
            followed_percent=percent,
            followed_reason=followed_reason,
            prevented=prevented,
            avoided=None if prevented.hidden or not count else cost * count,
        )

    this_year = year_period(year, today)
    result.year_row = row(this_year.label, this_year, this_year.key, ALL, "year")
    result.quarter_rows = [row(p.label, p, p.key, ALL, "quarter") for p in quarters]
    result.history_rows = [
        row(year_period(y, today).label, year_period(y, today), ("y", y), ALL, "year")
        for y in years
    ]
    result.history_rows.append(
        row(_("%(a)s–%(b)s samen") % {"a": years[0], "b": years[-1]}, None, ("t",), ALL, "total")
    )
    result.location_rows = [row(c.name, None, ("y", year), c.pk, "location") for c in communities]
    return result


def _value_page_cells(counts: dict, years: list[int]) -> list:
    """The prevented evictions that other pages show this viewer as numbers: per location and
    year (the signals panel, the location's value page), and the municipality's years and
    total as the value of early warning shows them (`financiering.selectors.prevented_cells`,
    asked here with the same counts: a year with no case adds a zero, which changes nothing).
    None of these can be the second hidden cell here: hiding a figure that another page shows
    protects nothing."""
    cells = [key for key in counts if key[1] != ALL]
    value_page = prevented_cells({y: counts[(("y", y), ALL)] for y in years})
    cells += [(("y", y), ALL) for y in years if not value_page[y].hidden]
    if not is_small(counts[(("t",), ALL)]):
        cells.append((("t",), ALL))
    return cells


def _shown(figure: Figure, where) -> bool:
    """An average only over 5 or more cases whose count is shown, and never per location: the
    municipality's average with the other locations' would give a hidden one away."""
    return where == ALL and not figure.hidden


def _decision_cells(tallies, *, years, quarters, pks) -> Suppressed:
    """Decisions on an advice per year (municipality and each location), per quarter of the
    chosen year and in total, as one table like the other measures; then, per period of the
    municipality, those that followed the advice and those that did not, in a second table
    beside the first's counts (`shown_elsewhere`: the split hides its own cells, never the
    decisions' count that the page shows anyway). Keys: ("d" | "f" | "n", *period key)."""
    merged = _Tally()
    for name in ("followed", "not_followed"):
        for key, days in tallies[name].days.items():
            merged.days[key].extend(days)
    counts, sums = _cells(merged, years=years, quarters=quarters, pks=pks)
    decisions = suppress(counts, sums=sums)
    cells = {(("d", *key), where): cell for (key, where), cell in decisions.cells.items()}

    split, split_sums = {}, []
    periods = [("y", y) for y in years] + [p.key for p in quarters] + [("t",)]
    for key in periods:
        split[(("d", *key), ALL)] = counts[(key, ALL)]
        for kind, name in (("f", "followed"), ("n", "not_followed")):
            if key == ("t",):
                value = sum(tallies[name].count(("y", y), ALL) for y in years)
            else:
                value = tallies[name].count(key, ALL)
            split[((kind, *key), ALL)] = value
        split_sums.append(((("d", *key), ALL), [(("f", *key), ALL), (("n", *key), ALL)]))
    for kind in ("f", "n"):
        split_sums.append((((kind, "t"), ALL), [((kind, "y", y), ALL) for y in years]))
        if quarters:
            year = quarters[0].key[1]
            split_sums.append((((kind, "y", year), ALL), [((kind, *p.key), ALL) for p in quarters]))
    shown = [key for key in split if key[0][0] == "d"]
    followed = suppress(split, sums=split_sums, shown_elsewhere=shown)
    cells.update({key: cell for key, cell in followed.cells.items() if key[0][0] != "d"})
    return Suppressed(cells=cells, withheld=decisions.withheld or followed.withheld)


def _followed(result: Suppressed, key, where) -> tuple[Figure, float | None, str]:
    """("12 van 14", 85.7, "") or a hidden figure with the words why: the share shows how many
    did not follow the advice, so it needs both parts shown."""
    total = result[(("d", *key), where)]
    if where != ALL:
        return Figure("–", True, ""), None, ""
    followed, not_followed = result[(("f", *key), ALL)], result[(("n", *key), ALL)]
    if total.value == 0:
        return Figure("–", True, ""), None, ""
    if total.hidden or followed.hidden or not_followed.hidden:
        return (
            Figure("–", True, ""),
            None,
            _(
                "Verborgen: minder dan 5 besluiten volgden het advies, of minder dan 5 niet; "
                "het aandeel zou dan naar één besluit wijzen."
            ),
        )
    label = _("%(f)s van %(n)s") % {"f": followed.value, "n": total.value}
    return Figure(label, False, ""), 100 * followed.value / total.value, ""
