"""Writes of the outbox: record work in the caller's transaction, hand it to Celery after the
commit, send mail with bounded retries, and sweep up what waits too long.

The rule every caller follows (DESIGN.md §5, "intent first, dispatch after commit"):

    with transaction.atomic():
        thing = ...change...
        job_enqueue(task="app.tasks.thing_render", kwargs={"thing_id": thing.pk}, key=...)

The job row commits with the change or not at all. After the commit the job is handed to the
broker; when that fails (Redis down, a network hiccup) the request still succeeds, the job stays
"wacht" and `outbox_sweep` (beat, every few minutes) hands it over again. A job is handed over
at least once, so every task it names must be safe to run twice.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError

from outbox.constants import JobStatus, MailStatus
from outbox.models import Job, Mail

logger = logging.getLogger(__name__)

MAIL_TASK = "outbox.tasks.mail_send"

# Errors that mean "the broker cannot be reached": stop handing over the rest, the sweeper will.
BROKER_DOWN = (OperationalError, ConnectionError, OSError, TimeoutError)


def _error_text(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:1000]


# --- jobs ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JobSpec:
    task: str
    kwargs: dict
    key: str = ""


def job_enqueue(*, task: str, kwargs: dict, key: str = "") -> Job:
    """Record that `task` must run with `kwargs`, in the caller's transaction, and hand it to
    Celery once that transaction commits. `key` names what the job is about ("imo.agenda:12"),
    so a page can tell that the work on it is waiting. A job with the same task and key that is
    still waiting is reused: pressing a button twice while the broker is down queues one job."""
    return jobs_enqueue(specs=[JobSpec(task=task, kwargs=kwargs, key=key)])[0]


def jobs_enqueue(*, specs: Sequence[JobSpec]) -> list[Job]:
    """`job_enqueue` for several jobs with one hand-off after the commit (a mail to every
    attendee): when the broker is down, the request waits for one failed connection, not one
    per job."""
    jobs = []
    for spec in specs:
        existing = None
        if spec.key:
            existing = Job.objects.filter(
                task=spec.task, key=spec.key, status=JobStatus.WAITING
            ).first()
        jobs.append(
            existing or Job.objects.create(task=spec.task, kwargs=spec.kwargs, key=spec.key)
        )
    job_ids = [job.pk for job in jobs]
    # robust: a failure after the commit is logged, never turned into an error page.
    transaction.on_commit(lambda: jobs_dispatch(job_ids=job_ids), robust=True)
    return jobs


def jobs_dispatch(*, job_ids: Iterable[int]) -> int:
    """Hand waiting jobs to the broker; returns how many were accepted. Never raises: a job the
    broker did not accept stays WAITING with the error, and at the first sign that the broker is
    down the rest is left for the sweeper. Jobs already handed over are skipped."""
    from gemengdwonen.celery import app

    job_ids = list(job_ids)
    if not job_ids:
        return 0
    if app.conf.task_always_eager:
        return _jobs_run_eagerly(app, job_ids)
    accepted = 0
    try:
        # A connection of its own (not the app's pool): cheap for the few jobs of a request,
        # and it always follows the configured broker URL.
        with app.connection_for_write() as connection:
            for job_id in job_ids:
                with transaction.atomic():
                    # Locked while handing over: the sweeper and an after-commit hand-off never
                    # send the same job at the same moment.
                    job = (
                        Job.objects.select_for_update(skip_locked=True)
                        .filter(pk=job_id, status=JobStatus.WAITING)
                        .first()
                    )
                    if job is None:
                        continue
                    try:
                        _task(app, job.task).apply_async(kwargs=job.kwargs, connection=connection)
                    except Exception as error:
                        _job_attempt_failed(job, error)
                        if isinstance(error, BROKER_DOWN):
                            break
                        continue
                    Job.objects.filter(pk=job.pk).update(
                        status=JobStatus.QUEUED,
                        attempts=F("attempts") + 1,
                        last_attempt_at=timezone.now(),
                        dispatched_at=timezone.now(),
                        last_error="",
                    )
                    accepted += 1
    except Exception:  # the database itself failed: the jobs stay waiting
        logger.exception("outbox: hand-off of jobs %s interrupted", job_ids)
    return accepted


def _task(app, name: str):
    """The registered task called `name`. Task modules are discovered lazily (a web process
    may not have imported `app.tasks` yet): discover them once before giving up."""
    if name not in app.tasks:
        app.loader.import_default_modules()
    return app.tasks[name]


def _job_attempt_failed(job: Job, error: BaseException) -> None:
    logger.warning("outbox: job %s (%s) not handed over: %s", job.pk, job.task, error)
    Job.objects.filter(pk=job.pk).update(
        attempts=F("attempts") + 1, last_attempt_at=timezone.now(), last_error=_error_text(error)
    )


def _jobs_run_eagerly(app, job_ids: list[int]) -> int:
    """No broker (the embedded default): run each task in-process now. A failing task is its
    own business (it records its own status); it does not make the job wait again."""
    ran = 0
    for job in Job.objects.filter(pk__in=job_ids, status=JobStatus.WAITING).order_by("pk"):
        try:
            task = _task(app, job.task)
        except Exception as error:
            _job_attempt_failed(job, error)
            continue
        claimed = Job.objects.filter(pk=job.pk, status=JobStatus.WAITING).update(
            status=JobStatus.QUEUED,
            attempts=F("attempts") + 1,
            last_attempt_at=timezone.now(),
            dispatched_at=timezone.now(),
        )
        if not claimed:
            continue
        try:
            task.apply(kwargs=job.kwargs, throw=True)
        except Exception:
            logger.exception("outbox: job %s (%s) failed", job.pk, job.task)
        ran += 1
    return ran


# --- mail ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str


def mail_enqueue(*, messages: Iterable[Message], purpose: str = "") -> list[Mail]:
    """Record one mail per message (one recipient each) in the caller's transaction and send
    each through its own task after the commit: one bad address or a hiccup of the mail server
    does not stop the others, and a mail that keeps failing is listed with the reason."""
    mails = [
        Mail.objects.create(
            to=message.to, subject=message.subject[:300], body=message.body, purpose=purpose
        )
        for message in messages
        if message.to
    ]
    if mails:
        jobs_enqueue(
            specs=[
                JobSpec(task=MAIL_TASK, kwargs={"mail_id": mail.pk}, key=f"mail:{mail.pk}")
                for mail in mails
            ]
        )
    return mails


class MailOutcome:
    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    SKIPPED = "skipped"  # already sent or failed, or being sent by another worker


def mail_send(*, mail_id: int) -> tuple[str, int]:
    """Send one waiting mail. Returns the outcome and the number of attempts so far. After
    OUTBOX_MAIL_MAX_ATTEMPTS failed attempts the mail is FAILED, with the last error as reason.
    The text is cleared once sent: the outbox is no archive of what was said to whom."""
    with transaction.atomic():
        # Locked while sending: a sweeper hand-off and a retry never send the same mail twice.
        mail = (
            Mail.objects.select_for_update(skip_locked=True)
            .filter(pk=mail_id, status=MailStatus.WAITING)
            .first()
        )
        if mail is None:
            return MailOutcome.SKIPPED, 0
        mail.attempts += 1
        mail.last_attempt_at = timezone.now()
        try:
            EmailMessage(mail.subject, mail.body, None, [mail.to]).send(fail_silently=False)
        except Exception as error:
            logger.warning("outbox: mail %s attempt %s failed: %s", mail.pk, mail.attempts, error)
            mail.reason = _error_text(error)
            # A header with a line break or an unencodable address fails the same way every
            # time: listed at once instead of after every retry.
            permanent = isinstance(error, BadHeaderError | UnicodeError)
            if permanent or mail.attempts >= settings.OUTBOX_MAIL_MAX_ATTEMPTS:
                mail.status = MailStatus.FAILED
            mail.save(update_fields=["attempts", "last_attempt_at", "reason", "status"])
            outcome = MailOutcome.FAILED if mail.status == MailStatus.FAILED else MailOutcome.RETRY
            return outcome, mail.attempts
        mail.status = MailStatus.SENT
        mail.sent_at = mail.last_attempt_at
        mail.body = ""
        mail.reason = ""
        mail.save(
            update_fields=["attempts", "last_attempt_at", "status", "sent_at", "body", "reason"]
        )
        return MailOutcome.SENT, mail.attempts


def mail_retry_delay(*, attempts: int) -> int:
    """Seconds before the next attempt: OUTBOX_MAIL_RETRY_DELAY, doubled per failed attempt, at
    most OUTBOX_MAIL_RETRY_DELAY_MAX (which stays below the broker's visibility timeout)."""
    delay = settings.OUTBOX_MAIL_RETRY_DELAY * 2 ** max(attempts - 1, 0)
    return min(delay, settings.OUTBOX_MAIL_RETRY_DELAY_MAX)


def mails_resend(*, mail_ids: Iterable[int]) -> int:
    """Send failed mails again (the functioneel beheerder's action, after fixing an address or
    the mail server): they wait again with a fresh count of attempts."""
    with transaction.atomic():
        mails = list(Mail.objects.filter(pk__in=list(mail_ids), status=MailStatus.FAILED))
        if not mails:
            return 0
        Mail.objects.filter(pk__in=[m.pk for m in mails]).update(
            status=MailStatus.WAITING, attempts=0
        )
        jobs_enqueue(
            specs=[
                JobSpec(task=MAIL_TASK, kwargs={"mail_id": mail.pk}, key=f"mail:{mail.pk}")
                for mail in mails
            ]
        )
    return len(mails)


# --- the sweeper ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepResult:
    dispatched: int
    still_waiting: int
    mails_requeued: int
    removed: int


def outbox_sweep(*, now: datetime.datetime | None = None) -> SweepResult:
    """The beat's pick-up (CELERY_BEAT_SCHEDULE "outbox-sweep"):

    - jobs waiting longer than OUTBOX_RETRY_AFTER are handed to the broker again (younger ones
      may still be on their way from the request that recorded them);
    - a mail still waiting long after its last attempt (its retry was lost with the broker) gets
      a new job;
    - handed-over jobs and sent mails older than OUTBOX_KEEP_DAYS are removed; failed mails stay
      for OUTBOX_FAILED_MAIL_KEEP_DAYS, for the functioneel beheerder to resend or delete.
    """
    now = now or timezone.now()
    cutoff = now - settings.OUTBOX_RETRY_AFTER
    stale_mail = now - settings.OUTBOX_MAIL_STALE_AFTER
    mails = list(
        Mail.objects.filter(status=MailStatus.WAITING, last_attempt_at__lt=stale_mail)
        .exclude(pk__in=_waiting_mail_ids())
        .values_list("pk", flat=True)
    )
    if mails:
        with transaction.atomic():
            Job.objects.bulk_create(
                Job(task=MAIL_TASK, kwargs={"mail_id": pk}, key=f"mail:{pk}", created_at=cutoff)
                for pk in mails
            )
    due = Job.objects.filter(status=JobStatus.WAITING, created_at__lte=cutoff).filter(
        Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lte=cutoff)
    )
    dispatched = jobs_dispatch(
        job_ids=list(due.order_by("created_at").values_list("pk", flat=True))
    )
    keep = now - datetime.timedelta(days=settings.OUTBOX_KEEP_DAYS)
    removed = Job.objects.filter(status=JobStatus.QUEUED, dispatched_at__lt=keep).delete()[0]
    removed += Mail.objects.filter(status=MailStatus.SENT, sent_at__lt=keep).delete()[0]
    # A failed mail holds its text (names, links): kept for the beheerder to act on, not forever.
    keep_failed = now - datetime.timedelta(days=settings.OUTBOX_FAILED_MAIL_KEEP_DAYS)
    removed += Mail.objects.filter(
        status=MailStatus.FAILED, last_attempt_at__lt=keep_failed
    ).delete()[0]
    return SweepResult(
        dispatched=dispatched,
        still_waiting=Job.objects.filter(status=JobStatus.WAITING).count(),
        mails_requeued=len(mails),
        removed=removed,
    )


def _waiting_mail_ids() -> list[int]:
    return [
        kwargs.get("mail_id")
        for kwargs in Job.objects.filter(task=MAIL_TASK, status=JobStatus.WAITING).values_list(
            "kwargs", flat=True
        )
    ]
