"""IMO blocks for other pages, each computing its own context from (user, community):

    {% load imo_tags %}{% imo_panel user community %}   on the community page
    {% load imo_tags %}{% imo_home user %}              on the home page

and small helpers for the IMO templates (what the agreement asks, explained; badges).
"""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities import access
from communities.access import Capability as C
from imo.constants import AdviceKind, AgreementAsks, Attendance, CandidateStatus, VacancyStatus
from imo.models import Candidate, IntakeMeeting, Vacancy
from imo.selectors import overdue_follow_ups

register = template.Library()

WAITING = (CandidateStatus.REGISTERED, CandidateStatus.ON_AGENDA, CandidateStatus.ADVISED)


@register.inclusion_tag("imo/_imo_panel.html")
def imo_panel(user, community):
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
            waiting=Candidate.objects.filter(community=community, status__in=WAITING).count(),
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
    return panel


@register.inclusion_tag("imo/_imo_home.html")
def imo_home(user):
    """For the home page: the user's overdue follow-ups and check-ins, and the next IMO where
    the user is an attendee (only in communities where they still take part in the IMO)."""
    if not user.is_authenticated:
        return {"show": False}
    today = timezone.localdate()
    communities = [
        c for c in access.communities_for(user) if access.has_capability(user, c, C.VIEW_IMO)
    ]
    ids = {c.pk for c in communities}
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
    return {
        "show": bool(overdue or next_meeting),
        "overdue": overdue,
        "next_meeting": next_meeting,
        "today": today,
    }


ASKS_HELP = {
    AgreementAsks.SUPPORTED: gettext_lazy(
        "Met een begeleide bewoner blijft of komt de mix het dichtst bij de afspraak; een "
        "niet-begeleide bewoner zou het aandeel begeleid verder onder de streefwaarde brengen."
    ),
    AgreementAsks.UNSUPPORTED: gettext_lazy(
        "Met een niet-begeleide bewoner blijft of komt de mix het dichtst bij de afspraak; een "
        "begeleide bewoner zou het aandeel begeleid te hoog maken."
    ),
    AgreementAsks.EITHER: gettext_lazy(
        "Met een begeleide én met een niet-begeleide bewoner blijft de mix in balans: beide passen."
    ),
}


@register.filter
def asks_help(asks) -> str:
    """A short Dutch explanation of what the numeric agreement asks for at a vacancy."""
    text = ASKS_HELP.get(asks)
    return str(text) if text else ""


ASKS_CSS = {
    AgreementAsks.SUPPORTED: "text-bg-info",
    AgreementAsks.UNSUPPORTED: "text-bg-primary",
    AgreementAsks.EITHER: "text-bg-secondary",
}
ADVICE_CSS = {
    AdviceKind.POSITIVE: "text-bg-success",
    AdviceKind.NEGATIVE: "text-bg-danger",
    AdviceKind.POSTPONE: "text-bg-warning",
}
ATTENDANCE_CSS = {
    Attendance.PRESENT: "text-bg-success",
    Attendance.EXCUSED: "text-bg-warning",
    Attendance.ABSENT: "text-bg-danger",
    Attendance.UNKNOWN: "text-bg-secondary",
}


@register.filter
def asks_css(asks) -> str:
    return ASKS_CSS.get(asks, "text-bg-secondary")


@register.filter
def advice_css(kind) -> str:
    return ADVICE_CSS.get(kind, "text-bg-secondary")


@register.filter
def attendance_css(value) -> str:
    return ATTENDANCE_CSS.get(value, "text-bg-secondary")


@register.filter
def yes_no(value) -> str:
    if value is None:
        return "–"
    return _("Ja") if value else _("Nee")
