"""IMO meetings in the calendar feed (gemengdwonen.calendar): those the user is an attendee of.
Registered from ImoConfig.ready(): the project package never imports imo."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from gemengdwonen.calendar import CalendarEvent
from imo.models import IntakeMeeting


def imo_events(user, since: datetime.datetime) -> list[CalendarEvent]:
    site = (getattr(settings, "SITE_URL", "") or "http://localhost:8000").rstrip("/")
    meetings = (
        IntakeMeeting.objects.filter(attendees__user=user, starts_at__gte=since)
        .select_related("community")
        .distinct()
    )
    return [
        CalendarEvent(
            uid=f"imo-meeting-{m.pk}@gemengdwonen",
            title=_("IMO %(community)s") % {"community": m.community.name},
            starts_at=m.starts_at,
            ends_at=None,
            place=m.place,
            url=site + reverse("imo_meeting", args=[m.community.slug, m.pk]),
        )
        for m in meetings
    ]
