"""Hours against the norms: time entries per professional per week (services) and realised
against the norms of `communities.norms` (selectors).

Decisions:
- One entry per user, kind and week (week_start is the Monday); saving the same week again
  updates the entry.
- The kind follows the user's role in that community: the coach logs coach hours, a begeleider
  community hours (begeleiding), the sociaal beheerder and locatiebeheerder beheer. Nobody logs
  another kind, or for somebody else.
- The coach's realised hours per week are the coach's time entry alone. The hours noted on
  activities (Activity.coach_hours) are a breakdown of that week, not extra hours: adding them
  would count the same hours twice.
- A week's norm uses the phase and the supported clients on the Monday of that week. The panel's
  average runs over the last four complete weeks (the running week is shown apart).
- A location may override the norms (DESIGN.md §3) with a recorded reason
  (`norms_override_save`); the selectors use `community_norms`, which shows the model's coach
  norm next to the agreement.
- Care details: the indicated hours behind a care organisation's 10% are shown in full only to
  that organisation's own users; for everybody else an organisation with 1–4 clients shows
  "< 5" and no hours, because the sum would be one client's indication.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.access import ROLE_CAPABILITIES, Capability, is_aggregate_only
from communities.constants import SMALL_COUNT_THRESHOLD, Phase, Role, TimeKind
from communities.mix import CommunityMix, is_active
from communities.models import (
    Activity,
    Community,
    Membership,
    Organisation,
    PilotLightDecision,
    SupportPeriod,
    TenancyResident,
    TimeEntry,
    User,
)
from communities.norms import (
    DEFAULT_CARE_SHARE_PERCENT,
    DEFAULT_HOURS_PER_FTE,
    CoachNorm,
    NormsInForce,
    NormStatus,
    coach_hours_norm,
    fmt_hours,
    hours_range_label,
    norm_status,
    norms_in_force,
)
from communities.phase import phase_on
from communities.privacy import mix_cells
from communities.selectors import MixInputs, community_mix

MAX_HOURS_PER_WEEK = Decimal(80)
OVERVIEW_WEEKS = 8
PANEL_AVERAGE_WEEKS = 4

KIND_FOR_ROLE: dict[str, TimeKind] = {
    Role.COMMUNITYCOACH: TimeKind.COACH,
    Role.BEGELEIDER: TimeKind.CARE,
    Role.SOCIAAL_BEHEERDER: TimeKind.MANAGEMENT,
    Role.LOCATIEBEHEERDER: TimeKind.MANAGEMENT,
}


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of the week of `day`."""
    return day - datetime.timedelta(days=day.weekday())


def week_starts(*, until: datetime.date, weeks: int = OVERVIEW_WEEKS) -> list[datetime.date]:
    """The Mondays of the `weeks` weeks ending with the week of `until`, oldest first."""
    last = week_start(until)
    return [last - datetime.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


# --- Services ----------------------------------------------------------------------------------


def time_kind_for(*, user: User, community: Community) -> TimeKind | None:
    """The kind of hours `user` logs in `community`, or None when their role logs none."""
    role = (
        Membership.objects.filter(user=user, community=community)
        .values_list("role", flat=True)
        .first()
    )
    if role is None or Capability.LOG_HOURS not in ROLE_CAPABILITIES.get(role, frozenset()):
        return None
    return KIND_FOR_ROLE.get(role)


def _clean_hours(hours) -> Decimal:
    try:
        value = Decimal(str(hours))
    except (InvalidOperation, TypeError, ValueError) as error:
        raise ValidationError({"hours": _("Vul een aantal uren in.")}) from error
    if not value.is_finite():
        raise ValidationError({"hours": _("Vul een aantal uren in.")})
    if value < 0:
        raise ValidationError({"hours": _("Het aantal uren kan niet negatief zijn.")})
    if value > MAX_HOURS_PER_WEEK:
        raise ValidationError({"hours": _("Vul een aantal uren tussen 0 en 80 in.")})
    if value != value.quantize(Decimal("0.1")):
        raise ValidationError({"hours": _("Vul de uren in met hoogstens één decimaal.")})
    return value.quantize(Decimal("0.1"))


@transaction.atomic
def time_entry_record(
    *,
    community: Community,
    user: User,
    week_of: datetime.date,
    hours,
    note: str = "",
    kind: str | None = None,
    today: datetime.date | None = None,
) -> tuple[TimeEntry, bool]:
    """Record `user`'s hours in the week of `week_of` (any day: stored as its Monday). A second
    save for the same week updates the entry. Returns (entry, created)."""
    own_kind = time_kind_for(user=user, community=community)
    if own_kind is None:
        raise ValidationError(_("U kunt voor deze locatie geen uren schrijven."))
    if kind is not None and kind != own_kind:
        raise ValidationError(
            _("U schrijft uren als %(kind)s; een andere soort uren kan niet.")
            % {"kind": TimeKind(own_kind).label}
        )
    value = _clean_hours(hours)
    today = today or timezone.localdate()
    monday = week_start(week_of)
    if monday > week_start(today):
        raise ValidationError({"week_of": _("Deze week ligt in de toekomst.")})
    note = " ".join((note or "").split())
    if len(note) > 300:
        raise ValidationError({"note": _("Houd de notitie korter dan 300 tekens.")})
    lookup = {"community": community, "user": user, "kind": own_kind, "week_start": monday}
    entry = TimeEntry.objects.select_for_update().filter(**lookup).first()
    if entry is None:
        try:
            with transaction.atomic():
                return TimeEntry.objects.create(**lookup, hours=value, note=note), True
        except IntegrityError:
            # Saved at the same moment from another tab: update that entry instead.
            entry = TimeEntry.objects.select_for_update().get(**lookup)
    entry.hours = value
    entry.note = note
    entry.save(update_fields=["hours", "note"])
    return entry, False


# --- The location's norms ----------------------------------------------------------------------

NORM_FIELDS = (
    "coach_hours_override_low",
    "coach_hours_override_high",
    "care_share_percent",
    "management_hours_per_fte",
    "norms_override_reason",
)


def community_norms(community: Community) -> NormsInForce:
    """The norms in force at `community`: the model's defaults with its own agreements."""
    return norms_in_force(
        coach_low=community.coach_hours_override_low,
        coach_high=community.coach_hours_override_high,
        care_share_percent=community.care_share_percent,
        hours_per_fte=community.management_hours_per_fte,
        reason=community.norms_override_reason,
    )


def model_coach_norm(*, community: Community, units: int, today: datetime.date) -> CoachNorm:
    """The model's coach norm today, without the location's agreement (for the edit page)."""
    return coach_hours_norm(units=units, phase=_phases(community, [today])[today])


def _clean_number(value, *, field: str, low: Decimal, high: Decimal, message: str):
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError) as error:
        raise ValidationError({field: message}) from error
    if not number.is_finite() or not low <= number <= high:
        raise ValidationError({field: message})
    if number != number.quantize(Decimal("0.1")):
        raise ValidationError({field: _("Vul hoogstens één decimaal in.")})
    return number.quantize(Decimal("0.1"))


@transaction.atomic
def norms_override_save(
    *,
    community: Community,
    low,
    high,
    care_share_percent,
    hours_per_fte,
    reason: str,
    by: User | None = None,
) -> Community:
    """Record the location's own norms. Empty low and high: the model's coach norm; one of the
    two: a single number. Any value other than the model's default needs a reason (DESIGN.md
    §3: the override and its reason visible)."""
    coach_message = _("Vul een aantal uren tussen 0 en 80 in.")
    low = _clean_number(
        low,
        field="coach_hours_override_low",
        low=Decimal(0),
        high=MAX_HOURS_PER_WEEK,
        message=coach_message,
    )
    high = _clean_number(
        high,
        field="coach_hours_override_high",
        low=Decimal(0),
        high=MAX_HOURS_PER_WEEK,
        message=coach_message,
    )
    share = _clean_number(
        care_share_percent,
        field="care_share_percent",
        low=Decimal(0),
        high=Decimal(100),
        message=_("Vul een percentage tussen 0 en 100 in."),
    )
    fte = _clean_number(
        hours_per_fte,
        field="management_hours_per_fte",
        low=Decimal(1),
        high=Decimal(60),
        message=_("Vul een aantal uren tussen 1 en 60 in."),
    )
    share = DEFAULT_CARE_SHARE_PERCENT if share is None else share
    fte = DEFAULT_HOURS_PER_FTE if fte is None else fte
    if low is not None and high is not None and low > high:
        raise ValidationError(
            {"coach_hours_override_high": _("Het maximum mag niet lager zijn dan het minimum.")}
        )
    norms = norms_in_force(
        coach_low=low, coach_high=high, care_share_percent=share, hours_per_fte=fte
    )
    reason = (reason or "").strip()
    if norms.is_override and not reason:
        raise ValidationError(
            {
                "norms_override_reason": _(
                    "Leg vast waarom deze locatie afwijkt van de normen van het model: de reden "
                    "staat naast de afwijkende norm."
                )
            }
        )
    if len(reason) > 1000:
        raise ValidationError({"norms_override_reason": _("Houd de reden korter dan 1000 tekens.")})
    community = Community.objects.select_for_update().get(pk=community.pk)
    community.coach_hours_override_low = norms.coach_low
    community.coach_hours_override_high = norms.coach_high
    community.care_share_percent = share
    community.management_hours_per_fte = fte
    community.norms_override_reason = reason
    community.save(update_fields=list(NORM_FIELDS))
    return community


# --- Selectors ---------------------------------------------------------------------------------


def time_entries(*, community: Community) -> QuerySet[TimeEntry]:
    return community.time_entries.select_related("user", "user__organisation").order_by(
        "-week_start", "kind", "user__last_name", "user__first_name"
    )


def own_time_entries(*, community: Community, user: User, limit: int = 8) -> list[TimeEntry]:
    return list(community.time_entries.filter(user=user).order_by("-week_start")[:limit])


def distinct_begeleiders(*, community: Community, start: datetime.date, end: datetime.date) -> int:
    """Distinct users with community hours (kind begeleiding) in weeks starting in [start, end]:
    the model prefers a few, fixed begeleiders per location."""
    return (
        community.time_entries.filter(
            kind=TimeKind.CARE, week_start__gte=week_start(start), week_start__lte=end
        )
        .values("user_id")
        .distinct()
        .count()
    )


@dataclass(frozen=True)
class _Support:
    resident_id: int
    organisation_id: int
    start: datetime.date
    end: datetime.date | None
    hours: Decimal


class _CareInputs:
    """Support periods and stays of one community, fetched once (`_care_inputs_many`), to
    compute the care norm on many dates in memory."""

    def __init__(self):
        self.supports: list[_Support] = []
        self.stays: dict[int, list] = defaultdict(list)
        self.organisations: dict[int, Organisation] = {}

    def indicated_on(self, day: datetime.date) -> dict[int, list[Decimal]]:
        """Organisation id -> indicated hours of its clients living at the location on `day`."""
        result: dict[int, list[Decimal]] = defaultdict(list)
        for support in self.supports:
            if not is_active(support.start, support.end, day):
                continue
            if any(is_active(s, e, day) for s, e in self.stays[support.resident_id]):
                result[support.organisation_id].append(support.hours)
        return result


def _active_on(day: datetime.date | None) -> Q:
    """Periods active on `day` (all periods when None)."""
    if day is None:
        return Q()
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gt=day))


def _care_inputs_many(
    communities: list[Community],
    on: datetime.date | None = None,
    mix_inputs: dict[int, MixInputs] | None = None,
) -> dict[int, _CareInputs]:
    """The care inputs of many communities, with the care organisations: two queries, one when
    `mix_inputs` (covering `on`) give the stays. With `on`, only the periods active that day
    (enough for `indicated_on(on)`, and far fewer rows than the whole history)."""
    ids = [c.pk for c in communities]
    result = {pk: _CareInputs() for pk in ids}
    for support in (
        SupportPeriod.objects.filter(_active_on(on), resident__community_id__in=ids)
        .annotate(of_community=F("resident__community_id"))
        .select_related("care_organisation")
    ):
        inputs = result[support.of_community]
        inputs.supports.append(
            _Support(
                support.resident_id,
                support.care_organisation_id,
                support.start_date,
                support.end_date,
                support.hours_per_week,
            )
        )
        inputs.organisations[support.care_organisation_id] = support.care_organisation
    if mix_inputs is not None:
        for pk in ids:
            for stay in mix_inputs[pk].stays:
                result[pk].stays[stay.resident_id].append((stay.start, stay.end))
        return result
    for community_id, resident_id, start, end in TenancyResident.objects.filter(
        _active_on(on), tenancy__unit__community_id__in=ids
    ).values_list("tenancy__unit__community_id", "resident_id", "start_date", "end_date"):
        result[community_id].stays[resident_id].append((start, end))
    return result


@dataclass(frozen=True)
class CareNormRow:
    organisation: Organisation
    clients: int
    indicated_total: Decimal
    norm: Decimal


def care_hours_norms_many(
    *,
    communities: list[Community],
    on: datetime.date,
    mix_inputs: dict[int, MixInputs] | None = None,
) -> dict[int, list[CareNormRow]]:
    """`care_hours_norms` for many communities, in two queries whatever their number (one when
    the mix inputs covering `on` are passed in: the stays come from those)."""
    result = {}
    all_inputs = _care_inputs_many(communities, on, mix_inputs)
    for community in communities:
        inputs = all_inputs[community.pk]
        norms = community_norms(community)
        result[community.pk] = sorted(
            (
                CareNormRow(
                    organisation=inputs.organisations[org_id],
                    clients=len(hours),
                    indicated_total=sum(hours, Decimal(0)),
                    norm=norms.care_norm(indicated_hours_per_week=hours),
                )
                for org_id, hours in inputs.indicated_on(on).items()
            ),
            key=lambda row: row.organisation.name,
        )
    return result


def care_hours_norms(*, community: Community, on: datetime.date) -> list[CareNormRow]:
    """Per care organisation: its clients at the location with support active on `on`, their
    indicated hours per week, and the organisation's 10%."""
    return care_hours_norms_many(communities=[community], on=on)[community.pk]


def week_status(
    *, realised: Decimal, low: Decimal, high: Decimal, running: bool
) -> NormStatus | None:
    """The status of a week against its norm. A running week that has not reached the norm yet
    has none: halfway through the week 3 of 8 hours is not "onder de norm" (the page shows
    "lopend"); once it reaches or passes the norm that is already true."""
    status = norm_status(realised=realised, low=low, high=high)
    if running and status == NormStatus.BELOW:
        return None
    return status


@dataclass(frozen=True)
class WeekFigure:
    week_start: datetime.date
    realised: Decimal
    low: Decimal | None  # None: hidden (small count) or no norm
    high: Decimal | None
    status: NormStatus | None
    running: bool = False  # the current, not yet complete week
    explanation: str = ""
    breakdown: Decimal | None = None  # the coach: hours noted on activities (not extra)

    @property
    def norm_label(self) -> str:
        return "" if self.low is None else hours_range_label(self.low, self.high)


@dataclass
class CareOrganisationHours:
    organisation: Organisation | None  # None: begeleiders without an organisation
    clients: int  # on the last day of the period
    indicated_total: Decimal
    norm: Decimal
    begeleiders: int  # distinct begeleiders over the period
    masked: bool  # 1–4 clients and the viewer is not of this organisation
    weeks: list[WeekFigure] = field(default_factory=list)
    # Aggregate viewers: the clients count as suppression shows it ("< 5", "x"), and no
    # indicated hours or norm at all (set by hours_overview).
    clients_shown: str | None = None

    @property
    def clients_label(self) -> str:
        if self.clients_shown is not None:
            return self.clients_shown
        return f"< {SMALL_COUNT_THRESHOLD}" if self.masked else str(self.clients)

    @property
    def indicated_label(self) -> str:
        return "" if self.masked else fmt_hours(self.indicated_total)

    @property
    def norm_label(self) -> str:
        return "" if self.masked else fmt_hours(self.norm)


@dataclass
class HoursOverview:
    community: Community
    units: int
    weeks: list[datetime.date]
    today: datetime.date
    phase: Phase
    coach_norm: CoachNorm  # today
    coach: list[WeekFigure]
    care: list[CareOrganisationHours]
    management_norm: tuple[Decimal, Decimal]
    management: list[WeekFigure]
    distinct_begeleiders: int
    norms: NormsInForce | None = None


def _phases(community: Community, days: list[datetime.date]) -> dict[datetime.date, Phase]:
    decisions = list(
        PilotLightDecision.objects.filter(community=community)
        .order_by("decided_on", "created_at")
        .values_list("decided_on", "active")
    )
    phases = {}
    for day in days:
        in_force = [active for decided_on, active in decisions if decided_on <= day]
        phases[day] = phase_on(
            residents_moved_in_on=community.residents_moved_in_on,
            day=day,
            pilot_light_active=bool(in_force and in_force[-1]),
        )
    return phases


def _activity_hours(community: Community, weeks: list[datetime.date]) -> dict:
    first = datetime.datetime.combine(weeks[0], datetime.time.min)
    first = timezone.make_aware(first) if timezone.is_naive(first) else first
    totals: dict[datetime.date, Decimal] = defaultdict(Decimal)
    for starts_at, hours in Activity.objects.filter(
        community=community, starts_at__gte=first
    ).values_list("starts_at", "coach_hours"):
        totals[week_start(timezone.localtime(starts_at).date())] += hours
    return totals


def hours_overview(
    *,
    community: Community,
    today: datetime.date,
    viewer: User | None = None,
    weeks: int = OVERVIEW_WEEKS,
    units: int | None = None,
    mix_today: CommunityMix | None = None,
) -> HoursOverview:
    """Realised hours per week against the norms for the last `weeks` weeks (the last one is the
    running week), per kind; care per care organisation. A handful of queries, whatever the
    number of weeks. `units` and `mix_today` (the mix on `today`), when the caller has them
    already (the community page), save their queries."""
    mondays = week_starts(until=today, weeks=weeks)
    current = week_start(today)
    units = community.units.count() if units is None else units
    phases = _phases(community, [*mondays, today])
    norms = community_norms(community)

    realised: dict[tuple[str, datetime.date], Decimal] = defaultdict(Decimal)
    care_realised: dict[tuple[int | None, datetime.date], Decimal] = defaultdict(Decimal)
    begeleiders: dict[int | None, set[int]] = defaultdict(set)
    for kind, monday, hours, user_id, org_id in community.time_entries.filter(
        week_start__gte=mondays[0], week_start__lte=mondays[-1]
    ).values_list("kind", "week_start", "hours", "user_id", "user__organisation_id"):
        realised[kind, monday] += hours
        if kind == TimeKind.CARE:
            care_realised[org_id, monday] += hours
            begeleiders[org_id].add(user_id)

    activity_hours = _activity_hours(community, mondays)
    coach = []
    for monday in mondays:
        norm = norms.coach_norm(units=units, phase=phases[monday])
        value = realised[TimeKind.COACH, monday]
        coach.append(
            WeekFigure(
                week_start=monday,
                realised=value,
                low=norm.low,
                high=norm.high,
                status=week_status(
                    realised=value, low=norm.low, high=norm.high, running=monday == current
                ),
                running=monday == current,
                explanation=norm.explanation,
                breakdown=activity_hours.get(monday, Decimal(0)),
            )
        )

    management_low, management_high = norms.management_norm(units=units)
    management = [
        WeekFigure(
            week_start=monday,
            realised=realised[TimeKind.MANAGEMENT, monday],
            low=management_low,
            high=management_high,
            status=week_status(
                realised=realised[TimeKind.MANAGEMENT, monday],
                low=management_low,
                high=management_high,
                running=monday == current,
            ),
            running=monday == current,
        )
        for monday in mondays
    ]

    care_inputs = _care_inputs_many([community])[community.pk]
    indicated_by_week = {monday: care_inputs.indicated_on(monday) for monday in mondays}
    indicated_today = care_inputs.indicated_on(today)
    org_ids = set(indicated_today) | set(begeleiders)
    for by_org in indicated_by_week.values():
        org_ids |= set(by_org)
    organisations = Organisation.objects.in_bulk([o for o in org_ids if o is not None])
    viewer_org = viewer.organisation_id if viewer is not None else None
    # Gemeente and stuurgroep see no norm of a care organisation: it is 10% of the clients'
    # indicated hours, so a week-to-week change gives away one client's indication (5,4 → 4,7
    # when one support ends). Their clients per organisation go through the suppression of
    # the begeleid total they see on the community page (issue 9, item 6).
    aggregate = viewer is not None and is_aggregate_only(viewer, community)
    care = []
    for org_id in org_ids:
        today_hours = indicated_today.get(org_id, [])
        masked = aggregate or (
            org_id != viewer_org and 0 < len(today_hours) < SMALL_COUNT_THRESHOLD
        )
        row = CareOrganisationHours(
            organisation=organisations.get(org_id),
            clients=len(today_hours),
            indicated_total=sum(today_hours, Decimal(0)),
            norm=norms.care_norm(indicated_hours_per_week=today_hours),
            begeleiders=len(begeleiders.get(org_id, ())),
            masked=masked,
        )
        for monday in mondays:
            week_hours = indicated_by_week[monday].get(org_id, [])
            week_masked = aggregate or (
                org_id != viewer_org and 0 < len(week_hours) < SMALL_COUNT_THRESHOLD
            )
            norm = norms.care_norm(indicated_hours_per_week=week_hours)
            value = care_realised[org_id, monday]
            row.weeks.append(
                WeekFigure(
                    week_start=monday,
                    realised=value,
                    low=None if week_masked else norm,
                    high=None if week_masked else norm,
                    status=None
                    if week_masked
                    else week_status(
                        realised=value, low=norm, high=norm, running=monday == current
                    ),
                    running=monday == current,
                )
            )
        care.append(row)
    care.sort(key=lambda r: (r.organisation is None, r.organisation.name if r.organisation else ""))
    if aggregate:
        cells = mix_cells(
            (mix_today or community_mix(community=community, on=today)).overall,
            org_clients={index: row.clients for index, row in enumerate(care)},
        )
        for index, row in enumerate(care):
            row.clients_shown = cells.label(("org", index))

    return HoursOverview(
        community=community,
        units=units,
        weeks=mondays,
        today=today,
        phase=phases[today],
        coach_norm=norms.coach_norm(units=units, phase=phases[today]),
        coach=coach,
        care=care,
        management_norm=(management_low, management_high),
        management=management,
        distinct_begeleiders=len(set().union(*begeleiders.values())) if begeleiders else 0,
        norms=norms,
    )


@dataclass(frozen=True)
class PanelLine:
    label: str
    this_week: Decimal
    average: Decimal  # over the last complete weeks
    low: Decimal | None
    high: Decimal | None
    status: NormStatus | None

    @property
    def norm_label(self) -> str:
        return "" if self.low is None else hours_range_label(self.low, self.high)


def _average(figures: list[WeekFigure]) -> Decimal:
    complete = [f for f in figures if not f.running][-PANEL_AVERAGE_WEEKS:]
    if not complete:
        return Decimal(0)
    return (sum((f.realised for f in complete), Decimal(0)) / len(complete)).quantize(
        Decimal("0.1")
    )


def _line(label: str, figures: list[WeekFigure], low, high) -> PanelLine:
    average = _average(figures)
    return PanelLine(
        label=label,
        this_week=figures[-1].realised if figures and figures[-1].running else Decimal(0),
        average=average,
        low=low,
        high=high,
        status=None if low is None else norm_status(realised=average, low=low, high=high),
    )


def hours_panel(
    *,
    community: Community,
    user: User,
    today: datetime.date,
    units: int | None = None,
    mix_today: CommunityMix | None = None,
) -> dict:
    """The community page's panel: this week and the average of the last four complete weeks
    against the norm, per kind (and per care organisation)."""
    overview = hours_overview(
        community=community,
        today=today,
        viewer=user,
        weeks=PANEL_AVERAGE_WEEKS + 1,
        units=units,
        mix_today=mix_today,
    )
    lines = [
        _line(
            _("Communitycoach"),
            overview.coach,
            overview.coach_norm.low,
            overview.coach_norm.high,
        )
    ]
    for row in overview.care:
        name = row.organisation.name if row.organisation else _("Begeleiders")
        hidden = row.masked
        lines.append(
            _line(
                _("Begeleiders %(org)s") % {"org": name},
                row.weeks,
                None if hidden else row.norm,
                None if hidden else row.norm,
            )
        )
    lines.append(_line(_("Beheer"), overview.management, *overview.management_norm))
    return {
        "community": community,
        "overview": overview,
        "lines": lines,
        "coach_norm": overview.coach_norm,
        "norms": overview.norms,
    }
