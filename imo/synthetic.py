"""The IMO's part of the synthetic data (`manage.py generate_synthetic`, issue 14): a monthly
meeting since the opening and two months ahead, a vacancy per re-let (filled) and per unit
vacant today (open), the candidate who moved in plus others who did not, advice, the
corporation's decision, attendance and check-ins after moving in; the coming meeting holds 4–12
candidates (12 at the first location, the agenda PDF's benchmark). Bulk inserts; registered from
ImoConfig.ready() so that `communities` never imports `imo`."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from communities.demo import seed as demo
from communities.demo.synthetic import SyntheticCommunity, aware_at
from imo.constants import (
    AdviceKind,
    AttendeeGroup,
    CandidateSource,
    CandidateStatus,
    DecisionKind,
    VacancySource,
    VacancyStatus,
    Willingness,
)
from imo.models import (
    Advice,
    AllocationDecision,
    Attendee,
    Candidate,
    FollowUpAction,
    IntakeMeeting,
    MeetingSchedule,
    Vacancy,
)

BATCH = 2000
TUESDAY = 1
ATTENDEES = (
    ("beheerder", AttendeeGroup.ADMISSION_COMMITTEE),
    ("coach", AttendeeGroup.COMMUNITY_TEAM),
    ("begeleider", AttendeeGroup.COMMUNITY_TEAM),
    ("bewoner", AttendeeGroup.COMMUNITY_TEAM),
)
MOTIVATIONS = (
    "Wil graag iets betekenen voor de buren.",
    "Zoekt een plek waar mensen naar elkaar omkijken.",
    "Kookt graag en wil de maaltijden helpen organiseren.",
)


def _first_tuesday(year: int, month: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(TUESDAY - first.weekday()) % 7)


def _meeting_days(start: datetime.date, today: datetime.date) -> list[datetime.date]:
    days = []
    year, month = start.year, start.month
    end = today + datetime.timedelta(days=62)
    while True:
        day = _first_tuesday(year, month)
        if day > end:
            return days
        if day >= start:
            days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def synthetic_imo(synthetic: SyntheticCommunity) -> dict[str, int]:
    rng = synthetic.rng
    community = synthetic.community
    today = synthetic.today
    users = synthetic.users
    MeetingSchedule.objects.create(community=community, nth_weekday=1, weekday=TUESDAY)
    days = _meeting_days(community.residents_moved_in_on, today)
    meetings = IntakeMeeting.objects.bulk_create(
        [
            IntakeMeeting(
                community=community,
                starts_at=aware_at(day, 14),
                place="Ontmoetingsruimte",
                chair=users["beheerder"],
                previous_minutes_approved=day < today,
            )
            for day in days
        ],
        batch_size=BATCH,
    )
    Attendee.objects.bulk_create(
        [
            Attendee(meeting=meeting, user=users[name], group=group)
            for meeting in meetings
            for name, group in ATTENDEES
        ],
        batch_size=BATCH,
    )

    def meeting_before(day: datetime.date) -> IntakeMeeting | None:
        past = [(d, m) for d, m in zip(days, meetings, strict=True) if d < day]
        return past[-1][1] if past else None

    # Vacancies from re-lets (filled) and from units vacant today (open).
    by_unit = defaultdict(list)
    for tenancy in synthetic.tenancies:
        by_unit[tenancy.unit.pk].append(tenancy)
    relets = []  # (vacancy, previous tenancy, next tenancy)
    open_vacancies = []
    for unit in synthetic.units:
        rows = sorted(by_unit[unit.pk], key=lambda t: t.start)
        for previous, following in zip(rows, rows[1:], strict=False):
            relets.append(
                (
                    Vacancy(
                        community=community,
                        unit=unit,
                        available_from=previous.end,
                        source=VacancySource.MOVE_OUT,
                        status=VacancyStatus.FILLED,
                        filled_on=following.start,
                    ),
                    following,
                )
            )
        if rows and rows[-1].end is not None:
            open_vacancies.append(
                Vacancy(
                    community=community,
                    unit=unit,
                    available_from=rows[-1].end,
                    source=VacancySource.MOVE_OUT,
                )
            )
    Vacancy.objects.bulk_create([v for v, _t in relets] + open_vacancies, batch_size=BATCH)

    care = synthetic.care_organisations
    plans = []  # (candidate, meeting, advice kind, moved-in tenancy or None)
    for vacancy, following in relets:
        meeting = meeting_before(following.start)
        if meeting is None:
            continue
        for i in range(1 + rng.choice((0, 0, 1, 1, 2))):
            moved_in = i == 0
            supported = following.supported if moved_in else rng.random() < 0.35
            plans.append(
                (
                    _candidate(
                        synthetic,
                        vacancy=vacancy,
                        supported=supported,
                        registered_on=following.start
                        - datetime.timedelta(days=rng.randint(40, 150)),
                        status=CandidateStatus.MOVED_IN
                        if moved_in
                        else rng.choice((CandidateStatus.NOT_ALLOCATED, CandidateStatus.WITHDRAWN)),
                        resident_id=following.resident_ids[0] if moved_in else None,
                        care=care,
                    ),
                    meeting,
                    AdviceKind.POSITIVE if moved_in else rng.choice(list(AdviceKind.values)),
                    following if moved_in else None,
                )
            )
    coming = next((m for d, m in zip(days, meetings, strict=True) if d >= today), None)
    if coming is not None:
        on_agenda = 12 if community.slug.endswith("001") else rng.randint(4, 12)
        for i in range(on_agenda):
            plans.append(
                (
                    _candidate(
                        synthetic,
                        vacancy=open_vacancies[i] if i < len(open_vacancies) else None,
                        supported=rng.random() < 0.35,
                        registered_on=today - datetime.timedelta(days=rng.randint(10, 120)),
                        status=CandidateStatus.ON_AGENDA,
                        resident_id=None,
                        care=care,
                    ),
                    coming,
                    None,
                    None,
                )
            )
    candidates = Candidate.objects.bulk_create([p[0] for p in plans], batch_size=BATCH)
    IntakeMeeting.candidates.through.objects.bulk_create(
        [
            IntakeMeeting.candidates.through(intakemeeting_id=meeting.pk, candidate_id=c.pk)
            for c, (_c, meeting, _a, _t) in zip(candidates, plans, strict=True)
        ],
        batch_size=BATCH,
    )
    Advice.objects.bulk_create(
        [
            Advice(meeting=meeting, candidate=c, kind=kind, recorded_by=users["beheerder"])
            for c, (_c, meeting, kind, _t) in zip(candidates, plans, strict=True)
            if kind
        ],
        batch_size=BATCH,
    )
    moved = [(c, t) for c, (_c, _m, _a, t) in zip(candidates, plans, strict=True) if t]
    AllocationDecision.objects.bulk_create(
        [
            AllocationDecision(
                candidate=c,
                vacancy=c.vacancy,
                kind=DecisionKind.ALLOCATED,
                decided_on=tenancy.start - datetime.timedelta(days=rng.randint(7, 20)),
                decided_by=users["beheerder"],
                follows_advice=True,
            )
            for c, tenancy in moved
        ],
        batch_size=BATCH,
    )
    FollowUpAction.objects.bulk_create(
        [
            FollowUpAction(
                candidate=c,
                description=text,
                is_check_in=True,
                owner=users["coach"],
                due_on=due,
                done_on=due if due < today - datetime.timedelta(days=7) else None,
            )
            for c, tenancy in moved
            for text, due in (
                ("Check-in na twee weken", tenancy.start + datetime.timedelta(days=14)),
                ("Check-in na drie maanden", tenancy.start + datetime.timedelta(days=91)),
            )
        ],
        batch_size=BATCH,
    )
    return {"imo_meetings": len(meetings), "imo_candidates": len(candidates)}


def _candidate(synthetic, *, vacancy, supported, registered_on, status, resident_id, care):
    rng = synthetic.rng
    organisation = rng.choice(care) if supported else None
    return Candidate(
        community=synthetic.community,
        vacancy=vacancy,
        first_name=rng.choice(demo.FIRST_NAMES),
        last_name=rng.choice(demo.LAST_NAMES),
        source=CandidateSource.CARE_ORGANISATION if supported else CandidateSource.WAITING_LIST,
        proposed_by=organisation,
        registered_on=registered_on,
        status=status,
        supported=supported,
        motivation=rng.choice(MOTIVATIONS),
        willingness=rng.choice(list(Willingness.values)),
        care_organisation=organisation,
        support_hours_per_week=Decimal(rng.choice(demo.SUPPORT_HOURS)) if supported else None,
        consent_given_on=registered_on if supported else None,
        resident_id=resident_id,
    )
