"""Everything the monitor reads from the other apps, in one place: `monitor` is the one app that
reads from all the others, and nothing imports it (DESIGN.md §5).

`governance` and `financiering` are read defensively: when the app is not installed, or its
selectors module or function does not exist yet, the fact is None and the scorecard says "nog
geen gegevens" — never a made-up value. It fills in when the data exists.
"""

from __future__ import annotations

import datetime
import importlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from communities import selectors as core
from communities.activities import services as activity_rules
from communities.constants import (
    ActivityPlace,
    MoveOutReason,
    OrganisedBy,
    SignalKind,
    SignalOutcome,
    TimeKind,
)
from communities.hours import services as hours_rules
from communities.mix import CommunityMix, is_active
from communities.models import (
    Activity,
    Community,
    ContactCardEntry,
    OtherContribution,
    Signal,
    Talent,
    TenancyResident,
    TimeEntry,
    Unit,
)
from communities.norms import CoachNorm
from communities.safety import services as safety_rules
from gemengdwonen.dates import months_before

HOURS_WEEKS = 4  # complete weeks behind the hours averages (as on the community page)
BEGELEIDER_WEEKS = 13  # about three months


def months_back(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier (later when negative), clipped to a shorter month."""
    return months_before(day, months)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(first: datetime.date) -> datetime.date:
    following = months_back(first, -1)
    return following - datetime.timedelta(days=1)


# --- Facts of one community on one day -----------------------------------------------------------


@dataclass(frozen=True)
class CareFact:
    organisation: str
    clients: int
    norm: Decimal  # hours per week (10 % of the indicated hours)
    realised: Decimal | None  # average over the last complete weeks; None: nothing logged


@dataclass(frozen=True)
class SignalFacts:
    open: int
    overdue: int  # open longer than the community's days
    oldest_days: int | None
    overdue_days: int


@dataclass(frozen=True)
class CadenceFact:
    """One governance body's meetings this year against its required number (from governance)."""

    body: str
    held: int
    planned: int
    required: int
    status: str  # op_koers / aandacht / actie_nodig (governance's own rule)


@dataclass(frozen=True)
class FundingFacts:
    """From financiering; each part None when that app cannot tell yet."""

    horizon_years: Decimal | None = None
    partners_total: int | None = None
    partners_contributing: int | None = None
    project_money_without_follow_up: int | None = None
    project_agreements: int | None = None


@dataclass
class Facts:
    community: Community
    on: datetime.date
    units: int
    residents: int
    phase_label: str
    mix: CommunityMix
    mix_target: str
    mix_target_reason: str
    coach_norm: CoachNorm
    coach_realised: Decimal | None
    management_norm: tuple[Decimal, Decimal]
    management_realised: Decimal | None
    care: list[CareFact]
    begeleiders_by_organisation: dict[str, int]
    participation_residents: int
    participation_contributing: int
    organised_recent: tuple[int, int]  # (activities, organised by residents) last 3 months
    organised_before: tuple[int, int]  # the 3 months before that
    talents_offered: int  # residents living here with a talent on offer
    talents_used: int  # of them, organised or contributed in the last 12 months
    moved_in: int
    moved_out: int
    evictions: int
    activities_by_month: list[int]  # the last 3 complete months, oldest first
    weekly_weeks: int  # most weeks (of the last 4 complete) in which one kind took place
    meeting_room_activities: int  # in the last 6 months
    activities_half_year: int
    signals: SignalFacts
    drill_last: datetime.date | None
    drill_due: datetime.date | None
    drill_overdue: bool
    contact_topics: set[str]
    price_classes: set[str]
    cadence: list[CadenceFact] | None
    funding: FundingFacts | None
    norms_reason: str = ""  # communities' reason for its hour norms
    care_share_label: str = "10"
    extra: dict = field(default_factory=dict)


def _week_start(day: datetime.date) -> datetime.date:
    return hours_rules.week_start(day)


def complete_weeks(on: datetime.date, weeks: int = HOURS_WEEKS) -> list[datetime.date]:
    """The Mondays of the `weeks` complete weeks before the week of `on`."""
    current = _week_start(on)
    return [current - datetime.timedelta(weeks=n) for n in range(weeks, 0, -1)]


def _average(total: Decimal, weeks: int) -> Decimal:
    return (total / weeks).quantize(Decimal("0.1"))


def _hours_many(
    communities: list[Community], on: datetime.date, inputs: dict[int, core.MixInputs]
) -> dict[int, dict]:
    mondays = complete_weeks(on)
    begeleider_start = _week_start(on) - datetime.timedelta(weeks=BEGELEIDER_WEEKS)
    totals: dict = defaultdict(Decimal)
    logged: set = set()
    begeleiders: dict = defaultdict(lambda: defaultdict(set))
    for community_id, kind, monday, hours, user_id, org_id, org_name in TimeEntry.objects.filter(
        community__in=communities,
        week_start__gte=begeleider_start,
        week_start__lt=_week_start(on),
    ).values_list(
        "community_id",
        "kind",
        "week_start",
        "hours",
        "user_id",
        "user__organisation_id",
        "user__organisation__name",
    ):
        if kind == TimeKind.CARE:
            begeleiders[community_id][org_name or "—"].add(user_id)
        if monday < mondays[0]:
            continue
        key = (community_id, kind, org_id if kind == TimeKind.CARE else None)
        totals[key] += hours
        logged.add(key)

    def realised(key):
        return _average(totals[key], HOURS_WEEKS) if key in logged else None

    care_norms = hours_rules.care_hours_norms_many(
        communities=communities, on=on, mix_inputs=inputs
    )
    return {
        c.pk: {
            "coach_realised": realised((c.pk, TimeKind.COACH, None)),
            "management_realised": realised((c.pk, TimeKind.MANAGEMENT, None)),
            "care": [
                CareFact(
                    organisation=row.organisation.name,
                    clients=row.clients,
                    norm=row.norm,
                    realised=realised((c.pk, TimeKind.CARE, row.organisation.pk)),
                )
                for row in care_norms[c.pk]
            ],
            "begeleiders_by_organisation": {
                k: len(v) for k, v in sorted(begeleiders[c.pk].items())
            },
        }
        for c in communities
    }


def _activity_counts(rows: list[tuple], on: datetime.date) -> dict:
    """The activity figures of one community from its activities of the last 12 months
    ((starts_at, kind id, place, organised by) each)."""
    days = [(timezone.localdate(s), kind, place, by) for s, kind, place, by in rows]
    this_month = month_start(on)
    # The last 3 complete months (the current month counts as complete on its last day).
    last_complete = this_month if on == month_end(this_month) else months_back(this_month, 1)
    months = [months_back(last_complete, n) for n in (2, 1, 0)]
    by_month = Counter(day.replace(day=1) for day, *_rest in days)
    resident_organised = (OrganisedBy.RESIDENTS, OrganisedBy.BOTH)
    recent_from = months_back(on, 3)
    before_from = months_back(on, 6)
    recent = [by for day, _k, _p, by in days if recent_from < day <= on]
    before = [by for day, _k, _p, by in days if before_from < day <= recent_from]
    weeks = complete_weeks(on)
    weeks_by_kind: dict = defaultdict(set)
    for day, kind, _place, _by in days:
        monday = _week_start(day)
        if monday in weeks:
            weeks_by_kind[kind].add(monday)
    half_year = months_back(on, 6)
    return {
        "activities_by_month": [by_month[m] for m in months],
        "organised_recent": (len(recent), sum(by in resident_organised for by in recent)),
        "organised_before": (len(before), sum(by in resident_organised for by in before)),
        "weekly_weeks": max((len(w) for w in weeks_by_kind.values()), default=0),
        "meeting_room_activities": sum(
            1
            for day, _k, place, _b in days
            if day > half_year and place == ActivityPlace.MEETING_ROOM
        ),
        "activities_half_year": sum(1 for day, *_rest in days if day > half_year),
    }


def _activities_many(communities: list[Community], on: datetime.date) -> dict[int, dict]:
    """One query over the last 12 months of activities, counted in memory."""
    year_ago = months_back(on, 12)
    rows: dict[int, list[tuple]] = defaultdict(list)
    for community_id, *row in Activity.objects.filter(
        community__in=communities, starts_at__date__gt=year_ago, starts_at__date__lte=on
    ).values_list("community_id", "starts_at", "kind_id", "place", "organised_by"):
        rows[community_id].append(tuple(row))
    return {c.pk: _activity_counts(rows[c.pk], on) for c in communities}


# The last column of the talents' union: which set a resident id belongs to.
_OFFERING, _ORGANISER, _OTHER = 0, 1, 2


def _talents_many(
    communities: list[Community], on: datetime.date, living: dict[int, set[int]]
) -> dict[int, tuple[int, int]]:
    """Per community: (residents living there with a talent on offer, of them those who
    organised an activity or contributed otherwise in the last 12 months). One query."""
    start = months_back(on, 12) + datetime.timedelta(days=1)

    def tagged(tag: int):
        return models.Value(tag, output_field=models.IntegerField())

    offering = (
        Talent.objects.filter(resident__community__in=communities, kind="aanbod")
        .order_by()
        .values_list("resident__community_id", "resident_id", tagged(_OFFERING))
    )
    organisers = (
        Activity.organisers.through.objects.filter(
            activity__community__in=communities,
            activity__starts_at__date__gte=start,
            activity__starts_at__date__lte=on,
        )
        .order_by()
        .values_list("activity__community_id", "resident_id", tagged(_ORGANISER))
    )
    others = (
        OtherContribution.objects.filter(
            resident__community__in=communities, noted_on__gte=start, noted_on__lte=on
        )
        .order_by()
        .values_list("resident__community_id", "resident_id", tagged(_OTHER))
    )
    found: dict[tuple[int, int], set[int]] = defaultdict(set)
    for community_id, resident_id, tag in offering.union(organisers, others):
        found[community_id, tag].add(resident_id)
    result = {}
    for c in communities:
        offered = found[c.pk, _OFFERING] & living[c.pk]
        used = offered & (found[c.pk, _ORGANISER] | found[c.pk, _OTHER])
        result[c.pk] = (len(offered), len(used))
    return result


def _moves_many(communities: list[Community], on: datetime.date) -> dict[int, dict]:
    start = months_back(on, 12)  # (start, on]: the last 12 months
    result = {c.pk: {"moved_in": 0, "moved_out": 0, "evictions": 0} for c in communities}
    for community_id, start_date, end_date, reason in (
        TenancyResident.objects.filter(tenancy__unit__community__in=communities)
        .filter(
            Q(start_date__gt=start, start_date__lte=on) | Q(end_date__gt=start, end_date__lte=on)
        )
        .values_list("tenancy__unit__community_id", "start_date", "end_date", "move_out_reason")
    ):
        moves = result[community_id]
        if start < start_date <= on:
            moves["moved_in"] += 1
        if end_date is not None and start < end_date <= on:
            moves["moved_out"] += 1
            moves["evictions"] += reason == MoveOutReason.EVICTION
    return result


def _signals_many(communities: list[Community], on: datetime.date) -> dict[int, SignalFacts]:
    reported: dict[int, list[datetime.date]] = defaultdict(list)
    for community_id, day in (
        Signal.objects.filter(community__in=communities, reported_on__lte=on)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))
        .values_list("community_id", "reported_on")
    ):
        reported[community_id].append(day)
    result = {}
    for community in communities:
        days = reported[community.pk]
        limit = on - datetime.timedelta(days=community.signal_overdue_days)
        ages = [(on - day).days for day in days]
        result[community.pk] = SignalFacts(
            open=len(days),
            overdue=sum(day < limit for day in days),
            oldest_days=max(ages) if ages else None,
            overdue_days=community.signal_overdue_days,
        )
    return result


def _units_many(communities: list[Community]) -> tuple[dict[int, int], dict[int, set[str]]]:
    """Per community its number of units and the price classes among them. One query."""
    units: dict[int, int] = defaultdict(int)
    price_classes: dict[int, set[str]] = defaultdict(set)
    for community_id, price_class, count in (
        Unit.objects.filter(community__in=communities)
        .order_by()
        .values_list("community_id", "price_class")
        .annotate(n=Count("pk"))
    ):
        units[community_id] += count
        price_classes[community_id].add(price_class)
    return units, price_classes


def _contact_topics_many(communities: list[Community]) -> dict[int, set[str]]:
    """Per community the topics of its contact card that give a phone number or an e-mail."""
    topics: dict[int, set[str]] = defaultdict(set)
    for community_id, topic, phone, email in ContactCardEntry.objects.filter(
        community__in=communities
    ).values_list("community_id", "topic", "phone", "email"):
        if phone or email:
            topics[community_id].add(topic)
    return topics


def community_facts_many(*, communities: list[Community], on: datetime.date) -> dict[int, Facts]:
    """The facts of every community in `communities` on `on` (by community id), in a fixed
    number of queries whatever their number and size: each source is read for all of them at
    once and grouped in memory."""
    communities = list(communities)
    if not communities:
        return {}
    units, price_classes = _units_many(communities)
    phases = core.community_phase_many(communities=communities, on=on)
    inputs = core.mix_inputs_many(communities=communities, start=on, end=on)
    mixes = core.community_mix_many(communities=communities, on=on, inputs=inputs)
    living = {
        pk: {s.resident_id for s in data.stays if is_active(s.start, s.end, on)}
        for pk, data in inputs.items()
    }
    participation = activity_rules.participation_many(
        communities=communities,
        start=months_back(on, 3) + datetime.timedelta(days=1),
        end=on,
        inputs=inputs,
    )
    talents = _talents_many(communities, on, living)
    drills = safety_rules.fire_drill_status_many(communities=communities, today=on)
    contact_topics = _contact_topics_many(communities)
    signals = _signals_many(communities, on)
    cadence = governance_cadence_many(communities=communities, on=on)
    funding = funding_facts_many(communities=communities, on=on)
    hours = _hours_many(communities, on, inputs)
    activities = _activities_many(communities, on)
    moves = _moves_many(communities, on)
    result = {}
    for community in communities:
        pk = community.pk
        norms = hours_rules.community_norms(community)
        talents_offered, talents_used = talents[pk]
        drill = drills[pk]
        result[pk] = Facts(
            community=community,
            on=on,
            units=units[pk],
            residents=len(living[pk]),
            phase_label=str(phases[pk].label),
            mix=mixes[pk],
            mix_target=community.mix_target,
            mix_target_reason=community.mix_target_reason,
            coach_norm=norms.coach_norm(units=units[pk], phase=phases[pk]),
            management_norm=norms.management_norm(units=units[pk]),
            participation_residents=participation[pk].overall.residents,
            participation_contributing=participation[pk].overall.contributing,
            talents_offered=talents_offered,
            talents_used=talents_used,
            signals=signals[pk],
            drill_last=drill.last_held_on,
            drill_due=drill.due_on,
            drill_overdue=drill.overdue,
            contact_topics=contact_topics[pk],
            price_classes=price_classes[pk],
            cadence=cadence[pk],
            funding=funding[pk],
            norms_reason=community.norms_override_reason,
            care_share_label=norms.care_share_label,
            **hours[pk],
            **activities[pk],
            **moves[pk],
        )
    return result


def community_facts(*, community: Community, on: datetime.date) -> Facts:
    """The facts of `community` on `on`, in a fixed number of queries whatever its size."""
    return community_facts_many(communities=[community], on=on)[community.pk]


# --- Figures of one month, for the trends --------------------------------------------------------


def month_figures(*, community: Community, first: datetime.date) -> dict:
    """Counts of what happened in the month starting `first` (activities, signals by kind,
    evictions prevented). Two queries."""
    last = month_end(first)
    activities = list(
        Activity.objects.filter(
            community=community, starts_at__date__gte=first, starts_at__date__lte=last
        ).values_list("organised_by", flat=True)
    )
    kinds = Counter(
        Signal.objects.filter(
            community=community, reported_on__gte=first, reported_on__lte=last
        ).values_list("kind", flat=True)
    )
    prevented = Signal.objects.filter(
        community=community,
        outcome=SignalOutcome.EVICTION_PREVENTED,
        closed_on__gte=first,
        closed_on__lte=last,
    ).count()
    return {
        "activities": len(activities),
        "activities_by_residents": sum(
            by in (OrganisedBy.RESIDENTS, OrganisedBy.BOTH) for by in activities
        ),
        "signals_by_kind": {kind: kinds[kind] for kind in SignalKind.values},
        "evictions_prevented": prevented,
    }


def recording_started(*, community: Community) -> dict[str, datetime.date | None]:
    """The day the first activity and the first signal were recorded at the location: before
    that the product was not in use, and counts of 0 would be made up."""
    first_activity = (
        Activity.objects.filter(community=community)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    first_signal = (
        Signal.objects.filter(community=community)
        .order_by("reported_on")
        .values_list("reported_on", flat=True)
        .first()
    )
    return {
        "activities": timezone.localdate(first_activity) if first_activity else None,
        "signals": first_signal,
    }


# --- Apps that may not be there yet --------------------------------------------------------------


def _selector(app_label: str, name: str):
    """`<app>.selectors.<name>`, or None while the app or the function does not exist."""
    if not apps.is_installed(app_label):
        return None
    try:
        module = importlib.import_module(f"{app_label}.selectors")
    except ImportError:
        return None
    return getattr(module, name, None)


def _cadence_facts(rows) -> list[CadenceFact] | None:
    """The monitor's cadence facts from governance's (body, CadenceYear) rows; None without
    bodies."""
    if not rows:
        return None
    return [
        CadenceFact(
            body=str(getattr(body, "name", body)),
            held=year.held,
            planned=year.planned,
            required=getattr(year.required, "minimum", year.required),
            status=str(year.status),
        )
        for body, year in rows
    ]


def governance_cadence_many(
    *, communities: list[Community], on: datetime.date
) -> dict[int, list[CadenceFact] | None]:
    """Each community's bodies' cadence in the year of `on`, or None while governance cannot
    tell (not there yet, or no bodies). Reads governance.selectors.community_cadence_many (per
    community a list of (body, CadenceYear)); a governance that only has the one-community
    `community_cadence` is asked per community."""
    many = _selector("governance", "community_cadence_many")
    if many is not None:
        rows = many(communities=communities, year=on.year, today=on)
    else:
        single = _selector("governance", "community_cadence")
        if single is None:
            return {c.pk: None for c in communities}
        rows = {c.pk: single(community=c, year=on.year, today=on) for c in communities}
    return {c.pk: _cadence_facts(rows.get(c.pk)) for c in communities}


def governance_cadence(*, community: Community, on: datetime.date) -> list[CadenceFact] | None:
    return governance_cadence_many(communities=[community], on=on)[community.pk]


def funding_facts_many(
    *, communities: list[Community], on: datetime.date
) -> dict[int, FundingFacts | None]:
    """Horizon, partners contributing and project money without a regular follow-up, from
    financiering's selectors for the monitor; None while financiering cannot tell (not there
    yet, or no agreement recorded for the location: a horizon of 0 would be made up).
    `monitor_funding_for` gives all three for every community at once."""
    together = _selector("financiering", "monitor_funding_for")
    if together is not None:
        return {
            pk: None
            if found is None
            else FundingFacts(
                horizon_years=found.horizon_years,
                partners_total=found.partners.named,
                partners_contributing=found.partners.contributing,
                project_money_without_follow_up=len(found.project_money_without_follow_up),
            )
            for pk, found in together(communities=communities, today=on).items()
        }
    return {c.pk: _funding_facts_apart(c, on) for c in communities}


def _funding_facts_apart(community: Community, on: datetime.date) -> FundingFacts | None:
    """The same from financiering's separate selectors, for a financiering without
    `monitor_funding_for`: a few queries per community."""
    agreements = _selector("financiering", "agreements_of")
    horizons = _selector("financiering", "horizon_years_for")
    if agreements is None or horizons is None or not agreements(community=community).exists():
        return None
    partners = _selector("financiering", "partners_contributing_for")
    project = _selector("financiering", "project_money_without_follow_up_for")
    share = partners(communities=[community], today=on).get(community.pk) if partners else None
    gaps = project(communities=[community], today=on).get(community.pk) if project else None
    return FundingFacts(
        horizon_years=horizons(communities=[community], today=on).get(community.pk),
        partners_total=share.named if share is not None else None,
        partners_contributing=share.contributing if share is not None else None,
        project_money_without_follow_up=None if gaps is None else len(gaps),
    )


def funding_facts(*, community: Community, on: datetime.date) -> FundingFacts | None:
    return funding_facts_many(communities=[community], on=on)[community.pk]
