"""The demo's hours and safety data: the promised picture, on any day the demo is seeded."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import transaction

from communities.constants import ContactCardTopic, TimeKind
from communities.demo.hours import DEMO_WEEKS
from communities.demo.seed import seed_demo
from communities.hours import services as hours
from communities.models import Community, ContactCardEntry, TimeEntry
from communities.norms import NormStatus
from communities.safety import services as safety

TODAY = datetime.date(2026, 5, 15)
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo(today=TODAY)
        yield
        transaction.set_rollback(True)


def community(slug):
    return Community.objects.get(slug=slug)


@pytest.mark.parametrize("slug", ["de-kade", "het-anker", "de-boomgaard"])
def test_coach_writes_weeks_near_the_norm_up_to_the_last_complete_week(slug):
    c = community(slug)
    entries = TimeEntry.objects.filter(community=c, kind=TimeKind.COACH)
    assert entries.count() == DEMO_WEEKS
    assert not entries.filter(week_start=hours.week_start(TODAY)).exists()
    overview = hours.hours_overview(community=c, today=TODAY)
    complete = [w for w in overview.coach if not w.running]
    statuses = {w.status for w in complete}
    assert NormStatus.WITHIN in statuses or NormStatus.ABOVE in statuses
    average = sum(w.realised for w in complete) / len(complete)
    assert overview.coach_norm.low * Decimal("0.6") <= average <= overview.coach_norm.high * 2
    # Some weeks below the norm over the whole demo period: a compass, not a perfect record.
    norm_low = overview.coach_norm.low
    assert entries.filter(hours__lt=norm_low).exists()


def test_anker_writes_no_hours_and_is_below_its_10_percent():
    c = community("het-anker")
    overview = hours.hours_overview(community=c, today=TODAY)
    rows = {row.organisation.name: row for row in overview.care}
    anker, horizon = rows["Stichting Anker"], rows["Zorggroep Horizon"]
    assert anker.clients >= 5 and anker.norm > 0
    complete = [w for w in anker.weeks if not w.running]
    assert all(w.realised == 0 and w.status == NormStatus.BELOW for w in complete)
    assert anker.weeks[-1].running and anker.weeks[-1].status is None  # "lopend"
    assert any(w.realised > 0 for w in horizon.weeks)
    assert overview.distinct_begeleiders == 1


@pytest.mark.parametrize("slug", ["de-kade", "het-anker", "de-boomgaard"])
def test_beheer_is_logged_by_beheerder_and_locatie(slug):
    c = community(slug)
    users = set(
        TimeEntry.objects.filter(community=c, kind=TimeKind.MANAGEMENT).values_list(
            "user__username", flat=True
        )
    )
    assert users == {"beheerder", "locatie"}


def test_one_community_has_an_overdue_drill():
    overdue = {
        c.slug: safety.fire_drill_overdue(community=c, today=TODAY) for c in Community.objects.all()
    }
    assert overdue["de-kade"] is False
    assert overdue["de-boomgaard"] is False
    assert isinstance(overdue["het-anker"], datetime.date)


@pytest.mark.parametrize("slug", ["de-kade", "het-anker", "de-boomgaard"])
def test_contact_card_filled_with_fictional_numbers(slug):
    c = community(slug)
    entries = list(ContactCardEntry.objects.filter(community=c))
    topics = {e.topic for e in entries}
    assert {
        ContactCardTopic.EMERGENCY,
        ContactCardTopic.REPAIRS,
        ContactCardTopic.NUISANCE,
        ContactCardTopic.SUPPORT,
        ContactCardTopic.COACH,
        ContactCardTopic.POLICE,
    } <= topics
    assert any(e.outside_office_hours for e in entries if e.topic != ContactCardTopic.EMERGENCY)
    for entry in entries:
        if entry.topic == ContactCardTopic.EMERGENCY:
            assert entry.phone == "112"
        else:
            assert re.match(r"^(0900-000|010-000|06-000) ", entry.phone), entry.phone
    assert c.evacuation_plan.startswith("Bij brand")


@pytest.mark.parametrize("who", ["coach", "begeleider", "bewoner", "gemeente"])
def test_demo_pages_render(client, who):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    client.force_login(get_user_model().objects.get(username=who))
    for name in ("hours_overview", "safety_overview", "safety_contact_card"):
        response = client.get(reverse(name, kwargs={"slug": "het-anker"}))
        assert response.status_code == 200, name
