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
from django.db.models import Q
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
from communities.mix import CommunityMix
from communities.models import (
    Activity,
    Community,
    OtherContribution,
    Signal,
    Talent,
    TenancyResident,
    TimeEntry,
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


def _hours(community: Community, on: datetime.date, norms) -> dict:
    mondays = complete_weeks(on)
    begeleider_start = _week_start(on) - datetime.timedelta(weeks=BEGELEIDER_WEEKS)
    totals: dict = defaultdict(Decimal)
    logged: set = set()
    begeleiders: dict = defaultdict(set)
    for kind, monday, hours, user_id, org_id, org_name in TimeEntry.objects.filter(
        community=community, week_start__gte=begeleider_start, week_start__lt=_week_start(on)
    ).values_list(
        "kind",
        "week_start",
        "hours",
        "user_id",
        "user__organisation_id",
        "user__organisation__name",
    ):
        if kind == TimeKind.CARE:
            begeleiders[org_name or "—"].add(user_id)
        if monday < mondays[0]:
            continue
        key = (kind, org_id if kind == TimeKind.CARE else None)
        totals[key] += hours
        logged.add(key)
    care = []
    for row in hours_rules.care_hours_norms(community=community, on=on):
        key = (TimeKind.CARE, row.organisation.pk)
        care.append(
            CareFact(
                organisation=row.organisation.name,
                clients=row.clients,
                norm=row.norm,
                realised=_average(totals[key], HOURS_WEEKS) if key in logged else None,
            )
        )

    def realised(kind):
        key = (kind, None)
        return _average(totals[key], HOURS_WEEKS) if key in logged else None

    return {
        "coach_realised": realised(TimeKind.COACH),
        "management_realised": realised(TimeKind.MANAGEMENT),
        "care": care,
        "begeleiders_by_organisation": {k: len(v) for k, v in sorted(begeleiders.items())},
    }


def _activities(community: Community, on: datetime.date) -> dict:
    """One query over the last 12 months of activities, counted in memory."""
    year_ago = months_back(on, 12)
    rows = list(
        Activity.objects.filter(
            community=community, starts_at__date__gt=year_ago, starts_at__date__lte=on
        ).values_list("starts_at", "kind_id", "place", "organised_by")
    )
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


def _talents(community: Community, on: datetime.date, living: set[int]) -> tuple[int, int]:
    offering = (
        set(
            Talent.objects.filter(resident__community=community, kind="aanbod").values_list(
                "resident_id", flat=True
            )
        )
        & living
    )
    if not offering:
        return 0, 0
    start = months_back(on, 12) + datetime.timedelta(days=1)
    organisers = set(
        Activity.organisers.through.objects.filter(
            activity__community=community,
            activity__starts_at__date__gte=start,
            activity__starts_at__date__lte=on,
        ).values_list("resident_id", flat=True)
    )
    others = set(
        OtherContribution.objects.filter(
            resident__community=community, noted_on__gte=start, noted_on__lte=on
        ).values_list("resident_id", flat=True)
    )
    return len(offering), len(offering & (organisers | others))


def _moves(community: Community, on: datetime.date) -> dict:
    start = months_back(on, 12)  # (start, on]: the last 12 months
    stays = TenancyResident.objects.filter(tenancy__unit__community=community)
    moved_in = stays.filter(start_date__gt=start, start_date__lte=on).count()
    outs = list(
        stays.filter(end_date__gt=start, end_date__lte=on).values_list("move_out_reason", flat=True)
    )
    return {
        "moved_in": moved_in,
        "moved_out": len(outs),
        "evictions": sum(reason == MoveOutReason.EVICTION for reason in outs),
    }


def _signals(community: Community, on: datetime.date) -> SignalFacts:
    reported = list(
        Signal.objects.filter(community=community, reported_on__lte=on)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))
        .values_list("reported_on", flat=True)
    )
    limit = on - datetime.timedelta(days=community.signal_overdue_days)
    ages = [(on - day).days for day in reported]
    return SignalFacts(
        open=len(reported),
        overdue=sum(day < limit for day in reported),
        oldest_days=max(ages) if ages else None,
        overdue_days=community.signal_overdue_days,
    )


def community_facts(*, community: Community, on: datetime.date) -> Facts:
    """The facts of `community` on `on`, in a fixed number of queries whatever its size."""
    norms = hours_rules.community_norms(community)
    units = community.units.count()
    phase = core.community_phase(community=community, on=on)
    living = set(
        TenancyResident.objects.active_on(on)
        .filter(tenancy__unit__community=community)
        .values_list("resident_id", flat=True)
    )
    participation = activity_rules.participation(
        community=community, start=months_back(on, 3) + datetime.timedelta(days=1), end=on
    )
    talents_offered, talents_used = _talents(community, on, living)
    drill = safety_rules.fire_drill_status(community=community, today=on)
    contact_topics = {
        topic
        for topic, phone, email in community.contact_card.values_list("topic", "phone", "email")
        if phone or email
    }
    return Facts(
        community=community,
        on=on,
        units=units,
        residents=len(living),
        phase_label=str(phase.label),
        mix=core.community_mix(community=community, on=on),
        mix_target=community.mix_target,
        mix_target_reason=community.mix_target_reason,
        coach_norm=norms.coach_norm(units=units, phase=phase),
        management_norm=norms.management_norm(units=units),
        participation_residents=participation.overall.residents,
        participation_contributing=participation.overall.contributing,
        talents_offered=talents_offered,
        talents_used=talents_used,
        signals=_signals(community, on),
        drill_last=drill.last_held_on,
        drill_due=drill.due_on,
        drill_overdue=drill.overdue,
        contact_topics=contact_topics,
        price_classes=set(community.units.values_list("price_class", flat=True).distinct()),
        cadence=governance_cadence(community=community, on=on),
        funding=funding_facts(community=community, on=on),
        norms_reason=community.norms_override_reason,
        care_share_label=norms.care_share_label,
        **_hours(community, on, norms),
        **_activities(community, on),
        **_moves(community, on),
    )


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


def governance_cadence(*, community: Community, on: datetime.date) -> list[CadenceFact] | None:
    """Each body's cadence in the year of `on` (governance.selectors.community_cadence: a list of
    (body, CadenceYear)), or None while governance cannot tell (not there yet, or no bodies)."""
    cadence = _selector("governance", "community_cadence")
    if cadence is None:
        return None
    rows = cadence(community=community, year=on.year, today=on)
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


def funding_facts(*, community: Community, on: datetime.date) -> FundingFacts | None:
    """Horizon, partners contributing and project money without a regular follow-up, from
    financiering's selectors for the monitor; None while financiering cannot tell (not there
    yet, or no agreement recorded for this location: a horizon of 0 would be made up)."""
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
