"""The annual report in the browser: the page (text, the button, the status, the versions), the
status fragment that htmx polls, and the download. Nothing here renders a PDF: a request is
recorded and the task renders it (reports.tasks); the download hands out a stored file after
the access check, in the audit trail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from audit import services as audit
from audit.constants import Action
from gemengdwonen.forms import run_service
from gemengdwonen.storage import private_storage
from reports import selectors, services
from reports.access import ReportViewer, area_viewer_for, check_year, community_viewer_for
from reports.constants import BUSY, RequestStatus
from reports.forms import DraftForm


def _viewer(request, slug: str | None, pk: int | None) -> ReportViewer:
    if slug is not None:
        return community_viewer_for(request.user, slug)
    return area_viewer_for(request.user, pk)


def _scope(viewer: ReportViewer) -> dict:
    return {"community": viewer.community} if viewer.community else {"body": viewer.body}


def _url(name: str, viewer: ReportViewer, year: int, **extra) -> str:
    if viewer.community:
        return reverse(
            f"reports_community{name}",
            kwargs={"slug": viewer.community.slug, "year": year, **extra},
        )
    return reverse(f"reports_area{name}", kwargs={"pk": viewer.body.pk, "year": year, **extra})


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _status_context(viewer: ReportViewer, year: int) -> dict:
    report = selectors.find_report(year=year, **_scope(viewer))
    latest = selectors.latest_request(report=report)
    status = latest.status if latest else ""
    versions = selectors.versions_of(report=report) if viewer.may_download else []
    return {
        "viewer": viewer,
        "year": year,
        "report": report,
        "latest": latest,
        "status": status,
        "status_label": RequestStatus(status).label if status else _("Nog niet aangevraagd"),
        "busy": status in BUSY,
        "failed": status == RequestStatus.FAILED,
        "versions": [(v, _url("_download", viewer, year, number=v.number)) for v in versions],
        "status_url": _url("_status", viewer, year),
        "request_url": _url("_request", viewer, year),
    }


def _page(request, viewer, year, *, form=None, status=200):
    context = _status_context(viewer, year)
    report = context["report"]
    draft = services.report_draft(report=report) if report else None
    if form is None and viewer.may_write:
        form = DraftForm(
            initial={
                "foreword": draft.foreword if draft else "",
                "conclusions": draft.conclusions if draft else "",
            }
        )
    context.update(
        {
            "form": form,
            "draft": draft,
            "text_url": _url("_text", viewer, year),
            "other_years": [
                (y, _url("", viewer, y))
                for y in range(year - 2, year + 3)
                if y != year and _year_ok(y)
            ],
        }
    )
    return render(request, "reports/report.html", context, status=status)


def _year_ok(year: int) -> bool:
    try:
        check_year(year)
    except Http404:
        return False
    return True


@login_required
@require_GET
@never_cache
def report_page(request, year, slug=None, pk=None):
    viewer = _viewer(request, slug, pk)
    check_year(year)
    return _page(request, viewer, year)


@login_required
@require_GET
@never_cache
def report_status(request, year, slug=None, pk=None):
    viewer = _viewer(request, slug, pk)
    check_year(year)
    if not _is_htmx(request):
        return _page(request, viewer, year)
    return render(request, "reports/_status.html", _status_context(viewer, year))


@login_required
def report_request(request, year, slug=None, pk=None):
    # The access check comes before the method check: a GET by someone without the right gets
    # 403/404 like every other page, not a 405 that confirms the report exists.
    viewer = _viewer(request, slug, pk)
    check_year(year)
    if not viewer.may_request:
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    report = services.report_get_or_create(year=year, **_scope(viewer))
    services.report_request(report=report, by=request.user)
    if _is_htmx(request):
        # The task is queued when the request's transaction commits: the fragment shows
        # "in de wachtrij" and polls until it is done.
        return render(request, "reports/_status.html", _status_context(viewer, year))
    messages.success(
        request, _("Het jaarverslag wordt gemaakt. Deze pagina laat zien hoe ver het is.")
    )
    return redirect(_url("", viewer, year))


@login_required
def report_text(request, year, slug=None, pk=None):
    viewer = _viewer(request, slug, pk)
    check_year(year)
    if not viewer.may_write:
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DraftForm(request.POST)
    if form.is_valid():
        report = services.report_get_or_create(year=year, **_scope(viewer))
        saved = run_service(
            form,
            lambda: services.report_draft_save(
                report=report,
                foreword=form.cleaned_data["foreword"],
                conclusions=form.cleaned_data["conclusions"],
                by=request.user,
            ),
        )
        if saved:
            messages.success(
                request,
                _("Concept opgeslagen. De volgende versie van het verslag neemt deze tekst op."),
            )
            return redirect(_url("", viewer, year))
    return _page(request, viewer, year, form=form, status=400)


@login_required
@require_GET
def report_download(request, year, number, slug=None, pk=None):
    viewer = _viewer(request, slug, pk)
    check_year(year)
    if not viewer.may_download:
        raise PermissionDenied
    report = selectors.find_report(year=year, **_scope(viewer))
    version = report.versions.filter(number=number).first() if report else None
    if version is None:
        raise Http404(_("Deze versie van het jaarverslag bestaat niet."))
    try:
        handle = private_storage().open(version.file, "rb")
    except FileNotFoundError:
        raise Http404(_("Deze versie van het jaarverslag bestaat niet.")) from None
    slug_part = viewer.community.slug if viewer.community else f"stuurgroep-{viewer.body.pk}"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"jaarverslag-{slug_part}-{year}-v{version.number}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    audit.record(
        user=request.user,
        action=Action.DOWNLOAD,
        object_type="annual_report",
        object_id=version.pk,
        community=viewer.community,
        detail="jaarverslag",
        request=request,
    )
    return response
