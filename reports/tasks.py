"""Celery tasks of the annual report: thin, fetch by id, call a service.

`report_generate` runs on the `pdf` queue (CELERY_TASK_ROUTES), with late acknowledgement and
reject-on-worker-lost: a worker killed halfway leaves the task on the queue for the next
worker, which is safe because generation is idempotent (reports.services). Failures are retried
a bounded number of times with a growing wait, then recorded as failed with the reason.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from communities.models import Community
from governance.constants import BodyLevel
from governance.models import GovernanceBody
from reports import services
from reports.constants import BUSY, MAX_RETRIES, RETRY_BASE_DELAY, TASK_NAME

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    name=TASK_NAME,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
)
def report_generate(self, request_id: int) -> int | None:
    """Make the version one request asks for; returns the version's number."""
    retries = self.request.retries
    while True:
        try:
            request = services.report_generate(request_id=request_id)
        except Exception as error:
            attempt = retries + 1
            logger.warning("annual report request %s: attempt %s failed", request_id, attempt)
            if retries < MAX_RETRIES:
                delay = services.retry_delay(retries=retries, base=RETRY_BASE_DELAY)
                services.report_retry_later(
                    request_id=request_id, attempt=attempt, delay=delay, error=error
                )
                if self.request.is_eager:
                    # No broker (the embedded default): the next attempt now, in this process.
                    retries += 1
                    continue
                raise self.retry(exc=error, countdown=delay) from error
            logger.exception("annual report request %s failed for good", request_id)
            services.report_fail(request_id=request_id, attempts=attempt, error=error)
            return None
        return request.version.number if request is not None and request.version else None


@shared_task(name="reports.tasks.annual_reports_january")
def annual_reports_january() -> int:
    """Beat, in January: last year's report for every community and every stuurgroep, one
    request (and one task) each. Safe to run twice: a report with a request still waiting or
    rendering is skipped, and a second rendering of the same content stores nothing."""
    year = timezone.localdate().year - 1
    queued = 0
    scopes = [{"community": c} for c in Community.objects.order_by("pk")]
    scopes += [
        {"body": b}
        for b in GovernanceBody.objects.filter(level=BodyLevel.STUURGROEP).order_by("pk")
    ]
    for scope in scopes:
        report = services.report_get_or_create(year=year, **scope)
        if report.requests.filter(status__in=BUSY).exists():
            continue
        services.report_request(report=report, by=None)
        queued += 1
    return queued
