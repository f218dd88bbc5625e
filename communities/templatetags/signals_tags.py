"""The signals panel on the community page: `{% signals_panel community %}`. Team members with
VIEW_SIGNALS see the counts of the signals they may see; gemeente and stuurgroep see counts only
(1–4 as "< 5"); the residents' delegation and others see nothing of signals."""

from django import template
from django.utils import timezone

from communities import access
from communities.access import Capability as C
from communities.signals import services as signals_rules

register = template.Library()


@register.inclusion_tag("communities/signals/_panel_body.html", takes_context=True)
def signals_panel(context, community):
    user = context["request"].user
    caps = access.capabilities_in(user, community)
    today = timezone.localdate()
    panel = {"community": community, "caps": caps, "show": False}
    if C.VIEW_SIGNALS in caps:
        signals = access.signals_visible_to(user, community)
        masked = False
    elif access.is_aggregate_only(user, community):
        signals = community.signals.all()
        masked = True
    else:
        return panel
    panel.update(
        show=True,
        masked=masked,
        summary=signals_rules.signal_summary(
            signals=signals, community=community, today=today, masked=masked
        ),
        can_list=C.VIEW_SIGNALS in caps,
        can_manage=C.MANAGE_SIGNALS in caps,
    )
    return panel
