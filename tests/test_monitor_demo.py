"""The monitor's demo data (monitor.demo.seed_monitor, through seed_demo): 24 backfilled
snapshots per community, surveys with answers; the gemeente user sees the three communities,
and Het Anker, off target, shows "actie nodig" on the mix with a readable reason."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from communities.demo.seed import seed_demo
from communities.models import Community, User
from monitor.access import monitor_viewer
from monitor.constants import Ingredient, Status
from monitor.models import KpiSnapshot
from monitor.selectors import scorecard_for
from monitor.survey import survey_results

TODAY = datetime.date(2026, 5, 15)
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo(today=TODAY)
        yield
        transaction.set_rollback(True)


def test_snapshots_are_backfilled_for_24_months():
    for community in Community.objects.all():
        months = list(community.kpi_snapshots.values_list("month", flat=True))
        assert len(months) == 24
        assert months[-1] == datetime.date(2026, 4, 1) and months[0] == datetime.date(2024, 5, 1)
    assert KpiSnapshot.objects.count() == 72


def test_het_anker_shows_actie_nodig_on_the_mix_for_the_gemeente():
    gemeente = User.objects.get(username="gemeente")
    anker = Community.objects.get(slug="het-anker")
    card = scorecard_for(community=anker, on=TODAY, viewer=monitor_viewer(gemeente, anker))
    row = card.row(Ingredient.MIX)
    assert row.status == Status.ACTION
    assert row.because == "Actie nodig door: Mix begeleid"
    assert "begeleid" in row.worst.line and "streef 33 %" in row.worst.line


def test_the_gemeente_dashboard_lists_the_three_communities(client):
    client.force_login(User.objects.get(username="gemeente"))
    response = client.get(reverse("monitor_dashboard"))
    assert [c.name for c, _card in response.context["cards"]] == [
        "De Boomgaard",
        "De Kade",
        "Het Anker",
    ]
    assert len(response.context["charts"]) == 7


def test_surveys_with_and_without_enough_answers():
    kade, trend = survey_results(community=Community.objects.get(slug="de-kade"))
    assert kade.shown and kade.responses == 16 and [p.year for p in trend] == [2025, 2026]
    boomgaard, _trend = survey_results(community=Community.objects.get(slug="de-boomgaard"))
    assert boomgaard.responses == 4 and not boomgaard.shown


def test_snapshots_carry_the_survey_row_of_their_year():
    anker = Community.objects.get(slug="het-anker")
    latest = anker.kpi_snapshots.order_by("-month").first()
    assert latest.data["statuses"][Ingredient.EXPERIENCE] != Status.NO_DATA
    before_any_survey = anker.kpi_snapshots.get(month=datetime.date(2024, 5, 1))
    assert before_any_survey.data["statuses"][Ingredient.EXPERIENCE] == Status.NO_DATA
