"""Demo data of governance, added to each demo community by `seed_demo` (registered from
GovernanceConfig.ready() with `communities.registry.register_demo_seeder`).

Per community: a kerngroep and a communityteam with members, the bestuurlijk akkoord with the
five action lines, the governance escalation route and the code of good governance, and a year
of meetings with attendance, minutes (approved at the next meeting), numbered decisions and
action items (some overdue). One stuurgroep covers the three communities. Everything goes through
`governance.services`, so the demo obeys the same rules as data entered by hand.

- Het Anker's kerngroep has the demo user `secretaris` (Ingrid Bos, Welzijn Rivierstad) as its
  secretary: her journey is the README's and the browser test's. She has an overdue action item.
- De Kade's kerngroep is behind its cadence (two meetings this year).
- De Boomgaard (the largest) has a woonvereniging with a board and an ALV.
- `welzijn` is a member of De Kade's kerngroep only: she sees nothing of Het Anker's.

Deterministic (meetings in fixed months of today's year and the year before, other dates
offsets from `today`) and idempotent: a community that has a kerngroep
already is left alone.
"""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from audit.actors import system_actor
from communities.constants import OrganisationKind, Role
from communities.models import Community, Membership, Organisation, User
from governance import documents, services
from governance.constants import (
    DEFAULT_ACTION_LINES,
    ActionStatus,
    AssociationKind,
    Attendance,
    BoardRole,
    BodyLevel,
    GoalStatus,
    MemberRole,
)
from governance.models import (
    ActionLine,
    Agreement,
    Association,
    AssociationBoardMember,
    BodyMember,
    GovernanceBody,
    GovernanceCode,
    GovernanceEscalationStep,
)

DEMO = system_actor("governance.demo")
SECRETARY_USERNAME = "secretaris"
STUURGROEP_NAME = "Stuurgroep Gemengd Wonen Rivierstad"
BEHIND_SLUG = "de-kade"
SECRETARY_SLUG = "het-anker"
ASSOCIATION_SLUG = "de-boomgaard"

# Months of the kerngroep's meetings, in the previous and the current calendar year: fixed months
# so that the cadence of the current year does not depend on the day the demo is seeded (held
# when past, planned when still to come). De Kade's kerngroep has only two this year: behind.
KERNGROEP_MONTHS = {
    "het-anker": ((8, 11), (2, 5, 8, 11)),
    "de-kade": ((8, 11), (2, 5)),
    "de-boomgaard": ((9, 12), (3, 6, 9, 12)),
}
STUURGROEP_MONTHS = ((10,), (3, 10))

DECISION_TITLES = (
    "Jaarplan vastgesteld",
    "Budget gezamenlijke activiteiten verhoogd",
    "Welkomstcommissie krijgt vaste plek in het IMO",
    "Buurtavond in het voorjaar",
    "Evaluatie begeleidingsuren per partner",
    "Ontmoetingsruimte ook op zaterdag open",
    "Afspraken over overlast herzien",
    "Bewonersafvaardiging krijgt adviesrecht op jaarplan",
)
ACTION_TITLES = (
    "Uitnodiging buurtavond versturen",
    "Cijfers begeleidingsuren aanleveren",
    "Voorstel huisregels opstellen",
    "Contact leggen met wijkteam",
    "Evaluatie welkomstgesprekken voorbereiden",
    "Offerte inrichting ontmoetingsruimte opvragen",
)

WORK_PLAN_GOALS = (
    "Elke nieuwe bewoner heeft binnen een maand een welkomstgesprek",
    "Twee activiteiten per maand georganiseerd door bewoners",
    "Jaarlijkse evaluatie van de inzet van alle partners",
    "Iedere bewoner is dit jaar minstens één keer door de coach gesproken",
    "Buurtbewoners doen mee aan de zomermarkt",
)

CODE_TEXT = (
    "De partners werken vanuit gezamenlijk eigenaarschap: ieder draagt bij in geld of uren en "
    "houdt zich aan de gemaakte afspraken.\n\n"
    "Rollen zijn helder: de stuurgroep bewaakt kader, geld en eindverantwoordelijkheid; de "
    "kerngroep adviseert gevraagd en ongevraagd en besluit binnen het kader; het communityteam "
    "doet het dagelijkse werk en legt verantwoording af aan de kerngroep.\n\n"
    "We spreken elkaar aan op gedrag, niet op personen, en bespreken knelpunten eerst in het "
    "overleg waar ze horen."
)


def seed_governance(*, community: Community, today: datetime.date, rng: random.Random) -> None:
    if community.governance_bodies.filter(level=BodyLevel.KERNGROEP).exists():
        return
    users = {u.username: u for u in User.objects.filter(memberships__community=community)}
    agreement = _agreement(community)
    _route_and_code(community)
    kerngroep = _kerngroep(community, users)
    teams = _communityteam(community, users)
    stuurgroep = _stuurgroep(community)
    lines = list(agreement.action_lines.all())
    counter = iter(range(10_000))
    for day in _days(KERNGROEP_MONTHS.get(community.slug, ((11,), (3, 6, 9, 12))), 12, today):
        _meeting(kerngroep, today, (day - today).days, lines, counter, hour=19)
    for day in _days(((), range(1, 13)), 10, today):
        _meeting(teams, today, (day - today).days, lines, counter, hour=10, light=True)
    if not stuurgroep.meetings.exists():
        for day in _days(STUURGROEP_MONTHS, 20, today):
            _meeting(stuurgroep, today, (day - today).days, lines, counter, hour=16)
    if community.slug == ASSOCIATION_SLUG:
        _association(community, today)
        _readiness(community, today)
    _work_plan(community, today, lines)
    if community.slug == SECRETARY_SLUG:
        # The secretary's own overdue item, for her home page.
        services.action_item_create(
            body=kerngroep,
            title="Verslag buurtavond rondsturen",
            owner=kerngroep.members.get(role=MemberRole.SECRETARY),
            due_on=today - datetime.timedelta(days=10),
            actor=DEMO,
        )
        month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        documents.report_for(community=community, month=month)


def _days(months, day: int, today: datetime.date) -> list[datetime.date]:
    previous, current = months
    return [datetime.date(today.year - 1, m, day) for m in previous] + [
        datetime.date(today.year, m, day) for m in current
    ]


def _organisation(kind: str) -> Organisation | None:
    return Organisation.objects.filter(kind=kind).order_by("pk").first()


def _agreement(community: Community) -> Agreement:
    agreement = Agreement.objects.create(
        community=community, signed_on=community.start_date + datetime.timedelta(days=90)
    )
    agreement.parties.set(
        [community.municipality, community.corporation, *community.partners.all()]
    )
    ActionLine.objects.bulk_create(
        ActionLine(agreement=agreement, position=i, title=title)
        for i, title in enumerate(DEFAULT_ACTION_LINES, start=1)
    )
    return agreement


def _route_and_code(community: Community) -> None:
    GovernanceEscalationStep.objects.bulk_create(
        [
            GovernanceEscalationStep(
                community=community,
                position=1,
                from_level=BodyLevel.COMMUNITYTEAM,
                to_level=BodyLevel.KERNGROEP,
                when="Het communityteam komt er binnen twee weken niet uit",
                who_calls="De communitycoach belt de voorzitter van de kerngroep",
            ),
            GovernanceEscalationStep(
                community=community,
                position=2,
                from_level=BodyLevel.KERNGROEP,
                to_level=BodyLevel.STUURGROEP,
                when="De kerngroep kan niet binnen het kader besluiten, of een partner houdt "
                "zich niet aan de afspraken",
                who_calls="De voorzitter van de kerngroep belt de voorzitter van de stuurgroep",
            ),
        ]
    )
    GovernanceCode.objects.create(community=community, text=CODE_TEXT)


def _secretary(community: Community) -> User:
    user = User.objects.filter(username=SECRETARY_USERNAME).first()
    if user is None:
        user = User.objects.create(
            username=SECRETARY_USERNAME,
            first_name="Ingrid",
            last_name="Bos",
            email=f"{SECRETARY_USERNAME}@demo.gemengdwonen.nl",
            organisation=_organisation(OrganisationKind.WELZIJN),
            password=make_password(settings.DEMO_PASSWORD),
        )
    Membership.objects.get_or_create(
        user=user, community=community, defaults={"role": Role.WELZIJN}
    )
    return user


def _add(
    body, user=None, *, role=MemberRole.MEMBER, votes=True, delegation=False, name="", org=None
):
    if user is None and not name:  # a demo user missing from this community
        return None
    return BodyMember.objects.create(
        body=body,
        user=user,
        name=name,
        organisation=org or (user.organisation if user else None),
        role=role,
        votes=votes,
        residents_delegation=delegation,
    )


def _kerngroep(community: Community, users: dict) -> GovernanceBody:
    body = GovernanceBody.objects.create(
        level=BodyLevel.KERNGROEP, name=f"Kerngroep {community.name}"
    )
    body.communities.add(community)
    if community.slug == SECRETARY_SLUG:
        _add(body, users.get("beheerder"), role=MemberRole.CHAIR)
        _add(body, _secretary(community), role=MemberRole.SECRETARY)
        _add(body, users.get("coach"))
        _add(body, users.get("begeleider"))
        # The seed's warning: the residents' delegation often has no vote.
        _add(body, users.get("bewoner"), votes=False, delegation=True)
    else:
        _add(body, users.get("beheerder"), role=MemberRole.CHAIR)
        secretary = users.get("welzijn") if community.slug == BEHIND_SLUG else users.get("coach")
        _add(body, secretary, role=MemberRole.SECRETARY)
        if secretary is not users.get("coach"):
            _add(body, users.get("coach"))
        _add(
            body, None, name=f"Bewonersafvaardiging {community.name}", votes=False, delegation=True
        )
    return body


def _communityteam(community: Community, users: dict) -> GovernanceBody:
    body = GovernanceBody.objects.create(
        level=BodyLevel.COMMUNITYTEAM, name=f"Communityteam {community.name}"
    )
    body.communities.add(community)
    _add(body, users.get("coach"), role=MemberRole.CHAIR)
    _add(body, users.get("beheerder"), role=MemberRole.SECRETARY)
    _add(body, users.get("locatie"))
    if "begeleider" in users:
        _add(body, users["begeleider"])
    return body


def _stuurgroep(community: Community) -> GovernanceBody:
    body = GovernanceBody.objects.filter(level=BodyLevel.STUURGROEP, name=STUURGROEP_NAME).first()
    if body is None:
        body = GovernanceBody.objects.create(level=BodyLevel.STUURGROEP, name=STUURGROEP_NAME)
        director = User.objects.filter(username="stuurgroep").first()
        _add(body, director, role=MemberRole.CHAIR)
        _add(body, None, name="M. Yilmaz (wethouder)", org=community.municipality)
        _add(
            body,
            None,
            name="J. Hendriks (bestuurder)",
            org=_organisation(OrganisationKind.ZORGAANBIEDER),
        )
        _add(
            body,
            None,
            name="A. de Graaf",
            role=MemberRole.SECRETARY,
            votes=False,
            org=community.corporation,
        )
    body.communities.add(community)
    return body


def _meeting(body, today, days, lines, counter, *, hour, light=False):
    day = today + datetime.timedelta(days=days)
    tz = timezone.get_current_timezone()
    starts_at = datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=tz)
    meeting = services.meeting_create(
        body=body,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        place="Ontmoetingsruimte",
        actor=DEMO,
    )
    secretary = body.members.filter(role=MemberRole.SECRETARY).first() or body.members.first()
    services.agenda_item_add(meeting=meeting, title="Mededelingen", owner=None, actor=DEMO)
    if days > 0:
        return meeting
    members = list(body.members.all())
    services.attendance_record(
        meeting=meeting,
        attendance={
            m.pk: (
                Attendance.EXCUSED
                if i == len(members) - 1 and len(members) > 3
                else Attendance.PRESENT
            )
            for i, m in enumerate(members)
        },
        actor=DEMO,
    )
    # Approve the previous meeting's minutes at this one.
    for item in meeting.agenda_items.filter(previous_meeting__isnull=False):
        draft = item.previous_meeting.minutes_versions.filter(status="concept").first()
        if draft:
            services.minutes_approve(minutes=draft, at_meeting=meeting, actor=DEMO)
    services.minutes_save(
        meeting=meeting,
        general="Iedereen welkom geheten; de agenda is vastgesteld.",
        texts={item.pk: "Besproken." for item in meeting.agenda_items.all()},
        actor=DEMO,
    )
    # Close the action items whose date has passed; those of the latest meetings stay open (and
    # become overdue).
    for item in body.action_items.open().filter(due_on__lt=day):
        services.action_item_set_status(item=item, status=ActionStatus.DONE, actor=DEMO, on=day)
    if light and next(counter) % 3:
        return meeting
    n = next(counter)
    decision = services.decision_record(
        body=body,
        meeting=meeting,
        title=DECISION_TITLES[n % len(DECISION_TITLES)],
        text="Na bespreking unaniem aangenomen.",
        action_line=lines[n % len(lines)] if lines and body.level != BodyLevel.STUURGROEP else None,
        actor=DEMO,
    )
    owners = [m for m in body.members.all() if m.user_id] or [secretary]
    services.action_item_create(
        body=body,
        meeting=meeting,
        decision=decision,
        title=ACTION_TITLES[n % len(ACTION_TITLES)],
        owner=secretary if secretary.user_id else owners[0],
        due_on=day + datetime.timedelta(days=30),
        actor=DEMO,
    )
    return meeting


def _work_plan(community: Community, today: datetime.date, lines) -> None:
    plan = documents.work_plan_ensure(community=community, year=today.year)
    statuses = (GoalStatus.DONE, GoalStatus.ON_COURSE, GoalStatus.BEHIND, GoalStatus.PLANNED)
    for i, line in enumerate(lines):
        goal = documents.goal_add(plan=plan, action_line=line, goal=WORK_PLAN_GOALS[i], actor=DEMO)
        documents.goal_set_status(goal=goal, status=statuses[i % len(statuses)], actor=DEMO)


def _readiness(community: Community, today: datetime.date) -> None:
    """Half of the start-of-location checklist done (the youngest location: no demo location is
    still in development)."""
    items = documents.readiness_ensure(community=community)
    owners = ("Woonstichting De Linde", "Kerngroep", "Welzijn Rivierstad", "Gemeente Rivierstad",
              "Woonstichting De Linde")  # fmt: skip
    for i, item in enumerate(items):
        done = i < 2
        documents.readiness_item_update(
            item=item,
            owner=owners[i],
            due_on=today + datetime.timedelta(days=30 * (i - 1)),
            evidence="Vastgelegd in het verslag van de kerngroep." if done else "",
            done=done,
            actor=DEMO,
        )
    documents.first_letting_save(
        community=community,
        units_available_on=today + datetime.timedelta(days=60),
        supported_units=4,
        unsupported_units=8,
        candidate_activities="Kandidaten van de wachtlijst komen mee-eten op donderdag.",
        actor=DEMO,
    )


def _association(community: Community, today: datetime.date) -> None:
    alv = GovernanceBody.objects.create(
        level=BodyLevel.ALV, name=f"ALV Woonvereniging {community.name}"
    )
    alv.communities.add(community)
    association = Association.objects.create(
        community=community,
        kind=AssociationKind.WOONVERENIGING,
        name=f"Woonvereniging {community.name}",
        general_meeting=alv,
    )
    for name, role in (
        ("Fatima el Amrani", BoardRole.CHAIR),
        ("Kees Visser", BoardRole.TREASURER),
        ("Noor de Jong", BoardRole.SECRETARY),
    ):
        AssociationBoardMember.objects.create(association=association, name=name, role=role)
        _add(
            alv,
            None,
            name=name,
            role=MemberRole.CHAIR
            if role == BoardRole.CHAIR
            else (MemberRole.SECRETARY if role == BoardRole.SECRETARY else MemberRole.MEMBER),
        )
    coach = User.objects.filter(username="coach").first()
    if coach:
        _add(alv, coach, role=MemberRole.ADVISER, votes=False)
    tz = timezone.get_current_timezone()
    day = today - datetime.timedelta(days=150)
    services.meeting_create(
        body=alv,
        starts_at=datetime.datetime.combine(day, datetime.time(20, 0), tzinfo=tz),
        place="Ontmoetingsruimte",
        actor=DEMO,
    )
