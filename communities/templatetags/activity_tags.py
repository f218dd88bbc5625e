"""Template tags of the activities area: the participation share (masked for aggregate
viewers) and the panel on the community page and the home page."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.formats import number_format

from communities import access
from communities.access import Capability as C
from communities.activities import services as activities

register = template.Library()


@register.simple_tag
def participation_share(group, aggregate_only=False):
    """ "55,0%"; "–" with no residents, or for aggregate viewers where the share could point at
    fewer than 5 people."""
    if group.share is None or (aggregate_only and group.hides_share()):
        return "–"
    return f"{number_format(round(group.share_percent, 1), 1)}%"


@register.simple_tag
def share_visible(group, aggregate_only=False):
    return group.share is not None and not (aggregate_only and group.hides_share())


@register.simple_tag(takes_context=True)
def activities_panel_data(context, community):
    """What the activities panel shows for the current user in `community` (None when the user
    may not see the community)."""
    user = context["request"].user if "request" in context else context.get("user")
    if user is None or not access.has_capability(user, community, C.VIEW_COMMUNITY):
        return None
    caps = access.capabilities_in(user, community)
    today = timezone.localdate()
    start, end = activities.default_period(today=today)
    aggregate_only = access.is_aggregate_only(user, community)
    data = {
        "community": community,
        "aggregate_only": aggregate_only,
        "figures": activities.participation(community=community, start=start, end=end),
        "band": activities.PARTICIPATION_BAND,
        "can_log": C.LOG_ACTIVITIES in caps,
        "can_view": C.VIEW_ACTIVITIES in caps,
    }
    if not aggregate_only:
        month_start = today.replace(day=1)
        data["this_month"] = activities.resident_organised_share(
            community=community, start=month_start, end=today
        )
        data["last_three_months"] = activities.resident_organised_share(
            community=community, start=start, end=end
        )
    return data


@register.filter
def percent_of(part, whole):
    if not whole:
        return "–"
    return f"{number_format(round(100 * part / whole), 0)}%"
