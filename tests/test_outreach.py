"""Outreach: last reached, who has not been reached lately, recording contacts, the attention
list and its rules, per role. Expectations are computed by hand in the comments."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import imo.attention  # noqa: F401  (registers the IMO's source, as ImoConfig.ready() does)
from communities import registry, services
from communities.constants import ContactKind, MoveOutReason, SignalKind
from communities.models import Contact
from communities.outreach import services as outreach
from tests.factories import (
    TEST_ACTOR,
    ActivityFactory,
    CandidateFactory,
    ContactFactory,
    FollowUpActionFactory,
    ResidentFactory,
    SignalFactory,
)

D = datetime.date
TODAY = D(2025, 6, 30)
MOVED_IN = D(2024, 1, 1)


def at(day: datetime.date, hour=10, minute=0):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, minute))


def move_in(world, first, last, unit_index, on=MOVED_IN):
    resident = ResidentFactory(community=world.community, first_name=first, last_name=last)
    services.resident_move_in(resident=resident, unit=world.units[unit_index], on=on)
    return resident


@pytest.fixture
def people(world):
    """Anna, Bram and Cor (units 0–2) plus Dirk, who moved out, and Eva (unit 4)."""
    dirk = move_in(world, "Dirk", "Dekker", 3)
    services.resident_move_out(resident=dirk, on=D(2025, 3, 1), reason=MoveOutReason.ELSEWHERE)
    eva = move_in(world, "Eva", "Evers", 4)
    return {**world.residents, "dirk": dirk, "eva": eva}


# --- last reached and not reached ----------------------------------------------------------------


@pytest.fixture
def reached(world, people):
    c = world.community
    # Anna: contacts on 1 May and 10 June, an activity on 20 June -> 20 June.
    ContactFactory(resident=people["anna"], contacted_on=D(2025, 5, 1))
    ContactFactory(resident=people["anna"], contacted_on=D(2025, 6, 10))
    ActivityFactory(community=c, starts_at=at(D(2025, 6, 20)), participants=[people["anna"]])
    # Bram: only organised an activity on 19 May, exactly six weeks (42 days) before 30 June.
    ActivityFactory(community=c, starts_at=at(D(2025, 5, 19)), organisers=[people["bram"]])
    # Eva: a contact on 20 May (41 days), and one in the future that does not count yet.
    ContactFactory(resident=people["eva"], contacted_on=D(2025, 5, 20))
    ContactFactory(resident=people["eva"], contacted_on=D(2025, 7, 5))
    # An activity just after midnight on 1 July does not count on 30 June.
    ActivityFactory(community=c, starts_at=at(D(2025, 7, 1), 0, 30), participants=[people["eva"]])
    return people


def test_last_reached_takes_the_latest_of_contacts_and_activities(world, reached):
    result = outreach.last_reached(community=world.community, on=TODAY)
    assert result == {
        reached["anna"].pk: D(2025, 6, 20),
        reached["bram"].pk: D(2025, 5, 19),
        reached["cor"].pk: None,
        reached["dirk"].pk: None,
        reached["eva"].pk: D(2025, 5, 20),
    }


def test_last_reached_counts_an_activity_late_in_the_evening_on_its_local_day(world, reached):
    ActivityFactory(
        community=world.community, starts_at=at(TODAY, 23, 30), participants=[reached["cor"]]
    )
    assert outreach.last_reached(community=world.community, on=TODAY)[reached["cor"].pk] == TODAY


def test_last_reached_is_a_couple_of_queries(world, reached, django_assert_max_num_queries):
    # Three grouped queries (contacts, taking part, organising) and the residents: no
    # correlated subquery per resident.
    with django_assert_max_num_queries(4):
        outreach.last_reached(community=world.community, on=TODAY)


def test_not_reached_for_six_weeks_never_first_and_exactly_six_weeks_included(world, reached):
    rows = outreach.not_reached(community=world.community, on=TODAY)
    # Cor never; Bram 42 days ago (exactly six weeks: listed). Eva 41 days, Anna 10: not listed.
    # Dirk moved out: never listed.
    assert [(r.resident.first_name, r.last_reached, r.days_since) for r in rows] == [
        ("Cor", None, None),
        ("Bram", D(2025, 5, 19), 42),
    ]
    assert rows[1].weeks_since == 6
    assert rows[1].unit == world.units[1]


def test_not_reached_with_another_number_of_weeks_oldest_first(world, reached):
    rows = outreach.not_reached(community=world.community, on=TODAY, weeks=1)
    # cutoff 23 June: everyone reached on or before it, oldest first.
    assert [r.resident.first_name for r in rows] == ["Cor", "Bram", "Eva", "Anna"]


def test_not_reached_uses_the_communitys_setting(world, reached):
    world.community.outreach_after_weeks = 5  # cutoff 26 May: Eva (20 May) is listed now
    rows = outreach.not_reached(community=world.community, on=TODAY)
    assert [r.resident.first_name for r in rows] == ["Cor", "Bram", "Eva"]


@pytest.mark.parametrize("weeks", [0, 53, -1])
def test_not_reached_refuses_silly_numbers_of_weeks(world, weeks):
    with pytest.raises(ValidationError):
        outreach.not_reached(community=world.community, on=TODAY, weeks=weeks)


def test_not_reached_does_not_list_residents_of_another_community(world, reached):
    ContactFactory(resident=world.foreign_resident, contacted_on=D(2024, 1, 1))
    rows = outreach.not_reached(community=world.community, on=TODAY)
    assert world.foreign_resident not in [r.resident for r in rows]


# --- recording contacts --------------------------------------------------------------------------


def record(world, resident, **overrides):
    data = {
        "community": world.community,
        "resident": resident,
        "kind": ContactKind.PHONE,
        "contacted_on": TODAY,
        "note": "  Even bijgepraat ",
        "by": world.users["coach"],
        "today": TODAY,
    }
    data.update(overrides)
    return outreach.contact_record(**data)


def test_contact_record_updates_last_reached(world, people):
    contact = record(world, people["cor"])
    assert contact.note == "Even bijgepraat"
    assert contact.recorded_by == world.users["coach"]
    assert outreach.last_reached(community=world.community, on=TODAY)[people["cor"].pk] == TODAY


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"contacted_on": D(2025, 7, 1)}, "contacted_on"),  # in the future
        ({"contacted_on": D(2024, 6, 28)}, "contacted_on"),  # more than a year back
        ({"kind": "brief"}, "kind"),
        ({"note": "x" * 501}, "note"),
    ],
)
def test_contact_record_refuses_bad_input(world, people, overrides, field):
    with pytest.raises(ValidationError) as error:
        record(world, people["cor"], **overrides)
    assert field in error.value.message_dict
    assert not Contact.objects.exists()


def test_contact_record_refuses_a_resident_of_another_community(world):
    with pytest.raises(ValidationError, match="hoort niet bij deze locatie"):
        record(world, world.foreign_resident)


def test_contact_record_refuses_a_day_the_resident_did_not_live_there(world, people):
    with pytest.raises(ValidationError, match="woonde op 01-04-2025 niet op de locatie"):
        record(world, people["dirk"], contacted_on=D(2025, 4, 1))
    record(world, people["dirk"], contacted_on=D(2025, 2, 28))  # still living there


def test_approach_preference_is_normalised_and_limited(world):
    anna = world.residents["anna"]
    outreach.approach_preference_set(
        resident=anna, preference="  liever niet   aan de deur ", by=TEST_ACTOR
    )
    anna.refresh_from_db()
    assert anna.approach_preference == "liever niet aan de deur"
    with pytest.raises(ValidationError):
        outreach.approach_preference_set(resident=anna, preference="x" * 201, by=TEST_ACTOR)


# --- the attention list --------------------------------------------------------------------------


def took_part(world, resident, *days, organised=False):
    for day in days:
        key = "organisers" if organised else "participants"
        ActivityFactory(community=world.community, starts_at=at(day), **{key: [resident]})


def test_stopped_taking_part(world, people):
    # Windows on 30 June: recent (30 April, 30 June], earlier (30 January, 30 April].
    anna, bram, cor, eva = people["anna"], people["bram"], people["cor"], people["eva"]
    took_part(world, anna, D(2025, 2, 10), D(2025, 3, 10), D(2025, 4, 30))  # 3, then none
    took_part(world, bram, D(2025, 2, 1), D(2025, 3, 1), D(2025, 4, 1), D(2025, 5, 1))  # still
    took_part(world, cor, D(2025, 2, 5), D(2025, 3, 5))
    took_part(world, cor, D(2025, 4, 5), organised=True)  # organising counts: 3
    took_part(world, eva, D(2025, 1, 30), D(2025, 2, 15), D(2025, 3, 15))  # 30 Jan is outside
    # Dirk took part often but moved out: not on the list.
    took_part(world, people["dirk"], D(2025, 2, 1), D(2025, 2, 8), D(2025, 2, 15))
    items = outreach.stopped_taking_part(world.community, TODAY)
    assert {(i.resident.first_name, i.since) for i in items} == {
        ("Anna", D(2025, 4, 30)),
        ("Cor", D(2025, 4, 5)),
    }
    assert all(i.rule == "gestopt" for i in items)


def test_stopped_taking_part_counts_an_activity_once(world, people):
    # Participant and organiser of the same two activities: two times, not four.
    for day in (D(2025, 2, 10), D(2025, 3, 10)):
        ActivityFactory(
            community=world.community,
            starts_at=at(day),
            participants=[people["cor"]],
            organisers=[people["cor"]],
        )
    assert outreach.stopped_taking_part(world.community, TODAY) == []


def test_signals_open_too_long(world, people):
    c = world.community  # signal_overdue_days = 30 by default
    SignalFactory(community=c, reported_on=D(2025, 5, 31), residents=[people["anna"]])  # 30 d
    late = SignalFactory(community=c, reported_on=D(2025, 5, 30), residents=[people["anna"]])
    SignalFactory(
        community=c, reported_on=D(2025, 1, 1), closed_on=D(2025, 2, 1), outcome="opgelost"
    )
    items = outreach.signals_open_too_long(c, TODAY)
    assert [(i.signal_ids, i.resident) for i in items] == [((late.pk,), people["anna"])]
    assert "31 dagen open" in items[0].detail


def test_repeated_complaints(world, people):
    c = world.community
    anna, bram, cor = people["anna"], people["bram"], people["cor"]
    # Since 1 April (90 days before 30 June).
    a1 = SignalFactory(
        community=c, kind=SignalKind.NUISANCE, reported_on=D(2025, 4, 1), residents=[anna]
    )
    a2 = SignalFactory(
        community=c, kind=SignalKind.CONFLICT, reported_on=D(2025, 6, 1), residents=[anna, bram]
    )
    SignalFactory(
        community=c, kind=SignalKind.NUISANCE, reported_on=D(2025, 3, 31), residents=[bram]
    )
    SignalFactory(community=c, kind=SignalKind.NUISANCE, reported_on=D(2025, 6, 2), residents=[cor])
    SignalFactory(
        community=c, kind=SignalKind.LONELINESS, reported_on=D(2025, 6, 3), residents=[cor]
    )
    items = outreach.repeated_complaints(c, TODAY)
    assert [(i.resident, i.signal_ids, i.since) for i in items] == [
        (anna, tuple(sorted((a1.pk, a2.pk))), D(2025, 4, 1))
    ]


def test_check_in_overdue_comes_from_the_imo(world, people):
    candidate = CandidateFactory(community=world.community, resident=people["anna"])
    FollowUpActionFactory(candidate=candidate, due_on=D(2025, 6, 29))
    FollowUpActionFactory(candidate=candidate, due_on=TODAY)  # due today: not overdue yet
    FollowUpActionFactory(candidate=candidate, due_on=D(2025, 6, 1), done_on=D(2025, 6, 2))
    FollowUpActionFactory(candidate=candidate, due_on=D(2025, 6, 1), is_check_in=False)
    items = [i for i in outreach.attention_list(community=world.community, today=TODAY)]
    check_ins = [i for i in items if i.rule == "check_in"]
    assert [(i.resident, i.since) for i in check_ins] == [(people["anna"], D(2025, 6, 29))]


@pytest.fixture
def attention_world(world, people):
    c = world.community
    # Bram (client of Anker) has repeated complaints; Anna (client of Horizon) a late signal.
    SignalFactory(
        community=c, kind=SignalKind.NUISANCE, reported_on=D(2025, 6, 1), residents=[people["bram"]]
    )
    SignalFactory(
        community=c, kind=SignalKind.NUISANCE, reported_on=D(2025, 6, 5), residents=[people["bram"]]
    )
    SignalFactory(
        community=c, kind=SignalKind.DEBTS, reported_on=D(2025, 5, 1), residents=[people["anna"]]
    )
    candidate = CandidateFactory(community=c, resident=people["cor"])
    FollowUpActionFactory(candidate=candidate, due_on=D(2025, 6, 1))
    took_part(world, people["eva"], D(2025, 2, 10), D(2025, 3, 10), D(2025, 4, 10))
    return world


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        # The coach and the sociaal beheerder see everything.
        ("coach", {"gestopt", "signaal_open", "klachten", "check_in"}),
        ("beheerder", {"gestopt", "signaal_open", "klachten", "check_in"}),
        # The locatiebeheerder sees signals, but the IMO's follow-up is not theirs.
        ("locatie", {"gestopt", "signaal_open", "klachten"}),
        # Each begeleider sees the signal items about their own clients only.
        ("begeleider", {"gestopt", "signaal_open", "check_in"}),
        ("begeleider_anker", {"gestopt", "klachten", "check_in"}),
        # Never the residents' delegation, welzijn, gemeente, stuurgroep.
        ("bewoner", set()),
        ("welzijn", set()),
        ("gemeente", set()),
        ("stuurgroep", set()),
    ],
)
def test_attention_list_per_role(attention_world, who, expected):
    w = attention_world
    items = outreach.attention_for(user=w.users[who], community=w.community, today=TODAY)
    assert {i.rule for i in items} == expected


def test_attention_sources_are_extensible(world):
    def source(community, today):
        return [outreach.AttentionItem(rule="test", title="Test", detail="", since=today)]

    registry.register_attention_source(source)
    registry.register_attention_source(source)  # twice: registered once
    try:
        items = outreach.attention_list(community=world.community, today=TODAY)
        assert [i.rule for i in items].count("test") == 1
    finally:
        registry.unregister_attention_source(source)


# --- pages ---------------------------------------------------------------------------------------


def test_not_reached_page_shows_preference_prompt_text_and_quick_action(client, world):
    cor = world.residents["cor"]
    outreach.approach_preference_set(
        resident=cor, preference="Liever niet aan de deur", by=TEST_ACTOR
    )
    client.force_login(world.users["coach"])
    response = client.get(reverse("outreach_not_reached", args=["de-kade"]))
    body = response.content.decode()
    assert "Liever niet aan de deur" in body
    assert "nooit een score" in body
    assert "terugtrekken mag" in body
    assert "Bakker" in body and "Nog nooit bereikt" in body
    assert 'name="csrfmiddlewaretoken"' in body


def test_not_reached_page_lets_the_user_choose_weeks(client, world):
    today = timezone.localdate()
    ContactFactory(
        resident=world.residents["cor"], contacted_on=today - datetime.timedelta(days=14)
    )
    client.force_login(world.users["coach"])
    url = reverse("outreach_not_reached", args=["de-kade"])
    assert "Bakker" not in client.get(url).content.decode()  # 2 weeks < 6
    assert "Bakker" in client.get(url, {"weken": 2}).content.decode()
    bad = client.get(url, {"weken": 0}).content.decode()
    assert "Kies minstens 1 week." in bad


def test_quick_contact_from_the_list_records_today_and_returns(client, world):
    cor = world.residents["cor"]
    client.force_login(world.users["locatie"])
    back = reverse("outreach_not_reached", args=["de-kade"]) + "?weken=3"
    response = client.post(
        reverse("contact_create", args=["de-kade"]),
        {
            "resident": cor.pk,
            "kind": ContactKind.AT_THE_DOOR,
            "contacted_on": timezone.localdate().isoformat(),
            "next": back,
        },
    )
    assert response.status_code == 302 and response.url == back
    contact = Contact.objects.get()
    assert (contact.resident, contact.contacted_on, contact.recorded_by) == (
        cor,
        timezone.localdate(),
        world.users["locatie"],
    )


def test_contact_form_ignores_a_next_url_elsewhere(client, world):
    client.force_login(world.users["coach"])
    response = client.post(
        reverse("contact_create", args=["de-kade"]),
        {
            "resident": world.residents["cor"].pk,
            "kind": ContactKind.PHONE,
            "contacted_on": timezone.localdate().isoformat(),
            "next": "https://example.com/",
        },
    )
    assert response.url == reverse("outreach_not_reached", args=["de-kade"])


def test_contact_form_refuses_a_resident_of_another_community(client, world):
    client.force_login(world.users["coach"])
    response = client.post(
        reverse("contact_create", args=["de-kade"]),
        {
            "resident": world.foreign_resident.pk,
            "kind": ContactKind.PHONE,
            "contacted_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Kies een bewoner van deze locatie." in response.content.decode()
    assert not Contact.objects.exists()


def test_contact_form_refuses_a_future_date(client, world):
    client.force_login(world.users["coach"])
    response = client.post(
        reverse("contact_create", args=["de-kade"]),
        {
            "resident": world.residents["cor"].pk,
            "kind": ContactKind.PHONE,
            "contacted_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert "Deze datum ligt in de toekomst." in response.content.decode()
    assert not Contact.objects.exists()


def test_resident_of_another_community_is_404_on_outreach_pages(client, world):
    client.force_login(world.users["coach"])
    pk = world.foreign_resident.pk
    for name in ("resident_outreach", "approach_preference_edit", "resident_talents"):
        assert client.get(reverse(name, args=["de-kade", pk])).status_code == 404


def test_approach_preference_edit_page(client, world):
    anna = world.residents["anna"]
    client.force_login(world.users["begeleider"])
    url = reverse("approach_preference_edit", args=["de-kade", anna.pk])
    response = client.post(url, {"approach_preference": "Liever eerst een berichtje"})
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.approach_preference == "Liever eerst een berichtje"
    page = client.get(reverse("resident_outreach", args=["de-kade", anna.pk])).content.decode()
    assert "Liever eerst een berichtje" in page


def test_attention_page_of_the_begeleider_hides_signals_about_other_clients(client, world):
    today = timezone.localdate()
    bram = world.residents["bram"]  # client of Anker
    for days in (3, 5):
        SignalFactory(
            community=world.community,
            kind=SignalKind.NUISANCE,
            reported_on=today - datetime.timedelta(days=days),
            residents=[bram],
        )
    client.force_login(world.users["begeleider"])
    body = client.get(reverse("attention_list", args=["de-kade"])).content.decode()
    assert "Herhaalde klachten" not in body and "de Vries" not in body
    client.force_login(world.users["begeleider_anker"])
    body = client.get(reverse("attention_list", args=["de-kade"])).content.decode()
    assert "Herhaalde klachten" in body and "de Vries" in body


def render_panel(rf, user, community, template="communities/_outreach_panel.html"):
    from django.template.loader import render_to_string

    from communities.cards import outreach_panels

    request = rf.get("/")
    request.user = user
    panel = outreach_panels(user=user, communities=[community], today=timezone.localdate())
    panel = panel[community.pk]
    return render_to_string(template, {"panel": panel}, request=request)


def test_outreach_panel_for_the_team(rf, world):
    # Nobody has been reached: all three residents are "not reached".
    html = render_panel(rf, world.users["coach"], world.community)
    assert reverse("outreach_not_reached", args=["de-kade"]) in html
    assert reverse("attention_list", args=["de-kade"]) in html
    assert reverse("talent_search", args=["de-kade"]) in html
    assert '<div class="stat">3</div>' in html


@pytest.mark.parametrize("who", ["bewoner", "gemeente", "stuurgroep"])
def test_outreach_panel_shows_nothing_outside_the_team(rf, world, who):
    html = render_panel(rf, world.users[who], world.community)
    assert html.strip() == ""


def test_outreach_panel_of_welzijn_has_only_the_talent_search(rf, world):
    html = render_panel(rf, world.users["welzijn"], world.community)
    assert reverse("talent_search", args=["de-kade"]) in html
    assert reverse("outreach_not_reached", args=["de-kade"]) not in html
