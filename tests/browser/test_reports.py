"""The annual report in a real browser: the stuurgroep asks for last year's report on a 390 px
phone, the status fragment (htmx) shows the version without a reload, and the page passes
axe-core; the kerngroep's text form on desktop."""

from django.utils import timezone

from reports.models import ReportVersion
from tests.access_rows.reports import stuurgroep_of
from tests.browser.conftest import check_accessibility, playwright_api, screenshot
from tests.browser.test_journeys import NO_HORIZONTAL_SCROLL, log_in
from tests.factories_governance import kerngroep_with

expect = playwright_api().expect


def test_the_stuurgroep_asks_for_the_report_on_a_phone(
    phone_page, live_server, browser_world, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    stuurgroep_of(browser_world)
    page = phone_page
    log_in(page, live_server, "stuurgroep")
    year = timezone.localdate().year - 1
    page.goto(f"{live_server.url}/locaties/de-kade/jaarverslag/{year}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Jaarverslag {year}")
    expect(page.get_by_text("Nog niet aangevraagd")).to_be_visible()
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "de pagina scrollt horizontaal op de telefoon"
    check_accessibility(page, "jaarverslag")
    url_before = page.url
    page.get_by_role("button", name=f"Jaarverslag {year} maken").click()
    # htmx swaps the status in place (no reload); without a broker the task ran in-process.
    expect(page.get_by_text("Versie 1", exact=True)).to_be_visible(timeout=60_000)
    assert page.url == url_before
    expect(page.get_by_role("link", name="Downloaden (pdf)")).to_be_visible()
    screenshot(page, "jaarverslag-phone")
    check_accessibility(page, "jaarverslag na het maken")
    assert ReportVersion.objects.count() == 1


def test_the_kerngroep_writes_the_foreword(page, live_server, browser_world, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    kerngroep_with(browser_world.community, secretary=browser_world.users["coach"])
    log_in(page, live_server, "coach")
    year = timezone.localdate().year - 1
    page.goto(f"{live_server.url}/locaties/de-kade/jaarverslag/{year}/")
    page.get_by_role("textbox", name="Voorwoord").fill(
        "Een jaar waarin de ontmoetingsruimte openging."
    )
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.get_by_text("Concept opgeslagen")).to_be_visible()
    expect(page.get_by_role("textbox", name="Voorwoord")).to_have_value(
        "Een jaar waarin de ontmoetingsruimte openging."
    )
    check_accessibility(page, "jaarverslag, tekst")
    screenshot(page, "jaarverslag-desktop")
