"""Demo data: the IMO's history before the demo meetings, so that the process figures over the
years have something to count (issue 15 item 7: what the gemeente sees is worth looking at).

Every move-in of the demo locations after their first letting, in the last three calendar years,
went through the IMO: the unit was vacant some weeks before (a filled vacancy), the newcomer
registered some months before as a candidate (moved in, linked to the resident), and the
corporation decided on the IMO's advice some days before the move-in. The facts come from the
tenancies the core's seeder made (moves are derived, never typed twice); only the dates before
the move-in are drawn from `rng`.

*(decision)* Created directly rather than through `imo.services`: the services record today's
decisions in meetings that are held now, and these are records of the past, like an import of
the spreadsheet the partners kept before the platform. One decision did not follow the advice
(De Kade, the year before last), so the share that followed it shows its hidden case too.

Idempotent: a move-in that already has its filled vacancy is left alone.
"""

from __future__ import annotations

import datetime
import random

from communities.constants import OrganisationKind
from communities.models import Community, SupportPeriod, Tenancy
from imo.constants import CandidateSource, CandidateStatus, DecisionKind, VacancySource
from imo.constants import VacancyStatus as VS
from imo.models import AllocationDecision, Candidate, Vacancy

FIRST_LETTING_DAYS = 30  # move-ins this close to the first letting were the first letting
YEARS = 3
NOT_FOLLOWED = ("de-kade", 2)  # (location, years back) of the one decision against the advice


def seed_imo_history(*, community: Community, today: datetime.date, rng: random.Random) -> None:
    first_year = today.year - YEARS + 1
    after = (community.residents_moved_in_on or community.start_date) + datetime.timedelta(
        days=FIRST_LETTING_DAYS
    )
    tenancies = (
        Tenancy.objects.filter(
            unit__community=community,
            start_date__gt=after,
            start_date__gte=datetime.date(first_year, 1, 1),
            start_date__lte=today,
        )
        .select_related("unit")
        .prefetch_related("residents")
        .order_by("start_date", "pk")
    )
    filled = set(
        Vacancy.objects.filter(community=community, filled_on__isnull=False).values_list(
            "unit_id", "filled_on"
        )
    )
    linked = set(
        Candidate.objects.filter(resident__isnull=False).values_list("resident_id", flat=True)
    )
    against_advice_year = today.year - NOT_FOLLOWED[1]
    against_advice_done = community.slug != NOT_FOLLOWED[0]
    for tenancy in tenancies:
        if (tenancy.unit_id, tenancy.start_date) in filled:
            continue
        residents = list(tenancy.residents.all())
        if not residents:
            continue
        resident = residents[0]
        day = tenancy.start_date
        support = (
            SupportPeriod.objects.filter(resident=resident, start_date__lte=day)
            .select_related("care_organisation")
            .first()
        )
        vacancy = Vacancy.objects.create(
            community=community,
            unit=tenancy.unit,
            available_from=day - datetime.timedelta(days=rng.randint(10, 70)),
            source=VacancySource.MOVE_OUT,
            status=VS.FILLED,
            filled_on=day,
        )
        care = support.care_organisation if support else None
        candidate = Candidate.objects.create(
            community=community,
            vacancy=vacancy,
            first_name=resident.first_name,
            last_name=resident.last_name,
            source=CandidateSource.CARE_ORGANISATION if support else CandidateSource.WAITING_LIST,
            proposed_by=care if care and care.kind == OrganisationKind.ZORGAANBIEDER else None,
            registered_on=day - datetime.timedelta(days=rng.randint(45, 240)),
            status=CandidateStatus.MOVED_IN,
            supported=support is not None,
            resident=None if resident.pk in linked else resident,
        )
        linked.add(resident.pk)
        follows = True
        if not against_advice_done and day.year == against_advice_year:
            follows, against_advice_done = False, True
        AllocationDecision.objects.create(
            candidate=candidate,
            vacancy=vacancy,
            kind=DecisionKind.ALLOCATED,
            decided_on=day - datetime.timedelta(days=rng.randint(7, 28)),
            follows_advice=follows,
            reason="" if follows else "Voorrang na een urgentieverklaring.",
        )
