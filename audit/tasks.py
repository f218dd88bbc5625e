"""Periodic work of the audit trail (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from audit import services


@shared_task
def purge_expired() -> int:
    """Delete audit events past the retention period. Idempotent: a rerun deletes nothing more."""
    return services.purge_expired()
