"""The IMO overview and the process figures."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from audit import services as audit
from communities import access
from communities.access import Capability as C
from communities.selectors import community_mix_history
from gemengdwonen.charts import mix_history_chart
from imo import selectors
from imo.access import imo_viewer
from imo.constants import (
    DONE_STATUSES,
    WAITING_STATUSES,
    CandidateStatus,
    VacancyStatus,
    status_label,
)
from imo.models import MeetingSchedule

# --- overview ---------------------------------------------------------------------------------

FINISHED_SHOWN_DAYS = 365


@login_required
def imo_overview(request, slug):
    community = access.community_for(request.user, slug, C.VIEW_IMO)
    viewer = imo_viewer(request.user, community)
    caps = viewer.capabilities
    now = timezone.now()
    today = timezone.localdate()
    limited = viewer.limited
    # Every candidate still in the process, and those finished who registered in the last year:
    # the page costs the same after ten years of meetings as after one.
    finished = (*DONE_STATUSES, CandidateStatus.DECLINED)
    candidates = (
        community.candidates.filter(
            ~Q(status__in=finished)
            | Q(registered_on__gt=today - datetime.timedelta(days=FINISHED_SHOWN_DAYS))
        )
        .select_related("vacancy__unit")
        .order_by("last_name", "first_name")
    )
    candidates = list(candidates)
    audit.record_list_read(
        actor=request.user, object_type="candidate", count=len(candidates), community=community
    )
    by_status = []
    for status in CandidateStatus:
        rows = [c for c in candidates if c.status == status]
        if rows:
            by_status.append({"status": status, "label": status_label(status), "candidates": rows})
    return render(
        request,
        "imo/overview.html",
        {
            "community": community,
            "caps": caps,
            "limited": limited,
            "can_run": C.RUN_IMO in caps,
            "upcoming": community.intake_meetings.filter(starts_at__gte=now)
            .select_related("chair")
            .order_by("starts_at")[:6],
            "past": community.intake_meetings.filter(starts_at__lt=now)
            .select_related("chair")
            .order_by("-starts_at")[:6],
            "vacancies": selectors.open_vacancy_rows(
                community=community, today=today, statuses=[VacancyStatus.OPEN]
            ),
            "by_status": by_status,
            "waiting_statuses": WAITING_STATUSES,
            "schedule": MeetingSchedule.objects.filter(community=community).first(),
        },
    )


# --- process monitoring -----------------------------------------------------------------------


@login_required
def metrics(request, slug):
    """The process figures of the last 12 months for the location's team. Aggregate viewers
    (gemeente, stuurgroep) get the location's row of the municipality's table instead, per
    calendar year and suppressed together with the other locations (the monitor plugs it in as
    the "imo_metrics" panel): the location's own small counts beside the municipality's total
    would give each other away."""
    community = access.community_for(request.user, slug, C.VIEW_IMO_METRICS)
    aggregate_only = access.is_aggregate_only(request.user, community)
    today = timezone.localdate()
    if aggregate_only:
        # Only the mix here: the process figures come from the municipality's table.
        history = community_mix_history(community=community, until=today, months=12)
    else:
        figures = selectors.process_metrics(community=community, until=today)
        history = figures.mix_history
    context = {
        "community": community,
        "aggregate_only": aggregate_only,
        "mix_history": history,
        "chart": mix_history_chart(
            history, band_pp=community.band_on_course_pp, mask_small_counts=aggregate_only
        ),
        "can_view_imo": access.has_capability(request.user, community, C.VIEW_IMO),
    }
    if not aggregate_only:
        context["m"] = figures
        context.update(
            vacancies_filled=figures.vacancies_filled,
            moved_in=figures.moved_in,
            decisions=figures.decisions_with_advice,
            decisions_followed=figures.decisions_following_advice,
            vacant_avg=figures.vacant_days_average,
            vacant_median=figures.vacant_days_median,
            intake_avg=figures.intake_days_average,
            intake_median=figures.intake_days_median,
            followed_percent=figures.share_following_advice_percent,
        )
    return render(request, "imo/metrics.html", context)
