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


# The core's tabs, in the order of the issue; the apps' tabs slot in by `order`. Per tab: name,
# label, page, the capability that shows it (the same as its page's), order, and the other
# addresses under the location that belong to it (marked active there too).
CORE_TABS = (
    ("overview", _("Overzicht"), "community_detail", C.VIEW_COMMUNITY, 0, ()),
    (
        "residents",
        _("Bewoners"),
        "resident_list",
        C.VIEW_RESIDENTS,
        10,
        ("begeleiding/", "import/"),
    ),
    ("units", _("Eenheden"), "unit_list", C.VIEW_UNITS, 15, ()),
    (
        "activities",
        _("Activiteiten"),
        "activity_list",
        C.VIEW_ACTIVITIES,
        40,
        ("deelname/", "andere-bijdragen/"),
    ),
    ("outreach", _("Bereik"), "outreach_not_reached", C.VIEW_OUTREACH, 50, ("talenten/", "buurt/")),
    ("signals", _("Signalen"), "signal_list", C.VIEW_SIGNALS, 60, ()),
    ("hours", _("Uren"), "hours_overview", C.VIEW_COMMUNITY, 70, ()),
    ("safety", _("Veiligheid"), "safety_overview", C.VIEW_COMMUNITY, 80, ("wie-bel-ik/",)),
)


def register_core_tabs() -> None:
    for name, label, url_name, capability, order, also in CORE_TABS:
        register_location_tab(
            name=name,
            label=label,
            url_name=url_name,
            visible=_can(capability),
            order=order,
            also=also,
        )


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
