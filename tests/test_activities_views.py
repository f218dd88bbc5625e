"""The activity pages over HTTP: logging fifteen participants in one submit, bad input changes
nothing, repeating, editing kinds, other contributions, the list with filters and export, the
participation page and the panel — and who may do what (per role, the begeleider of another
care organisation, the residents' delegation, gemeente / stuurgroep with counts only)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities import services
from communities.activities import services as activities
from communities.constants import MoveOutReason, OrganisedBy
from communities.models import Activity, OtherContribution
from tests.factories import ActivityFactory, OtherContributionFactory, ResidentFactory

D = datetime.date


def add_residents(world, count, on=None):
    on = on or D(2024, 1, 1)
    added = []
    for index in range(count):
        resident = ResidentFactory(
            community=world.community, first_name=f"Deelnemer{index:02d}", last_name="Test"
        )
        services.resident_move_in(resident=resident, unit=world.units[3 + index % 3], on=on)
        added.append(resident)
    return added


def log_in(client, world, who):
    client.force_login(world.users[who])
    return client


def post_data(world, **overrides):
    kind = activities.activity_kinds_ensure(community=world.community).get(name="Koffiemoment")
    today = timezone.localdate()
    data = {
        "kind": kind.pk,
        "date": today.isoformat(),
        "time": "10:00",
        "organised_by": OrganisedBy.PROFESSIONALS,
        "participants": [],
        "organisers": [],
        "place": "ontmoetingsruimte",
        "neighbours_count": "2",
        "guests_count": "0",
        "coach_hours": "1,5",
        "title": "",
        "note": "",
    }
    data.update(overrides)
    return data


def url(name, world, **kwargs):
    return reverse(name, kwargs={"slug": world.community.slug, **kwargs})


# --- Logging ----------------------------------------------------------------------------------


def test_form_defaults_today_now_and_current_residents_only(client, world):
    services.resident_move_out(
        resident=world.residents["cor"], on=D(2025, 1, 1), reason=MoveOutReason.ELSEWHERE
    )
    response = log_in(client, world, "coach").get(url("activity_create", world))
    assert response.status_code == 200
    html = response.content.decode()
    form = response.context["form"]
    assert form["date"].value() == timezone.localdate()
    assert form["kind"].value() is not None  # the first kind of the list
    assert "Anna Jansen" in html and "Bram de Vries" in html
    assert "Cor Bakker" not in html  # moved out
    assert "Xander" not in html  # another community
    assert 'src="/static/js/filter-list.js"' in html and "<script>" not in html
    assert 'data-filter-target="bewonerslijst"' in html


def test_form_remembers_the_last_kind_this_user_used_here(client, world):
    kinds = activities.activity_kinds_ensure(community=world.community)
    lunch = kinds.get(name="Gezamenlijke lunch")
    ActivityFactory(community=world.community, kind=lunch, recorded_by=world.users["coach"])
    ActivityFactory(
        community=world.community,
        kind=kinds.get(name="ALV"),
        recorded_by=world.users["beheerder"],
    )
    response = log_in(client, world, "coach").get(url("activity_create", world))
    assert response.context["form"]["kind"].value() == lunch.pk


def test_coach_logs_fifteen_participants_in_one_submit(client, world):
    extra = add_residents(world, 14)
    participants = [world.residents["anna"], *extra]
    organiser = world.residents["bram"]
    response = log_in(client, world, "coach").post(
        url("activity_create", world),
        post_data(
            world,
            participants=[r.pk for r in participants],
            organised_by=OrganisedBy.BOTH,
            organisers=[organiser.pk],
            note="=1+1",
        ),
    )
    assert response.status_code == 302
    assert response.url == url("activity_list", world)
    activity = Activity.objects.get()
    assert activity.participants.count() == 15
    assert list(activity.organisers.all()) == [organiser]
    assert activity.coach_hours == Decimal("1.5")
    assert activity.recorded_by == world.users["coach"]
    page = client.get(response.url)
    assert "met 15 bewoners" in page.content.decode()
    assert "Koffiemoment" in page.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"coach_hours": "-1"}, "coach_hours", "Het aantal uren kan niet negatief zijn."),
        ({"coach_hours": "25"}, "coach_hours", "Hooguit 24 uur op één dag."),
        ({"neighbours_count": "-2"}, "neighbours_count", "Een aantal kan niet negatief zijn."),
        ({"date": "2026-02-30"}, "date", "Vul een geldige datum in."),
        ({"time": "25:00"}, "time", "Vul een tijd in als 14:30."),
        ({"kind": ""}, "kind", "Kies een soort activiteit."),
        (
            {"organised_by": OrganisedBy.RESIDENTS},
            "organisers",
            "Kies welke bewoners de activiteit organiseerden.",
        ),
    ],
)
def test_bad_input_gets_a_dutch_message_and_changes_nothing(
    client, world, overrides, field, message
):
    response = log_in(client, world, "coach").post(
        url("activity_create", world), post_data(world, **overrides)
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert not Activity.objects.exists()


def test_a_date_more_than_a_year_ahead_is_refused_in_the_form(client, world):
    far = timezone.localdate() + datetime.timedelta(days=400)
    response = log_in(client, world, "coach").post(
        url("activity_create", world), post_data(world, date=far.isoformat())
    )
    assert response.status_code == 200
    assert "hooguit een jaar vooruit" in response.context["form"].errors["date"][0]
    assert not Activity.objects.exists()


def test_a_resident_of_another_community_cannot_be_ticked(client, world):
    response = log_in(client, world, "coach").post(
        url("activity_create", world),
        post_data(world, participants=[world.residents["anna"].pk, world.foreign_resident.pk]),
    )
    assert response.status_code == 200
    assert "Kies bewoners van deze locatie." in response.context["form"].errors["participants"]
    assert not Activity.objects.exists()


def test_a_participant_who_did_not_live_there_on_the_date_is_refused(client, world):
    response = log_in(client, world, "coach").post(
        url("activity_create", world),
        post_data(world, date="2023-12-15", participants=[world.residents["anna"].pk]),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["participants"]
    assert errors == ["Anna Jansen woonde(n) op 15-12-2023 niet op deze locatie."]
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("locatie", 403),
        ("begeleider", 403),
        ("begeleider_anker", 403),
        ("bewoner", 403),
        ("gemeente", 403),
        ("stuurgroep", 403),
        ("buitenstaander", 404),
    ],
)
def test_only_loggers_may_post(client, world, who, status):
    response = log_in(client, world, who).post(
        url("activity_create", world), post_data(world, participants=[world.residents["anna"].pk])
    )
    assert response.status_code == status
    assert not Activity.objects.exists()


def test_welzijn_and_beheerder_may_log(client, world):
    for who in ("welzijn", "beheerder"):
        response = log_in(client, world, who).post(url("activity_create", world), post_data(world))
        assert response.status_code == 302
    assert Activity.objects.count() == 2


def test_anonymous_post_goes_to_login(client, world):
    response = client.post(url("activity_create", world), post_data(world))
    assert response.status_code == 302 and "/account/login/" in response.url
    assert not Activity.objects.exists()


# --- Repeat and edit --------------------------------------------------------------------------


def make_activity(world, **kwargs):
    kind = activities.activity_kinds_ensure(community=world.community).get(
        name="Gezamenlijke lunch"
    )
    values = {
        "kind": kind,
        "starts_at": timezone.make_aware(datetime.datetime(2025, 3, 7, 12, 30)),
        "participants": (world.residents["anna"], world.residents["bram"]),
        "title": "Vrijdaglunch",
    }
    values.update(kwargs)
    return activities.activity_log(
        community=world.community,
        data=activities.ActivityData(**values),
        recorded_by=world.users["coach"],
    )


def test_repeat_prefills_next_week_and_records_the_source(client, world):
    source = make_activity(world)
    log_in(client, world, "coach")
    response = client.get(url("activity_repeat", world, pk=source.pk))
    form = response.context["form"]
    assert form["date"].value() == D(2025, 3, 14)
    assert form["title"].value() == "Vrijdaglunch"
    html = response.content.decode()
    assert f'id="deelnemer-{world.residents["anna"].pk}" checked' in html
    assert f'id="deelnemer-{world.residents["cor"].pk}" checked' not in html
    response = client.post(
        url("activity_repeat", world, pk=source.pk),
        post_data(
            world,
            kind=source.kind_id,
            date="2025-03-14",
            time="12:30",
            participants=[world.residents["anna"].pk, world.residents["cor"].pk],
        ),
    )
    assert response.status_code == 302
    repeat = Activity.objects.exclude(pk=source.pk).get()
    assert repeat.repeated_from == source
    assert set(repeat.participants.all()) == {world.residents["anna"], world.residents["cor"]}


def test_repeat_of_another_communitys_activity_is_404(client, world):
    foreign = ActivityFactory(community=world.other_community)
    response = log_in(client, world, "coach").get(url("activity_repeat", world, pk=foreign.pk))
    assert response.status_code == 404


def test_edit_keeps_a_participant_who_moved_out_since(client, world):
    activity = make_activity(world)
    services.resident_move_out(
        resident=world.residents["bram"], on=D(2025, 6, 1), reason=MoveOutReason.ELSEWHERE
    )
    log_in(client, world, "coach")
    response = client.get(url("activity_update", world, pk=activity.pk))
    assert "Bram de Vries" in response.content.decode()
    response = client.post(
        url("activity_update", world, pk=activity.pk),
        post_data(
            world,
            kind=activity.kind_id,
            date="2025-03-07",
            time="12:30",
            participants=[world.residents["anna"].pk, world.residents["bram"].pk],
            guests_count="3",
        ),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.guests_count == 3
    assert activity.participants.count() == 2


def test_detail_shows_names_to_viewers_only(client, world):
    activity = make_activity(world)
    response = log_in(client, world, "begeleider_anker").get(
        url("activity_detail", world, pk=activity.pk)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anna Jansen" in html and "Herhalen" not in html
    response = log_in(client, world, "gemeente").get(url("activity_detail", world, pk=activity.pk))
    assert response.status_code == 403


# --- List, filters, export --------------------------------------------------------------------


def test_list_filters_by_period_kind_organiser_and_place(client, world):
    kinds = activities.activity_kinds_ensure(community=world.community)
    coffee, lunch = kinds.get(name="Koffiemoment"), kinds.get(name="Gezamenlijke lunch")

    def at(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))

    a = ActivityFactory(community=world.community, kind=coffee, starts_at=at(D(2025, 1, 8)))
    b = ActivityFactory(
        community=world.community,
        kind=lunch,
        starts_at=at(D(2025, 2, 8)),
        organised_by=OrganisedBy.RESIDENTS,
    )
    c = ActivityFactory(
        community=world.community, kind=coffee, starts_at=at(D(2025, 3, 8)), place="buurt"
    )
    ActivityFactory(community=world.other_community, starts_at=at(D(2025, 2, 8)))
    log_in(client, world, "coach")

    def shown(**params):
        params.setdefault("start", "")  # the whole history: these dates lie over a year back
        return set(client.get(url("activity_list", world), params).context["page"].object_list)

    assert shown() == {a, b, c}
    assert shown(start="2025-02-01", end="2025-02-28") == {b}
    assert shown(kind=coffee.pk) == {a, c}
    assert shown(organised_by=OrganisedBy.RESIDENTS) == {b}
    assert shown(place="buurt") == {c}


def test_list_and_export_show_the_last_year_unless_asked(client, world):
    today = timezone.localdate()

    def at(days_ago):
        day = today - datetime.timedelta(days=days_ago)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))

    recent = ActivityFactory(community=world.community, starts_at=at(10))
    year_ago = ActivityFactory(community=world.community, starts_at=at(364))
    old = ActivityFactory(community=world.community, starts_at=at(400))
    log_in(client, world, "coach")
    response = client.get(url("activity_list", world))
    assert set(response.context["page"].object_list) == {recent, year_ago}
    # The form shows the period it applied.
    start = (today - datetime.timedelta(days=364)).isoformat()
    assert f'value="{start}"' in response.content.decode()
    everything = client.get(url("activity_list", world), {"start": ""})
    assert set(everything.context["page"].object_list) == {recent, year_ago, old}
    export = client.get(url("activity_export", world), {"formaat": "csv"})
    assert len(export.content.decode("utf-8-sig").strip().splitlines()) == 3  # header + 2


def test_list_and_export_have_no_n_plus_one(client, world):
    extra = add_residents(world, 5)
    log_in(client, world, "coach")

    def queries(view, params, activities_count):
        for day in range(1, activities_count + 1):
            ActivityFactory(
                community=world.community,
                starts_at=timezone.make_aware(datetime.datetime(2024, 6, day, 10)),
                participants=extra,
                organisers=extra[:1],
            )
        client.get(url(view, world), params)  # warm the session
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url(view, world), params)
        assert response.status_code == 200
        return len(captured)

    few = queries("activity_list", {}, 2)
    assert queries("activity_list", {}, 18) == few  # 20 activities now
    few = queries("activity_export", {"formaat": "csv"}, 0)
    assert queries("activity_export", {"formaat": "csv"}, 5) == few


def test_export_csv_has_names_and_neutralised_cells(client, world):
    make_activity(world, note='=HYPERLINK("http://kwaad")', title="@lunch")
    response = log_in(client, world, "begeleider").get(
        url("activity_export", world), {"formaat": "csv", "start": ""}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="activiteiten-de-kade')
    text = response.content.decode("utf-8")
    assert "Anna Jansen, Bram de Vries" in text
    assert "'=HYPERLINK" in text and "'@lunch" in text
    assert '"=HYPERLINK' not in text and ";=HYPERLINK" not in text


def test_export_xlsx_and_filter_and_bad_format(client, world):
    make_activity(world)
    log_in(client, world, "coach")
    response = client.get(url("activity_export", world), {"formaat": "xlsx"})
    assert response.status_code == 200 and response.content[:2] == b"PK"
    response = client.get(url("activity_export", world), {"formaat": "csv", "start": "2025-04-01"})
    assert "Vrijdaglunch" not in response.content.decode("utf-8")
    assert client.get(url("activity_export", world), {"formaat": "pdf"}).status_code == 400
    bad = client.get(url("activity_export", world), {"formaat": "csv", "start": "gisteren"})
    assert bad.status_code == 400


@pytest.mark.parametrize("who", ["locatie", "bewoner", "gemeente", "stuurgroep"])
def test_export_refused_without_view_activities(client, world, who):
    make_activity(world)
    response = log_in(client, world, who).get(url("activity_export", world), {"formaat": "csv"})
    assert response.status_code == 403
    assert b"Jansen" not in response.content


# --- Kinds ------------------------------------------------------------------------------------


def kinds_post(kinds, changes=None, new=("", True, "")):
    data = {"soort-TOTAL_FORMS": len(kinds) + 1, "soort-INITIAL_FORMS": len(kinds)}
    for index, kind in enumerate(kinds):
        name, active, order = (changes or {}).get(kind.name, (kind.name, kind.active, kind.order))
        data[f"soort-{index}-pk"] = kind.pk
        data[f"soort-{index}-name"] = name
        if active:
            data[f"soort-{index}-active"] = "on"
        data[f"soort-{index}-order"] = order
    last = len(kinds)
    data[f"soort-{last}-name"], active, data[f"soort-{last}-order"] = new
    if active:
        data[f"soort-{last}-active"] = "on"
    return data


def test_kinds_page_renames_deactivates_and_adds(client, world):
    kinds = list(activities.activity_kinds_ensure(community=world.community).order_by("order"))
    log_in(client, world, "coach")
    assert client.get(url("activity_kinds", world)).status_code == 200
    response = client.post(
        url("activity_kinds", world),
        kinds_post(
            kinds,
            changes={"ALV": ("Bewonersvergadering", True, 5), "Voorlichting": ("", False, 40)},
            new=("Moestuin", True, "15"),
        ),
    )
    # An empty name for an existing kind is refused; nothing changes.
    assert response.status_code == 200
    assert "Elke soort activiteit heeft een naam nodig." in response.content.decode()
    assert not world.community.activity_kinds.filter(name="Moestuin").exists()
    response = client.post(
        url("activity_kinds", world),
        kinds_post(
            kinds,
            changes={
                "ALV": ("Bewonersvergadering", True, 5),
                "Voorlichting": ("Voorlichting", False, 40),
            },
            new=("Moestuin", True, "15"),
        ),
    )
    assert response.status_code == 302
    names = list(
        world.community.activity_kinds.filter(active=True)
        .order_by("order", "name")
        .values_list("name", flat=True)
    )
    assert names[:3] == ["Bewonersvergadering", "Koffiemoment", "Moestuin"]
    assert "Voorlichting" not in names
    # The log form no longer offers the retired kind.
    html = client.get(url("activity_create", world)).content.decode()
    assert "Moestuin" in html and ">Voorlichting<" not in html


def test_kinds_page_refused_to_welzijn_and_begeleider(client, world):
    for who in ("welzijn", "begeleider"):
        assert log_in(client, world, who).get(url("activity_kinds", world)).status_code == 403


# --- Other contributions ----------------------------------------------------------------------


def test_other_contribution_recorded_and_counted(client, world):
    log_in(client, world, "coach")
    today = timezone.localdate()
    response = client.post(
        url("other_contribution_create", world),
        {
            "resident": world.residents["cor"].pk,
            "noted_on": today.isoformat(),
            "description": "Helpt buren",
        },
    )
    assert response.status_code == 302
    contribution = OtherContribution.objects.get()
    assert contribution.resident == world.residents["cor"]
    assert contribution.recorded_by == world.users["coach"]
    start, end = activities.default_period(today=today)
    figures = activities.participation(community=world.community, start=start, end=end)
    assert figures.overall.contributing == 1


def test_other_contribution_bad_input(client, world):
    log_in(client, world, "coach")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        url("other_contribution_create", world),
        {
            "resident": world.foreign_resident.pk,
            "noted_on": tomorrow.isoformat(),
            "description": "",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["resident"] == ["Kies een bewoner van deze locatie."]
    assert errors["description"] == ["Beschrijf kort wat de bewoner doet."]
    response = client.post(
        url("other_contribution_create", world),
        {
            "resident": world.residents["anna"].pk,
            "noted_on": tomorrow.isoformat(),
            "description": "Helpt",
        },
    )
    assert response.context["form"].errors["noted_on"] == ["Deze datum ligt in de toekomst."]
    assert not OtherContribution.objects.exists()


def test_other_contribution_refused_to_begeleider(client, world):
    response = log_in(client, world, "begeleider").post(
        url("other_contribution_create", world),
        {"resident": world.residents["anna"].pk, "noted_on": "2025-01-01", "description": "x"},
    )
    assert response.status_code == 403
    assert not OtherContribution.objects.exists()


# --- Participation page -----------------------------------------------------------------------


def recent_activity(world, residents):
    ActivityFactory(
        community=world.community,
        starts_at=timezone.now() - datetime.timedelta(days=3),
        participants=residents,
    )


def test_participation_page_for_the_team(client, world):
    recent_activity(world, [world.residents["anna"]])
    response = log_in(client, world, "coach").get(url("participation", world))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert (figures.overall.residents, figures.overall.contributing) == (3, 1)
    html = response.content.decode()
    assert "33,3%" in html and "Onder de bandbreedte" in html
    assert "<svg" in html and "Als tabel" in html


def test_participation_page_period_choice_and_bad_period(client, world):
    log_in(client, world, "coach")
    response = client.get(url("participation", world), {"start": "2025-01-01", "end": "2025-03-31"})
    assert (response.context["figures"].start, response.context["figures"].end) == (
        D(2025, 1, 1),
        D(2025, 3, 31),
    )
    response = client.get(url("participation", world), {"start": "2025-04-01", "end": "2025-03-31"})
    assert "De begindatum ligt na de einddatum." in response.content.decode()
    # An invalid period falls back to the default: the page still answers.
    assert response.context["figures"].end == timezone.localdate()


@pytest.mark.parametrize("who", ["gemeente", "stuurgroep"])
def test_participation_page_for_aggregate_viewers_masks_small_counts(client, world, who):
    recent_activity(world, [world.residents["anna"]])
    response = log_in(client, world, who).get(url("participation", world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt; 5" in html
    assert "33,3%" not in html and "Onder de bandbreedte" not in html
    assert "Jansen" not in html
    assert "Andere bijdrage vastleggen" not in html


def test_participation_grid_gives_no_small_count_away_by_subtraction(client, world):
    """Issue 9, items 2 and 6: 32 not supported living there, 28 of them contributing: the 4
    who do not are a small count, and 32 - 28 would give it away. A viewer without support
    status gets the split only per full quarter, and not at all when a group is that small."""
    quarter_start, quarter_end = activities.last_full_quarter(timezone.localdate())
    start = quarter_start - datetime.timedelta(days=30)
    residents = {
        True: [world.residents["anna"], world.residents["bram"]],
        False: [world.residents["cor"]],
    }
    for supported, total in ((True, 18), (False, 32)):
        while len(residents[supported]) < total:
            resident = ResidentFactory(community=world.community)
            services.resident_move_in(resident=resident, unit=world.units[4], on=start)
            if supported:
                services.support_start(
                    resident=resident, care_organisation=world.care, on=start, hours_per_week=4
                )
            residents[supported].append(resident)
    ActivityFactory(
        community=world.community,
        starts_at=timezone.make_aware(
            datetime.datetime.combine(
                quarter_start + datetime.timedelta(days=20), datetime.time(14)
            )
        ),
        participants=residents[True][:13] + residents[False][:28],
    )
    page = log_in(client, world, "gemeente").get(
        url("participation", world), {"start": quarter_start, "end": quarter_end}
    )
    html = page.content.decode()
    split = page.context["quarter_split"]
    assert (split.start, split.end) == (quarter_start, quarter_end) and split.figures is None
    assert "Geen splitsing" in html
    cells = [" ".join(row.split()) for row in html.split("<tr")]
    assert not any("Niet-begeleid" in row or ">Begeleid<" in row for row in cells)
    assert "87,5%" not in html and "72,2%" not in html


def test_participation_page_for_the_residents_delegation_without_names(client, world):
    recent_activity(world, [world.residents["anna"]])
    response = log_in(client, world, "bewoner").get(url("participation", world))
    html = response.content.decode()
    assert response.status_code == 200 and "33,3%" in html and "Jansen" not in html


# --- Issue 9, item 2: no support status by name -------------------------------------------------


@pytest.mark.parametrize("who", ["welzijn", "bewoner"])
def test_no_split_over_a_chosen_day_for_roles_without_support_status(client, world, who):
    """Attack: welzijn records an "andere bijdrage" for Anna on one day, then asks the
    participation page for exactly that day: "Begeleid 1, Niet-begeleid 0" names her."""
    day = timezone.localdate() - datetime.timedelta(days=2)
    OtherContributionFactory(resident=world.residents["anna"], noted_on=day)
    log_in(client, world, who)
    response = client.get(
        url("participation", world), {"start": day.isoformat(), "end": day.isoformat()}
    )
    assert response.status_code == 200
    labels = [label for label, _ in response.context["groups"]]
    assert labels == ["Alle bewoners"]
    split = response.context["quarter_split"]
    assert split.figures is None  # 1 and 2 supported: under 5
    assert (split.end.month % 3, (split.end + datetime.timedelta(days=1)).day) == (0, 1)
    html = response.content.decode()
    assert "Geen splitsing" in html


def test_the_quarter_split_shows_when_every_group_counts_five(world):
    """With at least 5 in every group (contributing or not, supported or not) the fixed quarter
    is split."""
    people = add_residents(world, 20)
    for person in people[:10]:
        services.support_start(
            resident=person, care_organisation=world.care, on=D(2024, 1, 1), hours_per_week=3
        )
    for person in people[5:15]:
        OtherContributionFactory(resident=person, noted_on=D(2025, 2, 1))
    split = activities.participation_split_without_status(
        community=world.community, until=D(2025, 4, 15)
    )
    assert (split.start, split.end) == (D(2025, 1, 1), D(2025, 3, 31))
    assert (split.figures.supported.residents, split.figures.supported.contributing) == (12, 5)
    assert activities.last_full_quarter(D(2025, 3, 31)) == (D(2025, 1, 1), D(2025, 3, 31))
    assert activities.last_full_quarter(D(2025, 1, 1)) == (D(2024, 10, 1), D(2024, 12, 31))


def test_the_team_keeps_the_split_over_any_period(client, world):
    day = timezone.localdate() - datetime.timedelta(days=2)
    log_in(client, world, "coach")
    response = client.get(
        url("participation", world), {"start": day.isoformat(), "end": day.isoformat()}
    )
    assert [label for label, _ in response.context["groups"]] == [
        "Alle bewoners",
        "Begeleid",
        "Niet-begeleid",
    ]
    assert response.context["quarter_split"] is None


def test_the_other_contributions_page_lists_only_welzijns_own_entries(client, world):
    """No list of people beside the split: welzijn sees the contributions it recorded itself,
    not everyone's."""
    today = timezone.localdate()
    OtherContributionFactory(
        resident=world.residents["anna"], noted_on=today, recorded_by=world.users["coach"]
    )
    OtherContributionFactory(
        resident=world.residents["cor"], noted_on=today, recorded_by=world.users["welzijn"]
    )
    html = log_in(client, world, "welzijn").get(url("other_contribution_create", world))
    table = html.content.decode().split('id="recent-kop"')[1]
    assert "Cor Bakker" in table and "Anna Jansen" not in table
    html = log_in(client, world, "coach").get(url("other_contribution_create", world))
    table = html.content.decode().split('id="recent-kop"')[1]
    assert "Cor Bakker" in table and "Anna Jansen" in table


# --- Panel ------------------------------------------------------------------------------------


def render_panel(world, who, compact=False):
    from communities.cards import activities_panels

    request = RequestFactory().get("/")
    request.user = world.users[who]
    panel = activities_panels(
        user=request.user,
        communities=[world.community],
        today=timezone.localdate(),
        compact=compact,
    )[world.community.pk]
    return render_to_string(
        "communities/_activities_panel.html",
        {"community": world.community, "panel": panel, "compact": compact},
        request=request,
    )


def test_panel_for_the_coach(world):
    recent_activity(world, [world.residents["anna"], world.residents["bram"]])
    OtherContributionFactory(resident=world.residents["cor"], noted_on=timezone.localdate())
    html = render_panel(world, "coach")
    assert "100,0%" in html and "Boven de bandbreedte: prima" in html
    assert "Activiteit vastleggen" in html and url("activity_create", world) in html
    assert "Activiteiten deze maand" in html
    compact = render_panel(world, "coach", compact=True)
    assert "Activiteit vastleggen" in compact and "Activiteiten deze maand" not in compact


def test_panel_buttons_follow_capabilities(world):
    html = render_panel(world, "begeleider")
    assert "Activiteit vastleggen" not in html and url("activity_list", world) in html
    html = render_panel(world, "bewoner")
    assert "Activiteit vastleggen" not in html and url("activity_list", world) not in html


def test_panel_for_aggregate_viewers_shows_the_share_only_masked(world):
    recent_activity(world, [world.residents["anna"]])
    html = render_panel(world, "gemeente")
    assert "33,3%" not in html and "–" in html
    assert "Activiteiten deze maand" not in html and "Activiteit vastleggen" not in html


def test_panel_shows_nothing_to_a_non_member(world):
    assert render_panel(world, "buitenstaander").strip() == ""
