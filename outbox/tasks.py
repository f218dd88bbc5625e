"""Celery tasks of the outbox: the sweeper (beat) and sending one mail. Both are safe to run
twice: the sweeper only hands over what still waits, and a mail is sent only while it waits
(the row is locked while sending)."""

from celery import shared_task

from outbox import services


@shared_task(name="outbox.tasks.outbox_sweep")
def outbox_sweep() -> dict[str, int]:
    """Every few minutes (CELERY_BEAT_SCHEDULE "outbox-sweep"): hand over again what waits."""
    result = services.outbox_sweep()
    return {
        "dispatched": result.dispatched,
        "still_waiting": result.still_waiting,
        "mails_requeued": result.mails_requeued,
        "removed": result.removed,
    }


@shared_task(name="outbox.tasks.mail_send", bind=True, max_retries=None)
def mail_send(self, mail_id: int) -> str:
    """Send one mail; on failure try again later with a growing delay, until the mail's own
    count of attempts (OUTBOX_MAIL_MAX_ATTEMPTS) says it failed."""
    outcome, attempts = services.mail_send(mail_id=mail_id)
    while outcome == services.MailOutcome.RETRY and self.request.is_eager:
        # No broker to schedule a later attempt on (the embedded default): try again at once;
        # the mail's own count of attempts still ends it.
        outcome, attempts = services.mail_send(mail_id=mail_id)
    if outcome == services.MailOutcome.RETRY:
        raise self.retry(countdown=services.mail_retry_delay(attempts=attempts))
    return outcome
