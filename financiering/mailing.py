"""The monthly horizon e-mail to a community's kerngroep: the horizon and the warnings.

Idempotent per community and month: a HorizonMailing row (unique per community and month) is
the intent, claimed with a compare-and-set from "pending"; a second run finds it sent or
skipped and does nothing. Skipped, with the reason stored, when there is nothing to warn about
or nobody to send to (the kerngroep is not in the platform until governance lands)."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community
from financiering import governance_link, selectors
from financiering.constants import MailingStatus
from financiering.models import HorizonMailing
from outbox.services import Message, mail_enqueue

logger = logging.getLogger(__name__)


def _mailing_for(community: Community, month: datetime.date) -> HorizonMailing:
    try:
        with transaction.atomic():
            return HorizonMailing.objects.get_or_create(community=community, month=month)[0]
    except IntegrityError:  # created by a concurrent run between the get and the create
        return HorizonMailing.objects.get(community=community, month=month)


def horizon_mail_send(*, community: Community, today: datetime.date) -> HorizonMailing:
    month = today.replace(day=1)
    mailing = _mailing_for(community, month)
    if mailing.status != MailingStatus.PENDING:
        return mailing
    status = selectors.funding_status(community=community, today=today)
    recipients = governance_link.kerngroep_recipients(community=community)
    emails = list(recipients.emails)
    if not status.warnings:
        reason = _("Geen waarschuwingen deze maand.")
    elif not emails:
        reason = recipients.reason or _("Geen ontvangers met een e-mailadres.")
    else:
        reason = ""
    if reason:
        HorizonMailing.objects.filter(pk=mailing.pk, status=MailingStatus.PENDING).update(
            status=MailingStatus.SKIPPED, reason=reason[:300]
        )
        mailing.refresh_from_db()
        return mailing
    with transaction.atomic():
        # Claim the month with its mails: a concurrent run that loses the claim records nothing.
        claimed = HorizonMailing.objects.filter(pk=mailing.pk, status=MailingStatus.PENDING).update(
            status=MailingStatus.SENT, recipients=len(emails), sent_at=timezone.now()
        )
        if claimed:
            _mails_record(community=community, status=status, month=month, emails=emails)
    mailing.refresh_from_db()
    return mailing


def _mails_record(*, community: Community, status, month: datetime.date, emails) -> None:
    """One mail per address in the outbox: sent after the commit, retried, and listed for the
    functioneel beheerder when it keeps failing."""
    link = settings.SITE_URL.rstrip("/") + reverse("funding_overview", args=[community.slug])
    body = render_to_string(
        "financiering/horizon_mail.txt",
        {"community": community, "status": status, "link": link, "month": month},
    )
    subject = _("Financiering %(community)s: %(n)s aandachtspunt(en)") % {
        "community": community.name,
        "n": len(status.warnings),
    }
    mail_enqueue(
        messages=[Message(to=email, subject=subject, body=body) for email in emails],
        purpose="financiering.horizon",
    )
