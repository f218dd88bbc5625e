"""Safety and who-to-call: drill reminders at their edges, the contact card (default, tel: links,
for everyone including the residents' delegation), and who may edit what."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from communities.constants import ContactCardTopic
from communities.models import ContactCardEntry, FireDrill
from communities.safety import services as safety
from communities.safety.forms import EvacuationPlanForm
from gemengdwonen.dates import add_months
from tests.factories import ContactCardEntryFactory, FireDrillFactory

DAY = datetime.date


# --- Months and drill reminders ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (DAY(2024, 3, 15), 12, DAY(2025, 3, 15)),
        (DAY(2025, 1, 31), 1, DAY(2025, 2, 28)),
        (DAY(2024, 1, 31), 1, DAY(2024, 2, 29)),
        (DAY(2024, 2, 29), 12, DAY(2025, 2, 28)),
        (DAY(2024, 11, 30), 3, DAY(2025, 2, 28)),
        (DAY(2024, 12, 1), 1, DAY(2025, 1, 1)),
        (DAY(2024, 8, 31), 6, DAY(2025, 2, 28)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_never_held_is_overdue(world):
    status = safety.fire_drill_status(community=world.community, today=DAY(2025, 3, 15))
    assert status.overdue and status.never_held and status.due_on is None
    assert safety.fire_drill_overdue(community=world.community, today=DAY(2025, 3, 15)) is True


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (DAY(2025, 3, 14), False),
        (DAY(2025, 3, 15), False),  # exactly 12 months: due today, not yet overdue
        (DAY(2025, 3, 16), DAY(2025, 3, 15)),  # the day after: overdue since the 15th
        (DAY(2026, 1, 1), DAY(2025, 3, 15)),
    ],
)
def test_drill_overdue_edges_at_exactly_12_months(world, today, expected):
    FireDrillFactory(community=world.community, held_on=DAY(2024, 3, 15))
    assert safety.fire_drill_overdue(community=world.community, today=today) == expected


def test_the_latest_drill_counts_and_the_interval_is_the_communitys(world):
    FireDrillFactory(community=world.community, held_on=DAY(2023, 5, 1))
    FireDrillFactory(community=world.community, held_on=DAY(2024, 9, 30))
    world.community.fire_drill_interval_months = 6
    world.community.save()
    status = safety.fire_drill_status(community=world.community, today=DAY(2025, 3, 30))
    assert status.last_held_on == DAY(2024, 9, 30)
    assert status.due_on == DAY(2025, 3, 30)
    assert not status.overdue
    assert safety.fire_drill_overdue(community=world.community, today=DAY(2025, 3, 31))


def test_other_communities_drills_do_not_count(world):
    FireDrillFactory(community=world.other_community, held_on=DAY(2025, 1, 1))
    assert safety.fire_drill_overdue(community=world.community, today=DAY(2025, 2, 1)) is True


# --- Drill and plan services -------------------------------------------------------------------


def test_record_a_drill(world):
    drill = safety.fire_drill_record(
        community=world.community,
        held_on=DAY(2025, 3, 1),
        note="  Vlot verlopen.  ",
        by=world.users["locatie"],
        today=DAY(2025, 3, 12),
    )
    assert drill.note == "Vlot verlopen."
    assert drill.recorded_by == world.users["locatie"]


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        (DAY(2025, 3, 13), "nog niet vastleggen"),
        (DAY(2021, 12, 31), r"vóór de start van de locatie \(01-01-2022\)"),
        (None, "Vul de datum"),
    ],
)
def test_bad_drill_dates_are_refused(world, held_on, message):
    with pytest.raises(ValidationError, match=message):
        safety.fire_drill_record(community=world.community, held_on=held_on, today=DAY(2025, 3, 12))
    assert not FireDrill.objects.exists()


def test_one_drill_per_date(world):
    safety.fire_drill_record(community=world.community, held_on=DAY(2025, 3, 1))
    with pytest.raises(ValidationError, match="al een oefening"):
        safety.fire_drill_record(community=world.community, held_on=DAY(2025, 3, 1))
    other = safety.fire_drill_record(community=world.community, held_on=DAY(2025, 2, 1))
    with pytest.raises(ValidationError, match="al een oefening"):
        safety.fire_drill_update(drill=other, held_on=DAY(2025, 3, 1))
    safety.fire_drill_update(drill=other, held_on=DAY(2025, 2, 2), note="verzet")
    other.refresh_from_db()
    assert (other.held_on, other.note) == (DAY(2025, 2, 2), "verzet")


@pytest.mark.parametrize("months", [0, 61])
def test_drill_interval_from_1_to_60_months(world, months):
    with pytest.raises(ValidationError, match="1 tot 60 maanden"):
        safety.evacuation_plan_update(
            community=world.community, evacuation_plan="x", fire_drill_interval_months=months
        )
    world.community.refresh_from_db()
    assert world.community.fire_drill_interval_months == 12


# --- Contact card ------------------------------------------------------------------------------


def test_default_card_has_112_and_the_coach_and_is_made_once(world):
    entries = safety.contact_card(community=world.community)
    assert [(e.topic, e.phone, e.tel) for e in entries][0] == (
        ContactCardTopic.EMERGENCY,
        "112",
        "tel:112",
    )
    assert entries[0].outside_office_hours
    coach = entries[1]
    assert (coach.topic, coach.name, coach.email) == (
        ContactCardTopic.COACH,
        "Coach Medewerker",
        "coach@example.org",
    )
    safety.contact_card(community=world.community)
    assert world.community.contact_card.count() == 2


def test_default_card_without_a_coach_has_112_only(world):
    world.other_community.memberships.all().delete()
    entries = safety.contact_card(community=world.other_community)
    assert [e.phone for e in entries] == ["112"]


def test_an_existing_card_is_left_alone(world):
    ContactCardEntryFactory(community=world.community)
    assert len(safety.contact_card(community=world.community)) == 1


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("010-123 45 67", "tel:0101234567"),
        ("+31 10 123 45 67", "tel:+31101234567"),
        ("0900-1234", "tel:09001234"),
        ("", ""),
    ],
)
def test_tel_links(phone, href):
    assert safety.tel_href(phone) == href


@pytest.mark.parametrize("phone", ["bel maar", "12", "06-12345678901234567", "=1+1", "++31 10"])
def test_bad_phone_numbers_are_refused(world, phone):
    with pytest.raises(ValidationError, match="telefoonnummer"):
        safety.contact_card_entry_save(
            community=world.community, topic=ContactCardTopic.REPAIRS, name="Loket", phone=phone
        )
    assert not ContactCardEntry.objects.exists()


def test_entry_needs_a_name_and_a_way_to_reach(world):
    with pytest.raises(ValidationError, match="wie dit is"):
        safety.contact_card_entry_save(
            community=world.community, topic=ContactCardTopic.REPAIRS, name="  ", phone="112"
        )
    with pytest.raises(ValidationError, match="telefoonnummer of een e-mailadres"):
        safety.contact_card_entry_save(
            community=world.community, topic=ContactCardTopic.REPAIRS, name="Loket"
        )
    with pytest.raises(ValidationError, match="Kies waarvoor"):
        safety.contact_card_entry_save(
            community=world.community, topic="brand", name="Loket", phone="112"
        )


def test_an_entry_of_another_community_cannot_be_saved_through_this_one(world):
    foreign = ContactCardEntryFactory(community=world.other_community)
    with pytest.raises(ValidationError, match="hoort niet bij deze locatie"):
        safety.contact_card_entry_save(
            community=world.community,
            entry=foreign,
            topic=ContactCardTopic.REPAIRS,
            name="Gekaapt",
            phone="010-0000000",
        )
    foreign.refresh_from_db()
    assert foreign.name != "Gekaapt"


# --- Pages per role ----------------------------------------------------------------------------


def url(name, **kwargs):
    return reverse(name, kwargs={"slug": "de-kade", **kwargs})


@pytest.mark.parametrize("who", ["bewoner", "welzijn", "gemeente", "begeleider_anker"])
def test_everyone_in_the_community_sees_the_contact_card(client, world, who):
    ContactCardEntryFactory(
        community=world.community,
        topic=ContactCardTopic.POLICE,
        name="Wijkagent R. Hendriks",
        phone="0900-8844",
        outside_office_hours=True,
    )
    client.force_login(world.users[who])
    body = client.get(url("safety_contact_card")).content.decode()
    assert "Wijkagent R. Hendriks" in body
    assert 'href="tel:09008844"' in body
    assert 'href="tel:112"' in body
    assert "ook buiten kantoortijd" in body
    assert "Bewerken" not in body and "Regel toevoegen" not in body


@pytest.mark.parametrize("who", ["bewoner", "coach", "begeleider", "gemeente"])
def test_only_the_beheerders_edit_the_card(client, world, who):
    entry = ContactCardEntryFactory(community=world.community)
    client.force_login(world.users[who])
    data = {"topic": "reparaties", "name": "Gewijzigd", "phone": "010-1234567", "order": 1}
    assert client.post(url("safety_contact_create"), data).status_code == 403
    assert client.post(url("safety_contact_update", pk=entry.pk), data).status_code == 403
    assert client.post(url("safety_contact_delete", pk=entry.pk)).status_code == 403
    entry.refresh_from_db()
    assert entry.name == "Reparatieverzoeken De Linde"
    assert ContactCardEntry.objects.count() == 1


def test_beheerder_adds_edits_and_removes_a_line(client, world):
    client.force_login(world.users["beheerder"])
    response = client.post(
        url("safety_contact_create"),
        {
            "topic": "overlast",
            "name": "Meldpunt overlast",
            "phone": "010-000 11 22",
            "hours": "24 uur per dag",
            "outside_office_hours": "on",
            "order": "5",
        },
    )
    assert response.status_code == 302
    entry = ContactCardEntry.objects.get(community=world.community)
    assert (entry.topic, entry.phone, entry.outside_office_hours) == (
        "overlast",
        "010-000 11 22",
        True,
    )
    response = client.post(
        url("safety_contact_update", pk=entry.pk),
        {"topic": "overlast", "name": "Meldpunt", "phone": "bel maar", "order": "5"},
    )
    assert response.status_code == 200
    assert "Vul een telefoonnummer in met cijfers" in response.content.decode()
    entry.refresh_from_db()
    assert entry.name == "Meldpunt overlast"
    # The confirmation page changes nothing; the POST removes the line.
    assert client.get(url("safety_contact_delete", pk=entry.pk)).status_code == 200
    assert ContactCardEntry.objects.filter(pk=entry.pk).exists()
    client.post(url("safety_contact_delete", pk=entry.pk))
    assert not ContactCardEntry.objects.filter(pk=entry.pk).exists()


def test_a_line_of_another_community_is_not_found(client, world):
    foreign = ContactCardEntryFactory(community=world.other_community)
    client.force_login(world.users["beheerder"])
    assert client.get(url("safety_contact_update", pk=foreign.pk)).status_code == 404
    assert client.post(url("safety_contact_delete", pk=foreign.pk)).status_code == 404
    assert ContactCardEntry.objects.filter(pk=foreign.pk).exists()
    drill = FireDrillFactory(community=world.other_community)
    assert client.post(url("safety_drill_delete", pk=drill.pk)).status_code == 404


def test_locatiebeheerder_records_a_drill_and_the_plan(client, world):
    client.force_login(world.users["locatie"])
    today = timezone.localdate()
    response = client.post(
        url("safety_drill_create"), {"held_on": today.isoformat(), "note": "Goed verlopen"}
    )
    assert response.status_code == 302
    assert FireDrill.objects.get().recorded_by == world.users["locatie"]
    future = today + datetime.timedelta(days=1)
    response = client.post(url("safety_drill_create"), {"held_on": future.isoformat()})
    assert "Deze datum ligt in de toekomst." in response.content.decode()
    assert FireDrill.objects.count() == 1
    response = client.post(
        url("safety_plan_edit"),
        {"evacuation_plan": "Verzamelen op het plein.", "fire_drill_interval_months": "6"},
    )
    assert response.status_code == 302
    world.community.refresh_from_db()
    assert world.community.evacuation_plan == "Verzamelen op het plein."
    assert world.community.fire_drill_interval_months == 6


def test_bewoner_sees_the_plan_and_drill_dates_but_no_reports(client, world):
    world.community.evacuation_plan = "Via trappenhuis B naar het plein."
    world.community.save()
    FireDrillFactory(
        community=world.community,
        held_on=timezone.localdate() - datetime.timedelta(days=30),
        note="Bram de Vries was niet thuis.",
    )
    client.force_login(world.users["bewoner"])
    body = client.get(url("safety_overview")).content.decode()
    assert "Via trappenhuis B naar het plein." in body
    assert "Bram de Vries" not in body
    assert "Vluchtplan bewerken" not in body and "Oefening vastleggen" not in body
    assert client.get(url("safety_plan_edit")).status_code == 403
    client.force_login(world.users["beheerder"])
    assert "Bram de Vries was niet thuis." in client.get(url("safety_overview")).content.decode()


def test_overview_warns_when_overdue(client, world):
    client.force_login(world.users["welzijn"])
    body = client.get(url("safety_overview")).content.decode()
    assert "nog nooit een ontruimingsoefening" in body


def test_safety_panel(world):
    today = DAY(2025, 3, 16)
    FireDrillFactory(community=world.community, held_on=DAY(2024, 3, 15))
    html = render_to_string(
        "communities/_safety_panel.html",
        {"panel": safety.safety_panel(community=world.community, today=today)},
    )
    assert "over tijd" in html
    assert "15-03-2025" in html
    assert reverse("safety_contact_card", kwargs={"slug": "de-kade"}) in html
    assert "wie bel ik?" in html
    html = render_to_string(
        "communities/_safety_panel.html",
        {"panel": safety.safety_panel(community=world.community, today=DAY(2025, 3, 15))},
    )
    assert "over tijd" not in html
    assert "De volgende uiterlijk op 15-03-2025" in html


def test_who_needs_help_to_evacuate_is_for_the_locatiebeheerder_only(client, world):
    """Attack (issue 9, item 13): the plan's help text asked for residents who are "slecht ter
    been" in a field everyone of the location reads. The list has its own field now."""
    client.force_login(world.users["locatie"])
    response = client.post(
        url("safety_assistance"),
        {"evacuation_assistance": "Bram de Vries (A2): rolstoel, buurman helpt."},
    )
    assert response.status_code == 302
    world.community.refresh_from_db()
    assert world.community.evacuation_assistance.startswith("Bram de Vries")
    assert "Bram de Vries (A2)" in client.get(url("safety_assistance")).content.decode()
    assert "slecht ter been" not in str(EvacuationPlanForm.base_fields["evacuation_plan"].help_text)
    for who in ("bewoner", "coach", "beheerder", "begeleider", "welzijn"):
        client.force_login(world.users[who])
        assert "Bram de Vries" not in client.get(url("safety_overview")).content.decode(), who
        assert client.get(url("safety_assistance")).status_code == 403, who
