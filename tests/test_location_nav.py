"""The menu inside a location (issue 15, item 4): on every page of a location, the tabs the
role may open there, the current one marked, as tabs from a tablet up and a compact menu on a
phone; nothing on pages outside a location; no query of its own."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.navigation import location_menu
from communities.registry import location_tabs
from tests.factories_governance import kerngroep_with

ALL_TABS = [
    "Overzicht",
    "Bewoners",
    "Eenheden",
    "IMO",
    "Activiteiten",
    "Bereik",
    "Signalen",
    "Uren",
    "Veiligheid",
    "Overleg",
    "Monitor",
]


def tabs_of(body: str) -> list[str]:
    """The labels of the desktop tabs, in order."""
    nav = body.split('class="nav nav-underline location-tabs')[1].split("</ul>")[0]
    return re.findall(r'class="nav-link[^"]*" href="[^"]+"[^>]*>([^<]+)</a>', nav)


def active_of(body: str) -> list[str]:
    nav = body.split('class="nav nav-underline location-tabs')[1].split("</ul>")[0]
    return re.findall(r'class="nav-link active" href="[^"]+" aria-current="page">([^<]+)</a>', nav)


def get(client, user, name, *args, slug="de-kade"):
    client.force_login(user)
    response = client.get(reverse(name, args=[slug, *args]))
    assert response.status_code == 200, (name, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("coach", [t for t in ALL_TABS]),
        ("beheerder", [*ALL_TABS[:10], "Financiering", "Monitor"]),
        ("locatie", ["Overzicht", "Bewoners", "Eenheden", "IMO-cijfers", "Bereik", "Signalen",
                     "Uren", "Veiligheid", "Overleg", "Monitor"]),
        ("begeleider", ["Overzicht", "Bewoners", "Eenheden", "IMO", "Activiteiten", "Bereik",
                        "Signalen", "Uren", "Veiligheid", "Overleg", "Monitor"]),
        ("bewoner", ["Overzicht", "IMO", "Uren", "Veiligheid", "Overleg", "Monitor"]),
        ("welzijn", ["Overzicht", "IMO-cijfers", "Activiteiten", "Uren", "Veiligheid", "Overleg",
                     "Monitor"]),
        ("gemeente", ["Overzicht", "IMO-cijfers", "Uren", "Veiligheid", "Overleg", "Financiering",
                      "Monitor"]),
    ],
)  # fmt: skip
def test_each_role_gets_the_tabs_of_the_pages_it_may_open(client, world, username, expected):
    body = get(client, world.users[username], "community_detail")
    assert tabs_of(body) == expected
    assert active_of(body) == ["Overzicht"]
    # Every tab opens for this role (the menu offers nothing that is refused).
    user = world.users[username]
    for item in location_menu(user=user, community=world.community, path="/"):
        assert client.get(item.url).status_code == 200, (username, item.label)


def test_roles_without_a_tab_are_refused_its_page(client, world):
    """The tabs a role does not get are the pages it may not open (the other side)."""
    client.force_login(world.users["bewoner"])
    for name in ("resident_list", "activity_list", "outreach_not_reached", "signal_list"):
        assert client.get(reverse(name, args=["de-kade"])).status_code == 403, name
    client.force_login(world.users["welzijn"])
    assert client.get(reverse("signal_list", args=["de-kade"])).status_code == 403


@pytest.mark.parametrize(
    ("name", "args", "active"),
    [
        ("resident_list", (), "Bewoners"),
        ("resident_detail", ("anna",), "Bewoners"),
        ("unit_list", (), "Eenheden"),
        ("imo_overview", (), "IMO"),
        ("imo_follow_ups", (), "IMO"),
        ("activity_list", (), "Activiteiten"),
        ("participation", (), "Activiteiten"),
        ("outreach_not_reached", (), "Bereik"),
        ("talent_search", (), "Bereik"),
        ("asset_list", (), "Bereik"),
        ("signal_list", (), "Signalen"),
        ("signal_acute", (), "Signalen"),
        ("hours_overview", (), "Uren"),
        ("safety_overview", (), "Veiligheid"),
        ("safety_contact_card", (), "Veiligheid"),
        ("governance_community", (), "Overleg"),
        ("monitor_community", (), "Monitor"),
    ],
)
def test_the_menu_is_on_every_page_of_a_location_with_the_current_tab(
    client, world, name, args, active
):
    args = [world.residents[a].pk if a in world.residents else a for a in args]
    body = get(client, world.users["coach"], name, *args)
    assert active_of(body) == [active]
    # The phone's compact menu: the location and the current tab in one line, the same links.
    menu = body.split('<details class="location-menu d-md-none')[1].split("</details>")[0]
    assert f"De Kade</span> · {active}" in menu
    assert menu.count("<li>") == len(tabs_of(body))


def test_no_menu_outside_a_location_or_for_another_location(client, world):
    client.force_login(world.users["coach"])
    for url in (reverse("home"), reverse("community_list"), reverse("governance_home")):
        assert "location-nav" not in client.get(url).content.decode(), url
    # Het Anker: not a member, so 404 and no menu with its tabs.
    response = client.get(reverse("community_detail", args=["het-anker"]))
    assert response.status_code == 404 and "location-nav" not in response.content.decode()


def test_the_menu_costs_no_query(client, world):
    """The tabs are decided from the roles the page has read already."""
    user = world.users["coach"]
    client.force_login(user)
    url = reverse("signal_list", args=["de-kade"])
    client.get(url)
    with CaptureQueriesContext(connection) as with_menu:
        client.get(url)
    # Rendering the menu on its own, after the page's access check, asks nothing more.
    from communities.access import has_capability

    has_capability(user, world.community, "view_community")
    with CaptureQueriesContext(connection) as menu_only:
        location_menu(user=user, community=world.community, path=url)
    assert len(menu_only.captured_queries) == 0
    assert with_menu.captured_queries  # the page itself still works as before


def test_a_body_member_without_a_role_gets_only_what_the_body_gives(
    client, world, django_user_model
):
    from tests.factories import UserFactory

    director = UserFactory(username="directeur")
    kerngroep_with(world.community, members=[director])
    client.force_login(director)
    body = client.get(reverse("governance_community", args=["de-kade"])).content.decode()
    # No role in the location: no overview or any other tab but the governance page itself,
    # and a menu of one tab is no menu.
    assert "location-nav" not in body
    assert location_menu(user=director, community=world.community, path="/") and all(
        item.label == "Overleg"
        for item in location_menu(user=director, community=world.community, path="/")
    )


def test_every_app_registered_its_tabs_once():
    names = [tab.name for tab in location_tabs()]
    assert len(names) == len(set(names))
    assert {"overview", "imo", "imo_metrics", "governance", "funding", "monitor"} <= set(names)
