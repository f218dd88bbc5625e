"""Faults without lost work, against the real thing: PostgreSQL, Redis and Celery worker
processes (the second CI run). Each test skips, with the reason, where its service is not
configured (the SQLite run without a broker); tests/test_outbox.py covers the same rules there.

- the broker down: requests succeed and say "wacht"; once it is back the sweeper hands the work
  over once and a real worker finishes it: one file per document, status "klaar";
- a worker SIGKILLed in the middle of a PDF: the next worker renders it again, one file, "klaar";
- a PostgreSQL connection terminated between requests: the next request is served;
- the restore drill: back up the demo database and files, restore into a fresh database and
  folder, and find the mix, the IMO meetings, the audit trail and the stored PDFs again.

Waits are bounded and every process started here is killed at the end, whatever happens.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from gemengdwonen.backup import restore_report
from gemengdwonen.celery import app
from imo import services_agenda
from imo.constants import AgendaStatus
from imo.models import AgendaCopy, IntakeMeeting
from outbox.constants import JobStatus
from outbox.models import Job
from outbox.services import outbox_sweep
from privacy.constants import ExportStatus
from privacy.models import SubjectExport
from tests.factories import CandidateFactory, UserFactory
from tests.test_imo_services import build_world, plan_march_meeting
from tests.test_outbox import CLOSED_BROKER, later

ROOT = Path(__file__).resolve().parent.parent
BROKER = os.environ.get("CELERY_BROKER_URL", "")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
QUEUES = ("default", "pdf")

requires_redis = pytest.mark.skipif(
    not BROKER.startswith("redis://"),
    reason="needs CELERY_BROKER_URL on Redis (the PostgreSQL + Redis run of CI)",
)
requires_postgres = pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")),
    reason="needs DATABASE_URL on PostgreSQL (worker processes share the test database)",
)


def wait_until(predicate, *, seconds: float, what: str, logs=()) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    tails = "\n".join(log.read_text()[-3000:] for log in logs if log.exists())
    pytest.fail(f"waited {seconds}s for {what}\n{tails}")


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT.mkdir()
    return settings.PRIVATE_MEDIA_ROOT


def agenda_files(world, meeting) -> list[str]:
    """The stored copies the meeting's records point to: one per audience (each rendering has
    its own file name)."""
    paths = sorted(AgendaCopy.objects.filter(meeting=meeting).values_list("path", flat=True))
    assert [path.split("/")[-1].split("-")[1] for path in paths] == ["professional", "resident"]
    assert all(path.startswith(f"imo/agenda/{world.community.slug}/") for path in paths)
    return paths


def stored_files(root: Path) -> list[str]:
    """Every file under the private root, temporary ones included."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


# --- the broker and its workers ------------------------------------------------------------------


def _redis():
    import redis

    return redis.Redis.from_url(BROKER)


def purge_broker() -> None:
    """Empty this test's queues (and unacknowledged messages) in the configured Redis db."""
    client = _redis()
    for pattern in (*[f"{queue}*" for queue in QUEUES], "unacked*"):
        for key in client.scan_iter(match=pattern):
            client.delete(key)


def queued(queue: str) -> int:
    return _redis().llen(queue)


@pytest.fixture
def real_broker(monkeypatch):
    """Tasks go to the configured Redis instead of running in-process."""
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    purge_broker()
    yield
    purge_broker()


class Worker:
    """A Celery worker process (tests/fault_worker.py) in its own process group."""

    def __init__(self, *, env: dict, log: Path):
        self.log = log
        self.handle = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "fault_worker.py")],
            cwd=ROOT,
            env=env,
            stdout=self.handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        """SIGKILL the worker and its pool process at once: no goodbye, no acknowledgement."""
        self._signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """A warm shutdown (SIGTERM), SIGKILL when it takes too long."""
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()

    def _signal(self, number) -> None:
        try:
            os.killpg(self.process.pid, number)
        except ProcessLookupError:
            pass

    def close(self) -> None:
        if self.process.poll() is None:
            self.kill()
        self.handle.close()


@pytest.fixture
def workers(tmp_path, private_root):
    started: list[Worker] = []

    def start(*, gate: Path | None = None, visibility_timeout: int = 4) -> Worker:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.fault_settings",
            "FAULTS_DATABASE_NAME": connection.settings_dict["NAME"],
            "FAULTS_PRIVATE_MEDIA_ROOT": str(private_root),
            "CELERY_BROKER_URL": BROKER,
            "PYTHONUNBUFFERED": "1",
            "FAULTS_VISIBILITY_TIMEOUT": str(visibility_timeout),
        }
        if gate is not None:
            env["FAULTS_PDF_GATE"] = str(gate)
        worker = Worker(env=env, log=tmp_path / f"worker-{len(started) + 1}.log")
        started.append(worker)
        return worker

    start.logs = lambda: [worker.log for worker in started]
    yield start
    for worker in started:
        worker.close()


def agenda_status(meeting) -> str:
    return IntakeMeeting.objects.values_list("agenda_status", flat=True).get(pk=meeting.pk)


def broker_idle() -> bool:
    """Nothing queued and nothing delivered but unacknowledged. Delivery is at least once: a
    task redelivered while its first run was still going runs again (harmlessly); the tests
    wait for that to settle before they count files."""
    return not any(queued(queue) for queue in QUEUES) and not _redis().hlen("unacked")


@requires_postgres
@requires_redis
@pytest.mark.django_db(transaction=True)
def test_broker_down_requests_wait_and_after_it_is_back_the_sweeper_finishes_them_once(
    client, private_root, real_broker, workers, monkeypatch
):
    world = build_world()
    meeting = plan_march_meeting(world)
    candidate = CandidateFactory(community=world.community, first_name="Karin")
    staff = UserFactory(username="fb", is_staff=True, is_superuser=True)

    # Redis does not answer: both requests succeed, nothing is lost, the pages say "wacht".
    monkeypatch.setenv("CELERY_BROKER_URL", CLOSED_BROKER)
    monkeypatch.setitem(app.conf, "broker_url", CLOSED_BROKER)
    client.force_login(world.users["beheerder"])
    regenerate = reverse("imo_agenda_regenerate", args=(world.community.slug, meeting.pk))
    assert client.post(regenerate).status_code == 302
    client.force_login(staff)
    export_url = reverse("privacy_export_pdf", kwargs={"kind": "kandidaat", "pk": candidate.pk})
    assert client.post(export_url, {"reason": "inzage"}).status_code == 302

    export = SubjectExport.objects.get()
    assert agenda_status(meeting) == AgendaStatus.QUEUED
    assert export.status == ExportStatus.QUEUED
    assert sorted(Job.objects.values_list("status", "attempts")) == [(JobStatus.WAITING, 1)] * 2
    person = reverse("privacy_person", kwargs={"kind": "kandidaat", "pk": candidate.pk})
    assert "Wacht op verwerking" in client.get(person).content.decode()
    client.force_login(world.users["beheerder"])
    meeting_page = reverse("imo_meeting", args=(world.community.slug, meeting.pk))
    assert "Wacht op verwerking" in client.get(meeting_page).content.decode()

    # Redis is back: the sweeper hands both over, once; a second sweep finds nothing to do.
    monkeypatch.setenv("CELERY_BROKER_URL", BROKER)
    monkeypatch.setitem(app.conf, "broker_url", BROKER)
    assert outbox_sweep(now=later(10)).dispatched == 2
    assert outbox_sweep(now=later(20)).dispatched == 0
    assert queued("pdf") == 2

    worker = workers(visibility_timeout=300)
    wait_until(
        lambda: (
            agenda_status(meeting) == AgendaStatus.DONE
            and SubjectExport.objects.get().status == ExportStatus.DONE
            and broker_idle()
        ),
        seconds=90,
        what="the worker to finish the agenda and the export",
        logs=workers.logs(),
    )
    worker.stop()
    export.refresh_from_db()
    assert stored_files(private_root) == sorted(
        [
            *agenda_files(world, meeting),
            export.file,
        ]
    )
    assert (private_root / export.file).read_bytes().startswith(b"%PDF")
    assert not Job.objects.filter(status=JobStatus.WAITING).exists()
    assert "Wacht op verwerking" not in client.get(meeting_page).content.decode()


def pool_processes(worker: Worker) -> list[int]:
    pid = worker.process.pid
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


@requires_postgres
@requires_redis
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("killed", ["whole worker", "pool process"])
def test_a_worker_killed_in_the_middle_of_a_pdf_leaves_it_to_the_next_worker(
    killed, private_root, real_broker, workers, tmp_path
):
    """SIGKILL while the agenda renders. The whole worker (a crashed container): Redis gives the
    unacknowledged task to the next worker after the visibility timeout. Only the pool process
    (the OOM killer's usual pick): the worker rejects the task back onto the queue
    (task_reject_on_worker_lost) and a fresh pool process runs it."""
    world = build_world()
    meeting = plan_march_meeting(world)
    gate = tmp_path / "gate"
    gate.touch()  # rendering waits while this file exists
    # Long enough that nothing is redelivered while the first worker waits at the gate.
    first = workers(gate=gate, visibility_timeout=300)
    with transaction.atomic():
        services_agenda.agenda_request_regeneration(meeting=meeting)
    assert Job.objects.get().status == JobStatus.QUEUED
    wait_until(
        lambda: agenda_status(meeting) == AgendaStatus.RUNNING,
        seconds=60,
        what="the first worker to start rendering",
        logs=workers.logs(),
    )
    if killed == "whole worker":
        first.kill()  # SIGKILL to the worker and its pool process, in the middle of the PDF
        assert agenda_status(meeting) == AgendaStatus.RUNNING
        assert stored_files(private_root) == []
        gate.unlink()
        last = workers()
    else:
        (pool,) = pool_processes(first)
        os.kill(pool, signal.SIGKILL)
        wait_until(
            lambda: pool_processes(first) and pool_processes(first) != [pool],
            seconds=30,
            what="a fresh pool process",
            logs=workers.logs(),
        )
        assert stored_files(private_root) == []
        gate.unlink()
        last = first
    wait_until(
        lambda: agenda_status(meeting) == AgendaStatus.DONE and broker_idle(),
        seconds=90,
        what="the next worker to render the agenda again",
        logs=workers.logs(),
    )
    last.stop()
    assert agenda_status(meeting) == "klaar"
    assert stored_files(private_root) == agenda_files(world, meeting)


# --- the database --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_a_terminated_database_connection_costs_no_request(private_root, tmp_path):
    """gunicorn as in production (one sync worker keeps its connection between requests,
    CONN_MAX_AGE); PostgreSQL drops that connection between two requests, as a restart or a
    failover would; CONN_HEALTH_CHECKS makes the next request reconnect instead of failing."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.fault_settings",
        "FAULTS_DATABASE_NAME": connection.settings_dict["NAME"],
        "FAULTS_PRIVATE_MEDIA_ROOT": str(private_root),
    }
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as handle:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "gemengdwonen.wsgi:application"]
            + ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "30"],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            url = f"http://127.0.0.1:{port}{reverse('readyz')}"

            def database_state() -> str | None:
                try:
                    with urlopen(url, timeout=10) as response:
                        return json.load(response)["database"]
                except HTTPError as error:  # 503: still a JSON answer
                    return json.load(error)["database"]
                except OSError:
                    return None

            wait_until(lambda: database_state() == "ok", seconds=30, what="gunicorn", logs=[log])
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                assert cursor.fetchone()[0] >= 1  # the server's kept connection
            assert database_state() == "ok"
            assert server.poll() is None
        finally:
            try:
                os.killpg(server.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            server.wait(timeout=10)


# --- backup and restore --------------------------------------------------------------------------


def _psql(sql: str) -> None:
    from gemengdwonen.backup import _pg_args

    settings_dict = connection.settings_dict
    args, env = _pg_args(settings_dict)
    subprocess.run(
        ["psql", *args, "--dbname", "postgres", "--no-psqlrc", "-v", "ON_ERROR_STOP=1"]
        + ["--command", sql],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_restore_drill_brings_back_mix_meetings_audit_trail_and_pdfs(
    client, tmp_path, private_root, settings
):
    from communities.models import Resident

    settings.DEBUG = True
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    meeting = IntakeMeeting.objects.order_by("starts_at").first()
    assert services_agenda.agenda_generate(meeting=meeting)
    # A subject-access PDF asked for through the page: an audit event and a stored PDF.
    client.force_login(UserFactory(username="drill", is_staff=True, is_superuser=True))
    resident = Resident.objects.order_by("pk").first()
    export_url = reverse("privacy_export_pdf", kwargs={"kind": "bewoner", "pk": resident.pk})
    assert client.post(export_url, {"reason": "inzage"}).status_code == 302
    before = restore_report()
    counts = before["counts"]
    assert counts["residents"] and counts["intake_meetings"] and counts["audit_events"], counts
    assert len(before["stored_pdfs"]) == 3 and all(before["stored_pdfs"].values())
    assert before["mix"] and any(figures["supported"] for figures in before["mix"].values())

    call_command("backup", output_dir=tmp_path / "backups", stdout=open(os.devnull, "w"))  # noqa: SIM115
    (backup,) = (tmp_path / "backups").iterdir()

    restored = f"{connection.settings_dict['NAME']}_restore"
    restored_media = tmp_path / "restored-media"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.fault_settings",
        "FAULTS_DATABASE_NAME": restored,
        "FAULTS_PRIVATE_MEDIA_ROOT": str(restored_media),
    }

    def manage(*arguments) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    _psql(f'DROP DATABASE IF EXISTS "{restored}"')
    _psql(f'CREATE DATABASE "{restored}"')
    try:
        result = manage("restore", "--input", str(backup))
        assert result.returncode == 0, result.stderr
        result = manage("restore_check", "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == json.loads(json.dumps(before))
        # Restoring over live data is refused.
        again = manage("restore", "--input", str(backup))
        assert again.returncode != 0 and "niet leeg" in again.stderr
    finally:
        _psql(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
    agenda = AgendaCopy.objects.get(meeting=meeting, audience="professional").path
    assert (restored_media / agenda).read_bytes() == (private_root / agenda).read_bytes()


def test_restore_refuses_a_damaged_backup(tmp_path, db, settings, private_root):
    from django.core.management import CommandError

    call_command("backup", output_dir=tmp_path, stdout=open(os.devnull, "w"))  # noqa: SIM115
    (backup,) = tmp_path.glob("gemengdwonen-*")
    manifest = json.loads((backup / "manifest.json").read_text())
    damaged = next(iter(manifest["files"]))
    with (backup / damaged).open("ab") as file:
        file.write(b"x")
    with pytest.raises(CommandError, match="beschadigd"):
        call_command("restore", input=backup)
    assert timezone.now()  # the configured database was not touched: the test db still answers
