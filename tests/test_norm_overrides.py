"""A location's own norms (DESIGN.md §3: every norm is a default a community may override, with
the override and its reason visible): the norms used, the reason rule, low ≤ high in the form,
the service and the database, the edit page per role, and the override on the pages."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from communities.hours import services as hours
from communities.hours.forms import NormsOverrideForm
from communities.models import Community
from communities.norms import NormStatus, norms_in_force

D = Decimal
TODAY = datetime.date(2025, 3, 12)  # De Kade (6 units) is in year 3: the model says 8 h
MONDAY = datetime.date(2025, 3, 10)
REASON = "Veel nieuwe bewoners tegelijk na de renovatie"


def save(world, **kwargs):
    values = {
        "low": None,
        "high": None,
        "care_share_percent": D(10),
        "hours_per_fte": D(36),
        "reason": "",
    }
    values.update(kwargs)
    return hours.norms_override_save(community=world.community, by=world.users["coach"], **values)


def overview(world, viewer=None):
    world.community.refresh_from_db()
    return hours.hours_overview(community=world.community, today=TODAY, viewer=viewer)


# --- The norms used ----------------------------------------------------------------------------


def test_without_override_the_models_defaults_apply(world):
    result = overview(world, viewer=world.users["begeleider"])
    assert not result.norms.is_override
    assert not result.coach_norm.is_override
    assert (result.coach_norm.low, result.coach_norm.high) == (D(8), D(8))
    assert result.coach_norm.override_text == ""
    horizon = next(r for r in result.care if r.organisation == world.care)
    assert horizon.norm == D("0.7")  # Anna: 7 h × 10%
    assert result.management_norm == (D("0.6"), D("1.4"))


def test_norms_in_force_with_one_end_is_a_single_number():
    norms = norms_in_force(coach_low=D(10))
    assert (norms.coach_low, norms.coach_high) == (D(10), D(10))
    assert norms.coach_is_override and not norms.care_is_override
    assert not norms_in_force().is_override


def test_coach_override_changes_the_norm_and_the_status(world):
    # A week that is over: the running week reads "lopend" until it reaches the norm.
    last_week = MONDAY - datetime.timedelta(days=7)
    hours.time_entry_record(
        community=world.community,
        user=world.users["coach"],
        week_of=last_week,
        hours=9,
        today=TODAY,
    )
    before = {w.week_start: w for w in overview(world).coach}[last_week]
    assert before.status == NormStatus.ABOVE  # 9 against the model's 8

    save(world, low=D(10), high=D(12), reason=REASON)
    result = overview(world)
    week = {w.week_start: w for w in result.coach}[last_week]
    assert (week.low, week.high) == (D(10), D(12))
    assert week.status == NormStatus.BELOW
    assert all((w.low, w.high) == (D(10), D(12)) for w in result.coach)
    norm = result.coach_norm
    assert norm.is_override and (norm.model_low, norm.model_high) == (D(8), D(8))
    assert norm.override_text == (
        f"Afspraak van deze locatie: 10–12 uur (standaard volgens het model: 8). Reden: {REASON}"
    )
    assert "rij 40–80" in norm.explanation  # the model's computation is still shown


def test_care_share_override_changes_the_care_norm(world):
    save(world, care_share_percent=D(20), reason=REASON)
    result = overview(world, viewer=world.users["begeleider"])
    horizon = next(r for r in result.care if r.organisation == world.care)
    assert horizon.norm == D("1.4")
    assert result.norms.care_is_override
    rows = hours.care_hours_norms(community=world.community, on=TODAY)
    assert {r.organisation.name: r.norm for r in rows}["Zorggroep Horizon"] == D("1.4")


def test_hours_per_fte_override_changes_the_management_norm(world):
    save(world, hours_per_fte=D(32), reason=REASON)
    result = overview(world)
    # 6 / 350 × 32 = 0.55 → 0.5 (half up: 0.5486); 6 / 150 × 32 = 1.28 → 1.3
    assert result.management_norm == (D("0.5"), D("1.3"))
    assert result.norms.management_is_override


# --- The rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "override",
    [
        {"low": D(10), "high": D(12)},
        {"high": D(6)},
        {"care_share_percent": D(15)},
        {"hours_per_fte": D(32)},
    ],
)
def test_an_override_without_a_reason_is_refused(world, override):
    with pytest.raises(ValidationError) as error:
        save(world, reason="  ", **override)
    assert "Leg vast waarom" in str(error.value.message_dict["norms_override_reason"])
    world.community.refresh_from_db()
    assert world.community.coach_hours_override_low is None
    assert world.community.care_share_percent == D(10)


def test_back_to_the_defaults_needs_no_reason(world):
    save(world, low=D(10), high=D(12), reason=REASON)
    save(world)
    world.community.refresh_from_db()
    assert world.community.coach_hours_override_low is None
    assert not hours.community_norms(world.community).is_override


def test_low_above_high_is_refused_by_the_service(world):
    with pytest.raises(ValidationError) as error:
        save(world, low=D(12), high=D(10), reason=REASON)
    assert "maximum" in str(error.value.message_dict["coach_hours_override_high"])


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("low", D(81)),
        ("high", D(-1)),
        ("care_share_percent", D(101)),
        ("hours_per_fte", D(0)),
        ("hours_per_fte", D(61)),
        ("low", D("7.25")),
    ],
)
def test_out_of_range_values_are_refused(world, field, value):
    with pytest.raises(ValidationError):
        save(world, reason=REASON, **{field: value})


def test_low_above_high_is_refused_by_the_form():
    form = NormsOverrideForm(
        data={
            "coach_hours_override_low": "12",
            "coach_hours_override_high": "10",
            "care_share_percent": "10",
            "management_hours_per_fte": "36",
            "norms_override_reason": REASON,
        }
    )
    assert not form.is_valid()
    assert "coach_hours_override_high" in form.errors


def test_low_above_high_is_refused_by_the_database(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Community.objects.filter(pk=world.community.pk).update(
            coach_hours_override_low=D(12), coach_hours_override_high=D(10)
        )


def test_the_model_constraint_says_why_in_dutch(world):
    community = world.community
    community.coach_hours_override_low = D(12)
    community.coach_hours_override_high = D(10)
    with pytest.raises(ValidationError) as error:
        community.validate_constraints()
    assert "mag niet hoger zijn dan het maximum" in str(error.value)


# --- The page ----------------------------------------------------------------------------------


def norms_url(world):
    return reverse("hours_norms_edit", args=[world.community.slug])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coach", 200),
        ("beheerder", 200),
        ("locatie", 403),
        ("bewoner", 403),
        ("gemeente", 403),
        ("buitenstaander", 404),
    ],
)
def test_the_norms_page_per_role(client, world, who, status):
    client.force_login(world.users[who])
    assert client.get(norms_url(world)).status_code == status


def test_the_coach_records_an_override_with_a_decimal_comma(client, world):
    client.force_login(world.users["coach"])
    response = client.post(
        norms_url(world),
        {
            "coach_hours_override_low": "10,5",
            "coach_hours_override_high": "12",
            "care_share_percent": "10",
            "management_hours_per_fte": "36",
            "norms_override_reason": REASON,
        },
    )
    assert response.status_code == 302
    world.community.refresh_from_db()
    assert world.community.coach_hours_override_low == D("10.5")
    assert world.community.norms_override_reason == REASON


def test_the_page_refuses_an_override_without_a_reason_in_dutch(client, world):
    client.force_login(world.users["beheerder"])
    response = client.post(
        norms_url(world),
        {
            "coach_hours_override_low": "",
            "coach_hours_override_high": "",
            "care_share_percent": "15",
            "management_hours_per_fte": "36",
            "norms_override_reason": "",
        },
    )
    assert response.status_code == 200
    assert "Leg vast waarom deze locatie afwijkt" in response.content.decode()
    world.community.refresh_from_db()
    assert world.community.care_share_percent == D(10)


def test_the_override_and_its_reason_are_visible_on_the_overview(client, world):
    save(world, low=D(10), high=D(12), hours_per_fte=D(32), reason=REASON)
    client.force_login(world.users["gemeente"])
    page = client.get(reverse("hours_overview", args=[world.community.slug])).content.decode()
    assert "afwijkende afspraak" in page
    model = hours.model_coach_norm(
        community=world.community, units=6, today=timezone.localdate()
    ).label  # the page runs on the real date: the phase (and the model's norm) follow it
    assert f"Afspraak van deze locatie: 10–12 uur (standaard volgens het model: {model})." in page
    assert REASON in page
    assert "1 fte = 32 uur per week (standaard volgens het model: 36)" in page
    assert norms_url(world) not in page  # the gemeente cannot change the norms
    client.force_login(world.users["coach"])
    page = client.get(reverse("hours_overview", args=[world.community.slug])).content.decode()
    assert norms_url(world) in page


def test_no_badge_without_override(client, world):
    client.force_login(world.users["coach"])
    page = client.get(reverse("hours_overview", args=[world.community.slug])).content.decode()
    assert "afwijkende afspraak" not in page
    assert "Begeleiders: 10% van de geïndiceerde uren" in page


def test_the_override_and_its_reason_are_visible_in_the_panel(client, world):
    save(world, low=D(10), high=D(12), reason=REASON)
    client.force_login(world.users["coach"])
    page = client.get(reverse("community_detail", args=[world.community.slug])).content.decode()
    assert "afwijkende afspraak" in page
    assert REASON in page
