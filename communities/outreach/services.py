"""Outreach and ABCD: contacts and "last reached", who has not been reached lately, the team's
attention list, talents and needs of residents, and assets in the neighbourhood.

Reads (selectors) and writes (services) of this area live together here: plain keyword-only
functions, Dutch ValidationError messages. Callers pass a community (and residents, talents,
assets) already fetched through the user's scope (`communities.access`).

The not-reached list and the attention list are prompts for the team, never a score on a
resident: withdrawing is allowed, and the pages say so.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.constants import Action
from communities import access
from communities.access import Capability as C
from communities.constants import AssetKind, ContactKind, SignalKind, TalentKind
from communities.models import (
    Activity,
    Asset,
    Community,
    Contact,
    Resident,
    Signal,
    Talent,
    TalentTag,
    TenancyResident,
    Unit,
    User,
)
from communities.registry import attention_sources, register_attention_source
from communities.signals.services import COMPLAINT_KINDS, overdue_before
from gemengdwonen.choices import label

# A contact further back than this is most likely a typo in the year.
CONTACT_MAX_DAYS_BACK = 366
NOTE_MAX_LENGTH = Contact._meta.get_field("note").max_length
PREFERENCE_MAX_LENGTH = Resident._meta.get_field("approach_preference").max_length
TAG_MAX_LENGTH = TalentTag._meta.get_field("name").max_length
WEEKS_RANGE = (1, 52)

# The attention rules (issue 4). Months are calendar months.
STOPPED_RECENT_MONTHS = 2  # not taking part in the last two months ...
STOPPED_EARLIER_MONTHS = 3  # ... after taking part in the three months before those
STOPPED_MIN_TIMES = 3  # ... at least this often
COMPLAINTS_DAYS = 90
COMPLAINTS_MIN = 2


def _d(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


def _start_of(day: datetime.date) -> datetime.datetime:
    """Local midnight at the start of `day`, for comparing with activities' datetimes."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _local_day(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(value) if value is not None else None


def current_stays(*, community: Community, on: datetime.date) -> QuerySet[TenancyResident]:
    """The stays of the residents living at the location on `on`, with resident and unit."""
    return (
        TenancyResident.objects.active_on(on)
        .filter(tenancy__unit__community=community)
        .select_related("resident", "tenancy__unit__section")
    )


def _lived_there_on(resident: Resident, community: Community, day: datetime.date) -> bool:
    return (
        TenancyResident.objects.active_on(day)
        .filter(resident=resident, tenancy__unit__community=community)
        .exists()
    )


# --- Last reached ------------------------------------------------------------------------------


def _reached_rows(relation, ids, resident_ids, since, before):
    rows = relation.objects.filter(activity__community_id__in=ids, activity__starts_at__lt=before)
    if since is not None:
        rows = rows.filter(activity__starts_at__gte=_start_of(since + datetime.timedelta(days=1)))
    if resident_ids is not None:
        rows = rows.filter(resident_id__in=resident_ids)
    return (
        rows.values("resident_id")
        .annotate(last=Max("activity__starts_at"))
        .values_list("resident_id", "last")
    )


def last_reached_many(
    *,
    communities: list[Community],
    on: datetime.date,
    since: datetime.date | None = None,
    resident_ids: list[int] | None = None,
) -> dict[int, datetime.date]:
    """Per resident of these communities reached after `since` (default: ever) up to and
    including `on`: the latest such day — a recorded contact, or taking part in or organising
    an activity, which counts by itself. Residents not reached then are absent. Two queries,
    grouped (no correlated subquery per resident); `resident_ids` limits them to those."""
    ids = [c.pk for c in communities]
    before = _start_of(on + datetime.timedelta(days=1))
    contacts = Contact.objects.filter(resident__community_id__in=ids, contacted_on__lte=on)
    if since is not None:
        contacts = contacts.filter(contacted_on__gt=since)
    if resident_ids is not None:
        contacts = contacts.filter(resident_id__in=resident_ids)
    result: dict[int, datetime.date] = {}

    def keep(pk: int, day: datetime.date) -> None:
        if pk not in result or day > result[pk]:
            result[pk] = day

    for pk, day in (
        contacts.values("resident_id")
        .annotate(last=Max("contacted_on"))
        .values_list("resident_id", "last")
    ):
        keep(pk, day)
    # Taking part and organising in one round trip (UNION ALL of two grouped queries).
    participants, organisers = (
        _reached_rows(relation, ids, resident_ids, since, before).order_by()
        for relation in (Activity.participants.through, Activity.organisers.through)
    )
    for pk, moment in participants.union(organisers, all=True):
        keep(pk, timezone.localdate(moment))
    return result


def last_reached(
    *,
    community: Community,
    on: datetime.date | None = None,
    resident_ids: list[int] | None = None,
) -> dict[int, datetime.date | None]:
    """Per resident of the community (also former ones; or only `resident_ids`): the latest
    day they were reached up to and including `on` (default today). None when never."""
    on = on or timezone.localdate()
    residents = Resident.objects.filter(community=community)
    if resident_ids is not None:
        residents = residents.filter(pk__in=resident_ids)
    reached = last_reached_many(communities=[community], on=on, resident_ids=resident_ids)
    return {pk: reached.get(pk) for pk in residents.values_list("pk", flat=True)}


@dataclass(frozen=True)
class NotReachedRow:
    resident: Resident
    unit: Unit
    last_reached: datetime.date | None
    days_since: int | None

    @property
    def weeks_since(self) -> int | None:
        return None if self.days_since is None else self.days_since // 7


def weeks_validate(weeks: int) -> int:
    low, high = WEEKS_RANGE
    if not low <= weeks <= high:
        raise ValidationError(
            _("Kies een aantal weken van %(low)s tot en met %(high)s.") % {"low": low, "high": high}
        )
    return weeks


def current_stays_many(
    *, communities: list[Community], on: datetime.date
) -> dict[int, list[TenancyResident]]:
    """Per community, `current_stays` in one query."""
    result: dict[int, list[TenancyResident]] = {c.pk: [] for c in communities}
    for stay in (
        TenancyResident.objects.active_on(on)
        .filter(tenancy__unit__community__in=communities)
        .select_related("resident", "tenancy__unit__section")
    ):
        result[stay.tenancy.unit.community_id].append(stay)
    return result


def not_reached_many(
    *,
    communities: list[Community],
    on: datetime.date,
    weeks: int | None = None,
) -> dict[int, list[NotReachedRow]]:
    """`not_reached` per community in a fixed number of queries. Who was reached within the
    window is read from the window only; the full history is read only for the few residents
    not reached in it, to show when they were."""
    cutoffs = {
        c.pk: on
        - datetime.timedelta(
            weeks=weeks_validate(c.outreach_after_weeks if weeks is None else weeks)
        )
        for c in communities
    }
    stays = current_stays_many(communities=communities, on=on)
    recent = last_reached_many(
        communities=communities, on=on, since=min(cutoffs.values(), default=on)
    )
    stale = [
        stay.resident_id
        for c in communities
        for stay in stays[c.pk]
        if recent.get(stay.resident_id, datetime.date.min) <= cutoffs[c.pk]
    ]
    older = last_reached_many(communities=communities, on=on, resident_ids=stale) if stale else {}
    result = {}
    for c in communities:
        rows = []
        for stay in stays[c.pk]:
            last = recent.get(stay.resident_id) or older.get(stay.resident_id)
            if last is None or last <= cutoffs[c.pk]:
                rows.append(
                    NotReachedRow(
                        resident=stay.resident,
                        unit=stay.tenancy.unit,
                        last_reached=last,
                        days_since=None if last is None else (on - last).days,
                    )
                )
        rows.sort(
            key=lambda r: (
                r.last_reached is not None,
                r.last_reached or datetime.date.min,
                r.resident.last_name,
                r.resident.first_name,
            )
        )
        result[c.pk] = rows
    return result


def not_reached_counts(
    *, communities: list[Community], on: datetime.date, living: dict[int, set[int]]
) -> dict[int, int]:
    """How many of the residents in `living` (community id -> resident ids living there on
    `on`) were not reached in each community's window: three grouped queries over the window."""
    cutoffs = {
        c.pk: on - datetime.timedelta(weeks=weeks_validate(c.outreach_after_weeks))
        for c in communities
    }
    recent = last_reached_many(
        communities=communities, on=on, since=min(cutoffs.values(), default=on)
    )
    return {
        c.pk: sum(1 for pk in living[c.pk] if recent.get(pk, datetime.date.min) <= cutoffs[c.pk])
        for c in communities
    }


def not_reached(
    *, community: Community, on: datetime.date, weeks: int | None = None
) -> list[NotReachedRow]:
    """Residents living at the location on `on` whom nobody has reached for `weeks` weeks
    (default: the community's setting): last reached on or before `on` − `weeks` weeks, or
    never. Exactly six weeks ago counts as six weeks not reached. Never reached first, then
    the longest ago first."""
    return not_reached_many(communities=[community], on=on, weeks=weeks)[community.pk]


def contacts_of(*, resident: Resident, fetched_by, limit: int = 50) -> list[Contact]:
    """The resident's latest contacts with their notes, recording the read (a user or a system
    actor) in the audit trail."""
    contacts = list(resident.contacts.select_related("recorded_by")[:limit])
    audit.record_read(
        actor=fetched_by, obj=resident, community=resident.community, detail="contacten"
    )
    return contacts


# --- Contacts and approach preference ---------------------------------------------------------


@transaction.atomic
def contact_record(
    *,
    community: Community,
    resident: Resident,
    kind: str,
    contacted_on: datetime.date,
    note: str = "",
    by,
    today: datetime.date | None = None,
) -> Contact:
    """Record a contact with a resident of the community, on a day they lived there."""
    today = today or timezone.localdate()
    if resident.community_id != community.pk:
        raise ValidationError({"resident": _("Deze bewoner hoort niet bij deze locatie.")})
    if kind not in ContactKind.values:
        raise ValidationError({"kind": _("Kies een soort contact.")})
    if contacted_on > today:
        raise ValidationError({"contacted_on": _("Deze datum ligt in de toekomst.")})
    if contacted_on < today - datetime.timedelta(days=CONTACT_MAX_DAYS_BACK):
        raise ValidationError(
            {"contacted_on": _("Deze datum ligt meer dan een jaar terug; controleer het jaar.")}
        )
    if not _lived_there_on(resident, community, contacted_on):
        raise ValidationError(
            {
                "contacted_on": _("%(name)s woonde op %(date)s niet op de locatie.")
                % {"name": resident, "date": _d(contacted_on)}
            }
        )
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("Houd de notitie kort: hoogstens %(n)s tekens.") % {"n": NOTE_MAX_LENGTH}}
        )
    contact = Contact.objects.create(
        resident=resident,
        kind=kind,
        contacted_on=contacted_on,
        note=note,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit.record_write(actor=by, obj=contact, community=community, action=Action.CREATE)
    return contact


def approach_preference_set(*, resident: Resident, preference: str, by) -> Resident:
    """How the resident wants to be approached ("liever niet aan de deur"); empty clears it."""
    preference = " ".join(preference.split())
    if len(preference) > PREFERENCE_MAX_LENGTH:
        raise ValidationError(
            {"approach_preference": _("Hoogstens %(n)s tekens.") % {"n": PREFERENCE_MAX_LENGTH}}
        )
    resident.approach_preference = preference
    resident.save(update_fields=["approach_preference"])
    audit.record_write(actor=by, obj=resident, community=resident.community, detail="benadering")
    return resident


# --- Attention list ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AttentionItem:
    """One weak signal for the team. `requires` is a capability the viewer needs to see the
    item; `signal_ids` are signals the item is derived from: a viewer sees the item only when
    they may see every one of them (a begeleider: signals about own clients)."""

    rule: str
    title: str
    detail: str
    resident: Resident | None = None
    since: datetime.date | None = None
    url: str = ""
    requires: str | None = None
    signal_ids: tuple[int, ...] = field(default=())


AttentionSource = Callable[[Community, datetime.date], list[AttentionItem]]
# The same source for many communities at once: community id -> items.
ManyAttentionSource = Callable[[list[Community], datetime.date], dict[int, list[AttentionItem]]]

# Sources of attention items live in the one registry (communities.registry): the rules below
# and other apps' (the IMO's overdue check-ins: imo/attention.py), so `communities` never imports
# them. A source made with `for_many` answers for many communities in a fixed number of queries
# (the home page asks for all of a user's locations at once); a plain source is called once per
# community.


def for_many(many: ManyAttentionSource) -> AttentionSource:
    """A one-community attention source from its many-community form (kept as `.many`)."""

    def source(community: Community, today: datetime.date) -> list[AttentionItem]:
        return many([community], today).get(community.pk, [])

    source.many = many
    source.__module__ = many.__module__
    source.__name__ = source.__qualname__ = many.__name__.removesuffix("_many")
    source.__doc__ = many.__doc__
    return source


def attention_list_many(
    *, communities: list[Community], today: datetime.date
) -> dict[int, list[AttentionItem]]:
    """Every item of every source per community, oldest first: not filtered for a viewer."""
    result: dict[int, list[AttentionItem]] = {c.pk: [] for c in communities}
    for source in attention_sources():
        many = getattr(source, "many", None)
        if many is not None:
            for pk, items in many(communities, today).items():
                result[pk].extend(items)
        else:
            for community in communities:
                result[community.pk].extend(source(community, today))
    for items in result.values():
        items.sort(key=lambda i: (i.since is None, i.since or datetime.date.min, i.rule))
    return result


def attention_list(*, community: Community, today: datetime.date) -> list[AttentionItem]:
    """Every item of every source, oldest first: not filtered for a viewer (see
    `attention_for`)."""
    return attention_list_many(communities=[community], today=today)[community.pk]


def attention_for_many(
    *, user: User, communities: list[Community], today: datetime.date
) -> dict[int, list[AttentionItem]]:
    """The attention list per community as this team member may see it."""
    shown = [c for c in communities if access.has_capability(user, c, C.VIEW_OUTREACH)]
    result: dict[int, list[AttentionItem]] = {c.pk: [] for c in communities}
    if not shown:
        return result
    items_by = attention_list_many(communities=shown, today=today)
    # The signals an item may point at: the open ones and those of the last COMPLAINTS_DAYS.
    # Read as one bounded query whether or not any item points at a signal (the same number of
    # queries every time); an item pointing at any other signal stays hidden.
    visible = set(
        access.signals_visible_in(user, shown)
        .filter(
            Q(closed_on__isnull=True)
            | Q(reported_on__gte=today - datetime.timedelta(days=COMPLAINTS_DAYS))
        )
        .values_list("pk", flat=True)
    )
    for community in shown:
        caps = access.capabilities_in(user, community)
        result[community.pk] = [
            item
            for item in items_by[community.pk]
            if (item.requires is None or item.requires in caps)
            and all(pk in visible for pk in item.signal_ids)
        ]
    return result


def attention_for(*, user: User, community: Community, today: datetime.date) -> list[AttentionItem]:
    """The attention list as this team member may see it."""
    return attention_for_many(user=user, communities=[community], today=today)[community.pk]


def _outreach_url(community: Community, resident: Resident) -> str:
    return reverse("resident_outreach", args=[community.slug, resident.pk])


def _living_on(communities: list[Community], day: datetime.date) -> QuerySet:
    """Ids of the residents living at these communities on `day`, as a subquery."""
    return (
        TenancyResident.objects.active_on(day)
        .filter(tenancy__unit__community__in=communities)
        .values("resident_id")
    )


def _taking_part_by_resident(
    communities: list[Community],
    start: datetime.date,
    split: datetime.date,
    end: datetime.date,
    keep: Callable[[int, int], bool],
) -> dict[int, dict]:
    """Per resident living there on `end` who took part in or organised an activity in
    [start, end]: how many activities on or before `split` and after it (each activity once,
    whether taken part in, organised or both), the last day on or before `split`, and the
    name; only the residents for whom `keep(earlier, recent)` holds. Counted in the database:
    two grouped queries in one UNION ALL, one row per resident."""
    split_at = _start_of(split + datetime.timedelta(days=1))
    # Who lives there is read apart and applied here: as a subquery in the grouped queries it
    # led PostgreSQL to join every resident with every activity (100 ms for one location
    # instead of 6 ms).
    living = set(_living_on(communities, end).values_list("resident_id", flat=True))
    period = {
        "activity_id__in": Activity.objects.filter(
            community__in=communities,
            starts_at__gte=_start_of(start),
            starts_at__lt=_start_of(end + datetime.timedelta(days=1)),
        ).values("id")
    }
    took_part = Activity.participants.through.objects.filter(**period)
    # Organising counts too, but an activity someone organised and took part in counts once.
    organised_only = Activity.organisers.through.objects.filter(**period).exclude(
        Exists(
            Activity.participants.through.objects.filter(
                activity_id=OuterRef("activity_id"), resident_id=OuterRef("resident_id")
            )
        )
    )

    def grouped(rows):
        return (
            rows.values("resident_id")
            .annotate(
                earlier=Count("pk", filter=Q(activity__starts_at__lt=split_at)),
                recent=Count("pk", filter=Q(activity__starts_at__gte=split_at)),
                last_earlier=Max("activity__starts_at", filter=Q(activity__starts_at__lt=split_at)),
            )
            .values_list(
                "resident_id",
                "resident__first_name",
                "resident__last_name",
                "resident__community_id",
                "earlier",
                "recent",
                "last_earlier",
            )
            .order_by()
        )

    # Both grouped queries in one round trip (UNION ALL: a resident may come from both). Summed
    # as plain tuples first: at many locations thousands of residents take part, and only the
    # few that `keep` selects become objects.
    totals: dict[int, list] = {}
    for pk, first, last, community_id, earlier, recent, last_earlier in grouped(took_part).union(
        grouped(organised_only), all=True
    ):
        row = totals.get(pk)
        if row is None:
            totals[pk] = [first, last, community_id, earlier, recent, last_earlier]
            continue
        row[3] += earlier
        row[4] += recent
        if last_earlier is not None and (row[5] is None or last_earlier > row[5]):
            row[5] = last_earlier
    result: dict[int, dict] = {}
    for pk, (first, last, community_id, earlier, recent, last_earlier) in totals.items():
        if pk not in living or not keep(earlier, recent):
            continue
        result[pk] = {
            "resident": Resident(
                pk=pk, first_name=first, last_name=last, community_id=community_id
            ),
            "earlier": earlier,
            "recent": recent,
            "last": timezone.localdate(last_earlier) if last_earlier is not None else None,
        }
    return result


def stopped_taking_part_many(
    communities: list[Community], today: datetime.date
) -> dict[int, list[AttentionItem]]:
    """Residents living there who took part (or organised) at least 3 times in the 3 calendar
    months before the last 2, and not at all in the last 2: recent = (today − 2 months, today],
    earlier = (today − 5 months, today − 2 months]. Two grouped queries."""
    recent_start = today - relativedelta(months=STOPPED_RECENT_MONTHS)
    earlier_start = recent_start - relativedelta(months=STOPPED_EARLIER_MONTHS)
    by_resident = _taking_part_by_resident(
        communities,
        earlier_start + datetime.timedelta(days=1),
        recent_start,
        today,
        keep=lambda earlier, recent: earlier >= STOPPED_MIN_TIMES and not recent,
    )
    by_pk = {c.pk: c for c in communities}
    result: dict[int, list[AttentionItem]] = {c.pk: [] for c in communities}
    for row in by_resident.values():
        resident = row["resident"]
        community = by_pk[resident.community_id]
        result[community.pk].append(
            AttentionItem(
                rule="gestopt",
                title=_("Doet niet meer mee"),
                detail=_(
                    "Deed %(n)s keer mee tussen %(start)s en %(end)s; sindsdien niet "
                    "meer (laatst op %(last)s)."
                )
                % {
                    "n": row["earlier"],
                    "start": _d(earlier_start + datetime.timedelta(days=1)),
                    "end": _d(recent_start),
                    "last": _d(row["last"]),
                },
                resident=resident,
                since=row["last"],
                url=_outreach_url(community, resident),
            )
        )
    return result


stopped_taking_part = for_many(stopped_taking_part_many)


def signals_open_too_long_many(
    communities: list[Community], today: datetime.date
) -> dict[int, list[AttentionItem]]:
    """Open signals older than the community's `signal_overdue_days`."""
    by_pk = {c.pk: c for c in communities}
    overdue = Q(pk__in=[])
    for community in communities:
        overdue |= Q(
            community=community,
            reported_on__lt=overdue_before(community=community, today=today),
        )
    open_overdue = Signal.objects.filter(overdue, closed_on__isnull=True)
    # The residents through a subquery, not a prefetch: the same two queries whether or not
    # any signal is overdue (a prefetch skips its query when there is nothing to prefetch).
    residents_of: dict[int, list[Resident]] = defaultdict(list)
    for link in (
        Signal.residents.through.objects.filter(signal__in=open_overdue)
        .select_related("resident")
        .order_by("resident__last_name", "resident__first_name")
    ):
        residents_of[link.signal_id].append(link.resident)
    signals = open_overdue.select_related("unit").order_by("reported_on", "pk")
    result: dict[int, list[AttentionItem]] = {c.pk: [] for c in communities}
    for signal in signals:
        community = by_pk[signal.community_id]
        residents = residents_of[signal.pk]
        who = ", ".join(str(r) for r in residents) or (
            _("eenheid %(unit)s") % {"unit": signal.unit} if signal.unit else ""
        )
        result[community.pk].append(
            AttentionItem(
                rule="signaal_open",
                title=_("Signaal staat lang open"),
                detail=_("%(kind)s, gemeld op %(date)s, %(days)s dagen open%(who)s.")
                % {
                    "kind": label(SignalKind, signal.kind),
                    "date": _d(signal.reported_on),
                    "days": (today - signal.reported_on).days,
                    "who": f" ({who})" if who else "",
                },
                resident=residents[0] if residents else None,
                since=signal.reported_on,
                url=reverse("signal_detail", args=[community.slug, signal.pk]),
                requires=C.VIEW_SIGNALS,
                signal_ids=(signal.pk,),
            )
        )
    return result


signals_open_too_long = for_many(signals_open_too_long_many)


def repeated_complaints_many(
    communities: list[Community], today: datetime.date
) -> dict[int, list[AttentionItem]]:
    """Residents living there involved in at least 2 signals of kind overlast or conflict
    reported in the last 90 days (reported on or after today − 90 days), open or closed. One
    query."""
    start = today - datetime.timedelta(days=COMPLAINTS_DAYS)
    rows = (
        Signal.residents.through.objects.filter(
            signal__community__in=communities,
            signal__kind__in=COMPLAINT_KINDS,
            signal__reported_on__gte=start,
            signal__reported_on__lte=today,
            resident_id__in=_living_on(communities, today),
        )
        .select_related("resident", "signal")
        .order_by("resident__last_name", "resident__first_name", "resident_id")
    )
    by_resident: dict[Resident, dict[int, datetime.date]] = defaultdict(dict)
    for row in rows:
        by_resident[row.resident][row.signal_id] = row.signal.reported_on
    by_pk = {c.pk: c for c in communities}
    result: dict[int, list[AttentionItem]] = {c.pk: [] for c in communities}
    for resident, signals in by_resident.items():
        if len(signals) >= COMPLAINTS_MIN:
            community = by_pk[resident.community_id]
            result[community.pk].append(
                AttentionItem(
                    rule="klachten",
                    title=_("Herhaalde klachten"),
                    detail=_(
                        "Betrokken bij %(n)s meldingen van overlast of conflict sinds %(start)s."
                    )
                    % {"n": len(signals), "start": _d(start)},
                    resident=resident,
                    since=min(signals.values()),
                    url=_outreach_url(community, resident),
                    requires=C.VIEW_SIGNALS,
                    signal_ids=tuple(sorted(signals)),
                )
            )
    return result


repeated_complaints = for_many(repeated_complaints_many)

register_attention_source(stopped_taking_part)
register_attention_source(signals_open_too_long)
register_attention_source(repeated_complaints)


# --- Talents and needs (ABCD) ------------------------------------------------------------------


def tag_normalise(name: str) -> str:
    """One spelling per tag: lower case, single spaces ("  Computer  Hulp" -> "computer
    hulp")."""
    return " ".join(name.split()).lower()


def tag_for(*, name: str) -> TalentTag:
    """The tag with this (normalised) name; a new free tag when there is none."""
    normalised = tag_normalise(name)
    if not normalised:
        raise ValidationError({"tag": _("Vul een talent of vraag in.")})
    if len(normalised) > TAG_MAX_LENGTH:
        raise ValidationError({"tag": _("Hoogstens %(n)s tekens.") % {"n": TAG_MAX_LENGTH}})
    tag = TalentTag.objects.filter(name__iexact=normalised).first()
    if tag is None:
        try:
            with transaction.atomic():
                tag = TalentTag.objects.create(name=normalised, shared=False)
        except IntegrityError:  # someone else created it at the same moment
            tag = TalentTag.objects.get(name=normalised)
    return tag


def shared_tags_ensure(*, names: list[str]) -> list[TalentTag]:
    """Put these tags on the shared list (creating them when needed)."""
    tags = []
    for name in names:
        tag = tag_for(name=name)
        if not tag.shared:
            tag.shared = True
            tag.save(update_fields=["shared"])
        tags.append(tag)
    return tags


def tag_suggestions(*, community: Community) -> list[str]:
    """The shared list plus the free tags already used in this community."""
    used = TalentTag.objects.filter(talents__resident__community=community)
    shared = TalentTag.objects.filter(shared=True)
    return sorted(
        set(shared.values_list("name", flat=True)) | set(used.values_list("name", flat=True))
    )


@transaction.atomic
def talent_add(
    *, community: Community, resident: Resident, kind: str, tag_name: str, note: str = "", by
) -> Talent:
    if resident.community_id != community.pk:
        raise ValidationError(_("Deze bewoner hoort niet bij deze locatie."))
    if kind not in TalentKind.values:
        raise ValidationError({"kind": _("Kies vraag of aanbod.")})
    tag = tag_for(name=tag_name)
    note = note.strip()
    if len(note) > Talent._meta.get_field("note").max_length:
        raise ValidationError({"note": _("De toelichting is te lang.")})
    if Talent.objects.filter(resident=resident, kind=kind, tag=tag).exists():
        raise ValidationError({"tag": _("“%(tag)s” staat hier al.") % {"tag": tag.name}})
    talent = Talent.objects.create(resident=resident, kind=kind, tag=tag, note=note)
    audit.record_write(actor=by, obj=resident, community=community, detail="talent")
    return talent


def talent_remove(*, talent: Talent, by) -> None:
    resident = talent.resident
    talent.delete()
    audit.record_write(actor=by, obj=resident, community=resident.community, detail="talent weg")


def talents_of(*, resident: Resident, fetched_by) -> dict[str, list[Talent]]:
    """The resident's talents and needs by kind, recording the read in the audit trail."""
    audit.record_read(
        actor=fetched_by, obj=resident, community=resident.community, detail="talenten"
    )
    result: dict[str, list[Talent]] = {kind: [] for kind in TalentKind.values}
    for talent in resident.talents.select_related("tag").order_by("tag__name"):
        result[talent.kind].append(talent)
    return result


@dataclass(frozen=True)
class TalentMatch:
    resident: Resident
    unit: Unit
    talents: list[Talent]


def talent_search(
    *, community: Community, query: str, kind: str, on: datetime.date
) -> list[TalentMatch]:
    """ "Wie kan helpen met X" (kind aanbod) or "wie vraagt om X" (kind vraag): residents living
    there on `on` with a tag whose name contains the query (case-insensitive)."""
    query = " ".join(query.split())
    if not query or kind not in TalentKind.values:
        return []
    stays = {stay.resident_id: stay for stay in current_stays(community=community, on=on)}
    talents = (
        Talent.objects.filter(resident_id__in=stays.keys(), kind=kind, tag__name__icontains=query)
        .select_related("tag")
        .order_by("tag__name")
    )
    by_resident: dict[int, list[Talent]] = defaultdict(list)
    for talent in talents:
        by_resident[talent.resident_id].append(talent)
    matches = [
        TalentMatch(
            resident=stays[pk].resident, unit=stays[pk].tenancy.unit, talents=by_resident[pk]
        )
        for pk in by_resident
    ]
    matches.sort(key=lambda m: (m.resident.last_name, m.resident.first_name))
    return matches


# --- Assets in the neighbourhood ---------------------------------------------------------------


def asset_save(
    *,
    community: Community,
    name: str,
    kind: str,
    address: str = "",
    note: str = "",
    asset: Asset | None = None,
) -> Asset:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Vul een naam in.")})
    if kind not in AssetKind.values:
        raise ValidationError({"kind": _("Kies een soort.")})
    if asset is not None and asset.community_id != community.pk:
        raise ValidationError(_("Deze plek hoort niet bij deze locatie."))
    asset = asset or Asset(community=community)
    asset.name = name
    asset.kind = kind
    asset.address = address.strip()
    asset.note = note.strip()
    asset.save()
    return asset


def asset_delete(*, asset: Asset) -> None:
    asset.delete()
