"""The monitor's trend charts: server-side SVG through the project's chart helper, each with a
title, a one-line reading ("het aandeel begeleid steeg van 28 % naar 33 %") and its numbers as a
table for screen readers, so the same chart can go into the PDF report.

Counts that could point at a person are masked for aggregate viewers: 1–4 becomes "< 5" in the
table and a gap in the line; a share computed from such a count is left out. No totals are drawn
(a total next to a hidden cell would give it away)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from django.utils.formats import date_format, number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from communities.activities.services import PARTICIPATION_BAND
from communities.constants import SignalKind
from communities.mix import target_share
from communities.privacy import is_small, masked_count
from gemengdwonen.charts import line_chart
from monitor.selectors import Trend
from monitor.suppression import suppress_row


@dataclass(frozen=True)
class ReadableChart:
    key: str
    title: str
    reading: str
    svg: SafeString
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    return f"{number_format(round(value))}{unit}"


def reading_of(name: str, values: list[float | None], unit: str) -> str:
    shown = [v for v in values if v is not None]
    if len(shown) < 2:
        return _("%(name)s: te weinig gegevens voor een verloop") % {"name": name}
    first, last = round(shown[0]), round(shown[-1])
    if last > first:
        verb = _("steeg van %(a)s naar %(b)s")
    elif last < first:
        verb = _("daalde van %(a)s naar %(b)s")
    else:
        verb = _("bleef %(a)s")
    return f"{name} " + verb % {"a": _fmt(first, unit), "b": _fmt(last, unit)}


def _chart(
    *,
    key: str,
    title: str,
    trends: list[Trend],
    series: dict[str, list[float | None]],
    cells: dict[str, list[str]],
    unit: str,
    subject: str,
    y_max: float | None = None,
    band: tuple[float, float] | None = None,
    inline_css: bool = False,
) -> ReadableChart:
    months = trends[0].months if trends else []
    labels = [date_format(m, "M Y") if i % 3 == 0 else "" for i, m in enumerate(months)]
    highest = max([v for values in series.values() for v in values if v is not None] or [1])
    top = y_max if y_max is not None else max(5, (int(highest) // 5 + 2) * 5)
    readings = [reading_of(name, values, unit) for name, values in series.items()]
    if len(series) == 1:
        reading = readings[0].replace(next(iter(series)), subject, 1)
    else:
        reading = f"{subject}: " + "; ".join(readings)
    return ReadableChart(
        key=key,
        title=title,
        reading=reading[0].upper() + reading[1:] + ".",
        # pygal would print an English "No data" over an empty chart: say it in the page instead.
        svg=line_chart(
            title=title,
            labels=labels,
            series=series,
            y_max=top,
            band=band,
            inline_css=inline_css,
        )
        if any(v is not None for values in series.values() for v in values)
        else "",
        headers=[_("Maand"), *series.keys()],
        rows=[
            [date_format(month, "F Y"), *(cells[name][index] for name in series)]
            for index, month in enumerate(months)
        ],
    )


def _share(part: int, whole: int, masked: bool) -> float | None:
    if not whole:
        return None
    if masked and is_small(part, whole - part):
        return None
    return 100 * part / whole


def mix_band(communities) -> tuple[float, float] | None:
    """The on-course band of the mix (target ± band_on_course_pp) when every community shares
    it, else None: one shaded band must not suggest a target some of the lines do not have."""
    bands = {
        (
            float(target_share(c.mix_target) * 100 - float(c.band_on_course_pp)),
            float(target_share(c.mix_target) * 100 + float(c.band_on_course_pp)),
        )
        for c in communities
    }
    if len(bands) != 1:
        return None
    low, high = bands.pop()
    return max(0.0, low), min(100.0, high)


def trend_charts(
    *,
    trends: list[Trend],
    masked: dict[int, bool],
    inline_css: bool = False,
    keys: Collection[str] | None = None,
) -> list[ReadableChart]:
    """Seven charts over the trends' months, one line per community. A PDF (no page stylesheet)
    asks for `inline_css`. With `keys` only those charts are drawn (each is a pygal rendering:
    the annual report shows two of the seven)."""
    if not trends:
        return []

    def collect(value_of, unit, count=False):
        series, cells = {}, {}
        for trend in trends:
            hide = masked.get(trend.community.pk, False)
            values, texts = [], []
            for snapshot in trend.snapshots:
                raw = value_of(snapshot.data, hide) if snapshot else None
                if count and raw is not None:
                    texts.append(masked_count(raw) if hide else str(raw))
                    values.append(None if hide and is_small(raw) else raw)
                else:
                    texts.append(_fmt(raw, unit))
                    values.append(None if raw is None else round(raw, 1))
            series[trend.community.name] = values
            cells[trend.community.name] = texts
        return series, cells

    def mix(data, hide):
        m = data["mix"]
        return _share(m["supported"], m["supported"] + m["unsupported"], hide)

    def participation(data, hide):
        p = data["participation"]
        if p is None:
            return None
        return _share(p["contributing"], p["residents"], hide)

    def hours(kind):
        def value(data, hide):
            h = data["hours"]
            low = h.get(f"{kind}_low")
            return None if h.get(kind) is None or not low else 100 * h[kind] / low

        return value

    def signals(data, hide):
        kinds = data["signals_by_kind"]
        return None if kinds is None else sum(kinds.values())

    # (key, value per snapshot, counts of people?, what _chart needs besides the series; the
    # band as a function, read only for a chart that is drawn)
    specs = [
        (
            "mix",
            mix,
            False,
            {
                "title": _("Aandeel begeleide bewoners (%)"),
                "unit": " %",
                "subject": _("het aandeel begeleid"),
                "y_max": 100,
                "band": lambda: mix_band([t.community for t in trends]),
            },
        ),
        (
            "participation",
            participation,
            False,
            {
                "title": _("Actieve bijdrage (% van de bewoners)"),
                "unit": " %",
                "subject": _("de actieve bijdrage"),
                "y_max": 100,
                "band": lambda: tuple(float(edge) for edge in PARTICIPATION_BAND),
            },
        ),
        (
            "activities",
            lambda d, h: d["activities"],
            False,
            {
                "title": _("Activiteiten per maand"),
                "unit": "",
                "subject": _("het aantal activiteiten per maand"),
            },
        ),
        (
            "signals",
            signals,
            True,
            {
                "title": _("Nieuwe signalen per maand"),
                "unit": "",
                "subject": _("het aantal nieuwe signalen"),
            },
        ),
        (
            "evictions",
            lambda d, h: d["evictions_prevented"],
            True,
            {
                "title": _("Voorkomen huisuitzettingen per maand"),
                "unit": "",
                "subject": _("het aantal voorkomen huisuitzettingen"),
            },
        ),
        (
            "coach_hours",
            hours("coach"),
            False,
            {
                "title": _("Uren communitycoach (% van de norm)"),
                "unit": " %",
                "subject": _("de coachuren tegen de norm"),
            },
        ),
        (
            "management_hours",
            hours("management"),
            False,
            {
                "title": _("Uren beheer (% van de ondergrens van de norm)"),
                "unit": " %",
                "subject": _("de beheeruren tegen de norm"),
            },
        ),
    ]
    charts = []
    for key, value_of, count, options in specs:
        if keys is not None and key not in keys:
            continue  # not read at all: the annual report asks for two of the seven
        series, cells = collect(value_of, options["unit"], count=count)
        if "band" in options:
            options = {**options, "band": options["band"]()}
        charts.append(
            _chart(
                key=key,
                trends=trends,
                series=series,
                cells=cells,
                inline_css=inline_css,
                **options,
            )
        )
    return charts


@dataclass(frozen=True)
class KindTable:
    headers: list[str]
    rows: list[list[str]]


def signals_by_kind(*, trends: list[Trend], masked: dict[int, bool]) -> KindTable:
    """New signals per kind over the trend months, a column per community; no totals. For
    aggregate viewers each community's column is suppressed with a second cell when one would
    otherwise be recoverable (see monitor.suppression)."""
    columns = []
    for trend in trends:
        counts = {kind: 0 for kind in SignalKind.values}
        recorded = [
            s.data["signals_by_kind"] for s in trend.snapshots if s and s.data["signals_by_kind"]
        ]
        for by_kind in recorded:
            for kind, n in by_kind.items():
                counts[kind] = counts.get(kind, 0) + n
        if not recorded:
            columns.append(["–"] * len(SignalKind.values))
            continue
        values = [counts[kind] for kind in SignalKind.values]
        shown = suppress_row(values) if masked.get(trend.community.pk) else [str(v) for v in values]
        columns.append(shown)
    rows = [
        [str(label), *(column[index] for column in columns)]
        for index, (_value, label) in enumerate(SignalKind.choices)
    ]
    return KindTable(headers=[_("Soort"), *(t.community.name for t in trends)], rows=rows)
