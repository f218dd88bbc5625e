"""The kerngroep secretary's journey on a phone (390 px): plan a meeting whose agenda already
holds the approval of the last minutes and the open action items, approve those minutes, record
attendance, minutes and a decision with its number, make the agenda PDF (a task) and download
it. A member of another community's kerngroep then sees none of it. axe-core checks the pages
(WCAG 2.1 AA) and no page scrolls sideways."""

import datetime

from django.urls import reverse
from django.utils import timezone

from governance import services
from tests.browser.conftest import check_accessibility, playwright_api, screenshot
from tests.browser.test_imo_journey import NO_HORIZONTAL_SCROLL, log_in
from tests.factories_governance import SYSTEM, ActionItemFactory, MeetingFactory, kerngroep_with

expect = playwright_api().expect


def test_secretary_prepares_and_records_a_meeting(
    phone_page, live_server, browser_world, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    world = browser_world
    page = phone_page
    coach = world.users["coach"]
    body = kerngroep_with(
        world.community, secretary=coach, members=[world.users["begeleider"]],
        without_vote=[world.users["bewoner"]],
    )  # fmt: skip
    kerngroep_with(world.other_community, secretary=world.users["buitenstaander"])
    today = timezone.localdate()
    earlier = MeetingFactory(
        body=body,
        starts_at=timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=60), datetime.time(19))
        ),
    )
    services.minutes_save(
        meeting=earlier, general="Concept van de vorige keer", texts={}, actor=SYSTEM
    )
    ActionItemFactory(
        body=body, owner=body.members.get(user=world.users["begeleider"]),
        title="Cijfers begeleidingsuren aanleveren", due_on=today - datetime.timedelta(days=5),
    )  # fmt: skip

    log_in(page, live_server, "coach")
    page.get_by_role("link", name=body.name).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(body.name)
    check_accessibility(page, "overleg")

    page.get_by_role("link", name="Vergadering plannen").click()
    day = today + datetime.timedelta(days=14)
    page.get_by_label("Datum").fill(day.isoformat())
    page.get_by_label("Begintijd").fill("19:30")
    page.get_by_label("Eindtijd").fill("21:30")
    page.get_by_label("Plaats").fill("Ontmoetingsruimte")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De vergadering is gepland.")).to_be_visible()
    agenda = page.locator("#agenda")
    expect(agenda).to_contain_text(
        f"Vaststellen notulen van {(today - datetime.timedelta(days=60)).strftime('%d-%m-%Y')}"
    )
    expect(agenda).to_contain_text("Actiepunt: Cijfers begeleidingsuren aanleveren")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    check_accessibility(page, "vergadering")
    screenshot(page, "governance-meeting-phone")

    agenda.get_by_role("button", name="Notulen vaststellen").click()
    expect(page.get_by_text("De notulen zijn vastgesteld.")).to_be_visible()

    page.get_by_role("link", name="Agendapunt toevoegen").click()
    page.get_by_label("Agendapunt").fill("Jaarplan 2027")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#agenda")).to_contain_text("Jaarplan 2027")

    page.get_by_role("link", name="Aanwezigheid vastleggen").click()
    page.get_by_role("group", name="Bewoner Medewerker").get_by_label("Afgemeld").check()
    page.get_by_role("button", name="Aanwezigheid opslaan").click()
    expect(page.get_by_text("quorum gehaald")).to_be_visible()

    page.get_by_role("link", name="Notulen schrijven").click()
    page.get_by_label("Algemeen").fill("Iedereen welkom; de agenda is vastgesteld.")
    page.get_by_label("Jaarplan 2027").fill("Het jaarplan is besproken.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#notulen")).to_contain_text("Het jaarplan is besproken.")

    page.get_by_role("link", name="Besluit vastleggen").click()
    page.get_by_label("Besluit").fill("Jaarplan 2027 vastgesteld")
    page.get_by_role("button", name="Opslaan").click()
    code = f"KG-{day.year}-01"
    expect(page.get_by_text(f"Besluit {code} is vastgelegd.")).to_be_visible()
    expect(page.locator("#besluiten")).to_contain_text(f"{code} Jaarplan 2027 vastgesteld")

    page.get_by_role("button", name="PDF van agenda maken").click()
    expect(page.get_by_text("Het document wordt gemaakt.")).to_be_visible()
    page.reload()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="agenda downloaden (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert open(download.path(), "rb").read(4) == b"%PDF"
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    check_accessibility(page, "vergadering na afloop")

    meeting_path = page.url.split("#")[0].removeprefix(live_server.url)
    page.context.clear_cookies()
    log_in(page, live_server, "buitenstaander")
    response = page.goto(f"{live_server.url}{meeting_path}")
    assert response.status == 404
    expect(page.get_by_text("Jaarplan 2027")).to_have_count(0)
    response = page.goto(f"{live_server.url}{reverse('governance_body', args=[body.pk])}")
    assert response.status == 404
