"""Demo data of the coach's community work, added to each demo community by `seed_demo`.
Each area adds its own function; all draw from the community's seeded random generator and
date everything relative to `today`, like the rest of the demo."""

from __future__ import annotations

import datetime
import random

from communities.demo.activities import seed_activities
from communities.demo.hours import seed_hours
from communities.demo.outreach import seed_outreach
from communities.demo.safety import seed_safety
from communities.demo.signals import seed_signals
from communities.models import Community
from communities.registry import demo_seeders


def seed_community_work(*, community: Community, today: datetime.date, rng: random.Random) -> None:
    # Each area appends its seed function here.
    seeders: list = [seed_activities, seed_hours, seed_safety, seed_outreach, seed_signals]
    for seed in seeders:
        seed(community=community, today=today, rng=rng)
    # Apps that build on `communities` (imo, governance, …) add theirs through the registry.
    for seed in demo_seeders():
        seed(community=community, today=today, rng=rng)
