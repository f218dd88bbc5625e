"""The dashboards: the same number of queries at two data sizes, aggregates only for gemeente
and stuurgroep, exports limited to what the viewer sees and in the audit trail, and the adapter
that fills in governance and financiering once they can tell."""

import csv
import datetime
import io
import sys
import types
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from communities import services
from communities.constants import Role
from monitor.models import KpiSnapshot
from monitor.selectors import scorecard_for, trend_months
from monitor.snapshots import snapshot_take
from tests.factories import (
    ActivityFactory,
    MembershipFactory,
    ResidentFactory,
    SignalFactory,
    UnitFactory,
)


def _grow(world, months: int, extra_residents: int):
    """More history and more rows in both communities."""
    today = timezone.localdate()
    for community in (world.community, world.other_community):
        section = community.sections.first() or None
        units = UnitFactory.create_batch(
            extra_residents,
            **({"section": section} if section else {"section__community": community}),
        )
        for unit in units:
            resident = ResidentFactory(community=community)
            services.resident_move_in(resident=resident, unit=unit, on=datetime.date(2024, 1, 1))
            ActivityFactory(
                community=community,
                starts_at=timezone.now() - datetime.timedelta(days=10),
                participants=[resident],
            )
            SignalFactory(community=community, reported_on=today - datetime.timedelta(days=5))
        for month in trend_months(until=today, months=months):
            snapshot_take(community=community, month=month)


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_dashboard_costs_the_same_queries_at_two_data_sizes(client, world):
    MembershipFactory(
        user=world.users["gemeente"], community=world.other_community, role=Role.GEMEENTE
    )
    client.force_login(world.users["gemeente"])
    url = reverse("monitor_dashboard")
    _grow(world, months=2, extra_residents=1)
    client.get(url)  # warm caches (content types, sessions)
    small = _queries(client, url)
    _grow(world, months=24, extra_residents=12)
    assert KpiSnapshot.objects.count() == 48
    large = _queries(client, url)
    assert large == small
    community_url = reverse("monitor_community", args=["de-kade"])
    client.get(community_url)
    assert _queries(client, community_url) == _queries(client, community_url)


def test_gemeente_sees_aggregates_only(client, world):
    client.force_login(world.users["gemeente"])
    body = client.get(reverse("monitor_community", args=["de-kade"])).content.decode()
    # 2 supported of 3: the counts are "< 5" and the share is not shown.
    assert "&lt; 5 van &lt; 5 bewoners" in body
    assert "67 %" not in body
    assert "Vleugel A" not in body  # no per-section names or figures
    for resident in world.residents.values():
        assert resident.last_name not in body
    client.force_login(world.users["coach"])
    body = client.get(reverse("monitor_community", args=["de-kade"])).content.decode()
    assert "67 % begeleid (2 van 3 bewoners)" in body


def test_dashboard_grid_links_to_the_reasons(client, world):
    client.force_login(world.users["stuurgroep"])
    body = client.get(reverse("monitor_dashboard")).content.decode()
    assert reverse("monitor_community", args=["de-kade"]) + "#mix" in body
    assert "Actie nodig" in body and "Mix begeleid" in body
    assert "Het Anker" not in body  # not a member there


def test_exports_are_masked_limited_and_audited(client, world):
    client.force_login(world.users["gemeente"])
    response = client.get(reverse("monitor_dashboard_export", args=["scorekaart", "csv"]))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert {row["Locatie"] for row in rows} == {"De Kade"}
    mix = next(row for row in rows if row["Indicator"] == "Mix begeleid")
    assert mix["Waarde"] == "–" and "< 5" in mix["Toelichting"]
    event = AuditEvent.objects.get(action="export")
    assert (event.community, event.count, event.user) == (
        world.community,
        len(rows),
        world.users["gemeente"],
    )
    xlsx = client.get(reverse("monitor_community_export", args=["de-kade", "trends", "xlsx"]))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    assert (
        client.get(
            reverse("monitor_community_export", args=["de-kade", "trends", "pdf"])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("monitor_community_export", args=["het-anker", "trends", "csv"])
        ).status_code
        == 404
    )


def test_governance_and_financiering_fill_in_when_their_selectors_exist(world, monkeypatch):
    today = datetime.date(2025, 3, 12)
    card = scorecard_for(community=world.community, on=today)
    assert card.indicator("cadence").status == "geen_gegevens"
    assert card.indicator("horizon").status == "geen_gegevens"

    # The shapes of governance.selectors.community_cadence and financiering's monitor selectors.
    body = types.SimpleNamespace(name="Kerngroep")
    cadence = types.SimpleNamespace(
        held=1, planned=1, required=types.SimpleNamespace(minimum=4), status="actie_nodig"
    )
    governance = types.ModuleType("governance.selectors")
    governance.community_cadence = lambda *, community, year, today: [(body, cadence)]
    financiering = types.ModuleType("financiering.selectors")
    pk = world.community.pk
    financiering.agreements_of = lambda *, community: types.SimpleNamespace(exists=lambda: True)
    financiering.horizon_years_for = lambda *, communities, today: {pk: Decimal(6)}
    financiering.partners_contributing_for = lambda *, communities, today: {
        pk: types.SimpleNamespace(contributing=2, named=3)
    }
    financiering.project_money_without_follow_up_for = lambda *, communities, today: {
        pk: ["Startsubsidie"]
    }
    monkeypatch.setitem(sys.modules, "governance.selectors", governance)
    monkeypatch.setitem(sys.modules, "financiering.selectors", financiering)
    card = scorecard_for(community=world.community, on=today)
    assert card.indicator("cadence").status == "actie_nodig"
    assert card.indicator("cadence").line == "Kerngroep: 1 gehouden, 1 gepland, 4 nodig dit jaar."
    assert card.indicator("horizon").status == "op_koers"
    assert card.indicator("partners").status == "aandacht"
    assert card.indicator("project_money").status == "aandacht"


def test_a_single_small_cell_gets_a_second_hidden_cell():
    from monitor.suppression import suppress_row

    shown = suppress_row([8, 3, 0, 12])
    assert shown[1] == "< 5" and shown[2] == "0"
    assert shown.count("x") == 1 and shown[0] == "x"  # the smallest other count
