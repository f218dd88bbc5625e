"""How funding figures read: money as `€ 1.234,56`, hours as `12,0 u/week`."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

from communities.norms import fmt_hours


def euro(value) -> str:
    """€ 1.234,56 (two decimals, Dutch grouping)."""
    if value is None:
        return "–"
    value = Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"€ {number_format(value, 2, force_grouping=True)}"


def hours_week(value) -> str:
    """12,0 u/week (one decimal)."""
    if value is None:
        return "–"
    value = Decimal(value).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{number_format(value, 1, force_grouping=True)} u/week"


def number(value) -> str:
    """A plain factor in a computation: 266, 0,92, 7,5."""
    return fmt_hours(Decimal(value))


def years(value) -> str:
    """4,5 jaar"""
    if value is None:
        return "–"
    return f"{number_format(Decimal(value), 1)} jaar"
