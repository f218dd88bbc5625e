"""Writes of the annual report: the draft text, a request for a new version, and the
generation itself (called by the task and the operator command, never in a web request).

Generation is idempotent and locked:
- the report's row is locked (`select_for_update`) for the whole rendering, so a second request
  for the same report waits until the first is done (on PostgreSQL; a killed worker's
  connection closes and the lock goes with it);
- the content hash (reports.pdf) decides: the same content gives the existing version back, a
  change gives a new version; the file is named after the hash, so a rendering run twice (a
  redelivered task after a killed worker) writes the same file once.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.constants import Action
from communities.models import Community
from gemengdwonen.storage import save_private_file
from governance.models import GovernanceBody
from outbox.services import job_enqueue
from reports.constants import BUSY, MAX_RETRIES, TASK_NAME, RequestStatus
from reports.content import report_content
from reports.models import TEXT_MAX_LENGTH, AnnualReport, ReportDraft, ReportRequest, ReportVersion
from reports.pdf import report_html, report_pdf

logger = logging.getLogger(__name__)


def report_get_or_create(
    *, year: int, community: Community | None = None, body: GovernanceBody | None = None
) -> AnnualReport:
    """The report of `community` (or stuurgroep `body`) for `year`; safe when two people ask at
    once (the unique constraint decides, the loser reads the winner's row)."""
    if (community is None) == (body is None):
        raise ValueError("a report is for one community or one stuurgroep")
    lookup = {"community": community} if community else {"body": body}
    report = AnnualReport.objects.filter(year=year, **lookup).first()
    if report is not None:
        return report
    try:
        with transaction.atomic():
            return AnnualReport.objects.create(year=year, **lookup)
    except IntegrityError:
        return AnnualReport.objects.get(year=year, **lookup)


def report_draft_save(*, report: AnnualReport, foreword: str, conclusions: str, by) -> ReportDraft:
    """Save the foreword and conclusions as a draft (the next version is made with them)."""
    foreword, conclusions = foreword.strip(), conclusions.strip()
    for label, text in ((_("Het voorwoord"), foreword), (_("De conclusies"), conclusions)):
        if len(text) > TEXT_MAX_LENGTH:
            raise ValidationError(
                _("%(label)s mag hoogstens %(n)s tekens lang zijn.")
                % {"label": label, "n": TEXT_MAX_LENGTH}
            )
    draft, _created = ReportDraft.objects.update_or_create(
        report=report,
        defaults={"foreword": foreword, "conclusions": conclusions, "updated_by": by},
    )
    audit.record_write(
        actor=by, obj=report, community=report.community, detail="concepttekst jaarverslag"
    )
    return draft


def report_draft(*, report: AnnualReport) -> ReportDraft | None:
    return ReportDraft.objects.filter(report=report).first()


def report_request(*, report: AnnualReport, by) -> ReportRequest:
    """Ask for a version of `report` (the button, the January run with `by=None`): recorded
    now, rendered by a task after the commit. A request still waiting in the queue is joined
    instead of queuing a second one; one already rendering is followed by a new request (the
    text may have changed meanwhile), which waits for it and stores nothing when the content
    turned out the same."""
    waiting = report.requests.filter(status=RequestStatus.QUEUED, started_at__isnull=True).first()
    if waiting is not None:
        return waiting
    request = ReportRequest.objects.create(report=report, requested_by=by)
    if by is not None:
        audit.record_write(
            actor=by,
            obj=report,
            community=report.community,
            action=Action.CREATE,
            detail="jaarverslag aangevraagd",
        )
    report_dispatch(request=request)
    return request


def report_dispatch(*, request: ReportRequest) -> None:
    """Record the job with the request, in the caller's transaction; the outbox hands it to
    Celery after the commit (queue `pdf`), and its sweeper again when the broker was down."""
    job_enqueue(
        task=TASK_NAME, kwargs={"request_id": request.pk}, key=f"reports.request:{request.pk}"
    )


def _requests(request_id: int):
    return ReportRequest.objects.filter(pk=request_id)


def report_generate(*, request_id: int, today: datetime.date | None = None) -> ReportRequest | None:
    """Make the version that `request_id` asks for. Returns the request (DONE, with its
    version), or None when the request no longer exists. A request already done or failed is
    left alone (a redelivered task). Errors propagate: the task retries or records them."""
    request = ReportRequest.objects.select_related("report").filter(pk=request_id).first()
    if request is None or request.status in (RequestStatus.DONE, RequestStatus.FAILED):
        return request
    # Visible at once to the page that polls (its own statement, outside the lock below).
    _requests(request_id).update(
        status=RequestStatus.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    today = today or timezone.localdate()
    with transaction.atomic():
        # The lock: a second request for this report waits here until the first commits.
        report = (
            AnnualReport.objects.select_for_update(of=("self",))
            .select_related("community", "body")
            .get(pk=request.report_id)
        )
        draft = report_draft(report=report)
        foreword = draft.foreword if draft else ""
        conclusions = draft.conclusions if draft else ""
        content = report_content(
            year=report.year,
            today=today,
            community=report.community,
            body=report.body,
            foreword=foreword,
            conclusions=conclusions,
        )
        rendered = report_html(content)
        version = report.versions.filter(content_hash=rendered.content_hash).first()
        created = version is None
        if created:
            document, pages = report_pdf(rendered)
            path = f"reports/{report.key}/{rendered.content_hash[:24]}.pdf"
            save_private_file(path, document)
            number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
            version = ReportVersion.objects.create(
                report=report,
                number=number,
                file=path,
                content_hash=rendered.content_hash,
                requested_by=request.requested_by,
                foreword=foreword,
                conclusions=conclusions,
                pages=pages,
                size=len(document),
            )
        _requests(request_id).update(
            status=RequestStatus.DONE,
            reason="",
            finished_at=timezone.now(),
            version=version,
            new_version=created,
        )
    request.refresh_from_db()
    return request


def report_retry_later(*, request_id: int, attempt: int, delay: int, error: BaseException) -> None:
    """A failed attempt with retries left: back in the queue, with what happened."""
    _requests(request_id).update(
        status=RequestStatus.QUEUED,
        reason=_(
            "Poging %(n)s lukte niet (%(error)s); over %(s)s seconden volgt een nieuwe poging."
        )
        % {"n": attempt, "error": _error_text(error), "s": delay},
    )


def report_fail(*, request_id: int, attempts: int, error: BaseException) -> None:
    """No retries left: FAILED with a reason a reader understands."""
    _requests(request_id).filter(status__in=BUSY).update(
        status=RequestStatus.FAILED,
        finished_at=timezone.now(),
        reason=_(
            "Het jaarverslag kon na %(n)s pogingen niet worden gemaakt (%(error)s). Probeer het "
            "later opnieuw; lukt het weer niet, meld het dan bij de functioneel beheerder."
        )
        % {"n": attempts, "error": _error_text(error)},
    )


def _error_text(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}".strip().rstrip(":")
    return text if len(text) <= 160 else f"{text[:160]}…"


def retry_delay(*, retries: int, base: int) -> int:
    """Seconds before the next attempt: base, then doubled per attempt already retried."""
    return base * 2**retries


__all__ = [
    "MAX_RETRIES",
    "TASK_NAME",
    "report_dispatch",
    "report_draft_save",
    "report_fail",
    "report_generate",
    "report_get_or_create",
    "report_request",
    "report_retry_later",
    "retry_delay",
]
