"""The IMO in a real browser: the sociaal beheerder opens the meeting, records attendance and an
advice; as the corporation's user (the world's beheerder works for the corporation) records the
decision, the handover and the move-in; the community page then shows the changed mix. axe-core
checks the meeting page and the decision page (WCAG 2.1 AA)."""

import re

from django.urls import reverse

from tests.browser.conftest import check_accessibility, playwright_api, screenshot, wait_for_htmx
from tests.test_imo_views import make_scene

expect = playwright_api().expect

PASSWORD = "test-wachtwoord-123"
NO_HORIZONTAL_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth + 1"


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(f"{live_server.url}/")


def test_beheerder_runs_the_meeting_and_the_candidate_moves_in(page, live_server, browser_world):
    scene = make_scene(browser_world)
    sven = scene.sven
    meeting_path = reverse("imo_meeting", kwargs={"slug": "de-kade", "pk": scene.meeting.pk})

    log_in(page, live_server, "beheerder")
    page.goto(f"{live_server.url}{meeting_path}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("IMO van")
    for number in range(8):
        expect(page.locator(f"#punt-{number}")).to_be_visible()
    expect(page.get_by_text("Let op: duwt de mix uit de band")).to_be_visible()
    check_accessibility(page, "IMO-overleg")
    screenshot(page, "imo-meeting-desktop")

    # Attendance: one radio group per attendee, saved in one go.
    page.get_by_role("group", name=re.compile(r"^Beheerder Medewerker")).get_by_label(
        "Aanwezig", exact=True
    ).check()
    page.get_by_role("group", name=re.compile(r"^Bewoner Medewerker")).get_by_label(
        "Afgemeld", exact=True
    ).check()
    page.get_by_role("button", name="Aanwezigheid opslaan").click()
    expect(page.get_by_text("De aanwezigheid is opgeslagen.")).to_be_visible()
    attendance = dict(scene.meeting.attendees.values_list("user__username", "attendance"))
    assert attendance["beheerder"] == "aanwezig" and attendance["bewoner"] == "afgemeld"

    # The advice on Sven (point 6).
    advice = page.locator(f"#advies-{sven.pk}")
    advice.get_by_label("Positief").check()
    advice.get_by_label("Voorwaarden voor een zachte landing").fill(
        "Wekelijks contact met de begeleider"
    )
    advice.get_by_label("Toelichting").fill("Sterke motivatie, goed vangnet.")
    advice.get_by_role("button", name=re.compile("Advies opslaan")).click()
    # Saved in place (htmx): the page stays, the time of saving shows.
    expect(advice.get_by_role("status")).to_contain_text("opgeslagen om")
    wait_for_htmx(page)
    page.reload()
    expect(page.locator(f"#advies-{sven.pk}").get_by_label("Toelichting")).to_have_value(
        "Sterke motivatie, goed vangnet."
    )
    check_accessibility(page, "IMO-overleg na advies")

    # The corporation's decision, the handover and the move-in.
    page.locator(f"#advies-{sven.pk}").get_by_role(
        "link", name=re.compile("Naar het besluit van de corporatie")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Besluit van de corporatie")
    check_accessibility(page, "besluit corporatie")
    page.get_by_label("Toegewezen", exact=True).check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Het besluit is vastgelegd.")).to_be_visible()

    page.get_by_label("Contactpersoon welkomstcommissie").select_option(
        label="Bewoner Medewerker (Org bewoner)"
    )
    page.get_by_label("Afspraken").fill("Koffie bij de buren op zaterdag.")
    page.get_by_role("button", name="Overdracht vastleggen").click()
    expect(
        page.get_by_text("De overdracht aan de welkomstcommissie is vastgelegd.")
    ).to_be_visible()

    page.get_by_role("button", name="Intrek vastleggen").click()
    expect(page).to_have_url(re.compile(r"/locaties/de-kade/$"))
    expect(page.get_by_text("Sven Visser is ingetrokken.")).to_be_visible()
    mix_table = page.get_by_role("table", name="Mix per deel van de locatie")
    expect(mix_table.get_by_role("row", name=re.compile("Hele locatie"))).to_contain_text("42,9%")
    screenshot(page, "imo-after-move-in")


def test_meeting_page_on_a_phone(phone_page, live_server, browser_world):
    scene = make_scene(browser_world)
    page = phone_page
    log_in(page, live_server, "beheerder")
    page.goto(
        f"{live_server.url}"
        + reverse("imo_meeting", kwargs={"slug": "de-kade", "pk": scene.meeting.pk})
    )
    expect(page.locator("#punt-6")).to_be_visible()
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "IMO-overleg scrollt horizontaal op de telefoon"
    check_accessibility(page, "IMO-overleg (telefoon)")
    screenshot(page, "imo-meeting-phone")


def test_nothing_typed_on_the_meeting_page_is_lost(page, live_server, browser_world):
    """Minutes typed for one point survive saving another: each field saves itself on leaving
    it, and saving one form does not reload the page over the other."""
    scene = make_scene(browser_world)
    log_in(page, live_server, "beheerder")
    page.goto(
        f"{live_server.url}"
        + reverse("imo_meeting", kwargs={"slug": "de-kade", "pk": scene.meeting.pk})
    )
    expect(page.get_by_role("navigation", name="Agendapunten")).to_be_visible()
    first = page.get_by_label("Verslag bij punt 1", exact=True)
    first.fill("Woning B9 komt vrij.")
    second = page.locator(f"#advies-{scene.sven.pk}").get_by_label("Toelichting")
    second.fill("Goed vangnet.")  # leaving point 1 for this field saves point 1
    page.locator(f"#advies-{scene.sven.pk}").get_by_label("Positief").check()
    page.locator(f"#advies-{scene.sven.pk}").get_by_role(
        "button", name=re.compile("Advies opslaan")
    ).click()
    expect(page.locator("#note-1-status")).to_contain_text("opgeslagen om")
    expect(page.locator(f"#advice-{scene.sven.pk}-status")).to_contain_text("opgeslagen om")

    notes = dict(scene.meeting.notes.values_list("point", "text"))
    assert notes[1] == "Woning B9 komt vrij."
    advice = scene.meeting.advices.get(candidate=scene.sven)
    assert advice.rationale == "Goed vangnet." and advice.kind == "positief"

    # Saved again after a change: the version moved on, no false conflict.
    first.fill("Woning B9 komt vrij per vandaag.")
    second.focus()
    expect(page.locator("#note-1-status")).to_contain_text("opgeslagen om")
    wait_for_htmx(page)
    page.reload()
    expect(page.get_by_label("Verslag bij punt 1", exact=True)).to_have_value(
        "Woning B9 komt vrij per vandaag."
    )
    screenshot(page, "imo-meeting-autosave")
