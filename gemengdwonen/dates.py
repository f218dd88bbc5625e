"""Calendar arithmetic shared by every app: one place to shift a date by whole months.

A day that does not exist in the target month becomes that month's last day (31-01 + 1 month =
28-02, or 29-02 in a leap year), which is what dateutil's relativedelta does. Periods themselves
are half-open [start, end) and live in `communities.mix.is_active` (decision 0002).
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus `months` calendar months (negative: earlier), clipped to a shorter month."""
    return day + relativedelta(months=months)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier, clipped to the end of a shorter month."""
    return add_months(day, -months)
