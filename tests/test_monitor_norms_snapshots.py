"""The monitor's norms (a reason for every change, the mix bands included) and the monthly
snapshots (idempotent, backfill, the beat task)."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from communities.constants import OrganisedBy
from communities.models import Community
from monitor import services, tasks
from monitor.models import KpiSnapshot, NormOverride
from monitor.selectors import monitor_norms, scorecard_for, trends_for
from monitor.snapshots import snapshot_take
from tests.factories import ActivityFactory

D = Decimal
DAY = datetime.date


# --- Norms ---------------------------------------------------------------------------------------


def test_a_norm_other_than_the_model_needs_a_reason(world):
    with pytest.raises(ValidationError) as error:
        services.norm_override_save(
            community=world.community,
            norm="participation",
            low="40",
            high="60",
            reason=" ",
            by=None,
        )
    assert "reason" in error.value.error_dict
    assert not NormOverride.objects.exists()
    services.norm_override_save(
        community=world.community,
        norm="participation",
        low="40",
        high="60",
        reason="Veel ouderen",
        by=world.users["coach"],
    )
    norm = monitor_norms(community=world.community)["participation"]
    assert (norm.low, norm.high, norm.reason) == (D(40), D(60), "Veel ouderen")
    # Back to the model's value needs no reason; the history keeps both rows.
    services.norm_override_save(
        community=world.community, norm="participation", low="50", high="70", reason="", by=None
    )
    assert not monitor_norms(community=world.community)["participation"].is_override
    assert NormOverride.objects.count() == 2


@pytest.mark.parametrize(
    ("low", "high", "field"),
    [("abc", "10", "low"), ("-1", "10", "low"), ("8", "7", "high"), ("7,55", "9", "low")],
)
def test_bad_numbers_are_refused_in_dutch(world, low, high, field):
    with pytest.raises(ValidationError) as error:
        services.norm_override_save(
            community=world.community, norm="mix_bands", low=low, high=high, reason="x", by=None
        )
    assert field in error.value.error_dict
    world.community.refresh_from_db()
    assert world.community.band_on_course_pp == D(5)


def test_mix_bands_are_written_to_the_community_with_their_reason(world):
    services.norm_override_save(
        community=world.community,
        norm="mix_bands",
        low="7,5",
        high="12",
        reason="Kleine locatie",
        by=None,
    )
    world.community.refresh_from_db()
    assert (world.community.band_on_course_pp, world.community.band_attention_pp) == (
        D("7.5"),
        D(12),
    )
    norm = monitor_norms(community=world.community)["mix_bands"]
    assert norm.override_text == (
        "Afwijkende norm van deze locatie: 7,5–12 pp (model: 5–10 pp). Reden: Kleine locatie"
    )


def test_bands_changed_without_a_reason_are_shown_as_such(world):
    """Today the bands can be changed in the admin without a reason: the scorecard says so."""
    Community.objects.filter(pk=world.community.pk).update(band_on_course_pp=8)
    world.community.refresh_from_db()
    norm = monitor_norms(community=world.community)["mix_bands"]
    assert norm.unexplained
    indicator = scorecard_for(community=world.community, on=DAY(2025, 3, 12)).indicator("mix")
    assert indicator.override.endswith("Zonder vastgelegde reden.")


def test_norms_page_saves_and_shows_errors(client, world):
    client.force_login(world.users["coach"])
    url = reverse("monitor_norms", args=["de-kade"])
    data = {"units-norm": "units", "units-low": "30", "units-high": "100", "units-reason": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Leg vast waarom" in response.content.decode()
    assert client.post(url, {**data, "units-norm": "onzin"}).status_code == 400
    response = client.post(url, {**data, "units-reason": "Klein gebouw"})
    assert response.status_code == 302
    page = client.get(reverse("monitor_community", args=["de-kade"])).content.decode()
    assert "Reden: Klein gebouw" in page


# --- Snapshots -----------------------------------------------------------------------------------


def test_snapshot_is_one_per_month_and_a_rerun_replaces_it(world):
    first = snapshot_take(community=world.community, month=DAY(2025, 2, 14))
    assert (first.month, first.as_of) == (DAY(2025, 2, 1), DAY(2025, 2, 28))
    assert first.data["mix"] == {
        "supported": 2,
        "unsupported": 1,
        "target_percent": pytest.approx(100 / 3),
        "status": "actie_nodig",
    }
    assert first.data["activities"] is None  # nothing recorded yet: not 0
    ActivityFactory(community=world.community, starts_at=first_day(2025, 2, 10))
    ActivityFactory(
        community=world.community,
        starts_at=first_day(2025, 2, 20),
        organised_by=OrganisedBy.RESIDENTS,
    )
    again = snapshot_take(community=world.community, month=DAY(2025, 2, 1))
    assert KpiSnapshot.objects.filter(community=world.community).count() == 1
    assert again.pk == first.pk
    assert (again.data["activities"], again.data["activities_by_residents"]) == (2, 1)


def first_day(year, month, day):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime(year, month, day, 10))


def test_backfill_command_fills_months_and_checks_its_input(world):
    out = StringIO()
    call_command(
        "snapshot_backfill",
        "--from",
        "2024-11",
        "--to",
        "2025-02",
        "--community",
        "de-kade",
        stdout=out,
    )
    assert "4 maandstanden" in out.getvalue()
    months = list(
        KpiSnapshot.objects.filter(community=world.community).values_list("month", flat=True)
    )
    assert months == [DAY(2024, 11, 1), DAY(2024, 12, 1), DAY(2025, 1, 1), DAY(2025, 2, 1)]
    call_command(
        "snapshot_backfill",
        "--from",
        "2025-01",
        "--to",
        "2025-02",
        "--community",
        "de-kade",
        stdout=out,
    )
    assert KpiSnapshot.objects.filter(community=world.community).count() == 4
    with pytest.raises(CommandError):
        call_command("snapshot_backfill", "--from", "2025-13")
    with pytest.raises(CommandError):
        call_command("snapshot_backfill", "--from", "2025-03", "--to", "2025-01")
    with pytest.raises(CommandError):
        call_command("snapshot_backfill", "--from", "2025-01", "--community", "nergens")
    with pytest.raises(CommandError):  # only months that are over
        call_command("snapshot_backfill", "--from", "2025-01", "--to", "2099-01")


def test_beat_task_takes_last_month_for_every_community(world, settings):
    count = tasks.take_monthly_snapshots()  # eager in tests: each community's task runs
    assert count == Community.objects.count() == 2
    assert KpiSnapshot.objects.count() == 2
    tasks.take_monthly_snapshots()
    assert KpiSnapshot.objects.count() == 2


def test_trends_read_snapshots_in_one_query(world, django_assert_num_queries):
    for month in (DAY(2025, 1, 1), DAY(2025, 2, 1)):
        snapshot_take(community=world.community, month=month)
    with django_assert_num_queries(1):
        trend = trends_for(communities=[world.community], until=DAY(2025, 3, 12))[0]
    assert len(trend.months) == 24 and trend.months[-1] == DAY(2025, 2, 1)
    assert [s is not None for s in trend.snapshots[-3:]] == [False, True, True]
