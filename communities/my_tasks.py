""" "Mijn taken" (issue 15, item 5): the user's own open work across all locations, on the home
page of every professional role: IMO follow-ups and check-ins due, signals waiting on the user,
governance action items the user owns.

Each app adds its part through `communities.registry.register_task_source`; the core adds the
signals. A source answers for all of the user's locations in one query, so the list costs the
same for one location as for fifty.

Decision: a signal waits on the user when it is open in a location where the user may handle
signals, and the user recorded it or took a step on it; the ones open longer than the location's
`signal_overdue_days` are marked late. Signals about a begeleider's own clients only: the
visibility rule of `communities.access.signals_visible_in` applies.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from communities import access
from communities.access import Capability as C
from communities.constants import SignalKind
from communities.models import Community, SignalStep, User
from communities.registry import task_sources
from gemengdwonen.choices import label

MAX_PER_SOURCE = 20


@dataclass(frozen=True)
class MyTask:
    kind: str  # what sort of task, for the reader ("Check-in", "Signaal", "Actiepunt")
    title: str
    where: str  # the location or body
    url: str
    due_on: datetime.date | None
    late: bool


def my_tasks(*, user: User, today: datetime.date) -> list[MyTask]:
    """Every source's tasks, the late ones first, then by due date."""
    tasks = [task for source in task_sources() for task in source(user, today)]
    return sorted(tasks, key=lambda t: (not t.late, t.due_on or datetime.date.max, t.kind, t.title))


def signals_waiting(user: User, today: datetime.date) -> list[MyTask]:
    """Open signals the user recorded or took a step on, where the user may handle them."""
    ids = access.community_ids_with(user, C.MANAGE_SIGNALS)
    if not ids:
        return []
    communities = list(Community.objects.filter(pk__in=ids))  # for signals_visible_in
    mine = Q(recorded_by=user) | Q(
        pk__in=SignalStep.objects.filter(taken_by=user).values("signal_id")
    )
    signals = (
        access.signals_visible_in(user, communities)
        .filter(mine, closed_on__isnull=True)
        .select_related("community", "current_step")
        .order_by("reported_on", "pk")[:MAX_PER_SOURCE]
    )
    tasks = []
    for signal in signals:
        community = signal.community
        due = signal.reported_on + datetime.timedelta(days=community.signal_overdue_days)
        step = signal.current_step.title if signal.current_step else _("nog geen stap")
        tasks.append(
            MyTask(
                kind=_("Signaal"),
                title=f"{label(SignalKind, signal.kind)} · {step}",
                where=community.name,
                url=reverse("signal_detail", args=[community.slug, signal.pk]),
                due_on=due,
                late=today > due,
            )
        )
    return tasks
