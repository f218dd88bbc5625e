"""What each role needs first on its home page: one card per location, computed for all of the
user's locations at once (`communities.cards`)."""

from __future__ import annotations

from django.utils import timezone

from communities import cards
from communities.models import User


def home_context(*, user: User) -> dict:
    today = timezone.localdate()
    location_cards = cards.home_cards(user=user, today=today)
    return {
        "cards": location_cards,
        "aggregate_table": [c for c in location_cards if c["aggregate_only"]],
        "team_cards": [c for c in location_cards if not c["aggregate_only"]],
        "today": today,
    }
