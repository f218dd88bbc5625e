"""Funding's part of the synthetic data (`manage.py generate_synthetic`, issue 14): per location
a project agreement for the first three years (ended, or signed while it runs) and a regular
follow-up agreement to three years ahead (signed), each with yearly contributions of the
municipality (coach, activities budget), the corporation (social and location management, the
meeting room) and the care organisations (community hours); a one-off furnishing at the start;
monthly spending from the activities budget. Bulk inserts; registered from
FinancieringConfig.ready() so that `communities` never imports financiering."""

from __future__ import annotations

import datetime
from decimal import Decimal

from communities.demo import seed as demo
from communities.demo.synthetic import SyntheticCommunity
from financiering.constants import AgreementKind, AgreementStatus, OneOffPurpose, Purpose
from financiering.models import Contribution, FundingAgreement, OneOffContribution, SpendingLine

BATCH = 2000
PROJECT_YEARS = 3
YEARS_AHEAD = 3
# (purpose, party key or "care", money per year or None, hours per week or None)
CONTRIBUTIONS = (
    (Purpose.COACH, demo.MUNICIPALITY, Decimal("52000"), None),
    (Purpose.ACTIVITIES_BUDGET, demo.MUNICIPALITY, Decimal("6000"), None),
    (Purpose.SOCIAL_MANAGEMENT, demo.CORPORATION, Decimal("38000"), None),
    (Purpose.LOCATION_MANAGEMENT, demo.CORPORATION, Decimal("24000"), None),
    (Purpose.MEETING_ROOM, demo.CORPORATION, Decimal("9000"), None),
    (Purpose.CARE_HOURS, "care", None, Decimal("4.0")),
)


def synthetic_funding(synthetic: SyntheticCommunity) -> dict[str, int]:
    rng = synthetic.rng
    community = synthetic.community
    today = synthetic.today
    organisations = synthetic.organisations
    municipality = organisations[demo.MUNICIPALITY]
    start = community.residents_moved_in_on.replace(month=1, day=1)
    project_end = datetime.date(start.year + PROJECT_YEARS - 1, 12, 31)
    regular_end = datetime.date(today.year + YEARS_AHEAD, 12, 31)
    project = FundingAgreement.objects.create(
        municipality=municipality,
        title=f"Projectafspraak {community.name}",
        purposes=[p for p, *_rest in CONTRIBUTIONS],
        kind=AgreementKind.PROJECT,
        status=AgreementStatus.ENDED if project_end < today else AgreementStatus.SIGNED,
        start_date=start,
        end_date=project_end,
        created_by=synthetic.users["beheerder"],
    )
    agreements = [(project, start.year, project_end.year)]
    if project_end < regular_end:
        regular = FundingAgreement.objects.create(
            municipality=municipality,
            title=f"Meerjarenafspraak {community.name}",
            purposes=[p for p, *_rest in CONTRIBUTIONS],
            kind=AgreementKind.REGULAR,
            status=AgreementStatus.SIGNED,
            start_date=project_end + datetime.timedelta(days=1),
            end_date=regular_end,
            predecessor=project,
            created_by=synthetic.users["beheerder"],
        )
        agreements.append((regular, project_end.year + 1, regular_end.year))
    parties = [
        organisations[demo.MUNICIPALITY],
        organisations[demo.CORPORATION],
        *synthetic.care_organisations,
    ]
    for agreement, _first, _last in agreements:
        agreement.communities.add(community)
        agreement.parties.add(*parties)

    contributions = []
    for agreement, first, last in agreements:
        for year in range(first, last + 1):
            growth = Decimal(1 + 0.02 * (year - start.year))
            for purpose, party, money, hours in CONTRIBUTIONS:
                for organisation in (
                    synthetic.care_organisations if party == "care" else [organisations[party]]
                ):
                    contributions.append(
                        Contribution(
                            agreement=agreement,
                            community=community,
                            party=organisation,
                            purpose=purpose,
                            year=year,
                            amount_per_year=(money * growth).quantize(Decimal("1"))
                            if money
                            else None,
                            hours_per_week=hours,
                        )
                    )
    Contribution.objects.bulk_create(contributions, batch_size=BATCH)
    OneOffContribution.objects.create(
        agreement=project,
        community=community,
        party=organisations[demo.CORPORATION],
        purpose=OneOffPurpose.FURNISHING,
        amount=Decimal("15000"),
        paid_on=community.residents_moved_in_on,
        description="Inrichting ontmoetingsruimte",
    )
    spending = []
    month = community.residents_moved_in_on.replace(day=1)
    while month <= today:
        spending.append(
            SpendingLine(
                community=community,
                budget=Purpose.ACTIVITIES_BUDGET,
                spent_on=month + datetime.timedelta(days=rng.randint(0, 27)),
                amount=Decimal(rng.randint(150, 650)),
                description="Boodschappen en materiaal activiteiten",
                recorded_by=synthetic.users["coach"],
            )
        )
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    SpendingLine.objects.bulk_create([s for s in spending if s.spent_on <= today], batch_size=BATCH)
    return {"funding_agreements": len(agreements), "funding_contributions": len(contributions)}
