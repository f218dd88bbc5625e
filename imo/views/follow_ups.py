"""Follow-up actions and check-ins after moving in (the soft landing)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import access
from communities.access import Capability as C
from gemengdwonen.forms import run_service
from imo import services
from imo.access import imo_viewer
from imo.forms import (
    FollowUpDoneForm,
)
from imo.models import FollowUpAction
from imo.views._common import _invalid, _post_only

# --- follow-ups -------------------------------------------------------------------------------


def _follow_up_community(request, slug):
    """Follow-ups are about a resident's soft landing: the IMO's team members (VIEW_IMO with
    VIEW_RESIDENTS), not the residents' delegation."""
    community = access.community_for(request.user, slug, C.VIEW_IMO)
    if imo_viewer(request.user, community).limited:
        raise PermissionDenied
    return community


def _may_finish(user, community, action) -> bool:
    return action.owner_id == user.pk or access.has_capability(user, community, C.RUN_IMO)


@login_required
def follow_up_list(request, slug):
    community = _follow_up_community(request, slug)
    today = timezone.localdate()
    actions = FollowUpAction.objects.filter(candidate__community=community).select_related(
        "candidate", "owner"
    )
    groups: dict[int, dict] = {}
    for action in actions.order_by("candidate__last_name", "candidate_id", "due_on", "pk"):
        group = groups.setdefault(action.candidate_id, {"candidate": action.candidate, "rows": []})
        group["rows"].append(
            {
                "action": action,
                "overdue": action.done_on is None and action.due_on < today,
                "can_finish": action.done_on is None
                and _may_finish(request.user, community, action),
            }
        )
    return render(
        request,
        "imo/follow_ups.html",
        {
            "community": community,
            "groups": list(groups.values()),
            "done_form": FollowUpDoneForm(),
            "today": today,
        },
    )


@login_required
def follow_up_done(request, slug, pk):
    community = _follow_up_community(request, slug)
    action = get_object_or_404(FollowUpAction.objects.filter(candidate__community=community), pk=pk)
    if not _may_finish(request.user, community, action):
        raise PermissionDenied
    if refused := _post_only(request):
        return refused
    form = FollowUpDoneForm(request.POST)
    if form.is_valid() and run_service(
        form,
        lambda: services.follow_up_done(
            action=action,
            on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
            by=request.user,
        ),
    ):
        messages.success(request, _("‘%(what)s’ is afgerond.") % {"what": action.description})
    else:
        _invalid(request, form)
    return redirect("imo_follow_ups", slug=community.slug)
