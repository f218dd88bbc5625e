"""The governance demo data (governance.demo.seed_governance, plugged into seed_demo): the
kerngroep secretary of Het Anker, one body behind its cadence, numbered decisions, overdue action
items, the akkoord with five action lines, a half-done readiness checklist, a woonvereniging at
the largest community; idempotent."""

import datetime

import pytest
from django.db import transaction

from communities.demo.seed import seed_demo
from communities.models import Community, User
from governance import access, selectors
from governance.constants import BodyLevel, CadenceStatus, MemberRole
from governance.models import ActionItem, Decision, GovernanceBody, Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", params=[datetime.date(2026, 12, 2), datetime.date(2026, 2, 1)])
def today(request, django_db_setup, django_db_blocker):
    """seed_demo twice (the second run a no-op), on a day late and early in the year."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo(today=request.param)
        counts = (GovernanceBody.objects.count(), Meeting.objects.count(), Decision.objects.count())
        seed_demo(today=request.param)
        assert counts == (
            GovernanceBody.objects.count(),
            Meeting.objects.count(),
            Decision.objects.count(),
        )
        yield request.param
        transaction.set_rollback(True)


def kerngroep(slug):
    return GovernanceBody.objects.get(level=BodyLevel.KERNGROEP, communities__slug=slug)


def test_the_secretary_of_het_ankers_kerngroep(today):
    secretary = User.objects.get(username="secretaris")
    body = kerngroep("het-anker")
    assert body.members.get(user=secretary).role == MemberRole.SECRETARY
    assert access.body_capabilities(secretary, body) == {
        access.BodyCapability.VIEW,
        access.BodyCapability.RUN,
    }
    assert selectors.overdue_action_items_for(user=secretary, on=today)
    welzijn = User.objects.get(username="welzijn")
    assert access.body_capabilities(welzijn, body) == frozenset()
    assert access.body_capabilities(welzijn, kerngroep("de-kade"))


def test_one_body_is_behind_its_cadence_and_the_others_are_on_course(today):
    statuses = {
        body.name: cadence.status
        for body, cadence in (
            (b, selectors.cadence_for_bodies(bodies=[b], year=today.year, today=today)[b.pk])
            for b in GovernanceBody.objects.exclude(level=BodyLevel.ALV)
        )
    }
    assert statuses.pop("Kerngroep De Kade") != CadenceStatus.ON_COURSE
    assert set(statuses.values()) == {CadenceStatus.ON_COURSE}, statuses


def test_a_year_of_meetings_with_minutes_decisions_and_action_items(today):
    body = kerngroep("het-anker")
    held = body.meetings.filter(starts_at__date__lt=today)
    assert held.count() >= 2
    assert all(m.attendance.exists() and m.minutes_versions.exists() for m in held)
    for year in set(Decision.objects.filter(body=body).values_list("year", flat=True)):
        numbers = Decision.objects.filter(body=body, year=year).order_by("number")
        codes = [d.code for d in numbers]
        assert codes == [f"KG-{year}-{n:02d}" for n in range(1, len(codes) + 1)]
    assert ActionItem.objects.overdue(today).exists()
    assert ActionItem.objects.filter(status="gedaan").exists()


def test_akkoord_readiness_and_woonvereniging(today):
    for community in Community.objects.all():
        assert community.governance_agreement.action_lines.count() == 5
        assert community.governance_escalation_steps.count() == 2
    boomgaard = Community.objects.get(slug="de-boomgaard")
    items = list(boomgaard.readiness_items.all())
    assert len(items) == 5 and 0 < sum(i.done for i in items) < 5
    assert boomgaard.association.board.count() == 3
    assert boomgaard.association.general_meeting.meetings.exists()
    stuurgroep = GovernanceBody.objects.get(level=BodyLevel.STUURGROEP)
    assert stuurgroep.communities.count() == 3
