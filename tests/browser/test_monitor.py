"""The monitor in a real browser: the residents' survey on a 390 × 844 phone without an account
(a second answer with the same link is refused), and the dashboard on desktop and phone with
axe-core and screenshots."""

from monitor import survey
from monitor.constants import DEFAULT_OPEN_QUESTION, DEFAULT_STATEMENTS
from monitor.models import SurveyResponse
from monitor.selectors import trend_months
from monitor.snapshots import snapshot_take
from tests.browser.conftest import check_accessibility, playwright_api, screenshot
from tests.browser.test_journeys import NO_HORIZONTAL_SCROLL, log_in

expect = playwright_api().expect


def _fill(page):
    for group in page.locator("fieldset").all():
        group.get_by_label("4 – eens").check()
    page.get_by_label(DEFAULT_OPEN_QUESTION).fill("Een moestuin op het dak.")


def test_survey_on_a_phone_without_an_account(phone_page, browser, live_server, browser_world):
    item = survey.survey_create(
        community=browser_world.community,
        year=2026,
        statements=list(DEFAULT_STATEMENTS),
        open_question=DEFAULT_OPEN_QUESTION,
        by=None,
    )
    token = survey.tokens_issue(survey=item, count=1)[0]
    url = f"{live_server.url}/enquete/{token}/"
    page = phone_page
    page.goto(url)
    expect(page.get_by_role("heading", level=1, name="Hoe woont u hier?")).to_be_visible()
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "de enquête scrollt horizontaal op de telefoon"
    check_accessibility(page, "enquête")
    # Submitting with a missing answer keeps the page with a Dutch error.
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_text("Kies een antwoord.").first).to_be_visible()
    # A second tab with the same link, opened before the first answer is sent.
    second = page.context.new_page()
    second.goto(url)
    _fill(page)
    screenshot(page, "survey-phone")
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", name="Bedankt voor uw antwoorden")).to_be_visible()
    _fill(second)
    second.get_by_role("button", name="Versturen").click()
    expect(second.get_by_role("heading", name="Met deze link is al geantwoord")).to_be_visible()
    page.goto(url)
    expect(page.get_by_role("heading", name="Met deze link is al geantwoord")).to_be_visible()
    assert SurveyResponse.objects.count() == 1


def _snapshots(world):
    from django.utils import timezone

    for month in trend_months(until=timezone.localdate(), months=6):
        snapshot_take(community=world.community, month=month)


def test_dashboard_on_desktop_and_phone(page, phone_page, live_server, browser_world):
    _snapshots(browser_world)
    log_in(page, live_server, "gemeente")
    page.get_by_role("link", name="Monitor", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Monitor")
    grid = page.get_by_role("table", name="Locaties met de status per ingrediënt")
    expect(grid).to_be_visible()
    check_accessibility(page, "monitor desktop")
    screenshot(page, "monitor-dashboard-desktop")
    grid.get_by_role("link", name="De Kade, 2. Passende mix: Actie nodig").click()
    expect(page.get_by_role("heading", level=1, name="Monitor De Kade")).to_be_visible()
    expect(page.get_by_text("Actie nodig door: Mix begeleid")).to_be_visible()
    check_accessibility(page, "monitor locatie")

    log_in(phone_page, live_server, "gemeente")
    phone_page.goto(f"{live_server.url}/monitor/")
    expect(phone_page.get_by_role("heading", level=3, name="De Kade")).to_be_visible()
    assert phone_page.evaluate(NO_HORIZONTAL_SCROLL), "de monitor scrollt horizontaal"
    check_accessibility(phone_page, "monitor telefoon")
    screenshot(phone_page, "monitor-dashboard-phone")


def test_coach_pages_of_the_monitor_are_accessible(page, live_server, browser_world):
    log_in(page, live_server, "coach")
    page.goto(f"{live_server.url}/locaties/de-kade/monitor/")
    expect(page.get_by_role("heading", level=1, name="Monitor De Kade")).to_be_visible()
    check_accessibility(page, "monitor locatie (coach)")
    page.get_by_role("link", name="Normen van deze locatie").click()
    expect(page.get_by_role("heading", level=1, name="Normen van de monitor")).to_be_visible()
    check_accessibility(page, "normen")
    page.goto(f"{live_server.url}/locaties/de-kade/monitor/enquete/")
    check_accessibility(page, "enquête beheren")
    page.get_by_role("button", name="Enquête aanmaken").click()
    expect(page.get_by_role("link", name="Links en QR-codes maken")).to_be_visible()
    page.get_by_role("link", name="Links en QR-codes maken").click()
    page.get_by_label("Aantal links").fill("2")
    page.get_by_role("button", name="Links maken").click()
    expect(page.locator(".qr svg")).to_have_count(2)
    check_accessibility(page, "links om af te drukken")


def test_the_municipality_process_view_on_desktop_and_phone(
    page, phone_page, live_server, browser_world
):
    """Issue 15 item 7: from the start page to the municipality's IMO process, readable and
    axe-clean at 1280 and at 390 px, hidden figures with the words why."""
    log_in(page, live_server, "gemeente")
    page.get_by_role(
        "link", name=f"Procesmonitor {browser_world.community.municipality.name}"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("IMO en voorkomen")
    expect(page.get_by_role("heading", name="Per kwartaal", exact=False)).to_be_visible()
    check_accessibility(page, "procesmonitor gemeente")
    screenshot(page, "monitor-municipality-desktop")
    url = page.url

    log_in(phone_page, live_server, "gemeente")
    phone_page.goto(url)
    expect(phone_page.get_by_role("heading", name="Per jaar")).to_be_visible()
    assert phone_page.evaluate(NO_HORIZONTAL_SCROLL), "de procesmonitor scrollt horizontaal"
    check_accessibility(phone_page, "procesmonitor gemeente telefoon")
    screenshot(phone_page, "monitor-municipality-phone")
