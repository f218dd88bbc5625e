"""Login security (issue 5): two-factor login, lockout after failed logins, and the hardened
deployment (Content-Security-Policy, `check --deploy` under the production settings)."""

import os
import re
import secrets
import string
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.core.management import call_command
from django.test import Client
from django.urls import resolve, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from communities.access import (
    ROLE_CAPABILITIES,
    TWO_FACTOR_ROLES,
    Capability,
    requires_two_factor,
)
from communities.constants import Role
from gemengdwonen.charts import CHART_CSS_HEADER, CHART_CSS_PATH, chart_css
from gemengdwonen.login import LoginView
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "test-wachtwoord-123"
IP_A = "203.0.113.10"
IP_B = "203.0.113.20"
LOCKED = "Te veel mislukte pogingen"
DEMO_NOTICE = "Demo-modus: geen tweede inlogstap"


@pytest.fixture
def two_factor_required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def log_in(client, username, password=PASSWORD, **request_extra):
    """The first step of the login wizard (the password)."""
    return client.post(
        reverse("login"),
        {
            "login_view-current_step": "auth",
            "auth-username": username,
            "auth-password": password,
        },
        **request_extra,
    )


def enter_code(client, code, step="token"):
    return client.post(
        reverse("login"), {"login_view-current_step": step, f"{step}-otp_token": code}
    )


def current_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def mark_verified(client, device) -> None:
    """What a finished login wizard leaves in the session, for a client after force_login."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def community_url():
    return reverse("community_detail", kwargs={"slug": "de-kade"})


# --- Who needs the second step -------------------------------------------------------------


def test_the_two_factor_roles_are_the_roles_that_see_care_data_or_signals():
    # The locatiebeheerder opens signal details (debts, threatened eviction) and exports them:
    # with a password only that was a hole (issue 9, item 8).
    assert TWO_FACTOR_ROLES == {
        Role.COMMUNITYCOACH,
        Role.SOCIAAL_BEHEERDER,
        Role.BEGELEIDER,
        Role.LOCATIEBEHEERDER,
    }
    # A role that gains a care-data or signal capability later must join the list.
    care_data = {
        Capability.VIEW_SUPPORT_STATUS,
        Capability.MANAGE_SUPPORT,
        Capability.VIEW_SIGNALS,
        Capability.MANAGE_SIGNALS,
    }
    for role, capabilities in ROLE_CAPABILITIES.items():
        if capabilities & care_data:
            assert role in TWO_FACTOR_ROLES, role


def test_requires_two_factor_per_user(world):
    expected = {
        "coach": True,
        "beheerder": True,
        "begeleider": True,
        "begeleider_anker": True,
        "buitenstaander": True,  # sociaal beheerder of another community
        "locatie": True,
        "bewoner": False,
        "welzijn": False,
        "gemeente": False,
        "stuurgroep": False,
    }
    for username, needed in expected.items():
        assert requires_two_factor(world.users[username]) is needed, username
    assert requires_two_factor(UserFactory(is_staff=True)) is True


@pytest.mark.parametrize("username", ["coach", "beheerder", "begeleider", "locatie"])
def test_care_roles_without_an_app_are_sent_to_the_setup(
    client, world, two_factor_required, username
):
    client.force_login(world.users[username])
    for url in (reverse("home"), community_url(), reverse("resident_list", args=["de-kade"])):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == reverse("two_factor:setup")
    page = client.get(reverse("two_factor:setup"), follow=True)
    body = page.content.decode()
    assert "Inloggen in twee stappen instellen" in body
    assert "Voor uw rol is inloggen in twee stappen verplicht" in body
    assert "Bram" not in body and "Jansen" not in body


def test_care_role_logging_in_with_password_only_gets_no_further_than_the_setup(
    client, world, two_factor_required
):
    response = log_in(client, "coach")
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(community_url()).url == reverse("two_factor:setup")


def test_staff_without_a_role_needs_the_second_step_for_the_admin(client, two_factor_required):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url == reverse("two_factor:setup")


@pytest.mark.parametrize("username", ["gemeente", "welzijn", "stuurgroep"])
def test_the_second_step_is_optional_for_other_roles(client, world, two_factor_required, username):
    client.force_login(world.users[username])
    assert client.get(reverse("home")).status_code == 200
    assert client.get(community_url()).status_code == 200
    assert client.get(reverse("two_factor:profile")).status_code == 200


def test_care_role_with_an_app_but_an_unverified_session_goes_back_to_the_login(
    client, world, two_factor_required
):
    coach = world.users["coach"]
    TOTPDevice.objects.create(user=coach, name="default", confirmed=True)
    client.force_login(coach)
    response = client.get(community_url())
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={community_url()}"


def test_pages_needed_before_the_second_step_stay_open(client, world, two_factor_required):
    client.force_login(world.users["coach"])
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("readyz")).status_code in (200, 503)
    assert client.get(reverse("two_factor:setup")).status_code == 200
    assert client.get(reverse("password_reset")).status_code == 200
    assert client.get(reverse("login")).status_code == 200
    assert client.get("/static/css/app.css").status_code != 302  # not sent to the setup
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and not is_logged_in(client)


def test_login_url_names_all_lead_to_the_wizard():
    assert reverse("login") == reverse("two_factor:login") == "/account/login/"
    assert resolve("/account/login/").func.view_class is LoginView


# --- The wizard: setup, code, backup codes ---------------------------------------------------


def test_setting_up_the_app_verifies_the_session_and_opens_the_pages(
    client, world, two_factor_required
):
    coach = world.users["coach"]
    client.force_login(coach)
    setup = reverse("two_factor:setup")
    response = client.post(setup, {"setup_view-current_step": "welcome"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "QR-code" in body and "geheime sleutel" in body
    secret = client.session["django_two_factor-qr_secret_key"]
    assert secret in body
    # Compute what the authenticator app would show for that secret.
    device = TOTPDevice(user=coach, key=_b32_to_hex(secret))
    response = client.post(
        setup, {"setup_view-current_step": "generator", "generator-token": current_code(device)}
    )
    assert response.status_code == 302 and response.url == reverse("two_factor:setup_complete")
    assert TOTPDevice.objects.filter(user=coach, confirmed=True).count() == 1
    assert client.get(community_url()).status_code == 200
    # Backup codes: reachable now the session is verified; ten new ones on request.
    response = client.post(reverse("two_factor:backup_tokens"))
    assert response.status_code == 302
    page = client.get(reverse("two_factor:backup_tokens")).content.decode()
    assert "Herstelcodes" in page
    assert StaticDevice.objects.get(user=coach).token_set.count() == 10


def test_a_wrong_code_during_setup_is_refused(client, world, two_factor_required):
    client.force_login(world.users["coach"])
    setup = reverse("two_factor:setup")
    client.post(setup, {"setup_view-current_step": "welcome"})
    response = client.post(
        setup, {"setup_view-current_step": "generator", "generator-token": "000000"}
    )
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=world.users["coach"]).exists()


def _b32_to_hex(secret: str) -> str:
    from base64 import b32decode

    return b32decode(secret).hex()


@pytest.fixture
def coach_with_app(world):
    coach = world.users["coach"]
    return TOTPDevice.objects.create(user=coach, name="default", confirmed=True)


def test_login_with_password_and_app_code_reaches_home(
    client, world, two_factor_required, coach_with_app
):
    response = log_in(client, "coach")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Code uit de app" in body and "Stap 2 van 2" in body
    assert not is_logged_in(client)

    response = enter_code(client, current_code(coach_with_app))
    assert response.status_code == 302 and response.url == reverse("home")
    assert is_logged_in(client)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(community_url()).status_code == 200


def test_a_wrong_code_is_refused_in_dutch(client, world, two_factor_required, coach_with_app):
    log_in(client, "coach")
    wrong = f"{(int(current_code(coach_with_app)) + 1) % 1_000_000:06d}"
    response = enter_code(client, wrong)
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert not is_logged_in(client)
    response = enter_code(client, "12ab")
    assert "Een code bestaat uit zes cijfers" in response.content.decode()
    assert not is_logged_in(client)


def test_a_backup_code_works_once(client, world, two_factor_required, coach_with_app):
    coach = world.users["coach"]
    backup = StaticDevice.objects.create(user=coach, name="backup")
    backup.token_set.create(token="herstel1234")

    response = log_in(client, "coach")
    assert "Herstelcode gebruiken" in response.content.decode()
    response = client.post(
        reverse("login"), {"login_view-current_step": "token", "wizard_goto_step": "backup"}
    )
    assert "Vul een van uw herstelcodes in" in response.content.decode()
    response = enter_code(client, "herstel1234", step="backup")
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(community_url()).status_code == 200

    second = Client()
    log_in(second, "coach")
    second.post(
        reverse("login"), {"login_view-current_step": "token", "wizard_goto_step": "backup"}
    )
    response = enter_code(second, "herstel1234", step="backup")
    assert response.status_code == 200
    assert "al gebruikt" in response.content.decode()
    assert not is_logged_in(second)


# --- The demo setting and the production settings --------------------------------------------


def test_the_demo_notice_shows_while_the_second_step_is_optional(client, world, settings):
    settings.TWO_FACTOR_REQUIRED = False
    assert DEMO_NOTICE not in client.get(reverse("login")).content.decode()
    client.force_login(world.users["gemeente"])
    body = client.get(reverse("home")).content.decode()
    assert DEMO_NOTICE in body
    assert reverse("two_factor:profile") in body  # the "Account / beveiliging" link
    settings.TWO_FACTOR_REQUIRED = True
    assert DEMO_NOTICE not in client.get(reverse("home")).content.decode()


def production_env(**extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "TWO_FACTOR", "AXES_", "SECURE_", "DEBUG"))
    }
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env.update(
        DJANGO_SETTINGS_MODULE="gemengdwonen.settings.production",
        SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(50)),
        ALLOWED_HOSTS="example.org",
        DATABASE_URL="sqlite:////tmp/gemengdwonen-check-deploy.sqlite3",
        **extra,
    )
    return env


def run_in_fresh_process(code: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_in_fresh_process(
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')",
        production_env(),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_switch_two_factor_off():
    code = "from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED)"
    result = run_in_fresh_process(code, production_env(TWO_FACTOR_REQUIRED="false"))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "cannot switch it off silently" in result.stderr
    result = run_in_fresh_process(code, production_env())
    assert result.returncode == 0 and result.stdout.strip() == "True", result.stderr


# --- Lockout (django-axes) -------------------------------------------------------------------


def fail(username, times, ip, **extra):
    client = Client()
    responses = [log_in(client, username, "fout", REMOTE_ADDR=ip, **extra) for _ in range(times)]
    return responses[-1]


def logs_in(username, ip, **extra) -> bool:
    client = Client()
    response = log_in(client, username, REMOTE_ADDR=ip, **extra)
    return response.status_code == 302 and is_logged_in(client)


def test_four_failures_do_not_lock(world):
    response = fail("coach", 4, IP_A)
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()
    assert logs_in("coach", IP_A)


def test_five_failures_lock_that_username_from_that_address_only(world):
    response = fail("coach", 5, IP_A)
    assert response.status_code == 429
    body = response.content.decode()
    assert LOCKED in body
    assert "probeer het over 30 minuten opnieuw" in body.lower()
    assert "functioneel beheerder" in body
    # Even the right password is refused now, from that address.
    response = log_in(Client(), "coach", REMOTE_ADDR=IP_A)
    assert response.status_code == 429 and LOCKED in response.content.decode()
    # The same user from another address, and another user from the same address, get in.
    assert logs_in("coach", IP_B)
    assert logs_in("gemeente", IP_A)


def test_forwarded_for_is_ignored_by_default(world, settings):
    assert settings.AXES_IPWARE_META_PRECEDENCE_ORDER == ("REMOTE_ADDR",)
    client = Client()
    for attempt in range(5):
        log_in(
            client, "coach", "fout", REMOTE_ADDR=IP_A, HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}"
        )
    # A fresh forwarded address does not help: the lock is on the real address.
    response = log_in(Client(), "coach", REMOTE_ADDR=IP_A, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {IP_A}


def test_forwarded_for_is_used_when_a_trusted_proxy_is_configured(world, settings):
    # What AXES_TRUST_PROXY=true sets (gemengdwonen/settings/base.py): behind one reverse proxy
    # every request comes from the proxy's address; X-Forwarded-For carries the client's.
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0
    proxy = "10.0.0.2"
    response = fail("coach", 5, proxy, HTTP_X_FORWARDED_FOR=IP_A)
    assert response.status_code == 429
    assert logs_in("coach", proxy, HTTP_X_FORWARDED_FOR=IP_B)
    assert not logs_in("coach", proxy, HTTP_X_FORWARDED_FOR=IP_A)


def test_the_functioneel_beheerder_unlocks_in_the_admin(client, world):
    fail("coach", 5, IP_A)
    assert not logs_in("coach", IP_A)
    assert admin.site.is_registered(AccessAttempt)
    attempt = AccessAttempt.objects.get(username="coach", ip_address=IP_A)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    changelist = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200 and "coach" in changelist.content.decode()
    response = client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert logs_in("coach", IP_A)


def test_unlock_with_the_management_command(world):
    fail("coach", 5, IP_A)
    assert not logs_in("coach", IP_A)
    call_command("axes_reset_username", "coach")
    assert logs_in("coach", IP_A)


def test_one_password_across_many_usernames_locks_the_address(world, settings):
    """Password spraying (issue 9, item 8): one failure each for many usernames never reaches
    the per-username limit, so the address itself is locked once it has tried
    AXES_SPRAYING_USERNAME_LIMIT different usernames; other addresses are not affected."""
    limit = settings.AXES_SPRAYING_USERNAME_LIMIT
    for number in range(limit - 1):
        fail(f"gebruiker{number}", 1, IP_A)
    assert logs_in("coach", IP_A), "below the limit the address is not locked"
    fail("gebruiker-laatste", 1, IP_A)
    response = log_in(Client(), "gemeente", REMOTE_ADDR=IP_A)
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert logs_in("gemeente", IP_B)
    call_command("axes_reset_ip", IP_A)
    assert logs_in("gemeente", IP_A)


def test_one_user_mistyping_does_not_lock_the_address(world):
    fail("coach", 4, IP_A)
    fail("gemeente", 4, IP_A)
    assert logs_in("bewoner", IP_A)


def test_a_successful_login_resets_the_count(world):
    fail("coach", 4, IP_A)
    assert logs_in("coach", IP_A)
    fail("coach", 4, IP_A)
    assert logs_in("coach", IP_A)


# --- Content-Security-Policy ----------------------------------------------------------------


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_every_page_carries_a_strict_policy(client, world):
    pages = [client.get(reverse("login"))]
    client.force_login(world.users["coach"])
    pages += [client.get(reverse("home")), client.get(community_url())]
    for response in pages:
        csp = policy(response)
        assert csp["default-src"] == ["'self'"]
        assert csp["script-src"] == ["'self'"]
        assert csp["style-src"] == ["'self'"]
        assert csp["object-src"] == ["'none'"]
        assert csp["base-uri"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["form-action"] == ["'self'"]
        header = response.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in header and "unsafe-eval" not in header
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline <script>, <style>, style="" and on*=."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src"):
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style>")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.problems.append(f'<{tag} {name}="{value}">')
            if name in ("href", "src", "action") and (value or "").startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:>")

    handle_startendtag = handle_starttag


def inline_code(body: str) -> list[str]:
    parser = InlineCode()
    parser.feed(body)
    return parser.problems


def test_pages_have_no_inline_script_or_style(client, world, coach_with_app):
    pages = {"login": reverse("login"), "lockout": None}
    bodies = {"login": client.get(pages["login"]).content.decode()}
    bodies["lockout"] = fail("gemeente", 5, IP_B).content.decode()
    client.force_login(world.users["coach"])
    mark_verified(client, coach_with_app)
    for name in ("home", "community_list"):
        bodies[name] = client.get(reverse(name)).content.decode()
    bodies["community (chart)"] = client.get(community_url()).content.decode()
    assert "pygal-chart" in bodies["community (chart)"], "the page should show the chart"
    for name in ("profile", "backup_tokens", "disable"):
        response = client.get(reverse(f"two_factor:{name}"))
        assert response.status_code == 200, name
        bodies[name] = response.content.decode()
    client.force_login(world.users["gemeente"])
    bodies["setup"] = client.get(reverse("two_factor:setup")).content.decode()
    problems = {name: inline_code(body) for name, body in bodies.items()}
    assert not any(problems.values()), problems


def test_the_chart_stylesheet_matches_the_chart_style():
    expected = CHART_CSS_HEADER + chart_css()
    assert CHART_CSS_PATH.read_text(encoding="utf-8") == expected, (
        "static/css/charts.css is out of date: regenerate it (see its first lines)"
    )
    assert not re.search(r"#chart-[0-9a-f]", expected)
