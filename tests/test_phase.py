import datetime

import pytest

from communities.constants import Phase
from communities.phase import phase_on, pilot_light_allowed

D = datetime.date
MOVED_IN = D(2022, 3, 15)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2022, 3, 14), Phase.DEVELOPMENT),
        (D(2022, 3, 15), Phase.YEAR_1),
        (D(2023, 3, 14), Phase.YEAR_1),
        (D(2023, 3, 15), Phase.YEAR_2),
        (D(2024, 3, 15), Phase.YEAR_3),
        (D(2025, 3, 14), Phase.YEAR_3),
        (D(2025, 3, 15), Phase.LATER),
        (D(2030, 1, 1), Phase.LATER),
    ],
)
def test_phase_by_years_since_moving_in(day, expected):
    assert phase_on(residents_moved_in_on=MOVED_IN, day=day) == expected


def test_no_move_in_date_is_development():
    assert phase_on(residents_moved_in_on=None, day=D(2030, 1, 1)) == Phase.DEVELOPMENT


def test_pilot_light_only_after_year_three():
    assert phase_on(
        residents_moved_in_on=MOVED_IN, day=D(2025, 3, 15), pilot_light_active=True
    ) == (Phase.PILOT_LIGHT)
    # A decision cannot put a community in year 2 into pilot light.
    assert phase_on(residents_moved_in_on=MOVED_IN, day=D(2023, 6, 1), pilot_light_active=True) == (
        Phase.YEAR_2
    )


def test_leap_day_move_in():
    assert phase_on(residents_moved_in_on=D(2024, 2, 29), day=D(2025, 2, 28)) == Phase.YEAR_1
    assert phase_on(residents_moved_in_on=D(2024, 2, 29), day=D(2025, 3, 1)) == Phase.YEAR_2


@pytest.mark.parametrize(
    ("units", "phase", "allowed"),
    [
        (99, Phase.LATER, True),
        (100, Phase.LATER, False),
        (140, Phase.LATER, False),
        (48, Phase.YEAR_3, False),
        (48, Phase.YEAR_1, False),
        (48, Phase.DEVELOPMENT, False),
    ],
)
def test_pilot_light_allowed(units, phase, allowed):
    assert pilot_light_allowed(unit_count=units, phase=phase) is allowed
