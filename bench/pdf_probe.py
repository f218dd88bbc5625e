"""Run by bench/run.py in a fresh process: render a PDF once (warm-up), then N times, and print
seconds (median wall time and median CPU time), pages and the process's peak memory as JSON.

    pdf_probe.py agenda N 0      the agenda of the first location's coming IMO
    pdf_probe.py annual N 0      last year's annual report of the first location
    pdf_probe.py plain N PAGES   WeasyPrint on a plain document of PAGES pages (the floor)

"The first location" is the first synthetic one (`synth-…`, bench/run.py generates them) or,
without those (the demo data of `seed_demo`), the first by slug; for the agenda, the first with
a coming IMO."""

import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.template.loader import render_to_string  # noqa: E402
from django.utils import timezone  # noqa: E402

from gemengdwonen.pdf import STATIC_BASE_URL, make_url_fetcher, render_html_to_pdf  # noqa: E402


def page_count(html: str) -> int:
    """Pages of the document as the PDF helper lays it out (the PDF's objects are compressed)."""
    import weasyprint

    document = weasyprint.HTML(
        string=html, base_url=STATIC_BASE_URL, url_fetcher=make_url_fetcher()
    ).render()
    return len(document.pages)


def _community(*, with_coming_meeting: bool = False):
    from communities.models import Community

    communities = Community.objects.order_by("slug")
    if with_coming_meeting:
        communities = communities.filter(intake_meetings__starts_at__gte=timezone.now()).distinct()
    return communities.filter(slug__startswith="synth-").first() or communities.first()


def agenda():
    from imo.models import IntakeMeeting
    from imo.pdf import TEMPLATE, agenda_context, agenda_pdf

    community = _community(with_coming_meeting=True)
    meeting = (
        IntakeMeeting.objects.filter(community=community, starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )
    html = render_to_string(TEMPLATE, agenda_context(meeting=meeting, audience="professional"))
    return (
        (lambda: agenda_pdf(meeting=meeting, audience="professional")),
        meeting.candidates.count(),
        page_count(html),
    )


def annual():
    """Content from the database, HTML and PDF: what the report task spends on a new version."""
    from reports.pdf import annual_report_pdf

    community = _community()
    year = timezone.localdate().year - 1
    _pdf, pages = annual_report_pdf(community=community, year=year)
    return (lambda: annual_report_pdf(community=community, year=year)), 0, pages


def plain(pages: int):
    # The same plain document as bench/annual_report.py's: one floor for both benchmarks.
    from bench.annual_report import plain_html

    html = plain_html(pages)
    return (lambda: render_html_to_pdf(html)), 0, page_count(html)


def main():
    kind, renders, pages = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if kind == "annual":
        render, candidates, pages = annual()
    else:
        render, candidates, pages = agenda() if kind == "agenda" else plain(pages)
    render()  # warm-up: fonts, templates, imports
    seconds, cpu_seconds = [], []
    for _ in range(renders):
        started, cpu_started = time.perf_counter(), time.process_time()
        render()
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - cpu_started)
    print(
        json.dumps(
            {
                "seconds": statistics.median(seconds),
                # CPU time of this process: what the render costs when others share the cores.
                "cpu_seconds": statistics.median(cpu_seconds),
                "pages": pages,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "candidates": candidates,
            }
        )
    )


main()
