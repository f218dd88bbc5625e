"""Every page every demo role can reach fits a 390 × 844 phone (issue 15, item 3).

The demo data is seeded into the live server's database; each demo user then walks the app by
its links from the home page (tests/browser/walk.py: GET only, same origin, no downloads, one
page per URL name, four clicks deep). A page fails when its document is wider than the screen:
the report names the page and the elements that stick out."""

from urllib.parse import urlsplit

import pytest
from django.test import Client

from communities.demo.seed import seed_demo
from communities.models import User
from tests.browser.conftest import PHONE, screenshot
from tests.browser.walk import pattern_of, walk

# Every demo account: the roles of seed_demo and the secretary the governance seeder adds.
DEMO_USERNAMES = [
    "coach",
    "beheerder",
    "locatie",
    "begeleider",
    "bewoner",
    "welzijn",
    "gemeente",
    "stuurgroep",
    "secretaris",
    "privacy",
    "admin",
]
# Pages (URL names) that must be among those walked: the walk itself has to reach them (a link
# broken by a template change would otherwise shrink the test silently). Among them the pages
# issue 15 found too wide (Buurt, Eenheden, Veiligheid) and the tables that became stacked rows.
MUST_VISIT = {
    "beheerder": [
        "home",
        "community_list",
        "community_detail",
        "unit_list",
        "asset_list",
        "safety_overview",
        "imo_overview",
        "imo_vacancies",
        "hours_overview",
    ],
    "gemeente": ["home", "community_detail", "monitor_dashboard"],
    "coach": ["participation", "activity_list"],
}


def sign_in(page, base_url, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )


@pytest.fixture
def demo(transactional_db, live_server):
    seed_demo()
    return live_server


def test_every_page_of_every_demo_role_fits_a_phone(browser, demo):
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    assert set(users) == set(DEMO_USERNAMES), "seed_demo maakte niet elke demogebruiker"
    too_wide, errors, walked = [], [], {}
    try:
        for username in DEMO_USERNAMES:
            sign_in(page, demo.url, users[username])
            result = walk(page, demo.url)
            walked[username] = {pattern_of(urlsplit(url).path) for url in result.visited}
            too_wide += [f"{username}: {finding}" for finding in result.findings]
            errors += [f"{username}: {error}" for error in result.errors]
            if result.findings:
                page.goto(result.findings[0].url)
                screenshot(page, f"te-breed-{username}")
    finally:
        context.close()

    for username, names in MUST_VISIT.items():
        missing = [name for name in names if name not in walked[username]]
        assert not missing, f"{username} bereikte deze pagina's niet: {missing}"
    # Every role reaches more than its home page (the privacy officer and the admin the fewest).
    assert all(len(paths) >= 3 for paths in walked.values()), {u: len(p) for u, p in walked.items()}
    assert not errors, "pagina's met een fout:\n" + "\n".join(errors)
    assert not too_wide, "pagina's breder dan 390 px:\n" + "\n".join(too_wide)
