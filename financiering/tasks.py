"""Celery tasks of funding: thin, fetch by id and call a service; safe to run twice."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from communities.models import Community
from financiering import mailing


@shared_task(name="financiering.tasks.horizon_mail")
def horizon_mail(community_id: int, today: str | None = None) -> str:
    community = Community.objects.filter(pk=community_id).first()
    if community is None:
        return "gone"
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return mailing.horizon_mail_send(community=community, today=day).status


@shared_task(name="financiering.tasks.horizon_mail_all")
def horizon_mail_all() -> int:
    """Monthly (CELERY_BEAT_SCHEDULE "financiering-horizon-mail"): one task per community."""
    today = timezone.localdate().isoformat()
    ids = list(Community.objects.values_list("pk", flat=True))
    for community_id in ids:
        horizon_mail.delay(community_id, today)
    return len(ids)
