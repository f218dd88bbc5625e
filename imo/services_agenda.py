"""Writes around the agenda PDF: generating and storing both copies, mailing the attendees a link
once, and asking for a regeneration from the meeting page.

Generation runs in a Celery task (`imo.tasks.agenda_generate`, `imo.tasks.agenda_due`) or a
management command, never in a web request. Nothing here queues a task: the tasks module and the
views do (so this module never imports `imo.tasks`). Each meeting has exactly two stored files,
one per audience, at a fixed private path: generating again replaces them (`save_private_file`
writes atomically over the old file).
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from gemengdwonen.storage import private_storage, save_private_file
from imo.constants import AgendaStatus
from imo.models import IntakeMeeting, MeetingSchedule
from imo.pdf import AUDIENCES, Audience, agenda_pdf

logger = logging.getLogger(__name__)

DEFAULT_DAYS_BEFORE = 7  # MeetingSchedule.agenda_days_before's default, for a meeting without one

# The base of links in e-mails (no request to build an absolute URL from in a task).
DEFAULT_SITE_URL = "http://localhost:8000"


def agenda_path(*, meeting: IntakeMeeting, audience: Audience) -> str:
    """The one private path of a meeting's agenda copy for `audience`."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience: {audience!r}")
    return f"imo/agenda/{meeting.community.slug}/{meeting.pk}-{audience}.pdf"


def agenda_available(*, meeting: IntakeMeeting, audience: Audience) -> bool:
    """Whether a generated copy for `audience` is stored (an earlier one stays available while a
    regeneration runs or after it failed)."""
    if meeting.agenda_generated_at is None:
        return False
    return private_storage().exists(agenda_path(meeting=meeting, audience=audience))


def _set_status(meeting: IntakeMeeting, status: str, **fields) -> None:
    IntakeMeeting.objects.filter(pk=meeting.pk).update(agenda_status=status, **fields)
    meeting.agenda_status = status
    for name, value in fields.items():
        setattr(meeting, name, value)


def agenda_generate(*, meeting: IntakeMeeting) -> list[str]:
    """Render both copies of the agenda and store them, replacing earlier ones. Returns the stored
    paths (professional first), or [] when rendering failed: the status is then FAILED and the
    error logged; the copies stored before, if any, stay available.

    Status: RUNNING while rendering, then DONE or FAILED. Not one transaction: rendering takes
    seconds and must not hold a database transaction (or row locks) open; every step is a single
    UPDATE, so running it twice (a redelivered task, a double click) simply renders again and
    leaves one file per audience.
    """
    meeting = IntakeMeeting.objects.select_related("community").get(pk=meeting.pk)
    _set_status(meeting, AgendaStatus.RUNNING)
    try:
        with override(settings.LANGUAGE_CODE):
            documents = {
                audience: agenda_pdf(meeting=meeting, audience=audience) for audience in AUDIENCES
            }
        paths = [
            save_private_file(agenda_path(meeting=meeting, audience=audience), document)
            for audience, document in documents.items()
        ]
    except Exception:
        logger.exception("IMO agenda of meeting %s could not be generated", meeting.pk)
        _set_status(meeting, AgendaStatus.FAILED)
        return []
    _set_status(
        meeting, AgendaStatus.DONE, agenda_file=paths[0], agenda_generated_at=timezone.now()
    )
    return paths


def site_url() -> str:
    return getattr(settings, "SITE_URL", "") or DEFAULT_SITE_URL


def agenda_download_url(*, meeting: IntakeMeeting) -> str:
    path = reverse("imo_agenda_download", args=(meeting.community.slug, meeting.pk))
    return site_url().rstrip("/") + path


@transaction.atomic
def agenda_mail(*, meeting: IntakeMeeting) -> int:
    """E-mail every attendee with an e-mail address a link to the download page (never the file:
    the link asks for a login, and each reader gets the copy their role allows). Only once per
    meeting: `agenda_mailed_at` is set with a compare-and-set UPDATE, so a second run (or a
    concurrent one) sends nothing. Only after the agenda was generated. Returns the number of
    e-mails queued; they are sent after the transaction commits."""
    claimed = IntakeMeeting.objects.filter(
        pk=meeting.pk,
        agenda_mailed_at__isnull=True,
        agenda_generated_at__isnull=False,
    ).update(agenda_mailed_at=timezone.now())
    if not claimed:
        return 0
    meeting = IntakeMeeting.objects.select_related("community", "chair").get(pk=meeting.pk)
    starts_at = timezone.localtime(meeting.starts_at)
    with override(settings.LANGUAGE_CODE):
        subject = _("Agenda IMO %(community)s op %(date)s") % {
            "community": meeting.community.name,
            "date": starts_at.strftime("%d-%m-%Y"),
        }
        messages = []
        for attendee in meeting.attendees.select_related("user").order_by("pk"):
            user = attendee.user
            if not user.email or not user.is_active:
                continue
            body = _(
                "Beste %(name)s,\n\n"
                "De agenda van het instroom- en matchingoverleg (IMO) van %(community)s staat "
                "klaar.\n\n"
                "Datum: %(date)s om %(time)s uur\n"
                "Plaats: %(place)s\n\n"
                "U kunt de agenda downloaden nadat u bent ingelogd:\n%(url)s\n\n"
                "De agenda is vertrouwelijk. Stuur hem niet door en bewaar hem niet langer dan "
                "nodig.\n\n"
                "Met vriendelijke groet,\n%(chair)s"
            ) % {
                "name": user.first_name or user.get_username(),
                "community": meeting.community.name,
                "date": starts_at.strftime("%d-%m-%Y"),
                "time": starts_at.strftime("%H:%M"),
                "place": meeting.place,
                "url": agenda_download_url(meeting=meeting),
                "chair": (meeting.chair.get_full_name() if meeting.chair else "")
                or meeting.community.name,
            }
            messages.append((user.email, body))

    def send():
        for address, body in messages:
            try:
                send_mail(subject, body, None, [address], fail_silently=False)
            except Exception:  # one bad address must not stop the others
                logger.exception("IMO agenda mail of meeting %s not sent", meeting.pk)

    transaction.on_commit(send)
    return len(messages)


def agenda_mark_queued(*, meeting: IntakeMeeting) -> None:
    """Mark the agenda QUEUED (the "regenerate" button). Queuing the task is the caller's:
    `imo.tasks.agenda_request_regeneration` does both; this module only renders and stores."""
    _set_status(meeting, AgendaStatus.QUEUED)


def meetings_due(*, now: datetime.datetime | None = None) -> list[IntakeMeeting]:
    """Meetings whose agenda the daily beat generates and mails: those starting in exactly their
    schedule's `agenda_days_before` days (default 7), and those starting sooner (not yet started)
    whose agenda was never generated or never mailed: a beat that did not run, a meeting planned
    late. On the exact day the agenda is generated even when it was made by hand before, so the
    mailed link leads to fresh data."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    longest = max(
        DEFAULT_DAYS_BEFORE,
        MeetingSchedule.objects.aggregate(longest=Max("agenda_days_before"))["longest"] or 0,
    )
    tz = timezone.get_current_timezone()
    until = datetime.datetime.combine(
        today + datetime.timedelta(days=longest + 1), datetime.time.min, tzinfo=tz
    )
    due = []
    for meeting in (
        IntakeMeeting.objects.filter(starts_at__gt=now, starts_at__lt=until)
        .select_related("community__imo_schedule")
        .order_by("starts_at")
    ):
        schedule = getattr(meeting.community, "imo_schedule", None)
        days_before = schedule.agenda_days_before if schedule is not None else DEFAULT_DAYS_BEFORE
        days = (timezone.localdate(meeting.starts_at) - today).days
        pending = meeting.agenda_generated_at is None or meeting.agenda_mailed_at is None
        if days == days_before or (days < days_before and pending):
            due.append(meeting)
    return due
