"""Handovers to the woonvereniging's welcome committee, plugged in by the app that records them.

The IMO records handovers; the woonvereniging (in `governance`) shows them to its welcome
committee. Neither imports the other: the IMO registers a source here from ImoConfig.ready().
A source is `source(community, since) -> iterable of WelcomeHandover` and gives nothing but name,
unit and moving date (the welcome committee are future neighbours: no care details, no notes).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class WelcomeHandover:
    name: str
    unit: str
    moving_date: datetime.date | None


HandoverSource = Callable[[object, datetime.date], Iterable[WelcomeHandover]]
_SOURCES: list[HandoverSource] = []


def register_handover_source(source: HandoverSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def handovers_for(community, *, since: datetime.date) -> list[WelcomeHandover]:
    rows = [row for source in _SOURCES for row in source(community, since)]
    return sorted(rows, key=lambda r: (r.moving_date or datetime.date.max, r.name))
