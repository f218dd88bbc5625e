"""Rows of the monitor's exports (through gemengdwonen.exports): the scorecard and the trends,
exactly as the viewer sees them on the page — masked for aggregate viewers."""

from __future__ import annotations

from django.utils.translation import gettext as _

from monitor.charts import ReadableChart
from monitor.scorecard import Scorecard


def scorecard_headers() -> list[str]:
    return [
        _("Locatie"),
        _("Ingrediënt"),
        _("Status ingrediënt"),
        _("Indicator"),
        _("Waarde"),
        _("Norm"),
        _("Status"),
        _("Toelichting"),
        _("Afwijkende norm"),
    ]


def scorecard_rows(*, name: str, card: Scorecard) -> list[dict]:
    headers = scorecard_headers()
    rows = []
    for row in card.rows:
        for indicator in row.indicators:
            values = [
                name,
                row.label,
                row.status_label,
                indicator.title,
                indicator.value,
                indicator.norm,
                indicator.status_label,
                indicator.line,
                indicator.override,
            ]
            rows.append(dict(zip(headers, values, strict=True)))
    return rows


def trend_headers() -> list[str]:
    return [_("Grafiek"), _("Maand"), _("Locatie"), _("Waarde")]


def trend_rows(*, charts: list[ReadableChart]) -> list[dict]:
    headers = trend_headers()
    rows = []
    for chart in charts:
        names = chart.headers[1:]
        for row in chart.rows:
            month, *cells = row
            for name, cell in zip(names, cells, strict=True):
                rows.append(dict(zip(headers, [chart.title, month, name, cell], strict=True)))
    return rows
