"""Views of the activities area: thin. The community comes from `access.community_for`, every
activity through that community; forms check input, communities.activities holds the rules."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audit import services as audit
from audit.constants import Action
from communities import access
from communities.access import Capability as C
from communities.activities import services as activities
from communities.activities.forms import (
    ActivityFilter,
    ActivityForm,
    KindFormSet,
    OtherContributionForm,
    PeriodForm,
    kind_rows,
)
from communities.forms import with_default_start
from gemengdwonen.charts import line_chart
from gemengdwonen.dates import months_before
from gemengdwonen.exports import export_response
from gemengdwonen.forms import add_service_error

PAGE_SIZE = 50
# Service errors keyed by a model field that the form shows under another name.
FORM_FIELD_FOR = {"starts_at": "date"}


def _activity(community, pk):
    return get_object_or_404(community.activities.select_related("kind"), pk=pk)


# --- Log, repeat, edit ------------------------------------------------------------------------


def _activity_form(request, community, *, initial=None, activity=None):
    today = timezone.localdate()
    kinds = activities.activity_kinds_ensure(community=community).filter(active=True)
    if activity is not None and not activity.kind.active:
        kinds = community.activity_kinds.filter(pk__in=[activity.kind_id]) | kinds
    kinds = kinds.order_by("order", "name")
    initial = dict(initial or {})
    if not initial.get("kind"):
        initial["kind"] = kinds.first()
    extra = ()
    if activity is not None:
        extra = [*activity.participants.all(), *activity.organisers.all()]
    return ActivityForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        community=community,
        kinds=kinds,
        resident_choices=activities.resident_choices(community=community, on=today),
        extra_residents=extra,
    )


def _render_activity_form(request, community, form, *, title, activity=None, repeated_from=None):
    rows = form.resident_rows()
    return render(
        request,
        "communities/activities/activity_form.html",
        {
            "community": community,
            "form": form,
            "resident_rows": rows,
            "picked_count": sum(row["participant"] for row in rows),
            "title": title,
            "activity": activity,
            "repeated_from": repeated_from,
        },
    )


def _logged_message(request, activity):
    count = activity.participants.count()
    messages.success(
        request,
        _("Activiteit vastgelegd: %(what)s op %(date)s met %(n)s bewoners.")
        % {
            "what": activity,
            "date": date_format(timezone.localtime(activity.starts_at), "SHORT_DATE_FORMAT"),
            "n": count,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request, slug):
    community = access.community_for(request.user, slug, C.LOG_ACTIVITIES)
    last_kind = activities.last_kind_used(user=request.user, community=community)
    form = _activity_form(request, community, initial={"kind": last_kind} if last_kind else None)
    if request.method == "POST" and form.is_valid():
        try:
            activity = activities.activity_log(
                community=community, data=form.activity_data(), recorded_by=request.user
            )
        except ValidationError as error:
            add_service_error(form, error, field_names=FORM_FIELD_FOR)
        else:
            audit.record_change(request, activity, community=community, action=Action.CREATE)
            _logged_message(request, activity)
            return redirect("activity_list", slug=community.slug)
    return _render_activity_form(request, community, form, title=_("Activiteit vastleggen"))


@login_required
@require_http_methods(["GET", "POST"])
def activity_repeat(request, slug, pk):
    community = access.community_for(request.user, slug, C.LOG_ACTIVITIES)
    source = _activity(community, pk)
    form = _activity_form(
        request, community, initial=activities.activity_repeat_initial(activity=source)
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = activities.activity_log(
                community=community,
                data=form.activity_data(),
                recorded_by=request.user,
                repeated_from=source,
            )
        except ValidationError as error:
            add_service_error(form, error, field_names=FORM_FIELD_FOR)
        else:
            audit.record_change(
                request, activity, community=community, action=Action.CREATE, detail="herhaald"
            )
            _logged_message(request, activity)
            return redirect("activity_list", slug=community.slug)
    return _render_activity_form(
        request, community, form, title=_("Activiteit herhalen"), repeated_from=source
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_update(request, slug, pk):
    community = access.community_for(request.user, slug, C.LOG_ACTIVITIES)
    activity = _activity(community, pk)
    form = _activity_form(
        request, community, initial=ActivityForm.initial_from(activity), activity=activity
    )
    if request.method == "POST" and form.is_valid():
        try:
            activities.activity_update(activity=activity, data=form.activity_data())
        except ValidationError as error:
            add_service_error(form, error, field_names=FORM_FIELD_FOR)
        else:
            audit.record_change(request, activity, community=community)
            messages.success(request, _("De activiteit is bijgewerkt."))
            return redirect("activity_detail", slug=community.slug, pk=activity.pk)
    return _render_activity_form(
        request, community, form, title=_("Activiteit bewerken"), activity=activity
    )


@login_required
@require_GET
def activity_detail(request, slug, pk):
    community = access.community_for(request.user, slug, C.VIEW_ACTIVITIES)
    activity = get_object_or_404(
        activities.activities_of(community=community).select_related("repeated_from__kind"),
        pk=pk,
    )
    audit.record_list_read(
        actor=request.user,
        object_type="resident",
        count=activity.participants.count() + activity.organisers.count(),
        community=community,
        detail="deelnemers",
    )
    return render(
        request,
        "communities/activities/activity_detail.html",
        {
            "community": community,
            "activity": activity,
            "can_log": access.has_capability(request.user, community, C.LOG_ACTIVITIES),
        },
    )


# --- List and export --------------------------------------------------------------------------


def _filtered(request, community, *, with_people: bool):
    activities.activity_kinds_ensure(community=community)
    return ActivityFilter(
        with_default_start(request.GET),
        queryset=activities.activities_of(community=community, with_people=with_people),
        community=community,
    )


@login_required
@require_GET
def activity_list(request, slug):
    community = access.community_for(request.user, slug, C.VIEW_ACTIVITIES)
    activity_filter = _filtered(request, community, with_people=False)
    page = Paginator(activity_filter.qs, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    caps = access.capabilities_in(request.user, community)
    audit.record_list_read(
        actor=request.user,
        object_type="activity",
        count=len(page.object_list),
        community=community,
    )
    return render(
        request,
        "communities/activities/activity_list.html",
        {
            "community": community,
            "filter": activity_filter,
            "page": page,
            "query": query.urlencode(),
            "can_log": C.LOG_ACTIVITIES in caps,
            "can_configure": C.CONFIGURE_COMMUNITY_WORK in caps,
        },
    )


@login_required
@require_GET
def activity_export(request, slug):
    community = access.community_for(request.user, slug, C.VIEW_ACTIVITIES)
    fmt = request.GET.get("formaat", "csv")
    if fmt not in ("csv", "xlsx"):
        return HttpResponseBadRequest(_("Kies als formaat csv of xlsx."))
    activity_filter = _filtered(request, community, with_people=True)
    if activity_filter.is_bound and not activity_filter.is_valid():
        return HttpResponseBadRequest(_("Het filter klopt niet; pas het aan in de lijst."))
    rows = activities.activity_export_rows(activities=activity_filter.qs)
    # The export carries participants' names: personal data leaving the product.
    audit.record_bulk(
        request, action=Action.EXPORT, object_type="activity", count=len(rows), community=community
    )
    return export_response(
        rows=rows,
        filename=f"activiteiten-{community.slug}-{timezone.localdate():%Y-%m-%d}",
        fmt=fmt,
        headers=activities.activity_export_headers(),
    )


# --- Activity kinds ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def activity_kinds(request, slug):
    community = access.community_for(request.user, slug, C.CONFIGURE_COMMUNITY_WORK)
    kinds = activities.activity_kinds_ensure(community=community).order_by("order", "name")
    initial = [{"pk": k.pk, "name": k.name, "active": k.active, "order": k.order} for k in kinds]
    formset = KindFormSet(request.POST or None, initial=initial, prefix="soort")
    if request.method == "POST" and formset.is_valid():
        try:
            activities.activity_kinds_update(community=community, rows=kind_rows(formset))
        except ValidationError as error:
            formset.service_errors = error.messages
        else:
            messages.success(request, _("De soorten activiteiten zijn opgeslagen."))
            return redirect("activity_kinds", slug=community.slug)
    return render(
        request,
        "communities/activities/activity_kinds.html",
        {"community": community, "formset": formset},
    )


# --- Other contributions ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def other_contribution_create(request, slug):
    community = access.community_for(request.user, slug, C.LOG_ACTIVITIES)
    today = timezone.localdate()
    initial = {}
    if request.GET.get("bewoner", "").isdigit():
        initial["resident"] = request.GET["bewoner"]
    form = OtherContributionForm(
        request.POST or None,
        initial=initial,
        community=community,
        resident_choices=activities.resident_choices(community=community, on=today),
    )
    if request.method == "POST" and form.is_valid():
        try:
            contribution = activities.other_contribution_record(
                community=community,
                recorded_by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_error(form, error, field_names=FORM_FIELD_FOR)
        else:
            audit.record_change(request, contribution, community=community, action=Action.CREATE)
            messages.success(
                request,
                _("De bijdrage van %(name)s is vastgelegd.") % {"name": contribution.resident},
            )
            return redirect("other_contribution_create", slug=community.slug)
    start, end = activities.default_period(today=today)
    recent = activities.other_contributions(community=community, start=start, end=end)
    # No list of people beside a split for those who may not see support status (issue 9):
    # their own entries only.
    sees_status = access.can_see_support_status(request.user, community)
    if not sees_status:
        recent = recent.filter(recorded_by=request.user)
    return render(
        request,
        "communities/activities/other_contribution_form.html",
        {
            "community": community,
            "form": form,
            "recent": recent,
            "only_own": not sees_status,
        },
    )


# --- Participation ----------------------------------------------------------------------------


def organisers_chart(months: list[activities.MonthOrganisers]):
    return line_chart(
        title=_("Aandeel activiteiten georganiseerd door bewoners (%)"),
        labels=[date_format(m.month, "M") for m in months],
        series={
            _("Door bewoners (alleen of samen)"): [
                None if m.share_percent is None else round(m.share_percent, 1) for m in months
            ],
        },
        # The current month is counted up to today: hatched as "lopend", not drawn as a drop.
        running=bool(months),
    )


@login_required
@require_GET
def participation(request, slug):
    community = access.community_for(request.user, slug, C.VIEW_COMMUNITY)
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    if not form.is_bound:
        form = PeriodForm(initial={"start": start, "end": end})
    figures = activities.participation(community=community, start=start, end=end)
    groups = [(_("Alle bewoners"), figures.overall)]
    quarter_split = None
    if access.can_see_support_status(request.user, community):
        groups += [(_("Begeleid"), figures.supported), (_("Niet-begeleid"), figures.unsupported)]
    else:
        quarter_split = activities.participation_split_without_status(
            community=community, until=end
        )
    months = activities.resident_organised_by_month(community=community, until=end)
    today = timezone.localdate()
    presets = [
        (label, months_before(today, n) + datetime.timedelta(days=1), today)
        for label, n in ((_("3 maanden"), 3), (_("6 maanden"), 6), (_("12 maanden"), 12))
    ]
    return render(
        request,
        "communities/activities/participation.html",
        {
            "community": community,
            "form": form,
            "figures": figures,
            "groups": groups,
            "quarter_split": quarter_split,
            "aggregate_only": access.is_aggregate_only(request.user, community),
            "band": activities.PARTICIPATION_BAND,
            "months": months,
            "chart": organisers_chart(months),
            "presets": presets,
            "caps": access.capabilities_in(request.user, community),
        },
    )
