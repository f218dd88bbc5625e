"""The weekly reminder of open action items: one e-mail per person (by e-mail address, across
all their bodies), nothing when nothing is open, at most once per ISO week.

Intent first, dispatch after commit: `action_reminders_queue` records one ActionReminder row per
person and week (a unique constraint makes a second run, or a concurrent one, record nothing new)
and queues the sending after the transaction commits; `action_reminder_send` sends it once (a
compare-and-set on `sent_at`). Moving this onto a shared outbox later means replacing only the
queueing line.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from governance.models import ActionItem, ActionReminder
from outbox.services import Message, job_enqueue, mail_enqueue

logger = logging.getLogger(__name__)


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def open_items_by_email() -> dict[str, list[ActionItem]]:
    """Open action items grouped by the owner's e-mail address (lower case); owners without an
    address or with an inactive account are left out."""
    grouped: dict[str, list[ActionItem]] = defaultdict(list)
    for item in (
        ActionItem.objects.open().select_related("owner__user", "body").order_by("due_on", "pk")
    ):
        owner = item.owner
        if owner.user_id and not owner.user.is_active:
            continue
        email = (owner.contact_email or "").strip().lower()
        if email:
            grouped[email].append(item)
    return grouped


def action_reminders_queue(*, today: datetime.date | None = None) -> int:
    """Record this week's reminders, each with its sending in the outbox (handed to Celery
    after the commit). Returns how many were new."""
    today = today or timezone.localdate()
    week = week_start(today)
    created = 0
    for email, items in open_items_by_email().items():
        try:
            with transaction.atomic():
                reminder = ActionReminder.objects.create(
                    email=email, week_start=week, item_count=len(items)
                )
                job_enqueue(
                    task="governance.tasks.action_reminder_send",
                    kwargs={"reminder_id": reminder.pk},
                    key=f"governance.reminder:{reminder.pk}",
                )
        except IntegrityError:  # already recorded this week
            continue
        created += 1
    return created


def _site_url() -> str:
    return (getattr(settings, "SITE_URL", "") or "http://localhost:8000").rstrip("/")


@transaction.atomic
def action_reminder_send(*, reminder_id: int, today: datetime.date | None = None) -> bool:
    """Send one reminder, once: the mail is recorded in the outbox with the claim (sent, retried
    and, when it keeps failing, listed there). The list is read at sending time (what is open
    now); nothing is sent when nothing is open any more."""
    today = today or timezone.localdate()
    claimed = ActionReminder.objects.filter(pk=reminder_id, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    if not claimed:
        return False
    reminder = ActionReminder.objects.get(pk=reminder_id)
    items = open_items_by_email().get(reminder.email, [])
    if not items:
        return False
    with override(settings.LANGUAGE_CODE):
        lines = []
        for item in items:
            late = _(" (te laat)") if item.due_on < today else ""
            lines.append(
                f"- {item.body.name}: {item.title}, {_('uiterlijk')} {item.due_on:%d-%m-%Y}{late}"
            )
        overdue = sum(1 for item in items if item.due_on < today)
        subject = _("Uw open actiepunten (%(n)s, waarvan %(late)s te laat)") % {
            "n": len(items),
            "late": overdue,
        }
        body = _(
            "Goedemorgen,\n\nDit zijn uw open actiepunten in de overleggen van Gemengd Wonen:\n\n"
            "%(lines)s\n\nBekijk en werk ze bij na inloggen:\n%(url)s\n\n"
            "U krijgt dit overzicht één keer per week zolang u open actiepunten hebt."
        ) % {"lines": "\n".join(lines), "url": _site_url() + reverse("governance_home")}
    mail_enqueue(
        messages=[Message(to=reminder.email, subject=subject, body=body)],
        purpose="governance.actiepunten",
    )
    return True
