"""Reads of the IMO: the seven-point agenda filled from the data, the process figures and the
follow-ups an owner has to do.

The agenda carries plain values, never Candidate objects, so that a template (page or PDF) can
not reach a care field by accident: care details are only in `CareDetails`, which is None unless
the viewer may see them and the candidate's consent stands.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from communities.mix import CommunityMix, MixFigures, mix_figures
from communities.models import Community, User
from communities.selectors import (
    community_mix,
    community_mix_history,
    mix_inputs,
    moves_between,
)
from gemengdwonen.dates import months_before
from imo.access import ImoViewer
from imo.constants import (
    AGENDA_POINTS,
    AgreementAsks,
    CandidateStatus,
    VacancyStatus,
    status_label,
)
from imo.models import (
    Advice,
    AgendaNote,
    AllocationDecision,
    Candidate,
    FollowUpAction,
    IntakeMeeting,
    Vacancy,
)
from imo.rules import (
    Bands,
    ProjectedMix,
    agreement_asks,
    farther_from_target_pp,
    projected_mix,
    pushes_out_of_band,
)

# Vacancies coming free up to about two months after the meeting are discussed (and all earlier).
VACANCY_HORIZON_DAYS = 61
PARTICIPATION_MONTHS = 6


def _section_figures(mix: CommunityMix, section_id: int) -> MixFigures | None:
    return next((s.figures for s in mix.sections if s.section_id == section_id), None)


# --- the agenda -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CareDetails:
    """Special-category data: only for the IMO's professionals, only with consent. One field
    per name in Candidate.CARE_FIELDS (tests/test_imo_care_fields.py keeps them equal)."""

    care_organisation: str
    support_hours_per_week: Decimal | None
    problem_severity: str
    accepts_support: str
    fallback_place: str
    care_and_housing_agreement: bool
    special_tenancy_conditions: str


@dataclass(frozen=True)
class AgendaPoint:
    number: int
    title: str
    note_text: str
    note_version: int | None  # pass as expected_version to imo.services.note_save


@dataclass(frozen=True)
class AttendeeRow:
    attendee_id: int
    name: str
    organisation: str
    group: str
    group_label: str
    attendance: str
    attendance_label: str


@dataclass(frozen=True)
class FollowUpRow:
    action_id: int
    candidate_name: str
    description: str
    is_check_in: bool
    owner_name: str
    due_on: datetime.date
    overdue: bool


@dataclass(frozen=True)
class OpeningPoint:
    """Point 0: open points and the minutes of the previous IMO."""

    previous_meeting_id: int | None
    previous_meeting_on: datetime.date | None
    previous_minutes_approved: bool
    previous_notes: list[tuple[int, str]]
    open_follow_ups: list[FollowUpRow]  # empty for the residents' delegation: names, actions
    open_follow_up_count: int


@dataclass(frozen=True)
class VacancyRow:
    """Point 1: a unit coming free, the balance there and what the agreement asks for."""

    vacancy_id: int
    unit_number: str
    section_id: int
    section_name: str
    available_from: datetime.date
    source_label: str
    mix_on: datetime.date  # the mix as of the agenda date, or the day the unit comes free
    overall: MixFigures
    section: MixFigures
    asks: AgreementAsks

    @property
    def asks_label(self) -> str:
        return AgreementAsks(self.asks).label


@dataclass(frozen=True)
class MoveRow:
    day: datetime.date
    direction: str  # "in" or "out"
    resident_name: str
    unit_number: str
    reason: str  # empty unless the viewer may see care-related details


@dataclass(frozen=True)
class MotivationRow:
    """Point 4."""

    candidate_id: int
    name: str
    source_label: str
    status_label: str
    unit_number: str
    motivation: str
    willingness_label: str
    participations_invited: int
    participations_attended: int
    unit_note: str = ""  # says so when the proposed unit is no longer vacant


@dataclass(frozen=True)
class CharacteristicRow:
    """Point 5: supported or not, and the mix as it would be if the candidate moved in."""

    candidate_id: int
    name: str
    supported: bool
    unit_number: str
    section_name: str
    current_overall: MixFigures | None
    current_section: MixFigures | None
    projected: ProjectedMix | None  # None without a vacancy
    pushes_out_of_band: bool
    care: CareDetails | None
    unit_note: str = ""
    # Percentage points farther from the target if the candidate moved in (None: not farther).
    farther_overall_pp: float | None = None
    farther_section_pp: float | None = None

    @property
    def moves_away(self) -> bool:
        return self.farther_overall_pp is not None or self.farther_section_pp is not None


@dataclass(frozen=True)
class AdviceRow:
    """Point 6: the advice of this meeting, or else the latest earlier one."""

    candidate_id: int
    name: str
    advice_id: int | None
    kind: str
    kind_label: str
    conditions: str
    rationale: str
    version: int | None  # expected_version for imo.services.advice_record (this meeting only)
    from_earlier_meeting_on: datetime.date | None
    recorded_by: str


@dataclass(frozen=True)
class HandoverRow:
    """Point 7."""

    candidate_id: int
    name: str
    status: str
    status_label: str
    unit_number: str
    decided_on: datetime.date | None
    handed_over_on: datetime.date | None
    welcome_contact: str
    moved_in_on: datetime.date | None = None


@dataclass(frozen=True)
class Agenda:
    meeting: IntakeMeeting
    community: Community
    on: datetime.date
    chair: str
    attendees: list[AttendeeRow]
    points: list[AgendaPoint]  # 0..7 with title and the minutes recorded so far
    opening: OpeningPoint  # 0
    vacancies: list[VacancyRow]  # 1
    mix: CommunityMix  # 2
    moves: list[MoveRow]  # 3, since the previous IMO
    motivations: list[MotivationRow]  # 4
    characteristics: list[CharacteristicRow]  # 5
    advices: list[AdviceRow]  # 6
    handovers: list[HandoverRow]  # 7: waiting for a handover, or handed over since the last IMO
    care_visible: bool = field(default=False)  # whether any care details are shown


def candidate_read(*, community: Community, pk: int, fetched_by) -> Candidate:
    """One candidate of `community` for their page (404 for another community's), recording
    the read in the audit trail with `fetched_by` (a user or a system actor)."""
    candidate = get_object_or_404(
        community.candidates.select_related(
            "community", "vacancy__unit__section", "care_organisation", "proposed_by"
        ),
        pk=pk,
    )
    audit.record_read(actor=fetched_by, obj=candidate, community=community)
    return candidate


def meeting_read(*, community: Community, pk: int, fetched_by) -> IntakeMeeting:
    """One meeting of `community` for its page (the agenda names candidates and, for the IMO's
    professionals, their care details), recording the read with `fetched_by`."""
    meeting = get_object_or_404(
        community.intake_meetings.select_related("chair", "community"), pk=pk
    )
    audit.record_read(actor=fetched_by, obj=meeting, community=community)
    return meeting


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _care(candidate: Candidate) -> CareDetails:
    """The care fields (Candidate.CARE_FIELDS) as display values: choices by their label, an
    organisation by its name."""
    values = {}
    for name in Candidate.CARE_FIELDS:
        field_ = Candidate._meta.get_field(name)
        if field_.choices:
            values[name] = getattr(candidate, f"get_{name}_display")()
        elif field_.is_relation:
            values[name] = str(getattr(candidate, name) or "")
        else:
            values[name] = getattr(candidate, name)
    return CareDetails(**values)


def _leaving(candidate: Candidate, on: datetime.date) -> tuple[int | None, bool | None]:
    """For doorstroom: the section the existing resident leaves and whether they count as
    supported now."""
    resident = candidate.existing_resident
    if resident is None:
        return None, None
    stay = (
        resident.stays.active_on(on).select_related("tenancy__unit").first()
        or resident.stays.filter(end_date__isnull=True).select_related("tenancy__unit").first()
    )
    if stay is None:
        return None, None
    return stay.tenancy.unit.section_id, resident.support_periods.active_on(on).exists()


def _pp(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 1)


def _placed_by(candidate: Candidate, on: datetime.date) -> bool:
    """Whether the candidate had moved in on `on`: then they are a resident (counted in the mix)
    and leave the open points 4–6 of the agenda."""
    if candidate.status != CandidateStatus.MOVED_IN:
        return False
    filled_on = candidate.vacancy.filled_on if candidate.vacancy else None
    return filled_on is None or filled_on <= on


# Statuses in which a candidate holds their vacancy (the corporation allocated it to them).
HOLDING_STATUSES = (
    CandidateStatus.ALLOCATED,
    CandidateStatus.HANDED_OVER,
    CandidateStatus.MOVED_IN,
)


def _unit_note(candidate: Candidate) -> str:
    """For a candidate proposed for a unit that is no longer vacant (let to someone else,
    allocated to another candidate, or withdrawn): say so, instead of a projected mix."""
    vacancy = candidate.vacancy
    if vacancy is None or vacancy.status == VacancyStatus.OPEN:
        return ""
    if candidate.status in HOLDING_STATUSES:
        return ""
    return _("Woning %(unit)s is niet meer vrij (%(status)s).") % {
        "unit": vacancy.unit.number,
        "status": vacancy.get_status_display().lower(),
    }


def agenda_build(
    *,
    meeting: IntakeMeeting,
    viewer: ImoViewer,
    on: datetime.date | None = None,
) -> Agenda:
    """The meeting's agenda: the model's seven points (plus point 0) filled from the data as of
    `on` (default: the meeting's date), as `viewer` may see it (`imo.access.imo_viewer` for a
    person, `imo.access.audience_viewer` for a stored PDF copy).

    A candidate's care details are filled in only when `viewer.sees_care(candidate)` (consent
    checked now: a withdrawal hides them at once); the reasons residents left only for
    `viewer.sees_move_reasons` (the coach and the corporation's beheerders, issue 9). The
    residents' copy and the residents' delegation (`viewer.limited`) get no open follow-ups
    (only their number) and no candidate's source ("voorgedragen door zorgaanbieder"). There
    are no diagnoses anywhere.
    """
    community = meeting.community
    on = on or _local_date(meeting.starts_at)
    inputs = mix_inputs(community=community)
    bands = Bands.of(community)
    mix_now = community_mix(community=community, on=on, inputs=inputs)
    for_residents = viewer.limited

    # Point 0.
    previous = (
        IntakeMeeting.objects.filter(community=community, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .first()
    )
    open_actions = (
        FollowUpAction.objects.filter(candidate__community=community)
        .filter(Q(done_on__isnull=True) | Q(done_on__gt=on))
        .select_related("candidate", "owner")
        .order_by("due_on", "pk")
    )
    opening = OpeningPoint(
        previous_meeting_id=previous.pk if previous else None,
        previous_meeting_on=_local_date(previous.starts_at) if previous else None,
        previous_minutes_approved=meeting.previous_minutes_approved,
        previous_notes=[
            (n.point, n.text) for n in previous.notes.order_by("point") if n.text.strip()
        ]
        if previous
        else [],
        open_follow_ups=[
            FollowUpRow(
                action_id=a.pk,
                candidate_name=str(a.candidate),
                description=a.description,
                is_check_in=a.is_check_in,
                owner_name=_name(a.owner),
                due_on=a.due_on,
                overdue=a.due_on < on,
            )
            for a in ([] if for_residents else open_actions)
        ],
        open_follow_up_count=len(open_actions),
    )

    # Point 1. The mix is taken when the unit is actually free (a departure already recorded
    # for a later date then no longer counts), but never before the agenda date.
    vacancies = []
    for vacancy in (
        Vacancy.objects.filter(
            community=community,
            status=VacancyStatus.OPEN,
            available_from__lte=on + datetime.timedelta(days=VACANCY_HORIZON_DAYS),
        )
        .select_related("unit__section")
        .order_by("available_from", "unit__number", "pk")
    ):
        day = max(on, vacancy.available_from)
        mix = mix_now if day == on else community_mix(community=community, on=day, inputs=inputs)
        section_id = vacancy.unit.section_id
        vacancies.append(
            VacancyRow(
                vacancy_id=vacancy.pk,
                unit_number=vacancy.unit.number,
                section_id=section_id,
                section_name=vacancy.unit.section.name,
                available_from=vacancy.available_from,
                source_label=vacancy.get_source_display(),
                mix_on=day,
                overall=mix.overall,
                section=_section_figures(mix, section_id) or _empty_figures(mix),
                asks=agreement_asks(mix=mix, section_id=section_id, bands=bands),
            )
        )

    # Point 3: the moves since the previous IMO (a month when there was none).
    since_previous = opening.previous_meeting_on or months_before(on, 1)
    moves = [
        MoveRow(
            day=m.day,
            direction=m.direction,
            resident_name=str(m.resident),
            unit_number=m.unit.number,
            reason=m.reason if viewer.sees_move_reasons else "",
        )
        for m in moves_between(community=community, start=since_previous, end=on)
    ]

    # Points 4–6 are about the candidates still open: one who moved in is a resident now
    # (counted in the mix, listed under points 3 and 7), not a candidate counted twice.
    candidates = list(
        meeting.candidates.select_related(
            "vacancy__unit__section", "care_organisation", "existing_resident"
        )
        .prefetch_related("participations")
        .order_by("last_name", "first_name", "pk")
    )
    candidates = [c for c in candidates if not _placed_by(c, on)]
    unit_notes = {c.pk: _unit_note(c) for c in candidates}

    # Point 4.
    since = months_before(on, PARTICIPATION_MONTHS)
    motivations = []
    for c in candidates:
        recent = [p for p in c.participations.all() if since <= p.held_on <= on]
        motivations.append(
            MotivationRow(
                candidate_id=c.pk,
                name=str(c),
                source_label="" if for_residents else c.get_source_display(),
                status_label=c.get_status_display(),
                unit_number=c.vacancy.unit.number if c.vacancy else "",
                motivation=c.motivation,
                willingness_label=c.get_willingness_display(),
                participations_invited=len(recent),
                participations_attended=sum(1 for p in recent if p.attended),
                unit_note=unit_notes[c.pk],
            )
        )

    # Point 5.
    characteristics = []
    for c in candidates:
        projected = current_overall = current_section = None
        farther_overall = farther_section = None
        flag = False
        section_name = ""
        if c.vacancy is not None and not unit_notes[c.pk]:
            section_id = c.vacancy.unit.section_id
            section_name = c.vacancy.unit.section.name
            day = max(on, c.vacancy.available_from)
            mix = (
                mix_now if day == on else community_mix(community=community, on=day, inputs=inputs)
            )
            leaving_section_id, leaving_supported = _leaving(c, day)
            projected = projected_mix(
                mix=mix,
                section_id=section_id,
                supported=c.supported,
                leaving_section_id=leaving_section_id,
                leaving_supported=leaving_supported,
                bands=bands,
            )
            current_overall = mix.overall
            current_section = _section_figures(mix, section_id)
            flag = pushes_out_of_band(current=mix, section_id=section_id, projected=projected)
            farther_overall = _pp(farther_from_target_pp(current_overall, projected.overall))
            farther_section = _pp(farther_from_target_pp(current_section, projected.section))
        characteristics.append(
            CharacteristicRow(
                candidate_id=c.pk,
                name=str(c),
                supported=c.supported,
                unit_number=c.vacancy.unit.number if c.vacancy else "",
                section_name=section_name,
                current_overall=current_overall,
                current_section=current_section,
                projected=projected,
                pushes_out_of_band=flag,
                care=_care(c) if viewer.sees_care(c) else None,
                unit_note=unit_notes[c.pk],
                farther_overall_pp=farther_overall,
                farther_section_pp=farther_section,
            )
        )

    # Point 6.
    advices_here = {
        a.candidate_id: a
        for a in Advice.objects.filter(meeting=meeting).select_related("recorded_by")
    }
    advices = []
    for c in candidates:
        advice = advices_here.get(c.pk)
        earlier = None
        if advice is None:
            advice = (
                Advice.objects.filter(candidate=c, meeting__starts_at__lt=meeting.starts_at)
                .select_related("meeting", "recorded_by")
                .order_by("-meeting__starts_at")
                .first()
            )
            earlier = _local_date(advice.meeting.starts_at) if advice else None
        advices.append(
            AdviceRow(
                candidate_id=c.pk,
                name=str(c),
                advice_id=advice.pk if advice else None,
                kind=advice.kind if advice else "",
                kind_label=advice.get_kind_display() if advice else "",
                conditions=advice.conditions if advice else "",
                rationale=advice.rationale if advice else "",
                version=advice.version if advice and earlier is None else None,
                from_earlier_meeting_on=earlier,
                recorded_by=_name(advice.recorded_by) if advice else "",
            )
        )

    # Point 7: who waits for a handover to the welcome committee, and who was handed over
    # since the previous IMO (also when they have moved in since).
    handovers = []
    for c in (
        Candidate.objects.filter(community=community)
        .filter(
            Q(status__in=[CandidateStatus.ALLOCATED, CandidateStatus.HANDED_OVER])
            | Q(
                handover__handed_over_on__gte=since_previous,
                handover__handed_over_on__lte=on,
            )
        )
        .select_related("vacancy__unit", "handover__welcome_contact")
        .distinct()
        .order_by("last_name", "first_name", "pk")
    ):
        decision = (
            AllocationDecision.objects.filter(candidate=c, offer_declined_on__isnull=True)
            .order_by("-decided_on", "-pk")
            .first()
        )
        handover = getattr(c, "handover", None)
        moved_in = c.status == CandidateStatus.MOVED_IN
        handovers.append(
            HandoverRow(
                candidate_id=c.pk,
                name=str(c),
                status=c.status,
                status_label=status_label(c.status),
                unit_number=c.vacancy.unit.number if c.vacancy else "",
                decided_on=decision.decided_on if decision else None,
                handed_over_on=handover.handed_over_on if handover else None,
                welcome_contact=_name(handover.welcome_contact) if handover else "",
                moved_in_on=c.vacancy.filled_on if moved_in and c.vacancy else None,
            )
        )

    notes = {n.point: n for n in AgendaNote.objects.filter(meeting=meeting)}
    points = [
        AgendaPoint(
            number=number,
            title=str(title),
            note_text=notes[number].text if number in notes else "",
            note_version=notes[number].version if number in notes else None,
        )
        for number, title in AGENDA_POINTS.items()
    ]
    attendees = [
        AttendeeRow(
            attendee_id=a.pk,
            name=_name(a.user),
            organisation=str(a.user.organisation or ""),
            group=a.group,
            group_label=a.get_group_display(),
            attendance=a.attendance,
            attendance_label=a.get_attendance_display(),
        )
        # A fixed order: the agenda's digest (agenda_fingerprint) must not change with the
        # order the database happens to return rows in.
        for a in meeting.attendees.select_related("user__organisation").order_by(
            "group", "user__last_name", "user__first_name", "pk"
        )
    ]
    return Agenda(
        meeting=meeting,
        community=community,
        on=on,
        chair=_name(meeting.chair),
        attendees=attendees,
        points=points,
        opening=opening,
        vacancies=vacancies,
        mix=mix_now,
        moves=moves,
        motivations=motivations,
        characteristics=characteristics,
        advices=advices,
        handovers=handovers,
        care_visible=any(row.care is not None for row in characteristics),
    )


def agenda_fingerprint(agenda: Agenda) -> str:
    """A digest of everything the agenda shows (the meeting's own row aside: its PDF status
    changes while the agenda is made). The digest stored with a PDF is compared with the one of
    today's data to say that the PDF is out of date. Build `agenda` for the professional copy
    (or a viewer who sees the same: `imo.access.IMO_CARE_ROLES`)."""
    data = dataclasses.replace(agenda, meeting=None, community=None)
    meeting = agenda.meeting
    facts = (meeting.starts_at, meeting.place, meeting.chair_id, meeting.previous_minutes_approved)
    return hashlib.sha256(repr((facts, data)).encode()).hexdigest()


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def _empty_figures(mix: CommunityMix) -> MixFigures:
    return mix_figures(supported=0, unsupported=0, target=mix.target.share)


# --- process figures --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcessMetrics:
    """How the intake process itself goes (the model asks that the IMO is evaluated)."""

    start: datetime.date
    until: datetime.date
    vacancies_filled: int
    vacant_days_average: float | None
    vacant_days_median: float | None
    moved_in: int
    intake_days_average: float | None
    intake_days_median: float | None
    decisions_with_advice: int  # decisions on a positive or negative advice
    decisions_following_advice: int
    share_following_advice: Fraction | None
    mix_history: list[CommunityMix]

    @property
    def share_following_advice_percent(self) -> float | None:
        share = self.share_following_advice
        return float(share * 100) if share is not None else None


def _average(values: list[int]) -> float | None:
    return statistics.fmean(values) if values else None


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def process_metrics(
    *, community: Community, until: datetime.date, months: int = 12
) -> ProcessMetrics:
    """Process figures over the `months` months up to `until` (from the first day of the first
    month): days a unit stays vacant (available_from → filled_on, for vacancies filled in the
    period), days from registration to moving in (candidates moved in during the period), the
    share of decisions (decided in the period, on a positive or negative advice) that followed
    the advice, and the mix at each month end. Aggregates only: callers showing them to gemeente
    or stuurgroep still mask small counts."""
    history = community_mix_history(community=community, until=until, months=months)
    start = history[0].on.replace(day=1)
    filled = Vacancy.objects.filter(
        community=community, filled_on__gte=start, filled_on__lte=until
    ).values_list("available_from", "filled_on")
    vacant_days = [max(0, (filled_on - available).days) for available, filled_on in filled]
    intakes = Candidate.objects.filter(
        community=community,
        status=CandidateStatus.MOVED_IN,
        vacancy__filled_on__gte=start,
        vacancy__filled_on__lte=until,
    ).values_list("registered_on", "vacancy__filled_on")
    intake_days = [max(0, (moved - registered).days) for registered, moved in intakes]
    decisions = list(
        AllocationDecision.objects.filter(
            candidate__community=community,
            decided_on__gte=start,
            decided_on__lte=until,
            follows_advice__isnull=False,
        ).values_list("follows_advice", flat=True)
    )
    followed = sum(1 for f in decisions if f)
    return ProcessMetrics(
        start=start,
        until=until,
        vacancies_filled=len(vacant_days),
        vacant_days_average=_average(vacant_days),
        vacant_days_median=_median(vacant_days),
        moved_in=len(intake_days),
        intake_days_average=_average(intake_days),
        intake_days_median=_median(intake_days),
        decisions_with_advice=len(decisions),
        decisions_following_advice=followed,
        share_following_advice=Fraction(followed, len(decisions)) if decisions else None,
        mix_history=history,
    )


def overdue_follow_ups(*, user: User, on: datetime.date) -> list[FollowUpAction]:
    """The user's open follow-up actions and check-ins whose due date has passed, for their home
    page (oldest first)."""
    return list(
        FollowUpAction.objects.filter(owner=user, done_on__isnull=True, due_on__lt=on)
        .select_related("candidate__community")
        .order_by("due_on", "pk")
    )


# --- pages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenVacancyRow:
    vacancy: Vacancy
    asks: str
    asks_label: str


def open_vacancy_rows(
    *, community: Community, today: datetime.date, statuses
) -> list[OpenVacancyRow]:
    """Open vacancies with what the numeric agreement asks for there, on the day the unit comes
    free (never before today)."""
    bands = Bands.of(community)
    mixes = {}
    rows = []
    for vacancy in community.vacancies.filter(status__in=statuses).select_related("unit__section"):
        day = max(today, vacancy.available_from)
        if day not in mixes:
            mixes[day] = community_mix(community=community, on=day)
        asks = agreement_asks(mix=mixes[day], section_id=vacancy.unit.section_id, bands=bands)
        rows.append(OpenVacancyRow(vacancy=vacancy, asks=asks, asks_label=asks.label))
    return rows


def candidate_history(*, candidate: Candidate, with_details: bool) -> list[dict]:
    """The candidate's way through the process, oldest first; the advice's and decision's
    texts and the handover note only `with_details` (not for the residents' delegation)."""
    events = [{"on": candidate.registered_on, "what": _("Aangemeld"), "detail": ""}]
    for meeting in candidate.intake_meetings.order_by("starts_at"):
        events.append(
            {
                "on": timezone.localdate(meeting.starts_at),
                "what": _("Op de agenda van het IMO"),
                "detail": "",
            }
        )
    for advice in candidate.advices.select_related("meeting", "recorded_by"):
        events.append(
            {
                "on": timezone.localdate(advice.meeting.starts_at),
                "what": _("Advies IMO: %(kind)s") % {"kind": advice.get_kind_display()},
                "detail": "\n".join(
                    part
                    for part in (
                        advice.rationale,
                        (_("Voorwaarden: %(c)s") % {"c": advice.conditions})
                        if advice.conditions
                        else "",
                    )
                    if part
                )
                if with_details
                else "",
            }
        )
    for decision in candidate.decisions.all():
        events.append(
            {
                "on": decision.decided_on,
                "what": _("Besluit corporatie: %(kind)s") % {"kind": decision.get_kind_display()},
                "detail": decision.reason if with_details else "",
            }
        )
        if decision.offer_declined_on:
            events.append(
                {"on": decision.offer_declined_on, "what": _("Aanbod afgewezen"), "detail": ""}
            )
    handover = getattr(candidate, "handover", None)
    if handover is not None:
        contact = handover.welcome_contact
        events.append(
            {
                "on": handover.handed_over_on,
                "what": _("Overgedragen aan de welkomstcommissie"),
                "detail": ((str(contact.get_full_name() or contact) + ". ") if contact else "")
                + handover.note
                if with_details
                else "",
            }
        )
    if candidate.status == CandidateStatus.MOVED_IN and candidate.vacancy:
        events.append(
            {
                "on": candidate.vacancy.filled_on or candidate.updated_at.date(),
                "what": _("Ingetrokken in %(unit)s") % {"unit": candidate.vacancy.unit.number},
                "detail": "",
            }
        )
    events.sort(key=lambda e: e["on"])
    return events
