"""Celery tasks of governance: thin wrappers that fetch by id and call a service; safe to run
twice (see each service)."""

from __future__ import annotations

import logging

from celery import shared_task

from governance import pdf, reminders
from governance.models import Meeting

logger = logging.getLogger(__name__)


@shared_task(name="governance.tasks.document_generate")
def document_generate(meeting_id: int, kind: str) -> str | None:
    meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
    if meeting is None:
        logger.info("Governance document: meeting %s no longer exists", meeting_id)
        return None
    return pdf.document_generate(meeting=meeting, kind=kind)


@shared_task(name="governance.tasks.action_reminders_weekly")
def action_reminders_weekly() -> int:
    """Weekly (CELERY_BEAT_SCHEDULE "governance-action-reminders"): one e-mail per owner with
    open action items, once per ISO week."""
    return reminders.action_reminders_queue()


@shared_task(name="governance.tasks.action_reminder_send")
def action_reminder_send(reminder_id: int) -> bool:
    return reminders.action_reminder_send(reminder_id=reminder_id)
