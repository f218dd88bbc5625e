"""Each role's home page starts with its own work (issue 15, item 5): the first blocks per role,
"Mijn taken" across locations, the quick actions of the last location used, who may see what,
and a fixed number of queries for one location or ten."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from communities import role_blocks
from communities.constants import Role, TimeKind
from communities.hours.services import week_start
from communities.my_tasks import my_tasks
from communities.navigation import LAST_LOCATION_KEY
from imo.constants import CandidateStatus, VacancyStatus
from imo.panels import home_first_panel
from tests.factories import (
    ActivityFactory,
    CandidateFactory,
    CommunityFactory,
    FireDrillFactory,
    FollowUpActionFactory,
    HandoverFactory,
    IntakeMeetingFactory,
    MembershipFactory,
    SignalFactory,
    SignalStepFactory,
    TimeEntryFactory,
    UnitFactory,
    UserFactory,
    VacancyFactory,
)
from tests.factories_governance import ActionItemFactory, BodyMemberFactory, kerngroep_with


def today():
    return timezone.localdate()


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def page(client, user) -> str:
    return home(client, user).content.decode()


# --- the sociaal beheerder ------------------------------------------------------------------


def test_sociaal_beheerder_starts_with_vacancies_candidates_next_imo_and_pending(client, world):
    VacancyFactory(unit=world.units[4], available_from=today() + datetime.timedelta(days=20))
    VacancyFactory(unit=world.units[5], status=VacancyStatus.FILLED)  # not open: not shown
    CandidateFactory.create_batch(2, community=world.community)  # registered: waiting
    CandidateFactory(community=world.community, status=CandidateStatus.ADVISED)  # pending
    CandidateFactory(community=world.community, status=CandidateStatus.MOVED_IN)  # neither
    meeting = IntakeMeetingFactory(
        community=world.community, starts_at=timezone.now() + datetime.timedelta(days=6)
    )
    response = home(client, world.users["beheerder"])
    body = response.content.decode()
    assert "IMO en verhuur" in body
    context = home_first_panel(world.users["beheerder"])
    (block,) = context["blocks"]
    assert [str(v.unit) for v in block["vacancies"]] == [str(world.units[4])]
    assert (block["waiting"], block["pending"]) == (2, 1)
    assert block["next_meeting"] == meeting
    assert reverse("imo_meeting", args=["de-kade", meeting.pk]) in body
    # The first block comes before the location cards, and the quick actions are the quiet row.
    assert body.index("IMO en verhuur") < body.index('id="kaart-de-kade"')
    assert "quick-actions-quiet" in body


def test_the_coach_has_no_imo_first_block_but_prominent_quick_actions(client, world):
    body = page(client, world.users["coach"])
    assert "IMO en verhuur" not in body and "Welkom en IMO" not in body
    assert 'class="quick-actions mb-3"' in body
    assert body.index("Snel vastleggen") < body.index("Mijn taken")


# --- the locatiebeheerder -------------------------------------------------------------------


def test_locatiebeheerder_starts_with_drills_safety_units_and_beheer_hours(client, world):
    world.community.fire_drill_interval_months = 12
    world.community.evacuation_plan = ""
    world.community.save()
    FireDrillFactory(community=world.community, held_on=today() - datetime.timedelta(days=400))
    monday = week_start(today())
    for weeks_back, hours in ((1, "10"), (2, "6"), (3, "4"), (4, "0"), (0, "3")):
        TimeEntryFactory(
            community=world.community,
            user=world.users["locatie"],
            kind=TimeKind.MANAGEMENT,
            week_start=monday - datetime.timedelta(weeks=weeks_back),
            hours=Decimal(hours),
        )
    response = home(client, world.users["locatie"])
    (card,) = [c for c in response.context["first_cards"]]
    block = card["first"]
    assert block["kind"] == "locatiebeheerder"
    assert block["drill"].overdue and not block["drill"].never_held
    assert block["has_plan"] is False
    # The three units nobody lives in (units 3–5 of the world) are to be made ready.
    assert sorted(u.pk for u in block["vacant_units"]) == sorted(u.pk for u in world.units[3:])
    assert block["beheer"]["this_week"] == "3" and block["beheer"]["average"] == "5"
    body = response.content.decode()
    assert "Beheer en veiligheid" in body and "over tijd sinds" in body and "ontbreekt" in body
    assert "5 uur per week" in body


def test_locatiebeheerder_never_held_a_drill(client, world):
    block = home(client, world.users["locatie"]).context["first_cards"][0]["first"]
    assert block["drill"].never_held
    assert "nog nooit gehouden" in page(client, world.users["locatie"])


# --- the begeleider -------------------------------------------------------------------------


def test_begeleider_starts_with_own_clients_own_ten_percent_and_writing_hours(client, world):
    first_week = week_start(today().replace(day=1))
    TimeEntryFactory(
        community=world.community,
        user=world.users["begeleider"],
        kind=TimeKind.CARE,
        week_start=first_week,
        hours=Decimal("0.5"),
    )
    # Another organisation's begeleider's hours are not the user's organisation's.
    TimeEntryFactory(
        community=world.community,
        user=world.users["begeleider_anker"],
        kind=TimeKind.CARE,
        week_start=first_week,
        hours=Decimal("9"),
    )
    response = home(client, world.users["begeleider"])
    block = response.context["first_cards"][0]["first"]
    assert block["kind"] == "begeleider"
    # Own client Anna (7 h a week, Zorggroep Horizon); Bram belongs to Stichting Anker.
    assert [str(p.resident) for p in block["clients"]] == [str(world.residents["anna"])]
    weeks = block["month"]["weeks"]
    assert weeks >= 1
    assert block["month"]["realised"] == "0,5"
    assert block["month"]["per_week"] == "0,7"
    assert block["month"]["norm"] == role_blocks.fmt_hours(Decimal("0.7") * weeks)
    body = response.content.decode()
    assert "Uw cliënten en uren" in body and reverse("hours_log", args=["de-kade"]) in body
    assert (
        str(world.residents["bram"])
        not in body.split("Uw cliënten en uren")[1].split("</section>")[0]
    )


# --- the residents' delegation (welcome committee) -------------------------------------------


def test_welcome_committee_sees_handovers_name_unit_date_and_the_next_imo(client, world):
    vacancy = VacancyFactory(unit=world.units[4], available_from=today())
    candidate = CandidateFactory(
        community=world.community,
        vacancy=vacancy,
        first_name="Wilma",
        last_name="Welkom",
        status=CandidateStatus.HANDED_OVER,
        supported=True,
    )
    HandoverFactory(candidate=candidate, handed_over_on=today() - datetime.timedelta(days=3))
    old = CandidateFactory(community=world.community, first_name="Oud", last_name="Nieuws")
    HandoverFactory(candidate=old, handed_over_on=today() - datetime.timedelta(days=200))
    meeting = IntakeMeetingFactory(
        community=world.community, starts_at=timezone.now() + datetime.timedelta(days=9)
    )
    body = page(client, world.users["bewoner"])
    section = body.split("Welkom en IMO")[1].split("</section>")[0]
    assert "Wilma Welkom" in section and str(world.units[4]) in section
    assert today().strftime("%d-%m-%Y") in section
    assert "Oud Nieuws" not in section  # handed over more than two months ago
    assert reverse("imo_meeting", args=["de-kade", meeting.pk]) in section
    # Future neighbours: no care details, not even "begeleid", and no notes of the handover.
    assert "begeleid" not in section.lower() and "Kennismaking" not in section
    # The list read is in the audit trail (one event for the page).
    event = AuditEvent.objects.get(object_type="welcome_handovers", user=world.users["bewoner"])
    assert event.count == 1 and event.community == world.community
    # No quick actions and no "Mijn taken": the delegation records nothing and has no tasks.
    assert "Snel vastleggen" not in body and "Mijn taken" not in body


# --- welzijn --------------------------------------------------------------------------------


def test_welzijn_starts_with_activities_and_the_talent_search(client, world):
    soon = ActivityFactory(
        community=world.community,
        title="Buurtsoep",
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    ActivityFactory(
        community=world.community,
        title="Lang geleden",
        starts_at=timezone.now() - datetime.timedelta(days=60),
    )
    body = page(client, world.users["welzijn"])
    section = body.split('id="eerst-de-kade"')[1].split("</section>")[0]
    assert "Buurtsoep" in section and "Lang geleden" not in section
    assert reverse("activity_detail", args=["de-kade", soon.pk]) in section
    assert reverse("talent_search", args=["de-kade"]) in section
    assert reverse("activity_create", args=["de-kade"]) in section


# --- aggregate roles and outsiders ----------------------------------------------------------


@pytest.mark.parametrize("username", ["gemeente", "stuurgroep"])
def test_aggregate_roles_get_no_first_blocks_tasks_or_quick_actions(client, world, username):
    VacancyFactory(unit=world.units[4])
    response = home(client, world.users[username])
    body = response.content.decode()
    assert response.context["first_cards"] == [] and response.context["quick"] is None
    for text in ("Mijn taken", "Snel vastleggen", "IMO en verhuur", "Welkom en IMO"):
        assert text not in body
    assert "Overzicht van de locaties" in body


def test_an_outsiders_home_shows_nothing_of_de_kade(client, world):
    VacancyFactory(unit=world.units[4])
    SignalFactory(community=world.community, recorded_by=world.users["coach"])
    body = page(client, world.users["buitenstaander"])
    assert "De Kade" not in body and str(world.units[4]) not in body
    # The outsider is sociaal beheerder of Het Anker: its own (empty) IMO block only.
    assert "IMO en verhuur" in body and "Het Anker" in body


def test_home_needs_a_login(client, world):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and "login" in response["Location"]


# --- Mijn taken -----------------------------------------------------------------------------


def test_my_tasks_gather_follow_ups_signals_and_action_items_across_locations(client, world):
    coach = world.users["coach"]
    MembershipFactory(user=coach, community=world.other_community, role=Role.COMMUNITYCOACH)
    candidate = CandidateFactory(community=world.other_community, first_name="Tim")
    FollowUpActionFactory(candidate=candidate, owner=coach, description="Bellen", due_on=today())
    FollowUpActionFactory(  # far ahead: not yet a task
        candidate=candidate,
        owner=coach,
        description="Later",
        due_on=today() + datetime.timedelta(days=40),
    )
    FollowUpActionFactory(  # done
        candidate=candidate, owner=coach, description="Gedaan", due_on=today(), done_on=today()
    )
    mine = SignalFactory(
        community=world.community,
        recorded_by=coach,
        reported_on=today() - datetime.timedelta(days=60),
    )
    stepped = SignalFactory(community=world.community, reported_on=today())
    SignalStepFactory(signal=stepped, taken_by=coach)
    SignalFactory(community=world.community, recorded_by=world.users["beheerder"])  # not mine
    SignalFactory(community=world.community, recorded_by=coach, closed_on=today())  # closed
    body = kerngroep_with(world.community, members=[coach])
    member = body.members.get(user=coach)
    ActionItemFactory(body=body, owner=member, title="Verslag rondsturen", due_on=today())

    tasks = my_tasks(user=coach, today=today())
    kinds = sorted((t.kind, t.where) for t in tasks)
    assert kinds == [
        ("Actiepunt", body.name),
        ("Check-in", "Het Anker"),
        ("Signaal", "De Kade"),
        ("Signaal", "De Kade"),
    ]
    late = [t for t in tasks if t.late]
    assert [t.url for t in late] == [reverse("signal_detail", args=["de-kade", mine.pk])]
    assert tasks[0].late  # the late ones first
    html = page(client, coach)
    assert "Mijn taken" in html and "Check-in: Tim" in html and "Verslag rondsturen" in html


def test_a_begeleider_sees_only_signals_about_own_clients_and_records_none(client, world):
    begeleider = world.users["begeleider"]
    SignalStepFactory(
        signal=SignalFactory(community=world.community, residents=[world.residents["cor"]]),
        taken_by=begeleider,
    )
    # A begeleider does not manage signals: none of them "waits on" the begeleider.
    assert [t for t in my_tasks(user=begeleider, today=today()) if t.kind == "Signaal"] == []


def test_professionals_without_tasks_are_told_so(client, world):
    body = page(client, world.users["locatie"])
    assert "Mijn taken" in body and "Er wacht nu niets op u" in body


def test_someone_elses_action_items_and_follow_ups_are_not_my_tasks(world):
    body = kerngroep_with(world.community, members=[world.users["coach"]])
    other = BodyMemberFactory(body=body, user=None, name="Iemand anders")
    ActionItemFactory(body=body, owner=other, due_on=today())
    FollowUpActionFactory(
        candidate=CandidateFactory(community=world.community),
        owner=world.users["beheerder"],
        due_on=today(),
    )
    assert my_tasks(user=world.users["coach"], today=today()) == []


# --- quick actions --------------------------------------------------------------------------


def test_quick_actions_follow_the_role_and_the_last_location(client, world):
    coach = world.users["coach"]
    MembershipFactory(user=coach, community=world.other_community, role=Role.COMMUNITYCOACH)
    quick = home(client, coach).context["quick"]
    assert quick["community"] == world.community  # nothing opened yet: the first by name
    assert [a["label"] for a in quick["actions"]] == ["Activiteit", "Contact", "Signaal", "Uren"]
    client.get(reverse("resident_list", args=["het-anker"]))  # opening a page there
    assert client.cookies[LAST_LOCATION_KEY].value == "het-anker"
    quick = client.get(reverse("home")).context["quick"]
    assert quick["community"] == world.other_community
    assert quick["actions"][0]["url"] == reverse("activity_create", args=["het-anker"])
    assert quick["others"] == [world.community]
    # Switching from the home page itself.
    quick = client.get(reverse("home"), {"locatie": "de-kade"}).context["quick"]
    assert quick["community"] == world.community
    assert client.cookies[LAST_LOCATION_KEY].value == "de-kade"


def test_quick_actions_offer_only_what_the_role_may_record(client, world):
    labels = {
        name: [
            a["label"]
            for a in (home(client, world.users[name]).context["quick"] or {}).get("actions", [])
        ]
        for name in ("beheerder", "locatie", "begeleider", "welzijn", "bewoner")
    }
    assert labels == {
        "beheerder": ["Activiteit", "Contact", "Signaal", "Uren"],
        "locatie": ["Contact", "Signaal", "Uren"],
        "begeleider": ["Contact", "Uren"],
        "welzijn": ["Activiteit"],
        "bewoner": [],
    }


def test_a_foreign_or_unknown_location_is_never_chosen_or_remembered(client, world):
    coach = world.users["coach"]
    client.force_login(coach)
    for slug in ("het-anker", "bestaat-niet", "<script>"):
        response = client.get(reverse("home"), {"locatie": slug})
        assert response.status_code == 200
        assert response.context["quick"]["community"] == world.community
        assert (
            LAST_LOCATION_KEY not in client.cookies
            or client.cookies[LAST_LOCATION_KEY].value == "de-kade"
        )
    # A refused page of a location the user belongs to is not remembered either.
    client.get(reverse("resident_list", args=["de-kade"]))
    MembershipFactory(user=coach, community=world.other_community, role=Role.WELZIJN)
    assert client.get(reverse("resident_list", args=["het-anker"])).status_code == 403
    assert client.cookies[LAST_LOCATION_KEY].value == "de-kade"


# --- a fixed number of queries --------------------------------------------------------------


def _locations(n: int, user, role) -> None:
    for index in range(n):
        community = CommunityFactory(name=f"Locatie {index:02d}", slug=f"loc-{user.pk}-{index:02d}")
        MembershipFactory(user=user, community=community, role=role)
        unit = UnitFactory(section__community=community)
        VacancyFactory(unit=unit, available_from=today())
        candidate = CandidateFactory(community=community, vacancy=None)
        CandidateFactory(community=community, status=CandidateStatus.ADVISED)
        IntakeMeetingFactory(
            community=community, starts_at=timezone.now() + datetime.timedelta(days=5)
        )
        HandoverFactory(candidate=candidate, handed_over_on=today())
        FollowUpActionFactory(candidate=candidate, owner=user, due_on=today())
        SignalFactory(community=community, recorded_by=user, reported_on=today())
        FireDrillFactory(community=community, held_on=today())
        ActivityFactory(community=community, starts_at=timezone.now() + datetime.timedelta(days=1))
        TimeEntryFactory(
            community=community, user=user, kind=TimeKind.MANAGEMENT, week_start=week_start(today())
        )


def _queries_of_my_parts(user) -> int:
    """The queries of this issue's parts of the home page: the first blocks (core and IMO),
    "Mijn taken" and the quick actions, on top of the location cards (issue 14's budget)."""
    from communities import cards

    user = type(user).objects.get(pk=user.pk)  # no cached roles
    location_cards = cards.home_cards(user=user, today=today())
    with CaptureQueriesContext(connection) as queries:
        role_blocks.first_blocks(user=user, cards=location_cards, today=today())
        role_blocks.quick_actions(cards=location_cards, last_slug=None)
        my_tasks(user=user, today=today())
        home_first_panel(user)
    return len(queries.captured_queries)


@pytest.mark.parametrize(
    "role",
    [
        Role.SOCIAAL_BEHEERDER,
        Role.LOCATIEBEHEERDER,
        Role.BEGELEIDER,
        Role.BEWONERSAFVAARDIGING,
        Role.WELZIJN,
        Role.COMMUNITYCOACH,
    ],
)
def test_first_blocks_and_tasks_cost_the_same_for_one_location_and_ten(db, role):
    care = UserFactory().organisation
    one, ten = UserFactory(organisation=care), UserFactory(organisation=care)
    _locations(1, one, role)
    _locations(10, ten, role)
    assert _queries_of_my_parts(one) == _queries_of_my_parts(ten)


def test_many_locations_come_a_page_of_cards_at_a_time_with_tasks_from_all(client, db):
    """A coach of twelve locations: ten cards on the first page, two on the second; the quick
    actions and "Mijn taken" still cover all twelve; a page number out of range or not a number
    shows a real page, never an error."""
    from communities.cards import HOME_CARDS_PER_PAGE

    coach = UserFactory()
    _locations(HOME_CARDS_PER_PAGE + 2, coach, Role.COMMUNITYCOACH)
    client.force_login(coach)

    def cards_on(query: str) -> tuple[list[str], str]:
        response = client.get(reverse("home") + query)
        assert response.status_code == 200
        html = response.content.decode()
        slugs = sorted(card["community"].slug for card in response.context["team_cards"])
        return slugs, html

    first, html = cards_on("")
    assert len(first) == HOME_CARDS_PER_PAGE
    assert "Locaties 1–10 van 12" in html and 'href="?pagina=2"' in html
    second, html = cards_on("?pagina=2")
    assert len(second) == 2 and not set(first) & set(second)
    assert "Locaties 11–12 van 12" in html
    # The follow-ups of a location on the second page are tasks on the first page too.
    first_page_tasks = client.get(reverse("home")).context["tasks"]
    assert len({t.where for t in first_page_tasks if t.kind == "Check-in"}) == 12
    # The quick actions may switch to any of the twelve.
    quick = client.get(reverse("home")).context["quick"]
    assert len(quick["others"]) == 11
    assert cards_on("?pagina=99")[0] == second
    assert cards_on("?pagina=twee")[0] == first


def test_the_home_page_costs_the_same_for_twelve_locations_as_for_thirty(client, db):
    def queries_for(n: int) -> int:
        coach = UserFactory()
        _locations(n, coach, Role.SOCIAAL_BEHEERDER)
        client.force_login(coach)
        client.get(reverse("home"))  # warm caches (content types, translations)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return len(queries.captured_queries)

    assert queries_for(12) == queries_for(30)
