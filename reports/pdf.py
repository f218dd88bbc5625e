"""The annual report as PDF: the content (reports.content) through one template and the project's
PDF helper (gemengdwonen.pdf: WeasyPrint with the fetcher that serves only static files and
data: URIs). Never called inside a web request: the task and the command call it.

The content hash is taken over the HTML the PDF is rendered from, with the moment of generation
left out (it is filled in afterwards): the same data and text give the same hash, so generating
again stores no new version. The charts come as images whose ids are fixed
(gemengdwonen.charts.pdf_image), so they hash the same each time too."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from gemengdwonen.pdf import render_html_to_pdf_pages
from reports.content import ReportContent, report_content

TEMPLATE = "reports/pdf/report.html"
GENERATED_MARKER = "@@gemaakt-op@@"


@dataclass(frozen=True)
class RenderedHtml:
    html: str  # with GENERATED_MARKER where the moment of generation goes
    content_hash: str


def report_html(content: ReportContent) -> RenderedHtml:
    html = render_to_string(TEMPLATE, {"report": content, "generated": GENERATED_MARKER})
    return RenderedHtml(html=html, content_hash=hashlib.sha256(html.encode()).hexdigest())


def report_pdf(rendered: RenderedHtml, *, generated_at=None) -> tuple[bytes, int]:
    """Render the HTML to PDF with the moment of generation filled in: (PDF, pages)."""
    moment = timezone.localtime(generated_at or timezone.now())
    html = rendered.html.replace(GENERATED_MARKER, moment.strftime("%d-%m-%Y %H:%M"))
    return render_html_to_pdf_pages(html)


def annual_report_pdf(
    *, year: int, community=None, body=None, today=None, generated_at=None
) -> tuple[bytes, int]:
    """Content, HTML and PDF in one call, without the draft texts and without storing anything:
    what rendering a version costs (the benchmarks call this; reports.services generates the
    stored versions, which need the content hash between the HTML and the PDF)."""
    content = report_content(
        year=year, today=today or timezone.localdate(), community=community, body=body
    )
    return report_pdf(report_html(content), generated_at=generated_at)
