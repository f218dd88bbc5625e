"""The phase of a community: development, then year 1, 2, 3 and later from the day the residents
moved in; the pilot light (waakvlam) only as a recorded decision after year 3, never from 100
units."""

from __future__ import annotations

import datetime

from communities.constants import PILOT_LIGHT_MAX_UNITS, Phase


def whole_years_between(start: datetime.date, day: datetime.date) -> int:
    return day.year - start.year - ((day.month, day.day) < (start.month, start.day))


def phase_on(
    *,
    residents_moved_in_on: datetime.date | None,
    day: datetime.date,
    pilot_light_active: bool = False,
) -> Phase:
    if residents_moved_in_on is None or day < residents_moved_in_on:
        return Phase.DEVELOPMENT
    years = whole_years_between(residents_moved_in_on, day)
    if years == 0:
        return Phase.YEAR_1
    if years == 1:
        return Phase.YEAR_2
    if years == 2:
        return Phase.YEAR_3
    return Phase.PILOT_LIGHT if pilot_light_active else Phase.LATER


def pilot_light_allowed(*, unit_count: int, phase: Phase) -> bool:
    """The pilot light may be switched on only after year 3 and only below 100 units."""
    return unit_count <= PILOT_LIGHT_MAX_UNITS and phase in (Phase.LATER, Phase.PILOT_LIGHT)
