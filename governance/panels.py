"""Governance's blocks on the core's pages, plugged in through `communities.registry` from
GovernanceConfig.ready(): the start page's "my bodies" block, the user's action items in "Mijn
taken" and the community page's panel. Each computes its context from (user, community); None
means the user gets no block."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from governance import access, selectors
from governance.models import ActionItem


def home_panel(user, community=None):
    """The user's bodies with their next meeting (the user's action items are in "Mijn taken",
    `action_items_owned`)."""
    if not user.is_authenticated:
        return None
    # One query for who is a member of nothing (most residents' delegates, many officials).
    memberships = access.body_memberships(user)
    if not memberships:
        return None
    bodies = sorted({m.body for m in memberships.values()}, key=lambda b: (b.level, b.name, b.pk))
    next_meetings = {
        m.body_id: m for m in selectors.next_meetings(bodies=bodies, now=timezone.now())
    }
    return {"rows": [(b, next_meetings.get(b.pk)) for b in bodies]}


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


MAX_TASKS = 20


def action_items_owned(user, today):
    """ "Mijn taken": the open action items the user owns, in every body (one query)."""
    from communities.my_tasks import MyTask

    if not user.is_authenticated:
        return []
    items = (
        ActionItem.objects.open()
        .filter(owner__user=user)
        .select_related("body")
        .order_by("due_on", "pk")[:MAX_TASKS]
    )
    return [
        MyTask(
            kind=gettext("Actiepunt"),
            title=item.title,
            where=item.body.name,
            url=reverse("governance_body", args=[item.body_id]),
            due_on=item.due_on,
            late=item.due_on < today,
        )
        for item in items
    ]
