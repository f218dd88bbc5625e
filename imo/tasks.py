"""Celery tasks of the IMO: thin wrappers that fetch by id and call a service.

Both are safe to run twice: generating again replaces the two stored copies of an agenda (one
fixed private path per meeting and audience), and the e-mail with the link goes out once per
meeting (a compare-and-set on `agenda_mailed_at`).
"""

from __future__ import annotations

import logging

from celery import shared_task

from imo import services_agenda
from imo.models import IntakeMeeting

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


@shared_task(name="imo.tasks.agendas_due")
def agendas_due() -> int:
    """Daily (CELERY_BEAT_SCHEDULE "imo-agendas-due"): generate the agenda of every meeting that
    is due (see `services_agenda.meetings_due`) and mail its attendees the link, once. Returns the
    number of agendas generated. One failing meeting does not stop the others."""
    generated = 0
    for meeting in services_agenda.meetings_due():
        if services_agenda.agenda_generate(meeting=meeting):
            generated += 1
            services_agenda.agenda_mail(meeting=meeting)
    return generated
