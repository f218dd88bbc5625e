"""What an annual report holds, built from the other apps' selectors and the monitor's scorecard,
trends and charts (never from their models where a selector exists).

The report goes to the stuurgroep and the gemeente, so it is built as they may see it: counts of
1–4 as "< 5" through the project's suppression helper (a second cell hidden where a total would
give a small one away), no per-section figures, no names of residents or candidates (nothing
that holds a name is ever put into the value objects below: moves and signals are counted, not
listed), governance decisions by number and title only, never minutes or free text.

The output is a plain tree of value objects (`CommunityContent`, chapters of blocks) that the
PDF template renders; a template cannot leak what it never receives.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count
from django.utils.formats import date_format, number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from communities import selectors as core
from communities.activities import services as activities
from communities.constants import MoveOutReason, OrganisedBy, SignalKind, SignalOutcome
from communities.models import Community, Signal
from communities.privacy import is_small, masked_count
from communities.signals.services import signal_summary
from financiering import selectors as funding
from financiering.formatting import euro
from gemengdwonen.charts import bar_chart, mix_history_chart
from gemengdwonen.suppression import suppress
from governance import selectors as governance
from governance.models import GovernanceBody
from imo import selectors as imo
from imo.models import IntakeMeeting
from monitor.charts import trend_charts
from monitor.constants import Status
from monitor.scorecard import Indicator, Scorecard
from monitor.selectors import scorecard_for, trends_for
from monitor.survey import survey_results

MAX_DECISIONS = 40  # a long list is cut with "en nog N besluiten" (WeasyPrint: short tables)
MAX_KINDS = 5  # activity kinds in the chart; the rest is "overig"

# --- value objects ---------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigure:
    label: str
    now: str
    before: str
    change: str = ""  # "hoger", "lager", "gelijk", ""


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    numeric: tuple[int, ...] = ()  # column indexes aligned right
    note: str = ""
    total: bool = False  # the last row is a total


@dataclass(frozen=True)
class Chart:
    title: str
    reading: str
    svg: SafeString


@dataclass(frozen=True)
class Block:
    kind: str  # "figures", "table", "chart", "text", "list", "indicators"
    title: str = ""
    figures: list[tuple[str, str]] = field(default_factory=list)
    table: Table | None = None
    chart: Chart | None = None
    text: str = ""
    items: list[str] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    columns: list[list[Block]] = field(default_factory=list)  # kind "columns": side by side


@dataclass(frozen=True)
class Chapter:
    key: str
    title: str
    intro: str
    blocks: list[Block]


@dataclass(frozen=True)
class ScoreRow:
    label: str
    status: str
    status_label: str
    before_label: str
    because: str
    trend: str  # "beter", "slechter", "gelijk", ""


@dataclass
class CommunityContent:
    community: Community
    year: int
    start: datetime.date
    end: datetime.date
    units: str
    residents: str
    phase: str
    score_rows: list[ScoreRow]
    key_figures: list[KeyFigure]
    highlights: list[str]
    chapters: list[Chapter]


@dataclass
class ReportContent:
    """The whole document: one community, or a stuurgroep's area with one part per location."""

    title: str
    subject: str  # the community's or the area's name
    year: int
    start: datetime.date
    end: datetime.date
    communities: list[CommunityContent]
    area: bool
    foreword: str
    conclusions: str
    area_funding: Table | None = None

    @property
    def grid(self) -> list[tuple[str, list[ScoreRow]]]:
        """Ingredient × location: each ingredient with every location's row (area reports)."""
        if not self.communities:
            return []
        rows = []
        for index, row in enumerate(self.communities[0].score_rows):
            rows.append((row.label, [c.score_rows[index] for c in self.communities]))
        return rows

    @property
    def chapter_titles(self) -> list[tuple[str, str]]:
        """(key, title) of the ingredient chapters, in order (the same for every location)."""
        if not self.communities:
            return []
        return [(c.key, c.title) for c in self.communities[0].chapters]


# --- formatting ------------------------------------------------------------------------------

SEVERITY = {Status.ON_COURSE: 1, Status.ATTENTION: 2, Status.ACTION: 3}


def _d(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


def _pct(value: float | Fraction | None) -> str:
    return "–" if value is None else f"{number_format(round(float(value)))} %"


def _num(value: float | Decimal | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    return number_format(round(float(value), digits), decimal_pos=digits, use_l10n=True)


def _count(n: int) -> str:
    return masked_count(n)


def _share_shown(part: int, whole: int) -> str:
    """A share is shown only when neither its part nor the rest could point at fewer than 5."""
    if not whole or is_small(part, whole - part):
        return "–"
    return _pct(Fraction(100 * part, whole))


def _change(now: float | None, before: float | None) -> str:
    """Up, down or the same; nothing when either side is unknown or a small count (comparing
    two hidden counts would give their order away)."""
    if now is None or before is None or is_small(int(now)) or is_small(int(before)):
        return ""
    if round(now, 1) > round(before, 1):
        return "hoger"
    if round(now, 1) < round(before, 1):
        return "lager"
    return "gelijk"


def _suppressed_rows(labels: list[str], counts: list[int], total_label: str) -> list[list[str]]:
    """Rows "label, count" with a total row, through the project's suppression helper."""
    cells = {index: value for index, value in enumerate(counts)}
    cells["total"] = sum(counts)
    shown = suppress(cells, sums=[("total", list(range(len(counts))))])
    rows = [[label, shown.label(index)] for index, label in enumerate(labels)]
    rows.append([total_label, shown.label("total")])
    return rows


# --- the parts ----------------------------------------------------------------------------------


def _indicators(card: Scorecard, keys: tuple[str, ...]) -> list[Indicator]:
    found = []
    for row in card.rows:
        for indicator in row.indicators:
            if indicator.key in keys:
                found.append(indicator)
    return found


def _score_rows(card: Scorecard, before: Scorecard | None) -> list[ScoreRow]:
    rows = []
    for row in card.rows:
        previous = before.row(row.ingredient) if before else None
        trend = ""
        if previous is not None and row.status in SEVERITY and previous.status in SEVERITY:
            now, then = SEVERITY[row.status], SEVERITY[previous.status]
            trend = "beter" if now < then else "slechter" if now > then else "gelijk"
        worst = row.worst
        rows.append(
            ScoreRow(
                label=row.label,
                status=str(row.status),
                status_label=row.status_label,
                before_label=previous.status_label if previous else "–",
                because=worst.line if worst is not None else _("Nog geen gegevens."),
                trend=trend,
            )
        )
    return rows


def _year_sum(snapshots, value_of) -> int | None:
    values = [value_of(s.data) for s in snapshots if s is not None]
    values = [v for v in values if v is not None]
    return sum(values) if values else None


def _key_figures(community: Community, year: int, until: datetime.date) -> list[KeyFigure]:
    """This year against the year before, from the monthly snapshots (24 months, one query)."""
    (trend,) = trends_for(communities=[community], until=until, months=24)
    before, now = trend.snapshots[:12], trend.snapshots[12:]

    def last(snapshots):
        shown = [s for s in snapshots if s is not None]
        return shown[-1].data if shown else None

    figures = []
    a, b = last(now), last(before)

    def mix_share(data):
        if data is None:
            return None, "–"
        m = data["mix"]
        whole = m["supported"] + m["unsupported"]
        shown = _share_shown(m["supported"], whole)
        return (None if shown == "–" else 100 * m["supported"] / whole), shown

    (share_now, shown_now), (share_before, shown_before) = mix_share(a), mix_share(b)
    figures.append(
        KeyFigure(
            _("Aandeel begeleide bewoners (eind van het jaar)"),
            shown_now,
            shown_before,
            _change(share_now, share_before),
        )
    )
    res_now = a["residents"] if a else None
    res_before = b["residents"] if b else None
    figures.append(
        KeyFigure(
            _("Bewoners (eind van het jaar)"),
            "–" if res_now is None else _count(res_now),
            "–" if res_before is None else _count(res_before),
            _change(res_now, res_before),
        )
    )
    acts_now = _year_sum(now, lambda d: d["activities"])
    acts_before = _year_sum(before, lambda d: d["activities"])
    figures.append(
        KeyFigure(
            _("Activiteiten in het jaar"),
            "–" if acts_now is None else str(acts_now),
            "–" if acts_before is None else str(acts_before),
            _change(acts_now, acts_before),
        )
    )

    def participation(data):
        if data is None or data["participation"] is None:
            return None, "–"
        p = data["participation"]
        shown = _share_shown(p["contributing"], p["residents"])
        return (None if shown == "–" else 100 * p["contributing"] / p["residents"]), shown

    (p_now, p_shown_now), (p_before, p_shown_before) = participation(a), participation(b)
    figures.append(
        KeyFigure(
            _("Actieve bijdrage (laatste 3 maanden van het jaar)"),
            p_shown_now,
            p_shown_before,
            _change(p_now, p_before),
        )
    )
    signals_now = _year_sum(
        now, lambda d: None if d["signals_by_kind"] is None else sum(d["signals_by_kind"].values())
    )
    signals_before = _year_sum(
        before,
        lambda d: None if d["signals_by_kind"] is None else sum(d["signals_by_kind"].values()),
    )
    figures.append(
        KeyFigure(
            _("Nieuwe signalen in het jaar"),
            "–" if signals_now is None else _count(signals_now),
            "–" if signals_before is None else _count(signals_before),
            _change(signals_now, signals_before),
        )
    )
    # Prevented evictions per year with the labels of the value page's rule (financiering's
    # `prevented_cells`), not "< 5" alone: the report also shows the total since the start, and
    # the total minus the years shown must not give a small year away.
    value = funding.prevented_evictions_value_for(communities=[community], today=until, masked=True)
    by_year = {y.year: y for y in value.years}

    def prevented(y: int) -> tuple[int | None, str]:
        row = by_year.get(y)
        return (row.prevented, row.prevented_shown) if row else (None, "–")

    (prevented_now, now_shown), (prevented_before, before_shown) = (
        prevented(year),
        prevented(year - 1),
    )
    hidden = not (now_shown.isdigit() and before_shown.isdigit())
    figures.append(
        KeyFigure(
            _("Voorkomen huisuitzettingen"),
            now_shown,
            before_shown,
            "" if hidden else _change(prevented_now, prevented_before),
        )
    )
    return figures


def _mix_chapter(community, year, start, end, card) -> Chapter:
    history = core.community_mix_history(community=community, until=end, months=12)
    known = [m.overall for m in history if m.overall.share_percent is not None]
    last_mix = history[-1].overall
    first = known[0] if known else last_mix
    last_known = known[-1] if known else last_mix
    blocks = [
        Block(
            kind="chart",
            chart=Chart(
                title=_("Aandeel begeleide bewoners, eind van elke maand"),
                reading=_(
                    "Streefwaarde %(target)s; de maanden waarin een klein aantal te "
                    "herleiden zou zijn, zijn weggelaten."
                )
                % {"target": _pct(last_mix.target_percent)},
                svg=mix_history_chart(history, mask_small_counts=True, inline_css=True),
            ),
        )
    ]
    moves = core.moves_between(community=community, start=start, end=end)
    # Counted by kind, never listed: a move holds the resident.
    moved_in = sum(1 for m in moves if m.direction == "in")
    reasons = Counter(m.reason for m in moves if m.direction == "out")
    labels = [str(label) for _value, label in MoveOutReason.choices]
    counts = [reasons.get(label, 0) for label in labels]
    keep = [i for i, c in enumerate(counts) if c] or list(range(len(counts)))[:1]
    rows = _suppressed_rows(
        [labels[i] for i in keep], [counts[i] for i in keep], _("Vertrokken, totaal")
    )
    rows.insert(0, [_("Nieuwe bewoners ingestroomd"), _count(moved_in)])
    moves_block = (
        Block(
            kind="table",
            title=_("Verhuizingen in %(year)s") % {"year": year},
            table=Table(headers=[_("Soort"), _("Aantal")], rows=rows, numeric=(1,), total=True),
        ),
    )
    metrics = imo.process_metrics(community=community, until=end, months=12)
    held = IntakeMeeting.objects.filter(
        community=community, starts_at__date__gte=start, starts_at__date__lte=end
    ).count()
    followed = (
        _share_shown(metrics.decisions_following_advice, metrics.decisions_with_advice)
        if metrics.decisions_with_advice
        else "–"
    )
    imo_block = (
        Block(
            kind="figures",
            title=_("Instroom- en matchingoverleg (IMO)"),
            figures=[
                (_("Overleggen gehouden"), str(held)),
                (_("Vrijgekomen woningen verhuurd"), _count(metrics.vacancies_filled)),
                (
                    _("Dagen leegstand (gemiddeld)"),
                    "–"
                    if metrics.vacant_days_average is None or is_small(metrics.vacancies_filled)
                    else _num(metrics.vacant_days_average, 0),
                ),
                (
                    _("Dagen van inschrijving tot verhuizing (mediaan)"),
                    "–"
                    if metrics.intake_days_median is None or is_small(metrics.moved_in)
                    else _num(metrics.intake_days_median, 0),
                ),
                (_("Besluiten van de corporatie die het advies volgden"), followed),
            ],
        ),
    )
    blocks.append(Block(kind="columns", columns=[list(moves_block), list(imo_block)]))
    blocks.append(
        Block(kind="indicators", indicators=_indicators(card, ("mix", "mix_target", "moves")))
    )
    return Chapter(
        key="mix",
        title=_("Mix, verhuizingen en instroom"),
        intro=_(
            "Het aandeel begeleide bewoners liep in %(year)s van %(first)s naar %(last)s "
            "(streefwaarde %(target)s)."
        )
        % {
            "year": year,
            "first": _pct(first.share_percent),
            "last": _pct(last_known.share_percent),
            "target": _pct(last_mix.target_percent),
        }
        if known
        else _("Over %(year)s zijn nog geen bewoners vastgelegd.") % {"year": year},
        blocks=blocks,
    )


def _usable(chart) -> bool:
    """A trend chart with at least two months to draw (one point is no trend)."""
    if chart is None or not chart.svg:
        return False
    shown = [row[1] for row in chart.rows if row[1][:1].isdigit()]
    return len(shown) >= 3 and any(value not in ("0", "0 %") for value in shown)


def _activities_chapter(community, year, start, end, card, charts) -> Chapter:
    rows = list(
        activities.activities_between(community=community, start=start, end=end).values_list(
            "starts_at__month", "kind__name", "organised_by"
        )
    )
    total = len(rows)
    by_kind = Counter(kind or _("Overig") for _m, kind, _b in rows)
    top = [kind for kind, _n in by_kind.most_common(MAX_KINDS)]
    months = list(range(1, 13))
    series = {}
    for kind in top:
        series[kind] = [sum(1 for m, k, _b in rows if m == month and k == kind) for month in months]
    rest = [sum(1 for m, k, _b in rows if m == month and k not in top) for month in months]
    if any(rest):
        series[_("Overig")] = rest
    labels = [date_format(datetime.date(year, m, 1), "M") for m in months]
    by_residents = sum(1 for _m, _k, by in rows if by in (OrganisedBy.RESIDENTS, OrganisedBy.BOTH))
    blocks = []
    if total:
        blocks.append(
            Block(
                kind="chart",
                chart=Chart(
                    title=_("Activiteiten per maand en soort"),
                    reading=_("%(total)s activiteiten in %(year)s, het meest: %(kind)s.")
                    % {"total": total, "year": year, "kind": top[0]},
                    svg=bar_chart(
                        title=_("Activiteiten per maand en soort"),
                        labels=labels,
                        series=series,
                        stacked=True,
                        inline_css=True,
                    ),
                ),
            )
        )
    participation = activities.participation(community=community, start=start, end=end)
    overall = participation.overall
    blocks.append(
        Block(
            kind="figures",
            title=_("Deelname en eigen initiatief"),
            figures=[
                (_("Activiteiten"), str(total)),
                (_("Georganiseerd door bewoners (alleen of samen)"), str(by_residents)),
                (
                    _("Aandeel door bewoners georganiseerd"),
                    _pct(Fraction(100 * by_residents, total)) if total else "–",
                ),
                (
                    _("Bewoners die in het jaar actief bijdroegen"),
                    _share_shown(overall.contributing, overall.residents),
                ),
            ],
        )
    )
    chart = charts.get("participation")
    if _usable(chart):
        blocks.append(
            Block(
                kind="chart", chart=Chart(title=chart.title, reading=chart.reading, svg=chart.svg)
            )
        )
    if by_kind:
        kinds = sorted(by_kind.items(), key=lambda item: (-item[1], item[0]))[:8]
        blocks.append(
            Block(
                kind="table",
                title=_("Soorten activiteiten"),
                table=Table(
                    headers=[_("Soort"), _("Aantal"), _("Aandeel")],
                    rows=[[k, str(n), _pct(Fraction(100 * n, total))] for k, n in kinds],
                    numeric=(1, 2),
                    note=_("De acht meest gehouden soorten.") if len(by_kind) > 8 else "",
                ),
            )
        )
    blocks.append(
        Block(
            kind="indicators",
            indicators=_indicators(
                card,
                (
                    "participation",
                    "resident_organised",
                    "talents_used",
                    "activities_per_month",
                    "weekly",
                    "meeting_room",
                ),
            ),
        )
    )
    return Chapter(
        key="activiteiten",
        title=_("Activiteiten, deelname en talenten"),
        intro=_(
            "Wie doet mee, wie organiseert, en komen de talenten van bewoners aan bod? "
            "Activiteiten tellen per stuk; deelname telt bewoners, zonder namen."
        ),
        blocks=blocks,
    )


def _signals_chapter(community, year, start, end, card, charts) -> Chapter:
    reported = Signal.objects.filter(
        community=community, reported_on__gte=start, reported_on__lte=end
    )
    summary = activities_signal_summary(community=community, signals=reported, end=end)
    kinds = [(str(label), summary.get(value, 0)) for value, label in SignalKind.choices]
    kinds = [(label, n) for label, n in kinds if n] or kinds[:1]
    blocks = [
        Block(
            kind="table",
            title=_("Nieuwe signalen in %(year)s per soort") % {"year": year},
            table=Table(
                headers=[_("Soort"), _("Aantal")],
                rows=_suppressed_rows([k for k, _n in kinds], [n for _k, n in kinds], _("Totaal")),
                numeric=(1,),
                total=True,
            ),
        )
    ]
    outcomes = dict(
        Signal.objects.filter(community=community, closed_on__gte=start, closed_on__lte=end)
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
    )
    closed = [(str(label), outcomes.get(value, 0)) for value, label in SignalOutcome.choices]
    closed = [(label, n) for label, n in closed if n] or closed[:1]
    blocks.append(
        Block(
            kind="table",
            title=_("Afgesloten signalen in %(year)s per uitkomst") % {"year": year},
            table=Table(
                headers=[_("Uitkomst"), _("Aantal")],
                rows=_suppressed_rows(
                    [k for k, _n in closed], [n for _k, n in closed], _("Totaal")
                ),
                numeric=(1,),
                total=True,
            ),
        )
    )
    value = funding.prevented_evictions_value_for(communities=[community], today=end, masked=True)
    year_row = next((y for y in value.years if y.year == year), None)
    # The year's label from the value page's rule ("< 5", or "x" where the total since the
    # start minus the shown years would give a small year away).
    prevented_shown = year_row.prevented_shown if year_row else _count(0)
    avoided = (
        "–"
        if year_row is None or year_row.avoided is None or not prevented_shown.isdigit()
        else euro(value.avoided_cost * year_row.prevented)
    )
    blocks.append(
        Block(
            kind="figures",
            title=_("De waarde van vroegsignalering"),
            figures=[
                (_("Huisuitzettingen voorkomen in %(year)s") % {"year": year}, prevented_shown),
                (_("Vermeden kosten per uitzetting"), euro(value.avoided_cost)),
                (_("Vermeden kosten in %(year)s") % {"year": year}, avoided),
                (_("Voorkomen sinds de start"), value.prevented_shown),
            ],
        )
    )
    chart = charts.get("signals")
    if _usable(chart):
        blocks.append(
            Block(
                kind="chart", chart=Chart(title=chart.title, reading=chart.reading, svg=chart.svg)
            )
        )
    blocks.append(Block(kind="indicators", indicators=_indicators(card, ("signals",))))
    return Chapter(
        key="signalen",
        title=_("Signalen en vroegsignalering"),
        intro=_(
            "Signalen (overlast, eenzaamheid, schulden, dreigende huisuitzetting …) worden hier "
            "alleen geteld. Kleine aantallen staan er als “< 5”."
        ),
        blocks=blocks,
    )


def activities_signal_summary(*, community, signals, end) -> dict[str, int]:
    """New signals per kind among `signals`, through the signals selector (counts only)."""
    summary = signal_summary(signals=signals, community=community, today=end, masked=True)
    return {k.kind: k.open + k.closed for k in summary.by_kind}


def _hours_chapter(community, year, end, today, card, trend) -> Chapter:
    def average(kind):
        values = [
            (s.data["hours"].get(kind), s.data["hours"].get(f"{kind}_low"))
            for s in trend.snapshots
            if s is not None
        ]
        values = [(v, low) for v, low in values if v is not None]
        if not values:
            return None, None
        return (
            sum(v for v, _low in values) / len(values),
            sum(low or 0 for _v, low in values) / len(values),
        )

    rows = []
    for label, kind in (
        (_("Communitycoach"), "coach"),
        (_("Beheer (sociaal en fysiek)"), "management"),
    ):
        realised, norm = average(kind)
        rows.append(
            [
                label,
                _num(realised),
                _num(norm),
                _pct(100 * realised / norm) if realised is not None and norm else "–",
            ]
        )
    blocks = [
        Block(
            kind="table",
            title=_("Uren per week tegen de norm (gemiddelde over de maanden van %(year)s)")
            % {"year": year},
            table=Table(
                headers=[_("Rol"), _("Gerealiseerd"), _("Norm (ondergrens)"), _("Van de norm")],
                rows=rows,
                numeric=(1, 2, 3),
                note=_(
                    "De uren van zorgaanbieders staan hier niet per organisatie: hun norm is 10 % "
                    "van de geïndiceerde uren van hun cliënten en zou iets over één cliënt "
                    "kunnen zeggen."
                ),
            ),
        )
    ]
    parties = funding.realised_against_agreed(
        community=community, today=min(end + datetime.timedelta(days=1), today)
    )
    party_rows = [
        [
            p.party,
            _num(p.agreed, 0),
            _num(p.logged, 0),
            _pct(100 * p.logged / p.agreed) if p.agreed else "–",
        ]
        for p in parties
    ]
    if party_rows:
        blocks.append(
            Block(
                kind="table",
                title=_("Afgesproken en geschreven uren per partij (12 maanden)"),
                table=Table(
                    headers=[_("Partij"), _("Afgesproken"), _("Geschreven"), _("Gerealiseerd")],
                    rows=party_rows,
                    numeric=(1, 2, 3),
                ),
            )
        )
    blocks.append(
        Block(
            kind="indicators",
            indicators=_indicators(
                card, ("coach_hours", "care_hours", "begeleiders", "management_hours")
            ),
        )
    )
    return Chapter(
        key="uren",
        title=_("Uren tegen de norm"),
        intro=_(
            "Het model noemt uren per week voor de communitycoach, beheer en de zorgaanbieders "
            "(10 % van de geïndiceerde uren van de eigen cliënten)."
        ),
        blocks=blocks,
    )


def _governance_chapter(community, year, end, card) -> Chapter:
    cadence = governance.community_cadence(
        community=community, year=year, today=end + datetime.timedelta(days=1)
    )
    rows = [
        [
            body.name,
            str(body.get_level_display()),
            str(row.held),
            str(getattr(row.required, "minimum", row.required)),
            str(Status(row.status).label) if row.status in Status.values else str(row.status),
        ]
        for body, row in cadence
        if body.level != "alv"
    ]
    blocks = []
    if rows:
        blocks.append(
            Block(
                kind="table",
                title=_("Vergaderingen tegen de afgesproken frequentie"),
                table=Table(
                    headers=[_("Overleg"), _("Niveau"), _("Gehouden"), _("Minimaal"), _("Status")],
                    rows=rows,
                    numeric=(2, 3),
                ),
            )
        )
    decisions = governance.decision_titles(community=community, year=year)
    shown = list(reversed(decisions))[:MAX_DECISIONS]
    if shown:
        blocks.append(
            Block(
                kind="table",
                title=_("Besluiten in %(year)s") % {"year": year},
                table=Table(
                    headers=[_("Nummer"), _("Datum"), _("Besluit")],
                    rows=[[d.code, _d(d.decided_on), d.title] for d in shown],
                    note=_("En nog %(n)s besluiten.") % {"n": len(decisions) - len(shown)}
                    if len(decisions) > len(shown)
                    else _(
                        "Alleen nummer en titel; de notulen blijven bij de leden van het overleg."
                    ),
                ),
            )
        )
    else:
        blocks.append(Block(kind="text", text=_("Geen besluiten vastgelegd in dit jaar.")))
    blocks.append(
        Block(
            kind="figures",
            figures=[
                (_("Besluiten in %(year)s") % {"year": year}, str(len(decisions))),
                (
                    _("Openstaande actiepunten (nu)"),
                    str(governance.open_action_items_count(community=community)),
                ),
            ],
        )
    )
    blocks.append(Block(kind="indicators", indicators=_indicators(card, ("cadence",))))
    return Chapter(
        key="overleg",
        title=_("Overleg en besluiten"),
        intro=_(
            "Stuurgroep, kerngroep en communityteam: hoe vaak zij vergaderden tegen het ritme dat "
            "het model vraagt, en wat zij besloten."
        ),
        blocks=blocks,
    )


def _funding_chapter(community, year, end, card) -> Chapter:
    agreements = list(funding.agreements_of(community=community))
    blocks = []
    if agreements:
        blocks.append(
            Block(
                kind="table",
                title=_("Meerjarenafspraken"),
                table=Table(
                    headers=[_("Afspraak"), _("Soort"), _("Looptijd"), _("Status")],
                    rows=[
                        [
                            a.title,
                            str(a.get_kind_display()),
                            f"{_d(a.start_date)} – {_d(a.end_date)}",
                            str(a.get_status_display()),
                        ]
                        for a in agreements[:12]
                    ],
                ),
            )
        )
    contributions = funding.multi_year_rows(
        communities=[community], years=[year], per_community=False
    )
    by_party: dict[str, list[Decimal]] = {}
    for row in contributions:
        money, hours = row.cells.get(year, (None, None))
        totals = by_party.setdefault(row.party, [Decimal(0), Decimal(0)])
        totals[0] += money or 0
        totals[1] += hours or 0
    if by_party:
        blocks.append(
            Block(
                kind="table",
                title=_("Bijdragen per partij in %(year)s") % {"year": year},
                table=Table(
                    headers=[_("Partij"), _("Geld per jaar"), _("Uren per week")],
                    rows=[
                        [party, euro(money) if money else "–", _num(hours) if hours else "–"]
                        for party, (money, hours) in sorted(by_party.items())
                    ],
                    numeric=(1, 2),
                ),
            )
        )
    status = funding.funding_status(community=community, today=end)
    horizon = status.horizon
    blocks.append(
        Block(
            kind="figures",
            title=_("Horizon per %(date)s") % {"date": _d(end)},
            figures=[(p.label, p.years_label) for p in horizon.purposes]
            + [
                (
                    _("Partners die bijdragen"),
                    f"{status.partners_contributing} / {len(status.partners)}",
                )
            ],
        )
    )
    if status.warnings:
        blocks.append(
            Block(
                kind="list",
                title=_("Waarschuwingen"),
                items=[w.label for w in status.warnings][:8],
            )
        )
    blocks.append(
        Block(
            kind="indicators",
            indicators=_indicators(card, ("horizon", "partners", "project_money")),
        )
    )
    return Chapter(
        key="financiering",
        title=_("Financiering"),
        intro=_(
            "Meerjarenafspraken, de bijdragen van de partners in geld en uren, en hoe ver de "
            "financiering vooruit zeker is."
        ),
        blocks=blocks,
    )


def _survey_chapter(community, year, card) -> Chapter:
    results, trend = survey_results(community=community, until_year=year)
    blocks = []
    if results is None:
        blocks.append(Block(kind="text", text=_("Er is nog geen bewonersenquête gehouden.")))
    elif not results.shown:
        blocks.append(
            Block(
                kind="text",
                text=_(
                    "De enquête van %(year)s had minder dan 5 antwoorden; de uitkomsten worden "
                    "dan niet getoond."
                )
                % {"year": results.year},
            )
        )
    else:
        blocks.append(
            Block(
                kind="table",
                title=_("Beslissende factoren, enquête %(year)s (%(n)s antwoorden)")
                % {"year": results.year, "n": results.responses},
                table=Table(
                    headers=[_("Factor"), _("Gemiddeld (1–5)"), _("Jaar ervoor")],
                    rows=[
                        [
                            f.label,
                            _num(f.average),
                            _num(f.previous) if f.previous is not None else "–",
                        ]
                        for f in results.factors
                    ],
                    numeric=(1, 2),
                ),
            )
        )
    if trend:
        blocks.append(
            Block(
                kind="table",
                title=_("Verloop over de jaren"),
                table=Table(
                    headers=[_("Jaar"), _("Antwoorden"), _("Gemiddelde score")],
                    rows=[
                        [
                            str(p.year),
                            _count(p.responses),
                            _num(p.average) if p.average is not None else "–",
                        ]
                        for p in trend
                    ],
                    numeric=(1, 2),
                ),
            )
        )
    blocks.append(Block(kind="indicators", indicators=_indicators(card, ("survey",))))
    return Chapter(
        key="enquete",
        title=_("Hoe bewoners het ervaren"),
        intro=_(
            "De jaarlijkse bewonersenquête vraagt naar gemeenschapsgevoel, de buurt, veiligheid "
            "en acceptatie van kwetsbaarheid, op een schaal van 1 tot 5. Uitkomsten pas vanaf 5 "
            "antwoorden."
        ),
        blocks=blocks,
    )


def _highlights(score_rows: list[ScoreRow]) -> list[str]:
    lines = []
    for row in score_rows:
        if row.trend == "beter":
            lines.append(
                _("%(label)s verbeterde: van %(before)s naar %(now)s.")
                % {
                    "label": row.label,
                    "before": row.before_label.lower(),
                    "now": row.status_label.lower(),
                }
            )
        elif row.trend == "slechter":
            lines.append(
                _("%(label)s vraagt meer aandacht: van %(before)s naar %(now)s.")
                % {
                    "label": row.label,
                    "before": row.before_label.lower(),
                    "now": row.status_label.lower(),
                }
            )
    if not lines:
        lines.append(_("Geen ingrediënt veranderde van status ten opzichte van het jaar ervoor."))
    return lines


def period_of(year: int, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The report's period: the calendar year, or up to today for this year."""
    start = datetime.date(year, 1, 1)
    end = min(datetime.date(year, 12, 31), today)
    return start, end


def community_content(*, community: Community, year: int, today: datetime.date) -> CommunityContent:
    start, end = period_of(year, today)
    card = scorecard_for(community=community, on=end, viewer=_AGGREGATE)
    previous_end = datetime.date(year - 1, 12, 31)
    before = scorecard_for(community=community, on=previous_end, viewer=_AGGREGATE)
    until = min(end + datetime.timedelta(days=1), today)
    (trend,) = trends_for(communities=[community], until=until, months=12)
    charts = {
        c.key: c
        for c in trend_charts(
            trends=[trend],
            masked={community.pk: True},
            inline_css=True,
            keys=("participation", "signals"),
        )
    }
    score_rows = _score_rows(card, before)
    facts_units = community.units.count()
    mix = core.community_mix(community=community, on=end).overall
    return CommunityContent(
        community=community,
        year=year,
        start=start,
        end=end,
        units=str(facts_units),
        residents=_count(mix.supported + mix.unsupported),
        phase=str(core.community_phase(community=community, on=end).label),
        score_rows=score_rows,
        key_figures=_key_figures(community, year, until),
        highlights=_highlights(score_rows),
        chapters=[
            _mix_chapter(community, year, start, end, card),
            _activities_chapter(community, year, start, end, card, charts),
            _signals_chapter(community, year, start, end, card, charts),
            _hours_chapter(community, year, end, today, card, trend),
            _governance_chapter(community, year, end, card),
            _funding_chapter(community, year, end, card),
            _survey_chapter(community, year, card),
        ],
    )


@dataclass(frozen=True)
class _AggregateViewer:
    """The report is read by the stuurgroep and the gemeente: built as they may see it."""

    masked: bool = True
    show_sections: bool = False


_AGGREGATE = _AggregateViewer()


def report_content(
    *,
    year: int,
    today: datetime.date,
    community: Community | None = None,
    body: GovernanceBody | None = None,
    foreword: str = "",
    conclusions: str = "",
) -> ReportContent:
    """The content of a community's report, or of a stuurgroep's area report (one part per
    location, in name order)."""
    if (community is None) == (body is None):
        raise ValueError("a report is for one community or one stuurgroep")
    start, end = period_of(year, today)
    communities = [community] if community else list(body.communities.order_by("name"))
    parts = [community_content(community=c, year=year, today=today) for c in communities]
    area_funding = None
    if body is not None and communities:
        value = funding.prevented_evictions_value_for(
            communities=communities, today=end, masked=True
        )
        status = funding.funding_status_for(communities=communities, today=end)
        area_funding = Table(
            headers=[_("Locatie"), _("Financiering zeker (jaren)"), _("Partners die bijdragen")],
            rows=[
                [
                    c.name,
                    status[c.pk].horizon.years_label,
                    f"{status[c.pk].partners_contributing} / {len(status[c.pk].partners)}",
                ]
                for c in communities
            ],
            numeric=(1, 2),
            note=_("Voorkomen huisuitzettingen in het gebied sinds de start: %(n)s.")
            % {"n": value.prevented_shown},
        )
    subject = community.name if community else body.name
    return ReportContent(
        title=_("Jaarverslag %(year)s") % {"year": year},
        subject=subject,
        year=year,
        start=start,
        end=end,
        communities=parts,
        area=body is not None,
        foreword=foreword.strip(),
        conclusions=conclusions.strip(),
        area_funding=area_funding,
    )
