"""The outreach panel on the community page and the home page: `{% outreach_panel panel %}`,
with `panel` from `communities.cards.outreach_panels` (the tag only renders; it never queries)."""

from django import template

register = template.Library()


@register.inclusion_tag("communities/outreach/_panel_body.html")
def outreach_panel(panel):
    return panel or {"show": False}
