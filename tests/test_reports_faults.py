"""The annual report against the real thing (PostgreSQL, Redis, Celery worker processes): a
worker SIGKILLed in the middle of rendering a report leaves it to the next worker, and exactly
one version is stored. Skips, with the reason, without PostgreSQL and Redis (the SQLite run);
follows tests/test_faults.py and uses its worker helpers."""

from __future__ import annotations

import os
import signal

import pytest
from django.db import transaction

from reports import services
from reports.constants import RequestStatus
from reports.models import ReportRequest, ReportVersion
from tests.test_faults import (  # noqa: F401 - fixtures
    broker_idle,
    pool_processes,
    private_root,
    real_broker,
    requires_postgres,
    requires_redis,
    stored_files,
    wait_until,
    workers,
)

YEAR = 2025


def status_of(request: ReportRequest) -> str:
    return ReportRequest.objects.values_list("status", flat=True).get(pk=request.pk)


@requires_postgres
@requires_redis
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("killed", ["whole worker", "pool process"])
def test_a_worker_killed_in_the_middle_of_a_report_leaves_exactly_one_version(
    killed,
    world,
    private_root,  # noqa: F811 - the fixture imported above
    real_broker,  # noqa: F811
    workers,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    gate = tmp_path / "gate"
    gate.touch()  # rendering waits while this file exists (tests/fault_worker.py)
    monkeypatch.setenv("FAULTS_REPORT_GATE", str(gate))
    # Long enough that nothing is redelivered while the first worker waits at the gate.
    first = workers(visibility_timeout=300)
    report = services.report_get_or_create(year=YEAR, community=world.community)
    with transaction.atomic():
        request = services.report_request(report=report, by=world.users["stuurgroep"])
    wait_until(
        lambda: status_of(request) == RequestStatus.RUNNING,
        seconds=60,
        what="the first worker to start rendering",
        logs=workers.logs(),
    )
    if killed == "whole worker":
        first.kill()  # SIGKILL to the worker and its pool process, in the middle of the PDF
        assert status_of(request) == RequestStatus.RUNNING
        gate.unlink()
        last = workers()  # visibility timeout of a few seconds: Redis hands the task over
    else:
        (pool,) = pool_processes(first)
        os.kill(pool, signal.SIGKILL)  # the OOM killer's usual pick
        wait_until(
            lambda: pool_processes(first) and pool_processes(first) != [pool],
            seconds=30,
            what="a fresh pool process",
            logs=workers.logs(),
        )
        gate.unlink()
        last = first
    wait_until(
        lambda: status_of(request) == RequestStatus.DONE and broker_idle(),
        seconds=120,
        what="the next worker to render the report again",
        logs=workers.logs(),
    )
    last.stop()
    version = ReportVersion.objects.get(report=report)
    assert version.number == 1 and version.requested_by == world.users["stuurgroep"]
    assert [f for f in stored_files(private_root) if f.startswith("reports/")] == [version.file]
    assert (private_root / version.file).read_bytes().startswith(b"%PDF")
    request.refresh_from_db()
    assert request.attempts >= 2 and request.version == version
