"""Monthly KPI snapshots: the figures of each community at the end of each month, which the
trends read. Idempotent: one per community per month, taking it again replaces it.

What cannot be reconstructed for a past month is computed with today's data: the contact card,
the talent list and the price classes have no history."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from communities.models import Community
from monitor.models import KpiSnapshot
from monitor.scorecard import scorecard_build
from monitor.selectors import monitor_norms
from monitor.sources import (
    community_facts,
    month_end,
    month_figures,
    month_start,
    months_back,
    recording_started,
)
from monitor.survey import survey_results

VERSION = 1


def _n(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def snapshot_data(*, community: Community, month: datetime.date) -> dict:
    """The snapshot of `community` for the month starting `month`, as of its last day.

    A month that ended before the first activity (or signal) was ever recorded at the location
    holds None for those figures, not 0: the product was not in use yet, and a trend that
    "rose from 0" would be made up."""
    as_of = month_end(month)
    facts = community_facts(community=community, on=as_of)
    started = recording_started(community=community)
    survey, _trend = survey_results(community=community, until_year=as_of.year)
    card = scorecard_build(facts=facts, norms=monitor_norms(community=community), survey=survey)
    overall = facts.mix.overall
    care_norm = sum((c.norm for c in facts.care), Decimal(0))
    care_logged = [c.realised for c in facts.care if c.realised is not None]
    return {
        "version": VERSION,
        "as_of": as_of.isoformat(),
        "mix": {
            "supported": overall.supported,
            "unsupported": overall.unsupported,
            "target_percent": overall.target_percent,
            "status": overall.status,
        },
        "participation": {
            "residents": facts.participation_residents,
            "contributing": facts.participation_contributing,
        }
        if _recorded(started["activities"], as_of)
        else None,
        "units": facts.units,
        "residents": facts.residents,
        **_month(community, month, as_of, started),
        "hours": {
            "coach": _n(facts.coach_realised),
            "coach_low": _n(facts.coach_norm.low),
            "coach_high": _n(facts.coach_norm.high),
            "management": _n(facts.management_realised),
            "management_low": _n(facts.management_norm[0]),
            "management_high": _n(facts.management_norm[1]),
            "care": _n(sum(care_logged, Decimal(0))) if care_logged else None,
            "care_norm": _n(care_norm),
            "care_clients": sum(c.clients for c in facts.care),
        },
        "statuses": {row.ingredient.value: str(row.status) for row in card.rows},
        "indicators": {i.key: str(i.status) for row in card.rows for i in row.indicators},
    }


def _recorded(first: datetime.date | None, as_of: datetime.date) -> bool:
    return first is not None and first <= as_of


def _month(community, month, as_of, started) -> dict:
    figures = month_figures(community=community, first=month)
    if not _recorded(started["activities"], as_of):
        figures["activities"] = figures["activities_by_residents"] = None
    if not _recorded(started["signals"], as_of):
        figures["signals_by_kind"] = None
        figures["evictions_prevented"] = None
    return figures


@transaction.atomic
def snapshot_take(*, community: Community, month: datetime.date) -> KpiSnapshot:
    """Take (or retake) the snapshot of `community` for the month of `month`."""
    month = month_start(month)
    snapshot, _created = KpiSnapshot.objects.update_or_create(
        community=community,
        month=month,
        defaults={
            "as_of": month_end(month),
            "data": snapshot_data(community=community, month=month),
        },
    )
    return snapshot


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months = []
    current = month_start(first)
    while current <= month_start(last):
        months.append(current)
        current = months_back(current, -1)
    return months


def last_complete_month(today: datetime.date) -> datetime.date:
    return months_back(month_start(today), 1)
