"""Demo data of the monitor, added to each demo community by `seed_demo` (registered from
MonitorConfig.ready()): last year's and this year's survey with answers, and the KPI snapshots of
the last 24 months, backfilled from the demo's dated history.

Deterministic like the rest of the demo: drawn from the community's random generator."""

from __future__ import annotations

import datetime
import random

from communities.models import Community
from monitor import survey
from monitor.constants import DEFAULT_OPEN_QUESTION, DEFAULT_STATEMENTS
from monitor.snapshots import last_complete_month, snapshot_take
from monitor.sources import months_back

# Per community: (answers last year, answers this year, mean score this year). De Boomgaard is
# in its first year: one survey, still under 5 answers.
PLANS = {
    "de-kade": ((14, 3.6), (16, 3.9)),
    "het-anker": ((11, 3.4), (12, 3.1)),
    "de-boomgaard": (None, (4, 3.8)),
}
OPEN_ANSWERS = [
    "Meer activiteiten in het weekend.",
    "De tuin samen opknappen.",
    "Een vaste koffieochtend.",
    "",
    "Betere verlichting bij de fietsenstalling.",
    "",
]


def _answer_all(item, count: int, mean: float, rng: random.Random) -> None:
    tokens = survey.tokens_issue(survey=item, count=count + 3)  # some links stay unused
    statements = list(item.statements.values_list("pk", flat=True))
    for token in tokens[:count]:
        scores = {pk: min(5, max(1, round(rng.gauss(mean, 0.8)))) for pk in statements}
        survey.survey_answer(token=token, scores=scores, open_answer=rng.choice(OPEN_ANSWERS))


def seed_monitor(*, community: Community, today: datetime.date, rng: random.Random) -> None:
    plan = PLANS.get(community.slug)
    if plan is not None:
        for offset, answers in ((1, plan[0]), (0, plan[1])):
            if answers is None:
                continue
            item = survey.survey_create(
                community=community,
                year=today.year - offset,
                statements=[(factor, text) for factor, text in DEFAULT_STATEMENTS],
                open_question=DEFAULT_OPEN_QUESTION,
                by=None,
            )
            _answer_all(item, answers[0], answers[1], rng)
            if offset:
                survey.survey_set_open(survey=item, is_open=False)
    last = last_complete_month(today)
    for n in range(23, -1, -1):
        snapshot_take(community=community, month=months_back(last, n))
