"""Data-subject requests (inzageverzoek, recht op vergetelheid), for the privacy officer only
(the permission privacy.handle_subject_requests, given by the group "Privacyfunctionaris"; a
superuser has it too): everyone else gets 403, a staff account without it as well, anonymous
visitors the login page.

Thin views: the selectors check the user again and fetch; the services change; every export
(with the reason of the request), download and erasure is in the audit trail."""

from __future__ import annotations

import functools
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit import services as audit
from audit.constants import Action
from communities.models import Resident
from gemengdwonen.storage import private_storage
from privacy import selectors, services
from privacy.constants import (
    ANONYMISED_NAME,
    AUDIT_OBJECT_TYPE,
    DETAIL_DOWNLOAD_PDF,
    DETAIL_EXPORT_JSON,
    DETAIL_EXPORT_PDF,
    DETAIL_PERSON_PAGE,
    export_detail,
)
from privacy.forms import ErasureForm, PersonSearchForm, SubjectExportForm


def privacy_officer_required(view):
    """Login first (anonymous → login page), then privacy officers only (others → 403). The
    access check comes before the method check, so a GET on a POST-only URL still answers 403
    to others."""

    @login_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not selectors.is_privacy_officer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _audit(request, subject, *, action, detail):
    audit.record(
        user=request.user,
        action=action,
        object_type=AUDIT_OBJECT_TYPE[selectors.subject_type_of(subject)],
        object_id=subject.pk,
        community=subject.community,
        detail=detail,
        request=request,
    )


@privacy_officer_required
@require_GET
def person_search(request):
    form = PersonSearchForm(request.GET or None)
    result = None
    if form.is_valid():
        result = selectors.person_search(query=form.cleaned_data["q"], fetched_by=request.user)
    return render(request, "privacy/search.html", {"form": form, "result": result})


def _is_anonymised(subject) -> bool:
    return subject.first_name == ANONYMISED_NAME and subject.last_name == ANONYMISED_NAME


@privacy_officer_required
@require_GET
def person_detail(request, kind, pk):
    subject = selectors.subject_for(kind=kind, pk=pk, fetched_by=request.user)
    return _person_page(request, subject, kind, SubjectExportForm())


def _person_page(request, subject, kind, export_form, *, status=200):
    data = selectors.subject_data(subject=subject, fetched_by=request.user)
    _audit(request, subject, action=Action.VIEW, detail=DETAIL_PERSON_PAGE)
    context = {
        "subject": subject,
        "kind": kind,
        "data": data,
        "anonymised": _is_anonymised(subject),
        "exports": selectors.exports_of(subject=subject, fetched_by=request.user),
        "export_form": export_form,
    }
    return render(request, "privacy/person.html", context, status=status)


@privacy_officer_required
@require_POST
def export_json(request, kind, pk):
    subject = selectors.subject_for(kind=kind, pk=pk, fetched_by=request.user)
    form = SubjectExportForm(request.POST)
    if not form.is_valid():
        return _person_page(request, subject, kind, form, status=400)
    data = selectors.subject_data(subject=subject, fetched_by=request.user)
    reason = form.cleaned_data["reason"]
    _audit(request, subject, action=Action.EXPORT, detail=export_detail(DETAIL_EXPORT_JSON, reason))
    body = json.dumps(data.as_json(), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    # Ids, not the person's name, in the file name: it ends up in download folders and logs.
    response["Content-Disposition"] = f'attachment; filename="inzage-{kind}-{subject.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@privacy_officer_required
@require_POST
def export_pdf(request, kind, pk):
    subject = selectors.subject_for(kind=kind, pk=pk, fetched_by=request.user)
    form = SubjectExportForm(request.POST)
    if not form.is_valid():
        return _person_page(request, subject, kind, form, status=400)
    reason = form.cleaned_data["reason"]
    services.subject_export_request(subject=subject, user=request.user, reason=reason)
    _audit(request, subject, action=Action.EXPORT, detail=export_detail(DETAIL_EXPORT_PDF, reason))
    messages.success(
        request,
        _("Het overzicht als PDF wordt gemaakt. Vernieuw deze pagina om de downloadlink te zien."),
    )
    return redirect("privacy_person", kind=kind, pk=subject.pk)


@privacy_officer_required
@require_GET
def export_download(request, pk):
    export = selectors.export_for_download(pk=pk, fetched_by=request.user)
    subject = selectors.subject_for(
        kind=export.subject_type, pk=export.subject_id, fetched_by=request.user
    )
    storage = private_storage()
    if not storage.exists(export.file):
        raise Http404
    _audit(
        request,
        subject,
        action=Action.DOWNLOAD,
        detail=export_detail(DETAIL_DOWNLOAD_PDF, export.reason),
    )
    response = FileResponse(
        storage.open(export.file, "rb"),
        as_attachment=True,
        filename=f"inzage-{export.subject_type}-{export.subject_id}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "no-store"
    return response


@privacy_officer_required
@require_http_methods(["GET", "POST"])
def erase(request, kind, pk):
    subject = selectors.subject_for(kind=kind, pk=pk, fetched_by=request.user)
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.subject_erase(
            subject=subject,
            reason=form.cleaned_data["reason"],
            user=request.user,
            request=request,
        )
        messages.success(request, _("De gegevens van deze persoon zijn gewist (geanonimiseerd)."))
        return redirect("privacy_person", kind=kind, pk=subject.pk)
    context = {
        "subject": subject,
        "kind": kind,
        "form": form,
        "anonymised": _is_anonymised(subject),
        "lives_there": isinstance(subject, Resident)
        and subject.stays.filter(end_date__isnull=True).exists(),
        "open_signals": subject.signals.filter(closed_on__isnull=True).count()
        if isinstance(subject, Resident)
        else 0,
    }
    return render(request, "privacy/erase.html", context)
