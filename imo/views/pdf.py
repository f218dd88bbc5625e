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
from imo.access import imo_viewer
from imo.constants import AgendaStatus
from imo.models import IntakeMeeting
from imo.services_agenda import agenda_available, agenda_path
from imo.tasks import agenda_request_regeneration


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
    audience = imo_viewer(request.user, community).agenda_audience(meeting)
    if not agenda_available(meeting=meeting, audience=audience):
        raise Http404(_("De agenda is nog niet gemaakt."))
    path = agenda_path(meeting=meeting, audience=audience)
    day = timezone.localdate(meeting.starts_at).strftime("%d-%m-%Y")
    suffix = "" if audience == "professional" else "-bewoners"
    response = FileResponse(
        private_storage().open(path, "rb"),
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
        detail=f"agenda {audience}",
        request=request,
    )
    return response


def _status_context(request, community: Community, meeting: IntakeMeeting) -> dict:
    audience = imo_viewer(request.user, community).agenda_audience(meeting)
    status = meeting.agenda_status
    return {
        "community": community,
        "meeting": meeting,
        "status": status,
        "status_label": AgendaStatus(status).label,
        "busy": status in (AgendaStatus.QUEUED, AgendaStatus.RUNNING),
        "failed": status == AgendaStatus.FAILED,
        "available": agenda_available(meeting=meeting, audience=audience),
        "resident_copy": audience == "resident",
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
