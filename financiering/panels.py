"""Funding's blocks on the core's pages: the community page's horizon and warnings, and the start
page's overview for those who see funding (gemeente, stuurgroep, the editors). Each computes its
context from (user, community); None means the user gets no block."""

from __future__ import annotations

from django.utils import timezone

from communities import access as community_access
from financiering import access, selectors
from financiering.access import FundingCapability as F


def community_panel(user, community):
    """The horizon and the warnings, for those who see this community's funding."""
    if not access.can(user, community, F.VIEW_FUNDING):
        return None
    status = selectors.funding_status(community=community, today=timezone.localdate())
    return {"show": True, "community": community, "status": status}


def funding_tab_visible(user, community) -> bool:
    """The funding tab inside a location: the roles that see funding there. Decided by the role
    alone, so the menu on every page of a location costs no query; a kerngroep representative
    of another role (who may open the page too) reaches it through the community page's panel."""
    role = community_access.role_in(user, community)
    return bool(access.ROLE_FUNDING_CAPABILITIES.get(role, frozenset()) & {F.VIEW_FUNDING})


def home_panel(user, community=None):
    """Per community the horizon and its warnings, and the municipality overviews."""
    communities = access.funding_communities(user)
    if not communities:
        return None
    statuses = selectors.funding_status_for(communities=communities, today=timezone.localdate())
    municipalities = {}
    for c in communities:
        municipalities.setdefault(c.municipality_id, c.municipality)
    return {
        "show": True,
        "statuses": [statuses[c.pk] for c in communities],
        "municipalities": list(municipalities.values()),
    }
