"""The first blocks of each role's home page (issue 15, item 5), from the core's data: what the
locatiebeheerder, the begeleider and welzijn need before anything else. The IMO's blocks (the
sociaal beheerder's vacancies, candidates and decisions; the welcome committee's handovers) come
from the IMO through the registry (`home_first` panels).

Everything is computed for all of the user's locations together in a fixed number of queries,
from the location cards already built (`communities.cards.home_cards`): roles, capabilities,
vacant units and the begeleider's own clients are read there once.

Decisions:
- "Units needing work" for the locatiebeheerder are the units nobody lives in today: they are
  to be made ready for the next tenant. The platform keeps no maintenance register.
- The begeleider's 10 % this month: the community hours written by the begeleiders of the user's
  own care organisation in the weeks of this month so far (from the week of the 1st), against
  10 % (the location's share) of the indicated hours of the organisation's clients there, once
  per week.
  A running month is shown as "lopend", not as below the norm.
- Beheer hours: the location's beheer hours (everyone's) this week and the average of the last
  four complete weeks, against the beheer norm (1 fte per 150–350 units).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.access import Capability as C
from communities.constants import Role, TimeKind
from communities.hours.services import PANEL_AVERAGE_WEEKS, community_norms, week_start
from communities.models import Activity, TimeEntry, User
from communities.norms import fmt_hours, hours_range_label, norm_status
from communities.safety.services import fire_drill_status_many

ACTIVITY_WINDOW_DAYS = 14


def _weeks_of_month(today: datetime.date) -> list[datetime.date]:
    """The Mondays of the weeks of this month so far: from the week of the 1st to this week
    (hours are written per week; a week across two months counts in both)."""
    monday = week_start(today.replace(day=1))
    weeks = []
    while monday <= today:
        weeks.append(monday)
        monday += datetime.timedelta(days=7)
    return weeks


def _management_hours(communities, today):
    """Per community: {week_start: hours} of beheer over this week and the four before."""
    current = week_start(today)
    since = current - datetime.timedelta(weeks=PANEL_AVERAGE_WEEKS)
    result: dict[int, dict] = {c.pk: defaultdict(Decimal) for c in communities}
    for community_id, week, hours in (
        TimeEntry.objects.filter(
            community__in=communities, kind=TimeKind.MANAGEMENT, week_start__gte=since
        )
        .values("community_id", "week_start")
        .annotate(hours=Sum("hours"))
        .values_list("community_id", "week_start", "hours")
    ):
        result[community_id][week] += hours
    return result


def _beheer_line(card, weeks: dict, today):
    current = week_start(today)
    complete = [
        weeks.get(current - datetime.timedelta(weeks=n), Decimal(0))
        for n in range(1, PANEL_AVERAGE_WEEKS + 1)
    ]
    average = (sum(complete, Decimal(0)) / PANEL_AVERAGE_WEEKS).quantize(Decimal("0.1"))
    low, high = community_norms(card["community"]).management_norm(units=card["occupancy"].units)
    return {
        "this_week": fmt_hours(weeks.get(current, Decimal(0))),
        "average": fmt_hours(average),
        "norm": hours_range_label(low, high),
        "status": norm_status(realised=average, low=low, high=high),
    }


def _care_month(user: User, cards: list[dict], today: datetime.date) -> dict[int, dict]:
    """Per community: the own organisation's community hours this month against its 10 %."""
    weeks = _weeks_of_month(today)
    ids = [c["community"].pk for c in cards]
    realised: dict[int, Decimal] = defaultdict(Decimal)
    if weeks and user.organisation_id is not None:
        for community_id, hours in (
            TimeEntry.objects.filter(
                community_id__in=ids,
                kind=TimeKind.CARE,
                user__organisation_id=user.organisation_id,
                week_start__in=weeks,
            )
            .values("community_id")
            .annotate(hours=Sum("hours"))
            .values_list("community_id", "hours")
        ):
            realised[community_id] = hours
    result = {}
    for card in cards:
        pk = card["community"].pk
        per_week = community_norms(card["community"]).care_norm(
            indicated_hours_per_week=[p.hours_per_week for p in card["own_clients"] or []]
        )
        norm = per_week * len(weeks)
        done = realised[pk]
        result[pk] = {
            "realised": fmt_hours(done),
            "norm": fmt_hours(norm),
            "per_week": fmt_hours(per_week),
            "weeks": len(weeks),
            "share_percent": community_norms(card["community"]).care_share_label,
            "reached": norm > 0 and done >= norm,
            "month": today,
        }
    return result


def _activities(cards: list[dict], today: datetime.date) -> dict[int, dict]:
    """Per community: the activities of the coming two weeks and of the last two weeks."""
    now = timezone.now()
    ids = [c["community"].pk for c in cards]
    start = now - datetime.timedelta(days=ACTIVITY_WINDOW_DAYS)
    end = now + datetime.timedelta(days=ACTIVITY_WINDOW_DAYS)
    result = {pk: {"coming": [], "recent": []} for pk in ids}
    for activity in (
        Activity.objects.filter(community_id__in=ids, starts_at__gte=start, starts_at__lt=end)
        .select_related("kind")
        .order_by("starts_at", "pk")
    ):
        key = "coming" if activity.starts_at >= now else "recent"
        result[activity.community_id][key].append(activity)
    for rows in result.values():
        rows["recent"].reverse()  # the most recent first
    return result


def first_blocks(*, user: User, cards: list[dict], today: datetime.date) -> dict[int, dict]:
    """Per location card: the block its role starts with (None: the card itself is the role's
    work, e.g. the coach's), in a fixed number of queries for all locations."""
    by_role: dict[str, list[dict]] = defaultdict(list)
    for card in cards:
        if not card["aggregate_only"]:
            by_role[card["role"]].append(card)
    blocks: dict[int, dict] = {}

    managing = by_role.get(Role.LOCATIEBEHEERDER, [])
    if managing:
        communities = [c["community"] for c in managing]
        drills = fire_drill_status_many(communities=communities, today=today)
        hours = _management_hours(communities, today)
        for card in managing:
            community = card["community"]
            blocks[community.pk] = {
                "kind": "locatiebeheerder",
                "drill": drills[community.pk],
                "has_plan": bool(community.evacuation_plan.strip()),
                "vacant_units": card.get("vacant_units") or [],
                "beheer": _beheer_line(card, hours[community.pk], today),
                "can_log_hours": C.LOG_HOURS in card["caps"],
            }

    supporting = by_role.get(Role.BEGELEIDER, [])
    if supporting:
        months = _care_month(user, supporting, today)
        for card in supporting:
            pk = card["community"].pk
            blocks[pk] = {
                "kind": "begeleider",
                "clients": card.get("own_clients") or [],
                "month": months[pk],
                "can_log_hours": C.LOG_HOURS in card["caps"],
            }

    welfare = [c for c in by_role.get(Role.WELZIJN, []) if C.VIEW_ACTIVITIES in c["caps"]]
    if welfare:
        activities = _activities(welfare, today)
        for card in welfare:
            pk = card["community"].pk
            blocks[pk] = {
                "kind": "welzijn",
                "coming": activities[pk]["coming"],
                "recent": activities[pk]["recent"],
                "can_log": C.LOG_ACTIVITIES in card["caps"],
                "can_search_talents": C.VIEW_TALENTS in card["caps"],
            }
    return blocks


# --- quick actions --------------------------------------------------------------------------

QUICK_ACTIONS = (
    # (label msgid, url name, capability)
    (_("Activiteit"), "activity_create", C.LOG_ACTIVITIES),
    (_("Contact"), "contact_create", C.RECORD_CONTACTS),
    (_("Signaal"), "signal_create", C.MANAGE_SIGNALS),
    (_("Uren"), "hours_log", C.LOG_HOURS),
)


def quick_actions(*, cards: list[dict], last_slug: str | None) -> dict | None:
    """The quick actions at the top of the home page, for the location last opened (else the
    first one where the user may record anything), with the other such locations to switch to.
    None when the user may record nothing anywhere."""
    able = [c for c in cards if any(cap in c["caps"] for _l, _u, cap in QUICK_ACTIONS)]
    if not able:
        return None
    chosen = next((c for c in able if c["community"].slug == last_slug), able[0])
    slug = chosen["community"].slug
    return {
        "community": chosen["community"],
        # First on the page for the coach, who records on the move; after their own work for
        # the other roles.
        "lead": chosen["role"] == Role.COMMUNITYCOACH,
        "actions": [
            {"label": str(label), "url": reverse(url_name, args=[slug])}
            for label, url_name, cap in QUICK_ACTIONS
            if cap in chosen["caps"]
        ],
        "others": [c["community"] for c in able if c is not chosen],
    }


def is_professional(user: User, cards: list[dict]) -> bool:
    """Whether the user works in one of the locations (not the residents' delegation, not an
    aggregate-only role): they get "Mijn taken"."""
    professional = {
        Role.COMMUNITYCOACH,
        Role.SOCIAAL_BEHEERDER,
        Role.LOCATIEBEHEERDER,
        Role.BEGELEIDER,
        Role.WELZIJN,
    }
    return any(c["role"] in professional for c in cards)
