"""Two people recording a decision of the same body at the same moment never get the same
number. Two threads, each with its own connection, start together at a barrier; repeated.
Row locks only mean something on PostgreSQL, so this file is skipped on SQLite (which
serialises all writes anyway)."""

import datetime

import pytest
from django.db import connection

from governance import services
from governance.models import Decision
from tests.factories import CommunityFactory
from tests.factories_governance import SYSTEM, MeetingFactory, kerngroep_with
from tests.test_concurrency import _race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (select_for_update) are only exercised on PostgreSQL",
    ),
]

ROUNDS = 20


def test_two_decisions_at_once_get_consecutive_numbers():
    body = kerngroep_with(CommunityFactory())
    meeting = MeetingFactory(
        body=body, starts_at=datetime.datetime(2026, 2, 3, 19, tzinfo=datetime.UTC)
    )
    for round_number in range(ROUNDS):
        outcomes = _race(
            lambda: services.decision_record(body=body, meeting=meeting, title="A", actor=SYSTEM),
            lambda: services.decision_record(body=body, meeting=meeting, title="B", actor=SYSTEM),
        )
        assert outcomes == ["ok", "ok"], f"round {round_number}: {outcomes}"
    numbers = list(
        Decision.objects.filter(body=body).order_by("number").values_list("number", flat=True)
    )
    assert numbers == list(range(1, 2 * ROUNDS + 1))
