"""Template tags of the activities area: the participation share (masked for aggregate
viewers). The panel's data comes from `communities.cards.activities_panels`."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

from communities.privacy import participation_cells

register = template.Library()


def _group_key(figures, group) -> str:
    groups = (("all", figures.overall), ("sup", figures.supported), ("uns", figures.unsupported))
    return next(name for name, candidate in groups if candidate is group)


def _share_hidden(group, aggregate_only, figures) -> bool:
    """For aggregate viewers: hidden when a count behind it is hidden in the suppressed grid
    of `figures` (the page shows the counts beside the shares), or could point at fewer than 5
    people."""
    if not aggregate_only:
        return False
    if group.hides_share():
        return True
    if figures is None:
        return False
    key = _group_key(figures, group)
    return participation_cells(figures).any_hidden((key, "contributing"), (key, "residents"))


@register.simple_tag
def participation_count(figures, group, field, aggregate_only=False):
    """ "residents" or "contributing" of a group; for aggregate viewers as the suppression of
    the whole grid shows it ("< 5", "x")."""
    if not aggregate_only:
        return str(getattr(group, field))
    return participation_cells(figures).label((_group_key(figures, group), field))


@register.simple_tag
def participation_share(group, aggregate_only=False, figures=None):
    """ "55,0%"; "–" with no residents, or for aggregate viewers where a count behind the share
    is hidden."""
    if group.share is None or _share_hidden(group, aggregate_only, figures):
        return "–"
    return f"{number_format(round(group.share_percent, 1), 1)}%"


@register.simple_tag
def share_visible(group, aggregate_only=False, figures=None):
    return group.share is not None and not _share_hidden(group, aggregate_only, figures)


@register.filter
def percent_of(part, whole):
    if not whole:
        return "–"
    return f"{number_format(round(100 * part / whole), 0)}%"
