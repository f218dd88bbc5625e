"""Governance blocks for other pages, each computing its own context from the user:

{% load governance_tags %}{% governance_home user %}             on the home page
{% load governance_tags %}{% governance_panel user community %}  on the community page
"""

from __future__ import annotations

from django import template
from django.utils import timezone

from governance import access, selectors

register = template.Library()


@register.inclusion_tag("governance/_home.html")
def governance_home(user):
    """The user's bodies with their next meeting, and the user's overdue action items."""
    if not user.is_authenticated:
        return {"show": False}
    today = timezone.localdate()
    bodies = list(access.bodies_for(user).order_by("level", "name"))
    overdue = selectors.overdue_action_items_for(user=user, on=today)
    next_meetings = {
        m.body_id: m for m in selectors.next_meetings(bodies=bodies, now=timezone.now())
    }
    return {
        "show": bool(bodies or overdue),
        "overdue": overdue,
        "rows": [(b, next_meetings.get(b.pk)) for b in bodies],
    }


@register.inclusion_tag("governance/_panel.html")
def governance_panel(user, community):
    """A link to the community's governance page, with the cadence of the user's own bodies."""
    if not user.is_authenticated:
        return {"show": False}
    today = timezone.localdate()
    own = list(access.community_bodies_for(user, community).order_by("level", "name"))
    cadence = selectors.cadence_for_bodies(bodies=own, year=today.year, today=today)
    return {
        "show": True,
        "community": community,
        "rows": [(b, cadence[b.pk]) for b in own],
        "titles_only": access.sees_decision_titles(user, community),
        "advice": selectors.association_advice(community=community, on=today),
    }
