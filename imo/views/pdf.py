"""The agenda PDF in the browser: download the stored copy the user may see, ask for a
regeneration, and poll its status. Nothing here renders a PDF: that happens in a Celery task
(`imo.tasks.agenda_generate`); these views only hand out stored files after an access check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from audit import services as audit
from audit.constants import Action
from communities import access
from communities.access import Capability as C
from communities.models import Community
from gemengdwonen.storage import private_storage
from imo.access import agenda_copy_for, imo_viewer
from imo.constants import AgendaStatus
from imo.models import IntakeMeeting
from imo.services_agenda import (
    WAITING_LABEL,
    agenda_request_copy,
    agenda_request_regeneration,
    agenda_waiting,
)


def _meeting(request, slug: str, pk: int, capability: C) -> tuple[Community, IntakeMeeting]:
    community = access.community_for(request.user, slug, capability)
    meeting = get_object_or_404(
        IntakeMeeting.objects.select_related("community"), community=community, pk=pk
    )
    return community, meeting


@login_required
@require_GET
def agenda_download(request, slug, pk):
    community, meeting = _meeting(request, slug, pk, C.VIEW_IMO)
    copy, entitlement = agenda_copy_for(imo_viewer(request.user, community), meeting)
    if copy is None:
        if meeting.agenda_generated_at is None or not entitlement.professional:
            raise Http404(_("De agenda is nog niet gemaakt."))
        # No stored copy holds only what this viewer may see (a consent withdrawn, another
        # organisation's candidate): render theirs and let them wait for it.
        agenda_request_copy(meeting=meeting, care_organisation_id=entitlement.care_organisation_id)
        messages.info(request, _("Uw exemplaar van de agenda wordt gemaakt. Even geduld."))
        return redirect("imo_agenda_status", slug=community.slug, pk=meeting.pk)
    day = timezone.localdate(meeting.starts_at).strftime("%d-%m-%Y")
    suffix = "" if copy.audience == "professional" else "-bewoners"
    try:
        handle = private_storage().open(copy.path, "rb")
    except FileNotFoundError:
        raise Http404(_("De agenda is nog niet gemaakt.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"agenda-imo-{community.slug}-{day}{suffix}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    audit.record(
        user=request.user,
        action=Action.DOWNLOAD,
        object_type="intake_meeting",
        object_id=meeting.pk,
        community=community,
        detail=f"agenda {copy.audience}",
        request=request,
    )
    return response


def _status_context(request, community: Community, meeting: IntakeMeeting) -> dict:
    copy, entitlement = agenda_copy_for(imo_viewer(request.user, community), meeting)
    status = meeting.agenda_status
    # Generated, but no stored copy fits this viewer: the download link renders theirs.
    own_copy_to_make = (
        copy is None and meeting.agenda_generated_at is not None and entitlement.professional
    )
    waiting = agenda_waiting(meeting=meeting)
    return {
        "community": community,
        "meeting": meeting,
        "status": status,
        "status_label": WAITING_LABEL if waiting else AgendaStatus(status).label,
        "waiting": waiting,
        "busy": status in (AgendaStatus.QUEUED, AgendaStatus.RUNNING),
        "failed": status == AgendaStatus.FAILED,
        "available": copy is not None or own_copy_to_make,
        "resident_copy": copy is not None and copy.audience == "resident",
        "can_regenerate": access.has_capability(request.user, community, C.RUN_IMO),
    }


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _render_status(request, community, meeting):
    context = _status_context(request, community, meeting)
    template = (
        "imo/pdf/agenda_status.html" if _is_htmx(request) else "imo/pdf/agenda_status_page.html"
    )
    return render(request, template, context)


@login_required
@require_GET
@never_cache
def agenda_status(request, slug, pk):
    community, meeting = _meeting(request, slug, pk, C.VIEW_IMO)
    return _render_status(request, community, meeting)


@login_required
def agenda_regenerate(request, slug, pk):
    # The access check comes before the method check: a GET by someone without the right gets
    # 403/404 like every other page, not a 405 that confirms the meeting exists.
    community, meeting = _meeting(request, slug, pk, C.RUN_IMO)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    agenda_request_regeneration(meeting=meeting)
    if _is_htmx(request):
        # The task is queued when the request's transaction commits: the fragment shows
        # "in de wachtrij" and polls until it is done.
        return _render_status(request, community, meeting)
    messages.success(request, _("De agenda wordt opnieuw gemaakt."))
    return redirect(_back_url(community, meeting))


def _back_url(community: Community, meeting: IntakeMeeting) -> str:
    # The meeting page lives in imo/urls.py; until it exists, the status page stands in.
    try:
        return reverse("imo_meeting", args=(community.slug, meeting.pk))
    except NoReverseMatch:
        return reverse("imo_agenda_status", args=(community.slug, meeting.pk))
