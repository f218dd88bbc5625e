"""Funding blocks for other pages and the money/hours filters:

{% load financiering_tags %}{% funding_panel user community %}   on the community page
{% load financiering_tags %}{% funding_home user %}              on the home page
{{ amount|euro }} → € 1.234,56      {{ hours|hours_week }} → 12,0 u/week
"""

from __future__ import annotations

from django import template
from django.utils import timezone

from financiering import access, formatting, selectors
from financiering.access import FundingCapability as F

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


@register.inclusion_tag("financiering/_panel.html")
def funding_panel(user, community):
    """The horizon and the warnings on the community page, for those who see funding."""
    if not access.can(user, community, F.VIEW_FUNDING):
        return {"show": False}
    status = selectors.funding_status(community=community, today=timezone.localdate())
    return {"show": True, "community": community, "status": status}


@register.inclusion_tag("financiering/_home.html")
def funding_home(user):
    """On the home page of gemeente and stuurgroep (and editors): per community the horizon and
    the number of warnings, and a link to the municipality overview."""
    communities = access.funding_communities(user)
    if not communities:
        return {"show": False}
    statuses = selectors.funding_status_for(communities=communities, today=timezone.localdate())
    municipalities = {}
    for community in communities:
        municipalities.setdefault(community.municipality_id, community.municipality)
    return {
        "show": True,
        "statuses": [statuses[c.pk] for c in communities],
        "municipalities": list(municipalities.values()),
    }


@register.filter
def cell_total(totals, year):
    return totals.get(year, (None, None))
