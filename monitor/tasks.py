"""Celery tasks of the monitor: thin, idempotent, one task per community."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from communities.models import Community
from monitor.snapshots import last_complete_month, snapshot_take


@shared_task
def take_monthly_snapshots() -> int:
    """Beat, on the first of each month: queue one snapshot per community for the month that just
    ended."""
    month = last_complete_month(timezone.localdate())
    ids = list(Community.objects.values_list("pk", flat=True))
    for pk in ids:
        take_snapshot.delay(pk, month.isoformat())
    return len(ids)


@shared_task(acks_late=True)
def take_snapshot(community_id: int, month: str) -> None:
    """Take (or replace) one community's snapshot; gone communities are skipped."""
    community = Community.objects.filter(pk=community_id).first()
    if community is None:
        return
    snapshot_take(community=community, month=datetime.date.fromisoformat(month))
