"""Getting around a location (issue 15, item 4): one menu on every page inside a location, with
the tabs the user may open there, and the last location the user opened (for the quick actions
on the home page).

The core's tabs are registered here; the IMO, governance, funding and the monitor register their
own from their `AppConfig.ready()` (`communities.registry.register_location_tab`), so the core
never imports them. Whether a tab shows is the same rule as its page's: the role's capabilities
(`communities.access`), read from the roles already fetched for the request (no query).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from communities import access
from communities.access import Capability as C
from communities.models import Community, User
from communities.registry import location_tabs, register_location_tab

# The cookie with the slug of the last location whose page the user opened.
LAST_LOCATION_KEY = "gw_last_location"
LAST_LOCATION_MAX_AGE = 60 * 60 * 24 * 90


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    active: bool


def _can(capability: C):
    def visible(user: User, community: Community) -> bool:
        return access.has_capability(user, community, capability)

    visible.__name__ = f"can_{capability.value}"
    return visible


def register_core_tabs() -> None:
    """The core's tabs, in the order of the issue; the apps' tabs slot in by `order`."""
    register_location_tab(
        name="overview",
        label=_("Overzicht"),
        url_name="community_detail",
        visible=_can(C.VIEW_COMMUNITY),
        order=0,
    )
    register_location_tab(
        name="residents",
        label=_("Bewoners"),
        url_name="resident_list",
        visible=_can(C.VIEW_RESIDENTS),
        order=10,
        also=("begeleiding/", "import/"),
    )
    register_location_tab(
        name="units",
        label=_("Eenheden"),
        url_name="unit_list",
        visible=_can(C.VIEW_UNITS),
        order=15,
    )
    register_location_tab(
        name="activities",
        label=_("Activiteiten"),
        url_name="activity_list",
        visible=_can(C.VIEW_ACTIVITIES),
        order=40,
        also=("deelname/", "andere-bijdragen/"),
    )
    register_location_tab(
        name="outreach",
        label=_("Bereik"),
        url_name="outreach_not_reached",
        visible=_can(C.VIEW_OUTREACH),
        order=50,
        also=("talenten/", "buurt/"),
    )
    register_location_tab(
        name="signals",
        label=_("Signalen"),
        url_name="signal_list",
        visible=_can(C.VIEW_SIGNALS),
        order=60,
    )
    register_location_tab(
        name="hours",
        label=_("Uren"),
        url_name="hours_overview",
        visible=_can(C.VIEW_COMMUNITY),
        order=70,
    )
    register_location_tab(
        name="safety", label=_("Veiligheid"), url_name="safety_overview",
        visible=_can(C.VIEW_COMMUNITY), order=80, also=("wie-bel-ik/",),
    )  # fmt: skip


def location_menu(*, user: User, community: Community, path: str) -> list[MenuItem]:
    """The tabs `user` may open in `community`, the one whose pages `path` is on marked active
    (the longest matching address wins: the overview only on its own page)."""
    root = reverse("community_detail", args=[community.slug])
    items = []
    for tab in location_tabs():
        if not tab.visible(user, community):
            continue
        try:
            url = reverse(tab.url_name, args=[community.slug])
        except NoReverseMatch:  # a tab of an app that is not installed
            continue
        prefixes = [url] if url != root else []
        prefixes += [root + extra for extra in tab.also]
        match = max((len(p) for p in prefixes if path.startswith(p)), default=0)
        if url == root and path == root:
            match = len(root)
        items.append((tab, url, match))
    best = max((m for _tab, _url, m in items), default=0)
    return [
        MenuItem(label=str(tab.label), url=url, active=bool(best) and match == best)
        for tab, url, match in items
    ]


def remember_location(request, response, slug: str) -> None:
    """Keep the slug of the location the user just opened in a cookie (no database write, so
    pages opened at the same moment never wait on each other). Only a hint: the home page uses
    it only for a location the user belongs to."""
    if request.COOKIES.get(LAST_LOCATION_KEY) != slug:
        response.set_cookie(
            LAST_LOCATION_KEY,
            slug,
            max_age=LAST_LOCATION_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )


def last_location(request) -> str | None:
    return request.COOKIES.get(LAST_LOCATION_KEY)
