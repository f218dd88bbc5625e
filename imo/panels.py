"""The IMO's blocks on the core's pages, plugged in through `communities.registry` from
`ImoConfig.ready()`: the community page's panel and the start page's "for you" block. Each
computes its context from (user, community); None means the user gets no block."""

from __future__ import annotations

from django.utils import timezone

from communities import access
from communities.access import Capability as C
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
            open_vacancies=Vacancy.objects.filter(
                community=community, status=VacancyStatus.OPEN
            ).count(),
            waiting=Candidate.objects.filter(
                community=community, status__in=WAITING_STATUSES
            ).count(),
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


def imo_tab_visible(user, community) -> bool:
    """The IMO tab inside a location: its members."""
    return access.has_capability(user, community, C.VIEW_IMO)


def imo_metrics_tab_visible(user, community) -> bool:
    """The process figures, for those who see them but not the meetings themselves."""
    caps = access.capabilities_in(user, community)
    return C.VIEW_IMO_METRICS in caps and C.VIEW_IMO not in caps


def home_panel(user, community=None):
    """For the home page: the user's overdue follow-ups and check-ins, and the next IMO where
    the user is an attendee (only in communities where they still take part in the IMO)."""
    if not user.is_authenticated:
        return None
    today = timezone.localdate()
    ids = access.community_ids_with(user, C.VIEW_IMO)
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
