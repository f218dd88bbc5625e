"""Safety and who-to-call: the evacuation plan, the register of fire drills with its reminder,
and the contact card (who to go to for what, also outside office hours).

Decisions:
- A drill is due `fire_drill_interval_months` after the last one (same day of the month; the
  31st becomes the last day of a shorter month). On the due date itself it is not yet overdue;
  from the day after it is. A community that never held a drill is overdue.
- The contact card is for everyone in the community, residents included. A community without
  one gets a default card on first view: 112 for emergencies and the community's coach.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.constants import ContactCardTopic, Role
from communities.models import Community, ContactCardEntry, FireDrill, Membership, User
from gemengdwonen.dates import add_months

# --- Fire drills -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DrillStatus:
    last_held_on: datetime.date | None
    due_on: datetime.date | None  # None: never held (due now)
    overdue: bool
    interval_months: int

    @property
    def never_held(self) -> bool:
        return self.last_held_on is None


def _interval(community: Community) -> int:
    # 0 would make every day overdue; the form refuses it, this guards data from elsewhere.
    return max(1, community.fire_drill_interval_months or 12)


def drill_status_from(
    *, community: Community, last: datetime.date | None, today: datetime.date
) -> DrillStatus:
    """The drill status given the last drill held on or before `today` (None: never)."""
    interval = _interval(community)
    if last is None:
        return DrillStatus(last_held_on=None, due_on=None, overdue=True, interval_months=interval)
    due = add_months(last, interval)
    return DrillStatus(last_held_on=last, due_on=due, overdue=today > due, interval_months=interval)


def fire_drill_status_many(
    *, communities: list[Community], today: datetime.date
) -> dict[int, DrillStatus]:
    """`fire_drill_status` per community, in one query."""
    last = dict(
        FireDrill.objects.filter(community__in=communities, held_on__lte=today)
        .values("community_id")
        .annotate(last=Max("held_on"))
        .values_list("community_id", "last")
    )
    return {
        c.pk: drill_status_from(community=c, last=last.get(c.pk), today=today) for c in communities
    }


def fire_drill_status(*, community: Community, today: datetime.date) -> DrillStatus:
    return fire_drill_status_many(communities=[community], today=today)[community.pk]


def overdue_from(
    *, community: Community, last: datetime.date | None, today: datetime.date
) -> bool | datetime.date:
    """False when no drill is overdue; otherwise the date the drill was due, or True when the
    community never held one. Both are truthy."""
    status = drill_status_from(community=community, last=last, today=today)
    if not status.overdue:
        return False
    return status.due_on or True


def fire_drill_overdue(*, community: Community, today: datetime.date) -> bool | datetime.date:
    """For the home page: see `overdue_from`."""
    return overdue_from(
        community=community,
        last=fire_drill_status(community=community, today=today).last_held_on,
        today=today,
    )


def fire_drills(*, community: Community):
    return community.fire_drills.select_related("recorded_by").order_by("-held_on", "-pk")


def _validate_drill(community: Community, held_on: datetime.date, note: str, today) -> str:
    today = today or timezone.localdate()
    if held_on is None:
        raise ValidationError({"held_on": _("Vul de datum van de oefening in.")})
    if held_on > today:
        raise ValidationError(
            {"held_on": _("Een oefening die nog moet komen kunt u nog niet vastleggen.")}
        )
    if held_on < community.start_date:
        raise ValidationError(
            {
                "held_on": _("Deze datum ligt vóór de start van de locatie (%(date)s).")
                % {"date": community.start_date.strftime("%d-%m-%Y")}
            }
        )
    note = (note or "").strip()
    if len(note) > 4000:
        raise ValidationError({"note": _("Houd het verslag korter dan 4000 tekens.")})
    return note


@transaction.atomic
def fire_drill_record(
    *,
    community: Community,
    held_on: datetime.date,
    note: str = "",
    by: User | None = None,
    today: datetime.date | None = None,
) -> FireDrill:
    note = _validate_drill(community, held_on, note, today)
    if community.fire_drills.filter(held_on=held_on).exists():
        raise ValidationError({"held_on": _("Op deze datum is al een oefening vastgelegd.")})
    return FireDrill.objects.create(community=community, held_on=held_on, note=note, recorded_by=by)


@transaction.atomic
def fire_drill_update(
    *, drill: FireDrill, held_on: datetime.date, note: str = "", today: datetime.date | None = None
) -> FireDrill:
    note = _validate_drill(drill.community, held_on, note, today)
    if drill.community.fire_drills.filter(held_on=held_on).exclude(pk=drill.pk).exists():
        raise ValidationError({"held_on": _("Op deze datum is al een oefening vastgelegd.")})
    drill.held_on = held_on
    drill.note = note
    drill.save(update_fields=["held_on", "note"])
    return drill


def fire_drill_delete(*, drill: FireDrill) -> None:
    drill.delete()


@transaction.atomic
def evacuation_assistance_update(*, community: Community, evacuation_assistance: str) -> Community:
    """The list of residents who need help to evacuate (locatiebeheerder only)."""
    text = (evacuation_assistance or "").strip()
    if len(text) > 5000:
        raise ValidationError({"evacuation_assistance": _("De lijst is te lang.")})
    community.evacuation_assistance = text
    community.save(update_fields=["evacuation_assistance"])
    return community


@transaction.atomic
def evacuation_plan_update(
    *, community: Community, evacuation_plan: str, fire_drill_interval_months: int
) -> Community:
    if not 1 <= int(fire_drill_interval_months) <= 60:
        raise ValidationError(
            {"fire_drill_interval_months": _("Kies een termijn van 1 tot 60 maanden.")}
        )
    plan = (evacuation_plan or "").strip()
    if len(plan) > 20000:
        raise ValidationError({"evacuation_plan": _("Het vluchtplan is te lang.")})
    community.evacuation_plan = plan
    community.fire_drill_interval_months = int(fire_drill_interval_months)
    community.save(update_fields=["evacuation_plan", "fire_drill_interval_months"])
    return community


# --- Contact card ------------------------------------------------------------------------------

EMERGENCY_NUMBER = "112"
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]*$")


def tel_href(phone: str) -> str:
    """ "010-123 45 67" -> "tel:0101234567"; "+31 10 …" keeps the plus."""
    digits = re.sub(r"[^0-9+]", "", phone or "")
    return f"tel:{digits}" if digits else ""


def validate_phone(phone: str) -> str:
    phone = " ".join((phone or "").split())
    if not phone:
        return ""
    digits = re.sub(r"[^0-9]", "", phone)
    if not _PHONE.match(phone) or not 3 <= len(digits) <= 15:
        raise ValidationError(
            {"phone": _("Vul een telefoonnummer in met cijfers, bijvoorbeeld 010-123 45 67.")}
        )
    return phone


@transaction.atomic
def contact_card_ensure_default(*, community: Community) -> list[ContactCardEntry]:
    """The contact card, with a default (112 and the coach) when the community has none yet.
    Lazy and idempotent: the community row is locked, so two first views make one card."""
    Community.objects.select_for_update().filter(pk=community.pk).first()
    entries = list(community.contact_card.all())
    if entries:
        return entries
    ContactCardEntry.objects.create(
        community=community,
        topic=ContactCardTopic.EMERGENCY,
        name=_("Alarmnummer: politie, brandweer, ambulance"),
        phone=EMERGENCY_NUMBER,
        hours=_("dag en nacht, alleen bij spoed"),
        outside_office_hours=True,
        order=0,
    )
    coach = (
        Membership.objects.filter(community=community, role=Role.COMMUNITYCOACH)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if coach is not None:
        ContactCardEntry.objects.create(
            community=community,
            topic=ContactCardTopic.COACH,
            name=str(coach.user),
            email=coach.user.email,
            order=50,
        )
    return list(community.contact_card.all())


def contact_card(*, community: Community) -> list[ContactCardEntry]:
    """The card in its order, each entry with `tel` (a tel: link) set."""
    entries = contact_card_ensure_default(community=community)
    for entry in entries:
        entry.tel = tel_href(entry.phone)
    return entries


@transaction.atomic
def contact_card_entry_save(
    *,
    community: Community,
    entry: ContactCardEntry | None = None,
    topic: str,
    name: str,
    phone: str = "",
    email: str = "",
    hours: str = "",
    outside_office_hours: bool = False,
    order: int = 0,
) -> ContactCardEntry:
    if entry is not None and entry.community_id != community.pk:
        raise ValidationError(_("Deze regel hoort niet bij deze locatie."))
    if topic not in ContactCardTopic.values:
        raise ValidationError({"topic": _("Kies waarvoor men hier terechtkan.")})
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Vul in wie dit is.")})
    phone = validate_phone(phone)
    email = (email or "").strip()
    if not phone and not email:
        raise ValidationError({"phone": _("Vul een telefoonnummer of een e-mailadres in.")})
    entry = entry or ContactCardEntry(community=community)
    entry.topic = topic
    entry.name = name
    entry.phone = phone
    entry.email = email
    entry.hours = " ".join((hours or "").split())
    entry.outside_office_hours = bool(outside_office_hours)
    entry.order = order or 0
    entry.full_clean(exclude=["community"])
    entry.save()
    return entry


def contact_card_entry_delete(*, entry: ContactCardEntry) -> None:
    entry.delete()


def safety_panel(*, community: Community, today: datetime.date) -> dict:
    """The community page's panel: the drill reminder and the links."""
    return {
        "community": community,
        "drill": fire_drill_status(community=community, today=today),
        "has_plan": bool(community.evacuation_plan.strip()),
    }
