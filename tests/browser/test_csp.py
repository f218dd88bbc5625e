"""The Content-Security-Policy in a real browser. The other browser tests run with bypass_csp
(axe-core is injected as a script); these do not, so anything the strict policy blocks (an
inline <style> in a chart, an inline script, htmx's injected indicator CSS) shows up as a
violation here. They also walk the two-factor login and setup pages in the browser."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import DESKTOP, playwright_api

expect = playwright_api().expect

PASSWORD = "test-wachtwoord-123"
# Collects every violation the page reports; runs before the page's own scripts.
LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(
    `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def strict_page(browser):
    context = browser.new_context(
        viewport=DESKTOP, locale="nl-NL", timezone_id="Europe/Amsterdam", bypass_csp=False
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.add_init_script(LISTEN)
    messages = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    return context, page, messages


def assert_no_violations(page, messages, label):
    violations = page.evaluate("() => window.__cspViolations || []")
    assert not violations and not messages, f"CSP op {label}: {violations} {messages}"


def code_for(device: TOTPDevice) -> str:
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{value:0{device.digits}d}"


def test_two_factor_login_and_the_chart_page_under_the_strict_policy(
    browser, live_server, browser_world, settings
):
    settings.TWO_FACTOR_REQUIRED = True
    coach = browser_world.users["coach"]
    device = TOTPDevice.objects.create(user=coach, name="default", confirmed=True)
    context, page, messages = strict_page(browser)
    try:
        response = page.goto(f"{live_server.url}/account/login/")
        header = response.headers["content-security-policy"]
        assert "script-src 'self'" in header and "unsafe-inline" not in header
        page.get_by_label("Gebruikersnaam").fill("coach")
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_label("Code uit de app")).to_be_visible()
        assert_no_violations(page, messages, "inlogpagina")

        page.get_by_label("Code uit de app").fill(code_for(device))
        page.get_by_role("button", name="Controleren").click()
        expect(page).to_have_url(f"{live_server.url}/")
        assert_no_violations(page, messages, "startpagina")

        page.goto(f"{live_server.url}/locaties/de-kade/")
        chart = page.locator(".chart svg.pygal-chart").first
        expect(chart).to_be_visible()
        # The chart's look comes from static/css/charts.css: without it the lines would be
        # filled black shapes.
        fill = chart.locator("path.nofill").first.evaluate("(el) => getComputedStyle(el).fill")
        assert fill == "none", fill
        assert_no_violations(page, messages, "locatiepagina met grafiek")

        page.get_by_role("link", name="Account / beveiliging").click()
        expect(page.get_by_role("heading", level=1, name="Account en beveiliging")).to_be_visible()
        page.get_by_role("link", name="Herstelcodes bekijken of nieuwe aanmaken").click()
        page.get_by_role("button", name="Nieuwe herstelcodes aanmaken").click()
        expect(page.locator(".backup-codes li")).to_have_count(10)
        assert_no_violations(page, messages, "herstelcodes")
    finally:
        context.close()


def test_the_setup_page_and_its_qr_code_under_the_strict_policy(
    browser, live_server, browser_world
):
    context, page, messages = strict_page(browser)
    try:
        page.goto(f"{live_server.url}/account/login/")
        page.get_by_label("Gebruikersnaam").fill("gemeente")
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        expect(page).to_have_url(f"{live_server.url}/")
        expect(page.get_by_text("Demo-modus: geen tweede inlogstap")).to_be_visible()
        page.get_by_role("link", name="Instellen (tweede inlogstap)").click()
        page.get_by_role("link", name="Inloggen in twee stappen instellen").click()
        page.get_by_role("button", name="Volgende").click()
        qr = page.get_by_role("img", name="QR-code voor de authenticator-app")
        expect(qr).to_be_visible()
        # decode() waits until the image has loaded (and fails if it cannot be shown).
        assert qr.evaluate("(img) => img.decode().then(() => img.naturalWidth)") > 0
        assert_no_violations(page, messages, "instellen tweede stap")
    finally:
        context.close()
