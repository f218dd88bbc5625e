"""The coach logs an activity with fifteen participants on a 390 × 844 phone: one page, one
submit, the search filter used once, axe-core (WCAG 2.1 AA) passing on the form."""

import datetime
import re

from django.test import Client

from communities import services
from communities.models import Activity
from tests.browser.conftest import check_accessibility, playwright_api, screenshot
from tests.factories import ResidentFactory

expect = playwright_api().expect

NO_HORIZONTAL_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth + 1"


def log_in_as(page, live_server, user):
    """A session made by Django's test client, handed to the browser: this test is about the
    activity form, not the login wizard (tests/browser/test_journeys.py covers that)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def label_of(resident) -> re.Pattern:
    # The participant checkbox's label is "First Last UNIT"; the organiser's is "First Last:
    # organiseerde". Match the first only.
    return re.compile(rf"^{re.escape(str(resident))}( |$)")


def test_coach_logs_fifteen_participants_on_a_phone(phone_page, live_server, browser_world):
    world, page = browser_world, phone_page
    residents = [world.residents["anna"], world.residents["bram"], world.residents["cor"]]
    for index in range(17):
        resident = ResidentFactory(
            community=world.community, first_name=f"Buur{index:02d}", last_name="Testers"
        )
        services.resident_move_in(
            resident=resident, unit=world.units[3 + index % 3], on=datetime.date(2024, 1, 1)
        )
        residents.append(resident)

    log_in_as(page, live_server, world.users["coach"])
    page.goto(f"{live_server.url}/locaties/de-kade/activiteiten/")
    page.get_by_role("link", name="Activiteit vastleggen").first.click()
    expect(page.get_by_role("heading", level=1, name="Activiteit vastleggen")).to_be_visible()
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "het formulier scrollt horizontaal"
    # Sensible defaults: today, the first kind, no typing needed for those.
    expect(page.locator("#id_date")).to_have_value(datetime.date.today().isoformat())
    expect(page.get_by_label("Soort activiteit")).to_have_value(re.compile(r"\d+"))
    check_accessibility(page, "activiteit vastleggen (telefoon)")
    screenshot(page, "activity-form-phone")

    # The filter, once: type part of a name, tick the one match, clear the filter.
    search = page.get_by_label("Zoek een bewoner")
    expect(search).to_be_visible()  # shown by filter-list.js
    search.fill("buur07")
    target = residents[3 + 7]
    rows = page.locator("#bewonerslijst li:visible")
    expect(rows).to_have_count(1)
    page.get_by_label(label_of(target)).check()
    search.fill("")
    expect(page.locator("#bewonerslijst li:visible")).to_have_count(len(residents))

    chosen = [target] + [r for r in residents if r != target][:14]
    for resident in chosen[1:]:
        page.get_by_label(label_of(resident)).check()
    expect(page.locator("[data-count-checked='participants']")).to_have_text("15")

    page.get_by_label("Uren van de coach").fill("1.5")
    # No default for who organised it (a default skewed the share organised by residents).
    page.get_by_role("group", name="Georganiseerd door").get_by_label(
        "Professionals", exact=True
    ).check()
    page.get_by_role("button", name="Opslaan").click()

    expect(page).to_have_url(re.compile(r"/locaties/de-kade/activiteiten/$"))
    expect(page.get_by_role("status")).to_contain_text("met 15 bewoners")
    table = page.get_by_role("table", name="Activiteiten, nieuwste eerst")
    expect(table.get_by_role("link", name="Koffiemoment")).to_be_visible()
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "de lijst scrollt horizontaal"
    check_accessibility(page, "activiteitenlijst (telefoon)")

    activity = Activity.objects.get()
    assert set(activity.participants.all()) == set(chosen)
    assert str(activity.coach_hours) == "1.5"
    assert activity.recorded_by == world.users["coach"]
