"""Reads of the outbox: is the work on something waiting because the broker did not take it?"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from outbox.constants import JobStatus
from outbox.models import Job


def _held_back() -> QuerySet[Job]:
    """Jobs the broker did not take: a hand-off was tried and failed, or none was tried for
    longer than the sweeper waits. A job recorded a moment ago, whose hand-off after the commit
    has not happened yet, is simply on its way."""
    overdue = timezone.now() - settings.OUTBOX_RETRY_AFTER
    return Job.objects.filter(status=JobStatus.WAITING).filter(
        Q(attempts__gt=0) | Q(created_at__lt=overdue)
    )


def job_waiting(*, key: str) -> bool:
    """Whether work recorded about `key` ("imo.agenda:12") waits for the broker."""
    return _held_back().filter(key=key).exists()


def keys_waiting(*, keys: Iterable[str]) -> set[str]:
    """The subset of `keys` whose work waits for the broker, in one query."""
    keys = list(keys)
    if not keys:
        return set()
    return set(_held_back().filter(key__in=keys).values_list("key", flat=True).distinct())
