"""The cadence rule (governance.cadence): required meetings by level and phase, and the status
op koers / aandacht / actie nodig. Plain functions, no database."""

import datetime

import pytest

from governance.cadence import cadence_status, months_left, required_meetings
from governance.constants import BodyLevel, CadenceStatus

D = datetime.date


@pytest.mark.parametrize(
    ("moved_in", "year", "expected"),
    [
        (None, 2026, 2),  # still in development
        (D(2025, 6, 1), 2026, 2),  # year 1 on 1 January
        (D(2023, 6, 1), 2026, 2),  # year 3 on 1 January 2026: year 3 ends in that year
        (D(2023, 1, 1), 2026, 1),  # year 3 ended on 31 December 2025
        (D(2020, 1, 1), 2026, 1),  # long after year 3
        (D(2027, 3, 1), 2026, 2),  # moving in next year: development now
    ],
)
def test_stuurgroep_meets_twice_a_year_until_the_end_of_year_three(moved_in, year, expected):
    required = required_meetings(level=BodyLevel.STUURGROEP, year=year, moved_in_dates=[moved_in])
    assert (required.minimum, required.maximum) == (expected, expected)


def test_a_stuurgroep_over_several_communities_follows_the_youngest():
    required = required_meetings(
        level=BodyLevel.STUURGROEP, year=2026, moved_in_dates=[D(2015, 1, 1), D(2025, 9, 1)]
    )
    assert required.minimum == 2


def test_kerngroep_and_communityteam_defaults():
    kern = required_meetings(level=BodyLevel.KERNGROEP, year=2026)
    team = required_meetings(level=BodyLevel.COMMUNITYTEAM, year=2026)
    assert (kern.minimum, kern.maximum, str(kern)) == (4, 6, "4–6")
    assert (team.minimum, team.maximum, str(team)) == (12, 12, "12")


def test_a_body_may_set_its_own_number():
    required = required_meetings(level=BodyLevel.KERNGROEP, year=2026, override_min=8)
    assert (required.minimum, required.maximum) == (8, 8)
    required = required_meetings(
        level=BodyLevel.STUURGROEP, year=2026, moved_in_dates=[None], override_min=3, override_max=4
    )
    assert (required.minimum, required.maximum) == (3, 4)


@pytest.mark.parametrize(
    ("year", "today", "expected"),
    [
        (2026, D(2026, 1, 15), 12),
        (2026, D(2026, 12, 2), 1),
        (2025, D(2026, 3, 1), 0),
        (2027, D(2026, 3, 1), 12),
    ],
)
def test_months_left_counts_the_current_month(year, today, expected):
    assert months_left(year=year, today=today) == expected


@pytest.mark.parametrize(
    ("required", "held", "planned", "months", "expected"),
    [
        (4, 2, 2, 3, CadenceStatus.ON_COURSE),  # held + planned meets it
        (4, 4, 0, 0, CadenceStatus.ON_COURSE),
        (4, 1, 1, 2, CadenceStatus.ATTENTION),  # two missing, two months left
        (4, 1, 0, 2, CadenceStatus.ACTION),  # three missing, two months left
        (12, 11, 0, 1, CadenceStatus.ATTENTION),
        (2, 0, 0, 0, CadenceStatus.ACTION),  # a past year that was not met
    ],
)
def test_cadence_status_rule(required, held, planned, months, expected):
    assert (
        cadence_status(required=required, held=held, planned=planned, months_remaining=months)
        == expected
    )
