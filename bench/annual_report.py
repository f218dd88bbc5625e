"""Benchmark: the annual report of the demo community against WeasyPrint rendering a plain
document with the same number of pages, in the same run.

    python bench/annual_report.py [--community de-boomgaard] [--year 2026] [--runs 3]

Needs the demo data in the configured database (`make run` or `manage.py seed_demo`). Each case
runs in a fresh child process, so its peak memory (ru_maxrss) is its own; the figures printed:
wall time per phase (content from the database, HTML, PDF) and the peak resident memory above
the process's baseline after Django and WeasyPrint are imported. Standalone: it imports the
project, nothing from tests or other benchmarks.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = (
    "Gemengd Wonen brengt bewoners met en zonder begeleiding samen in één gebouw. De "
    "communitycoach, de corporatie, de zorgaanbieders en de woonvereniging werken samen aan een "
    "community waarin iedereen naar vermogen bijdraagt. Dit is gewone lopende tekst zonder "
    "tabellen of grafieken, om te meten hoe snel WeasyPrint platte blokken opmaakt. "
)


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gemengdwonen.settings.dev")
    import django

    django.setup()
    import weasyprint  # noqa: F401 - imported before the baseline is taken


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def plain_html(pages: int) -> str:
    body = "".join(
        f'<section class="page"><h1>Hoofdstuk {n}</h1>'
        + f"<p>{PARAGRAPH * 2}</p>" * 4
        + "</section>"
        for n in range(1, pages + 1)
    )
    return (
        "<!doctype html><html lang='nl'><head><meta charset='utf-8'><style>"
        "@page { size: A4; margin: 24mm 18mm 22mm 20mm; "
        "@bottom-right { content: 'pagina ' counter(page) ' van ' counter(pages); } }"
        "html { font-family: 'DejaVu Sans', sans-serif; font-size: 9.5pt; line-height: 1.5; }"
        ".page { break-after: page; } .page:last-child { break-after: auto; }"
        f"</style></head><body>{body}</body></html>"
    )


def run_case(case: str, community_slug: str, year: int, pages: int) -> dict:
    _setup()
    from django.utils import timezone

    from communities.models import Community
    from gemengdwonen.pdf import render_html_to_pdf_pages
    from reports.content import report_content
    from reports.pdf import report_html, report_pdf

    baseline = _rss_mb()
    started = time.perf_counter()
    if case == "report":
        community = Community.objects.get(slug=community_slug)
        content = report_content(year=year, today=timezone.localdate(), community=community)
        after_content = time.perf_counter()
        rendered = report_html(content)
        after_html = time.perf_counter()
        document, pages = report_pdf(rendered)
    else:
        html = plain_html(pages)
        after_content = after_html = time.perf_counter()
        document, pages = render_html_to_pdf_pages(html)
    finished = time.perf_counter()
    return {
        "case": case,
        "pages": pages,
        "bytes": len(document),
        "content_s": after_content - started,
        "html_s": after_html - after_content,
        "pdf_s": finished - after_html,
        "total_s": finished - started,
        "baseline_mb": baseline,
        "peak_mb": _rss_mb(),
        "peak_above_baseline_mb": _rss_mb() - baseline,
    }


def _child(case: str, args, pages: int) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", case, "--community", args.community,
         "--year", str(args.year), "--pages", str(pages)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--community", default="de-boomgaard")
    parser.add_argument("--year", type=int, default=None, help="default: this year")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", choices=["report", "plain"], help=argparse.SUPPRESS)
    parser.add_argument("--pages", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.year is None:
        import datetime

        args.year = datetime.date.today().year
    if args.child:
        print(json.dumps(run_case(args.child, args.community, args.year, args.pages)))
        return
    results = {"report": [], "plain": []}
    for _ in range(args.runs):
        report = _child("report", args, 0)
        results["report"].append(report)
        results["plain"].append(_child("plain", args, report["pages"]))

    def summary(rows, key):
        return statistics.median(r[key] for r in rows)

    print(f"Annual report {args.community} {args.year}, median of {args.runs} runs")
    print(f"{'':24}{'pages':>6}{'content s':>11}{'html s':>8}{'pdf s':>8}{'total s':>9}"
          f"{'peak MB':>9}{'+MB':>7}")  # fmt: skip
    for case, label in (("report", "annual report"), ("plain", "plain, same pages")):
        rows = results[case]
        print(
            f"{label:24}{rows[0]['pages']:>6}{summary(rows, 'content_s'):>11.2f}"
            f"{summary(rows, 'html_s'):>8.2f}{summary(rows, 'pdf_s'):>8.2f}"
            f"{summary(rows, 'total_s'):>9.2f}{summary(rows, 'peak_mb'):>9.0f}"
            f"{summary(rows, 'peak_above_baseline_mb'):>7.0f}"
        )
    ratio = summary(results["report"], "total_s") / summary(results["plain"], "total_s")
    print(f"report / plain (total time): {ratio:.1f}×")


if __name__ == "__main__":
    main()
