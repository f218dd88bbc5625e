"""A tiny-scale run of the benchmark (bench/run.py --smoke, SQLite, two locations of half a
year), so that the script cannot rot: it generates, measures every page, renders the agenda
PDF and the annual report against the plain floor and makes a short load run on gunicorn with
locust."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_runs_at_tiny_scale():
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--smoke"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    assert "generate_synthetic --communities 2" in out
    for page in ("T0 /healthz", "T1 base layout", "home (dashboard)", "IMO meeting page"):
        assert f"| {page}" in out
    agenda = re.search(r"\| IMO agenda, 12 candidates \| (\d+) \|", out)
    plain = re.search(r"\| plain document, same pages \| (\d+) \|", out)
    assert agenda and plain and int(agenda.group(1)) > 0
    annual = re.search(r"\| annual report \([\d.]+ pages/s\) \| (\d+) \|", out)
    assert annual and int(annual.group(1)) > 0, out
    # The load run: both mixes answered, without errors.
    for mix in ("page mix", "T1 only"):
        row = re.search(rf"\| {mix} \| (\d+) \| (\d+) \|", out)
        assert row and int(row.group(1)) > 0 and row.group(2) == "0", out
