"""The demo data of outreach, ABCD and signals has the promised shape (issue 4): a year of
contacts in which the coach records most, 8–12 residents per community nobody has reached for
two months, approach preferences, talents and needs from the shared list, 4–6 assets, 10–20
signals per community with steps, most closed, one open too long, and a few evictions
prevented over the year. Signals (and contacts) obey the same rules as data entered by hand."""

import datetime
from collections import Counter

import pytest
from django.db import transaction

from communities.demo.outreach import SHARED_TAGS
from communities.demo.seed import seed_demo
from communities.models import Community, Contact, Signal, Talent, TalentTag, TenancyResident
from communities.outreach import services as outreach
from communities.signals import services as signals_rules

TODAY = datetime.date(2026, 5, 15)
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed_demo(today=TODAY)
        transaction.set_rollback(True)


def communities():
    return list(Community.objects.order_by("slug"))


def test_residents_nobody_reached_for_two_months():
    for community in communities():
        rows = outreach.not_reached(community=community, on=TODAY, weeks=9)
        assert 8 <= len(rows) <= 12, community.slug
        # The six-week list (the default) holds them and not many more.
        default = outreach.not_reached(community=community, on=TODAY)
        assert len(rows) <= len(default) <= len(rows) + 8


def test_contacts_in_a_rhythm_the_coach_records_most():
    for community in communities():
        contacts = Contact.objects.filter(resident__community=community)
        by = Counter(contacts.values_list("recorded_by__username", flat=True))
        assert by.most_common(1)[0][0] == "coach", community.slug
        assert by["beheerder"] > 0 and by["locatie"] > 0
        days = set(contacts.values_list("contacted_on", flat=True))
        assert min(days) >= TODAY - datetime.timedelta(days=366)
        assert max(days) <= TODAY
        # Every contact falls on a day the resident lived there.
        for resident_id, day in contacts.values_list("resident_id", "contacted_on")[:200]:
            assert (
                TenancyResident.objects.active_on(day)
                .filter(resident_id=resident_id, tenancy__unit__community=community)
                .exists()
            )
    begeleider = Contact.objects.filter(recorded_by__username="begeleider")
    assert begeleider.exists()
    assert not begeleider.filter(resident__community__slug="de-boomgaard").exists()


def test_preferences_talents_and_assets():
    assert set(TalentTag.objects.filter(shared=True).values_list("name", flat=True)) == set(
        SHARED_TAGS
    )
    for community in communities():
        residents = community.residents.exclude(approach_preference="")
        assert residents.count() >= 3, community.slug
        assert 4 <= community.assets.count() <= 6
        kinds = Counter(
            Talent.objects.filter(resident__community=community).values_list("kind", flat=True)
        )
        assert kinds["aanbod"] > kinds["vraag"] > 0
        assert outreach.talent_search(community=community, query="kok", kind="aanbod", on=TODAY)


def test_signals_per_community():
    for community in communities():
        signals = community.signals.all()
        assert 10 <= signals.count() <= 20, community.slug
        open_ = signals.filter(closed_on__isnull=True)
        assert open_.count() < signals.count() / 2  # most are closed
        overdue = signals_rules.open_overdue(signals=signals, community=community, today=TODAY)
        assert overdue.count() >= 1
        assert all(s.steps.exists() for s in signals)
        items = outreach.attention_list(community=community, today=TODAY)
        assert {"signaal_open", "klachten"} <= {i.rule for i in items}
        # Every ladder is still the default: the page asks the team to adapt it.
        assert all(s.is_default for s in signals_rules.ladder_steps(community=community))


def test_evictions_prevented_one_to_three_per_year_overall():
    per_year = signals_rules.evictions_prevented_by_year(signals=Signal.objects.all())
    assert per_year
    assert all(1 <= count <= 3 for count in per_year.values())
    assert sum(per_year.values()) == 3


def test_signals_obey_the_rules():
    for signal in Signal.objects.prefetch_related("residents", "steps"):
        if signal.closed_on:
            assert signal.closed_on >= signal.reported_on
        for step in signal.steps.all():
            assert signal.reported_on <= step.taken_on <= TODAY
        for resident in signal.residents.all():
            assert resident.community_id == signal.community_id
