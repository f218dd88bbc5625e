"""Agenda and minutes PDF: download the stored copy (members only; in the audit trail) and ask
for a new one (chair and secretary; made by a Celery task, never in the request)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit import services as audit
from audit.constants import Action
from gemengdwonen.storage import private_storage
from governance import access, pdf
from governance.access import BodyCapability as B
from governance.constants import PdfKind
from governance.models import MeetingDocument


def _kind(kind: str) -> str:
    if kind not in PdfKind.values:
        raise Http404
    return kind


@login_required
@require_GET
def pdf_download(request, pk, meeting_pk, kind):
    body = access.body_for(request.user, pk)
    meeting = get_object_or_404(body.meetings, pk=meeting_pk)
    kind = _kind(kind)
    if not pdf.document_available(meeting=meeting, kind=kind):
        raise Http404(_("Dit document is nog niet gemaakt."))
    document = MeetingDocument.objects.get(meeting=meeting, kind=kind)
    response = FileResponse(
        private_storage().open(document.path, "rb"),
        as_attachment=True,
        filename=f"{kind}-{body.decision_prefix.lower()}-{meeting.day:%d-%m-%Y}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    audit.record(
        user=request.user,
        action=Action.DOWNLOAD,
        object_type="governance_meeting",
        object_id=meeting.pk,
        detail=f"{kind} pdf",
        request=request,
    )
    return response


@login_required
def pdf_generate(request, pk, meeting_pk, kind):
    body = access.body_for(request.user, pk, B.RUN)
    meeting = get_object_or_404(body.meetings, pk=meeting_pk)
    kind = _kind(kind)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    pdf.document_request(meeting=meeting, kind=kind)
    messages.success(
        request, _("Het document wordt gemaakt. Ververs de pagina over enkele seconden.")
    )
    return redirect(reverse("governance_meeting", args=[body.pk, meeting.pk]) + "#pdf")
