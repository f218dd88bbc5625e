"""Signal pages: the list (filters, export), a signal with its steps, closing, the community's
ladder, and the fast path for acute incidents. Thin views: scope through `access` (a signal the
user may not see is a 404, like one of another community), rules in `signals_rules`.

Signals are special-category data: every view, change and export goes into the audit trail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit import services as audit
from audit.constants import Action
from communities import access
from communities.access import Capability as C
from communities.forms import with_default_start
from communities.safety.views import contact_card_page
from communities.signals import services as signals_rules
from communities.signals.forms import (
    LadderStepForm,
    SignalCloseForm,
    SignalFilter,
    SignalForm,
    SignalStepForm,
)
from gemengdwonen.exports import export_response
from gemengdwonen.forms import run_service

EXPORT_FORMATS = ("csv", "xlsx")
PAGE_SIZE = 50


def _visible_signal(request, slug, pk, capability):
    community = access.community_for(request.user, slug, capability)
    signal = get_object_or_404(access.signals_visible_to(request.user, community), pk=pk)
    return community, signal


@login_required
def signal_list(request, slug):
    community = access.community_for(request.user, slug, C.VIEW_SIGNALS)
    today = timezone.localdate()
    visible = access.signals_visible_to(request.user, community)
    signal_filter = SignalFilter(
        with_default_start(request.GET, on=today),
        queryset=visible.order_by("-reported_on", "-pk"),
        community=community,
        today=today,
    )
    fmt = request.GET.get("export")
    if fmt in EXPORT_FORMATS:
        rows = signals_rules.signal_rows(signals=signal_filter.qs, community=community, today=today)
        audit.record_bulk(
            request,
            action=Action.EXPORT,
            object_type="signal",
            count=len(rows),
            community=community,
            detail="export signalen",
        )
        return export_response(
            rows=signals_rules.signal_export_rows(rows=rows),
            filename=f"signalen-{community.slug}-{today:%Y-%m-%d}",
            fmt=fmt,
        )
    page = Paginator(signals_rules.with_row_data(signal_filter.qs), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    rows = signals_rules.signal_rows(
        signals=list(page.object_list), community=community, today=today
    )
    audit.record_list_read(
        actor=request.user, object_type="signal", count=len(rows), community=community
    )
    query = request.GET.copy()
    query.pop("export", None)
    query.pop("pagina", None)
    return render(
        request,
        "communities/signals/list.html",
        {
            "community": community,
            "filter": signal_filter,
            "page": page,
            "rows": rows,
            "today": today,
            "query": query.urlencode(),
            "can_manage": access.has_capability(request.user, community, C.MANAGE_SIGNALS),
            "eviction_years": signals_rules.eviction_years(signals=visible),
            "cost_per_eviction": signals_rules.avoided_cost_per_eviction(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def signal_create(request, slug):
    community = access.community_for(request.user, slug, C.MANAGE_SIGNALS)
    # The model requires a ladder up front: the first signal brings the default one along.
    signals_rules.ladder_ensure(community=community)
    initial = {key: request.GET[key] for key in ("kind", "severity") if request.GET.get(key)}
    form = SignalForm(request.POST or None, initial=initial or None, community=community)
    if request.method == "POST" and form.is_valid():
        created = []
        done = run_service(
            form,
            lambda: created.append(
                signals_rules.signal_create(
                    community=community, data=form.data_for_service(), by=request.user
                )
            ),
        )
        if done:
            signal = created[0]
            audit.record_change(request, signal, community=community, action=Action.CREATE)
            messages.success(request, _("Het signaal is vastgelegd."))
            if signals_rules.is_acute(signal):
                return redirect("signal_acute", slug=community.slug)
            return redirect("signal_detail", slug=community.slug, pk=signal.pk)
    return render(
        request,
        "communities/signals/form.html",
        {"community": community, "form": form, "title": _("Nieuw signaal")},
    )


@login_required
def signal_detail(request, slug, pk):
    community, signal = _visible_signal(request, slug, pk, C.VIEW_SIGNALS)
    today = timezone.localdate()
    audit.record_view(request, signal, community=community)
    can_manage = access.has_capability(request.user, community, C.MANAGE_SIGNALS)
    return render(
        request,
        "communities/signals/detail.html",
        {
            "community": community,
            "signal": signal,
            "residents": signal.residents.order_by("last_name", "first_name"),
            "steps": signal.steps.select_related("ladder_step", "taken_by"),
            "row": signals_rules.signal_row(signal=signal, community=community, today=today),
            "ladder": signals_rules.ladder_steps(community=community),
            "can_manage": can_manage,
            "step_form": SignalStepForm(community=community, current=signal.current_step)
            if can_manage and signal.closed_on is None
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def signal_update(request, slug, pk):
    community, signal = _visible_signal(request, slug, pk, C.MANAGE_SIGNALS)
    form = SignalForm(request.POST or None, community=community, signal=signal)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: signals_rules.signal_update(signal=signal, data=form.data_for_service()),
        )
        if done:
            audit.record_change(request, signal, community=community)
            messages.success(request, _("Het signaal is bijgewerkt."))
            return redirect("signal_detail", slug=community.slug, pk=signal.pk)
    return render(
        request,
        "communities/signals/form.html",
        {"community": community, "form": form, "signal": signal, "title": _("Signaal bewerken")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def signal_step_add(request, slug, pk):
    community, signal = _visible_signal(request, slug, pk, C.MANAGE_SIGNALS)
    signals_rules.ladder_ensure(community=community)
    form = SignalStepForm(request.POST or None, community=community, current=signal.current_step)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: signals_rules.signal_step_add(
                signal=signal,
                taken_on=form.cleaned_data["taken_on"],
                description=form.cleaned_data["description"],
                ladder_step=form.cleaned_data["ladder_step"],
                by=request.user,
            ),
        )
        if done:
            audit.record_change(request, signal, community=community, detail="stap")
            messages.success(request, _("De stap is vastgelegd."))
            return redirect("signal_detail", slug=community.slug, pk=signal.pk)
    return render(
        request,
        "communities/signals/form.html",
        {"community": community, "form": form, "signal": signal, "title": _("Stap vastleggen")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def signal_close(request, slug, pk):
    """Close an open signal with its outcome; a closed one can be reopened here."""
    community, signal = _visible_signal(request, slug, pk, C.MANAGE_SIGNALS)
    form = SignalCloseForm(request.POST or None) if signal.closed_on is None else None
    if request.method == "POST":
        if form is None:
            done = run_service(
                SignalCloseForm(), lambda: signals_rules.signal_reopen(signal=signal)
            )
            if done:
                audit.record_change(request, signal, community=community, detail="heropend")
                messages.success(request, _("Het signaal staat weer open."))
            return redirect("signal_detail", slug=community.slug, pk=signal.pk)
        if form.is_valid():
            done = run_service(
                form,
                lambda: signals_rules.signal_close(
                    signal=signal,
                    closed_on=form.cleaned_data["closed_on"],
                    outcome=form.cleaned_data["outcome"],
                ),
            )
            if done:
                audit.record_change(request, signal, community=community, detail="afgesloten")
                messages.success(request, _("Het signaal is afgesloten."))
                return redirect("signal_detail", slug=community.slug, pk=signal.pk)
    return render(
        request,
        "communities/signals/close.html",
        {"community": community, "form": form, "signal": signal},
    )


@login_required
def signal_acute(request, slug):
    """Acuut: wie bel ik nu? 112 first, then the community's contact card. No personal data:
    every member of the community may open it."""
    community = access.community_for(request.user, slug, C.VIEW_COMMUNITY)
    # One page with the safety area's contact card (it used to be two nearly equal pages).
    return contact_card_page(request, community)


# --- The ladder ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def signal_ladder(request, slug):
    """The ladder; the up/down buttons post here."""
    community = access.community_for(request.user, slug, C.VIEW_SIGNALS)
    can_configure = access.has_capability(request.user, community, C.CONFIGURE_COMMUNITY_WORK)
    if request.method == "POST":
        if not can_configure:
            raise PermissionDenied
        step = get_object_or_404(community.signal_ladder, pk=request.POST.get("step") or 0)
        direction = {"omhoog": -1, "omlaag": 1}.get(request.POST.get("move"))
        if direction is not None:
            signals_rules.ladder_step_move(step=step, direction=direction)
        return redirect("signal_ladder", slug=community.slug)
    steps = signals_rules.ladder_ensure(community=community)
    return render(
        request,
        "communities/signals/ladder.html",
        {
            "community": community,
            "steps": steps,
            "has_default": any(step.is_default for step in steps),
            "can_configure": can_configure,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ladder_step_edit(request, slug, pk=None):
    community = access.community_for(request.user, slug, C.CONFIGURE_COMMUNITY_WORK)
    step = get_object_or_404(community.signal_ladder, pk=pk) if pk else None
    initial = {"title": step.title, "description": step.description} if step else None
    form = LadderStepForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {
            "title": form.cleaned_data["title"],
            "description": form.cleaned_data["description"],
        }
        if step is None:
            call = lambda: signals_rules.ladder_step_add(community=community, **data)  # noqa: E731
        else:
            call = lambda: signals_rules.ladder_step_update(step=step, **data)  # noqa: E731
        if run_service(form, call):
            messages.success(request, _("De ladder is bijgewerkt."))
            return redirect("signal_ladder", slug=community.slug)
    return render(
        request,
        "communities/signals/form.html",
        {
            "community": community,
            "form": form,
            "title": _("Trede bewerken") if step else _("Nieuwe trede"),
            "cancel_url": reverse("signal_ladder", args=[community.slug]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ladder_step_delete(request, slug, pk):
    community = access.community_for(request.user, slug, C.CONFIGURE_COMMUNITY_WORK)
    step = get_object_or_404(community.signal_ladder, pk=pk)
    if request.method == "POST":
        signals_rules.ladder_step_delete(step=step)
        messages.success(request, _("De trede is verwijderd."))
        return redirect("signal_ladder", slug=community.slug)
    return render(
        request,
        "communities/signals/ladder_delete.html",
        {"community": community, "step": step},
    )
