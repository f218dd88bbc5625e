"""Simultaneous submits have exactly one effect (issue 5, "Concurrency and forms").

Two threads, each with its own database connection, start together at a barrier and call the
same service; every case is repeated 20 times. Row locks only mean something on PostgreSQL, so
the file is skipped on SQLite (which serialises all writes anyway). The rollback of a failed
multi-row import is proven in tests/test_import.py
(test_failed_real_import_rolls_back_the_good_rows), so it is not repeated here.
"""

import datetime
import functools
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from communities import services
from communities.models import SupportPeriod, Tenancy, TenancyResident
from imo import services as imo_services
from imo.constants import AdviceKind, CandidateStatus, DecisionKind
from imo.models import AllocationDecision
from tests.factories import (
    AdviceFactory,
    CandidateFactory,
    IntakeMeetingFactory,
    ResidentFactory,
    UnitFactory,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (select_for_update) are only exercised on PostgreSQL",
    ),
]

ROUNDS = 20
D = datetime.date
ROUNDS_RUN = {"count": 0}


def _race(*calls):
    """Run the calls at the same moment, each in its own thread with its own connection.
    Returns per call "ok", "refused: <message>" (a ValidationError) or "error: <repr>"."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes[index] = "ok"
        except ValidationError as error:
            outcomes[index] = f"refused: {' '.join(error.messages)}"
        except Exception as error:  # an IntegrityError here would be a 500 in a view
            outcomes[index] = f"error: {error!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    ROUNDS_RUN["count"] += 1
    return outcomes


def _move_in(resident, unit):
    return functools.partial(
        services.resident_move_in, resident=resident, unit=unit, on=D(2025, 3, 1)
    )


def test_two_residents_moving_into_the_same_empty_unit_share_one_tenancy(world):
    section = world.units[0].section
    for round_number in range(ROUNDS):
        unit = UnitFactory(section=section, number=f"race-{round_number}")
        first, second = (ResidentFactory(community=world.community) for _ in range(2))
        outcomes = _race(_move_in(first, unit), _move_in(second, unit))
        assert not any(o.startswith("error") for o in outcomes), outcomes
        assert "ok" in outcomes, outcomes
        assert Tenancy.objects.filter(unit=unit).count() == 1, f"round {round_number}"
        tenancy = Tenancy.objects.get(unit=unit)
        stays = TenancyResident.objects.filter(resident__in=[first, second])
        assert stays.count() == outcomes.count("ok")
        assert all(stay.tenancy_id == tenancy.pk for stay in stays)


def test_one_resident_moving_into_two_units_at_once_gets_one_stay(world):
    section = world.units[0].section
    for round_number in range(ROUNDS):
        units = [UnitFactory(section=section, number=f"dubbel-{round_number}-{i}") for i in (1, 2)]
        resident = ResidentFactory(community=world.community)
        outcomes = _race(*(_move_in(resident, unit) for unit in units))
        assert sorted(o.split(":")[0] for o in outcomes) == ["ok", "refused"], outcomes
        assert TenancyResident.objects.filter(resident=resident).count() == 1
        # The refused move-in left no empty tenancy behind.
        assert Tenancy.objects.filter(unit__in=units).count() == 1


def test_two_simultaneous_decisions_on_one_candidate_record_one(world):
    community = world.community
    for round_number in range(ROUNDS):
        candidate = CandidateFactory(community=community, status=CandidateStatus.ADVISED)
        # Advised before the decision date (a decision cannot predate its advice).
        advised_at = datetime.datetime(2025, 3, 4, 14, round_number, tzinfo=datetime.UTC)
        AdviceFactory(
            meeting=IntakeMeetingFactory(community=community, starts_at=advised_at),
            candidate=candidate,
            kind=AdviceKind.POSITIVE,
        )

        def decide(candidate=candidate, round_number=round_number):
            imo_services.decision_record(
                candidate=candidate,
                kind=DecisionKind.NOT_ALLOCATED,
                reason=f"Ronde {round_number}: inkomen past niet",
                decided_on=D(2025, 3, 10),
                by=world.users["beheerder"],
            )

        outcomes = _race(decide, decide)
        assert sorted(o.split(":")[0] for o in outcomes) == ["ok", "refused"], outcomes
        assert AllocationDecision.objects.filter(candidate=candidate).count() == 1


def test_two_simultaneous_support_starts_open_one_period(world):
    for _round_number in range(ROUNDS):
        resident = ResidentFactory(community=world.community)

        def start(resident=resident):
            services.support_start(
                resident=resident,
                care_organisation=world.care,
                on=D(2025, 3, 1),
                hours_per_week=Decimal(6),
            )

        outcomes = _race(start, start)
        assert sorted(o.split(":")[0] for o in outcomes) == ["ok", "refused"], outcomes
        assert SupportPeriod.objects.filter(resident=resident, end_date__isnull=True).count() == 1


def test_report_rounds():
    if connection.vendor == "postgresql" and ROUNDS_RUN["count"]:
        print(f"\nConcurrency: {ROUNDS_RUN['count']} two-thread rounds")
