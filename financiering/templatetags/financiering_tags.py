"""Funding blocks for other pages and the money/hours filters:

{% load financiering_tags %}{% funding_panel user community %}   on the community page
{% load financiering_tags %}{% funding_home user %}              on the home page
{{ amount|euro }} → € 1.234,56      {{ hours|hours_week }} → 12,0 u/week
"""

from __future__ import annotations

from django import template

from financiering import formatting

register = template.Library()


@register.filter
def euro(value):
    return formatting.euro(value)


@register.filter
def hours_week(value):
    return formatting.hours_week(value)


@register.filter
def cell(row, year):
    """The (money, hours) of a multi-year row in `year`."""
    return row.cells.get(year, (None, None))


@register.filter
def first(pair):
    return pair[0]


@register.filter
def second(pair):
    return pair[1]


@register.filter
def cell_total(totals, year):
    return totals.get(year, (None, None))
