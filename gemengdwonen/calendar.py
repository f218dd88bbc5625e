"""The calendar feed: every meeting a user may attend, as iCalendar (RFC 5545) written with the
`icalendar` package.

Apps plug their meetings in without the project package (or each other) importing them: each
registers an event source from its AppConfig.ready() with `register_event_source`. A source is
`source(user, since) -> iterable of CalendarEvent` and decides itself which meetings the user may
attend. Events carry body, time, place and a link only: no minutes, no names (a calendar app
stores and syncs them outside our control).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone

PRODID = "-//Gemengd Wonen//Vergaderingen//NL"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable across feeds: "<kind>-<pk>@gemengdwonen"
    title: str  # the body or meeting kind and location, never a person
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    place: str
    url: str  # absolute link to the meeting page (asks for a login)


EventSource = Callable[[object, datetime.datetime], Iterable[CalendarEvent]]
_SOURCES: list[EventSource] = []

DEFAULT_DURATION = datetime.timedelta(hours=2)
HISTORY = datetime.timedelta(days=90)


def register_event_source(source: EventSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def events_for(user, *, now: datetime.datetime | None = None) -> list[CalendarEvent]:
    """Every registered source's events for `user`, from 90 days back, ordered by start."""
    since = (now or timezone.now()) - HISTORY
    events = [event for source in _SOURCES for event in source(user, since)]
    return sorted(events, key=lambda e: (e.starts_at, e.uid))


def feed_ics(events: Iterable[CalendarEvent], *, name: str) -> bytes:
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", item.title)
        event.add("dtstart", item.starts_at)
        event.add("dtend", item.ends_at or item.starts_at + DEFAULT_DURATION)
        if item.place:
            event.add("location", item.place)
        if item.url:
            event.add("url", item.url)
        calendar.add_component(event)
    return calendar.to_ical()
