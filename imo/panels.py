"""The IMO's blocks on the core's pages, plugged in through `communities.registry` from
`ImoConfig.ready()`: the community page's panel and the start page's "for you" block. Each
computes its context from (user, community); None means the user gets no block."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from communities import access
from communities.access import Capability as C
from communities.models import Community
from imo.constants import WAITING_STATUSES, VacancyStatus
from imo.models import Candidate, IntakeMeeting, Vacancy
from imo.selectors import overdue_follow_ups


def community_panel(user, community):
    """The IMO at a glance for the community page: the next meeting, open vacancies, candidates
    waiting, and the user's own overdue follow-ups there. Roles with the process figures only
    (gemeente, stuurgroep, welzijn, locatiebeheerder) get a link to those."""
    caps = access.capabilities_in(user, community)
    panel = {"community": community, "show": False}
    if C.VIEW_IMO in caps:
        today = timezone.localdate()
        panel.update(
            show=True,
            members=True,
            next_meeting=IntakeMeeting.objects.filter(
                community=community, starts_at__gte=timezone.now()
            )
            .order_by("starts_at")
            .first(),
            **_counts(community),
            overdue=[
                a
                for a in overdue_follow_ups(user=user, on=today)
                if a.candidate.community_id == community.pk
            ],
            follow_ups_visible=C.VIEW_RESIDENTS in caps,
            metrics=C.VIEW_IMO_METRICS in caps,
        )
    elif C.VIEW_IMO_METRICS in caps:
        panel.update(show=True, members=False, metrics=True)
    return panel if panel["show"] else None


def _counts(community) -> dict[str, int]:
    """Open vacancies and candidates waiting, in one query."""
    row = (
        Community.objects.filter(pk=community.pk)
        .annotate(
            open_vacancies=_count(
                Vacancy.objects.filter(community=OuterRef("pk"), status=VacancyStatus.OPEN)
            ),
            waiting=_count(
                Candidate.objects.filter(community=OuterRef("pk"), status__in=WAITING_STATUSES)
            ),
        )
        .values("open_vacancies", "waiting")
        .get()
    )
    return row


def _count(queryset) -> Coalesce:
    return Coalesce(
        Subquery(
            queryset.order_by().values("community").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def home_panel(user, community=None):
    """For the home page: the user's overdue follow-ups and check-ins, and the next IMO where
    the user is an attendee (only in communities where they still take part in the IMO)."""
    if not user.is_authenticated:
        return None
    today = timezone.localdate()
    ids = access.community_ids_with(user, C.VIEW_IMO)
    if not ids:  # gemeente, stuurgroep, welzijn, locatiebeheerder: no block, no query
        return None
    overdue = [
        a for a in overdue_follow_ups(user=user, on=today) if a.candidate.community_id in ids
    ]
    next_meeting = (
        IntakeMeeting.objects.filter(
            community_id__in=ids, attendees__user=user, starts_at__gte=timezone.now()
        )
        .select_related("community")
        .order_by("starts_at")
        .first()
    )
    if not (overdue or next_meeting):
        return None
    return {"show": True, "overdue": overdue, "next_meeting": next_meeting, "today": today}
