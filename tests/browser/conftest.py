"""Browser tests: headless Debian Chromium driven through Playwright's sync API.

Outside CI the tests skip when Chromium, Playwright or axe-core is missing; with
REQUIRE_BROWSER=1 (CI) a missing piece fails the run instead.
"""

import json
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# themselves (fixtures, assertions) are still synchronous and safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1, dus dit is een fout)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def playwright_api():
    """playwright.sync_api, or skip (fail in CI) when Playwright is not installed."""
    try:
        from playwright import sync_api
    except ImportError as exc:
        _unavailable(f"Playwright niet geïnstalleerd ({exc}); pip install playwright")
    return sync_api


@pytest.fixture(scope="session")
def browser():
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not Path(executable).is_file():
        _unavailable(
            f"Chromium niet gevonden: {executable} bestaat niet; installeer Debian's chromium "
            "(apt-get install chromium) of zet CHROMIUM_PATH"
        )
    if not AXE_PATH.is_file():
        _unavailable(f"axe-core niet gevonden: {AXE_PATH} ontbreekt; draai `npm ci`")
    with playwright_api().sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _new_page(browser, viewport, **options):
    # bypass_csp: axe is injected as an inline/extra script, which a strict CSP would block.
    context = browser.new_context(
        viewport=viewport,
        bypass_csp=True,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        **options,
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def page(browser):
    context, page = _new_page(browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context, page = _new_page(browser, PHONE, is_mobile=True, has_touch=True)
    yield page
    context.close()


@pytest.fixture
def browser_world(transactional_db, live_server, world):
    """The `world` of tests/conftest.py in a database the live server thread can see."""
    return world


def wait_for_htmx(page) -> None:
    """Wait until no htmx request is in flight. The live server shares one in-memory SQLite
    connection between its threads, so a reload racing an autosave would fail on that, not
    in the product."""
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    page.wait_for_load_state("networkidle")


def check_accessibility(page, label: str = "") -> None:
    """Run axe-core (WCAG 2.1 A/AA) on the current page; fail on serious or critical issues."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_PATH))
    result = page.evaluate(
        """async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})""",
        AXE_TAGS,
    )
    problems = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    if problems:
        lines = [f"axe: {len(problems)} ernstige toegankelijkheidsfout(en) op {label or page.url}"]
        for violation in problems:
            lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
            lines.append(f"  {violation['helpUrl']}")
            for node in violation["nodes"][:10]:
                lines.append(f"    {json.dumps(node['target'])}: {node.get('failureSummary', '')}")
        pytest.fail("\n".join(lines), pytrace=False)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
