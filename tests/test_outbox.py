"""The outbox: work recorded with a change waits when the broker does not take it, the page
says so, the sweeper hands it over again exactly once; mail goes out per recipient with bounded
retries, and what finally fails is listed, with the reason, for the functioneel beheerder.

These run in every configuration: the "broker" that is down is a closed port, and without a
broker the tasks run in-process. tests/test_faults.py does the same against a real Redis and a
real worker process."""

import datetime
import re
import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from gemengdwonen.celery import app
from imo import services_agenda
from imo.constants import AgendaStatus
from imo.models import Participation
from outbox import selectors
from outbox.constants import JobStatus, MailStatus
from outbox.models import Job, Mail
from outbox.services import (
    Message,
    job_enqueue,
    mail_enqueue,
    mail_retry_delay,
    mails_resend,
    outbox_sweep,
)
from tests.factories import AttendeeFactory, CandidateFactory, UserFactory
from tests.fault_mail import REFUSED_DOMAIN, DownBackend
from tests.test_imo_services import build_world, plan_march_meeting

# Nothing listens here: connecting is refused at once.
CLOSED_BROKER = "redis://127.0.0.1:6390/0"


@pytest.fixture
def broker_down(monkeypatch):
    """Celery hands tasks to a broker that does not answer (instead of running them in-process).
    The environment variable wins over the app's configuration in Celery, so both are set."""
    monkeypatch.setenv("CELERY_BROKER_URL", CLOSED_BROKER)
    monkeypatch.setitem(app.conf, "broker_url", CLOSED_BROKER)
    monkeypatch.setitem(app.conf, "task_always_eager", False)


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def world(db):
    return build_world()


def later(minutes: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(minutes=minutes)


def meeting_url(meeting) -> str:
    return reverse("imo_meeting", args=(meeting.community.slug, meeting.pk))


# --- jobs ----------------------------------------------------------------------------------------


def test_broker_down_the_agenda_request_succeeds_and_waits_then_the_sweeper_finishes_it(
    client, world, private_root, broker_down, django_capture_on_commit_callbacks
):
    meeting = plan_march_meeting(world)
    client.force_login(world.users["beheerder"])
    url = reverse("imo_agenda_regenerate", args=(world.community.slug, meeting.pk))
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert time.monotonic() - started < 10  # a dead broker costs seconds, not a hung request
    meeting.refresh_from_db()
    assert meeting.agenda_status == AgendaStatus.QUEUED
    job = Job.objects.get()
    assert job.status == JobStatus.WAITING and job.attempts == 1
    assert job.task == "imo.tasks.agenda_generate" and job.kwargs == {"meeting_id": meeting.pk}
    assert "Error" in job.last_error or "refused" in job.last_error.lower()

    page = client.get(meeting_url(meeting)).content.decode()
    assert "Wacht op verwerking" in page and "vanzelf opnieuw aangeboden" in page
    status = client.get(reverse("imo_agenda_status", args=(world.community.slug, meeting.pk)))
    assert "Wacht op verwerking" in status.content.decode()

    # Still down: the sweeper tries, nothing changes, nothing breaks.
    result = outbox_sweep(now=later(10))
    assert (result.dispatched, result.still_waiting) == (0, 1)

    # The broker is back (in-process here): the next sweep runs it, the one after does nothing.
    app.conf.task_always_eager = True
    assert outbox_sweep(now=later(20)).dispatched == 1
    assert outbox_sweep(now=later(30)).dispatched == 0
    meeting.refresh_from_db()
    assert meeting.agenda_status == AgendaStatus.DONE
    names = sorted(p.name for p in (private_root / "imo/agenda/de-kade").iterdir())
    assert [name.split("-")[:2] for name in names] == [
        [str(meeting.pk), "professional"],
        [str(meeting.pk), "resident"],
    ]
    assert Job.objects.get().status == JobStatus.QUEUED
    assert "Wacht op verwerking" not in client.get(meeting_url(meeting)).content.decode()


def test_a_job_on_its_way_is_not_called_waiting_nor_swept(
    world, broker_down, django_capture_on_commit_callbacks
):
    meeting = plan_march_meeting(world)
    with django_capture_on_commit_callbacks(execute=False):
        services_agenda.agenda_request_regeneration(meeting=meeting)
    key = services_agenda.agenda_job_key(meeting=meeting)
    # Recorded a moment ago, hand-off not tried yet: "in de wachtrij", not "wacht".
    assert not selectors.job_waiting(key=key)
    assert outbox_sweep().dispatched == 0 and Job.objects.get().attempts == 0
    assert selectors.keys_waiting(keys=[key, "other"]) == set()


def test_pressing_twice_while_the_broker_is_down_records_one_job(
    world, broker_down, django_capture_on_commit_callbacks
):
    meeting = plan_march_meeting(world)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services_agenda.agenda_request_regeneration(meeting=meeting)
    assert Job.objects.count() == 1
    assert Job.objects.get().attempts == 2


def test_a_rolled_back_change_records_no_job(world, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                job_enqueue(task="outbox.tasks.outbox_sweep", kwargs={}, key="x")
                raise RuntimeError("the change fails")
        except RuntimeError:
            pass
    assert callbacks == [] and not Job.objects.exists()


def test_an_unknown_task_stays_waiting_with_the_reason(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job_enqueue(task="no.such.task", kwargs={}, key="x")
    job = Job.objects.get()
    assert job.status == JobStatus.WAITING and "no.such.task" in job.last_error


def test_the_sweeper_removes_old_handed_over_jobs_and_sent_mails(db):
    old = timezone.now() - datetime.timedelta(days=40)
    Job.objects.create(task="t", status=JobStatus.QUEUED, dispatched_at=old)
    Job.objects.create(task="t", status=JobStatus.QUEUED, dispatched_at=timezone.now())
    Mail.objects.create(to="a@example.org", subject="s", status=MailStatus.SENT, sent_at=old)
    Mail.objects.create(to="b@example.org", subject="s", status=MailStatus.FAILED)
    long_ago = timezone.now() - datetime.timedelta(days=100)
    Mail.objects.create(
        to="c@example.org", subject="s", status=MailStatus.FAILED, last_attempt_at=long_ago
    )
    assert outbox_sweep().removed == 3
    assert Job.objects.count() == 1
    assert list(Mail.objects.values_list("to", flat=True)) == ["b@example.org"]


# --- mail ----------------------------------------------------------------------------------------


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "tests.fault_mail.DownBackend"
    DownBackend.calls = 0
    return DownBackend


def test_mail_server_down_the_invitation_is_saved_retried_and_listed_as_failed(
    client, world, mail_server_down, django_capture_on_commit_callbacks, settings
):
    candidate = CandidateFactory(community=world.community, email="karin@example.org")
    client.force_login(world.users["beheerder"])
    url = reverse("imo_participation_invite", args=(world.community.slug, candidate.pk))
    day = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"title": "Informatieavond", "held_on": day})
    assert response.status_code == 302
    assert Participation.objects.filter(candidate=candidate, title="Informatieavond").exists()

    failed = Mail.objects.get()
    assert failed.status == MailStatus.FAILED
    assert failed.to == "karin@example.org" and failed.purpose == "imo.uitnodiging"
    assert failed.attempts == settings.OUTBOX_MAIL_MAX_ATTEMPTS == mail_server_down.calls
    assert "SMTPServerDisconnected" in failed.reason
    assert failed.body  # kept, so it can be sent again

    # The functioneel beheerder sees it, with the reason, in the admin.
    admin = UserFactory(username="fb", is_staff=True, is_superuser=True)
    client.force_login(admin)
    listing = client.get(reverse("admin:outbox_mail_changelist"), {"status__exact": "mislukt"})
    html = listing.content.decode()
    assert listing.status_code == 200
    assert "karin@example.org" in html and "SMTPServerDisconnected" in html
    # Nobody else does.
    client.force_login(world.users["beheerder"])
    assert client.get(reverse("admin:outbox_mail_changelist")).status_code == 302

    # The server is back: "Opnieuw versturen" sends it, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:outbox_mail_changelist"),
            {"action": "resend", "_selected_action": [failed.pk]},
        )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == MailStatus.SENT and failed.body == ""
    assert [m.to for m in mail.outbox] == [["karin@example.org"]]


def test_one_refused_address_does_not_stop_the_rest_of_the_agenda_mails(
    world, settings, private_root, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.fault_mail.RefusingBackend"
    meeting = plan_march_meeting(world)
    meeting.attendees.all().delete()
    addresses = ["a@example.org", f"b{REFUSED_DOMAIN}", "c@example.org"]
    for address in addresses:
        AttendeeFactory(meeting=meeting, user=UserFactory(email=address))
    services_agenda.agenda_generate(meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        assert services_agenda.agenda_mail(meeting=meeting) == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "c@example.org"]
    statuses = dict(Mail.objects.values_list("to", "status"))
    assert statuses == {
        "a@example.org": MailStatus.SENT,
        f"b{REFUSED_DOMAIN}": MailStatus.FAILED,
        "c@example.org": MailStatus.SENT,
    }
    assert "User unknown" in Mail.objects.get(status=MailStatus.FAILED).reason


def test_a_header_with_a_line_break_fails_at_once_without_retrying(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mail_enqueue(
            messages=[Message(to="x@example.org", subject="Avond\nBcc: y@example.org", body="b")]
        )
    failed = Mail.objects.get()
    assert failed.status == MailStatus.FAILED and failed.attempts == 1
    assert "BadHeaderError" in failed.reason and mail.outbox == []


def test_mail_without_address_is_not_recorded(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert mail_enqueue(messages=[Message(to="", subject="s", body="b")]) == []
    assert not Mail.objects.exists() and not Job.objects.exists()


def test_retry_delays_grow_and_stay_bounded(settings):
    settings.OUTBOX_MAIL_RETRY_DELAY = 60
    settings.OUTBOX_MAIL_RETRY_DELAY_MAX = 900
    assert [mail_retry_delay(attempts=n) for n in range(1, 7)] == [60, 120, 240, 480, 900, 900]
    # The longest delay stays under the broker's visibility timeout (or it would run twice).
    assert (
        settings.OUTBOX_MAIL_RETRY_DELAY_MAX
        < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    )


def test_a_mail_whose_retry_was_lost_is_picked_up_by_the_sweeper(
    db, django_capture_on_commit_callbacks
):
    stale = timezone.now() - datetime.timedelta(hours=2)
    waiting = Mail.objects.create(to="a@example.org", subject="s", body="b", last_attempt_at=stale)
    with django_capture_on_commit_callbacks(execute=True):
        result = outbox_sweep()
    assert result.mails_requeued == 1 and result.dispatched == 1
    waiting.refresh_from_db()
    assert waiting.status == MailStatus.SENT and len(mail.outbox) == 1


def test_resending_ignores_mails_that_did_not_fail(db):
    sent = Mail.objects.create(to="a@example.org", subject="s", status=MailStatus.SENT)
    assert mails_resend(mail_ids=[sent.pk]) == 0


SENDING = re.compile(r"(?<!def )\b(send_mail|send_mass_mail|EmailMessage)\(")


def test_no_mail_bypasses_the_outbox():
    """Mail sent straight from a request or after a commit turns a mail server hiccup into an
    error page or a lost mail: only the outbox sends."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    offenders = []
    packages = [p for p in root.iterdir() if (p / "__init__.py").exists()]
    assert {"imo", "communities", "privacy"} <= {p.name for p in packages}
    for package in packages:
        if package.name in {"outbox", "tests"}:
            continue
        for path in package.rglob("*.py"):
            # A call, not a definition (the password reset form overrides `send_mail`).
            if SENDING.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(root)))
    assert offenders == []


def test_every_routed_task_exists_and_pdf_work_goes_to_the_pdf_queue(settings):
    app.loader.import_default_modules()
    for name, route in settings.CELERY_TASK_ROUTES.items():
        assert name in app.tasks, f"CELERY_TASK_ROUTES names a task that does not exist: {name}"
        assert route == {"queue": "pdf"}
    assert settings.CELERY_TASK_DEFAULT_QUEUE == "default"
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert (
        settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
        > settings.CELERY_TASK_TIME_LIMIT
    )
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
