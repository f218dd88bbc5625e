"""The agenda and the minutes of a governance meeting as A4 PDF, through the project's one PDF
helper (`gemengdwonen.pdf`). Made by a Celery task (`governance.tasks.document_generate`), never
in a web request; stored privately; downloaded only by members of the body."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from audit.actors import system_actor
from gemengdwonen.pdf import render_to_pdf
from gemengdwonen.storage import private_storage, save_private_file
from governance import selectors
from governance.constants import PdfKind, PdfStatus
from governance.models import Meeting, MeetingDocument
from outbox.services import job_enqueue

PDF_TASK = system_actor("governance.document_generate")
TEMPLATES = {
    PdfKind.AGENDA: "governance/pdf/agenda.html",
    PdfKind.MINUTES: "governance/pdf/minutes.html",
}


def document_path(*, meeting: Meeting, kind: str) -> str:
    if kind not in PdfKind.values:
        raise ValueError(f"unknown document kind: {kind!r}")
    return f"governance/{meeting.body_id}/{meeting.pk}-{kind}.pdf"


def document_context(*, meeting: Meeting, kind: str) -> dict:
    title = {
        PdfKind.AGENDA: _("Agenda %(body)s"),
        PdfKind.MINUTES: _("Notulen %(body)s"),
    }[kind] % {"body": meeting.body.name}
    return {
        "title": title,
        "meeting": meeting,
        "starts_at": timezone.localtime(meeting.starts_at),
        "items": meeting.agenda_items.select_related("owner__user"),
        "attendance": selectors.attendance_summary(meeting=meeting),
        "minutes": selectors.current_minutes(meeting=meeting, viewer=PDF_TASK),
        "decisions": meeting.decisions.select_related("body", "action_line"),
        "actions": meeting.action_items.select_related("owner__user"),
        "generated_at": timezone.localtime(),
    }


def document_render(*, meeting: Meeting, kind: str) -> bytes:
    with override(settings.LANGUAGE_CODE):
        return render_to_pdf(TEMPLATES[kind], document_context(meeting=meeting, kind=kind))


def document_generate(*, meeting: Meeting, kind: str) -> str | None:
    """Render and store the document, replacing an earlier copy (one fixed path per meeting and
    kind, so running twice leaves one file). Returns the path, or None when rendering failed
    (status FAILED; an earlier copy stays available). Not one transaction: rendering takes
    seconds and must not hold row locks."""
    document, _created = MeetingDocument.objects.get_or_create(meeting=meeting, kind=kind)
    try:
        path = save_private_file(
            document_path(meeting=meeting, kind=kind), document_render(meeting=meeting, kind=kind)
        )
    except Exception:
        import logging

        logging.getLogger(__name__).exception(
            "Governance %s of meeting %s failed", kind, meeting.pk
        )
        MeetingDocument.objects.filter(pk=document.pk).update(status=PdfStatus.FAILED)
        return None
    MeetingDocument.objects.filter(pk=document.pk).update(
        status=PdfStatus.DONE, path=path, generated_at=timezone.now()
    )
    return path


def document_request(*, meeting: Meeting, kind: str) -> MeetingDocument:
    """Mark the document queued and record its generation in the outbox, in the caller's
    transaction: handed to Celery after the commit, or by the sweeper when the broker is down."""
    if kind not in PdfKind.values:
        raise ValueError(f"unknown document kind: {kind!r}")
    document, _created = MeetingDocument.objects.get_or_create(meeting=meeting, kind=kind)
    MeetingDocument.objects.filter(pk=document.pk).update(status=PdfStatus.QUEUED)
    job_enqueue(
        task="governance.tasks.document_generate",
        kwargs={"meeting_id": meeting.pk, "kind": kind},
        key=f"governance.document:{meeting.pk}:{kind}",
    )
    return document


def document_available(*, meeting: Meeting, kind: str) -> bool:
    document = MeetingDocument.objects.filter(meeting=meeting, kind=kind).first()
    return bool(document and document.path and private_storage().exists(document.path))
