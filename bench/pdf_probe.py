"""Run by bench/run.py in a fresh process: render a PDF once (warm-up), then N times, and print
seconds (median), pages and the process's peak memory as JSON.

    pdf_probe.py agenda N 0      the agenda of the first location's coming IMO
    pdf_probe.py annual N 0      the annual report of the first location (once it exists)
    pdf_probe.py plain N PAGES   WeasyPrint on a plain document of PAGES pages (the floor)"""

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


def agenda():
    from communities.models import Community
    from imo.models import IntakeMeeting
    from imo.pdf import TEMPLATE, agenda_context, agenda_pdf

    community = Community.objects.filter(slug__startswith="synth-").order_by("slug").first()
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


# The annual report's renderer, "module:function", called as function(community=..., year=...)
# and returning the PDF's bytes. Set it here (or with BENCH_ANNUAL_REPORT) when the report lands
# in app code (branch `annual`); adapt `annual()` below if its signature differs.
ANNUAL_REPORT = os.environ.get("BENCH_ANNUAL_REPORT", "")


def annual():
    import importlib

    from communities.models import Community

    if not ANNUAL_REPORT:
        return None
    module, _sep, function = ANNUAL_REPORT.partition(":")
    try:
        render_pdf = getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError):
        return None
    community = Community.objects.filter(slug__startswith="synth-").order_by("slug").first()
    year = timezone.localdate().year - 1
    pdf = render_pdf(community=community, year=year)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    return (lambda: render_pdf(community=community, year=year)), 0, pages


def plain(pages: int):
    block = "<p>" + "Een gewone alinea tekst zonder tabellen of grafieken. " * 30 + "</p>"
    body = "".join(
        f'<section style="page-break-after: always"><h1>Pagina {n}</h1>{block * 2}</section>'
        for n in range(1, pages + 1)
    )
    html = f"<html><body>{body}</body></html>"
    return (lambda: render_html_to_pdf(html)), 0, page_count(html)


def main():
    kind, renders, pages = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if kind == "annual":
        found = annual()
        if found is None:
            print(json.dumps({"unavailable": "not built yet (no renderer in ANNUAL_REPORT)"}))
            return
        render, candidates, pages = found
    else:
        render, candidates, pages = agenda() if kind == "agenda" else plain(pages)
    render()  # warm-up: fonts, templates, imports
    seconds = []
    for _ in range(renders):
        started = time.perf_counter()
        render()
        seconds.append(time.perf_counter() - started)
    print(
        json.dumps(
            {
                "seconds": statistics.median(seconds),
                "pages": pages,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "candidates": candidates,
            }
        )
    )


main()
