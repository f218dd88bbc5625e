"""What the location cards and panels show (home page, list of locations, community page), for
many communities at once in a fixed number of queries (issue 14): a coach of fifty locations
costs the same number of queries as a coach of one. The template tags that render the panels
only format what these functions computed; they never query.

Every function takes the user (the panels differ per role) and the communities already fetched
through the user's scope (`communities.access`)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.core.paginator import Page, Paginator

from communities import access, selectors
from communities.access import Capability as C
from communities.activities import services as activities
from communities.constants import MixStatus, Role
from communities.mix import is_active
from communities.models import Community, Signal, User
from communities.outreach import services as outreach
from communities.safety import services as safety
from communities.signals import services as signals_rules

RECENT_MOVES_DAYS = 31


def activities_panels(
    *,
    user: User,
    communities: list[Community],
    today: datetime.date,
    compact: bool,
    inputs: dict | None = None,
) -> dict[int, dict | None]:
    """The activities panel per community: participation over the last three months, and on
    the full panel (community page) the share organised by residents."""
    start, end = activities.default_period(today=today)
    shown = [c for c in communities if access.has_capability(user, c, C.VIEW_COMMUNITY)]
    figures = (
        activities.participation_many(communities=shown, start=start, end=end, inputs=inputs)
        if shown
        else {}
    )
    panels: dict[int, dict | None] = {c.pk: None for c in communities}
    for community in shown:
        caps = access.capabilities_in(user, community)
        aggregate_only = access.is_aggregate_only(user, community)
        panel = {
            "community": community,
            "aggregate_only": aggregate_only,
            "figures": figures[community.pk],
            "band": activities.PARTICIPATION_BAND,
            "can_log": C.LOG_ACTIVITIES in caps,
            "can_view": C.VIEW_ACTIVITIES in caps,
        }
        if not aggregate_only and not compact:
            panel["this_month"], panel["last_three_months"] = activities.resident_organised_shares(
                community=community, periods=[(today.replace(day=1), today), (start, end)]
            )
        panels[community.pk] = panel
    return panels


def outreach_panels(
    *,
    user: User,
    communities: list[Community],
    today: datetime.date,
    inputs: dict | None = None,
) -> dict[int, dict]:
    """The outreach panel per community: how many residents were not reached lately and how
    long the attention list is (team members), the talent search (who may see talents).
    `inputs`: mix inputs covering `today`, for who lives there."""
    team = [c for c in communities if access.has_capability(user, c, C.VIEW_OUTREACH)]
    not_reached = {}
    if team:
        inputs = inputs or selectors.mix_inputs_many(communities=team, start=today, end=today)
        living = {
            c.pk: {s.resident_id for s in inputs[c.pk].stays if is_active(s.start, s.end, today)}
            for c in team
        }
        not_reached = outreach.not_reached_counts(communities=team, on=today, living=living)
    attention = (
        outreach.attention_for_many(user=user, communities=team, today=today) if team else {}
    )
    panels = {}
    for community in communities:
        caps = access.capabilities_in(user, community)
        panel = {"community": community, "caps": caps, "show": False}
        if C.VIEW_OUTREACH in caps:
            panel.update(
                show=True,
                weeks=community.outreach_after_weeks,
                not_reached=not_reached[community.pk],
                attention=len(attention[community.pk]),
            )
        if C.VIEW_TALENTS in caps:
            panel.update(show=True, can_search_talents=True)
        panels[community.pk] = panel
    return panels


def signals_panels(
    *, user: User, communities: list[Community], today: datetime.date
) -> dict[int, dict]:
    """The signals panel per community: team members with VIEW_SIGNALS see the counts of the
    signals they may see; gemeente and stuurgroep see counts only (1–4 as "< 5"); the
    residents' delegation and others see nothing of signals."""
    detail = [c for c in communities if access.has_capability(user, c, C.VIEW_SIGNALS)]
    counts_only = [c for c in communities if c not in detail and access.is_aggregate_only(user, c)]
    summaries = {}
    if detail:
        summaries.update(
            signals_rules.signal_summaries(
                signals=access.signals_visible_in(user, detail),
                communities=detail,
                today=today,
                masked=set(),
            )
        )
    if counts_only:
        summaries.update(
            signals_rules.signal_summaries(
                signals=Signal.objects.all(),
                communities=counts_only,
                today=today,
                masked={c.pk for c in counts_only},
            )
        )
    panels = {}
    for community in communities:
        caps = access.capabilities_in(user, community)
        panel = {"community": community, "caps": caps, "show": False}
        if community.pk in summaries:
            panel.update(
                show=True,
                masked=community.pk not in {c.pk for c in detail},
                summary=summaries[community.pk],
                can_list=C.VIEW_SIGNALS in caps,
                can_manage=C.MANAGE_SIGNALS in caps,
            )
        panels[community.pk] = panel
    return panels


def fire_drills_overdue(
    *, communities: list[Community], today: datetime.date
) -> dict[int, bool | datetime.date]:
    """`safety.fire_drill_overdue` per community, in one query."""
    statuses = safety.fire_drill_status_many(communities=communities, today=today)
    return {
        c.pk: safety.overdue_from(community=c, last=statuses[c.pk].last_held_on, today=today)
        for c in communities
    }


def location_rows(*, user: User, communities: list[Community], today: datetime.date) -> list:
    """One row per location for the list of locations: role, mix, phase and occupancy."""
    inputs = selectors.mix_inputs_many(communities=communities, start=today, end=today)
    mixes = selectors.community_mix_many(communities=communities, on=today, inputs=inputs)
    phases = selectors.community_phase_many(communities=communities, on=today)
    occupancy = selectors.occupancy_many(communities=communities, on=today, inputs=inputs)
    return [
        {
            "community": community,
            "role": access.role_in(user, community),
            "aggregate_only": access.is_aggregate_only(user, community),
            "mix": mixes[community.pk],
            "phase": phases[community.pk],
            "occupancy": occupancy[community.pk],
        }
        for community in communities
    ]


# Location cards on one page of the home page: a page costs the same for 3 locations or 50
# (a sociaal beheerder or coach of many gets pages; "Mijn taken" still covers them all).
HOME_CARDS_PER_PAGE = 10


def home_cards_page(*, user: User, page: str | int | None) -> Page:
    """The page of the user's locations (by name) whose cards the home page shows."""
    communities = [m.community for m in access.memberships_of(user)]
    return Paginator(communities, HOME_CARDS_PER_PAGE).get_page(page)


def role_cards(*, user: User) -> list[dict]:
    """Community, role and capabilities of every location of the user: what the quick actions
    and "Mijn taken" need across all of them, without the figures of a full card."""
    return [
        {
            "community": m.community,
            "role": m.role,
            "caps": access.capabilities_in(user, m.community),
        }
        for m in access.memberships_of(user)
    ]


def home_cards(
    *, user: User, today: datetime.date, communities: list[Community] | None = None
) -> list[dict]:
    """What each role needs first, one card per location the user is a member of (of
    `communities` only, when given: one page of them)."""
    memberships = access.memberships_of(user)  # also what access.role_in reads
    if communities is not None:
        shown = {c.pk for c in communities}
        memberships = [m for m in memberships if m.community_id in shown]
    communities = [m.community for m in memberships]
    if not communities:
        return []
    role = {m.community_id: m.role for m in memberships}
    caps = {c.pk: access.capabilities_in(user, c) for c in communities}
    inputs = selectors.mix_inputs_many(communities=communities, start=today, end=today)
    mixes = selectors.community_mix_many(communities=communities, on=today, inputs=inputs)
    phases = selectors.community_phase_many(communities=communities, on=today)
    occupancy = selectors.occupancy_many(communities=communities, on=today, inputs=inputs)

    managing = [
        c
        for c in communities
        if C.VIEW_UNITS in caps[c.pk]
        and role[c.pk] in (Role.SOCIAAL_BEHEERDER, Role.LOCATIEBEHEERDER)
    ]
    vacant = (
        selectors.vacant_units_many(communities=managing, on=today, inputs=inputs)
        if managing
        else {}
    )
    drills = fire_drills_overdue(communities=managing, today=today) if managing else {}
    following = [
        c
        for c in communities
        if C.VIEW_RESIDENTS in caps[c.pk]
        and role[c.pk] in (Role.SOCIAAL_BEHEERDER, Role.COMMUNITYCOACH)
    ]
    moves = (
        selectors.moves_between_many(
            communities=following,
            start=today - datetime.timedelta(days=RECENT_MOVES_DAYS),
            end=today,
        )
        if following
        else {}
    )
    supporting = [c.pk for c in communities if role[c.pk] == Role.BEGELEIDER]
    clients: dict[int, list] = defaultdict(list)
    if supporting:
        for period in (
            access.care_details_visible_to(user)
            .active_on(today)
            .filter(resident__community_id__in=supporting)
            .select_related("resident")
            .order_by("resident__last_name")
        ):
            clients[period.resident.community_id].append(period)

    team = [c for c in communities if not access.is_aggregate_only(user, c)]
    activity_panels = activities_panels(
        user=user, communities=team, today=today, compact=True, inputs=inputs
    )
    outreach = outreach_panels(user=user, communities=team, today=today, inputs=inputs)
    signals = signals_panels(user=user, communities=team, today=today)

    cards = []
    for community in communities:
        pk = community.pk
        mix = mixes[pk]
        card = {
            "community": community,
            "role": role[pk],
            "role_label": Role(role[pk]).label,
            "caps": caps[pk],
            "aggregate_only": access.is_aggregate_only(user, community),
            "mix": mix,
            "phase": phases[pk],
            "occupancy": occupancy[pk],
            "activities_panel": activity_panels.get(pk),
            "outreach_panel": outreach.get(pk),
            "signals_panel": signals.get(pk),
        }
        if C.VIEW_SECTION_MIX in caps[pk]:
            card["sections_needing_attention"] = [
                s
                for s in mix.sections
                if s.figures.status in (MixStatus.ACTION, MixStatus.ATTENTION)
            ]
        if pk in vacant:
            card["vacant_units"] = vacant[pk]
            card["fire_drill_overdue"] = drills[pk]
        if pk in moves:
            card["recent_moves"] = moves[pk]
        if pk in supporting:
            card["own_clients"] = clients[pk]
        cards.append(card)
    return cards
