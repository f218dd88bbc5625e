"""Thin views of the monitor: fetch through the viewer's scope (`monitor.access`), read through
the selectors, write through the services."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit import services as audit
from audit.constants import Action
from gemengdwonen.exports import export_response
from gemengdwonen.forms import add_service_error, run_service
from monitor import exports, selectors, services, survey
from monitor.access import (
    aggregate_municipalities,
    community_viewer,
    dashboard_communities,
    monitor_viewer,
)
from monitor.access import municipality_for as process_municipality_for
from monitor.charts import signals_by_kind, trend_charts
from monitor.forms import NormForm, SurveyAnswerForm, SurveyCreateForm, TokensForm
from monitor.models import Survey
from monitor.municipality import municipality_process
from monitor.norms import NORMS

EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_KINDS = ("scorekaart", "trends")


def _dashboard_context(user):
    today = timezone.localdate()
    communities = dashboard_communities(user)
    viewers = {c.pk: monitor_viewer(user, c) for c in communities}
    scorecards = selectors.scorecards_for(communities=communities, on=today, viewers=viewers)
    cards = [(c, scorecards[c.pk]) for c in communities]
    trends = selectors.trends_for(communities=communities, until=today)
    masked = {pk: viewer.masked for pk, viewer in viewers.items()}
    return {
        "today": today,
        "cards": cards,
        "ingredients": cards[0][1].rows if cards else [],
        "charts": trend_charts(trends=trends, masked=masked),
        "kinds": signals_by_kind(trends=trends, masked=masked),
        "any_masked": any(masked.values()),
        "municipalities": [m for m, _cs in aggregate_municipalities(user)],
    }


@login_required
def dashboard(request):
    return render(request, "monitor/dashboard.html", _dashboard_context(request.user))


@login_required
def municipality_process_view(request, pk):
    """The IMO process and prevented evictions of the municipality's locations together, per
    year and quarter, for gemeente and stuurgroep (`monitor.municipality`)."""
    municipality, communities = process_municipality_for(request.user, pk)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("jaar", today.year))
    except ValueError:
        year = today.year
    figures = municipality_process(
        municipality=municipality, communities=communities, today=today, year=year
    )
    return render(request, "monitor/municipality.html", {"p": figures, "today": today})


def _check_export(what: str, fmt: str) -> None:
    if what not in EXPORT_KINDS or fmt not in EXPORT_FORMATS:
        raise Http404


def _audit_export(request, communities, rows: int, what: str) -> None:
    audit.record_bulk_many(
        request,
        action=Action.EXPORT,
        object_type="report",
        count=rows,
        communities=communities,
        detail=f"monitor {what}",
    )


@login_required
def dashboard_export(request, what, fmt):
    _check_export(what, fmt)
    context = _dashboard_context(request.user)
    if what == "scorekaart":
        rows = [
            row
            for community, card in context["cards"]
            for row in exports.scorecard_rows(name=community.name, card=card)
        ]
        headers = exports.scorecard_headers()
    else:
        rows = exports.trend_rows(charts=context["charts"])
        headers = exports.trend_headers()
    _audit_export(request, [c for c, _card in context["cards"]], len(rows), what)
    return export_response(
        rows=rows, headers=headers, fmt=fmt, filename=f"monitor-{what}-{context['today']}"
    )


def _community_context(request, viewer):
    today = timezone.localdate()
    community = viewer.community
    card = selectors.scorecard_for(community=community, on=today, viewer=viewer)
    trends = selectors.trends_for(communities=[community], until=today)
    masked = {community.pk: viewer.masked}
    results, survey_trend = survey.survey_results(
        community=community, include_open_answers=viewer.sees_open_answers
    )
    return {
        "community": community,
        "viewer": viewer,
        "today": today,
        "card": card,
        "charts": trend_charts(trends=trends, masked=masked),
        "kinds": signals_by_kind(trends=trends, masked=masked),
        "results": results,
        "survey_trend": survey_trend,
        "norms": selectors.monitor_norms(community=community),
    }


@login_required
def community_monitor(request, slug):
    viewer = community_viewer(request.user, slug)
    return render(request, "monitor/community.html", _community_context(request, viewer))


@login_required
def community_export(request, slug, what, fmt):
    _check_export(what, fmt)
    viewer = community_viewer(request.user, slug)
    context = _community_context(request, viewer)
    community = viewer.community
    if what == "scorekaart":
        rows = exports.scorecard_rows(name=community.name, card=context["card"])
        headers = exports.scorecard_headers()
    else:
        rows = exports.trend_rows(charts=context["charts"])
        headers = exports.trend_headers()
    _audit_export(request, [community], len(rows), what)
    return export_response(
        rows=rows,
        headers=headers,
        fmt=fmt,
        filename=f"monitor-{community.slug}-{what}-{context['today']}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def norms_edit(request, slug):
    viewer = community_viewer(request.user, slug, manage=True)
    community = viewer.community
    posted_key = None
    if request.method == "POST":
        posted_key = next((key for key in NORMS if request.POST.get(f"{key}-norm") == key), None)
        if posted_key is None:
            return HttpResponseBadRequest(_("Onbekende norm."))
    posted = NormForm(request.POST, prefix=posted_key) if posted_key else None
    if posted is not None and posted.is_valid():
        data = posted.cleaned_data
        if run_service(
            posted,
            lambda: services.norm_override_save(
                community=community,
                norm=posted_key,
                low=data["low"],
                high=data["high"],
                reason=data["reason"],
                by=request.user,
            ),
        ):
            messages.success(request, _("De norm is opgeslagen."))
            return redirect("monitor_norms", slug=community.slug)
    norms = selectors.monitor_norms(community=community)
    rows = []
    for key, norm in norms.items():
        if key == posted_key:
            form = posted
        else:
            form = NormForm(
                initial={"norm": key, "low": norm.low, "high": norm.high, "reason": norm.reason},
                prefix=key,
            )
        rows.append({"norm": norm, "form": form})
    return render(
        request,
        "monitor/norms.html",
        {
            "community": community,
            "rows": rows,
            "history": selectors.norm_history(community=community),
            "definitions": NORMS,
        },
        # Form errors answer 200 with the form, as everywhere in the product.
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_manage(request, slug):
    viewer = community_viewer(request.user, slug, manage=True)
    community = viewer.community
    form = SurveyCreateForm(request.POST if request.POST.get("action") == "create" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create" and form.is_valid():
            data = form.cleaned_data
            if run_service(
                form,
                lambda: survey.survey_create(
                    community=community,
                    year=data["year"],
                    statements=form.statements(),
                    open_question=data["open_question"],
                    by=request.user,
                ),
            ):
                messages.success(request, _("De enquête is aangemaakt."))
                return redirect("monitor_survey", slug=community.slug)
        elif action in ("open", "close"):
            item = community.surveys.filter(pk=request.POST.get("survey")).first()
            if item is None:
                raise Http404
            survey.survey_set_open(survey=item, is_open=action == "open")
            return redirect("monitor_survey", slug=community.slug)
    surveys = list(community.surveys.order_by("-year"))
    for item in surveys:
        item.issued = item.tokens.count()
        item.used = item.tokens.filter(used_on__isnull=False).count()
    return render(
        request,
        "monitor/survey_manage.html",
        {"community": community, "form": form, "surveys": surveys, "tokens_form": TokensForm()},
    )


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


@login_required
@require_http_methods(["GET", "POST"])
def survey_links(request, slug, pk):
    viewer = community_viewer(request.user, slug, manage=True)
    community = viewer.community
    item = community.surveys.filter(pk=pk).first()
    if item is None:
        raise Http404
    form = TokensForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            tokens = survey.tokens_issue(survey=item, count=form.cleaned_data["count"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            links = []
            for token in tokens:
                url = settings.SITE_URL.rstrip("/") + reverse("survey_answer", args=[token])
                links.append({"url": url, "qr": mark_safe(_qr_svg(url))})  # noqa: S308 (our own SVG)
            return render(
                request,
                "monitor/survey_links_print.html",
                {"community": community, "survey": item, "links": links},
            )
    return render(
        request,
        "monitor/survey_links.html",
        {"community": community, "survey": item, "form": form},
    )


def survey_thanks(request):
    return render(request, "monitor/survey_thanks.html")


@require_http_methods(["GET", "POST"])
def survey_answer(request, token):
    """The residents' survey: no account, no name; one answer per link."""
    found = survey.token_find(token=token)
    if found is None:
        raise Http404
    item: Survey = found.survey
    if found.used_on is not None or not item.is_open:
        return render(
            request,
            "monitor/survey_closed.html",
            {"used": found.used_on is not None, "survey": item},
            status=410,
        )
    form = SurveyAnswerForm(request.POST if request.method == "POST" else None, survey=item)
    if request.method == "POST" and form.is_valid():
        try:
            survey.survey_answer(
                token=token,
                scores=form.scores(),
                open_answer=form.cleaned_data["open_answer"],
            )
        except survey.TokenUsed:
            return render(
                request,
                "monitor/survey_closed.html",
                {"used": True, "survey": item},
                status=410,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("survey_thanks")
    return render(
        request,
        "monitor/survey_answer.html",
        {"survey": item, "form": form, "community": item.community},
    )
