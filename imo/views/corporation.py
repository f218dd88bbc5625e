"""The corporation's buttons: the decision on allocation, a declined offer, the handover to
the welcome committee and moving in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from communities import access
from communities.access import Capability as C
from gemengdwonen.forms import run_service
from imo import services
from imo.constants import (
    DECISION_FROM,
    HANDOVER_FROM,
    MOVE_IN_FROM,
    OFFER_DECLINED_FROM,
)
from imo.forms import (
    DecisionForm,
    HandoverForm,
    MoveInForm,
    OfferDeclinedForm,
)
from imo.views._common import _candidate, _post_only

# --- the corporation's decision, handover and moving in ----------------------------------------


def _decision_page(request, community, candidate, *, bound=None):
    bound = bound or {}
    status = candidate.status
    context = {
        "community": community,
        "candidate": candidate,
        "advice": services.latest_advice(candidate),
        "decisions": candidate.decisions.select_related("decided_by", "vacancy__unit"),
        "handover": getattr(candidate, "handover", None),
        "is_corporation": request.user.organisation_id == community.corporation_id,
    }
    if status in DECISION_FROM:
        context["decision_form"] = bound.get("decision") or DecisionForm()
    if status in OFFER_DECLINED_FROM:
        context["declined_form"] = bound.get("declined") or OfferDeclinedForm(prefix="afgewezen")
    if status in HANDOVER_FROM:
        context["handover_form"] = bound.get("handover") or HandoverForm(
            prefix="overdracht", community=community
        )
    if status in MOVE_IN_FROM:
        context["move_in_form"] = bound.get("move_in") or MoveInForm(prefix="intrek")
    # A refused action whose form the current status no longer shows still says why.
    shown = {id(form) for form in context.values()}
    context["errors"] = [
        error
        for form in bound.values()
        if id(form) not in shown
        for errors in form.errors.values()
        for error in errors
    ]
    return render(request, "imo/decision.html", context)


@dataclass(frozen=True)
class _CorporationAction:
    """One of the corporation's buttons on the decision page: the form it posts, the service it
    calls, what it says when done and where it goes then. All four share one view shape."""

    key: str  # which form on the decision page (kept with the user's input when refused)
    form: Callable  # (data, community) -> Form
    call: Callable  # (candidate, cleaned_data, user) -> the service's result
    message: Callable  # (candidate) -> str
    done_url: Callable  # (community, candidate) -> str


def _back_to_decision(community, candidate) -> str:
    return reverse("imo_decision", args=[community.slug, candidate.pk])


DECISION = _CorporationAction(
    key="decision",
    form=lambda data, community: DecisionForm(data),
    call=lambda candidate, data, user: services.decision_record(
        candidate=candidate,
        kind=data["kind"],
        reason=data["reason"],
        decided_on=data["decided_on"],
        by=user,
    ),
    message=lambda candidate: _("Het besluit is vastgelegd."),
    done_url=_back_to_decision,
)
OFFER_DECLINED = _CorporationAction(
    key="declined",
    form=lambda data, community: OfferDeclinedForm(data, prefix="afgewezen"),
    call=lambda candidate, data, user: services.offer_declined(
        candidate=candidate, on=data["on"], by=user
    ),
    message=lambda candidate: _(
        "Het aanbod is afgewezen; de woning staat weer open en de sociaal beheerder krijgt bericht."
    ),
    done_url=_back_to_decision,
)
HANDOVER = _CorporationAction(
    key="handover",
    form=lambda data, community: HandoverForm(data, prefix="overdracht", community=community),
    call=lambda candidate, data, user: services.handover_record(
        candidate=candidate,
        on=data["on"],
        welcome_contact=data["welcome_contact"],
        note=data["note"],
        by=user,
    ),
    message=lambda candidate: _("De overdracht aan de welkomstcommissie is vastgelegd."),
    done_url=_back_to_decision,
)
MOVE_IN = _CorporationAction(
    key="move_in",
    form=lambda data, community: MoveInForm(data, prefix="intrek"),
    call=lambda candidate, data, user: services.candidate_move_in(
        candidate=candidate, on=data["on"], by=user
    ),
    message=lambda candidate: (
        _("%(name)s is ingetrokken. De mix hieronder is bijgewerkt.") % {"name": candidate}
    ),
    done_url=lambda community, candidate: reverse("community_detail", args=[community.slug]),
)


def _corporation_action(request, slug, pk, action: _CorporationAction):
    """The shape of every corporation button: the community with DECIDE_ALLOCATION, the
    candidate through it, POST only (the decision page answers a GET itself), the form, the
    service through `run_service` (the service checks the corporation: a refusal is a 403)."""
    community = access.community_for(request.user, slug, C.DECIDE_ALLOCATION)
    candidate = _candidate(community, pk)
    if refused := _post_only(request):
        return refused
    form = action.form(request.POST, community)
    if form.is_valid() and run_service(
        form, lambda: action.call(candidate, form.cleaned_data, request.user)
    ):
        messages.success(request, action.message(candidate))
        return redirect(action.done_url(community, candidate))
    return _decision_page(request, community, candidate, bound={action.key: form})


@login_required
@require_http_methods(["GET", "POST"])
def decision(request, slug, pk):
    if request.method == "GET":
        community = access.community_for(request.user, slug, C.DECIDE_ALLOCATION)
        return _decision_page(request, community, _candidate(community, pk))
    return _corporation_action(request, slug, pk, DECISION)


@login_required
def offer_declined(request, slug, pk):
    return _corporation_action(request, slug, pk, OFFER_DECLINED)


@login_required
def handover(request, slug, pk):
    return _corporation_action(request, slug, pk, HANDOVER)


@login_required
def move_in(request, slug, pk):
    return _corporation_action(request, slug, pk, MOVE_IN)
