"""Reads of the monitor: the scorecard of a community, the trends from the snapshots, the
dashboard grid. The trends read only snapshots, so they cost the same whatever the history."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from communities.models import Community
from monitor.access import MonitorViewer
from monitor.models import KpiSnapshot, NormOverride
from monitor.norms import NormInForce, norms_for
from monitor.scorecard import Scorecard, scorecard_build
from monitor.sources import community_facts_many, month_start, months_back
from monitor.survey import survey_results_many

TREND_MONTHS = 24


def monitor_norms_many(*, communities: list[Community]) -> dict[int, dict[str, NormInForce]]:
    """`monitor_norms` per community, in one query."""
    overrides: dict[int, list[NormOverride]] = defaultdict(list)
    for row in NormOverride.objects.filter(community__in=communities).select_related("recorded_by"):
        overrides[row.community_id].append(row)  # the model's order: newest first per norm
    return {c.pk: norms_for(community=c, overrides=overrides[c.pk]) for c in communities}


def monitor_norms(*, community: Community) -> dict[str, NormInForce]:
    return monitor_norms_many(communities=[community])[community.pk]


def norm_history(*, community: Community) -> list[NormOverride]:
    return list(
        NormOverride.objects.filter(community=community).select_related("recorded_by")[:100]
    )


def scorecards_for(
    *,
    communities: list[Community],
    on: datetime.date,
    viewers: dict[int, MonitorViewer] | None = None,
) -> dict[int, Scorecard]:
    """The live scorecard of every community on `on`, each as its viewer in `viewers` (by
    community id; missing or None: everything) may see it. A fixed number of queries, whatever
    the number of communities."""
    viewers = viewers or {}
    facts = community_facts_many(communities=communities, on=on)
    norms = monitor_norms_many(communities=communities)
    surveys = survey_results_many(communities=communities)
    cards = {}
    for community in communities:
        viewer = viewers.get(community.pk)
        results, _trend = surveys[community.pk]
        cards[community.pk] = scorecard_build(
            facts=facts[community.pk],
            norms=norms[community.pk],
            survey=results,
            masked=viewer.masked if viewer else False,
            show_sections=viewer.show_sections if viewer else True,
        )
    return cards


def scorecard_for(
    *, community: Community, on: datetime.date, viewer: MonitorViewer | None = None
) -> Scorecard:
    """The live scorecard of `community` on `on`, as `viewer` may see it (None: everything)."""
    return scorecards_for(communities=[community], on=on, viewers={community.pk: viewer})[
        community.pk
    ]


def trend_months(*, until: datetime.date, months: int = TREND_MONTHS) -> list[datetime.date]:
    """The first days of the last `months` complete months before `until`'s month."""
    last = months_back(month_start(until), 1)
    return [months_back(last, n) for n in range(months - 1, -1, -1)]


@dataclass(frozen=True)
class Trend:
    community: Community
    months: list[datetime.date]
    snapshots: list[KpiSnapshot | None]  # one per month, None where no snapshot was taken


def trends_for(
    *, communities: list[Community], until: datetime.date, months: int = TREND_MONTHS
) -> list[Trend]:
    """The snapshots of the last `months` months of every community: one query."""
    firsts = trend_months(until=until, months=months)
    by_key = {
        (s.community_id, s.month): s
        for s in KpiSnapshot.objects.filter(
            community__in=communities, month__gte=firsts[0], month__lte=firsts[-1]
        )
    }
    return [
        Trend(
            community=community,
            months=firsts,
            snapshots=[by_key.get((community.pk, first)) for first in firsts],
        )
        for community in communities
    ]
