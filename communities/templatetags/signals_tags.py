"""The signals panel on the community page and the home page: `{% signals_panel panel %}`, with
`panel` from `communities.cards.signals_panels` (the tag only renders; it never queries)."""

from django import template

register = template.Library()


@register.inclusion_tag("communities/signals/_panel_body.html")
def signals_panel(panel):
    return panel or {"show": False}
