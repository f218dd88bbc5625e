"""The IMO's blocks on the core's pages, plugged in through `communities.registry` from
`ImoConfig.ready()`: the community page's panel and the start page's "for you" block. Each
computes its context from (user, community); None means the user gets no block."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from audit import services as audit
from communities import access
from communities.access import Capability as C
from communities.constants import Role
from communities.models import Community, Membership
from imo.constants import WAITING_STATUSES, CandidateStatus, VacancyStatus
from imo.models import Candidate, FollowUpAction, IntakeMeeting, Vacancy
from imo.selectors import overdue_follow_ups
from imo.welcome import welcome_handovers_many

MAX_TASKS = 20


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


def imo_tab_visible(user, community) -> bool:
    """The IMO tab inside a location: its members."""
    return access.has_capability(user, community, C.VIEW_IMO)


def imo_metrics_tab_visible(user, community) -> bool:
    """The process figures, for those who see them but not the meetings themselves."""
    caps = access.capabilities_in(user, community)
    return C.VIEW_IMO_METRICS in caps and C.VIEW_IMO not in caps


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
    """For the home page: the next IMO where the user is an attendee, in communities where they
    take part in the IMO and whose first block does not show it already (the sociaal beheerder,
    the residents' delegation). The follow-ups and check-ins due are in "Mijn taken"."""
    if not user.is_authenticated:
        return None
    ids = access.community_ids_with(user, C.VIEW_IMO) - {
        pk
        for pk, role in user._roles_cache.items()
        if role in (Role.SOCIAAL_BEHEERDER, Role.BEWONERSAFVAARDIGING)
    }
    next_meeting = (
        IntakeMeeting.objects.filter(
            community_id__in=ids, attendees__user=user, starts_at__gte=timezone.now()
        )
        .select_related("community")
        .order_by("starts_at")
        .first()
    )
    if next_meeting is None:
        return None
    return {"show": True, "next_meeting": next_meeting}


# --- the home page's first blocks and "Mijn taken" (issue 15, item 5) --------------------------

FOLLOW_UP_HORIZON_DAYS = 7
RECENT_HANDOVER_DAYS = 60


def follow_ups_due(user, today):
    """ "Mijn taken": the user's open follow-up actions and check-ins due within a week or late,
    in the locations where the user still takes part in the IMO. One query."""
    from communities.my_tasks import MyTask

    ids = access.community_ids_with(user, C.VIEW_IMO)
    if not ids:
        return []
    horizon = today + datetime.timedelta(days=FOLLOW_UP_HORIZON_DAYS)
    actions = (
        FollowUpAction.objects.filter(
            owner=user,
            done_on__isnull=True,
            due_on__lte=horizon,
            candidate__community_id__in=ids,
        )
        .select_related("candidate__community")
        .order_by("due_on", "pk")[:MAX_TASKS]
    )
    return [
        MyTask(
            kind=gettext("Check-in") if a.is_check_in else gettext("Vervolgactie"),
            title=f"{a.candidate}: {a.description}",
            where=a.candidate.community.name,
            url=reverse("imo_follow_ups", args=[a.candidate.community.slug]),
            due_on=a.due_on,
            late=a.due_on < today,
        )
        for a in actions
    ]


def home_first_panel(user, community=None):
    """What the sociaal beheerder and the residents' delegation start with, per location where
    they have that role: for the sociaal beheerder the open vacancies, the candidates waiting
    for advice, the next IMO and the decisions pending with the corporation (counts and units,
    no names); for the residents' delegation (the welcome committee) the handovers to welcome
    (name, unit, moving date: what `imo.welcome` gives, no care details) and the next IMO.
    Five queries at most, whatever the number of locations."""
    if not user.is_authenticated:
        return None
    memberships = list(
        Membership.objects.filter(
            user=user, role__in=(Role.SOCIAAL_BEHEERDER, Role.BEWONERSAFVAARDIGING)
        )
        .select_related("community")
        .order_by("community__name")
    )
    if not memberships:
        return None
    today = timezone.localdate()
    communities = [m.community for m in memberships]
    ids = [c.pk for c in communities]
    running = [m.community_id for m in memberships if m.role == Role.SOCIAAL_BEHEERDER]
    welcoming = [m.community_id for m in memberships if m.role == Role.BEWONERSAFVAARDIGING]

    next_meeting = {}
    for meeting in IntakeMeeting.objects.filter(
        community_id__in=ids, starts_at__gte=timezone.now()
    ).order_by("starts_at"):
        next_meeting.setdefault(meeting.community_id, meeting)

    vacancies = defaultdict(list)
    waiting = defaultdict(int)
    pending = defaultdict(int)
    if running:
        for vacancy in (
            Vacancy.objects.filter(community_id__in=running, status=VacancyStatus.OPEN)
            .select_related("unit")
            .order_by("available_from", "pk")
        ):
            vacancies[vacancy.community_id].append(vacancy)
        for community_id, status, n in (
            Candidate.objects.filter(community_id__in=running, status__in=WAITING_STATUSES)
            .values("community_id", "status")
            .annotate(n=Count("pk"))
            .values_list("community_id", "status", "n")
        ):
            if status == CandidateStatus.ADVISED:
                pending[community_id] += n
            else:
                waiting[community_id] += n

    handovers = defaultdict(list)
    if welcoming:
        since = today - datetime.timedelta(days=RECENT_HANDOVER_DAYS)
        for community_id, row in welcome_handovers_many(community_ids=welcoming, since=since):
            handovers[community_id].append(row)
        shown = sum(len(rows) for rows in handovers.values())
        if shown:
            # One event for the page, whatever the number of locations (a fixed number of
            # queries); it names the location when there is one.
            only = [c for c in communities if c.pk in handovers]
            audit.record_list_read(
                actor=user,
                object_type="welcome_handovers",
                count=shown,
                community=only[0] if len(only) == 1 else None,
                detail="startpagina",
            )

    blocks = []
    for m in memberships:
        pk = m.community_id
        blocks.append(
            {
                "community": m.community,
                "role": m.role,
                "runs": m.role == Role.SOCIAAL_BEHEERDER,
                "next_meeting": next_meeting.get(pk),
                "vacancies": vacancies[pk],
                "waiting": waiting[pk],
                "pending": pending[pk],
                "handovers": handovers[pk],
            }
        )
    return {"blocks": blocks, "today": today}
