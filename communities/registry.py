"""The one place where apps that build on `communities` plug in, so the core never imports them.

The kinds of plug-in, registered from the app's `AppConfig.ready()`:

- **panels**: a block on a core page (`"community"`: the community page, `"home"`: the start
  page, `"imo_metrics"`: the IMO's process page, where the monitor shows aggregate viewers their
  location's figures from the municipality's table). `context(user, community)` returns the
  template context, or None when the user gets no block; the core renders `template` with it at
  the panel slot
  (`{% app_panels "community" user community %}` from `community_tags`):

      register_panel(page="community", name="imo", template="imo/_imo_panel.html",
                     context=imo.panels.community_panel, order=10)

- **attention sources**: `source(community, today) -> list[AttentionItem]` adds items to the
  team's attention list (`communities.outreach.services.attention_list` collects them):

      register_attention_source(check_ins_overdue)

- **demo seeders**: `seed(community=..., today=..., rng=...)` adds an app's demo data to each
  demo community after the core's (`manage.py seed_demo`):

      register_demo_seeder(seed_imo)

- **location tabs**: a tab of the menu on every page inside a location
  (`communities.navigation`); `visible(user, community) -> bool` says whether the user may open
  its page there and must not query when the user's role answers it:

      register_location_tab(name="imo", label=_("IMO"), url_name="imo_overview",
                            visible=imo_tab_visible, order=30)

- **task sources**: `source(user, today) -> list[MyTask]` adds the user's own open tasks
  across locations to "Mijn taken" on the home page (`communities.my_tasks`); one or two
  queries whatever the number of locations:

      register_task_source(follow_ups_due)

- **synthetic extenders**: `extend(synthetic) -> {name: count}` adds an app's part of the
  synthetic data at scale to each generated location (`manage.py generate_synthetic`; see
  `communities.demo.synthetic.SyntheticCommunity`):

      register_synthetic_extender(synthetic_imo)

Registering twice is harmless (the second call is ignored), so a `ready()` that runs twice in a
test process does not double anything. Order: panels by `order`, then name; sources and seeders
in registration order (INSTALLED_APPS order).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

# "home_first": the blocks a role's home page starts with (issue 15), before the others.
PanelPage = Literal["community", "home", "home_first", "imo_metrics"]
PAGES: tuple[PanelPage, ...] = ("community", "home", "home_first", "imo_metrics")


@dataclass(frozen=True)
class Panel:
    page: PanelPage
    name: str
    template: str
    context: Callable[..., dict | None]  # (user, community) or (user, None) on the home page
    order: int = 100


_PANELS: dict[tuple[str, str], Panel] = {}
_ATTENTION_SOURCES: list[Callable] = []
_DEMO_SEEDERS: list[Callable] = []
_SYNTHETIC_EXTENDERS: list[Callable] = []
_LOCATION_TABS: dict[str, LocationTab] = {}
_TASK_SOURCES: list[Callable] = []


@dataclass(frozen=True)
class LocationTab:
    name: str
    label: Any  # a lazy translation
    url_name: str  # reversed with the location's slug
    visible: Callable[..., bool]  # (user, community)
    order: int = 100
    # Other paths below the location (relative, e.g. "deelname/") whose pages belong to the tab.
    also: tuple[str, ...] = ()


def register_panel(
    *,
    page: PanelPage,
    name: str,
    template: str,
    context: Callable[..., dict | None],
    order: int = 100,
) -> Panel:
    """Add a block to a core page; see the module docstring. `name` is unique per page."""
    if page not in PAGES:
        raise ValueError(f"unknown page for a panel: {page!r}")
    panel = Panel(page=page, name=name, template=template, context=context, order=order)
    _PANELS.setdefault((page, name), panel)
    return _PANELS[(page, name)]


def panels(page: PanelPage) -> list[Panel]:
    return sorted((p for p in _PANELS.values() if p.page == page), key=lambda p: (p.order, p.name))


def panel_contexts(page: PanelPage, user, community=None) -> list[tuple[Panel, dict[str, Any]]]:
    """The panels of `page` the user gets, each with its context (those returning None left out)."""
    shown = []
    for panel in panels(page):
        context = panel.context(user, community)
        if context is not None:
            shown.append((panel, context))
    return shown


def register_location_tab(
    *,
    name: str,
    label,
    url_name: str,
    visible: Callable[..., bool],
    order: int = 100,
    also: tuple[str, ...] = (),
) -> LocationTab:
    """Add a tab to the menu inside a location; see the module docstring."""
    tab = LocationTab(
        name=name, label=label, url_name=url_name, visible=visible, order=order, also=also
    )
    _LOCATION_TABS.setdefault(name, tab)
    return _LOCATION_TABS[name]


def location_tabs() -> list[LocationTab]:
    return sorted(_LOCATION_TABS.values(), key=lambda t: (t.order, t.name))


def register_task_source(source: Callable) -> Callable:
    """Add `source(user, today) -> list[MyTask]` to "Mijn taken"."""
    if source not in _TASK_SOURCES:
        _TASK_SOURCES.append(source)
    return source


def task_sources() -> list[Callable]:
    return list(_TASK_SOURCES)


def register_attention_source(source: Callable) -> Callable:
    """Add `source(community, today) -> list[AttentionItem]` to the attention list."""
    if source not in _ATTENTION_SOURCES:
        _ATTENTION_SOURCES.append(source)
    return source


def attention_sources() -> list[Callable]:
    return list(_ATTENTION_SOURCES)


def unregister_attention_source(source: Callable) -> None:
    """For tests that register a source of their own."""
    if source in _ATTENTION_SOURCES:
        _ATTENTION_SOURCES.remove(source)


def register_demo_seeder(seed: Callable) -> Callable:
    """Add `seed(community=..., today=..., rng=...)` to `seed_demo`, after the core's data."""
    if seed not in _DEMO_SEEDERS:
        _DEMO_SEEDERS.append(seed)
    return seed


def demo_seeders() -> list[Callable]:
    return list(_DEMO_SEEDERS)


def register_synthetic_extender(extend: Callable) -> Callable:
    """Add `extend(synthetic) -> {name: count}` to `generate_synthetic`, after the core's data."""
    if extend not in _SYNTHETIC_EXTENDERS:
        _SYNTHETIC_EXTENDERS.append(extend)
    return extend


def synthetic_extenders() -> list[Callable]:
    return list(_SYNTHETIC_EXTENDERS)


__all__ = [
    "LocationTab",
    "Panel",
    "attention_sources",
    "demo_seeders",
    "location_tabs",
    "panel_contexts",
    "panels",
    "register_attention_source",
    "register_demo_seeder",
    "register_location_tab",
    "register_panel",
    "register_synthetic_extender",
    "register_task_source",
    "synthetic_extenders",
    "task_sources",
    "unregister_attention_source",
]
