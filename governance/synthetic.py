"""Governance's part of the synthetic data (`manage.py generate_synthetic`, issue 14): per
location a kerngroep (5 meetings a year) and a communityteam (monthly), and one stuurgroep over
all generated locations (quarterly), each with the demo users as members; past meetings with an
agenda, attendance, approved minutes, numbered decisions and action items (most done, some
open, a few overdue); the next two months planned. Bulk inserts; registered from
GovernanceConfig.ready() so that `communities` never imports governance."""

from __future__ import annotations

import datetime
from collections import defaultdict

from communities.demo import seed as demo
from communities.demo.synthetic import SyntheticCommunity, aware_at
from governance.constants import (
    ActionStatus,
    AgendaItemKind,
    Attendance,
    BodyLevel,
    MemberRole,
    MinutesStatus,
)
from governance.models import (
    ActionItem,
    AgendaItem,
    AttendanceRecord,
    BodyMember,
    Decision,
    GovernanceBody,
    Meeting,
    Minutes,
)

BATCH = 2000
STUURGROEP_NAME = "Stuurgroep Rivierstad (synthetisch)"
# (level, meetings a year, weekday, hour, members: (username, role, organisation key or None,
# residents' delegation))
BODIES = (
    (
        BodyLevel.KERNGROEP,
        5,
        2,
        19,
        (
            ("beheerder", MemberRole.CHAIR, demo.CORPORATION, False),
            ("coach", MemberRole.SECRETARY, demo.COACHING, False),
            ("gemeente", MemberRole.MEMBER, demo.MUNICIPALITY, False),
            ("begeleider", MemberRole.MEMBER, demo.CARE_HORIZON, False),
            ("bewoner", MemberRole.MEMBER, None, True),
        ),
    ),
    (
        BodyLevel.COMMUNITYTEAM,
        12,
        1,
        10,
        (
            ("coach", MemberRole.CHAIR, demo.COACHING, False),
            ("locatie", MemberRole.SECRETARY, demo.CORPORATION, False),
            ("begeleider", MemberRole.MEMBER, demo.CARE_HORIZON, False),
            ("welzijn", MemberRole.MEMBER, demo.WELFARE, False),
        ),
    ),
)
STUURGROEP_MEMBERS = (
    ("stuurgroep", MemberRole.CHAIR, demo.CORPORATION, False),
    ("gemeente", MemberRole.MEMBER, demo.MUNICIPALITY, False),
)
DECISION_TITLES = (
    "Jaarplan vastgesteld",
    "Budget activiteiten verdeeld",
    "Huisregels aangepast",
    "Inzet communitycoach verlengd",
    "Werkgroep tuin ingesteld",
    "Evaluatie instroom besproken en vastgesteld",
)
ACTION_TITLES = (
    "Uitnodiging bewonersavond versturen",
    "Offerte inrichting opvragen",
    "Signalen bespreken met zorgpartners",
    "Concept jaarverslag schrijven",
    "Afspraak maken met de wijkagent",
)


def _meeting_days(
    start: datetime.date, until: datetime.date, per_year: int, weekday: int
) -> list[datetime.date]:
    step = datetime.timedelta(days=round(365 / per_year))
    days, day = [], start
    while day <= until:
        days.append(day + datetime.timedelta(days=(weekday - day.weekday()) % 7))
        day += step
    return days


def _stuurgroep(synthetic: SyntheticCommunity) -> tuple[GovernanceBody, bool]:
    body = GovernanceBody.objects.filter(level=BodyLevel.STUURGROEP, name=STUURGROEP_NAME).first()
    if body is not None:
        return body, False
    return GovernanceBody.objects.create(level=BodyLevel.STUURGROEP, name=STUURGROEP_NAME), True


def synthetic_governance(synthetic: SyntheticCommunity) -> dict[str, int]:
    community = synthetic.community
    today = synthetic.today
    organisations = synthetic.organisations
    plans = []  # (body, per year, weekday, hour, members spec)
    for level, per_year, weekday, hour, members in BODIES:
        body = GovernanceBody.objects.create(
            level=level, name=f"{BodyLevel(level).label} {community.name}"
        )
        body.communities.add(community)
        plans.append((body, per_year, weekday, hour, members))
    stuurgroep, new = _stuurgroep(synthetic)
    stuurgroep.communities.add(community)
    if new:  # its history follows the first generated location
        plans.append((stuurgroep, 4, 3, 15, STUURGROEP_MEMBERS))

    members = BodyMember.objects.bulk_create(
        [
            BodyMember(
                body=body,
                user=synthetic.users[username],
                organisation=organisations[org] if org else None,
                role=role,
                votes=role != MemberRole.ADVISER,
                residents_delegation=delegation,
            )
            for body, _n, _w, _h, spec in plans
            for username, role, org, delegation in spec
        ]
    )
    members_of = defaultdict(list)
    for member in members:
        members_of[member.body_id].append(member)

    horizon = today + datetime.timedelta(days=62)
    meeting_plans = []
    for body, per_year, weekday, hour, _spec in plans:
        for day in _meeting_days(community.residents_moved_in_on, horizon, per_year, weekday):
            meeting_plans.append(
                Meeting(
                    body=body,
                    starts_at=aware_at(day, hour),
                    ends_at=aware_at(day, hour + 2),
                    place="Ontmoetingsruimte",
                )
            )
    meetings = Meeting.objects.bulk_create(meeting_plans, batch_size=BATCH)
    return _meeting_contents(synthetic, meetings, members_of) | {
        "governance_bodies": len(plans),
        "governance_meetings": len(meetings),
    }


def _meeting_contents(synthetic, meetings, members_of) -> dict[str, int]:
    rng = synthetic.rng
    today = synthetic.today
    by_body = defaultdict(list)
    for meeting in meetings:
        by_body[meeting.body_id].append(meeting)
    agenda, attendance, minutes, decisions, actions = [], [], [], [], []
    numbers: dict[tuple[int, int], int] = defaultdict(int)
    for body_id, body_meetings in by_body.items():
        body_meetings.sort(key=lambda m: m.starts_at)
        members = members_of[body_id]
        for i, meeting in enumerate(body_meetings):
            day = meeting.starts_at.date()
            agenda += [
                AgendaItem(
                    meeting=meeting,
                    position=1,
                    kind=AgendaItemKind.APPROVE_MINUTES,
                    title="Notulen",
                ),
                AgendaItem(
                    meeting=meeting,
                    position=2,
                    title=rng.choice(DECISION_TITLES),
                    owner=rng.choice(members),
                    minutes_planned=30,
                ),
                AgendaItem(meeting=meeting, position=3, title="Rondvraag", minutes_planned=10),
            ]
            if day >= today:
                continue
            attendance += [
                AttendanceRecord(
                    meeting=meeting,
                    member=member,
                    attendance=rng.choices(
                        (Attendance.PRESENT, Attendance.EXCUSED, Attendance.ABSENT), (85, 12, 3)
                    )[0],
                )
                for member in members
            ]
            following = body_meetings[i + 1] if i + 1 < len(body_meetings) else None
            approved = following is not None and following.starts_at.date() < today
            minutes.append(
                Minutes(
                    meeting=meeting,
                    status=MinutesStatus.APPROVED if approved else MinutesStatus.DRAFT,
                    general="Synthetische notulen.",
                    approved_at=following if approved else None,
                    approved_on=following.starts_at.date() if approved else None,
                )
            )
            for _ in range(rng.choice((0, 1, 1, 2))):
                numbers[body_id, day.year] += 1
                decisions.append(
                    Decision(
                        body_id=body_id,
                        meeting=meeting,
                        year=day.year,
                        number=numbers[body_id, day.year],
                        title=rng.choice(DECISION_TITLES),
                        text="Synthetisch besluit.",
                    )
                )
            for _ in range(rng.randint(1, 3)):
                due = day + datetime.timedelta(days=rng.randint(14, 42))
                done = due < today - datetime.timedelta(days=14) and rng.random() < 0.95
                actions.append(
                    ActionItem(
                        body_id=body_id,
                        meeting=meeting,
                        title=rng.choice(ACTION_TITLES),
                        owner=rng.choice(members),
                        due_on=due,
                        status=ActionStatus.DONE if done else ActionStatus.OPEN,
                        done_on=due if done else None,
                    )
                )
    AgendaItem.objects.bulk_create(agenda, batch_size=BATCH)
    AttendanceRecord.objects.bulk_create(attendance, batch_size=BATCH)
    Minutes.objects.bulk_create(minutes, batch_size=BATCH)
    Decision.objects.bulk_create(decisions, batch_size=BATCH)
    ActionItem.objects.bulk_create(actions, batch_size=BATCH)
    return {"governance_decisions": len(decisions), "governance_action_items": len(actions)}
