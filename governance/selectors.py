"""Reads of governance. The monitor reads these (it never reads governance models directly):

- `cadence_for_bodies(bodies=…, year=…, today=…)`: per body its required, held and planned
  meetings and the status op koers / aandacht / actie nodig (rule: `governance.cadence`);
- `community_cadence(community=…, year=…, today=…)`: the same for every body of a community
  (`community_cadence_many(communities=…, …)`: per community, for many at once);
- `decision_titles(community=…, year=…)`: code, title, date and body of every decision —
  titles only, never the text or minutes, so they may go into reports;
- `open_action_items_count(community=…)`: open action items of the community's bodies.

All take the objects they answer for; none checks access (views and the monitor decide who may
see what through `governance.access`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from communities.models import Community, User
from governance.cadence import CadenceYear, cadence_status, months_left, required_meetings
from governance.constants import Attendance
from governance.models import ActionItem, BodyMember, Decision, GovernanceBody, Meeting


def _local_day_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    return start, datetime.datetime(year + 1, 1, 1, tzinfo=tz)


def cadence_for_bodies(
    *,
    bodies: Iterable[GovernanceBody],
    year: int,
    today: datetime.date | None = None,
    moved_in: dict[int, list] | None = None,
) -> dict[int, CadenceYear]:
    """Body id -> its CadenceYear for `year`, in a fixed number of queries. A meeting counts as
    held when it started before today (local date), as planned from today on. `moved_in`: body
    id -> the moving-in dates of all its communities, when the caller read them already."""
    today = today or timezone.localdate()
    bodies = list(bodies)
    ids = [b.pk for b in bodies]
    start, end = _local_day_bounds(year)
    today_start = datetime.datetime.combine(today, datetime.time.min, tzinfo=start.tzinfo)
    counts = {
        row["body_id"]: row
        for row in Meeting.objects.filter(body_id__in=ids, starts_at__gte=start, starts_at__lt=end)
        .values("body_id")
        .annotate(
            held=Count("pk", filter=Q(starts_at__lt=today_start)),
            planned=Count("pk", filter=Q(starts_at__gte=today_start)),
        )
    }
    if moved_in is None:
        moved_in = defaultdict(list)
        for body_id, date in GovernanceBody.communities.through.objects.filter(
            governancebody_id__in=ids
        ).values_list("governancebody_id", "community__residents_moved_in_on"):
            moved_in[body_id].append(date)
    remaining = months_left(year=year, today=today)
    result = {}
    for body in bodies:
        required = required_meetings(
            level=body.level,
            year=year,
            moved_in_dates=moved_in.get(body.pk, []),
            override_min=body.meetings_min_override,
            override_max=body.meetings_max_override,
        )
        row = counts.get(body.pk, {"held": 0, "planned": 0})
        result[body.pk] = CadenceYear(
            year=year,
            required=required,
            held=row["held"],
            planned=row["planned"],
            status=cadence_status(
                required=required.minimum,
                held=row["held"],
                planned=row["planned"],
                months_remaining=remaining,
            ),
        )
    return result


def community_cadence_many(
    *, communities: list[Community], year: int, today: datetime.date | None = None
) -> dict[int, list[tuple[GovernanceBody, CadenceYear]]]:
    """`community_cadence` per community, in two queries whatever their number (a body of
    several communities is read and counted once)."""
    ids = [c.pk for c in communities]
    bodies_of: dict[int, list[GovernanceBody]] = {pk: [] for pk in ids}
    bodies: dict[int, GovernanceBody] = {}
    moved_in: dict[int, list] = defaultdict(list)
    # Every community of the bodies concerned (also those not asked for: the required number
    # of meetings follows all of a body's communities), with its moving-in date.
    for link in (
        GovernanceBody.communities.through.objects.filter(
            governancebody__in=GovernanceBody.objects.filter(communities__in=ids)
        )
        .select_related("governancebody")
        .annotate(moved_in=F("community__residents_moved_in_on"))
        .order_by("governancebody__level", "governancebody__name", "governancebody_id")
    ):
        body = bodies.setdefault(link.governancebody_id, link.governancebody)
        moved_in[body.pk].append(link.moved_in)
        if link.community_id in bodies_of:
            bodies_of[link.community_id].append(body)
    cadence = cadence_for_bodies(bodies=bodies.values(), year=year, today=today, moved_in=moved_in)
    return {pk: [(body, cadence[body.pk]) for body in found] for pk, found in bodies_of.items()}


def community_cadence(
    *, community: Community, year: int, today: datetime.date | None = None
) -> list[tuple[GovernanceBody, CadenceYear]]:
    """Every body of the community with its year (meetings held vs required, status)."""
    return community_cadence_many(communities=[community], year=year, today=today)[community.pk]


@dataclass(frozen=True)
class DecisionTitle:
    """What may leave the body: number, title, date and body; no text."""

    code: str
    title: str
    decided_on: datetime.date
    body_name: str
    body_level: str


def decision_titles(*, community: Community, year: int | None = None) -> list[DecisionTitle]:
    decisions = Decision.objects.filter(body__communities=community).select_related(
        "body", "meeting"
    )
    if year is not None:
        decisions = decisions.filter(year=year)
    return [
        DecisionTitle(
            code=d.code,
            title=d.title,
            decided_on=d.meeting.day,
            body_name=d.body.name,
            body_level=d.body.level,
        )
        for d in decisions.order_by("-meeting__starts_at", "-number")
    ]


def decision_counts(*, community: Community) -> dict[int, int]:
    """Body id -> number of decisions (all years)."""
    return dict(
        Decision.objects.filter(body__communities=community)
        .values_list("body_id")
        .annotate(n=Count("pk"))
        .values_list("body_id", "n")
    )


def decisions_search(*, bodies: QuerySet[GovernanceBody], query: str = "", year: int | None = None):
    """Decisions of `bodies` (the viewer's own), searchable in number, title and text."""
    decisions = Decision.objects.filter(body__in=bodies).select_related(
        "body", "meeting", "action_line"
    )
    if year is not None:
        decisions = decisions.filter(year=year)
    query = query.strip()
    if query:
        condition = Q(title__icontains=query) | Q(text__icontains=query)
        parts = query.upper().split("-")
        if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
            condition |= Q(year=int(parts[1]), number=int(parts[2]))
        decisions = decisions.filter(condition)
    return decisions.order_by("-meeting__starts_at", "-number")


def open_action_items_count(*, community: Community) -> int:
    return ActionItem.objects.open().filter(body__communities=community).distinct().count()


def overdue_action_items_for(*, user: User, on: datetime.date) -> list[ActionItem]:
    """The user's own overdue action items across their bodies (home page)."""
    if not user.is_authenticated:
        return []
    return list(
        ActionItem.objects.overdue(on)
        .filter(owner__user=user)
        .select_related("body")
        .order_by("due_on", "pk")
    )


def quorum_of(*, body: GovernanceBody, members: list[BodyMember] | None = None) -> int:
    """Voting members needed present: the body's own number, else more than half of its voting
    members."""
    if body.quorum_override:
        return body.quorum_override
    members = members if members is not None else list(body.members.all())
    voting = sum(1 for m in members if m.votes)
    return voting // 2 + 1 if voting else 0


@dataclass(frozen=True)
class AttendanceRow:
    member: BodyMember
    attendance: str  # "" when not recorded


@dataclass(frozen=True)
class AttendanceSummary:
    rows: list[AttendanceRow]
    voting_present: int
    quorum: int

    @property
    def recorded(self) -> bool:
        return any(r.attendance for r in self.rows)

    @property
    def quorate(self) -> bool:
        return self.voting_present >= self.quorum


def attendance_summary(*, meeting: Meeting) -> AttendanceSummary:
    members = list(meeting.body.members.select_related("user", "organisation"))
    recorded = dict(meeting.attendance.values_list("member_id", "attendance"))
    rows = [AttendanceRow(member=m, attendance=recorded.get(m.pk, "")) for m in members]
    present = sum(1 for r in rows if r.member.votes and r.attendance == Attendance.PRESENT)
    return AttendanceSummary(
        rows=rows, voting_present=present, quorum=quorum_of(body=meeting.body, members=members)
    )


def meetings_of(*, body: GovernanceBody) -> QuerySet[Meeting]:
    return body.meetings.order_by("-starts_at")


def current_minutes(*, meeting: Meeting, viewer):
    """The latest version of the meeting's minutes. Minutes are free text that may name people:
    reading them is recorded in the audit trail with the viewer (a user, or a system actor for
    the PDF task)."""
    from audit import services as audit
    from governance.services import community_of

    minutes = meeting.minutes_versions.order_by("-version").prefetch_related("entries").first()
    if minutes is not None:
        audit.record_read(actor=viewer, obj=minutes, community=community_of(meeting))
    return minutes


def minutes_to_approve(*, meeting: Meeting):
    """The draft minutes of earlier meetings of the body this meeting may approve (the previous
    meeting's first)."""
    return (
        Meeting.objects.filter(
            body=meeting.body, starts_at__lt=meeting.starts_at, minutes_versions__status="concept"
        )
        .order_by("-starts_at")
        .distinct()
    )


def next_meetings(*, bodies: Iterable[GovernanceBody], now: datetime.datetime) -> list[Meeting]:
    """The next meeting of each body (at most one per body)."""
    found: dict[int, Meeting] = {}
    for meeting in Meeting.objects.filter(body__in=list(bodies), starts_at__gte=now).order_by(
        "starts_at"
    ):
        found.setdefault(meeting.body_id, meeting)
    return list(found.values())


def association_advice(*, community: Community, on: datetime.date) -> bool:
    """Whether to advise a woonvereniging: the community has none (nor an alternative) and has
    at least WOONVERENIGING_ADVICE_RESIDENTS residents on `on` (DESIGN.md §3)."""
    from communities.selectors import residents_count_on
    from governance.constants import WOONVERENIGING_ADVICE_RESIDENTS, AssociationKind
    from governance.models import Association

    association = Association.objects.filter(community=community).first()
    if association is not None and association.kind != AssociationKind.NONE:
        return False
    # One count (the occupancy would read the units and the mix besides).
    residents = residents_count_on(community=community, on=on)
    return residents >= WOONVERENIGING_ADVICE_RESIDENTS
