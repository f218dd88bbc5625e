"""The gemeente user opens the funding overview and the calculator, on a 390 × 844 phone and on
a desktop, with axe-core checking WCAG 2.1 AA and no sideways scrolling of the page."""

import datetime

import pytest
from django.utils import timezone

from financiering import services
from financiering.constants import AgreementKind, AgreementStatus, Purpose
from tests.browser.conftest import check_accessibility, playwright_api, screenshot
from tests.browser.test_journeys import NO_HORIZONTAL_SCROLL, log_in

expect = playwright_api().expect


@pytest.fixture
def funded_world(browser_world):
    w = browser_world
    year = timezone.localdate().year
    agreement = services.agreement_save(
        by=w.users["beheerder"],
        communities=[w.community],
        title="Meerjarenafspraak De Kade",
        kind=AgreementKind.PROJECT,
        status=AgreementStatus.SIGNED,
        start_date=datetime.date(year - 1, 1, 1),
        end_date=datetime.date(year + 2, 12, 31),
        purposes=[Purpose.COACH, Purpose.CARE_HOURS],
        parties=[w.community.municipality, w.care],
    )
    for y in range(year - 1, year + 3):
        services.contribution_add(
            by=w.users["beheerder"],
            agreement=agreement,
            community=w.community,
            party=w.community.municipality,
            purpose=Purpose.COACH,
            year=y,
            unit="geld",
            value="31.200,00",
        )
    services.contribution_add(
        by=w.users["beheerder"],
        agreement=agreement,
        community=w.community,
        party=w.care,
        purpose=Purpose.CARE_HOURS,
        year=year,
        unit="uren",
        value="12",
    )
    return w


def journey(page, live_server, name):
    log_in(page, live_server, "gemeente")
    page.goto(f"{live_server.url}/locaties/de-kade/")
    page.get_by_role("link", name="Naar de financiering").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Financiering")
    expect(page.locator('[data-test="horizon-years"]')).to_be_visible()
    expect(page.get_by_text("Projectgeld zonder reguliere opvolging")).to_be_visible()
    table = page.locator('[data-test="multi-year"]')
    expect(table).to_contain_text("€ 31.200,00")
    expect(table).to_contain_text("12,0 u/week")
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "het overzicht scrollt zijwaarts"
    check_accessibility(page, "financieringsoverzicht")
    screenshot(page, f"funding-overview-{name}")

    page.get_by_role("link", name="Rekenhulp nieuwe locatie").first.click()
    expect(page.get_by_role("heading", level=1, name="Rekenhulp nieuwe locatie")).to_be_visible()
    expect(page.locator('[data-test="welzijn-result"]')).to_contain_text("€ 3.351.600,00")
    page.get_by_label("Aantal wooneenheden").fill("80")
    page.get_by_label("Fase").select_option(label="Jaar 1")
    page.get_by_label("Verwachte begeleide bewoners").fill("20")
    page.get_by_label("Gemiddeld geïndiceerde uren per week").fill("6")
    page.get_by_role("button", name="Reken uit").first.click()
    result = page.locator('[data-test="planned-result"]')
    expect(result).to_contain_text("= 12,0 u/week")
    expect(result).to_contain_text("12 uur per week")
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "de rekenhulp scrollt zijwaarts"
    check_accessibility(page, "rekenhulp")
    screenshot(page, f"funding-calculator-{name}")


def test_gemeente_on_a_phone(phone_page, live_server, funded_world):
    journey(phone_page, live_server, "phone")


def test_gemeente_on_a_desktop(page, live_server, funded_world):
    journey(page, live_server, "desktop")
