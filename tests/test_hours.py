"""Hours: the time-entry service, the hours overview by hand computation, the pages per role."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from communities import services
from communities.constants import TimeKind
from communities.hours import services as hours
from communities.models import Activity, ActivityKind, TimeEntry
from communities.norms import NormStatus
from tests.factories import ResidentFactory, TimeEntryFactory

D = Decimal
DAY = datetime.date
TODAY = DAY(2025, 3, 12)  # a Wednesday; De Kade (moved in 01-01-2023) is in year 3
MONDAY = DAY(2025, 3, 10)


# --- Weeks -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (DAY(2025, 3, 10), DAY(2025, 3, 10)),  # Monday itself
        (DAY(2025, 3, 12), DAY(2025, 3, 10)),
        (DAY(2025, 3, 16), DAY(2025, 3, 10)),  # Sunday belongs to the week before it
        (DAY(2025, 3, 17), DAY(2025, 3, 17)),
        (DAY(2025, 1, 1), DAY(2024, 12, 30)),  # across the year boundary
    ],
)
def test_week_start_is_the_monday(day, monday):
    assert hours.week_start(day) == monday


def test_week_starts_oldest_first_ending_with_the_running_week():
    weeks = hours.week_starts(until=TODAY, weeks=3)
    assert weeks == [DAY(2025, 2, 24), DAY(2025, 3, 3), DAY(2025, 3, 10)]


# --- The service -------------------------------------------------------------------------------


def record(world, who, **kwargs):
    kwargs.setdefault("week_of", TODAY)
    kwargs.setdefault("hours", D("8"))
    return hours.time_entry_record(
        community=world.community, user=world.users[who], today=TODAY, **kwargs
    )


def test_any_day_is_stored_as_its_monday(world):
    entry, created = record(world, "coach", week_of=DAY(2025, 3, 13))
    assert created
    assert entry.week_start == MONDAY
    assert entry.kind == TimeKind.COACH


def test_a_second_save_for_the_same_week_updates_it(world):
    first, _ = record(world, "coach", week_of=DAY(2025, 3, 10), hours=D(6), note="eerste")
    second, created = record(world, "coach", week_of=DAY(2025, 3, 14), hours=D("7.5"), note="")
    assert not created
    assert second.pk == first.pk
    assert TimeEntry.objects.count() == 1
    first.refresh_from_db()
    assert first.hours == D("7.5")
    assert first.note == ""


@pytest.mark.parametrize(
    ("who", "kind"),
    [
        ("coach", TimeKind.COACH),
        ("begeleider", TimeKind.CARE),
        ("begeleider_anker", TimeKind.CARE),
        ("beheerder", TimeKind.MANAGEMENT),
        ("locatie", TimeKind.MANAGEMENT),
    ],
)
def test_the_kind_follows_the_role(world, who, kind):
    entry, _ = record(world, who)
    assert entry.kind == kind


@pytest.mark.parametrize("who", ["bewoner", "welzijn", "gemeente", "stuurgroep"])
def test_roles_without_hours_are_refused(world, who):
    with pytest.raises(ValidationError, match="geen uren schrijven"):
        record(world, who)
    assert not TimeEntry.objects.exists()


def test_another_communitys_user_is_refused(world):
    with pytest.raises(ValidationError, match="geen uren schrijven"):
        record(world, "buitenstaander")
    assert not TimeEntry.objects.exists()


def test_a_user_cannot_log_another_kind(world):
    with pytest.raises(ValidationError, match="een andere soort uren kan niet"):
        record(world, "coach", kind=TimeKind.CARE)
    entry, _ = record(world, "coach", kind=TimeKind.COACH)
    assert entry.kind == TimeKind.COACH


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (D("-1"), "Het aantal uren kan niet negatief zijn."),
        (D("-0.1"), "Het aantal uren kan niet negatief zijn."),
        (D("80.1"), "Vul een aantal uren tussen 0 en 80 in."),
        (D("7.25"), "Vul de uren in met hoogstens één decimaal."),
        ("abc", "Vul een aantal uren in."),
        (None, "Vul een aantal uren in."),
    ],
)
def test_bad_hours_are_refused_in_dutch(world, value, message):
    with pytest.raises(ValidationError) as error:
        record(world, "coach", hours=value)
    assert message in str(error.value)
    assert not TimeEntry.objects.exists()


@pytest.mark.parametrize("value", [D(0), D("0.5"), D(80)])
def test_hours_from_0_to_80(world, value):
    entry, _ = record(world, "coach", hours=value)
    assert entry.hours == value


def test_a_future_week_is_refused_the_running_week_is_not(world):
    with pytest.raises(ValidationError, match="toekomst"):
        record(world, "coach", week_of=DAY(2025, 3, 17))
    entry, _ = record(world, "coach", week_of=DAY(2025, 3, 16))  # Sunday of the running week
    assert entry.week_start == MONDAY


# --- The overview by hand ----------------------------------------------------------------------


@pytest.fixture
def horizon_twenty(world):
    """The seed's example: Horizon gets 20 clients × 6 h at De Kade (Anna's support ends), so
    its 10% is 12 h/week; Anker keeps Bram (5 h) alone."""
    services.support_end(support_period=world.own_period, on=DAY(2024, 6, 1))
    for index in range(20):
        resident = ResidentFactory(community=world.community)
        services.resident_move_in(
            resident=resident, unit=world.units[3 + index % 3], on=DAY(2024, 1, 1)
        )
        services.support_start(
            resident=resident, care_organisation=world.care, on=DAY(2024, 1, 1), hours_per_week=6
        )
    return world


def entry(world, who, kind, week, value):
    return TimeEntryFactory(
        community=world.community,
        user=world.users[who],
        kind=kind,
        week_start=week,
        hours=D(value),
    )


W0, W1, W2 = DAY(2025, 3, 10), DAY(2025, 3, 3), DAY(2025, 2, 24)


def test_coach_weeks_against_the_norm(world):
    # 6 units, year 3 → standard column, row 40–80 (below the model's scale) → 8 h a week.
    entry(world, "coach", TimeKind.COACH, W2, "10")
    entry(world, "coach", TimeKind.COACH, W1, "8")
    entry(world, "coach", TimeKind.COACH, W0, "5")
    overview = hours.hours_overview(community=world.community, today=TODAY)
    assert overview.units == 6
    assert overview.coach_norm.below_scale
    assert (overview.coach_norm.low, overview.coach_norm.high) == (D(8), D(8))
    assert overview.coach_norm.explanation == (
        "6 eenheden → jaar 3 → kolom standaard → rij 40–80 (onder de schaal van het model: "
        "minder dan 40 eenheden) → 8 uur per week"
    )
    by_week = {w.week_start: w for w in overview.coach}
    assert len(overview.coach) == 8
    assert (by_week[W2].realised, by_week[W2].status) == (D(10), NormStatus.ABOVE)
    assert (by_week[W1].realised, by_week[W1].status) == (D(8), NormStatus.WITHIN)
    # The running week (5 of 8 on Wednesday) is not over: no "onder de norm" yet.
    assert (by_week[W0].realised, by_week[W0].status) == (D(5), None)
    assert by_week[W0].running and not by_week[W1].running
    assert by_week[DAY(2025, 1, 20)].realised == D(0)


@pytest.mark.parametrize(
    ("realised", "low", "high", "running", "status"),
    [
        ("0", "8", "8", True, None),  # Monday morning: nothing written yet
        ("5", "8", "8", True, None),
        ("8", "8", "8", True, NormStatus.WITHIN),  # reached already: that stays true
        ("9", "6", "8", True, NormStatus.ABOVE),
        ("0", "8", "8", False, NormStatus.BELOW),  # a complete week is judged
        ("7", "6", "8", False, NormStatus.WITHIN),
    ],
)
def test_a_running_week_is_not_below_the_norm_yet(realised, low, high, running, status):
    assert (
        hours.week_status(realised=D(realised), low=D(low), high=D(high), running=running) == status
    )


def test_the_hours_page_shows_the_running_week_as_lopend(client, world):
    monday = hours.week_start(timezone.localdate())
    entry(world, "coach", TimeKind.COACH, monday - datetime.timedelta(7), "1")
    client.force_login(world.users["coach"])
    body = client.get(url("hours_overview")).content.decode()
    coach = body[body.index('id="coach-kop"') : body.index('id="zorg-kop"')]
    rows = coach.split("<tr>")[2:]  # after the header row; oldest week first
    assert "lopend" in rows[-1] and "onder norm" not in rows[-1]
    assert "onder norm" in rows[-2]  # the week before, complete with 1 of 8 hours


def test_activity_hours_are_a_breakdown_not_extra(world):
    entry(world, "coach", TimeKind.COACH, W1, "8")
    Activity.objects.create(
        community=world.community,
        kind=ActivityKind.objects.create(community=world.community, name="Gezamenlijke lunch"),
        starts_at=timezone.make_aware(datetime.datetime(2025, 3, 5, 12, 0)),
        coach_hours=D("2.5"),
    )
    overview = hours.hours_overview(community=world.community, today=TODAY)
    week = {w.week_start: w for w in overview.coach}[W1]
    assert week.realised == D(8)  # not 10.5
    assert week.breakdown == D("2.5")


def test_the_norm_follows_the_phase_of_each_week(world):
    # Moved in on 12-02-2024: weeks before 12-02-2025 are year 1 (12 h), from then year 2 (8 h).
    world.community.residents_moved_in_on = DAY(2024, 2, 12)
    world.community.save()
    overview = hours.hours_overview(community=world.community, today=TODAY)
    norms = {w.week_start: w.low for w in overview.coach}
    assert norms[DAY(2025, 2, 3)] == D(12)
    assert norms[DAY(2025, 2, 10)] == D(12)  # Monday 10-02 is still year 1
    assert norms[DAY(2025, 2, 17)] == D(8)


def test_pilot_light_week_norm(world):
    from tests.factories import PilotLightDecisionFactory

    PilotLightDecisionFactory(community=world.community, decided_on=DAY(2026, 2, 1), active=True)
    overview = hours.hours_overview(community=world.community, today=DAY(2026, 3, 4))
    assert overview.coach_norm.pilot_light
    assert overview.coach[-1].low == D("0.92")
    assert overview.coach[0].low == D(4)  # 12-01-2026: after year 3, no pilot light yet


def test_care_per_organisation_the_seed_example(horizon_twenty):
    world = horizon_twenty
    entry(world, "begeleider", TimeKind.CARE, W1, "12")
    entry(world, "begeleider", TimeKind.CARE, W0, "3")
    entry(world, "begeleider_anker", TimeKind.CARE, W1, "0.5")
    overview = hours.hours_overview(
        community=world.community, today=TODAY, viewer=world.users["coach"]
    )
    rows = {row.organisation.name: row for row in overview.care}
    horizon = rows["Zorggroep Horizon"]
    assert (horizon.clients, horizon.indicated_total, horizon.norm) == (20, D(120), D(12))
    assert not horizon.masked
    weeks = {w.week_start: w for w in horizon.weeks}
    assert (weeks[W1].realised, weeks[W1].low, weeks[W1].status) == (
        D(12),
        D(12),
        NormStatus.WITHIN,
    )
    assert weeks[W0].status is None and weeks[W0].running  # 3 of 12, the week not over yet
    assert horizon.begeleiders == 1
    # Anker has one client: for the coach the count is "< 5" and no hours are shown.
    anker = rows["Stichting Anker"]
    assert anker.masked and anker.clients_label == "< 5"
    assert anker.indicated_label == "" and anker.norm_label == ""
    assert {w.week_start: w for w in anker.weeks}[W1].status is None
    assert overview.distinct_begeleiders == 2


def test_care_details_in_full_for_the_own_organisation(world):
    overview = hours.hours_overview(
        community=world.community, today=TODAY, viewer=world.users["begeleider_anker"]
    )
    rows = {row.organisation.name: row for row in overview.care}
    anker = rows["Stichting Anker"]
    assert not anker.masked
    assert (anker.clients, anker.indicated_total, anker.norm) == (1, D(5), D("0.5"))
    assert rows["Zorggroep Horizon"].masked  # Anna alone: not Anker's client


def test_care_norm_counts_only_clients_living_there_with_active_support(world):
    # Cor has no support; Bram moves out; Anna's support ends: Horizon and Anker drop to 0.
    on = DAY(2025, 3, 10)
    rows = {
        r.organisation.name: r for r in hours.care_hours_norms(community=world.community, on=on)
    }
    assert rows["Zorggroep Horizon"].norm == D("0.7")
    services.resident_move_out(
        resident=world.residents["bram"], on=DAY(2025, 3, 1), reason="elders"
    )
    services.support_end(support_period=world.own_period, on=DAY(2025, 3, 10))
    assert hours.care_hours_norms(community=world.community, on=on) == []
    rows = {
        r.organisation.name: r
        for r in hours.care_hours_norms(community=world.community, on=DAY(2025, 3, 9))
    }
    assert set(rows) == {"Zorggroep Horizon"}


def test_distinct_begeleiders(world):
    entry(world, "begeleider", TimeKind.CARE, W2, "2")
    entry(world, "begeleider", TimeKind.CARE, W1, "2")
    entry(world, "begeleider_anker", TimeKind.CARE, W1, "1")
    entry(world, "coach", TimeKind.COACH, W1, "8")
    count = hours.distinct_begeleiders(community=world.community, start=W2, end=W0)
    assert count == 2
    assert hours.distinct_begeleiders(community=world.community, start=W0, end=W0) == 0
    assert hours.distinct_begeleiders(community=world.community, start=W2, end=W2) == 1


def test_management_against_1_fte_per_150_to_350_units(world):
    # 6 units: 6/350 × 36 = 0.62 → 0.6; 6/150 × 36 = 1.44 → 1.4.
    entry(world, "beheerder", TimeKind.MANAGEMENT, W1, "1")
    entry(world, "locatie", TimeKind.MANAGEMENT, W1, "0.5")
    entry(world, "locatie", TimeKind.MANAGEMENT, W2, "1")
    overview = hours.hours_overview(community=world.community, today=TODAY)
    assert overview.management_norm == (D("0.6"), D("1.4"))
    weeks = {w.week_start: w for w in overview.management}
    assert (weeks[W1].realised, weeks[W1].status) == (D("1.5"), NormStatus.ABOVE)
    assert (weeks[W2].realised, weeks[W2].status) == (D(1), NormStatus.WITHIN)
    assert weeks[W0].status is None  # the running week, nothing written yet: "lopend"


def test_other_communities_hours_do_not_count(world):
    TimeEntryFactory(
        community=world.other_community,
        user=world.users["buitenstaander"],
        kind=TimeKind.MANAGEMENT,
        week_start=W1,
        hours=D(30),
    )
    overview = hours.hours_overview(community=world.community, today=TODAY)
    assert all(w.realised == 0 for w in overview.management)


def test_panel_average_of_the_last_four_complete_weeks(world):
    # Weeks before the running one: 10, 8, 6, 4 → 7.0 on average; the running week: 2.
    for week, value in zip(
        [DAY(2025, 2, 10), DAY(2025, 2, 17), W2, W1], ["10", "8", "6", "4"], strict=True
    ):
        entry(world, "coach", TimeKind.COACH, week, value)
    entry(world, "coach", TimeKind.COACH, DAY(2025, 2, 3), "40")  # five weeks back: not counted
    entry(world, "coach", TimeKind.COACH, W0, "2")
    panel = hours.hours_panel(community=world.community, user=world.users["coach"], today=TODAY)
    coach = panel["lines"][0]
    assert (coach.this_week, coach.average) == (D(2), D(7))
    assert coach.status == NormStatus.BELOW
    assert coach.norm_label == "8"
    labels = [line.label for line in panel["lines"]]
    assert labels[-1] == "Beheer"


# --- Pages -------------------------------------------------------------------------------------


def url(name, **query):
    path = reverse(name, kwargs={"slug": "de-kade"})
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return path


def test_coach_logs_hours_with_a_decimal_comma(client, world):
    client.force_login(world.users["coach"])
    today = timezone.localdate()
    response = client.post(
        url("hours_log"), {"week_of": today.isoformat(), "hours": "7,5", "note": "lunch"}
    )
    assert response.status_code == 302
    saved = TimeEntry.objects.get()
    assert (saved.hours, saved.kind, saved.week_start) == (
        D("7.5"),
        TimeKind.COACH,
        hours.week_start(today),
    )
    # A second save for the same week updates and says so.
    response = client.post(
        url("hours_log"), {"week_of": today.isoformat(), "hours": "6", "note": ""}, follow=True
    )
    assert TimeEntry.objects.get().hours == D(6)
    assert "aangepast" in response.content.decode()


def test_negative_hours_in_the_form_are_refused_in_dutch(client, world):
    client.force_login(world.users["begeleider"])
    response = client.post(
        url("hours_log"), {"week_of": timezone.localdate().isoformat(), "hours": "-2"}
    )
    assert response.status_code == 200
    assert "Het aantal uren kan niet negatief zijn." in response.content.decode()
    assert not TimeEntry.objects.exists()


def test_log_page_prefills_an_existing_week(client, world):
    monday = hours.week_start(timezone.localdate())
    entry(world, "coach", TimeKind.COACH, monday, "9.5")
    client.force_login(world.users["coach"])
    response = client.get(url("hours_log", week=monday.isoformat()))
    assert 'value="9,5"' in response.content.decode()
    assert "Communitycoach" in response.content.decode()


def test_log_page_says_one_entry_per_week(client, world):
    client.force_login(world.users["locatie"])
    body = client.get(url("hours_log")).content.decode()
    assert "Eén registratie per week" in body
    assert "Beheer (sociaal en fysiek)" in body


def test_overview_page_shows_the_computation(client, world):
    client.force_login(world.users["bewoner"])
    body = client.get(url("hours_overview")).content.decode()
    assert "6 eenheden →" in body
    assert "rij 40–80" in body
    assert "geen extra uren" in body
    assert "Uren schrijven" not in body  # the delegation logs no hours


@pytest.mark.parametrize("who", ["gemeente", "stuurgroep"])
def test_aggregate_roles_see_totals_per_kind_not_persons(client, world, who):
    monday = hours.week_start(timezone.localdate())
    entry(world, "coach", TimeKind.COACH, monday, "8")
    entry(world, "begeleider", TimeKind.CARE, monday, "3")
    client.force_login(world.users[who])
    body = client.get(url("hours_overview")).content.decode()
    assert "totalen per soort uren" in body
    for name in ("Coach Medewerker", "Begeleider Medewerker", "Anna", "Jansen"):
        assert name not in body
    assert "&lt; 5" in body  # Horizon's single client
    assert client.get(url("hours_entries")).status_code == 403
    assert client.get(url("hours_export")).status_code == 403


def test_entries_list_filters(client, world):
    entry(world, "coach", TimeKind.COACH, W1, "8")
    entry(world, "begeleider", TimeKind.CARE, W1, "3")
    entry(world, "begeleider", TimeKind.CARE, W2, "4")
    client.force_login(world.users["beheerder"])
    body = client.get(url("hours_entries")).content.decode()
    assert "3 registraties" in body
    body = client.get(url("hours_entries", kind="begeleiding")).content.decode()
    assert "2 registraties" in body
    body = client.get(
        url("hours_entries", user=world.users["coach"].pk, start="2025-03-05")
    ).content.decode()
    assert "1 registratie" in body
    body = client.get(url("hours_entries", end="2025-02-28")).content.decode()
    assert "1 registratie" in body


def test_entries_filter_offers_no_users_of_other_communities(client, world):
    TimeEntryFactory(
        community=world.other_community,
        user=world.users["buitenstaander"],
        kind=TimeKind.MANAGEMENT,
    )
    client.force_login(world.users["coach"])
    body = client.get(url("hours_entries")).content.decode()
    assert "Buiten Staander" not in body
    # Picking them by id shows nothing either: not a valid choice.
    response = client.get(url("hours_entries", user=world.users["buitenstaander"].pk))
    assert "Buiten Staander" not in response.content.decode()


def test_export_csv_neutralises_formulas(client, world):
    TimeEntryFactory(
        community=world.community,
        user=world.users["coach"],
        kind=TimeKind.COACH,
        week_start=W1,
        hours=D("7.5"),
        note='=HYPERLINK("http://x")',
    )
    client.force_login(world.users["coach"])
    response = client.get(url("hours_export", formaat="csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "Week van;Soort uren;Wie;Organisatie;Uren;Notitie" in text
    assert "03-03-2025;Communitycoach;Coach Medewerker" in text
    assert "7,5" in text
    assert "'=HYPERLINK" in text


def test_export_xlsx_and_unknown_format(client, world):
    entry(world, "coach", TimeKind.COACH, W1, "8")
    client.force_login(world.users["begeleider"])
    response = client.get(url("hours_export", formaat="xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="uren-de-kade.xlsx"'
    assert client.get(url("hours_export", formaat="pdf")).status_code == 404


def test_overview_queries_do_not_grow_with_entries(client, world, django_assert_max_num_queries):
    for week in hours.week_starts(until=timezone.localdate(), weeks=8):
        for who, kind in (
            ("coach", TimeKind.COACH),
            ("begeleider", TimeKind.CARE),
            ("begeleider_anker", TimeKind.CARE),
            ("locatie", TimeKind.MANAGEMENT),
        ):
            entry(world, who, kind, week, "2")
    client.force_login(world.users["coach"])
    with django_assert_max_num_queries(20):
        client.get(url("hours_overview"))
    with django_assert_max_num_queries(20):
        client.get(url("hours_entries"))


def test_hours_panel_renders_status_and_link(world):
    from django.template.loader import render_to_string

    entry(world, "coach", TimeKind.COACH, W1, "8")
    panel = hours.hours_panel(community=world.community, user=world.users["coach"], today=TODAY)
    html = render_to_string("communities/_hours_panel.html", {"panel": panel})
    assert "onder norm" in html  # 8 h in one of four weeks: 2 h on average against 8
    assert "Stichting Anker" in html and "Zorggroep Horizon" in html
    assert reverse("hours_overview", kwargs={"slug": "de-kade"}) in html
    assert "6 eenheden →" in html


@pytest.fixture
def de_kade_with_twenty_supported(world):
    """20 supported: 9 of Horizon, 9 of Anker and 2 of a third care organisation, 12 not; every
    client indicated 6 hours a week. One Horizon client's support ended 10 days ago."""
    from tests.factories import CareOrganisationFactory

    third = CareOrganisationFactory(name="Derde Zorg")
    start = datetime.date(2024, 1, 1)
    plan = [(world.care, 8), (world.other_care, 8), (third, 2), (None, 11)]
    ended = None
    for number, (organisation, count) in enumerate(plan):
        for index in range(count):
            resident = ResidentFactory(community=world.community, last_name=f"Extra{number}{index}")
            services.resident_move_in(resident=resident, unit=world.units[3 + number % 3], on=start)
            if organisation is not None:
                period = services.support_start(
                    resident=resident, care_organisation=organisation, on=start, hours_per_week=6
                )
                ended = ended or period
    # A tenth Horizon client whose support ended recently: the norm of the weeks before moved.
    services.support_end(support_period=ended, on=timezone.localdate() - datetime.timedelta(10))
    extra = ResidentFactory(community=world.community, last_name="ExtraLaatste")
    services.resident_move_in(resident=extra, unit=world.units[5], on=start)
    services.support_start(resident=extra, care_organisation=world.care, on=start, hours_per_week=6)
    return world


@pytest.mark.parametrize("who", ["gemeente", "stuurgroep"])
def test_aggregate_roles_cannot_subtract_a_hidden_client_count_or_read_a_norm(
    client, de_kade_with_twenty_supported, who
):
    """Issue 9, item 6: begeleid 20 on the community page and 9 + 9 + "< 5" on the hours page
    gave the third care organisation's count away; a weekly norm moving from 6 to 5,4 showed
    that one client's support ended, and its hours."""
    world = de_kade_with_twenty_supported
    client.force_login(world.users[who])
    community = client.get(reverse("community_detail", args=["de-kade"])).content.decode()
    body = client.get(url("hours_overview")).content.decode()
    shown = [
        label
        for label in ("9 cliënten", "x cliënten", "&lt; 5 cliënten")
        for _ in range(body.count(label))
    ]
    assert "&lt; 5 cliënten" in shown  # Derde Zorg
    assert "x cliënten" in shown  # a second organisation hidden with it
    assert shown.count("9 cliënten") <= 1
    # No norm or indicated hours derived from the clients' indications, in any week.
    for value in ("5,4", "= 6 uur", "geïndiceerd per week"):
        assert value not in body, value
    # The begeleid total they see elsewhere stays what it is.
    assert ">20<" in community.replace(" ", "")


def test_the_team_still_sees_the_norms(client, de_kade_with_twenty_supported):
    client.force_login(de_kade_with_twenty_supported.users["coach"])
    body = client.get(url("hours_overview")).content.decode()
    assert "9 cliënten met begeleiding op de locatie, samen 55 uur" in body
