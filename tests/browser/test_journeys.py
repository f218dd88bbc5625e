"""User journeys in a real browser: login, dashboard, community page, recording a move-in;
on desktop and phone, by keyboard, and with axe-core checking WCAG 2.1 AA."""

import re

from django.utils import timezone

from tests.browser.conftest import check_accessibility, playwright_api, screenshot

expect = playwright_api().expect

PASSWORD = "test-wachtwoord-123"
NO_HORIZONTAL_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth + 1"


def log_in(page, live_server, username, *, check=False):
    page.goto(f"{live_server.url}/account/login/")
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    if check:
        check_accessibility(page, "inlogpagina")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goedendag")


def open_de_kade(page):
    page.get_by_role("link", name="De Kade", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/locaties/de-kade/$"))
    expect(page.get_by_role("heading", level=1, name="De Kade")).to_be_visible()


def resident_count(page) -> int:
    stat = page.locator(".border", has=page.get_by_text("Bewoners", exact=True)).locator(".stat")
    return int(stat.inner_text().strip())


def test_coach_journey_on_desktop(page, live_server, browser_world):
    log_in(page, live_server, "coach", check=True)
    check_accessibility(page, "startpagina")

    open_de_kade(page)
    mix_table = page.get_by_role("table", name="Mix per deel van de locatie")
    expect(mix_table).to_be_visible()
    expect(mix_table.get_by_role("rowheader", name="Hele locatie")).to_be_visible()
    expect(page.locator(".chart svg").first).to_be_visible()
    check_accessibility(page, "locatiepagina")
    screenshot(page, "community-detail-desktop")

    page.get_by_role("navigation", name="Menu van De Kade").get_by_role(
        "link", name="Bewoners"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Bewoners")).to_be_visible()
    expect(page.get_by_role("link", name="Cor Bakker")).to_be_visible()
    check_accessibility(page, "bewonerslijst")


def test_coach_journey_on_phone(phone_page, live_server, browser_world):
    page = phone_page
    log_in(page, live_server, "coach", check=True)
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "startpagina scrollt horizontaal op de telefoon"
    check_accessibility(page, "startpagina (telefoon)")

    # The menu is collapsed; open it with the keyboard only.
    menu_link = page.locator("#hoofdmenu").get_by_role("link", name="Locaties")
    expect(menu_link).to_be_hidden()
    toggler = page.locator(".navbar-toggler")
    tab_until(page, toggler)
    page.keyboard.press("Enter")
    expect(menu_link).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    # Bootstrap ignores the toggle while the collapse animation runs; wait until it is done.
    expect(page.locator("#hoofdmenu")).to_have_class(re.compile(r"\bshow\b"))
    page.keyboard.press("Enter")
    expect(menu_link).to_be_hidden()

    open_de_kade(page)
    # A phone shows the narrow rendering of the chart, the wide one is hidden (app.css).
    expect(page.locator(".chart svg.chart-narrow").first).to_be_visible()
    expect(page.locator(".chart svg.chart-wide").first).to_be_hidden()
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "locatiepagina scrollt horizontaal op de telefoon"
    check_accessibility(page, "locatiepagina (telefoon)")
    screenshot(page, "community-detail-phone")


def tab_until(page, locator, *, key="Tab", limit=15):
    """Press Tab (or Shift+Tab) until `locator` has focus; fail if it is not reachable."""
    for _ in range(limit):
        page.keyboard.press(key)
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{locator} is niet met {key} te bereiken")


def assert_in_viewport(page, locator):
    box = locator.bounding_box()
    viewport = page.viewport_size
    assert box is not None, f"{locator} heeft geen afmetingen"
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= viewport["width"], box
    assert box["y"] + box["height"] <= viewport["height"], box


def test_keyboard_skip_link_and_focus_outline(page, live_server, browser_world):
    page.goto(f"{live_server.url}/account/login/")
    skip = page.get_by_role("link", name="Naar de inhoud")
    username = page.get_by_label("Gebruikersnaam")
    if username.evaluate("el => el === document.activeElement"):
        # Django's login form autofocuses the username field, so Tab would go forward to
        # the password; the skip link is then the second stop backwards (after the logo).
        tab_until(page, skip, key="Shift+Tab", limit=2)
    else:
        page.keyboard.press("Tab")
        expect(skip).to_be_focused()
    assert_in_viewport(page, skip)

    # The focused input shows a real outline, not only Bootstrap's faint glow.
    tab_until(page, username)
    outline = username.evaluate(
        "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert outline[0] != "none" and outline[1] != "0px", f"geen zichtbare focusrand: {outline}"

    # After logging in (no autofocus there) the very first Tab lands on the skip link,
    # and following it moves focus to the main content.
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    username.fill("coach")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goedendag")
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    assert_in_viewport(page, skip)
    page.keyboard.press("Enter")
    expect(page.locator("main#inhoud")).to_be_focused()


def test_beheerder_records_move_in(page, live_server, browser_world):
    unit = browser_world.units[4]
    log_in(page, live_server, "beheerder")
    open_de_kade(page)
    before = resident_count(page)

    page.get_by_role("navigation", name="Menu van De Kade").get_by_role(
        "link", name="Bewoners"
    ).click()
    page.get_by_role("link", name="Nieuwe bewoner").click()
    expect(page.get_by_role("heading", level=1, name="Nieuwe bewoner")).to_be_visible()
    check_accessibility(page, "formulier nieuwe bewoner")
    page.get_by_label("Voornaam").fill("Dirk")
    page.get_by_label("Achternaam").fill("Visser")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1, name="Dirk Visser")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Dirk Visser is opgeslagen")

    page.get_by_role("link", name="Intrek vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Intrek vastleggen")
    check_accessibility(page, "formulier intrek")
    page.get_by_label("Wooneenheid").select_option(str(unit.pk))
    page.get_by_label("Datum van intrek").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De intrek van Dirk Visser is vastgelegd")
    expect(page.get_by_text(f"{unit.number} ({unit.section})")).to_be_visible()

    page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name="De Kade").click()
    expect(page.get_by_role("heading", level=1, name="De Kade")).to_be_visible()
    assert resident_count(page) == before + 1
