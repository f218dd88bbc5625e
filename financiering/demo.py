"""Demo funding for the three demo communities, plugged into `seed_demo` from
FinancieringConfig.ready(). Everything goes through `financiering.services` and is dated
relative to `today`, like the rest of the demo.

The picture it gives:
- De Kade: a project-money start (ended) continued by a signed regular agreement five years
  ahead and more: the horizon is fine, every partner contributes.
- Het Anker: a regular agreement that runs two more years (horizon under 5 years) with a
  successor still in draft; Zorggroep Horizon agreed more community hours than its begeleider
  logs, Stichting Anker agreed hours and logs none (it has no demo user); the activities budget
  is overspent this year.
- De Boomgaard: the coach is paid from project money that ends within a year, without a
  successor and without regular follow-up; the corporation paid the furnishing of the meeting
  room as a one-off; welzijn contributes nothing (a partner without a contribution).
- Prevented evictions as signals: four more eviction threats the ladder turned around, in
  earlier years, next to the one each community has already — seven in all, like the seed.
"""

from __future__ import annotations

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from communities.constants import SignalKind, SignalOutcome, SignalSeverity
from communities.hours import services as hours
from communities.models import Community, Organisation, TenancyResident, User
from communities.norms import management_fte_norm
from communities.signals import services as signals_rules
from financiering import selectors, services
from financiering.constants import AgreementKind, AgreementStatus, OneOffPurpose, Purpose

HALF = Decimal("0.5")
# Days ago (reported, closed) of the extra prevented evictions per community.
EXTRA_EVICTIONS_PREVENTED = {
    "de-kade": ((1060, 1010), (760, 700), (500, 470)),
    "het-anker": ((420, 380),),
}

EVICTION_STEPS = (
    "Gesprek over de huurachterstand; bewoner wil een regeling.",
    "Besproken in het communityteam: coach en begeleider gaan samen langs.",
    "Schuldhulp ingeschakeld; betalingsregeling met de corporatie getroffen.",
)


def _half_up(value: Decimal) -> Decimal:
    return ((value / HALF).quantize(Decimal(1), ROUND_HALF_UP) or Decimal(1)) * HALF


def seed_funding(*, community: Community, today: datetime.date, rng: random.Random) -> None:
    # Imported here: the demo's seed module runs the registered seeders.
    from communities.demo import constants as demo
    from communities.demo.seed import DEMO_SLUGS, PLANS

    if community.slug not in DEMO_SLUGS or community.funding_agreements.exists():
        return
    names = [
        demo.MUNICIPALITY,
        demo.CORPORATION,
        demo.CARE_HORIZON,
        demo.CARE_ANKER,
        demo.WELFARE,
        demo.COACHING,
    ]
    plan = next(p for p in PLANS if p.slug == community.slug)
    orgs = {o.name: o for o in Organisation.objects.filter(name__in=[*names, plan.woonvereniging])}
    by = User.objects.filter(username="beheerder").first()
    municipality, corporation = orgs[demo.MUNICIPALITY], orgs[demo.CORPORATION]
    horizon, anker, welfare = orgs[demo.CARE_HORIZON], orgs[demo.CARE_ANKER], orgs[demo.WELFARE]
    coaching, association = orgs[demo.COACHING], orgs[plan.woonvereniging]
    year = today.year
    units = community.units.count()
    care = {
        row.organisation.pk: row.norm
        for row in hours.care_hours_norms(community=community, on=today)
    }

    def agreement(title, kind, status, start, end, purposes, parties, predecessor=None):
        return services.agreement_save(
            by=by,
            communities=[community],
            title=title,
            kind=kind,
            status=status,
            start_date=start,
            end_date=end,
            purposes=purposes,
            parties=parties,
            predecessor=predecessor,
        )

    def each_year(a, party, purpose, unit, value, years=None):
        for y in years or range(a.start_date.year, a.end_date.year + 1):
            services.contribution_add(
                by=by,
                agreement=a,
                community=community,
                party=party,
                purpose=purpose,
                year=y,
                unit=unit,
                value=value,
            )

    # The coach paid at the calculator's default rate for the middle of the norm.
    coach_money = str(
        (
            _coach_hours(community, today, units)
            * selectors.default_rate()
            * selectors.default_weeks()
        ).quantize(Decimal("1"))
    )
    base_purposes = [
        Purpose.SOCIAL_MANAGEMENT,
        Purpose.LOCATION_MANAGEMENT,
        Purpose.MEETING_ROOM,
        Purpose.CARE_HOURS,
        Purpose.BRIDGE,
        Purpose.ACTIVITIES_BUDGET,
        Purpose.ASSOCIATION_BUDGET,
        Purpose.OTHER,
    ]
    # Beheer: the middle of the model's range, half sociaal beheer, half locatiebeheer.
    low, high = management_fte_norm(units=units)
    management = max(Decimal(2), _half_up((low + high) / 4))
    moved_in = community.residents_moved_in_on or today

    if community.slug == "de-kade":
        start = datetime.date(moved_in.year, 1, 1) - datetime.timedelta(days=365)
        project = agreement(
            "Opstartsubsidie De Kade",
            AgreementKind.PROJECT,
            AgreementStatus.ENDED,
            start,
            datetime.date(year - 3, 12, 31),
            [Purpose.COACH],
            [municipality],
        )
        each_year(project, municipality, Purpose.COACH, "geld", coach_money)
        main = agreement(
            "Meerjarenafspraak De Kade",
            AgreementKind.REGULAR,
            AgreementStatus.SIGNED,
            datetime.date(year - 2, 1, 1),
            datetime.date(year + 5, 12, 31),
            [Purpose.COACH, *base_purposes],
            [municipality, corporation, horizon, anker, welfare, coaching, association],
            predecessor=project,
        )
        each_year(main, municipality, Purpose.COACH, "geld", coach_money)
        parties_main = {"welfare": True}
    elif community.slug == "het-anker":
        main = agreement(
            "Samenwerkingsafspraak Het Anker",
            AgreementKind.REGULAR,
            AgreementStatus.SIGNED,
            datetime.date(moved_in.year, 1, 1),
            datetime.date(year + 2, 12, 31),
            [Purpose.COACH, *base_purposes],
            [municipality, corporation, horizon, anker, welfare, coaching, association],
        )
        each_year(main, municipality, Purpose.COACH, "geld", coach_money)
        successor = agreement(
            "Vervolgafspraak Het Anker (concept)",
            AgreementKind.REGULAR,
            AgreementStatus.DRAFT,
            datetime.date(year + 3, 1, 1),
            datetime.date(year + 8, 12, 31),
            [Purpose.COACH, *base_purposes],
            [municipality, corporation, horizon, anker, welfare, association],
            predecessor=main,
        )
        each_year(successor, municipality, Purpose.COACH, "geld", coach_money, [year + 3])
        parties_main = {"welfare": True}
    else:
        project_end = today + datetime.timedelta(days=240)
        project = agreement(
            "Projectsubsidie communitycoach De Boomgaard",
            AgreementKind.PROJECT,
            AgreementStatus.SIGNED,
            community.start_date,
            project_end,
            [Purpose.COACH],
            [municipality],
        )
        each_year(project, municipality, Purpose.COACH, "geld", coach_money)
        main = agreement(
            "Meerjarenafspraak De Boomgaard",
            AgreementKind.REGULAR,
            AgreementStatus.SIGNED,
            community.start_date,
            datetime.date(year + 6, 12, 31),
            base_purposes,
            [corporation, horizon, anker, welfare, coaching, association],
        )
        services.one_off_add(
            by=by,
            agreement=main,
            community=community,
            party=corporation,
            purpose=OneOffPurpose.FURNISHING,
            amount="12.500,00",
            paid_on=moved_in - datetime.timedelta(days=30),
            description="Meubilair en keuken ontmoetingsruimte",
        )
        parties_main = {"welfare": False}

    each_year(main, corporation, Purpose.SOCIAL_MANAGEMENT, "uren", str(management))
    each_year(main, corporation, Purpose.LOCATION_MANAGEMENT, "uren", str(management))
    each_year(main, corporation, Purpose.MEETING_ROOM, "geld", "6.000,00")
    for org in (horizon, anker):
        norm = care.get(org.pk, Decimal(0))
        if not norm:
            continue
        # Het Anker: Horizon agreed more than its begeleider logs (about its 10%).
        factor = Decimal("1.6") if community.slug == "het-anker" and org == horizon else 1
        each_year(main, org, Purpose.CARE_HOURS, "uren", str(_half_up(norm * factor)))
    if parties_main["welfare"]:
        each_year(main, welfare, Purpose.BRIDGE, "uren", "2")
    each_year(main, coaching, Purpose.OTHER, "uren", "1")
    each_year(main, association, Purpose.ACTIVITIES_BUDGET, "geld", "1.500,00")
    each_year(main, association, Purpose.ASSOCIATION_BUDGET, "geld", "500,00")

    _spending(community, today, by, overspend=community.slug == "het-anker")
    _prevented_evictions(community, today, rng)


def _coach_hours(community: Community, today: datetime.date, units: int) -> Decimal:
    norm = hours.model_coach_norm(community=community, units=units, today=today)
    return (norm.low + norm.high) / 2


def _spending(community: Community, today: datetime.date, by, *, overspend: bool) -> None:
    items = [
        (Purpose.ACTIVITIES_BUDGET, 40, "420,00", "Buurtbarbecue"),
        (Purpose.ACTIVITIES_BUDGET, 25, "185,50", "Materiaal spelletjesavond"),
        (Purpose.ASSOCIATION_BUDGET, 30, "240,00", "Zaalhuur ALV"),
    ]
    if overspend:
        items.append((Purpose.ACTIVITIES_BUDGET, 10, "1.115,00", "Zomerfeest met de buurt"))
    for budget, days_ago, amount, description in items:
        day = max(today - datetime.timedelta(days=days_ago), today.replace(month=1, day=1))
        services.spending_add(
            by=by,
            community=community,
            budget=budget,
            spent_on=day,
            amount=amount,
            description=description,
        )


def _prevented_evictions(community: Community, today: datetime.date, rng: random.Random) -> None:
    coach = User.objects.filter(username="coach").first()
    ladder = signals_rules.ladder_ensure(community=community)
    stays = list(
        TenancyResident.objects.filter(tenancy__unit__community=community).values_list(
            "resident_id", "start_date", "end_date"
        )
    )
    residents = {r.pk: r for r in community.residents.all()}
    for reported_ago, closed_ago in EXTRA_EVICTIONS_PREVENTED.get(community.slug, ()):
        reported = today - datetime.timedelta(days=reported_ago)
        closed = today - datetime.timedelta(days=closed_ago)
        living = sorted(
            r for r, start, end in stays if start <= reported and (end is None or end > closed)
        )
        if not living:
            continue
        signal = signals_rules.signal_create(
            community=community,
            data=signals_rules.SignalData(
                kind=SignalKind.EVICTION_THREAT,
                severity=SignalSeverity.HIGH,
                reported_on=reported,
                reported_by="Corporatie (huurachterstand)",
                residents=[residents[rng.choice(living)]],
                unit=None,
                description="Huurachterstand; met schuldhulp en een betalingsregeling opgelost.",
            ),
            by=coach,
            today=today,
        )
        for index, (step, text) in enumerate(zip(ladder, EVICTION_STEPS, strict=False)):
            signals_rules.signal_step_add(
                signal=signal,
                taken_on=reported + datetime.timedelta(days=index * 7),
                description=text,
                ladder_step=step,
                by=coach,
                today=today,
            )
        signals_rules.signal_close(
            signal=signal,
            closed_on=closed,
            outcome=SignalOutcome.EVICTION_PREVENTED,
            today=today,
        )
