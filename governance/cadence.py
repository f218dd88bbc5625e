"""How often a body must meet, and whether its year is on course: plain functions over plain
values, tested without a database.

Required meetings per calendar year (DESIGN.md §3 "Governance cadence"; issue 11), editable per
body (`GovernanceBody.meetings_min_override` / `meetings_max_override`):

- stuurgroep: twice a year until the end of year 3 of the community, then once a year.
  *(decision)* A year counts as "early" when, on 1 January of that year, any community the
  stuurgroep covers is in its development phase or in year 1, 2 or 3 (`communities.phase`):
  the year in which year 3 ends still asks for two meetings. A pilot light or "na jaar 3" on
  1 January asks for one.
- kerngroep: 4 to 6 a year (the minimum is what is required; above 6 is allowed, not a warning).
- communityteam: 12 a year (monthly).
- ALV of the woonvereniging: once a year (the seed: half-yearly or yearly).

Status of a body's year, the value the monitor reads (`cadence_status`):

- **op koers**: held + planned (still to come this year) ≥ required;
- **aandacht**: fewer than required at the current plan, but the shortfall still fits in the
  remaining months of the year at one extra meeting a month (the current month counts);
- **actie nodig**: the shortfall no longer fits: the year cannot be met any more.

Only "op koers" means no warning; the other two show "the year can no longer be met at the
current plan" with how many meetings are missing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from communities.constants import Phase
from communities.phase import phase_on
from governance.constants import BodyLevel, CadenceStatus

EARLY_PHASES = frozenset({Phase.DEVELOPMENT, Phase.YEAR_1, Phase.YEAR_2, Phase.YEAR_3})

DEFAULT_RANGE = {
    BodyLevel.KERNGROEP: (4, 6),
    BodyLevel.COMMUNITYTEAM: (12, 12),
    BodyLevel.ALV: (1, 2),
}


@dataclass(frozen=True)
class Required:
    minimum: int
    maximum: int

    def __str__(self):
        if self.minimum == self.maximum:
            return str(self.minimum)
        return f"{self.minimum}–{self.maximum}"


def required_meetings(
    *,
    level: str,
    year: int,
    moved_in_dates: Iterable[datetime.date | None] = (),
    override_min: int | None = None,
    override_max: int | None = None,
) -> Required:
    """Meetings a body of `level` must hold in `year`. `moved_in_dates` are the
    `residents_moved_in_on` of the communities it covers (None: still in development); only the
    stuurgroep's number depends on them."""
    if level == BodyLevel.STUURGROEP:
        january_first = datetime.date(year, 1, 1)
        early = any(
            phase_on(residents_moved_in_on=moved_in, day=january_first) in EARLY_PHASES
            for moved_in in moved_in_dates
        )
        minimum = maximum = 2 if early else 1
    else:
        minimum, maximum = DEFAULT_RANGE[level]
    if override_min is not None:
        minimum = override_min
        maximum = max(maximum, minimum)
    if override_max is not None:
        maximum = max(override_max, minimum)
    return Required(minimum, maximum)


def months_left(*, year: int, today: datetime.date) -> int:
    """Months of `year` still open on `today`, the current month included: 12 for a future
    year, 0 for a past one."""
    if year > today.year:
        return 12
    if year < today.year:
        return 0
    return 12 - today.month + 1


def cadence_status(
    *, required: int, held: int, planned: int, months_remaining: int
) -> CadenceStatus:
    """The rule in the module docstring."""
    shortfall = required - held - planned
    if shortfall <= 0:
        return CadenceStatus.ON_COURSE
    if shortfall <= months_remaining:
        return CadenceStatus.ATTENTION
    return CadenceStatus.ACTION


@dataclass(frozen=True)
class CadenceYear:
    """One body's year: what the body page, the cadence warning and the monitor show."""

    year: int
    required: Required
    held: int
    planned: int
    status: CadenceStatus

    @property
    def missing(self) -> int:
        return max(0, self.required.minimum - self.held - self.planned)

    @property
    def warning(self) -> bool:
        return self.status != CadenceStatus.ON_COURSE
