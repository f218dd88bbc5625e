"""Demo data of signals: the default ladder (left as the default, so the page asks the team to
adapt it), 10–20 signals per community over the last year with the steps taken, most of them
closed, a few open (one open too long), one resident with repeated complaints, and one
eviction prevented per community (three over the year overall). Everything goes through the
services, dated relative to `today`."""

from __future__ import annotations

import datetime
import random

from communities.constants import SignalKind, SignalOutcome, SignalSeverity
from communities.models import Community, TenancyResident, User
from communities.signals import services as signals_rules

KIND_WEIGHTS = {
    SignalKind.NUISANCE: 25,
    SignalKind.LONELINESS: 18,
    SignalKind.DEBTS: 14,
    SignalKind.NEGLECT: 8,
    SignalKind.CONFLICT: 12,
    SignalKind.CARE_AVOIDANCE: 10,
    SignalKind.SAFETY: 5,
    SignalKind.OTHER: 3,
}
DESCRIPTIONS = {
    SignalKind.NUISANCE: "Geluidsoverlast 's avonds, meerdere buren klagen.",
    SignalKind.LONELINESS: "Komt de deur nauwelijks meer uit, buurvrouw maakt zich zorgen.",
    SignalKind.DEBTS: "Post stapelt zich op, huurachterstand van twee maanden.",
    SignalKind.NEGLECT: "Stankoverlast in de galerij, woning raakt vervuild.",
    SignalKind.CONFLICT: "Ruzie tussen buren over de gedeelde berging.",
    SignalKind.CARE_AVOIDANCE: "Houdt afspraken met de begeleiding af.",
    SignalKind.SAFETY: "Rookmelder ging af, pan op het vuur vergeten.",
    SignalKind.OTHER: "Onduidelijke situatie, navragen.",
    SignalKind.EVICTION_THREAT: "Huurachterstand opgelopen; corporatie overweegt ontbinding.",
}
REPORTERS = ["Buurvrouw", "Buurman", "Eigen waarneming coach", "Begeleider", "Beheerder", ""]
STEP_TEXTS = [
    "Gesprek gevoerd met de bewoner.",
    "Besproken in het communityteam; afspraken gemaakt.",
    "Begeleider ingeschakeld, huisbezoek gepland.",
    "Contact met de corporatie over een betalingsregeling.",
]
CLOSE_WEIGHTS = {
    SignalOutcome.RESOLVED: 60,
    SignalOutcome.REFERRED: 25,
    SignalOutcome.MOVED: 5,
    SignalOutcome.OTHER: 10,
}
# Days ago the eviction-prevented signal of each demo community was reported and closed: three
# over the last year, spread over the calendar years.
EVICTION_PREVENTED = {"de-kade": (290, 210), "het-anker": (150, 75), "de-boomgaard": (90, 25)}


def seed_signals(*, community: Community, today: datetime.date, rng: random.Random) -> None:
    ladder = signals_rules.ladder_ensure(community=community)
    by = {u.username: u for u in User.objects.filter(username__in=("coach", "beheerder"))}
    stays = list(
        TenancyResident.objects.filter(tenancy__unit__community=community).values_list(
            "resident_id", "start_date", "end_date"
        )
    )
    residents = {r.pk: r for r in community.residents.all()}

    def day(days_ago: int) -> datetime.date:
        return today - datetime.timedelta(days=days_ago)

    def living_on(on: datetime.date) -> list[int]:
        return sorted({r for r, start, end in stays if start <= on and (end is None or end > on)})

    def create(kind, severity, days_ago, people, steps, close=None, outcome=None):
        reported_on = day(days_ago)
        signal = signals_rules.signal_create(
            community=community,
            data=signals_rules.SignalData(
                kind=kind,
                severity=severity,
                reported_on=reported_on,
                reported_by=rng.choice(REPORTERS),
                residents=[residents[pk] for pk in people],
                unit=None,
                description=DESCRIPTIONS[kind],
            ),
            by=by.get("coach"),
            today=today,
        )
        last_day = day(close) if close is not None else today
        for index in range(steps):
            span = max(0, (last_day - reported_on).days)
            taken_on = reported_on + datetime.timedelta(
                days=min(span, (index + 1) * span // (steps + 1))
            )
            signals_rules.signal_step_add(
                signal=signal,
                taken_on=taken_on,
                description=STEP_TEXTS[min(index, len(STEP_TEXTS) - 1)],
                ladder_step=ladder[min(index, len(ladder) - 1)],
                by=by.get("coach" if index % 2 == 0 else "beheerder"),
                today=today,
            )
        if close is not None:
            signals_rules.signal_close(
                signal=signal, closed_on=day(close), outcome=outcome, today=today
            )
        return signal

    def pick(days_ago: int, count: int = 1) -> list[int]:
        people = living_on(day(days_ago))
        return rng.sample(people, min(count, len(people)))

    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    first_day = min(
        364, (today - (community.residents_moved_in_on or today)).days - 1
    )  # signals start when the residents live there

    # The eviction prevented: a threat of eviction that the ladder turned around.
    reported, closed = EVICTION_PREVENTED.get(community.slug, (120, 60))
    if reported <= first_day and (people := pick(reported)):
        create(
            SignalKind.EVICTION_THREAT,
            SignalSeverity.HIGH,
            reported,
            people,
            steps=4,
            close=closed,
            outcome=SignalOutcome.EVICTION_PREVENTED,
        )
    # Repeated complaints: one resident in two nuisance signals within the last 90 days.
    if people := pick(70):
        create(
            SignalKind.NUISANCE, SignalSeverity.MEDIUM, 70, people, 2, 50, SignalOutcome.RESOLVED
        )
        if people[0] in living_on(day(20)):
            create(SignalKind.CONFLICT, SignalSeverity.MEDIUM, 20, people, 1)
    # One open too long (the community's default is 30 days), two recent open ones.
    if people := pick(48):
        create(SignalKind.DEBTS, SignalSeverity.HIGH, 48, people, 2)
    for days_ago in (rng.randint(3, 12), rng.randint(13, 25)):
        if people := pick(days_ago):
            create(rng.choices(kinds, weights=weights)[0], SignalSeverity.LOW, days_ago, people, 1)
    # The rest of the year: closed signals, now and then an acute one.
    for _ in range(rng.randint(7, 13)):
        days_ago = rng.randint(60, max(61, first_day))
        if days_ago > first_day:
            continue
        kind = rng.choices(kinds, weights=weights)[0]
        severity = (
            SignalSeverity.ACUTE
            if kind == SignalKind.SAFETY
            else rng.choice((SignalSeverity.LOW, SignalSeverity.MEDIUM, SignalSeverity.HIGH))
        )
        people = pick(days_ago, 2 if kind == SignalKind.CONFLICT else 1)
        if not people:
            continue
        duration = rng.randint(5, min(50, days_ago - 1))
        outcome = rng.choices(list(CLOSE_WEIGHTS), weights=list(CLOSE_WEIGHTS.values()))[0]
        create(kind, severity, days_ago, people, rng.randint(1, 3), days_ago - duration, outcome)
