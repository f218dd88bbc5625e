"""Getting around on a phone and a desktop (issue 15, item 4): the coach's quick actions are
above the fold of a 390 × 844 phone and follow the last location opened; inside a location the
menu is a compact menu on the phone and tabs on a desktop; no page scrolls sideways; axe-clean."""

from __future__ import annotations

from communities.constants import Role
from tests.browser.conftest import check_accessibility, playwright_api, screenshot
from tests.browser.test_activity_phone import NO_HORIZONTAL_SCROLL, log_in_as
from tests.factories import MembershipFactory

expect = playwright_api().expect


def test_phone_home_quick_actions_above_the_fold_and_the_last_location(
    phone_page, live_server, browser_world
):
    world, page = browser_world, phone_page
    coach = world.users["coach"]
    MembershipFactory(user=coach, community=world.other_community, role=Role.COMMUNITYCOACH)
    log_in_as(page, live_server, coach)

    page.goto(f"{live_server.url}/")
    quick = page.get_by_role("region", name="Snel vastleggen · De Kade")
    expect(quick).to_be_visible()
    for label in ("Activiteit", "Contact", "Signaal", "Uren"):
        button = quick.get_by_role("link", name=label, exact=True)
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box["y"] + box["height"] <= 844, f"{label} staat onder de vouw ({box})"
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    check_accessibility(page, "start coach (telefoon)")
    screenshot(page, "home-coach-phone")

    # Open a page of Het Anker through the menu of the location; home then offers Het Anker.
    page.goto(f"{live_server.url}/locaties/het-anker/")
    page.goto(f"{live_server.url}/")
    quick = page.get_by_role("region", name="Snel vastleggen · Het Anker")
    expect(quick).to_be_visible()
    quick.get_by_role("link", name="Activiteit", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/locaties/het-anker/activiteiten/nieuw/")

    # Choose another location from the home page itself.
    page.goto(f"{live_server.url}/")
    choice = page.locator("details", has_text="Andere locatie kiezen")
    choice.get_by_text("Andere locatie kiezen").click()
    choice.get_by_role("link", name="De Kade", exact=True).click()
    expect(page.get_by_role("region", name="Snel vastleggen · De Kade")).to_be_visible()


def test_location_menu_compact_on_a_phone_tabs_on_a_desktop(
    phone_page, page, live_server, browser_world
):
    world = browser_world
    log_in_as(phone_page, live_server, world.users["coach"])
    phone_page.goto(f"{live_server.url}/locaties/de-kade/signalen/")
    menu = phone_page.get_by_role("navigation", name="Menu van De Kade")
    summary = menu.locator("summary")
    expect(summary).to_contain_text("De Kade · Signalen")
    expect(menu.get_by_role("link", name="Bewoners")).to_be_hidden()  # folded
    assert phone_page.evaluate(NO_HORIZONTAL_SCROLL)
    summary.click()
    expect(menu.get_by_role("link", name="Bewoners")).to_be_visible()
    check_accessibility(phone_page, "signalen met menu open (telefoon)")
    screenshot(phone_page, "location-menu-phone")
    menu.get_by_role("link", name="Bewoners").click()
    expect(phone_page.get_by_role("heading", level=1, name="Bewoners")).to_be_visible()
    expect(
        phone_page.get_by_role("navigation", name="Menu van De Kade").locator("summary")
    ).to_contain_text("De Kade · Bewoners")

    log_in_as(page, live_server, world.users["coach"])
    page.goto(f"{live_server.url}/locaties/de-kade/uren/")
    tabs = page.get_by_role("navigation", name="Menu van De Kade")
    expect(tabs.locator("summary")).to_be_hidden()
    current = tabs.locator("[aria-current=page]:visible")
    expect(current).to_have_text("Uren")
    tabs.get_by_role("link", name="Veiligheid").click()
    expect(page).to_have_url(f"{live_server.url}/locaties/de-kade/veiligheid/")
    expect(
        page.get_by_role("navigation", name="Menu van De Kade").locator(
            "[aria-current=page]:visible"
        )
    ).to_have_text("Veiligheid")
    check_accessibility(page, "veiligheid met tabs (desktop)")
    screenshot(page, "location-tabs-desktop")
