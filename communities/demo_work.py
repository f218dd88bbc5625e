"""Demo data of the coach's community work, added to each demo community by `seed_demo`.
Each area adds its own function; all draw from the community's seeded random generator and
date everything relative to `today`, like the rest of the demo."""

from __future__ import annotations

import datetime
import random

from communities.models import Community


def seed_community_work(*, community: Community, today: datetime.date, rng: random.Random) -> None:
    seeders: list = []  # each area appends its seed function here
    for seed in seeders:
        seed(community=community, today=today, rng=rng)
