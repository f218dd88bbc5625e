"""Writes around the agenda PDF: generating and storing both copies, mailing the attendees a link
once, and asking for a regeneration from the meeting page.

Generation runs in a Celery task (`imo.tasks.agenda_generate`, `imo.tasks.agenda_due`) or a
management command, never in a web request. Work for a task is recorded in the outbox by the
task's name, in the caller's transaction (so this module never imports `imo.tasks`). Each meeting
has exactly two stored files, one per audience, at a fixed private path: generating again
replaces them (`save_private_file` writes atomically over the old file).
"""

from __future__ import annotations

import datetime
import logging
import os
import re
import time
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, override
from django.utils.translation import gettext as _

from gemengdwonen.storage import private_storage, save_private_file
from imo.access import audience_viewer
from imo.constants import AgendaStatus
from imo.models import AgendaCopy, IntakeMeeting, MeetingSchedule
from imo.pdf import AUDIENCES, Audience, agenda_render
from imo.selectors import Agenda, agenda_build, agenda_fingerprint
from outbox.selectors import job_waiting
from outbox.services import Message, job_enqueue, mail_enqueue

logger = logging.getLogger(__name__)

# The status shown while the generation waits for the broker (instead of "In de wachtrij").
WAITING_LABEL = gettext_lazy("Wacht op verwerking")

DEFAULT_DAYS_BEFORE = 7  # MeetingSchedule.agenda_days_before's default, for a meeting without one

# The base of links in e-mails (no request to build an absolute URL from in a task).
DEFAULT_SITE_URL = "http://localhost:8000"


def agenda_path(
    *, meeting: IntakeMeeting, audience: Audience, care_organisation_id: int | None = None
) -> str:
    """A fresh private path for a copy: every rendering gets its own file, so the record of
    what a file holds (AgendaCopy) never describes another rendering's content."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience: {audience!r}")
    variant = f"-org{care_organisation_id}" if care_organisation_id else ""
    token = uuid.uuid4().hex[:12]
    return f"imo/agenda/{meeting.community.slug}/{meeting.pk}-{audience}{variant}-{token}.pdf"


def agenda_copy(
    *, meeting: IntakeMeeting, audience: Audience, care_organisation_id: int | None = None
) -> AgendaCopy | None:
    """The stored copy of `meeting` for `audience` (and a care organisation's begeleiders)."""
    return AgendaCopy.objects.filter(
        meeting=meeting, audience=audience, care_organisation_id=care_organisation_id
    ).first()


def _current_fingerprint(meeting: IntakeMeeting) -> str:
    # The agenda holds labels (statuses, advice kinds): digest them in the PDF's language.
    with override(settings.LANGUAGE_CODE):
        return agenda_fingerprint(
            agenda_build(meeting=meeting, viewer=audience_viewer(meeting.community, "professional"))
        )


def agenda_outdated(*, meeting: IntakeMeeting, agenda: Agenda | None = None) -> bool:
    """Whether the data the stored agenda shows has changed since it was made. Pass `agenda`
    when it was already built for the professional copy (saves building it again). An agenda
    made before digests were kept counts as current: nothing to compare with."""
    if meeting.agenda_generated_at is None:
        return False
    copy = agenda_copy(meeting=meeting, audience="professional")
    if copy is None or not copy.data_fingerprint:
        return False
    if agenda is not None and get_language() == settings.LANGUAGE_CODE:
        current = agenda_fingerprint(agenda)
    else:
        current = _current_fingerprint(meeting)
    return copy.data_fingerprint != current


def agenda_available(*, meeting: IntakeMeeting, audience: Audience) -> bool:
    """Whether a generated copy for `audience` is stored (an earlier one stays available while a
    regeneration runs or after it failed)."""
    copy = agenda_copy(meeting=meeting, audience=audience)
    return copy is not None and private_storage().exists(copy.path)


def _delete_files(paths: list[str]) -> None:
    """At once, not after commit: a file no record points to must not linger with care details
    in it. A reader who still holds the old record gets a 404 and asks again."""
    storage = private_storage()
    for path in paths:
        try:
            storage.delete(path)
        except OSError:
            logger.warning("agenda file %s could not be deleted", path)


def agenda_copy_store(
    *,
    meeting: IntakeMeeting,
    audience: Audience,
    document: bytes,
    care_candidate_ids: set[int],
    move_reasons: bool,
    care_organisation_id: int | None = None,
    rendered_since: float | None = None,
    data_fingerprint: str = "",
) -> AgendaCopy:
    """Store a rendered copy with what it holds, replacing the earlier copy of the same kind
    (whose file is deleted). `rendered_since` (a time.time()) is when this rendering started:
    files of the same kind from before then that no record points to (a worker killed between
    storing its file and its record) are removed too."""
    path = save_private_file(
        agenda_path(meeting=meeting, audience=audience, care_organisation_id=care_organisation_id),
        document,
    )
    with transaction.atomic():
        earlier = list(
            AgendaCopy.objects.select_for_update().filter(
                meeting=meeting, audience=audience, care_organisation_id=care_organisation_id
            )
        )
        copy = AgendaCopy.objects.create(
            meeting=meeting,
            audience=audience,
            care_organisation_id=care_organisation_id,
            path=path,
            move_reasons=move_reasons,
            generated_at=timezone.now(),
            data_fingerprint=data_fingerprint,
        )
        copy.care_candidates.set(care_candidate_ids)
        AgendaCopy.objects.filter(pk__in=[c.pk for c in earlier]).delete()
        _delete_files([c.path for c in earlier])
    if rendered_since is not None:
        _delete_orphans(copy, rendered_since)
    return copy


def _delete_orphans(copy: AgendaCopy, rendered_since: float) -> None:
    """Files of `copy`'s kind that no AgendaCopy points to and that were written before this
    rendering started. A rendering still under way writes its file later, so it is left alone."""
    storage = private_storage()
    directory = os.path.dirname(copy.path)
    variant = f"-org{copy.care_organisation_id}" if copy.care_organisation_id else ""
    same_kind = re.compile(
        rf"^{copy.meeting_id}-{re.escape(copy.audience)}{variant}-[0-9a-f]{{12}}\.pdf$"
    )
    try:
        _, names = storage.listdir(directory)
    except FileNotFoundError:
        return
    candidates = [f"{directory}/{name}" for name in names if same_kind.match(name)]
    referenced = set(AgendaCopy.objects.filter(path__in=candidates).values_list("path", flat=True))
    _delete_files(
        [
            path
            for path in candidates
            if path not in referenced and os.path.getmtime(storage.path(path)) < rendered_since
        ]
    )


def _render(
    meeting: IntakeMeeting, audience: Audience, care_organisation_id: int | None = None
) -> dict:
    """Render one copy; the keyword arguments of `agenda_copy_store`, with what it holds."""
    rendered_since = time.time()
    with override(settings.LANGUAGE_CODE):
        document, context = agenda_render(
            meeting=meeting, audience=audience, care_organisation_id=care_organisation_id
        )
    agenda = context["agenda"]
    return {
        "meeting": meeting,
        "audience": audience,
        "document": document,
        "care_candidate_ids": {row.candidate_id for row in agenda.characteristics if row.care},
        "move_reasons": any(move.reason for move in agenda.moves),
        "care_organisation_id": care_organisation_id,
        "rendered_since": rendered_since,
    }


def agenda_waiting(*, meeting: IntakeMeeting) -> bool:
    """Whether the agenda was asked for but its generation has not reached the broker yet
    (broker down): the page says it waits, the outbox's sweeper hands it over again."""
    return meeting.agenda_status == AgendaStatus.QUEUED and job_waiting(
        key=agenda_job_key(meeting=meeting)
    )


def _set_status(meeting: IntakeMeeting, status: str, **fields) -> None:
    IntakeMeeting.objects.filter(pk=meeting.pk).update(agenda_status=status, **fields)
    meeting.agenda_status = status
    for name, value in fields.items():
        setattr(meeting, name, value)


def agenda_generate(*, meeting: IntakeMeeting) -> list[str]:
    """Render both copies of the agenda and store them, replacing earlier ones. Returns the stored
    paths (professional first), or [] when rendering failed: the status is then FAILED and the
    error logged; the copies stored before, if any, stay available. The copies made for one
    care organisation's begeleiders are deleted: they are rendered again when asked for.

    Status: RUNNING while rendering, then DONE or FAILED. Not one transaction: rendering takes
    seconds and must not hold a database transaction (or row locks) open; every step is a single
    UPDATE, so running it twice (a redelivered task, a double click) simply renders again and
    leaves one copy per audience.
    """
    meeting = IntakeMeeting.objects.select_related("community").get(pk=meeting.pk)
    _set_status(meeting, AgendaStatus.RUNNING)
    try:
        # Taken before rendering: a change made while rendering marks the copy out of date.
        fingerprint = _current_fingerprint(meeting)
        rendered = [_render(meeting, audience) for audience in AUDIENCES]
        copies = [agenda_copy_store(**copy, data_fingerprint=fingerprint) for copy in rendered]
    except Exception:
        logger.exception("IMO agenda of meeting %s could not be generated", meeting.pk)
        _set_status(meeting, AgendaStatus.FAILED)
        return []
    agenda_copies_delete(
        AgendaCopy.objects.filter(meeting=meeting, care_organisation__isnull=False)
    )
    paths = [copy.path for copy in copies]
    _set_status(
        meeting, AgendaStatus.DONE, agenda_file=paths[0], agenda_generated_at=timezone.now()
    )
    return paths


def agenda_copy_generate(*, meeting: IntakeMeeting, care_organisation_id: int) -> AgendaCopy | None:
    """Render the professional copy for one care organisation's begeleiders: care details of
    its own consenting candidates, no reasons for moving out. None when rendering failed."""
    meeting = IntakeMeeting.objects.select_related("community").get(pk=meeting.pk)
    try:
        return agenda_copy_store(**_render(meeting, "professional", care_organisation_id))
    except Exception:
        logger.exception("IMO agenda copy of meeting %s could not be generated", meeting.pk)
        return None


def agenda_copies_delete(copies) -> int:
    """Delete stored copies, rows and files."""
    copies = list(copies)
    AgendaCopy.objects.filter(pk__in=[c.pk for c in copies]).delete()
    _delete_files([c.path for c in copies])
    return len(copies)


def agenda_copies_outdate(*, candidate) -> list[IntakeMeeting]:
    """`candidate`'s consent was withdrawn or their care details changed: delete every stored
    copy that holds their care details. Returns the meetings concerned, whose agenda the caller
    has made again (`agenda_request_regeneration`)."""
    copies = list(AgendaCopy.objects.filter(care_candidates=candidate))
    if not copies:
        return []
    meeting_ids = {copy.meeting_id for copy in copies}
    agenda_copies_delete(copies)
    return list(IntakeMeeting.objects.filter(pk__in=meeting_ids).select_related("community"))


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
    e-mails recorded; they are sent after the transaction commits."""
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

    # One mail per attendee, each sent by its own task with retries: a bad address or a mail
    # server hiccup does not stop the others, and what keeps failing is listed for the
    # functioneel beheerder (outbox).
    mail_enqueue(
        messages=[Message(to=address, subject=subject, body=body) for address, body in messages],
        purpose="imo.agenda",
    )
    return len(messages)


def agenda_job_key(*, meeting: IntakeMeeting) -> str:
    """What the outbox calls the work on this meeting's agenda (to show it is waiting)."""
    return f"imo.agenda:{meeting.pk}"


def agenda_request_regeneration(*, meeting: IntakeMeeting) -> None:
    """Mark the agenda QUEUED and record its generation in the same transaction; the outbox
    hands it to Celery after the commit, or later when the broker is down (the "regenerate"
    button on the meeting page). The task itself is safe to run twice."""
    _set_status(meeting, AgendaStatus.QUEUED)
    job_enqueue(
        task="imo.tasks.agenda_generate",
        kwargs={"meeting_id": meeting.pk},
        key=agenda_job_key(meeting=meeting),
    )


def agenda_request_copy(*, meeting: IntakeMeeting, care_organisation_id: int | None) -> None:
    """A viewer found no stored copy they may have (issue 9): record the rendering of theirs
    with the request (the full copy again for the coach and the sociaal beheerder); the outbox
    hands it to Celery after the commit."""
    if care_organisation_id is None:
        agenda_request_regeneration(meeting=meeting)
        return
    job_enqueue(
        task="imo.tasks.agenda_generate_copy",
        kwargs={"meeting_id": meeting.pk, "care_organisation_id": care_organisation_id},
        key=f"{agenda_job_key(meeting=meeting)}:care:{care_organisation_id}",
    )


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
