"""What each role needs first on its home page (issue 15, item 5): the quick actions for the last
location used, "Mijn taken" across locations, the role's first blocks, then one card per location.
The location cards come a page at a time (`cards.HOME_CARDS_PER_PAGE`); the quick actions and
"Mijn taken" cover every location. Everything is computed for the locations at once
(`communities.cards`, `communities.role_blocks`, the apps' `home_first` panels and task
sources): the page costs the same number of queries for one location as for fifty."""

from __future__ import annotations

from django.utils import timezone

from communities import cards, role_blocks
from communities.models import User
from communities.my_tasks import my_tasks


def home_context(*, user: User, last_slug: str | None = None, page: str | None = None) -> dict:
    today = timezone.localdate()
    cards_page = cards.home_cards_page(user=user, page=page)
    location_cards = cards.home_cards(user=user, today=today, communities=cards_page.object_list)
    first = role_blocks.first_blocks(user=user, cards=location_cards, today=today)
    for card in location_cards:
        card["first"] = first.get(card["community"].pk)
    everywhere = cards.role_cards(user=user)
    tasks = my_tasks(user=user, today=today)
    professional = role_blocks.is_professional(user, everywhere)
    return {
        "cards": location_cards,
        "cards_page": cards_page,
        "aggregate_table": [c for c in location_cards if c["aggregate_only"]],
        "team_cards": [c for c in location_cards if not c["aggregate_only"]],
        "first_cards": [c for c in location_cards if c["first"]],
        "quick": role_blocks.quick_actions(cards=everywhere, last_slug=last_slug),
        "tasks": tasks,
        "late_tasks": sum(1 for t in tasks if t.late),
        "show_tasks": professional or bool(tasks),
        "today": today,
    }
