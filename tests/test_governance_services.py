"""Governance services: the agenda carry-over, minutes drafted then approved (read-only after,
corrections as new versions), decision numbering per body per year, action items, and bad input:
a clear Dutch error and nothing changed."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from governance import selectors, services
from governance.constants import ActionStatus, AgendaItemKind, Attendance, MinutesStatus
from governance.models import ActionItem, Decision, Meeting, Minutes
from tests.factories import CommunityFactory, UserFactory
from tests.factories_governance import (
    SYSTEM,
    ActionItemFactory,
    BodyMemberFactory,
    GovernanceBodyFactory,
    MeetingFactory,
    kerngroep_with,
)

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def at(y, m, d, h=19):
    return datetime.datetime(y, m, d, h, 0, tzinfo=UTC)


@pytest.fixture
def body():
    secretary = UserFactory(username="sec")
    return kerngroep_with(CommunityFactory(), secretary=secretary, members=[UserFactory()])


def test_new_agenda_starts_with_approval_of_the_previous_minutes_and_lists_open_actions(body):
    secretary = body.members.get(role="secretaris")
    first = services.meeting_create(body=body, starts_at=at(2026, 2, 3), place="Zaal", actor=SYSTEM)
    assert list(first.agenda_items.all()) == []  # nothing to carry over yet
    late = ActionItemFactory(body=body, owner=secretary, due_on=datetime.date(2026, 2, 1))
    later = ActionItemFactory(body=body, owner=secretary, due_on=datetime.date(2026, 5, 1))
    done = ActionItemFactory(body=body, owner=secretary, status=ActionStatus.DONE)
    other_body = ActionItemFactory()

    second = services.meeting_create(
        body=body, starts_at=at(2026, 4, 7), place="Zaal", actor=SYSTEM
    )

    items = list(second.agenda_items.order_by("position"))
    assert items[0].kind == AgendaItemKind.APPROVE_MINUTES
    assert items[0].previous_meeting == first
    assert "03-02-2026" in items[0].title
    assert [i.action_item for i in items[1:]] == [late, later]
    assert [i.position for i in items] == [1, 2, 3]
    carried = {i.action_item_id for i in items}
    assert done.pk not in carried and other_body.pk not in carried
    assert items[1].owner == secretary


def test_secretary_adds_orders_and_removes_items(body):
    meeting = services.meeting_create(
        body=body, starts_at=at(2026, 2, 3), place="Zaal", actor=SYSTEM
    )
    a = services.agenda_item_add(meeting=meeting, title="A", actor=SYSTEM)
    b = services.agenda_item_add(meeting=meeting, title="B", actor=SYSTEM, minutes_planned=15)
    c = services.agenda_item_add(meeting=meeting, title="C", actor=SYSTEM)
    services.agenda_item_move(item=c, up=True, actor=SYSTEM)
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["A", "C", "B"]
    services.agenda_item_remove(item=a, actor=SYSTEM)
    assert list(meeting.agenda_items.values_list("title", "position")) == [("C", 1), ("B", 2)]
    assert b.minutes_planned == 15


def test_an_agenda_owner_must_be_a_member(body):
    meeting = MeetingFactory(body=body)
    stranger = BodyMemberFactory()
    with pytest.raises(ValidationError, match="lid van dit overleg"):
        services.agenda_item_add(meeting=meeting, title="X", owner=stranger, actor=SYSTEM)
    assert not meeting.agenda_items.exists()


def test_minutes_are_approved_once_at_a_later_meeting_then_read_only(body):
    first = MeetingFactory(body=body, starts_at=at(2026, 2, 3))
    services.agenda_item_add(meeting=first, title="Begroting", actor=SYSTEM)
    item = first.agenda_items.get()
    minutes = services.minutes_save(
        meeting=first, general="Welkom", texts={item.pk: "Akkoord"}, actor=SYSTEM
    )
    second = MeetingFactory(body=body, starts_at=at(2026, 4, 7))

    with pytest.raises(ValidationError, match="latere vergadering"):
        services.minutes_approve(minutes=minutes, at_meeting=first, actor=SYSTEM)
    other = MeetingFactory(starts_at=at(2026, 5, 1))
    with pytest.raises(ValidationError, match="hetzelfde overleg"):
        services.minutes_approve(minutes=minutes, at_meeting=other, actor=SYSTEM)

    services.minutes_approve(minutes=minutes, at_meeting=second, actor=SYSTEM)
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED
    assert minutes.approved_at == second and minutes.approved_on == datetime.date(2026, 4, 7)

    with pytest.raises(ValidationError, match="al vastgesteld"):
        services.minutes_approve(minutes=minutes, at_meeting=second, actor=SYSTEM)
    with pytest.raises(ValidationError, match="vastgesteld"):
        services.minutes_save(meeting=first, general="Anders", texts={}, actor=SYSTEM)
    minutes.refresh_from_db()
    assert minutes.general == "Welkom"


def test_a_correction_is_a_new_version_and_both_are_kept(body):
    first = MeetingFactory(body=body, starts_at=at(2026, 2, 3))
    minutes = services.minutes_save(meeting=first, general="Versie een", texts={}, actor=SYSTEM)
    with pytest.raises(ValidationError, match="Alleen vastgestelde"):
        services.minutes_correct(meeting=first, reason="typfout", actor=SYSTEM)
    services.minutes_approve(
        minutes=minutes,
        at_meeting=MeetingFactory(body=body, starts_at=at(2026, 3, 3)),
        actor=SYSTEM,
    )
    with pytest.raises(ValidationError, match="waarom"):
        services.minutes_correct(meeting=first, reason="  ", actor=SYSTEM)

    correction = services.minutes_correct(
        meeting=first, reason="Naam verkeerd gespeld", actor=SYSTEM
    )
    services.minutes_save(meeting=first, general="Versie twee", texts={}, actor=SYSTEM)

    versions = list(Minutes.objects.filter(meeting=first).order_by("version"))
    assert [(v.version, v.status, v.general) for v in versions] == [
        (1, MinutesStatus.APPROVED, "Versie een"),
        (2, MinutesStatus.DRAFT, "Versie twee"),
    ]
    assert correction.correction_reason == "Naam verkeerd gespeld"


def test_decisions_are_numbered_per_body_per_year(body):
    other = GovernanceBodyFactory(level="stuurgroep")
    m1 = MeetingFactory(body=body, starts_at=at(2026, 2, 3))
    m2 = MeetingFactory(body=body, starts_at=at(2027, 1, 12))
    codes = [
        services.decision_record(body=body, meeting=m1, title="Een", actor=SYSTEM).code,
        services.decision_record(body=body, meeting=m1, title="Twee", actor=SYSTEM).code,
        services.decision_record(body=body, meeting=m2, title="Drie", actor=SYSTEM).code,
        services.decision_record(
            body=other, meeting=MeetingFactory(body=other, starts_at=at(2026, 3, 1)), title="Vier",
            actor=SYSTEM,
        ).code,
    ]  # fmt: skip
    assert codes == ["KG-2026-01", "KG-2026-02", "KG-2027-01", "ST-2026-01"]


def test_a_decision_needs_a_meeting_of_the_same_body(body):
    foreign_meeting = MeetingFactory()
    with pytest.raises(ValidationError, match="hetzelfde overleg"):
        services.decision_record(body=body, meeting=foreign_meeting, title="X", actor=SYSTEM)
    assert not Decision.objects.exists()


def test_an_action_owner_must_be_a_member_of_the_body(body):
    meeting = MeetingFactory(body=body, starts_at=at(2026, 2, 3))
    outsider = BodyMemberFactory()  # member of another body
    with pytest.raises(ValidationError) as error:
        services.action_item_create(
            body=body,
            meeting=meeting,
            title="Bellen",
            owner=outsider,
            due_on=datetime.date(2026, 3, 1),
            actor=SYSTEM,
        )
    assert "eigenaar" in str(error.value).lower()
    with pytest.raises(ValidationError, match="vóór de vergadering"):
        services.action_item_create(
            body=body,
            meeting=meeting,
            title="Bellen",
            owner=body.members.first(),
            due_on=datetime.date(2026, 1, 1),
            actor=SYSTEM,
        )
    assert not ActionItem.objects.exists()


def test_meeting_end_before_start_is_refused(body):
    with pytest.raises(ValidationError, match="eindtijd"):
        services.meeting_create(
            body=body, starts_at=at(2026, 2, 3, 19), ends_at=at(2026, 2, 3, 18), place="Zaal",
            actor=SYSTEM,
        )  # fmt: skip
    assert not Meeting.objects.exists()


def test_attendance_shows_the_quorum(body):
    BodyMemberFactory(body=body, votes=False, residents_delegation=True)
    meeting = MeetingFactory(body=body)
    members = list(body.members.order_by("pk"))  # secretary, member (voting), delegation
    assert selectors.quorum_of(body=body) == 2  # more than half of two voting members
    services.attendance_record(
        meeting=meeting,
        attendance={members[0].pk: Attendance.PRESENT, members[1].pk: Attendance.EXCUSED,
                    members[2].pk: Attendance.PRESENT},
        actor=SYSTEM,
    )  # fmt: skip
    summary = selectors.attendance_summary(meeting=meeting)
    assert (summary.voting_present, summary.quorum, summary.quorate) == (1, 2, False)
    with pytest.raises(ValidationError, match="leden van dit overleg"):
        services.attendance_record(
            meeting=meeting, attendance={BodyMemberFactory().pk: Attendance.PRESENT}, actor=SYSTEM
        )


def test_services_record_the_change_in_the_audit_trail(body):
    user = body.members.get(role="secretaris").user
    meeting = services.meeting_create(body=body, starts_at=at(2026, 2, 3), place="Zaal", actor=user)
    decision = services.decision_record(body=body, meeting=meeting, title="Een", actor=user)
    events = AuditEvent.objects.filter(user=user)
    assert {(e.object_type, e.object_id) for e in events} >= {
        ("meeting", str(meeting.pk)),
        ("decision", str(decision.pk)),
    }


def test_monitor_selectors(body):
    community = body.communities.get()
    meeting = MeetingFactory(body=body, starts_at=at(2026, 2, 3))
    services.decision_record(body=body, meeting=meeting, title="Jaarplan vastgesteld", actor=SYSTEM)
    ActionItemFactory(body=body, owner=body.members.first())
    rows = selectors.community_cadence(
        community=community, year=2026, today=datetime.date(2026, 3, 1)
    )
    assert [(b, c.held, c.planned, c.required.minimum) for b, c in rows] == [(body, 1, 0, 4)]
    titles = selectors.decision_titles(community=community)
    assert [(t.code, t.title) for t in titles] == [("KG-2026-01", "Jaarplan vastgesteld")]
    assert not hasattr(titles[0], "text")
    assert selectors.open_action_items_count(community=community) == 1
