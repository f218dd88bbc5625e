"""Candidates: registering, changing, their page, consent and invitations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from communities import access
from communities.access import Capability as C
from gemengdwonen.forms import run_service
from imo import selectors, services
from imo.access import imo_viewer
from imo.forms import (
    CandidateForm,
    ConsentForm,
    ConsentWithdrawForm,
    ParticipationAttendedForm,
    ParticipationInviteForm,
)
from imo.views._common import _candidate, _form_page, _invalid, _post_only

# --- candidates -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def candidate_create(request, slug):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    # Whoever registers a candidate types the care details in: they are the person's source.
    form = CandidateForm(request.POST or None, community=community, with_care=True)
    if request.method == "POST" and form.is_valid():
        if created := run_service(
            form,
            lambda: services.candidate_register(
                community=community, data=form.service_data(), by=request.user
            ),
        ):
            candidate = created.result
            messages.success(request, _("%(name)s is aangemeld.") % {"name": candidate})
            return redirect("imo_candidate", slug=community.slug, pk=candidate.pk)
    return render(
        request,
        "imo/candidate_form.html",
        {"community": community, "form": form, "title": _("Kandidaat aanmelden")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidate_update(request, slug, pk):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    candidate = _candidate(community, pk)
    with_care = imo_viewer(request.user, community).sees_care(candidate)
    form = CandidateForm(
        request.POST or None, instance=candidate, community=community, with_care=with_care
    )
    if request.method == "POST" and form.is_valid():
        if run_service(
            form,
            lambda: services.candidate_update(
                candidate=candidate, data=form.service_data(), by=request.user
            ),
        ):
            messages.success(request, _("%(name)s is opgeslagen.") % {"name": candidate})
            return redirect("imo_candidate", slug=community.slug, pk=candidate.pk)
    return render(
        request,
        "imo/candidate_form.html",
        {
            "community": community,
            "form": form,
            "candidate": candidate,
            "care_hidden": not with_care,
            "title": _("Kandidaat bewerken"),
        },
    )


@login_required
def candidate_detail(request, slug, pk):
    community = access.community_for(request.user, slug, C.VIEW_IMO)
    candidate = selectors.candidate_read(community=community, pk=pk, fetched_by=request.user)
    viewer = imo_viewer(request.user, community)
    caps = viewer.capabilities
    limited = viewer.limited
    can_run = viewer.can_run
    show_care = viewer.sees_care(candidate)
    context = {
        "community": community,
        "candidate": candidate,
        "caps": caps,
        "limited": limited,
        "can_run": can_run,
        "can_decide": C.DECIDE_ALLOCATION in caps,
        "show_care": show_care,
    }
    if not limited:
        context.update(
            history=selectors.candidate_history(candidate=candidate, with_details=True),
            participations=candidate.participations.all(),
            follow_ups=candidate.follow_ups.select_related("owner"),
            show_contact=can_run,
        )
    if can_run:
        context.update(
            consent_form=ConsentForm(),
            withdraw_form=ConsentWithdrawForm(),
            invite_form=ParticipationInviteForm(),
            attended_form=ParticipationAttendedForm(),
        )
    return render(request, "imo/candidate_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_consent(request, slug, pk):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    candidate = _candidate(community, pk)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run_service(
            form,
            lambda: services.consent_record(
                candidate=candidate,
                given_on=form.cleaned_data["given_on"],
                scope=form.cleaned_data["scope"],
                by=request.user,
            ),
        ):
            messages.success(request, _("De toestemming is vastgelegd."))
            return redirect("imo_candidate", slug=community.slug, pk=candidate.pk)
    return _form_page(
        request,
        community,
        form,
        _("Toestemming vastleggen"),
        back_url=reverse("imo_candidate", args=[community.slug, candidate.pk]),
        candidate=candidate,
        intro=_(
            "Met toestemming zien de professionals van het IMO (sociaal beheerder, "
            "communitycoach en de eigen begeleiders) de zorggegevens van de kandidaat. "
            "De bewonersafvaardiging nooit."
        ),
    )


@login_required
def candidate_consent_withdraw(request, slug, pk):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    candidate = _candidate(community, pk)
    if refused := _post_only(request):
        return refused
    form = ConsentWithdrawForm(request.POST)
    if form.is_valid() and run_service(
        form,
        lambda: services.consent_withdraw(
            candidate=candidate, on=form.cleaned_data["on"], by=request.user
        ),
    ):
        messages.success(
            request, _("De toestemming is ingetrokken: niemand ziet de zorggegevens nog.")
        )
    else:
        _invalid(request, form)
    return redirect("imo_candidate", slug=community.slug, pk=candidate.pk)


@login_required
@require_http_methods(["GET", "POST"])
def participation_invite(request, slug, pk):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    candidate = _candidate(community, pk)
    form = ParticipationInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run_service(
            form,
            lambda: services.participation_invite(
                candidate=candidate,
                title=form.cleaned_data["title"],
                held_on=form.cleaned_data["held_on"],
                by=request.user,
            ),
        ):
            if candidate.email:
                messages.success(
                    request,
                    _("De uitnodiging wordt verstuurd naar %(email)s.")
                    % {"email": candidate.email},
                )
            else:
                messages.warning(
                    request,
                    _("De uitnodiging is vastgelegd; de kandidaat heeft geen e-mailadres."),
                )
            return redirect("imo_candidate", slug=community.slug, pk=candidate.pk)
    return _form_page(
        request,
        community,
        form,
        _("Uitnodigen voor een bijeenkomst"),
        back_url=reverse("imo_candidate", args=[community.slug, candidate.pk]),
        candidate=candidate,
    )


@login_required
def participation_attended(request, slug, pk, participation_pk):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    candidate = _candidate(community, pk)
    participation = get_object_or_404(candidate.participations, pk=participation_pk)
    if refused := _post_only(request):
        return refused
    form = ParticipationAttendedForm(request.POST)
    if form.is_valid():
        services.participation_record(
            participation=participation, attended=form.cleaned_data["attended"]
        )
        messages.success(request, _("De aanwezigheid is vastgelegd."))
    else:
        _invalid(request, form)
    return redirect("imo_candidate", slug=community.slug, pk=candidate.pk)
