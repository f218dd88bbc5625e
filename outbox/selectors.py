"""Reads of the outbox: is the work on something still waiting for the broker?"""

from __future__ import annotations

from collections.abc import Iterable

from outbox.constants import JobStatus
from outbox.models import Job


def job_waiting(*, key: str) -> bool:
    """Whether work recorded about `key` ("imo.agenda:12") has not reached the broker yet."""
    return Job.objects.filter(key=key, status=JobStatus.WAITING).exists()


def keys_waiting(*, keys: Iterable[str]) -> set[str]:
    """The subset of `keys` with work still waiting for the broker, in one query."""
    keys = list(keys)
    if not keys:
        return set()
    return set(
        Job.objects.filter(key__in=keys, status=JobStatus.WAITING)
        .values_list("key", flat=True)
        .distinct()
    )
