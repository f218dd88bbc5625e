"""CSV/XLSX export of a list, in one place for every app.

Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return) as a
formula; a resident's name or a note typed by a user must never become one ("CSV injection").
`neutralise` puts a single quote in front of such text, which the spreadsheet shows as text.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Literal

import tablib
from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Dutch spreadsheet settings use the comma as decimal separator and expect ";" between fields.
CSV_DELIMITER = ";"


def neutralise(value):
    """`value` made safe for a spreadsheet cell: text starting like a formula gets a leading
    single quote; numbers, dates and None pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """The text `neutralise` made safe, read back from a file (an import of an exported file or
    template): the leading quote before formula-like text is dropped."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _cell(value, fmt: str):
    if fmt == "csv" and isinstance(value, Decimal | float):
        # Dutch spreadsheets read "1,5" as a number and "1.5" as a date or text.
        return str(value).replace(".", ",")
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, int | float):
        return value
    return neutralise(str(value))


def _safe_filename(filename: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", filename).strip("-") or "export"


def export_response(
    *,
    rows: list[dict],
    filename: str,
    fmt: Literal["csv", "xlsx"],
    headers: list[str] | None = None,
) -> HttpResponse:
    """An attachment with `rows` (dicts with the same keys, the column titles) as CSV or XLSX.
    `headers` gives the columns of an empty export (or their order)."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown export format: {fmt!r}")
    columns = headers or (list(rows[0]) if rows else [])
    dataset = tablib.Dataset(headers=[neutralise(str(c)) for c in columns])
    for row in rows:
        dataset.append([_cell(row.get(column), fmt) for column in columns])
    if fmt == "csv":
        # The byte order mark makes Excel read the file as UTF-8 (names with ë, ş, …).
        content = "\ufeff" + dataset.export("csv", delimiter=CSV_DELIMITER)
    else:
        content = dataset.export("xlsx")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    name = _safe_filename(filename)
    if not name.endswith(f".{fmt}"):
        name = f"{name}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
