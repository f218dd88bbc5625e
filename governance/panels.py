"""Governance's blocks on the core's pages, plugged in through `communities.registry` from
GovernanceConfig.ready(): the start page's "my bodies" block (with the user's overdue action
items) and the community page's panel. Each computes its context from (user, community); None
means the user gets no block."""

from __future__ import annotations

from django.utils import timezone

from governance import access, selectors


def home_panel(user, community=None):
    """The user's bodies with their next meeting, and the user's overdue action items."""
    if not user.is_authenticated:
        return None
    # One query for who is a member of nothing (most residents' delegates, many officials):
    # an action item's owner is a body member, so no membership means no action items either.
    memberships = access.body_memberships(user)
    if not memberships:
        return None
    bodies = sorted({m.body for m in memberships.values()}, key=lambda b: (b.level, b.name, b.pk))
    overdue = selectors.overdue_action_items_for(user=user, on=timezone.localdate())
    next_meetings = {
        m.body_id: m for m in selectors.next_meetings(bodies=bodies, now=timezone.now())
    }
    return {"overdue": overdue, "rows": [(b, next_meetings.get(b.pk)) for b in bodies]}


def community_panel(user, community):
    """A link to the community's governance page, with the cadence of the user's own bodies and
    the woonvereniging advice."""
    if not access.sees_governance_overview(user, community):
        return None
    today = timezone.localdate()
    own = list(access.community_bodies_for(user, community).order_by("level", "name"))
    cadence = selectors.cadence_for_bodies(bodies=own, year=today.year, today=today)
    return {
        "community": community,
        "rows": [(b, cadence[b.pk]) for b in own],
        "titles_only": access.sees_decision_titles(user, community),
        "advice": selectors.association_advice(community=community, on=today),
    }
