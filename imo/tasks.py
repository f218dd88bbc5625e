"""Celery tasks of the IMO: thin wrappers that fetch by id and call a service.

All are safe to run twice: generating again replaces the two stored copies of an agenda (one
fixed private path per meeting and audience), and the e-mail with the link goes out once per
meeting (a compare-and-set on `agenda_mailed_at`).
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction

from imo import services_agenda
from imo.models import IntakeMeeting
from outbox.services import JobSpec, jobs_enqueue

logger = logging.getLogger(__name__)


@shared_task(name="imo.tasks.agenda_generate")
def agenda_generate(meeting_id: int) -> list[str]:
    """Render and store both copies of one meeting's agenda (the "regenerate" button)."""
    meeting = IntakeMeeting.objects.filter(pk=meeting_id).first()
    if meeting is None:  # deleted after the task was queued
        logger.info("IMO agenda: meeting %s no longer exists", meeting_id)
        return []
    return services_agenda.agenda_generate(meeting=meeting)


@shared_task(name="imo.tasks.agenda_generate_copy")
def agenda_generate_copy(meeting_id: int, care_organisation_id: int) -> str:
    """Render the copy for one care organisation's begeleiders (asked for at download)."""
    meeting = IntakeMeeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return ""
    copy = services_agenda.agenda_copy_generate(
        meeting=meeting, care_organisation_id=care_organisation_id
    )
    return copy.path if copy else ""


@shared_task(name="imo.tasks.agenda_due")
def agenda_due(meeting_id: int) -> bool:
    """Generate one due meeting's agenda and mail its attendees the link, once. Whether the
    agenda was generated (a failed one is not mailed)."""
    meeting = IntakeMeeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        logger.info("IMO agenda: meeting %s no longer exists", meeting_id)
        return False
    if not services_agenda.agenda_generate(meeting=meeting):
        return False
    services_agenda.agenda_mail(meeting=meeting)
    return True


@shared_task(name="imo.tasks.agendas_due")
def agendas_due() -> int:
    """Daily (CELERY_BEAT_SCHEDULE "imo-agendas-due"): queue one `agenda_due` task per meeting
    that is due (see `services_agenda.meetings_due`), so each renders under its own time limit
    and one failing meeting does not stop the others. Returns the number queued."""
    meetings = services_agenda.meetings_due()
    # Through the outbox: a broker hiccup half-way leaves the rest waiting for the sweeper
    # instead of lost until tomorrow's run.
    with transaction.atomic():
        jobs_enqueue(
            specs=[
                JobSpec(
                    task="imo.tasks.agenda_due",
                    kwargs={"meeting_id": meeting.pk},
                    key=services_agenda.agenda_job_key(meeting=meeting),
                )
                for meeting in meetings
            ]
        )
    return len(meetings)
