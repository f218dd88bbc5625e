"""Activities and participation: the coach's activity log, the community's own list of activity
kinds, contributions that are not activities, and the figures the model monitors (the
participation share against 50–70%, the share of activities organised by residents).

Reads (selectors) and writes (services) of this area live together here: plain keyword-only
functions, Dutch ValidationError messages. Callers pass a community already fetched through the
user's scope (`communities.access`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.constants import DEFAULT_ACTIVITY_KINDS, ActivityPlace, OrganisedBy
from communities.mix import is_active
from communities.models import (
    Activity,
    ActivityKind,
    Community,
    OtherContribution,
    Resident,
    TenancyResident,
    User,
)
from communities.privacy import is_small, masked_count
from communities.selectors import MixInputs, mix_inputs_many
from gemengdwonen.choices import label
from gemengdwonen.dates import add_months, months_before

# The model's band for active contribution (DESIGN.md §3): 50–70% of the residents. Above 70% is
# fine, not a warning; the band edges belong to "binnen".
PARTICIPATION_BAND = (Fraction(50), Fraction(70))
DEFAULT_PERIOD_MONTHS = 3
# How far ahead an activity may be planned: a typo in the year must not slip through.
MAX_DAYS_AHEAD = 365
MAX_COACH_HOURS = Decimal("24")
MAX_HEADCOUNT = 1000

RESIDENT_ORGANISED = (OrganisedBy.RESIDENTS, OrganisedBy.BOTH)


def _d(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


def default_period(*, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last three months, up to and including today."""
    return months_before(today, DEFAULT_PERIOD_MONTHS) + datetime.timedelta(days=1), today


# --- Activity kinds ---------------------------------------------------------------------------


def activity_kinds_ensure(*, community: Community) -> QuerySet[ActivityKind]:
    """The community's kinds; a community without any gets a copy of the default list, so the
    log form always has kinds to choose from (lazily: no signal on community creation)."""
    kinds = community.activity_kinds.all()
    if not kinds.exists():
        ActivityKind.objects.bulk_create(
            [
                ActivityKind(community=community, name=name, order=index * 10)
                for index, name in enumerate(DEFAULT_ACTIVITY_KINDS, start=1)
            ],
            ignore_conflicts=True,  # two first visits at once: the unique constraint decides
        )
    return community.activity_kinds.all()


@dataclass(frozen=True)
class KindRow:
    pk: int | None
    name: str
    active: bool
    order: int


@transaction.atomic
def activity_kinds_update(*, community: Community, rows: list[KindRow]) -> list[ActivityKind]:
    """Rename, deactivate, reorder and add kinds in one go. Kinds are never deleted (activities
    refer to them): deactivated kinds stay on old activities but leave the log form."""
    existing = {kind.pk: kind for kind in community.activity_kinds.select_for_update()}
    row_pks = {row.pk for row in rows}
    # Names of kinds not on the form stay taken.
    seen: dict[str, str] = {
        kind.name.casefold(): kind.name for pk, kind in existing.items() if pk not in row_pks
    }
    for row in rows:
        if row.pk is not None and row.pk not in existing:
            raise ValidationError(_("Deze soort activiteit hoort niet bij deze locatie."))
        name = " ".join(row.name.split())
        if row.pk is None and not name:
            continue  # an empty "new" row
        if not name:
            raise ValidationError(_("Elke soort activiteit heeft een naam nodig."))
        if name.casefold() in seen:
            raise ValidationError(
                _("De naam “%(name)s” komt twee keer voor.") % {"name": seen[name.casefold()]}
            )
        seen[name.casefold()] = name
    active_names = {
        " ".join(r.name.split()).casefold() for r in rows if r.active and " ".join(r.name.split())
    }
    untouched_active = [k for pk, k in existing.items() if k.active and pk not in row_pks]
    if not active_names and not untouched_active:
        raise ValidationError(_("Houd minstens één soort activiteit in gebruik."))
    result = []
    # Rename in two steps so that swapping two names does not trip the unique constraint.
    for row in rows:
        if row.pk is not None and existing[row.pk].name != " ".join(row.name.split()):
            kind = existing[row.pk]
            kind.name = f"~{kind.pk}~"
            kind.save(update_fields=["name"])
    for row in rows:
        name = " ".join(row.name.split())
        if row.pk is None:
            if name:
                result.append(
                    ActivityKind.objects.create(
                        community=community, name=name, active=row.active, order=row.order
                    )
                )
            continue
        kind = existing[row.pk]
        kind.name, kind.active, kind.order = name, row.active, row.order
        kind.save(update_fields=["name", "active", "order"])
        result.append(kind)
    return result


def last_kind_used(*, user: User, community: Community) -> ActivityKind | None:
    """The kind of the last activity this user logged here, if it is still in use."""
    activity = (
        Activity.objects.filter(community=community, recorded_by=user, kind__active=True)
        .select_related("kind")
        .order_by("-created_at", "-pk")
        .first()
    )
    return activity.kind if activity else None


# --- Residents --------------------------------------------------------------------------------


def resident_ids_living_on(*, community: Community, on: datetime.date) -> set[int]:
    return set(
        TenancyResident.objects.active_on(on)
        .filter(tenancy__unit__community=community)
        .values_list("resident_id", flat=True)
    )


@dataclass(frozen=True)
class ResidentChoice:
    resident: Resident
    unit_number: str


def resident_choices(*, community: Community, on: datetime.date) -> list[ResidentChoice]:
    """The residents living at the location on `on`, by first name (how a coach knows people),
    with their unit number to tell namesakes apart. Two queries."""
    stays = (
        TenancyResident.objects.active_on(on)
        .filter(tenancy__unit__community=community)
        .select_related("resident", "tenancy__unit")
    )
    rows = [ResidentChoice(stay.resident, stay.tenancy.unit.number) for stay in stays]
    return sorted(rows, key=lambda r: (r.resident.first_name, r.resident.last_name, r.unit_number))


# --- Logging activities -----------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityData:
    kind: ActivityKind
    starts_at: datetime.datetime
    organised_by: str = OrganisedBy.PROFESSIONALS
    organisers: tuple[Resident, ...] = ()
    place: str = ActivityPlace.MEETING_ROOM
    participants: tuple[Resident, ...] = ()
    neighbours_count: int = 0
    guests_count: int = 0
    coach_hours: Decimal = Decimal("0")
    title: str = ""
    note: str = ""


def _names(residents) -> str:
    return ", ".join(sorted(str(r) for r in residents))


def activity_validate(
    *, community: Community, data: ActivityData, existing: Activity | None = None
) -> None:
    """Every rule of an activity, with Dutch messages keyed by field."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    kind = data.kind
    if kind.community_id != community.pk:
        add("kind", _("Kies een soort activiteit van deze locatie."))
    elif not kind.active and not (existing and existing.kind_id == kind.pk):
        add("kind", _("Deze soort activiteit is niet meer in gebruik."))
    if timezone.is_naive(data.starts_at):
        raise ValueError("starts_at must be timezone-aware")
    day = timezone.localdate(data.starts_at)
    today = timezone.localdate()
    if day > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
        add("starts_at", _("Een activiteit ligt hooguit een jaar vooruit; controleer het jaar."))
    if day < community.start_date:
        add(
            "starts_at",
            _("De locatie bestaat pas sinds %(date)s.") % {"date": _d(community.start_date)},
        )
    if data.organised_by not in OrganisedBy.values:
        add("organised_by", _("Kies wie de activiteit organiseerde."))
    if data.place not in ActivityPlace.values:
        add("place", _("Kies waar de activiteit was."))
    for field, value in (
        ("neighbours_count", data.neighbours_count),
        ("guests_count", data.guests_count),
    ):
        if value < 0:
            add(field, _("Een aantal kan niet negatief zijn."))
        elif value > MAX_HEADCOUNT:
            add(field, _("Vul hooguit %(n)s in.") % {"n": MAX_HEADCOUNT})
    if data.coach_hours < 0:
        add("coach_hours", _("Het aantal uren kan niet negatief zijn."))
    elif data.coach_hours > MAX_COACH_HOURS:
        add("coach_hours", _("Hooguit 24 uur op één dag."))
    if len(data.title) > 200:
        add("title", _("Houd de titel korter dan 200 tekens."))
    if len(data.note) > 2000:
        add("note", _("Houd de notitie korter dan 2000 tekens."))

    living = resident_ids_living_on(community=community, on=day)
    for field, residents in (("participants", data.participants), ("organisers", data.organisers)):
        away = [r for r in residents if r.community_id != community.pk or r.pk not in living]
        if away:
            add(
                field,
                _("%(names)s woonde(n) op %(date)s niet op deze locatie.")
                % {"names": _names(away), "date": _d(day)},
            )
    if data.organised_by == OrganisedBy.PROFESSIONALS and data.organisers:
        add(
            "organisers",
            _(
                "U koos bewoners als organisator, maar de activiteit staat op "
                "“georganiseerd door professionals”. Kies “bewoners” of “samen”."
            ),
        )
    if data.organised_by in RESIDENT_ORGANISED and not data.organisers:
        add("organisers", _("Kies welke bewoners de activiteit organiseerden."))
    if errors:
        raise ValidationError(errors)


def _write(activity: Activity, data: ActivityData) -> Activity:
    for field in (
        "kind",
        "starts_at",
        "organised_by",
        "place",
        "neighbours_count",
        "guests_count",
        "coach_hours",
    ):
        setattr(activity, field, getattr(data, field))
    activity.title = data.title.strip()
    activity.note = data.note.strip()
    activity.save()
    activity.participants.set(data.participants)
    activity.organisers.set(data.organisers)
    return activity


@transaction.atomic
def activity_log(
    *,
    community: Community,
    data: ActivityData,
    recorded_by: User | None,
    repeated_from: Activity | None = None,
) -> Activity:
    activity_validate(community=community, data=data)
    if repeated_from is not None and repeated_from.community_id != community.pk:
        raise ValidationError(_("De activiteit die u herhaalt hoort bij een andere locatie."))
    activity = Activity(community=community, recorded_by=recorded_by, repeated_from=repeated_from)
    return _write(activity, data)


@transaction.atomic
def activity_update(*, activity: Activity, data: ActivityData) -> Activity:
    activity_validate(community=activity.community, data=data, existing=activity)
    return _write(activity, data)


REPEAT_AFTER = datetime.timedelta(days=7)


def activity_repeat_initial(*, activity: Activity) -> dict:
    """What the log form starts from when repeating an activity (the weekly lunch): the same
    kind, title, organisers, place, coach hours and participants, one week later. Participants
    are preselected to adjust; those who no longer live there are left out."""
    starts_at = timezone.localtime(activity.starts_at) + REPEAT_AFTER
    living = resident_ids_living_on(community=activity.community, on=starts_at.date())
    return {
        "kind": activity.kind if activity.kind.active else None,
        "title": activity.title,
        "date": starts_at.date(),
        "time": starts_at.time().replace(second=0, microsecond=0),
        "organised_by": activity.organised_by,
        "organisers": [r.pk for r in activity.organisers.all() if r.pk in living],
        "place": activity.place,
        "participants": [r.pk for r in activity.participants.all() if r.pk in living],
        "coach_hours": activity.coach_hours,
    }


# --- Other contributions ----------------------------------------------------------------------


@transaction.atomic
def other_contribution_record(
    *,
    community: Community,
    resident: Resident,
    noted_on: datetime.date,
    description: str,
    recorded_by: User | None,
) -> OtherContribution:
    """A resident contributes in a way that is not an activity (helps neighbours): it counts for
    the participation share."""
    errors: dict[str, list[str]] = {}
    description = " ".join(description.split())
    if not description:
        errors["description"] = [_("Beschrijf kort wat de bewoner doet.")]
    elif len(description) > 300:
        errors["description"] = [_("Houd de omschrijving korter dan 300 tekens.")]
    if noted_on > timezone.localdate():
        errors["noted_on"] = [_("Deze datum ligt in de toekomst.")]
    elif resident.community_id != community.pk or resident.pk not in resident_ids_living_on(
        community=community, on=noted_on
    ):
        errors["resident"] = [
            _("%(name)s woonde op %(date)s niet op deze locatie.")
            % {"name": resident, "date": _d(noted_on)}
        ]
    if errors:
        raise ValidationError(errors)
    return OtherContribution.objects.create(
        resident=resident, noted_on=noted_on, description=description, recorded_by=recorded_by
    )


def other_contributions(
    *, community: Community, start: datetime.date, end: datetime.date
) -> QuerySet[OtherContribution]:
    return (
        OtherContribution.objects.filter(
            resident__community=community, noted_on__gte=start, noted_on__lte=end
        )
        .select_related("resident", "recorded_by")
        .order_by("-noted_on", "-pk")
    )


# --- Lists ------------------------------------------------------------------------------------


def activities_of(*, community: Community, with_people: bool = True) -> QuerySet[Activity]:
    """The community's activities with what a list shows, without N+1 queries: the number of
    participants as a count per row (computed for the rows shown, after the page's LIMIT, not
    a GROUP BY over the whole table); the participants and organisers themselves only
    `with_people` (the export and the detail page)."""
    participants = (
        Activity.participants.through.objects.filter(activity_id=OuterRef("pk"))
        .order_by()
        .values("activity_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    activities = (
        community.activities.select_related("kind", "recorded_by")
        .annotate(participant_count=Coalesce(Subquery(participants), 0))
        .order_by("-starts_at", "-pk")
    )
    return activities.prefetch_related("participants", "organisers") if with_people else activities


def activities_between(
    *, community: Community, start: datetime.date, end: datetime.date
) -> QuerySet[Activity]:
    return community.activities.filter(_datetime_range(start, end))


def activity_export_headers() -> list[str]:
    return [
        _("Datum"),
        _("Tijd"),
        _("Soort"),
        _("Titel"),
        _("Georganiseerd door"),
        _("Organiserende bewoners"),
        _("Waar"),
        _("Aantal deelnemende bewoners"),
        _("Deelnemers"),
        _("Buurtbewoners"),
        _("Gasten"),
        _("Uren coach"),
        _("Notitie"),
    ]


def activity_export_rows(*, activities) -> list[dict]:
    """One row per activity, participants' names included (only users with VIEW_ACTIVITIES
    reach the list, and they may see them). Expects `activities_of` (prefetched)."""
    headers = activity_export_headers()
    rows = []
    for activity in activities:
        local = timezone.localtime(activity.starts_at)
        participants = activity.participants.all()
        values = [
            local.strftime("%d-%m-%Y"),
            local.strftime("%H:%M"),
            activity.kind.name,
            activity.title,
            label(OrganisedBy, activity.organised_by),
            _names(activity.organisers.all()),
            label(ActivityPlace, activity.place),
            len(participants),
            _names(participants),
            activity.neighbours_count,
            activity.guests_count,
            activity.coach_hours,
            activity.note,
        ]
        rows.append(dict(zip(headers, values, strict=True)))
    return rows


# --- Participation ----------------------------------------------------------------------------


class BandStatus:
    BELOW = "onder"
    WITHIN = "binnen"
    ABOVE = "boven"
    NONE = "geen"

    LABELS = {
        BELOW: gettext_lazy("Onder de bandbreedte"),
        WITHIN: gettext_lazy("Binnen de bandbreedte"),
        ABOVE: gettext_lazy("Boven de bandbreedte: prima"),
        NONE: gettext_lazy("Geen bewoners"),
    }
    CSS = {
        BELOW: "text-bg-warning",
        WITHIN: "text-bg-success",
        ABOVE: "text-bg-success",
        NONE: "text-bg-secondary",
    }


def band_status(share: Fraction | None) -> str:
    if share is None:
        return BandStatus.NONE
    low, high = PARTICIPATION_BAND
    if share < low:
        return BandStatus.BELOW
    if share > high:
        return BandStatus.ABOVE
    return BandStatus.WITHIN


@dataclass(frozen=True)
class GroupFigures:
    residents: int
    contributing: int

    @property
    def share(self) -> Fraction | None:
        return Fraction(100 * self.contributing, self.residents) if self.residents else None

    @property
    def share_percent(self) -> float | None:
        return None if self.share is None else float(self.share)

    @property
    def status(self) -> str:
        return band_status(self.share)

    @property
    def status_label(self) -> str:
        return str(BandStatus.LABELS[self.status])

    @property
    def status_css(self) -> str:
        return BandStatus.CSS[self.status]

    def hides_share(self) -> bool:
        """For aggregate viewers: a share that could point at fewer than 5 people (few who
        contribute, or few who do not) is not shown — the same rule as the mix."""
        return is_small(self.contributing, self.residents - self.contributing)

    def masked(self) -> dict:
        return {
            "residents": masked_count(self.residents),
            "contributing": masked_count(self.contributing),
            "share_percent": None if self.hides_share() else self.share_percent,
        }


@dataclass(frozen=True)
class ParticipationFigures:
    start: datetime.date
    end: datetime.date
    overall: GroupFigures
    supported: GroupFigures
    unsupported: GroupFigures
    by_activity: int  # contributing through activities (taking part or organising)
    by_other_contribution_only: int


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Local midnight at the start of `day`."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def _datetime_range(start: datetime.date, end: datetime.date) -> Q:
    """Activities on the days [start, end], as a range on `starts_at` (an index can serve it; a
    filter on `starts_at__date` cannot)."""
    return Q(
        starts_at__gte=start_of_day(start),
        starts_at__lt=start_of_day(end + datetime.timedelta(days=1)),
    )


def contributing_resident_ids_many(
    *, communities: list[Community], start: datetime.date, end: datetime.date
) -> dict[int, tuple[set[int], set[int]]]:
    """Per community: (ids through activities — taking part or organising —, ids through other
    contributions) in [start, end]. Three queries, whatever the number of communities."""
    ids = [c.pk for c in communities]
    result = {pk: (set(), set()) for pk in ids}
    in_period = Activity.objects.filter(_datetime_range(start, end), community_id__in=ids)
    # One UNION of plain queries on the link tables (an OR over two many-to-many joins would
    # multiply rows); the last column says which of the two sets a row belongs to.
    through_activities = models.Value(0, output_field=models.IntegerField())
    parts = [
        relation.objects.filter(activity__in=in_period)
        .order_by()
        .values_list("activity__community_id", "resident_id", through_activities)
        for relation in (Activity.participants.through, Activity.organisers.through)
    ]
    other = (
        OtherContribution.objects.filter(
            resident__community_id__in=ids, noted_on__gte=start, noted_on__lte=end
        )
        .order_by()
        .values_list(
            "resident__community_id",
            "resident_id",
            models.Value(1, output_field=models.IntegerField()),
        )
    )
    for community_id, resident_id, kind in parts[0].union(parts[1], other):
        result[community_id][kind].add(resident_id)
    return result


def contributing_resident_ids(
    *, community: Community, start: datetime.date, end: datetime.date
) -> tuple[set[int], set[int]]:
    """(ids through activities — taking part or organising —, ids through other
    contributions) in [start, end]."""
    return contributing_resident_ids_many(communities=[community], start=start, end=end)[
        community.pk
    ]


def participation_many(
    *,
    communities: list[Community],
    start: datetime.date,
    end: datetime.date,
    inputs: dict[int, MixInputs] | None = None,
) -> dict[int, ParticipationFigures]:
    """`participation` for many communities in five queries (three when the mix inputs that
    cover `end` are passed in: who lives there and who is supported come from those)."""
    if end < start:
        raise ValidationError(_("De einddatum ligt vóór de startdatum."))
    ids = [c.pk for c in communities]
    inputs = inputs or mix_inputs_many(communities=communities, start=end, end=end)
    living = {
        pk: {s.resident_id for s in inputs[pk].stays if is_active(s.start, s.end, end)}
        for pk in ids
    }
    supported_all = {
        s.resident_id for pk in ids for s in inputs[pk].supports if is_active(s.start, s.end, end)
    }
    contributing_by = contributing_resident_ids_many(communities=communities, start=start, end=end)
    result = {}
    for pk in ids:
        through_activities, through_other = contributing_by[pk]
        supported_ids = living[pk] & supported_all
        contributing = living[pk] & (through_activities | through_other)
        unsupported_ids = living[pk] - supported_ids
        result[pk] = ParticipationFigures(
            start=start,
            end=end,
            overall=GroupFigures(len(living[pk]), len(contributing)),
            supported=GroupFigures(len(supported_ids), len(contributing & supported_ids)),
            unsupported=GroupFigures(len(unsupported_ids), len(contributing & unsupported_ids)),
            by_activity=len(living[pk] & through_activities),
            by_other_contribution_only=len((living[pk] & through_other) - through_activities),
        )
    return result


def participation(
    *, community: Community, start: datetime.date, end: datetime.date
) -> ParticipationFigures:
    """The share of the residents living at the location on `end` who took part in or organised
    at least one activity in [start, end], or were marked as contributing otherwise; split by
    support active on `end`. A resident who moved out before `end` is not counted at all."""
    return participation_many(communities=[community], start=start, end=end)[community.pk]


# --- The split for roles that may not see support status -------------------------------------

# A begeleid / niet-begeleid split over a period the viewer chooses names people: a one-day
# period with one contribution shows "Begeleid 1" (issue 9). Roles without VIEW_SUPPORT_STATUS
# (welzijn, the residents' delegation, gemeente, stuurgroep) get the split only over a fixed
# calendar quarter, and only when every group (contributing or not, supported or not) counts
# at least SPLIT_MIN_COUNT people.
SPLIT_MIN_COUNT = 5


def last_full_quarter(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last calendar quarter that has ended on or before `day` (a quarter ending on `day`
    itself counts). *(decision)* A fixed quarter, not "three months back from a chosen day":
    sliding periods differ by single days and subtracting them names people again."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = datetime.date(day.year, first_month, 1)
    end = add_months(start, 3) - datetime.timedelta(days=1)
    if day != end:
        end = start - datetime.timedelta(days=1)
        start = months_before(start, 3)
    return start, end


@dataclass(frozen=True)
class QuarterSplit:
    start: datetime.date
    end: datetime.date
    figures: ParticipationFigures | None  # None: a group counts fewer than SPLIT_MIN_COUNT


def split_visible(figures: ParticipationFigures) -> bool:
    groups = (figures.supported, figures.unsupported)
    counts = [n for g in groups for n in (g.contributing, g.residents - g.contributing)]
    return min(counts) >= SPLIT_MIN_COUNT


def participation_split_without_status(
    *, community: Community, until: datetime.date
) -> QuarterSplit:
    """The begeleid / niet-begeleid split for a viewer who may not see support status: over the
    last full quarter up to `until`, or none at all when a group is small."""
    start, end = last_full_quarter(until)
    figures = participation(community=community, start=start, end=end)
    return QuarterSplit(start, end, figures if split_visible(figures) else None)


# --- Who organises ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthOrganisers:
    month: datetime.date  # first day of the month
    activities: int
    by_residents: int  # organised by residents or by residents and professionals together

    @property
    def share_percent(self) -> float | None:
        return 100 * self.by_residents / self.activities if self.activities else None


def _month_starts(until: datetime.date, months: int) -> list[datetime.date]:
    first = until.replace(day=1)
    return [months_before(first, n) for n in range(months - 1, -1, -1)]


def resident_organised_by_month(
    *, community: Community, until: datetime.date, months: int = 12
) -> list[MonthOrganisers]:
    """Per month (the last `months`, the current one up to `until`): how many activities there
    were and how many residents organised (alone or together with professionals). The coach
    hands activities over to residents: this share should grow. One query."""
    starts = _month_starts(until, months)
    counts = {start: [0, 0] for start in starts}
    for starts_at, organised_by in activities_between(
        community=community, start=starts[0], end=until
    ).values_list("starts_at", "organised_by"):
        month = timezone.localdate(starts_at).replace(day=1)
        counts[month][0] += 1
        counts[month][1] += organised_by in RESIDENT_ORGANISED
    return [MonthOrganisers(month, total, mine) for month, (total, mine) in counts.items()]


def resident_organised_share(
    *, community: Community, start: datetime.date, end: datetime.date
) -> MonthOrganisers:
    """Activities in [start, end] and how many of them residents organised (month = start)."""
    return resident_organised_shares(community=community, periods=[(start, end)])[0]


def resident_organised_shares(
    *, community: Community, periods: list[tuple[datetime.date, datetime.date]]
) -> list[MonthOrganisers]:
    """`resident_organised_share` for several periods in one query (the community page's panel
    shows this month and the last three months)."""
    by_residents = Q(organised_by__in=RESIDENT_ORGANISED)
    aggregates = {}
    for i, (start, end) in enumerate(periods):
        aggregates[f"total_{i}"] = Count("pk", filter=_datetime_range(start, end))
        aggregates[f"mine_{i}"] = Count("pk", filter=_datetime_range(start, end) & by_residents)
    first = min(start for start, _end in periods)
    last = max(end for _start, end in periods)
    totals = activities_between(community=community, start=first, end=last).aggregate(**aggregates)
    return [
        MonthOrganisers(start, totals[f"total_{i}"], totals[f"mine_{i}"])
        for i, (start, _end) in enumerate(periods)
    ]
