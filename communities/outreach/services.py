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
from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.constants import Action
from communities import access
from communities.access import Capability as C
from communities.constants import AssetKind, ContactKind, TalentKind
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
from communities.signals.services import COMPLAINT_KINDS, open_overdue

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


def last_reached(
    *, community: Community, on: datetime.date | None = None
) -> dict[int, datetime.date | None]:
    """Per resident of the community (also former ones): the latest day they were reached up
    to and including `on` (default today) — a recorded contact, or taking part in or organising
    an activity, which counts by itself. None when never. One query: three subqueries."""
    on = on or timezone.localdate()
    before = _start_of(on + datetime.timedelta(days=1))
    contact = (
        Contact.objects.filter(resident=OuterRef("pk"), contacted_on__lte=on)
        .order_by("-contacted_on")
        .values("contacted_on")[:1]
    )
    took_part = (
        Activity.participants.through.objects.filter(
            resident_id=OuterRef("pk"), activity__starts_at__lt=before
        )
        .order_by("-activity__starts_at")
        .values("activity__starts_at")[:1]
    )
    organised = (
        Activity.organisers.through.objects.filter(
            resident_id=OuterRef("pk"), activity__starts_at__lt=before
        )
        .order_by("-activity__starts_at")
        .values("activity__starts_at")[:1]
    )
    rows = (
        Resident.objects.filter(community=community)
        .annotate(
            last_contact=Subquery(contact),
            last_took_part=Subquery(took_part),
            last_organised=Subquery(organised),
        )
        .values_list("pk", "last_contact", "last_took_part", "last_organised")
    )
    result = {}
    for pk, contact_day, took_part_at, organised_at in rows:
        days = [
            day
            for day in (contact_day, _local_day(took_part_at), _local_day(organised_at))
            if day is not None
        ]
        result[pk] = max(days) if days else None
    return result


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


def not_reached(
    *, community: Community, on: datetime.date, weeks: int | None = None
) -> list[NotReachedRow]:
    """Residents living at the location on `on` whom nobody has reached for `weeks` weeks
    (default: the community's setting): last reached on or before `on` − `weeks` weeks, or
    never. Exactly six weeks ago counts as six weeks not reached. Never reached first, then
    the longest ago first."""
    weeks = weeks_validate(community.outreach_after_weeks if weeks is None else weeks)
    cutoff = on - datetime.timedelta(weeks=weeks)
    reached = last_reached(community=community, on=on)
    rows = []
    for stay in current_stays(community=community, on=on):
        last = reached.get(stay.resident_id)
        if last is None or last <= cutoff:
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
    return rows


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

# Sources of attention items live in the one registry (communities.registry): the rules below
# and other apps' (the IMO's overdue check-ins: imo/attention.py), so `communities` never imports
# them.


def attention_list(*, community: Community, today: datetime.date) -> list[AttentionItem]:
    """Every item of every source, oldest first: not filtered for a viewer (see
    `attention_for`)."""
    items = [item for source in attention_sources() for item in source(community, today)]
    items.sort(key=lambda i: (i.since is None, i.since or datetime.date.min, i.rule))
    return items


def attention_for(*, user: User, community: Community, today: datetime.date) -> list[AttentionItem]:
    """The attention list as this team member may see it."""
    if not access.has_capability(user, community, C.VIEW_OUTREACH):
        return []
    items = attention_list(community=community, today=today)
    caps = access.capabilities_in(user, community)
    needed = {pk for item in items for pk in item.signal_ids}
    visible = (
        set(
            access.signals_visible_to(user, community)
            .filter(pk__in=needed)
            .values_list("pk", flat=True)
        )
        if needed
        else set()
    )
    return [
        item
        for item in items
        if (item.requires is None or item.requires in caps)
        and all(pk in visible for pk in item.signal_ids)
    ]


def _outreach_url(community: Community, resident: Resident) -> str:
    return reverse("resident_outreach", args=[community.slug, resident.pk])


def _participation_days(
    community: Community, start: datetime.date, end: datetime.date
) -> dict[int, dict[int, datetime.date]]:
    """resident id -> {activity id: day} for activities in [start, end] the resident took part
    in or organised (both count, once per activity). Two queries."""
    result: dict[int, dict[int, datetime.date]] = defaultdict(dict)
    for relation in (Activity.participants.through, Activity.organisers.through):
        rows = relation.objects.filter(
            activity__community=community,
            activity__starts_at__gte=_start_of(start),
            activity__starts_at__lt=_start_of(end + datetime.timedelta(days=1)),
        ).values_list("resident_id", "activity_id", "activity__starts_at")
        for resident_id, activity_id, starts_at in rows:
            result[resident_id][activity_id] = timezone.localdate(starts_at)
    return result


def stopped_taking_part(community: Community, today: datetime.date) -> list[AttentionItem]:
    """Residents living there who took part (or organised) at least 3 times in the 3 calendar
    months before the last 2, and not at all in the last 2: recent = (today − 2 months, today],
    earlier = (today − 5 months, today − 2 months]."""
    recent_start = today - relativedelta(months=STOPPED_RECENT_MONTHS)
    earlier_start = recent_start - relativedelta(months=STOPPED_EARLIER_MONTHS)
    days = _participation_days(community, earlier_start + datetime.timedelta(days=1), today)
    items = []
    for stay in current_stays(community=community, on=today):
        taken = days.get(stay.resident_id, {}).values()
        earlier = [day for day in taken if day <= recent_start]
        recent = [day for day in taken if day > recent_start]
        if len(earlier) >= STOPPED_MIN_TIMES and not recent:
            last = max(earlier)
            items.append(
                AttentionItem(
                    rule="gestopt",
                    title=_("Doet niet meer mee"),
                    detail=_(
                        "Deed %(n)s keer mee tussen %(start)s en %(end)s; sindsdien niet meer "
                        "(laatst op %(last)s)."
                    )
                    % {
                        "n": len(earlier),
                        "start": _d(earlier_start + datetime.timedelta(days=1)),
                        "end": _d(recent_start),
                        "last": _d(last),
                    },
                    resident=stay.resident,
                    since=last,
                    url=_outreach_url(community, stay.resident),
                )
            )
    return items


def signals_open_too_long(community: Community, today: datetime.date) -> list[AttentionItem]:
    """Open signals older than the community's `signal_overdue_days`."""
    signals = (
        open_overdue(signals=community.signals.all(), community=community, today=today)
        .select_related("unit")
        .prefetch_related("residents")
        .order_by("reported_on", "pk")
    )
    items = []
    for signal in signals:
        residents = list(signal.residents.all())
        who = ", ".join(str(r) for r in residents) or (
            _("eenheid %(unit)s") % {"unit": signal.unit} if signal.unit else ""
        )
        items.append(
            AttentionItem(
                rule="signaal_open",
                title=_("Signaal staat lang open"),
                detail=_("%(kind)s, gemeld op %(date)s, %(days)s dagen open%(who)s.")
                % {
                    "kind": signal.get_kind_display(),
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
    return items


def repeated_complaints(community: Community, today: datetime.date) -> list[AttentionItem]:
    """Residents living there involved in at least 2 signals of kind overlast or conflict
    reported in the last 90 days (reported on or after today − 90 days), open or closed."""
    start = today - datetime.timedelta(days=COMPLAINTS_DAYS)
    rows = Signal.residents.through.objects.filter(
        signal__community=community,
        signal__kind__in=COMPLAINT_KINDS,
        signal__reported_on__gte=start,
        signal__reported_on__lte=today,
    ).values_list("resident_id", "signal_id", "signal__reported_on")
    by_resident: dict[int, dict[int, datetime.date]] = defaultdict(dict)
    for resident_id, signal_id, reported_on in rows:
        by_resident[resident_id][signal_id] = reported_on
    items = []
    for stay in current_stays(community=community, on=today):
        signals = by_resident.get(stay.resident_id, {})
        if len(signals) >= COMPLAINTS_MIN:
            items.append(
                AttentionItem(
                    rule="klachten",
                    title=_("Herhaalde klachten"),
                    detail=_(
                        "Betrokken bij %(n)s meldingen van overlast of conflict sinds %(start)s."
                    )
                    % {"n": len(signals), "start": _d(start)},
                    resident=stay.resident,
                    since=min(signals.values()),
                    url=_outreach_url(community, stay.resident),
                    requires=C.VIEW_SIGNALS,
                    signal_ids=tuple(sorted(signals)),
                )
            )
    return items


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
