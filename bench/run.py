"""The benchmark of issue 14: key pages, the IMO agenda PDF and a load run, each against
baselines measured in the same run.

    .venv/bin/python bench/run.py --db postgres://postgres@127.0.0.1:5432/gw_bench \\
        --db-1y postgres://postgres@127.0.0.1:5432/gw_bench_1y --generate

- `--generate` (re)creates both databases, migrates them and runs `generate_synthetic`
  (`--communities`, `--years` for the first, one year for the second) and reports how long it
  took; without it the databases are used as they are (the generation time of the last
  `--generate` is read back from bench/out/).
- Pages: Django's test client in this process, holding both databases and alternating blocks
  of requests between them; `--requests` timed requests per page and database after warm-up.
  Printed per page: the query count, p50 and p95, the ratios of p95 to T0 (/healthz) and to
  T1 (a logged-in page rendering the base layout with one query), and the 10-year / 1-year p95.
- PDF: the agenda of the coming IMO of the first location (12 candidates) rendered in a warm
  process (seconds, peak memory), against WeasyPrint rendering a plain document of the same
  number of pages in the same way.
- Load: gunicorn (`--workers`) on the loopback, locust headless with `--users` users and a
  fixed number of requests, on the page mix and on T1: throughput, p95 and errors.

The results are printed as Markdown tables and written to bench/out/results.md.
`--smoke` runs everything at a tiny scale on SQLite in a temporary folder (the CI test).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable
SETTINGS = "bench.settings"

# The users of the pages: the demo users see every generated location in their role; the
# benchmark adds a coach of three locations.
COACH_OF_THREE = "bench-coach-3"


# --- Databases ---------------------------------------------------------------------------------


def _env(url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "PYTHONPATH": str(ROOT),
    }


def _manage(url: str, *args: str) -> str:
    done = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=_env(url),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _recreate(url: str) -> None:
    if url.startswith("sqlite:"):
        Path(url.split("sqlite:///", 1)[1]).unlink(missing_ok=True)
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare(url: str, *, communities: int, years: float, units: str | None) -> float:
    """Recreate, migrate and fill one database; returns the seconds generate_synthetic took."""
    _recreate(url)
    _manage(url, "migrate", "--noinput", "-v0")
    args = ["generate_synthetic", "--communities", str(communities), "--years", str(years)]
    if units:
        args += ["--units", units]
    started = time.monotonic()
    _manage(url, *args, "--force")
    seconds = time.monotonic() - started
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"generate-{_db_name(url)}.json").write_text(
        json.dumps({"seconds": seconds, "communities": communities, "years": years})
    )
    return seconds


def _db_name(url: str) -> str:
    return Path(url.rsplit("/", 1)[1]).stem


def generation_time(url: str) -> float | None:
    path = OUT / f"generate-{_db_name(url)}.json"
    return json.loads(path.read_text())["seconds"] if path.exists() else None


# --- Pages ------------------------------------------------------------------------------------


@dataclass
class Page:
    label: str
    user: str
    path: str  # may hold {slug}, {meeting}
    timings: dict[str, list[float]] = field(default_factory=dict)
    queries: dict[str, int] = field(default_factory=dict)


PAGES = [
    Page("T0 /healthz", "", "/healthz"),
    Page("T1 base layout, 1 query", "coach", "/bench/t1/"),
    Page("home", "coach", "/"),
    Page("home", "beheerder", "/"),
    Page("home", "begeleider", "/"),
    Page("home", COACH_OF_THREE, "/"),
    Page("home (dashboard)", "gemeente", "/"),
    Page("home (dashboard)", "stuurgroep", "/"),
    Page("locaties list", "coach", "/locaties/"),
    Page("community page", "coach", "/locaties/{slug}/"),
    Page("community page", "beheerder", "/locaties/{slug}/"),
    Page("IMO meeting page", "beheerder", "/locaties/{slug}/imo/overleg/{meeting}/"),
    Page("IMO overview", "beheerder", "/locaties/{slug}/imo/"),
    Page("activities list", "coach", "/locaties/{slug}/activiteiten/"),
    Page("signals list", "coach", "/locaties/{slug}/signalen/"),
    Page("not reached", "coach", "/locaties/{slug}/bereik/"),
    Page("hours overview", "coach", "/locaties/{slug}/uren/"),
    Page("activities export CSV", "coach", "/locaties/{slug}/activiteiten/export/?formaat=csv"),
    Page("activities export XLSX", "coach", "/locaties/{slug}/activiteiten/export/?formaat=xlsx"),
    # The monitor (issue 16), funding (issue 12) and governance (issue 11).
    Page("scorecard", "coach", "/locaties/{slug}/monitor/"),
    Page("scorecard", "gemeente", "/locaties/{slug}/monitor/"),
    Page("municipality dashboard (monitor)", "gemeente", "/monitor/"),
    Page("funding overview", "beheerder", "/locaties/{slug}/financiering/"),
    Page("funding overview", "gemeente", "/locaties/{slug}/financiering/"),
    Page("funding, municipality", "gemeente", "/financiering/gemeente/{municipality}/"),
    Page("governance body (kerngroep)", "beheerder", "/overleg/{body}/"),
]


def _setup_django(url: str) -> None:
    os.environ.update({"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": SETTINGS})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _use(settings_dict: dict) -> None:
    from django.db import connections

    connection = connections["default"]
    connection.close()
    connection.settings_dict.update(settings_dict)


def _targets() -> dict:
    """The first generated location, its coming IMO, its municipality and kerngroep; the coach
    of three locations."""
    from django.utils import timezone

    from communities.constants import Role
    from communities.models import Community, Membership, User
    from imo.models import IntakeMeeting

    community = Community.objects.filter(slug__startswith="synth-").order_by("slug").first()
    meeting = (
        IntakeMeeting.objects.filter(community=community, starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )
    coach = User.objects.get(username="coach")
    three, _created = User.objects.get_or_create(
        username=COACH_OF_THREE, defaults={"organisation": coach.organisation}
    )
    for c in Community.objects.filter(slug__startswith="synth-").order_by("slug")[:3]:
        Membership.objects.get_or_create(
            user=three, community=c, defaults={"role": Role.COMMUNITYCOACH}
        )
    from governance.models import GovernanceBody

    body = GovernanceBody.objects.filter(level="kerngroep", communities=community).first()
    return {
        "slug": community.slug,
        "meeting": meeting.pk if meeting else 0,
        "municipality": community.municipality_id,
        "body": body.pk if body else 0,
    }


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure_pages(
    databases: dict[str, str], *, requests: int, blocks: int, warmup: int = 3
) -> list[Page]:
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from communities.models import User

    settings_dicts = {label: _settings_dict(url) for label, url in databases.items()}
    clients: dict[tuple[str, str], Client] = {}
    targets = {}
    for label in databases:
        _use(settings_dicts[label])
        targets[label] = _targets()
        for username in {p.user for p in PAGES if p.user}:
            client = Client()
            client.force_login(User.objects.get(username=username))
            clients[(label, username)] = client
        clients[(label, "")] = Client()
    pages = [Page(p.label, p.user, p.path) for p in PAGES]

    def get(label: str, page: Page):
        url = page.path.format(**targets[label])
        response = clients[(label, page.user)].get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} as {page.user or 'anonymous'}: {response.status_code}")
        return response

    per_block = max(1, requests // blocks)
    for label in databases:
        _use(settings_dicts[label])
        for page in pages:
            for _ in range(warmup):  # warm-up: caches, lazy defaults, connection
                get(label, page)
            with CaptureQueriesContext(connection) as queries:
                get(label, page)
            page.queries[label] = len(queries)
            page.timings[label] = []
    for _block in range(blocks):
        for label in databases:
            _use(settings_dicts[label])
            for page in pages:
                for _ in range(per_block):
                    started = time.perf_counter()
                    get(label, page)
                    page.timings[label].append(time.perf_counter() - started)
    _use(settings_dicts["10y"])
    connections.close_all()
    return pages


def _settings_dict(url: str) -> dict:
    import environ

    config = environ.Env.db_url_config(url)
    return {
        key: config[key] for key in ("NAME", "USER", "HOST", "PORT", "PASSWORD") if key in config
    }


def pages_table(pages: list[Page], main: str, other: str | None) -> list[str]:
    t0 = _percentile(pages[0].timings[main], 0.95)
    t1 = _percentile(pages[1].timings[main], 0.95)
    header = ["page", "user", "queries", "p50", "p95", "p95 / T0", "p95 / T1"]
    if other:
        header.append("10-yr / 1-yr p95")
    lines = [_row(*header), _row(*["---"] * len(header))]
    for page in pages:
        timings = page.timings[main]
        p95 = _percentile(timings, 0.95)
        cells = [
            page.label,
            page.user or "–",
            page.queries[main],
            _ms(statistics.median(timings)),
            _ms(p95),
            f"{p95 / t0:.1f}",
            f"{p95 / t1:.1f}",
        ]
        if other:
            cells.append(f"{p95 / _percentile(page.timings[other], 0.95):.2f}")
        lines.append(_row(*cells))
    return lines


def _row(*cells) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


# --- PDF ---------------------------------------------------------------------------------------


def pdf_probe(url: str, kind: str, *, renders: int, pages: int = 0) -> dict:
    """Render in a fresh process (so its peak memory is its own): once to warm up, then
    `renders` times; returns seconds (median of the warm renders), pages and peak RSS."""
    done = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "pdf_probe.py"), kind, str(renders), str(pages)],
        env=_env(url),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"pdf probe {kind} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _annual_report_rows(url: str, *, renders: int) -> list[str]:
    """The annual report PDF (issue 14's targets: under 6 s, at least 3 pages a second, peak
    memory under 100 MB + 4 MB a page, within 2x a plain document of the same pages), rendered
    by `bench/pdf_probe.py annual`: last year's report of the first synthetic location, content
    from the database included (`reports.pdf.annual_report_pdf`)."""
    report = pdf_probe(url, "annual", renders=renders)
    plain = pdf_probe(url, "plain", renders=renders, pages=report["pages"])
    return [
        _pdf_row(
            f"annual report ({report['pages'] / report['seconds']:.1f} pages/s)", report, plain
        ),
        _pdf_row("plain document, same pages", plain, plain),
    ]


def _pdf_row(label: str, probe: dict, plain: dict) -> str:
    """A PDF row: wall and CPU time (the CPU time holds when other work shares the cores), peak
    memory, and both against the plain document of the same pages."""
    return _row(
        label,
        probe["pages"],
        f"{probe['seconds']:.2f}",
        f"{probe['cpu_seconds']:.2f}",
        f"{probe['peak_mb']:.0f} MB",
        f"{probe['seconds'] / plain['seconds']:.1f}",
        f"{probe['cpu_seconds'] / plain['cpu_seconds']:.1f}",
    )


# --- Load --------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sessions(usernames: list[str]) -> dict[str, str]:
    """A logged-in session per user, made directly in the database (no login form)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from communities.models import User

    cookies = {}
    for user in User.objects.filter(username__in=usernames):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.set_expiry(3600)
        session.save()
        cookies[user.username] = session.session_key
    return cookies


def load_run(url: str, *, workers: int, users: int, total: int, mix: str, timeout: int) -> dict:
    """gunicorn on the loopback, locust headless until `total` requests (or `timeout`)."""
    from django.db import connections

    targets = _targets()
    cookies = _sessions(["coach", "beheerder", "gemeente", COACH_OF_THREE])
    connections.close_all()
    port = _free_port()
    OUT.mkdir(parents=True, exist_ok=True)
    log = open(OUT / f"gunicorn-{mix}.log", "w")  # noqa: SIM115 - closed after the run
    env = {**_env(url), "BENCH_SESSIONS": json.dumps(cookies), "BENCH_TARGETS": json.dumps(targets)}
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--chdir",
            str(ROOT),
            "--log-level",
            "warning",
            "gemengdwonen.wsgi:application",
        ],  # fmt: skip
        env=env,
        cwd=ROOT,
        start_new_session=True,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    result_path = Path(tempfile.mkdtemp()) / "load.json"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not answer on /healthz")
        done = subprocess.run(
            [
                str(Path(PYTHON).parent / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--only-summary",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--host",
                f"http://127.0.0.1:{port}",
                "--run-time",
                f"{timeout}s",
                "--stop-timeout",
                "5",
                "--loglevel",
                "ERROR",
            ],  # fmt: skip
            env={
                **env,
                "BENCH_MIX": mix,
                "BENCH_TOTAL": str(total),
                "BENCH_RESULT": str(result_path),
            },
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout + 60,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    try:
        figures = json.loads(result_path.read_text())
    except (OSError, ValueError):
        figures = {"times_ms": [], "errors": {}, "seconds": 0.0}
    shutil.rmtree(result_path.parent, ignore_errors=True)
    times = sorted(figures["times_ms"])
    errors = [f"{name} ×{count}" for name, count in figures["errors"].items()]
    if not times:
        # Reported, not raised: the rest of the benchmark still prints its table.
        errors.append("locust made no requests: " + (done.stderr or done.stdout)[-500:].strip())
    seconds = figures["seconds"]
    return {
        "requests": len(times),
        "failures": sum(figures["errors"].values()),
        "rps": len(times) / seconds if seconds else 0.0,
        "p50_ms": _percentile(times, 0.50),
        "p95_ms": _percentile(times, 0.95),
        "seconds": seconds,
        "errors": errors,
    }


# --- Main --------------------------------------------------------------------------------------


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores, {memory:.1f} GiB memory, {platform.platform()}, "
        f"Python {platform.python_version()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", help="database URL with the full history")
    parser.add_argument("--db-1y", help="database URL with one year of history (for the ratio)")
    parser.add_argument("--generate", action="store_true", help="(re)create and fill the databases")
    parser.add_argument("--communities", type=int, default=50)
    parser.add_argument("--years", type=float, default=10)
    parser.add_argument(
        "--units", default=None, help="units per location, e.g. 8,12 (default 40–240)"
    )
    parser.add_argument(
        "--requests", type=int, default=20, help="timed requests per page and database"
    )
    parser.add_argument("--blocks", type=int, default=4, help="alternating blocks per database")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per page first")
    parser.add_argument("--pdf-renders", type=int, default=5)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers in the load run")
    parser.add_argument("--users", type=int, default=20, help="concurrent users in the load run")
    parser.add_argument("--load-requests", type=int, default=600, help="requests per load run")
    parser.add_argument("--load-timeout", type=int, default=180, help="seconds a load run may take")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--smoke", action="store_true", help="tiny scale on SQLite (the CI test)")
    args = parser.parse_args(argv)

    if args.smoke:
        folder = Path(tempfile.mkdtemp(prefix="gw-bench-"))
        args.db = f"sqlite:///{folder / 'ten.sqlite3'}"
        args.db_1y = None  # one database is enough to prove the script runs
        args.generate = True
        args.communities, args.years, args.units = 2, 0.5, "6,8"
        args.requests, args.blocks, args.pdf_renders = 1, 1, 1
        args.workers, args.users, args.load_requests, args.load_timeout = 2, 4, 20, 60
    if not args.db:
        parser.error("--db is required (or --smoke)")

    started = datetime.datetime.now(datetime.UTC)
    command = " ".join(["python bench/run.py", *(argv if argv is not None else sys.argv[1:])])
    report = [f"Run {started:%Y-%m-%d %H:%M} UTC on {machine()}.", "", f"Command: `{command}`", ""]
    databases = {"10y": args.db}
    if args.db_1y:
        databases["1y"] = args.db_1y
    if args.generate:
        seconds = prepare(args.db, communities=args.communities, years=args.years, units=args.units)
        if args.db_1y:
            prepare(
                args.db_1y,
                communities=args.communities,
                years=1 if not args.smoke else 0.2,
                units=args.units,
            )
    else:
        seconds = generation_time(args.db)
    report.append(
        f"generate_synthetic --communities {args.communities} --years {args.years:g}: "
        + (f"{seconds:.0f} s" if seconds is not None else "not recorded (run with --generate)")
    )
    report.append("")

    _setup_django(args.db)
    pages = measure_pages(
        databases, requests=args.requests, blocks=args.blocks, warmup=max(1, args.warmup)
    )
    report += ["## Pages", "", *pages_table(pages, "10y", "1y" if args.db_1y else None), ""]

    if not args.skip_pdf:
        agenda = pdf_probe(args.db, "agenda", renders=args.pdf_renders)
        plain = pdf_probe(args.db, "plain", renders=args.pdf_renders, pages=agenda["pages"])
        report += [
            "## PDF (warm process, median of the renders after a first one)",
            "",
            _row(
                "document",
                "pages",
                "seconds",
                "CPU seconds",
                "peak memory",
                "ratio to plain",
                "CPU ratio to plain",
            ),
            _row(*["---"] * 7),
            _pdf_row(f"IMO agenda, {agenda['candidates']} candidates", agenda, plain),
            _pdf_row("plain document, same pages", plain, plain),
            *_annual_report_rows(args.db, renders=args.pdf_renders),
            "",
        ]

    if not args.skip_load:
        runs = {
            mix: load_run(
                args.db,
                workers=args.workers,
                users=args.users,
                total=args.load_requests,
                mix=mix,
                timeout=args.load_timeout,
            )
            for mix in ("pages", "t1")
        }
        report += [
            f"## Load (gunicorn {args.workers} workers, locust {args.users} users, loopback)",
            "",
            _row("mix", "requests", "errors", "throughput", "p50", "p95", "seconds"),
            _row(*["---"] * 7),
        ]
        for mix, run in runs.items():
            report.append(
                _row(
                    "page mix" if mix == "pages" else "T1 only",
                    run["requests"],
                    run["failures"],
                    f"{run['rps']:.1f}/s",
                    f"{run['p50_ms']:.0f} ms",
                    f"{run['p95_ms']:.0f} ms",
                    f"{run['seconds']:.0f}",
                )
            )
        for mix, run in runs.items():
            report += [f"- errors ({mix}): {error}" for error in run["errors"]]
        ratio = runs["pages"]["rps"] / runs["t1"]["rps"] if runs["t1"]["rps"] else 0
        report += ["", f"Throughput of the page mix / T1: {ratio:.2f}", ""]

    text = "\n".join(report)
    print(text)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / ("smoke.md" if args.smoke else "results.md")).write_text(text + "\n")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(benchmark process peak memory {peak:.0f} MB)")
    if args.smoke:
        shutil.rmtree(Path(args.db.split("sqlite:///", 1)[1]).parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
