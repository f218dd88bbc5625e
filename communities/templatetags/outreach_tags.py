"""The outreach panel on the community page: `{% outreach_panel community %}`."""

from django import template
from django.utils import timezone

from communities import access
from communities.access import Capability as C
from communities.outreach import services as outreach

register = template.Library()


@register.inclusion_tag("communities/outreach/_panel_body.html", takes_context=True)
def outreach_panel(context, community):
    user = context["request"].user
    caps = access.capabilities_in(user, community)
    today = timezone.localdate()
    panel = {"community": community, "caps": caps, "show": False}
    if C.VIEW_OUTREACH in caps:
        panel["show"] = True
        panel["weeks"] = community.outreach_after_weeks
        panel["not_reached"] = len(outreach.not_reached(community=community, on=today))
        panel["attention"] = len(
            outreach.attention_for(user=user, community=community, today=today)
        )
    if C.VIEW_TALENTS in caps:
        panel["show"] = True
        panel["can_search_talents"] = True
    return panel
