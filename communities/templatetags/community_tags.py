from django import template
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import mark_safe

from communities.constants import MixStatus
from communities.models import Community
from communities.navigation import location_menu
from communities.privacy import masked_count, mix_cells
from communities.registry import panel_contexts

register = template.Library()

STATUS_CLASSES = {
    MixStatus.ON_COURSE: "text-bg-success",
    MixStatus.ATTENTION: "text-bg-warning",
    MixStatus.ACTION: "text-bg-danger",
    MixStatus.NO_RESIDENTS: "text-bg-secondary",
}


@register.filter
def count(value, aggregate_only=False):
    """A head count; for aggregate viewers 1–4 is shown as "< 5"."""
    return masked_count(value) if aggregate_only else str(value)


@register.simple_tag
def mix_count(figures, key, aggregate_only=False):
    """ "residents", "supported" or "unsupported" of mix figures; for aggregate viewers through
    the suppression of the whole split, so a hidden count cannot be worked out from the other
    two."""
    if aggregate_only:
        return mix_cells(figures).label(key)
    return str(
        getattr(figures, key) if key != "residents" else figures.supported + figures.unsupported
    )


@register.simple_tag
def share(figures, aggregate_only=False):
    """The supported share as "33,3%"; hidden where a count behind it is hidden."""
    if figures.share_percent is None:
        return "–"
    if aggregate_only and mix_cells(figures).any_hidden("supported", "unsupported"):
        return "–"
    return f"{number_format(round(figures.share_percent, 1), 1)}%"


@register.filter
def percent(value, digits=1):
    if value is None:
        return "–"
    # number_format cuts off digits without rounding: round first.
    return f"{number_format(round(value, digits), digits)}%"


@register.filter
def signed_pp(value):
    if value is None:
        return "–"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{number_format(round(abs(value), 1), 1)} pp"


@register.inclusion_tag("communities/_status_badge.html")
def status_badge(figures):
    return {"status": MixStatus(figures.status), "css": STATUS_CLASSES[figures.status]}


@register.filter
def euro(value):
    """€ 1.234,56"""
    if value is None:
        return "–"
    return f"€ {number_format(round(value, 2), 2, force_grouping=True)}"


@register.simple_tag
def app_panels(page, user, community=None):
    """The blocks other apps plug into a core page (communities.registry.register_panel), each
    rendered with the context its app computed; nothing when the user gets none."""
    return mark_safe(
        "".join(
            render_to_string(panel.template, context)
            for panel, context in panel_contexts(page, user, community)
        )
    )


@register.inclusion_tag("communities/_location_nav.html", takes_context=True)
def location_nav(context):
    """The menu inside a location (issue 15, item 4) on every page of one: a page whose address
    names the location (`locaties/<slug>/…`) and whose context carries it as `community`. The
    tabs are those the user may open there; no query (the roles are read already)."""
    request = context.get("request")
    community = context.get("community")
    match = getattr(request, "resolver_match", None)
    if (
        not isinstance(community, Community)
        or match is None
        or match.kwargs.get("slug") != community.slug
        or not request.user.is_authenticated
    ):
        return {"items": []}
    items = location_menu(user=request.user, community=community, path=request.path)
    active = next((item for item in items if item.active), None)
    return {"community": community, "items": items, "active": active}
