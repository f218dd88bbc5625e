"""The demo's funding: the promised picture (issue 12), on any day the demo is seeded."""

import datetime

import pytest
from django.db import transaction

from communities.demo.seed import seed_demo
from communities.models import Community
from financiering import selectors
from financiering.constants import OneOffPurpose, WarningKind
from financiering.models import OneOffContribution

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


def warning_kinds(slug):
    status = selectors.funding_status(community=community(slug), today=TODAY)
    return {w.kind for w in status.warnings}


def test_every_demo_community_has_signed_agreements():
    for slug in ("de-kade", "het-anker", "de-boomgaard"):
        assert community(slug).funding_agreements.filter(status="getekend").exists()


def test_de_boomgaard_project_money_ends_within_a_year_without_successor():
    assert {
        WarningKind.ENDS_WITHOUT_SUCCESSOR,
        WarningKind.PROJECT_WITHOUT_REGULAR,
        WarningKind.HORIZON_SHORT,
        WarningKind.PARTNER_WITHOUT_CONTRIBUTION,
    } <= warning_kinds("de-boomgaard")
    found = selectors.project_money_without_follow_up_for(
        communities=[community("de-boomgaard")], today=TODAY
    )
    assert found[community("de-boomgaard").pk] == ["Projectsubsidie communitycoach De Boomgaard"]


def test_de_kade_is_secured_five_years_and_more_without_warnings():
    assert warning_kinds("de-kade") == set()
    years = selectors.horizon_years_for(communities=[community("de-kade")], today=TODAY)
    assert years[community("de-kade").pk] >= 5


def test_het_anker_a_party_logs_fewer_hours_than_agreed_and_one_none():
    rows = {
        r.party: r
        for r in selectors.realised_against_agreed(community=community("het-anker"), today=TODAY)
    }
    horizon = rows["Zorggroep Horizon"]
    assert horizon.logged > 0 and horizon.logged < horizon.agreed
    assert rows["Stichting Anker"].missing_months == 12
    budgets = selectors.budget_years(community=community("het-anker"), years=[TODAY.year])
    assert any(b.overspent for b in budgets)
    assert warning_kinds("het-anker") == {WarningKind.HORIZON_SHORT}


def test_the_furnishing_is_a_one_off():
    furnishing = OneOffContribution.objects.get(purpose=OneOffPurpose.FURNISHING)
    assert furnishing.community.slug == "de-boomgaard"
    assert furnishing.party.name == "Woonstichting De Linde"


def test_seven_prevented_evictions_as_signals_in_the_municipality():
    communities = list(Community.objects.all())
    value = selectors.prevented_evictions_value_for(
        communities=communities, today=TODAY, masked=True
    )
    assert value.prevented == 7
    assert value.prevented_shown == "7"  # the total shows
    # 1 + 1 + 3 + 2 over four years: each "< 5", and the total of 7 leaves each of them open.
    assert [y.prevented_shown for y in value.years if y.prevented] == ["< 5"] * 4
    assert value.avoided is not None


def test_partners_contributing_for_the_monitor():
    found = selectors.partners_contributing_for(
        communities=[community("de-boomgaard"), community("de-kade")], today=TODAY
    )
    boomgaard = found[community("de-boomgaard").pk]
    # Gemeente, corporatie, two care organisations, welzijn, coaching, woonvereniging: welzijn
    # gives nothing there. The parties come from governance's akkoord now that it exists.
    assert (boomgaard.contributing, boomgaard.named, boomgaard.from_akkoord) == (6, 7, True)
    assert found[community("de-kade").pk].contributing == 7
