"""A tiny run of bench/celery_wait.py (a fresh SQLite file with the demo data, two real Celery
workers on the configured Redis, three mails while an annual report renders and three without),
so that the script cannot rot. About 50 s, most of it seed_demo. Skips where no Redis broker is
configured or it does not answer (the SQLite run of CI, which has no broker). The times are not
asserted: CI machines are shared; the run on record is in bench/RESULTS.md."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BROKER = os.environ.get("CELERY_BROKER_URL", "")


def _redis_answers() -> bool:
    if not BROKER.startswith("redis://"):
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(BROKER, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="needs CELERY_BROKER_URL on a Redis that answers")
def test_celery_wait_runs_at_tiny_scale(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "celery_wait.py"),
         "--db", f"sqlite:///{tmp_path / 'celery_wait.sqlite3'}", "--seed",
         "--out", str(tmp_path), "--broker", BROKER,
         "--mails", "3", "--gap", "0.1", "--timeout", "120"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    for label in ("while an annual report renders", "nothing else running"):
        row = re.search(rf"\| {label} \| (\d+) \| (\d+) \| (\d+) \|", out)
        assert row and row.group(1) == "3", out
        # A wait is measured from the hand-over to the worker's start: never negative.
        assert int(row.group(2)) <= int(row.group(3)), out
    assert re.search(r"The report rendered in \d+\.\d s", out), out
    # Every worker the script started is gone.
    for log in ("celery_wait-default.log", "celery_wait-pdf.log"):
        assert "Warm shutdown" in (tmp_path / log).read_text(), log
