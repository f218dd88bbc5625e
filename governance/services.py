"""Writes of governance: keyword-only, with the acting user, each checking its rule with a
clear Dutch error (ValidationError) before changing anything, and recording the change in the
audit trail itself."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.constants import Action
from communities.models import User
from governance.constants import (
    ActionStatus,
    AgendaItemKind,
    Attendance,
    MinutesStatus,
)
from governance.models import (
    ActionItem,
    ActionLine,
    AgendaItem,
    AttendanceRecord,
    BodyMember,
    Decision,
    GovernanceBody,
    Meeting,
    Minutes,
    MinutesEntry,
)


def community_of(obj):
    """The community an audit event is about: the object's own, or its body's when the body
    belongs to one community (a stuurgroep over several: none)."""
    community = getattr(obj, "community", None)
    if community is not None:
        return community
    body = obj if isinstance(obj, GovernanceBody) else getattr(obj, "body", None)
    if body is None and getattr(obj, "meeting", None) is not None:
        body = obj.meeting.body
    if body is None:
        return None
    communities = list(body.communities.all()[:2])
    return communities[0] if len(communities) == 1 else None


def _audit(actor, action: str, obj, detail: str = "") -> None:
    """Every write names its actor: a user, or a system actor (audit.actors) for the demo."""
    audit.record_write(
        actor=actor, obj=obj, community=community_of(obj), action=action, detail=detail
    )


def person(actor) -> User | None:
    """The actor as a user for a `created_by` column (a system actor is nobody)."""
    return actor if getattr(actor, "is_authenticated", False) else None


# --- meetings and the agenda ---------------------------------------------------------------


def previous_meeting(*, meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(body=meeting.body, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .first()
    )


def _validate_times(starts_at: datetime.datetime, ends_at: datetime.datetime | None) -> None:
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("De eindtijd moet na de begintijd liggen.")})


@transaction.atomic
def meeting_create(
    *,
    body: GovernanceBody,
    starts_at: datetime.datetime,
    place: str,
    actor,
    ends_at: datetime.datetime | None = None,
) -> Meeting:
    """Plan a meeting. Its agenda starts with the approval of the previous meeting's minutes
    (when there is a previous meeting) and lists every open action item of the body, the oldest
    due date first; the secretary then adds, orders and removes items."""
    _validate_times(starts_at, ends_at)
    if not place.strip():
        raise ValidationError({"place": _("Vul de plaats in.")})
    meeting = Meeting.objects.create(body=body, starts_at=starts_at, ends_at=ends_at, place=place)
    items = []
    previous = previous_meeting(meeting=meeting)
    if previous is not None:
        items.append(
            AgendaItem(
                meeting=meeting,
                kind=AgendaItemKind.APPROVE_MINUTES,
                title=_("Vaststellen notulen van %(date)s")
                % {"date": previous.day.strftime("%d-%m-%Y")},
                previous_meeting=previous,
            )
        )
    for action in body.action_items.open().select_related("owner__user").order_by("due_on", "pk"):
        items.append(
            AgendaItem(
                meeting=meeting,
                kind=AgendaItemKind.ACTION_ITEM,
                title=_("Actiepunt: %(title)s") % {"title": action.title},
                owner=action.owner,
                action_item=action,
            )
        )
    for position, item in enumerate(items, start=1):
        item.position = position
    AgendaItem.objects.bulk_create(items)
    _audit(actor, Action.CREATE, meeting)
    return meeting


def meeting_update(
    *,
    meeting: Meeting,
    starts_at: datetime.datetime,
    place: str,
    actor,
    ends_at: datetime.datetime | None = None,
) -> Meeting:
    _validate_times(starts_at, ends_at)
    meeting.starts_at, meeting.ends_at, meeting.place = starts_at, ends_at, place
    meeting.save(update_fields=["starts_at", "ends_at", "place"])
    _audit(actor, Action.CHANGE, meeting)
    return meeting


def _member_of(body: GovernanceBody, member: BodyMember | None, field: str) -> None:
    if member is not None and member.body_id != body.pk:
        raise ValidationError({field: _("Kies een lid van dit overleg.")})


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    title: str,
    actor,
    owner: BodyMember | None = None,
    minutes_planned: int | None = None,
) -> AgendaItem:
    if not title.strip():
        raise ValidationError({"title": _("Vul de titel van het agendapunt in.")})
    _member_of(meeting.body, owner, "owner")
    # Lock the meeting so two additions at once do not take the same position.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=last + 1,
        title=title.strip(),
        owner=owner,
        minutes_planned=minutes_planned,
    )
    _audit(actor, Action.CREATE, item)
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool, actor) -> None:
    """Swap the item with its neighbour above (up) or below; renumbers 1..n on the way."""
    Meeting.objects.select_for_update().filter(pk=item.meeting_id).first()
    items = list(item.meeting.agenda_items.order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            AgendaItem.objects.filter(pk=other.pk).update(position=position)
    _audit(actor, Action.CHANGE, item, detail="volgorde agenda")


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, actor) -> None:
    _audit(actor, Action.DELETE, item)
    meeting = item.meeting
    item.delete()
    for position, other in enumerate(meeting.agenda_items.order_by("position", "pk"), start=1):
        if other.position != position:
            AgendaItem.objects.filter(pk=other.pk).update(position=position)


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, attendance: dict[int, str], actor
) -> list[AttendanceRecord]:
    """Record present / excused / absent per member (member id -> value); replaces earlier
    values. Every member must belong to the meeting's body."""
    members = {m.pk: m for m in meeting.body.members.all()}
    unknown = set(attendance) - set(members)
    if unknown:
        raise ValidationError(_("Aanwezigheid kan alleen voor leden van dit overleg."))
    if any(value not in Attendance.values for value in attendance.values()):
        raise ValidationError(_("Kies per lid aanwezig, afgemeld of afwezig."))
    records = []
    for member_id, value in attendance.items():
        record, _created = AttendanceRecord.objects.update_or_create(
            meeting=meeting, member=members[member_id], defaults={"attendance": value}
        )
        records.append(record)
    _audit(actor, Action.CHANGE, meeting, detail="aanwezigheid")
    return records


# --- minutes -------------------------------------------------------------------------------


def _current_minutes(meeting: Meeting) -> Minutes | None:
    return meeting.minutes_versions.order_by("-version").first()


@transaction.atomic
def minutes_save(*, meeting: Meeting, general: str, texts: dict[int, str], actor) -> Minutes:
    """Save the draft minutes: a general part and a text per agenda item (agenda item id ->
    text). Creates version 1 the first time. Approved minutes are read-only: a correction starts
    a new version (`minutes_correct`)."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    minutes = _current_minutes(meeting)
    if minutes is not None and minutes.is_approved:
        raise ValidationError(
            _(
                "Deze notulen zijn vastgesteld en kunnen niet meer worden gewijzigd. "
                "Maak een correctie."
            )
        )
    items = {item.pk: item for item in meeting.agenda_items.all()}
    if set(texts) - set(items):
        raise ValidationError(_("Notulen kunnen alleen bij agendapunten van deze vergadering."))
    if minutes is None:
        minutes = Minutes.objects.create(meeting=meeting, version=1, created_by=person(actor))
    minutes.general = general
    minutes.save(update_fields=["general"])
    existing = {e.agenda_item_id: e for e in minutes.entries.all()}
    for item_id, item in items.items():
        text = texts.get(item_id, "")
        entry = existing.get(item_id)
        if entry is None:
            MinutesEntry.objects.create(
                minutes=minutes,
                agenda_item=item,
                title=item.title,
                position=item.position,
                text=text,
            )
        else:
            entry.text, entry.title, entry.position = text, item.title, item.position
            entry.save(update_fields=["text", "title", "position"])
    _audit(actor, Action.CHANGE, minutes, detail="notulen concept")
    return minutes


@transaction.atomic
def minutes_approve(*, minutes: Minutes, at_meeting: Meeting, actor) -> Minutes:
    """Approve draft minutes at a later meeting of the same body. Approving twice is refused
    (a conditional UPDATE, so two people approving at once still approve once)."""
    if at_meeting.body_id != minutes.meeting.body_id:
        raise ValidationError(
            _("Notulen worden vastgesteld in een vergadering van hetzelfde overleg.")
        )
    if at_meeting.starts_at <= minutes.meeting.starts_at:
        raise ValidationError(_("Notulen worden vastgesteld in een latere vergadering."))
    claimed = Minutes.objects.filter(pk=minutes.pk, status=MinutesStatus.DRAFT).update(
        status=MinutesStatus.APPROVED, approved_at=at_meeting, approved_on=at_meeting.day
    )
    if not claimed:
        raise ValidationError(_("Deze notulen zijn al vastgesteld."))
    minutes.refresh_from_db()
    _audit(actor, Action.CHANGE, minutes, detail="notulen vastgesteld")
    return minutes


@transaction.atomic
def minutes_correct(*, meeting: Meeting, reason: str, actor) -> Minutes:
    """Start a correction of approved minutes: a new draft version with the same texts; the
    approved version stays as it was."""
    if not reason.strip():
        raise ValidationError(
            {"correction_reason": _("Leg vast waarom de notulen worden gecorrigeerd.")}
        )
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    current = _current_minutes(meeting)
    if current is None or not current.is_approved:
        raise ValidationError(
            _("Alleen vastgestelde notulen krijgen een correctie; pas het concept aan.")
        )
    new = Minutes.objects.create(
        meeting=meeting,
        version=current.version + 1,
        general=current.general,
        correction_reason=reason.strip(),
        created_by=person(actor),
    )
    MinutesEntry.objects.bulk_create(
        MinutesEntry(
            minutes=new, agenda_item=e.agenda_item, title=e.title, position=e.position, text=e.text
        )
        for e in current.entries.all()
    )
    _audit(actor, Action.CREATE, new, detail="notulen correctie")
    return new


# --- decisions and action items -------------------------------------------------------------


@transaction.atomic
def decision_record(
    *,
    body: GovernanceBody,
    meeting: Meeting,
    title: str,
    actor,
    text: str = "",
    action_line: ActionLine | None = None,
) -> Decision:
    """Record a decision with the next number of its body and year (the meeting's year).

    Two people recording at the same moment never get the same number: the body's row is locked
    (SELECT … FOR UPDATE) while the next number is read and the decision written, so the second
    waits for the first to commit; the unique constraint (body, year, number) backs it up. SQLite
    writes one transaction at a time, which gives the same result there."""
    if meeting.body_id != body.pk:
        raise ValidationError(_("Een besluit hoort bij een vergadering van hetzelfde overleg."))
    if not title.strip():
        raise ValidationError({"title": _("Vul de titel van het besluit in.")})
    if (
        action_line is not None
        and not body.communities.filter(governance_agreement__action_lines=action_line).exists()
    ):
        raise ValidationError(
            {"action_line": _("Kies een actielijn van het akkoord van deze locatie.")}
        )
    GovernanceBody.objects.select_for_update().get(pk=body.pk)
    year = meeting.day.year
    last = Decision.objects.filter(body=body, year=year).aggregate(last=Max("number"))["last"] or 0
    decision = Decision.objects.create(
        body=body,
        meeting=meeting,
        year=year,
        number=last + 1,
        title=title.strip(),
        text=text,
        action_line=action_line,
        created_by=person(actor),
    )
    _audit(actor, Action.CREATE, decision)
    return decision


def action_item_create(
    *,
    body: GovernanceBody,
    title: str,
    owner: BodyMember,
    due_on: datetime.date,
    actor,
    meeting: Meeting | None = None,
    decision: Decision | None = None,
) -> ActionItem:
    if not title.strip():
        raise ValidationError({"title": _("Vul het actiepunt in.")})
    if owner is None or owner.body_id != body.pk:
        raise ValidationError(
            {"owner": _("De eigenaar van een actiepunt moet lid zijn van dit overleg.")}
        )
    if meeting is not None and meeting.body_id != body.pk:
        raise ValidationError(_("Een actiepunt hoort bij een vergadering van hetzelfde overleg."))
    if decision is not None and decision.body_id != body.pk:
        raise ValidationError({"decision": _("Kies een besluit van dit overleg.")})
    if meeting is not None and due_on < meeting.day:
        raise ValidationError({"due_on": _("De uiterste datum ligt vóór de vergadering.")})
    item = ActionItem.objects.create(
        body=body,
        meeting=meeting,
        decision=decision,
        title=title.strip(),
        owner=owner,
        due_on=due_on,
    )
    _audit(actor, Action.CREATE, item)
    return item


def action_item_set_status(
    *, item: ActionItem, status: str, actor, on: datetime.date | None = None
) -> ActionItem:
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Kies een geldige status.")})
    item.status = status
    item.done_on = (on or timezone.localdate()) if status == ActionStatus.DONE else None
    item.save(update_fields=["status", "done_on"])
    _audit(actor, Action.CHANGE, item, detail="status actiepunt")
    return item


def cadence_update(
    *,
    body: GovernanceBody,
    minimum: int | None,
    maximum: int | None,
    reason: str,
    actor,
) -> GovernanceBody:
    """Set (or clear, with None) the body's own number of meetings per year; a change from the
    model's default needs a reason."""
    if minimum is not None and maximum is not None and maximum < minimum:
        raise ValidationError(
            {"meetings_max_override": _("Het maximum is kleiner dan het minimum.")}
        )
    if (minimum is not None or maximum is not None) and not reason.strip():
        raise ValidationError(
            {"cadence_reason": _("Leg vast waarom dit overleg afwijkt van het model.")}
        )
    body.meetings_min_override, body.meetings_max_override = minimum, maximum
    body.cadence_reason = reason.strip()
    body.save(update_fields=["meetings_min_override", "meetings_max_override", "cadence_reason"])
    _audit(actor, Action.CHANGE, body, detail="vergaderfrequentie")
    return body
