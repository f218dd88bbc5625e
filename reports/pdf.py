"""The annual report as PDF: the content (reports.content) through one template and the project's
PDF helper (gemengdwonen.pdf: WeasyPrint with the fetcher that serves only static files and
data: URIs). Never called inside a web request: the task and the command call it.

The content hash is taken over the HTML the PDF is rendered from, with the moment of generation
left out (it is filled in afterwards) and pygal's random chart ids numbered in order: the same
data and text give the same hash, so generating again stores no new version."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from gemengdwonen.pdf import render_html_to_pdf_pages
from reports.content import ReportContent

TEMPLATE = "reports/pdf/report.html"
GENERATED_MARKER = "@@gemaakt-op@@"
_LEGEND_ID = re.compile(r' id="activate-serie-\d+"')
_CHART_ID = re.compile(r"chart-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass(frozen=True)
class RenderedHtml:
    html: str  # with GENERATED_MARKER where the moment of generation goes
    content_hash: str


def _number_chart_ids(html: str) -> str:
    numbers: dict[str, str] = {}

    def replace(match):
        return numbers.setdefault(match.group(0), f"chart-{len(numbers) + 1}")

    # pygal's legend ids repeat in every chart; a PDF wants each anchor once.
    return _LEGEND_ID.sub("", _CHART_ID.sub(replace, html))


def report_html(content: ReportContent) -> RenderedHtml:
    html = render_to_string(TEMPLATE, {"report": content, "generated": GENERATED_MARKER})
    html = _number_chart_ids(html)
    return RenderedHtml(html=html, content_hash=hashlib.sha256(html.encode()).hexdigest())


def report_pdf(rendered: RenderedHtml, *, generated_at=None) -> tuple[bytes, int]:
    """Render the HTML to PDF with the moment of generation filled in: (PDF, pages)."""
    moment = timezone.localtime(generated_at or timezone.now())
    html = rendered.html.replace(GENERATED_MARKER, moment.strftime("%d-%m-%Y %H:%M"))
    return render_html_to_pdf_pages(html)
