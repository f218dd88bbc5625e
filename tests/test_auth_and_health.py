import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def login_data(username: str, password: str) -> dict:
    return {
        "login_view-current_step": "auth",
        "auth-username": username,
        "auth-password": password,
    }


def test_healthz_answers_without_touching_database_or_broker(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_checks_database_and_storage(client, settings, tmp_path):
    settings.CELERY_BROKER_URL = ""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "storage": "ok"}
    assert list((tmp_path / "private").iterdir()) == []  # the probe file is gone


def test_readyz_reports_an_unreachable_broker(client, settings, tmp_path):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["broker"] == "error"
    assert response.json()["database"] == "ok"


def test_readyz_reports_storage_that_cannot_be_written(client, settings, tmp_path):
    settings.CELERY_BROKER_URL = ""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.PRIVATE_MEDIA_ROOT = blocker / "private"
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "storage": "error"}


def test_readyz_checks_the_configured_broker(client, settings, tmp_path):
    import os

    url = os.environ.get("CELERY_BROKER_URL")
    if not url:
        pytest.skip("no broker configured in this run (the PostgreSQL + Redis run checks it)")
    settings.CELERY_BROKER_URL = url
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json()["broker"] == "ok"


def test_login_page_is_dutch_and_logs_in(client, world):
    response = client.get(reverse("login"))
    body = response.content.decode()
    assert "Inloggen" in body and "Gebruikersnaam" in body and "Wachtwoord" in body
    # The login page is django-two-factor-auth's wizard: its fields carry the step as a prefix.
    response = client.post(reverse("login"), login_data("coach", "test-wachtwoord-123"))
    assert response.status_code == 302 and response.url == reverse("home")


def test_wrong_password_gets_a_dutch_error(client, world):
    response = client.post(reverse("login"), login_data("coach", "fout"))
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()


def test_logout_needs_post(client, world):
    client.force_login(world.users["coach"])
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_reset_sends_a_dutch_mail(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": world.users["coach"].email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "Nieuw wachtwoord" in mail.outbox[0].subject
    assert "/account/reset/" in mail.outbox[0].body


def test_password_reset_for_an_unknown_address_tells_nothing(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "onbekend@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


def test_password_reset_mails_are_limited_per_address(
    client, world, settings, django_capture_on_commit_callbacks
):
    """Issue 9, item 16: twenty requests in a row used to send twenty mails. After the limit
    for one e-mail address no more mail goes out, and the answer stays the same."""
    email = world.users["coach"].email
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(20):
            # From twenty addresses, so that only the limit per e-mail address applies.
            response = client.post(
                reverse("password_reset"), {"email": email}, REMOTE_ADDR=f"203.0.113.{number}"
            )
            assert response.status_code == 302
            assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == settings.PASSWORD_RESET_PER_EMAIL_LIMIT
    # Another account still gets its mail.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": world.users["beheerder"].email})
    assert len(mail.outbox) == settings.PASSWORD_RESET_PER_EMAIL_LIMIT + 1


def test_password_reset_requests_are_limited_per_client_address(
    client, world, settings, django_capture_on_commit_callbacks
):
    """One address asking for many different accounts is stopped with a Dutch 429 page; another
    address can still ask."""
    limit = settings.PASSWORD_RESET_PER_ADDRESS_LIMIT
    for number in range(limit):
        response = client.post(
            reverse("password_reset"),
            {"email": f"iemand{number}@example.org"},
            REMOTE_ADDR="203.0.113.7",
        )
        assert response.status_code == 302
    response = client.post(
        reverse("password_reset"), {"email": world.users["coach"].email}, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 429
    assert "Te veel aanvragen" in response.content.decode()
    assert len(mail.outbox) == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("password_reset"),
            {"email": world.users["coach"].email},
            REMOTE_ADDR="203.0.113.8",
        )
    assert response.status_code == 302 and len(mail.outbox) == 1


def test_pages_and_downloads_for_a_logged_in_user_are_not_cached(client, world):
    """Issue 9, item 14 (every page of the access matrix checks it too)."""
    client.force_login(world.users["coach"])
    for url in (reverse("home"), reverse("resident_list", args=["de-kade"])):
        assert "no-store" in client.get(url)["Cache-Control"]


def test_password_reset_with_the_mail_server_down_shows_no_error(
    client, world, settings, django_capture_on_commit_callbacks
):
    from outbox.models import Mail

    settings.EMAIL_BACKEND = "tests.fault_mail.DownBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": world.users["coach"].email})
    assert response.status_code == 302
    failed = Mail.objects.get()
    assert failed.status == "mislukt" and failed.purpose == "wachtwoord"
    assert "SMTPServerDisconnected" in failed.reason


def test_session_expires_after_inactivity(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 60 * 60


def test_an_english_browser_still_gets_dutch(client, world):
    client.force_login(world.users["coach"])
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "nl"
    response = client.post(reverse("resident_create", kwargs={"slug": "de-kade"}), {})
    assert response.status_code == 403  # the coach may not; the refusal page is Dutch
    assert "Geen toegang" in response.content.decode()


def test_the_language_cookie_chooses_english(client, world, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("login"))
    assert response.headers["Content-Language"] == "en"
