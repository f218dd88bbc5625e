"""Template tags of the activities area: the participation share (masked for aggregate
viewers). The panel's data comes from `communities.cards.activities_panels`."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.simple_tag
def participation_share(group, aggregate_only=False):
    """ "55,0%"; "–" with no residents, or for aggregate viewers where the share could point at
    fewer than 5 people."""
    if group.share is None or (aggregate_only and group.hides_share()):
        return "–"
    return f"{number_format(round(group.share_percent, 1), 1)}%"


@register.simple_tag
def share_visible(group, aggregate_only=False):
    return group.share is not None and not (aggregate_only and group.hides_share())


@register.filter
def percent_of(part, whole):
    if not whole:
        return "–"
    return f"{number_format(round(100 * part / whole), 0)}%"
