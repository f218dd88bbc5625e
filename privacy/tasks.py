"""Periodic and background work of the privacy app. Thin: each task calls one service.

`retention_run` is scheduled in settings.CELERY_BEAT_SCHEDULE ("privacy-retention").
"""

from celery import shared_task

from privacy import services


@shared_task
def retention_run() -> dict[str, int]:
    """Anonymise what is past its retention period. Idempotent: a rerun finds nothing to do."""
    return services.retention_run().counts()


@shared_task
def subject_export_pdf(export_id: int) -> None:
    """Render one subject-access PDF into private storage. A finished export is left alone."""
    services.subject_export_render(export_id=export_id)
