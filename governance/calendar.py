"""Governance meetings in the calendar feed (gemengdwonen.calendar): the meetings of every body
the user is a member of. Registered from GovernanceConfig.ready()."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.urls import reverse

from gemengdwonen.calendar import CalendarEvent
from governance.models import CalendarFeedToken, Meeting


def _site_url() -> str:
    return (getattr(settings, "SITE_URL", "") or "http://localhost:8000").rstrip("/")


def governance_events(user, since: datetime.datetime) -> list[CalendarEvent]:
    meetings = (
        Meeting.objects.filter(body__members__user=user, starts_at__gte=since)
        .select_related("body")
        .distinct()
    )
    return [
        CalendarEvent(
            uid=f"governance-meeting-{m.pk}@gemengdwonen",
            title=m.body.name,
            starts_at=m.starts_at,
            ends_at=m.ends_at,
            place=m.place,
            url=_site_url() + reverse("governance_meeting", args=[m.body_id, m.pk]),
        )
        for m in meetings
    ]


def feed_token_for(*, user) -> CalendarFeedToken:
    token, _created = CalendarFeedToken.objects.get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return token


def feed_token_renew(*, user) -> CalendarFeedToken:
    """A new secret: the old feed URL stops working at once."""
    from django.utils import timezone

    token = feed_token_for(user=user)
    token.token = secrets.token_urlsafe(32)
    token.created_at = timezone.now()
    token.save(update_fields=["token", "created_at"])
    return token
