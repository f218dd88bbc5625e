"""Governance through the browser's HTTP face (Django's test client): the secretary's work on a
meeting, the PDF made by a task and its download in the audit trail, who sees what, the weekly
reminder, the calendar feed and the home page."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from audit.constants import Action
from audit.models import AuditEvent
from governance import reminders, services
from governance.constants import AgendaItemKind, MinutesStatus, PdfStatus
from governance.models import ActionReminder, Decision, Meeting, MeetingDocument
from tests.factories import AttendeeFactory, IntakeMeetingFactory
from tests.factories_governance import (
    SYSTEM,
    ActionItemFactory,
    BodyMemberFactory,
    MeetingFactory,
    kerngroep_with,
)

UTC = datetime.UTC


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def kern(world):
    """De Kade's kerngroep: coach is secretary, begeleider a member, the residents' delegation a
    member without a vote. Het Anker has its own kerngroep with the outsider as member."""
    body = kerngroep_with(
        world.community,
        secretary=world.users["coach"],
        members=[world.users["begeleider"]],
        without_vote=[world.users["bewoner"]],
    )
    other = kerngroep_with(world.other_community, secretary=world.users["buitenstaander"])
    return body, other


def test_secretary_prepares_holds_and_records_a_meeting(
    client, world, kern, private_root, django_capture_on_commit_callbacks
):
    body, _other = kern
    coach = world.users["coach"]
    earlier = MeetingFactory(body=body, starts_at=datetime.datetime(2026, 1, 13, 19, tzinfo=UTC))
    services.minutes_save(meeting=earlier, general="Concept", texts={}, actor=SYSTEM)
    open_item = ActionItemFactory(body=body, owner=body.members.get(user=coach), title="Huisregels")
    client.force_login(coach)

    response = client.post(
        reverse("governance_meeting_create", args=[body.pk]),
        {"day": "2026-03-10", "start": "19:00", "end": "21:00", "place": "Ontmoetingsruimte"},
    )
    meeting = Meeting.objects.get(body=body, starts_at__date="2026-03-10")
    assert response.status_code == 302
    items = list(meeting.agenda_items.all())
    assert [i.kind for i in items] == [AgendaItemKind.APPROVE_MINUTES, AgendaItemKind.ACTION_ITEM]
    assert items[1].action_item == open_item

    page = client.get(reverse("governance_meeting", args=[body.pk, meeting.pk])).content.decode()
    assert "Vaststellen notulen van 13-01-2026" in page and "Actiepunt: Huisregels" in page

    draft = earlier.minutes_versions.get()
    client.post(reverse("governance_minutes_approve", args=[body.pk, meeting.pk, draft.pk]))
    draft.refresh_from_db()
    assert draft.status == MinutesStatus.APPROVED

    members = list(body.members.all())
    client.post(
        reverse("governance_attendance", args=[body.pk, meeting.pk]),
        {f"member_{m.pk}": "aanwezig" for m in members},
    )
    assert meeting.attendance.count() == len(members)

    client.post(
        reverse("governance_minutes", args=[body.pk, meeting.pk]),
        {"general": "Iedereen welkom", **{f"item_{i.pk}": "Besproken" for i in items}},
    )
    assert meeting.minutes_versions.get().general == "Iedereen welkom"

    response = client.post(
        reverse("governance_decision_create", args=[body.pk, meeting.pk]),
        {"title": "Jaarplan vastgesteld", "text": "Unaniem"},
        follow=True,
    )
    assert "Besluit KG-2026-01 is vastgelegd." in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("governance_pdf_generate", args=[body.pk, meeting.pk, "agenda"]))
    document = MeetingDocument.objects.get(meeting=meeting, kind="agenda")
    assert document.status == PdfStatus.DONE
    response = client.get(reverse("governance_pdf_download", args=[body.pk, meeting.pk, "agenda"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        user=coach, action=Action.DOWNLOAD, object_id=str(meeting.pk)
    ).exists()


def test_bad_input_gets_a_dutch_error_and_changes_nothing(client, world, kern):
    body, other = kern
    client.force_login(world.users["coach"])
    meeting = MeetingFactory(body=body)
    response = client.post(
        reverse("governance_meeting_create", args=[body.pk]),
        {"day": "2026-03-10", "start": "19:00", "end": "18:00", "place": "Zaal"},
    )
    assert "De eindtijd moet na de begintijd liggen." in response.content.decode()
    stranger = BodyMemberFactory(body=other)
    response = client.post(
        reverse("governance_action_create", args=[body.pk, meeting.pk]),
        {"title": "Bellen", "owner": stranger.pk, "due_on": "2026-12-01"},
    )
    assert response.status_code == 200 and "geldige keuze" in response.content.decode()
    response = client.post(
        reverse("governance_decision_create", args=[body.pk, meeting.pk]), {"title": " "}
    )
    assert response.status_code == 200
    assert not Decision.objects.exists() and not meeting.action_items.exists()
    assert Meeting.objects.filter(body=body).count() == 1


def test_a_member_of_another_kerngroep_sees_none_of_it(client, world, kern):
    body, _other = kern
    meeting = MeetingFactory(body=body)
    services.decision_record(body=body, meeting=meeting, title="Geheim besluit", actor=SYSTEM)
    client.force_login(world.users["buitenstaander"])
    assert client.get(reverse("governance_body", args=[body.pk])).status_code == 404
    assert client.get(reverse("governance_meeting", args=[body.pk, meeting.pk])).status_code == 404
    assert "Geheim besluit" not in client.get(reverse("governance_home")).content.decode()
    # The welzijn worker of De Kade is no member: nothing either, not even titles.
    client.force_login(world.users["welzijn"])
    assert client.get(reverse("governance_body", args=[body.pk])).status_code == 404
    response = client.get(reverse("governance_community_decisions", args=["de-kade"]))
    assert response.status_code == 403


def test_gemeente_sees_decision_titles_and_counts_only(client, world, kern):
    body, _other = kern
    meeting = MeetingFactory(body=body)
    services.decision_record(
        body=body,
        meeting=meeting,
        title="Jaarplan vastgesteld",
        text="Jansen was boos",
        actor=SYSTEM,
    )
    services.minutes_save(meeting=meeting, general="Notulen met namen", texts={}, actor=SYSTEM)
    client.force_login(world.users["gemeente"])
    page = client.get(reverse("governance_community", args=["de-kade"])).content.decode()
    assert "1 besluit" in page
    page = client.get(reverse("governance_community_decisions", args=["de-kade"])).content.decode()
    assert "KG-" in page and "Jaarplan vastgesteld" in page
    assert "Jansen was boos" not in page and "Notulen met namen" not in page
    # Searching in the text finds nothing: the text stays with the members.
    page = client.get(
        reverse("governance_community_decisions", args=["de-kade"]), {"q": "boos"}
    ).content.decode()
    assert "Jaarplan vastgesteld" not in page
    assert client.get(reverse("governance_body", args=[body.pk])).status_code == 404


def test_only_the_owner_or_the_secretary_sets_an_action_status(client, world, kern):
    body, _other = kern
    owner = body.members.get(user=world.users["bewoner"])
    item = ActionItemFactory(body=body, owner=owner)
    url = reverse("governance_action_status", args=[body.pk, item.pk])
    client.force_login(world.users["begeleider"])
    assert client.post(url, {"status": "gedaan"}).status_code == 403
    client.force_login(world.users["bewoner"])
    client.post(url, {"status": "gedaan"})
    item.refresh_from_db()
    assert item.status == "gedaan" and item.done_on == timezone.localdate()


def test_overdue_action_items_show_on_the_owners_home_page(client, world, kern):
    body, _other = kern
    owner = body.members.get(user=world.users["begeleider"])
    ActionItemFactory(
        body=body, owner=owner, title="Cijfers aanleveren", due_on=datetime.date(2020, 1, 1)
    )
    client.force_login(world.users["begeleider"])
    page = client.get(reverse("home")).content.decode()
    # In "Mijn taken" at the top of the home page (issue 15), marked late.
    assert "Actiepunt: Cijfers aanleveren" in page and "1 te laat" in page
    client.force_login(world.users["coach"])
    assert "Cijfers aanleveren" not in client.get(reverse("home")).content.decode()


def test_weekly_reminder_one_email_per_owner_idempotent_per_week(
    world, kern, django_capture_on_commit_callbacks
):
    body, other = kern
    coach = world.users["coach"]
    coach.email = "coach@example.org"
    coach.save()
    # The coach owns items in two bodies: one e-mail.
    second_body = kerngroep_with(world.community, secretary=coach)
    ActionItemFactory(
        body=body, owner=body.members.get(user=coach), due_on=datetime.date(2020, 1, 1)
    )
    ActionItemFactory(body=second_body, owner=second_body.members.get(user=coach))
    outside = BodyMemberFactory(body=body, email="extern@example.org")
    ActionItemFactory(body=body, owner=outside)
    ActionItemFactory(
        body=body, owner=body.members.get(user=world.users["bewoner"]), status="gedaan"
    )
    monday = datetime.date(2026, 3, 2)

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.action_reminders_queue(today=monday) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["coach@example.org", "extern@example.org"]
    coach_mail = next(m for m in mail.outbox if m.to == ["coach@example.org"])
    assert "(te laat)" in coach_mail.body and "2" in coach_mail.subject

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.action_reminders_queue(today=monday + datetime.timedelta(days=3)) == 0
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.action_reminders_queue(today=monday + datetime.timedelta(days=7)) == 2
    assert len(mail.outbox) == 4


def test_no_reminder_when_nothing_is_open(world, kern, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.action_reminders_queue(today=datetime.date(2026, 3, 2)) == 0
    assert mail.outbox == [] and not ActionReminder.objects.exists()


def test_calendar_feed_holds_meetings_without_names_and_the_token_renews(client, world, kern):
    body, _other = kern
    coach = world.users["coach"]
    meeting = MeetingFactory(body=body, starts_at=timezone.now() + datetime.timedelta(days=7))
    services.minutes_save(meeting=meeting, general="Vertrouwelijke notulen", texts={}, actor=SYSTEM)
    imo = IntakeMeetingFactory(
        community=world.community, starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    AttendeeFactory(meeting=imo, user=coach)
    client.force_login(coach)
    page = client.get(reverse("calendar_feed_settings")).content.decode()
    token = coach.calendar_feed.token
    assert token in page
    client.logout()

    feed = client.get(reverse("calendar_feed", args=[token]))
    assert feed["Content-Type"].startswith("text/calendar")
    from icalendar import Calendar

    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert {str(e["SUMMARY"]) for e in events} == {body.name, "IMO De Kade"}
    text = feed.content.decode()
    assert "Vertrouwelijke notulen" not in text and coach.last_name not in text

    client.force_login(coach)
    client.post(reverse("calendar_feed_renew"))
    client.logout()
    assert client.get(reverse("calendar_feed", args=[token])).status_code == 404
    coach.calendar_feed.refresh_from_db()
    assert client.get(reverse("calendar_feed", args=[coach.calendar_feed.token])).status_code == 200


def test_residents_delegation_without_vote_is_shown_on_the_body_page(client, world, kern):
    body, _other = kern
    client.force_login(world.users["bewoner"])
    page = client.get(reverse("governance_body", args=[body.pk])).content.decode()
    assert "de bewonersafvaardiging heeft in dit overleg geen stem" in page


def test_cadence_warning_shows_for_a_body_behind(client, world, kern):
    body, _other = kern
    today = timezone.localdate()
    MeetingFactory(body=body, starts_at=datetime.datetime(today.year, 1, 5, 19, tzinfo=UTC))
    body.meetings_min_override = 12 + 1  # more than can still fit in the year
    body.cadence_reason = "proef"
    body.save()
    client.force_login(world.users["coach"])
    page = client.get(reverse("governance_body", args=[body.pk])).content.decode()
    assert "Actie nodig" in page and "wordt de norm dit jaar niet gehaald" in page


def test_role_elsewhere_gives_no_access(world, kern):
    """A stuurgroep role in the community is not membership of its kerngroep."""
    from governance import access

    body, _other = kern
    assert access.body_capabilities(world.users["stuurgroep"], body) == frozenset()
    assert access.body_capabilities(world.users["coach"], body) == {
        access.BodyCapability.VIEW,
        access.BodyCapability.RUN,
    }
    assert access.body_capabilities(world.users["bewoner"], body) == {access.BodyCapability.VIEW}


def test_a_stuurgroep_member_without_a_role_in_the_community_reaches_its_governance(client, world):
    from governance.constants import BodyLevel
    from tests.factories import UserFactory
    from tests.factories_governance import GovernanceBodyFactory

    director = UserFactory(username="directeur")
    stuurgroep = GovernanceBodyFactory(
        level=BodyLevel.STUURGROEP, communities=[world.community, world.other_community]
    )
    BodyMemberFactory(body=stuurgroep, user=director, name="")
    client.force_login(director)
    assert client.get(reverse("governance_community", args=["de-kade"])).status_code == 200
    assert client.get(reverse("governance_agreement", args=["het-anker"])).status_code == 200
    assert client.get(reverse("governance_readiness", args=["de-kade"])).status_code == 200
    # Nothing else of the community: its own pages stay closed.
    assert client.get(reverse("community_detail", args=["de-kade"])).status_code == 404
    assert client.get(reverse("governance_reports", args=["de-kade"])).status_code == 403


def test_reading_minutes_is_in_the_audit_trail(client, world, kern):
    body, _other = kern
    meeting = MeetingFactory(body=body)
    minutes = services.minutes_save(meeting=meeting, general="Jansen sprak", texts={}, actor=SYSTEM)
    client.force_login(world.users["bewoner"])
    assert (
        "Jansen sprak"
        in client.get(reverse("governance_meeting", args=[body.pk, meeting.pk])).content.decode()
    )
    assert AuditEvent.objects.filter(
        user=world.users["bewoner"], action=Action.VIEW, object_type="minutes",
        object_id=str(minutes.pk),
    ).exists()  # fmt: skip
