"""Writes of the IMO: vacancies, candidates, meetings, minutes, advice, the corporation's decision,
the handover, moving in and the soft landing afterwards.

Every function is one transaction, keyword-only, and raises ValidationError with a Dutch message
when a rule is broken (nothing changes then). Rows two users could change at the same moment are
locked (select_for_update) or guarded by a version number, so a double submit has one effect and
two people editing the same advice never silently overwrite each other.

Tenancies and support periods are never written here: moving in goes through
`communities.services`, so the mix updates without typing twice.

E-mails are recorded in the outbox with the change and sent by a task after the transaction
commits, so a rolled-back change never mails anybody and a mail server that is down never turns
a saved change into an error. In tests wrap the call in
`django_capture_on_commit_callbacks(execute=True)`.
"""

from __future__ import annotations

import calendar
import datetime
import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.actors import SystemActor
from audit.constants import Action
from communities import services as community_services
from communities.constants import MoveOutReason, OrganisationKind, Role
from communities.models import (
    Community,
    Membership,
    Resident,
    TenancyResident,
    Unit,
    User,
)
from imo import services_agenda
from imo.constants import (
    ADVICE_FROM,
    AGENDA_FROM,
    CHECK_IN_AFTER_DAYS,
    DECISION_FROM,
    HANDOVER_FROM,
    MOVE_IN_FROM,
    OFFER_DECLINED_FROM,
    AdviceKind,
    Attendance,
    AttendeeGroup,
    CandidateSource,
    CandidateStatus,
    DecisionKind,
    VacancySource,
    VacancyStatus,
)
from imo.models import (
    Advice,
    AgendaNote,
    AllocationDecision,
    Attendee,
    Candidate,
    FollowUpAction,
    Handover,
    IntakeMeeting,
    MeetingSchedule,
    Participation,
    Vacancy,
)
from outbox.services import Message, mail_enqueue

OPEN_VACANCY_STATUSES = (VacancyStatus.OPEN, VacancyStatus.ALLOCATED)
CONDITION_DUE_AFTER_DAYS = 14


class StaleEdit(ValidationError):
    """Someone else saved the same note or advice after this user opened it."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or _(
                "Iemand anders heeft dit intussen gewijzigd. Bekijk de nieuwe versie en sla "
                "opnieuw op."
            ),
            code="stale",
        )


def _date(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


def _members(community: Community, role: str) -> list[User]:
    """Users with `role` in the community, oldest membership first (the "first" one is stable)."""
    return [
        m.user
        for m in Membership.objects.filter(community=community, role=role)
        .select_related("user")
        .order_by("pk")
    ]


def _first_member(community: Community, role: str) -> User | None:
    members = _members(community, role)
    return members[0] if members else None


# A line break in a subject is a header injection (Django refuses to send it); other control
# characters have no place in a one-line title either.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def _mail_after_commit(*, subject: str, body: str, to: list[str], purpose: str = "imo") -> None:
    """Record one mail per address with the change; the outbox sends them after the commit,
    retries, and lists what finally failed. A mail server that is down never undoes or breaks
    the change."""
    mail_enqueue(
        messages=[Message(to=address, subject=subject, body=body) for address in to if address],
        purpose=purpose,
    )


# Who acts: a user, or a named system actor for tasks and commands (audit.actors). Required:
# every service below records its change in the audit trail itself.
Actor = User | SystemActor


def _person(actor: Actor) -> User | None:
    """The user to store in a `..._by` field: nobody for a system actor."""
    return None if isinstance(actor, SystemActor) else actor


def _agendas_remake(candidate: Candidate) -> None:
    """Stored agenda copies holding `candidate`'s care details are outdated (consent withdrawn,
    care details changed): delete them and make those agendas again (issue 9)."""
    for meeting in services_agenda.agenda_copies_outdate(candidate=candidate):
        services_agenda.agenda_request_regeneration(meeting=meeting)


def _lock_candidate(candidate: Candidate) -> Candidate:
    # of=("self",): lock the candidate only, not the community row joined for convenience.
    return (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("community")
        .get(pk=candidate.pk)
    )


# --- vacancies --------------------------------------------------------------------------------


@transaction.atomic
def vacancy_announce(
    *, unit: Unit, available_from: datetime.date, note: str = "", by: Actor
) -> Vacancy:
    """Announce ahead that `unit` comes free on `available_from`. Refused while the unit has an
    open (or allocated, not yet let) vacancy."""
    # Lock the unit: two users announcing the same unit at once must not both pass the check.
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if Vacancy.objects.filter(unit=unit, status__in=OPEN_VACANCY_STATUSES).exists():
        raise ValidationError(
            _("Voor eenheid %(unit)s staat al een vrijkomende woning open.") % {"unit": unit}
        )
    try:
        with transaction.atomic():
            vacancy = Vacancy.objects.create(
                community_id=unit.community_id,
                unit=unit,
                available_from=available_from,
                source=VacancySource.ANNOUNCED,
                note=note,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("Voor eenheid %(unit)s staat al een vrijkomende woning open.") % {"unit": unit}
        ) from error
    audit.record_write(actor=by, obj=vacancy, community=unit.community, action=Action.CREATE)
    return vacancy


@transaction.atomic
def vacancy_from_move_out(*, stay: TenancyResident) -> Vacancy | None:
    """The vacancy that follows a move-out (call after communities.services.resident_move_out).

    Returns None while others still live in the unit (the unit is not free). Idempotent: when the
    unit already has an open or allocated vacancy (announced ahead, or this function ran before),
    that vacancy is returned instead of a second one.
    """
    stay = TenancyResident.objects.select_related("tenancy__unit").get(pk=stay.pk)
    if stay.end_date is None:
        raise ValidationError(_("Registreer eerst het vertrek van de bewoner."))
    tenancy = stay.tenancy
    if tenancy.end_date is None:
        return None
    unit = Unit.objects.select_for_update().get(pk=tenancy.unit_id)
    existing = Vacancy.objects.filter(unit=unit, status__in=OPEN_VACANCY_STATUSES).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Vacancy.objects.create(
                community_id=unit.community_id,
                unit=unit,
                available_from=tenancy.end_date,
                source=VacancySource.MOVE_OUT,
            )
    except IntegrityError:
        # Another transaction created it between our check and insert: return theirs.
        return Vacancy.objects.get(unit=unit, status__in=OPEN_VACANCY_STATUSES)


# --- candidates -------------------------------------------------------------------------------

# The fields a form may set through candidate_register / candidate_update.
CANDIDATE_FIELDS = frozenset(
    {
        "vacancy",
        "first_name",
        "last_name",
        "email",
        "phone",
        "source",
        "proposed_by",
        "existing_resident",
        "registered_on",
        "supported",
        "motivation",
        "willingness",
        *Candidate.CARE_FIELDS,
    }
)


def _cooptation_agreed(community: Community) -> bool:
    return MeetingSchedule.objects.filter(community=community, cooptation_agreed=True).exists()


def _candidate_validate(candidate: Candidate) -> None:
    """The source rules (DESIGN.md §4, issue 3), then the model's own field validation.

    A candidate without support has no care details: they are cleared here (not kept hidden),
    whoever changed the candidate and whichever fields their form showed."""
    community = candidate.community
    if not candidate.supported:
        candidate.clear_care()
    errors: dict[str, str] = {}
    if candidate.source == CandidateSource.CARE_ORGANISATION:
        if not candidate.supported:
            errors["supported"] = _(
                "Een kandidaat die een zorgaanbieder voordraagt, is een begeleide kandidaat."
            )
        if candidate.proposed_by is None or candidate.proposed_by.kind != (
            OrganisationKind.ZORGAANBIEDER
        ):
            errors["proposed_by"] = _("Kies de zorgaanbieder die de kandidaat voordraagt.")
        elif candidate.care_organisation_id is None:
            # The proposing care organisation gives the support unless told otherwise.
            candidate.care_organisation = candidate.proposed_by
    if candidate.source == CandidateSource.COOPTATION and not _cooptation_agreed(community):
        errors["source"] = _("Coöptatie is voor deze locatie niet afgesproken met de corporatie.")
    if candidate.source == CandidateSource.INTERNAL:
        resident = candidate.existing_resident
        if resident is None:
            errors["existing_resident"] = _("Kies de bewoner die binnen de locatie verhuist.")
        elif (
            resident.community_id != community.pk
            or not resident.stays.filter(end_date__isnull=True).exists()
        ):
            errors["existing_resident"] = _(
                "Doorstroom kan alleen voor een bewoner die nu op deze locatie woont."
            )
    if (
        candidate.care_organisation is not None
        and candidate.care_organisation.kind != OrganisationKind.ZORGAANBIEDER
    ):
        errors["care_organisation"] = _("Kies een zorgaanbieder.")
    vacancy = candidate.vacancy
    if vacancy is not None and vacancy.community_id != community.pk:
        errors["vacancy"] = _("Deze woning hoort niet bij deze locatie.")
    if errors:
        raise ValidationError(errors)
    candidate.full_clean(exclude=["community", "resident"])


@transaction.atomic
def candidate_register(*, community: Community, data: dict, by: Actor) -> Candidate:
    """Register a candidate for the community. `data` holds Candidate fields (a form's
    cleaned_data; see CANDIDATE_FIELDS; `registered_on` defaults to today).

    Source rules: a candidate proposed by a care organisation (CARE_ORGANISATION) is supported
    and has `proposed_by` = a zorgaanbieder (which becomes the care organisation unless another
    is given); co-optation only where the community agreed it (MeetingSchedule.cooptation_agreed);
    doorstroom (INTERNAL) needs `existing_resident` living at this community now.
    """
    unknown = set(data) - CANDIDATE_FIELDS
    if unknown:
        raise ValueError(f"unknown candidate fields: {sorted(unknown)}")
    values = {"registered_on": timezone.localdate(), **data}
    candidate = Candidate(community=community, **values)
    _candidate_validate(candidate)
    candidate.save()
    audit.record_write(actor=by, obj=candidate, community=community, action=Action.CREATE)
    return candidate


@transaction.atomic
def candidate_update(*, candidate: Candidate, data: dict, by: Actor) -> Candidate:
    """Change a candidate's fields (same rules as candidate_register). Not after moving in."""
    unknown = set(data) - CANDIDATE_FIELDS
    if unknown:
        raise ValueError(f"unknown candidate fields: {sorted(unknown)}")
    candidate = _lock_candidate(candidate)
    if candidate.status == CandidateStatus.MOVED_IN:
        raise ValidationError(_("Deze kandidaat is al ingetrokken; wijzig de bewoner."))
    care_before = [getattr(candidate, name) for name in Candidate.CARE_FIELDS]
    for name, value in data.items():
        setattr(candidate, name, value)
    _candidate_validate(candidate)
    care_changed = care_before != [getattr(candidate, name) for name in Candidate.CARE_FIELDS]
    candidate.version = F("version") + 1
    candidate.save()
    candidate.refresh_from_db()
    if care_changed:
        # The stored professional agendas show the old care details: remake them (issue 9).
        _agendas_remake(candidate)
    audit.record_write(actor=by, obj=candidate, community=candidate.community)
    return candidate


@transaction.atomic
def participation_invite(
    *, candidate: Candidate, title: str, held_on: datetime.date, by: Actor
) -> Participation:
    """Invite the candidate to an info evening or activity (the model's tip: in the six months
    before placement). Sends a plain-text Dutch e-mail after commit when the candidate has an
    e-mail address."""
    if not title.strip():
        raise ValidationError({"title": _("Vul de naam van de bijeenkomst in.")})
    if _CONTROL_CHARACTERS.search(title):
        raise ValidationError({"title": _("De naam van de bijeenkomst past op één regel.")})
    audit.record_write(actor=by, obj=candidate, community=candidate.community, detail="uitnodiging")
    participation = Participation.objects.create(
        candidate=candidate, title=title.strip(), held_on=held_on, invited_on=timezone.localdate()
    )
    community = candidate.community
    body = _(
        "Beste %(name)s,\n\n"
        "U staat ingeschreven voor een woning bij %(community)s. Wij nodigen u graag uit voor "
        "%(title)s op %(date)s. Zo leert u de bewoners en de locatie alvast kennen.\n\n"
        "Kunt u niet komen? Laat het ons dan even weten.\n\n"
        "Met vriendelijke groet,\n%(sender)s"
    ) % {
        "name": candidate.first_name,
        "community": community.name,
        "title": participation.title,
        "date": _date(held_on),
        "sender": (by.get_full_name() if by else "") or community.name,
    }
    _mail_after_commit(
        subject=_("Uitnodiging: %(title)s bij %(community)s")
        % {"title": participation.title, "community": community.name},
        body=body,
        to=[candidate.email],
        purpose="imo.uitnodiging",
    )
    return participation


@transaction.atomic
def participation_record(*, participation: Participation, attended: bool) -> Participation:
    Participation.objects.filter(pk=participation.pk).update(attended=attended)
    participation.refresh_from_db()
    return participation


@transaction.atomic
def consent_record(
    *, candidate: Candidate, given_on: datetime.date, scope: str, by: Actor
) -> Candidate:
    """The candidate consents to sharing care details with the IMO's professionals."""
    if not scope.strip():
        raise ValidationError({"consent_scope": _("Beschrijf waarvoor de toestemming geldt.")})
    if given_on > timezone.localdate():
        raise ValidationError({"consent_given_on": _("De datum ligt in de toekomst.")})
    candidate = _lock_candidate(candidate)
    candidate.consent_given_on = given_on
    candidate.consent_scope = scope.strip()
    candidate.consent_withdrawn_on = None
    candidate.save(update_fields=["consent_given_on", "consent_scope", "consent_withdrawn_on"])
    audit.record_write(actor=by, obj=candidate, community=candidate.community, detail="toestemming")
    return candidate


@transaction.atomic
def consent_withdraw(*, candidate: Candidate, on: datetime.date, by: Actor) -> Candidate:
    """Withdrawal takes effect at once: from now on nobody sees the care details
    (Candidate.has_consent ignores the date on purpose: nobody should wait for it)."""
    candidate = _lock_candidate(candidate)
    if not candidate.has_consent:
        raise ValidationError(_("Er is geen toestemming om in te trekken."))
    candidate.consent_withdrawn_on = on
    candidate.save(update_fields=["consent_withdrawn_on"])
    # Stored agendas made with the consent still hold the care details (issue 9).
    _agendas_remake(candidate)
    audit.record_write(
        actor=by, obj=candidate, community=candidate.community, detail="toestemming in"
    )
    return candidate


# --- meetings ---------------------------------------------------------------------------------


def nth_weekday(*, year: int, month: int, weekday: int, nth: int) -> datetime.date:
    """The nth `weekday` (0 = Monday) of the month; nth = -1 is the last one."""
    days = [
        week[weekday]
        for week in calendar.Calendar().monthdatescalendar(year, month)
        if week[weekday].month == month
    ]
    return days[-1] if nth == -1 else days[nth - 1]


def meeting_dates(
    *, schedule: MeetingSchedule, from_date: datetime.date, months: int
) -> list[datetime.date]:
    """The next `months` meeting dates of the rule on or after `from_date`."""
    dates: list[datetime.date] = []
    year, month = from_date.year, from_date.month
    while len(dates) < months:
        day = nth_weekday(
            year=year, month=month, weekday=schedule.weekday, nth=schedule.nth_weekday
        )
        if day >= from_date:
            dates.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dates


# Which attendee group each role sits in (DESIGN.md §4). The residents' delegation is the
# residents' part of the toelatingscommissie; the professionals form the communityteam.
ATTENDEE_GROUP_BY_ROLE = {
    Role.SOCIAAL_BEHEERDER: AttendeeGroup.COMMUNITY_TEAM,
    Role.COMMUNITYCOACH: AttendeeGroup.COMMUNITY_TEAM,
    Role.BEGELEIDER: AttendeeGroup.COMMUNITY_TEAM,
    Role.BEWONERSAFVAARDIGING: AttendeeGroup.ADMISSION_COMMITTEE,
}


@transaction.atomic
def meetings_plan_ahead(
    *, schedule: MeetingSchedule, from_date: datetime.date, months: int = 3
) -> list[IntakeMeeting]:
    """Create the community's next `months` IMO meetings from its rule (e.g. first Tuesday,
    14:00, Europe/Amsterdam) on or after `from_date`. Idempotent: a date that already has a
    meeting (at any time that day) is skipped. Returns the meetings created now.

    Chair: the community's first sociaal beheerder. Attendees: every member with role sociaal
    beheerder, communitycoach or begeleider (group communityteam) and bewonersafvaardiging
    (group toelatingscommissie).
    """
    # Lock the schedule: the Celery beat and a user clicking "plan" must not both create.
    schedule = MeetingSchedule.objects.select_for_update().get(pk=schedule.pk)
    community = schedule.community
    tz = timezone.get_default_timezone()
    chair = _first_member(community, Role.SOCIAAL_BEHEERDER)
    members = list(
        Membership.objects.filter(community=community, role__in=ATTENDEE_GROUP_BY_ROLE)
        .select_related("user")
        .order_by("pk")
    )
    created = []
    for day in meeting_dates(schedule=schedule, from_date=from_date, months=months):
        day_start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
        if IntakeMeeting.objects.filter(
            community=community,
            starts_at__gte=day_start,
            starts_at__lt=day_start + datetime.timedelta(days=1),
        ).exists():
            continue
        meeting = IntakeMeeting.objects.create(
            community=community,
            starts_at=datetime.datetime.combine(day, schedule.starts_at, tzinfo=tz),
            place=schedule.place,
            chair=chair,
        )
        Attendee.objects.bulk_create(
            [
                Attendee(meeting=meeting, user=m.user, group=ATTENDEE_GROUP_BY_ROLE[m.role])
                for m in members
            ]
        )
        created.append(meeting)
    return created


@transaction.atomic
def candidate_put_on_agenda(*, meeting: IntakeMeeting, candidate: Candidate) -> Candidate:
    candidate = _lock_candidate(candidate)
    if candidate.community_id != meeting.community_id:
        raise ValidationError(_("Deze kandidaat hoort niet bij de locatie van dit IMO."))
    if candidate.status not in AGENDA_FROM:
        raise ValidationError(
            _("Een kandidaat met status '%(status)s' kan niet meer op de agenda.")
            % {"status": candidate.get_status_display()}
        )
    meeting.candidates.add(candidate)
    candidate.status = CandidateStatus.ON_AGENDA
    candidate.save(update_fields=["status", "updated_at"])
    return candidate


@transaction.atomic
def attendance_record(*, attendee: Attendee, attendance: str) -> Attendee:
    if attendance not in Attendance.values:
        raise ValidationError(_("Kies aanwezig, afgemeld of afwezig."))
    Attendee.objects.filter(pk=attendee.pk).update(attendance=attendance)
    attendee.refresh_from_db()
    return attendee


@transaction.atomic
def previous_minutes_approve(*, meeting: IntakeMeeting, approved: bool, by: Actor) -> IntakeMeeting:
    """Record whether this meeting approved the minutes of the previous IMO (agenda point 0)."""
    IntakeMeeting.objects.filter(pk=meeting.pk).update(previous_minutes_approved=approved)
    meeting.refresh_from_db()
    audit.record_write(actor=by, obj=meeting, community=meeting.community, detail="notulen")
    return meeting


def _versioned_save(model, lookup: dict, values: dict, expected_version: int | None):
    """Create (expected_version None) or conditionally update (only if the stored version is
    still `expected_version`) one row; raise StaleEdit when someone else got there first.

    The conditional UPDATE is the guard: on PostgreSQL the second of two concurrent updates
    waits for the first, re-reads the row, no longer matches the version and updates 0 rows. A
    concurrent second create hits the unique constraint instead."""
    if expected_version is None:
        try:
            with transaction.atomic():
                return model.objects.create(**lookup, **values)
        except IntegrityError as error:
            raise StaleEdit() from error
    updated = model.objects.filter(**lookup, version=expected_version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if updated == 0:
        raise StaleEdit()
    return model.objects.get(**lookup)


@transaction.atomic
def note_save(
    *,
    meeting: IntakeMeeting,
    point: int,
    text: str,
    expected_version: int | None,
    by: Actor,
) -> AgendaNote:
    """Save the minutes of one agenda point (0–7). Pass the version the user opened (None when
    there was no note yet); raises StaleEdit when someone else saved in between."""
    if point not in range(8):
        raise ValidationError(_("Kies een agendapunt van 0 tot en met 7."))
    note = _versioned_save(
        AgendaNote,
        {"meeting": meeting, "point": point},
        {"text": text, "updated_by": _person(by)},
        expected_version,
    )
    audit.record_write(actor=by, obj=meeting, community=meeting.community, detail="verslag")
    return note


@transaction.atomic
def advice_record(
    *,
    meeting: IntakeMeeting,
    candidate: Candidate,
    kind: str,
    conditions: str,
    rationale: str,
    expected_version: int | None,
    by: Actor,
) -> Advice:
    """Record (expected_version None) or change the IMO's advice on a candidate on this
    meeting's agenda. Each non-empty line of `conditions` becomes a follow-up action after
    moving in. Raises StaleEdit when someone else saved this advice after the user opened it
    (never a silent overwrite). Moves the candidate to ADVISED."""
    if kind not in AdviceKind.values:
        raise ValidationError({"kind": _("Kies positief, negatief of aanhouden.")})
    if not meeting.candidates.filter(pk=candidate.pk).exists():
        raise ValidationError(_("Deze kandidaat staat niet op de agenda van dit IMO."))
    if not meeting_started(meeting):
        raise ValidationError(
            _("Het IMO van %(date)s is nog niet begonnen: het advies volgt uit het overleg.")
            % {"date": _date(timezone.localdate(meeting.starts_at))}
        )
    status = Candidate.objects.values_list("status", flat=True).get(pk=candidate.pk)
    if status not in ADVICE_FROM:
        raise ValidationError(
            _("Over deze kandidaat heeft de corporatie al besloten; het advies ligt vast.")
        )
    # The versioned write comes first: the loser of a race stops here, before touching the
    # candidate row.
    advice = _versioned_save(
        Advice,
        {"meeting": meeting, "candidate": candidate},
        {
            "kind": kind,
            "conditions": conditions,
            "rationale": rationale,
            "recorded_by": _person(by),
        },
        expected_version,
    )
    Candidate.objects.filter(pk=candidate.pk, status__in=ADVICE_FROM).update(
        status=CandidateStatus.ADVISED, updated_at=timezone.now()
    )
    candidate.refresh_from_db()
    audit.record_write(actor=by, obj=candidate, community=candidate.community, detail="advies")
    return advice


def meeting_started(meeting: IntakeMeeting, *, now: datetime.datetime | None = None) -> bool:
    """An advice comes out of the meeting: it can be recorded from the moment the meeting
    starts (a chair may type it in during the meeting), never before."""
    return (now or timezone.now()) >= meeting.starts_at


def latest_advice(candidate: Candidate) -> Advice | None:
    return (
        Advice.objects.filter(candidate=candidate)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "-pk")
        .first()
    )


def follows_advice(advice_kind: str, decision_kind: str) -> bool | None:
    """Positive & allocated or negative & not allocated: followed; postpone: not applicable."""
    if advice_kind == AdviceKind.POSTPONE:
        return None
    return (advice_kind == AdviceKind.POSITIVE) == (decision_kind == DecisionKind.ALLOCATED)


# A decision stands once made; only a declined offer lets the corporation decide again, and a
# new advice (after the candidate came back on an agenda) asks for a new decision.
@transaction.atomic
def decision_record(
    *,
    candidate: Candidate,
    kind: str,
    reason: str,
    decided_on: datetime.date,
    by: Actor,
) -> AllocationDecision:
    """The corporation's formal decision on a candidate, apart from the IMO's advice.

    Only a user of the community's corporation (PermissionDenied otherwise). Needs an advice.
    A reason is required when not allocating or when the decision departs from the advice.
    ALLOCATED needs the candidate's vacancy to be open, and allocates it. A double submit has one
    effect: the candidate row is locked and a second decision is refused while one stands.
    """
    candidate = _lock_candidate(candidate)
    community = candidate.community
    if _person(by) is None or by.organisation_id != community.corporation_id:
        raise PermissionDenied(_("Alleen de corporatie neemt het besluit over toewijzing."))
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": _("Kies toegewezen of niet toegewezen.")})
    advice = latest_advice(candidate)
    if advice is None:
        raise ValidationError(_("Het IMO heeft over deze kandidaat nog geen advies gegeven."))
    if candidate.status not in DECISION_FROM:
        raise ValidationError(_("Over deze kandidaat is al besloten."))
    advised_on = timezone.localdate(advice.meeting.starts_at)
    if decided_on < advised_on:
        raise ValidationError(
            {
                "decided_on": _(
                    "Het besluit kan niet eerder zijn dan het IMO dat adviseerde (%(date)s)."
                )
                % {"date": _date(advised_on)}
            }
        )
    followed = follows_advice(advice.kind, kind)
    if not reason.strip() and (kind == DecisionKind.NOT_ALLOCATED or followed is False):
        raise ValidationError({"reason": _("Geef de reden van het besluit.")})
    vacancy = None
    if kind == DecisionKind.ALLOCATED:
        if candidate.vacancy_id is None:
            raise ValidationError(_("Koppel eerst een vrijkomende woning aan de kandidaat."))
        vacancy = Vacancy.objects.select_for_update().get(pk=candidate.vacancy_id)
        if vacancy.status != VacancyStatus.OPEN:
            raise ValidationError(
                _("Woning %(unit)s is niet meer vrij (status: %(status)s).")
                % {"unit": vacancy.unit, "status": vacancy.get_status_display()}
            )
        vacancy.status = VacancyStatus.ALLOCATED
        vacancy.save(update_fields=["status"])
    decision = AllocationDecision.objects.create(
        candidate=candidate,
        vacancy=vacancy or candidate.vacancy,
        kind=kind,
        reason=reason.strip(),
        decided_on=decided_on,
        decided_by=by,
        follows_advice=followed,
    )
    candidate.status = (
        CandidateStatus.ALLOCATED
        if kind == DecisionKind.ALLOCATED
        else CandidateStatus.NOT_ALLOCATED
    )
    candidate.save(update_fields=["status", "updated_at"])
    audit.record_write(actor=by, obj=candidate, community=community, detail="besluit")
    return decision


@transaction.atomic
def offer_declined(*, candidate: Candidate, on: datetime.date, by: Actor) -> AllocationDecision:
    """After allocation the candidate declines the offer: the candidate is DECLINED, the vacancy
    is OPEN again and the community's sociaal beheerder(s) get an e-mail (after commit)."""
    candidate = _lock_candidate(candidate)
    if candidate.status not in OFFER_DECLINED_FROM:
        raise ValidationError(_("Alleen een toegewezen woning kan worden afgewezen."))
    decision = (
        AllocationDecision.objects.select_for_update()
        .filter(candidate=candidate, kind=DecisionKind.ALLOCATED, offer_declined_on__isnull=True)
        .order_by("-decided_on", "-pk")
        .first()
    )
    if decision is None:
        raise ValidationError(_("Er is geen toewijzing gevonden."))
    decision.offer_declined_on = on
    decision.save(update_fields=["offer_declined_on"])
    if decision.vacancy_id is not None:
        Vacancy.objects.select_for_update().filter(
            pk=decision.vacancy_id, status=VacancyStatus.ALLOCATED
        ).update(status=VacancyStatus.OPEN)
    candidate.status = CandidateStatus.DECLINED
    candidate.save(update_fields=["status", "updated_at"])
    community = candidate.community
    audit.record_write(actor=by, obj=candidate, community=community, detail="aanbod afgewezen")
    unit = decision.vacancy.unit if decision.vacancy_id else None
    _mail_after_commit(
        subject=_("%(community)s: aanbod afgewezen, woning %(unit)s weer vrij")
        % {"community": community.name, "unit": unit or "-"},
        body=_(
            "%(name)s heeft op %(date)s het aanbod voor woning %(unit)s afgewezen.\n\n"
            "De woning staat weer open. Zet een nieuwe kandidaat op de agenda van het "
            "volgende IMO."
        )
        % {"name": candidate, "date": _date(on), "unit": unit or "-"},
        to=[u.email for u in _members(community, Role.SOCIAAL_BEHEERDER)],
        purpose="imo.aanbod_afgewezen",
    )
    return decision


@transaction.atomic
def handover_record(
    *,
    candidate: Candidate,
    on: datetime.date,
    welcome_contact: User | None,
    note: str,
    by: Actor,
) -> Handover:
    """Hand an allocated candidate over to the welcome committee of the woonvereniging."""
    candidate = _lock_candidate(candidate)
    if candidate.status not in HANDOVER_FROM:
        raise ValidationError(_("Alleen een toegewezen kandidaat kan worden overgedragen."))
    handover, _created = Handover.objects.update_or_create(
        candidate=candidate,
        defaults={"handed_over_on": on, "welcome_contact": welcome_contact, "note": note},
    )
    candidate.status = CandidateStatus.HANDED_OVER
    candidate.save(update_fields=["status", "updated_at"])
    audit.record_write(actor=by, obj=candidate, community=candidate.community, detail="overdracht")
    return handover


@transaction.atomic
def candidate_move_in(*, candidate: Candidate, on: datetime.date, by: Actor) -> Resident:
    """The handed-over candidate moves into the allocated unit.

    Creates the Resident (doorstroom: the existing resident first moves out of the old unit with
    reason doorstroom, and the old unit becomes a vacancy), moves them in through
    communities.services.resident_move_in and, for a supported candidate, starts the support
    period (communities.services.support_start) unless it already runs. The vacancy is FILLED,
    the candidate MOVED_IN. Then the soft landing: one follow-up action per non-empty line of the
    latest advice's conditions (owner: that meeting's chair, else the sociaal beheerder; due in
    14 days) and check-ins after CHECK_IN_AFTER_DAYS (owner: the communitycoach, else the
    sociaal beheerder).
    """
    candidate = _lock_candidate(candidate)
    community = candidate.community
    if candidate.status not in MOVE_IN_FROM:
        raise ValidationError(_("Alleen een overgedragen kandidaat kan intrekken."))
    if candidate.vacancy_id is None:
        raise ValidationError(_("Koppel eerst een vrijkomende woning aan de kandidaat."))
    vacancy = (
        Vacancy.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=candidate.vacancy_id)
    )
    if vacancy.status != VacancyStatus.ALLOCATED:
        raise ValidationError(_("De woning is niet aan deze kandidaat toegewezen."))
    if on < vacancy.available_from:
        raise ValidationError(
            _("De woning is pas vrij vanaf %(date)s.") % {"date": _date(vacancy.available_from)}
        )
    if candidate.supported and (
        candidate.care_organisation is None or candidate.support_hours_per_week is None
    ):
        raise ValidationError(
            _("Vul de zorgaanbieder en de geïndiceerde uren in voordat de kandidaat intrekt.")
        )

    if candidate.existing_resident_id is not None:
        resident = candidate.existing_resident
        old_stay = community_services.resident_move_out(
            resident=resident, on=on, reason=MoveOutReason.DOORSTROOM
        )
        vacancy_from_move_out(stay=old_stay)
    else:
        resident = Resident.objects.create(
            community=community,
            first_name=candidate.first_name,
            last_name=candidate.last_name,
            email=candidate.email,
            phone=candidate.phone,
        )
    community_services.resident_move_in(resident=resident, unit=vacancy.unit, on=on)
    if candidate.supported and not resident.support_periods.active_on(on).exists():
        community_services.support_start(
            resident=resident,
            care_organisation=candidate.care_organisation,
            on=on,
            hours_per_week=Decimal(candidate.support_hours_per_week),
        )

    vacancy.status = VacancyStatus.FILLED
    vacancy.filled_on = on
    vacancy.save(update_fields=["status", "filled_on"])
    candidate.status = CandidateStatus.MOVED_IN
    candidate.resident = resident
    candidate.save(update_fields=["status", "resident", "updated_at"])

    beheerder = _first_member(community, Role.SOCIAAL_BEHEERDER)
    coach = _first_member(community, Role.COMMUNITYCOACH) or beheerder
    advice = latest_advice(candidate)
    actions = []
    if advice is not None:
        owner = advice.meeting.chair or beheerder
        for line in advice.conditions.splitlines():
            if line.strip():
                actions.append(
                    FollowUpAction(
                        candidate=candidate,
                        description=line.strip()[:300],
                        owner=owner,
                        due_on=on + datetime.timedelta(days=CONDITION_DUE_AFTER_DAYS),
                    )
                )
    for days in CHECK_IN_AFTER_DAYS:
        actions.append(
            FollowUpAction(
                candidate=candidate,
                description=_("Check-in %(days)s dagen na intrek") % {"days": days},
                is_check_in=True,
                owner=coach,
                due_on=on + datetime.timedelta(days=days),
            )
        )
    FollowUpAction.objects.bulk_create(actions)
    audit.record_write(actor=by, obj=candidate, community=community, detail="intrek")
    return resident


@transaction.atomic
def follow_up_done(
    *, action: FollowUpAction, on: datetime.date, note: str, by: Actor
) -> FollowUpAction:
    """Mark a follow-up action or check-in done, with what was found or agreed."""
    action = FollowUpAction.objects.select_for_update().get(pk=action.pk)
    if action.done_on is not None:
        raise ValidationError(
            _("Deze actie is al afgerond op %(date)s.") % {"date": _date(action.done_on)}
        )
    action.done_on = on
    action.note = note
    action.save(update_fields=["done_on", "note"])
    candidate = action.candidate
    audit.record_write(actor=by, obj=candidate, community=candidate.community, detail="opvolging")
    return action
