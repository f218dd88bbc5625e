"""Activities and participation without HTTP: the participation share against 50–70%
(hand-computed), the services' rules, kinds, repeating, the monthly resident-organised share,
and the export helper."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from communities import services
from communities.activities import services as activities
from communities.activities.services import ActivityData, BandStatus, GroupFigures, KindRow
from communities.constants import DEFAULT_ACTIVITY_KINDS, MoveOutReason, OrganisedBy
from communities.models import Activity, ActivityKind
from gemengdwonen.dates import months_before
from gemengdwonen.exports import export_response, neutralise
from tests.factories import (
    ActivityFactory,
    CareOrganisationFactory,
    CommunityFactory,
    OtherContributionFactory,
    ResidentFactory,
    SectionFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
START, END = D(2025, 1, 1), D(2025, 3, 31)
MOVED_IN = D(2024, 1, 1)
FEB_1 = D(2025, 2, 1)


def at(day: datetime.date, hour=10, minute=0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class Place:
    """A community with residents living there from 2024-01-01, made through the services."""

    def __init__(self, residents=10):
        self.community = CommunityFactory()
        section = SectionFactory(community=self.community)
        self.units = [UnitFactory(section=section) for _ in range(4)]
        self.residents = [self.add(i) for i in range(residents)]

    def add(self, index, on=MOVED_IN):
        resident = ResidentFactory(community=self.community, first_name=f"Bewoner{index:02d}")
        services.resident_move_in(resident=resident, unit=self.units[index % 4], on=on)
        return resident

    def activity(self, day=FEB_1, participants=(), organisers=(), **kwargs):
        return ActivityFactory(
            community=self.community,
            starts_at=at(day),
            participants=list(participants),
            organisers=list(organisers),
            **kwargs,
        )


# --- Participation: hand-computed ------------------------------------------------------------


def test_exactly_half_is_within_the_band():
    place = Place(10)
    place.activity(participants=place.residents[:5])
    figures = activities.participation(community=place.community, start=START, end=END)
    assert (figures.overall.residents, figures.overall.contributing) == (10, 5)
    assert figures.overall.share == Fraction(50)
    assert figures.overall.status == BandStatus.WITHIN


def test_exactly_seventy_percent_is_within_and_above_is_fine_not_a_warning():
    place = Place(10)
    activity = place.activity(participants=place.residents[:7])
    figures = activities.participation(community=place.community, start=START, end=END)
    assert figures.overall.share == Fraction(70)
    assert figures.overall.status == BandStatus.WITHIN

    activity.participants.add(place.residents[7])
    figures = activities.participation(community=place.community, start=START, end=END)
    assert figures.overall.share == Fraction(80)
    assert figures.overall.status == BandStatus.ABOVE
    assert figures.overall.status_label == "Boven de bandbreedte: prima"
    assert figures.overall.status_css == "text-bg-success"


def test_just_below_half_is_below_the_band():
    place = Place(10)
    place.activity(participants=place.residents[:4])
    figures = activities.participation(community=place.community, start=START, end=END)
    assert figures.overall.share == Fraction(40)
    assert figures.overall.status == BandStatus.BELOW
    assert figures.overall.status_label == "Onder de bandbreedte"


def test_band_edges_as_fractions():
    assert activities.band_status(Fraction(4999, 100)) == BandStatus.BELOW
    assert activities.band_status(Fraction(50)) == BandStatus.WITHIN
    assert activities.band_status(Fraction(70)) == BandStatus.WITHIN
    assert activities.band_status(Fraction(7001, 100)) == BandStatus.ABOVE
    assert activities.band_status(None) == BandStatus.NONE
    # One of three: 33⅓%, exactly, not rounded to 33.3.
    assert GroupFigures(3, 1).share == Fraction(100, 3)


def test_a_resident_who_moved_out_during_the_period_is_not_counted():
    place = Place(11)
    leaver = place.residents[10]
    place.activity(day=D(2025, 1, 10), participants=[leaver, *place.residents[:5]])
    services.resident_move_out(resident=leaver, on=D(2025, 2, 15), reason=MoveOutReason.ELSEWHERE)
    figures = activities.participation(community=place.community, start=START, end=END)
    # 10 living there on 31-03; 5 of them took part: the leaver is in neither count.
    assert (figures.overall.residents, figures.overall.contributing) == (10, 5)
    assert figures.overall.share == Fraction(50)


def test_moving_out_on_the_end_date_means_not_living_there_that_day():
    place = Place(4)
    services.resident_move_out(resident=place.residents[0], on=END, reason=MoveOutReason.ELSEWHERE)
    figures = activities.participation(community=place.community, start=START, end=END)
    assert figures.overall.residents == 3


def test_a_newcomer_living_there_on_the_end_date_counts_in_the_denominator():
    place = Place(4)
    place.add(99, on=D(2025, 3, 20))
    figures = activities.participation(community=place.community, start=START, end=END)
    assert figures.overall.residents == 5


def test_an_other_contribution_counts_inside_the_period_only():
    place = Place(4)
    OtherContributionFactory(resident=place.residents[0], noted_on=START)  # first day: counts
    OtherContributionFactory(resident=place.residents[1], noted_on=END)  # last day: counts
    OtherContributionFactory(resident=place.residents[2], noted_on=D(2024, 12, 31))  # before
    OtherContributionFactory(resident=place.residents[3], noted_on=D(2025, 4, 1))  # after
    figures = activities.participation(community=place.community, start=START, end=END)
    assert figures.overall.contributing == 2
    assert figures.overall.share == Fraction(50)
    assert figures.by_activity == 0
    assert figures.by_other_contribution_only == 2


def test_organisers_count_even_when_not_ticked_as_participant():
    place = Place(4)
    place.activity(
        participants=[place.residents[0]],
        organisers=[place.residents[1]],
        organised_by=OrganisedBy.RESIDENTS,
    )
    figures = activities.participation(community=place.community, start=START, end=END)
    assert figures.overall.contributing == 2
    assert figures.by_activity == 2


def test_someone_who_does_both_counts_once():
    place = Place(4)
    first = place.residents[0]
    place.activity(participants=[first], organisers=[first], organised_by=OrganisedBy.BOTH)
    place.activity(day=D(2025, 3, 1), participants=[first])
    OtherContributionFactory(resident=first, noted_on=D(2025, 2, 2))
    figures = activities.participation(community=place.community, start=START, end=END)
    assert figures.overall.contributing == 1
    assert figures.overall.share == Fraction(25)


def test_period_edges_use_the_local_date_of_the_activity():
    place = Place(4)
    for resident, moment in (
        (place.residents[0], at(END, 23, 30)),  # late evening of the last day, Dutch time
        (place.residents[1], at(START, 0, 15)),  # just after midnight on the first day
        (place.residents[2], at(D(2025, 4, 1), 0, 15)),  # the day after: outside
        (place.residents[3], at(D(2024, 12, 31), 23, 45)),  # the day before: outside
    ):
        ActivityFactory(community=place.community, starts_at=moment, participants=[resident])
    figures = activities.participation(community=place.community, start=START, end=END)
    assert figures.overall.contributing == 2


def test_activities_of_another_community_do_not_count():
    place, other = Place(4), Place(1)
    ActivityFactory(
        community=other.community, starts_at=at(D(2025, 2, 1)), participants=place.residents[:2]
    )
    figures = activities.participation(community=place.community, start=START, end=END)
    assert figures.overall.contributing == 0
    assert figures.overall.status == BandStatus.BELOW


def test_split_by_support_active_on_the_end_date():
    place = Place(6)
    care = CareOrganisationFactory()
    supported = place.residents[:2]
    for resident in supported:
        services.support_start(
            resident=resident, care_organisation=care, on=D(2024, 6, 1), hours_per_week=6
        )
    # Support that ended before the end date: unsupported on 31-03.
    ended = services.support_start(
        resident=place.residents[2], care_organisation=care, on=D(2024, 6, 1), hours_per_week=4
    )
    services.support_end(support_period=ended, on=D(2025, 3, 1))
    place.activity(participants=[place.residents[0], place.residents[2], place.residents[3]])
    figures = activities.participation(community=place.community, start=START, end=END)
    assert (figures.supported.residents, figures.supported.contributing) == (2, 1)
    assert (figures.unsupported.residents, figures.unsupported.contributing) == (4, 2)
    assert figures.supported.share == Fraction(50)
    assert figures.unsupported.share == Fraction(50)
    assert figures.overall.share == Fraction(50)


def test_no_residents_gives_no_share():
    place = Place(0)
    figures = activities.participation(community=place.community, start=START, end=END)
    assert figures.overall.share is None
    assert figures.overall.status == BandStatus.NONE


def test_end_before_start_is_refused():
    place = Place(1)
    with pytest.raises(ValidationError, match="einddatum ligt vóór de startdatum"):
        activities.participation(community=place.community, start=END, end=START)


def test_masking_for_aggregate_viewers():
    # 3 of 40 contribute: "< 5" and no share (it points at three people).
    small = GroupFigures(40, 3)
    assert small.hides_share()
    assert small.masked() == {"residents": "40", "contributing": "< 5", "share_percent": None}
    # 38 of 40: the two who do not are as identifiable.
    assert GroupFigures(40, 38).hides_share()
    # 20 of 40: shown.
    assert GroupFigures(40, 20).masked() == {
        "residents": "40",
        "contributing": "20",
        "share_percent": 50.0,
    }
    # Everyone or no one of 10: a share, no small count.
    assert not GroupFigures(10, 10).hides_share()
    assert not GroupFigures(10, 0).hides_share()


def test_default_period_is_the_last_three_months():
    assert activities.default_period(today=D(2025, 5, 15)) == (D(2025, 2, 16), D(2025, 5, 15))
    # Clipped to a shorter month.
    assert months_before(D(2025, 5, 31), 3) == D(2025, 2, 28)
    assert months_before(D(2024, 5, 31), 3) == D(2024, 2, 29)
    assert months_before(D(2025, 1, 15), 1) == D(2024, 12, 15)


# --- Logging: the service's rules -------------------------------------------------------------


@pytest.fixture
def place():
    return Place(6)


def kind_of(community):
    return activities.activity_kinds_ensure(community=community).first()


def data(place, **overrides):
    values = {
        "kind": kind_of(place.community),
        "starts_at": at(D(2025, 2, 1)),
        "participants": tuple(place.residents[:3]),
    }
    values.update(overrides)
    return ActivityData(**values)


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_log_an_activity(place):
    coach = UserFactory()
    activity = activities.activity_log(
        community=place.community,
        data=data(
            place,
            organised_by=OrganisedBy.BOTH,
            organisers=(place.residents[4],),
            neighbours_count=3,
            guests_count=1,
            coach_hours=Decimal("1.5"),
            title="  Voorjaarslunch ",
            note="Gezellig.",
        ),
        recorded_by=coach,
    )
    activity.refresh_from_db()
    assert set(activity.participants.all()) == set(place.residents[:3])
    assert list(activity.organisers.all()) == [place.residents[4]]
    assert activity.title == "Voorjaarslunch"
    assert activity.coach_hours == Decimal("1.5")
    assert activity.recorded_by == coach
    assert activity.repeated_from is None


def test_participants_must_live_there_on_the_activity_date(place):
    leaver = place.residents[5]
    services.resident_move_out(resident=leaver, on=D(2025, 1, 15), reason=MoveOutReason.OTHER)
    outsider = Place(1).residents[0]
    newcomer = place.add(50, on=D(2025, 3, 1))
    with pytest.raises(ValidationError) as excinfo:
        activities.activity_log(
            community=place.community,
            data=data(place, participants=(place.residents[0], leaver, outsider, newcomer)),
            recorded_by=None,
        )
    message = errors_of(excinfo)["participants"][0]
    assert "woonde(n) op 01-02-2025 niet op deze locatie" in message
    assert str(leaver) in message and str(outsider) in message and str(newcomer) in message
    assert str(place.residents[0]) not in message
    assert not Activity.objects.exists()


def test_a_date_more_than_a_year_ahead_is_refused(place):
    today = timezone.localdate()
    too_far = at(today + datetime.timedelta(days=366))
    with pytest.raises(ValidationError) as excinfo:
        activities.activity_log(
            community=place.community,
            data=data(place, starts_at=too_far, participants=()),
            recorded_by=None,
        )
    assert "hooguit een jaar vooruit" in errors_of(excinfo)["starts_at"][0]
    # Exactly a year ahead is allowed (the weekly lunch planned far ahead).
    activities.activity_log(
        community=place.community,
        data=data(place, starts_at=at(today + datetime.timedelta(days=365)), participants=()),
        recorded_by=None,
    )


def test_a_date_before_the_community_existed_is_refused(place):
    with pytest.raises(ValidationError) as excinfo:
        activities.activity_log(
            community=place.community,
            data=data(place, starts_at=at(D(2020, 1, 1)), participants=()),
            recorded_by=None,
        )
    assert "De locatie bestaat pas sinds 01-01-2022." in errors_of(excinfo)["starts_at"]


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        (Decimal("-0.5"), "Het aantal uren kan niet negatief zijn."),
        (Decimal("24.5"), "Hooguit 24 uur op één dag."),
    ],
)
def test_coach_hours_between_0_and_24(place, hours, message):
    with pytest.raises(ValidationError) as excinfo:
        activities.activity_log(
            community=place.community, data=data(place, coach_hours=hours), recorded_by=None
        )
    assert errors_of(excinfo)["coach_hours"] == [message]


def test_negative_headcounts_refused(place):
    with pytest.raises(ValidationError) as excinfo:
        activities.activity_log(
            community=place.community,
            data=data(place, neighbours_count=-1, guests_count=1001),
            recorded_by=None,
        )
    assert errors_of(excinfo)["neighbours_count"] == ["Een aantal kan niet negatief zijn."]
    assert errors_of(excinfo)["guests_count"] == ["Vul hooguit 1000 in."]


def test_organisers_agree_with_organised_by(place):
    with pytest.raises(ValidationError) as excinfo:
        activities.activity_log(
            community=place.community,
            data=data(place, organisers=(place.residents[0],)),  # professionals by default
            recorded_by=None,
        )
    assert "georganiseerd door professionals" in errors_of(excinfo)["organisers"][0]
    with pytest.raises(ValidationError) as excinfo:
        activities.activity_log(
            community=place.community,
            data=data(place, organised_by=OrganisedBy.RESIDENTS),
            recorded_by=None,
        )
    assert errors_of(excinfo)["organisers"] == ["Kies welke bewoners de activiteit organiseerden."]


def test_kind_must_be_of_this_community_and_in_use(place):
    foreign = kind_of(Place(0).community)
    with pytest.raises(ValidationError) as excinfo:
        activities.activity_log(
            community=place.community, data=data(place, kind=foreign), recorded_by=None
        )
    assert errors_of(excinfo)["kind"] == ["Kies een soort activiteit van deze locatie."]
    retired = kind_of(place.community)
    retired.active = False
    retired.save()
    with pytest.raises(ValidationError) as excinfo:
        activities.activity_log(
            community=place.community, data=data(place, kind=retired), recorded_by=None
        )
    assert errors_of(excinfo)["kind"] == ["Deze soort activiteit is niet meer in gebruik."]


def test_an_existing_activity_keeps_its_retired_kind_on_edit(place):
    activity = activities.activity_log(
        community=place.community, data=data(place), recorded_by=None
    )
    kind = activity.kind
    kind.active = False
    kind.save()
    activities.activity_update(activity=activity, data=data(place, kind=kind, guests_count=4))
    activity.refresh_from_db()
    assert activity.guests_count == 4


# --- Kinds ------------------------------------------------------------------------------------


def test_kinds_are_created_lazily_once_from_the_default_list(place):
    assert not ActivityKind.objects.filter(community=place.community).exists()
    kinds = list(activities.activity_kinds_ensure(community=place.community))
    assert [k.name for k in kinds] == DEFAULT_ACTIVITY_KINDS
    assert all(k.active for k in kinds)
    activities.activity_kinds_ensure(community=place.community)
    assert ActivityKind.objects.filter(community=place.community).count() == len(kinds)


def test_kinds_rename_deactivate_reorder_and_add(place):
    kinds = list(activities.activity_kinds_ensure(community=place.community))
    coffee, lunch = kinds[0], kinds[1]
    rows = [KindRow(k.pk, k.name, k.active, k.order) for k in kinds]
    rows[0] = KindRow(coffee.pk, " Koffie  en thee ", True, 99)
    rows[1] = KindRow(lunch.pk, lunch.name, False, lunch.order)
    rows.append(KindRow(None, "Moestuin", True, 5))
    rows.append(KindRow(None, "", True, 0))  # an empty new row is ignored
    activities.activity_kinds_update(community=place.community, rows=rows)
    coffee.refresh_from_db()
    lunch.refresh_from_db()
    assert (coffee.name, coffee.order) == ("Koffie en thee", 99)
    assert not lunch.active
    names = list(place.community.activity_kinds.filter(active=True).values_list("name", flat=True))
    assert names[0] == "Moestuin" and names[-1] == "Koffie en thee"


def test_kinds_can_swap_names(place):
    first, second = list(activities.activity_kinds_ensure(community=place.community))[:2]
    activities.activity_kinds_update(
        community=place.community,
        rows=[
            KindRow(first.pk, second.name, True, first.order),
            KindRow(second.pk, first.name, True, second.order),
        ],
    )
    first.refresh_from_db()
    assert first.name == "Gezamenlijke lunch"


def test_kinds_refuse_duplicates_empty_names_all_inactive_and_foreign_rows(place):
    kinds = list(activities.activity_kinds_ensure(community=place.community))
    with pytest.raises(ValidationError, match="komt twee keer voor"):
        activities.activity_kinds_update(
            community=place.community, rows=[KindRow(None, "koffiemoment", True, 1)]
        )
    with pytest.raises(ValidationError, match="heeft een naam nodig"):
        activities.activity_kinds_update(
            community=place.community, rows=[KindRow(kinds[0].pk, "  ", True, 1)]
        )
    with pytest.raises(ValidationError, match="minstens één soort"):
        activities.activity_kinds_update(
            community=place.community,
            rows=[KindRow(k.pk, k.name, False, k.order) for k in kinds],
        )
    foreign = kind_of(Place(0).community)
    with pytest.raises(ValidationError, match="hoort niet bij deze locatie"):
        activities.activity_kinds_update(
            community=place.community, rows=[KindRow(foreign.pk, "Overgenomen", True, 1)]
        )
    foreign.refresh_from_db()
    assert foreign.name == "Koffiemoment"


def test_last_kind_used_is_per_user_and_community(place):
    coach, other = UserFactory(), UserFactory()
    kinds = list(activities.activity_kinds_ensure(community=place.community))
    assert activities.last_kind_used(user=coach, community=place.community) is None
    activities.activity_log(
        community=place.community, data=data(place, kind=kinds[2]), recorded_by=coach
    )
    activities.activity_log(
        community=place.community, data=data(place, kind=kinds[1]), recorded_by=other
    )
    assert activities.last_kind_used(user=coach, community=place.community) == kinds[2]
    assert activities.last_kind_used(user=other, community=place.community) == kinds[1]
    assert activities.last_kind_used(user=coach, community=Place(0).community) is None


# --- Repeating --------------------------------------------------------------------------------


def test_repeat_starts_from_the_same_activity_one_week_later(place):
    source = activities.activity_log(
        community=place.community,
        data=data(
            place,
            starts_at=at(D(2025, 2, 5), 12, 30),
            title="Weeklunch",
            organised_by=OrganisedBy.RESIDENTS,
            organisers=(place.residents[0],),
            participants=tuple(place.residents[:4]),
            coach_hours=Decimal("0.5"),
        ),
        recorded_by=None,
    )
    services.resident_move_out(
        resident=place.residents[3], on=D(2025, 2, 8), reason=MoveOutReason.ELSEWHERE
    )
    initial = activities.activity_repeat_initial(activity=source)
    assert initial["date"] == D(2025, 2, 12)
    assert initial["time"] == datetime.time(12, 30)
    assert initial["title"] == "Weeklunch"
    assert initial["kind"] == source.kind
    assert initial["organised_by"] == OrganisedBy.RESIDENTS
    assert initial["organisers"] == [place.residents[0].pk]
    # Participants preselected to adjust; the one who moved out is left out.
    assert set(initial["participants"]) == {r.pk for r in place.residents[:3]}
    repeat = activities.activity_log(
        community=place.community,
        data=data(place, starts_at=at(D(2025, 2, 12), 12, 30), participants=()),
        recorded_by=None,
        repeated_from=source,
    )
    assert repeat.repeated_from == source
    assert list(source.repeats.all()) == [repeat]


def test_repeating_an_activity_of_another_community_is_refused(place):
    other = Place(1)
    foreign = ActivityFactory(community=other.community, starts_at=at(D(2025, 2, 1)))
    with pytest.raises(ValidationError, match="andere locatie"):
        activities.activity_log(
            community=place.community, data=data(place), recorded_by=None, repeated_from=foreign
        )


# --- Other contributions ----------------------------------------------------------------------


def test_other_contribution_recorded_and_checked(place):
    today = timezone.localdate()
    contribution = activities.other_contribution_record(
        community=place.community,
        resident=place.residents[0],
        noted_on=today,
        description="  Helpt   buren met boodschappen ",
        recorded_by=None,
    )
    assert contribution.description == "Helpt buren met boodschappen"
    with pytest.raises(ValidationError) as excinfo:
        activities.other_contribution_record(
            community=place.community,
            resident=place.residents[0],
            noted_on=today + datetime.timedelta(days=1),
            description="",
            recorded_by=None,
        )
    assert errors_of(excinfo) == {
        "description": ["Beschrijf kort wat de bewoner doet."],
        "noted_on": ["Deze datum ligt in de toekomst."],
    }
    outsider = Place(1).residents[0]
    with pytest.raises(ValidationError) as excinfo:
        activities.other_contribution_record(
            community=place.community,
            resident=outsider,
            noted_on=today,
            description="Helpt",
            recorded_by=None,
        )
    assert "niet op deze locatie" in errors_of(excinfo)["resident"][0]


# --- Who organises, per month -----------------------------------------------------------------


def test_resident_organised_share_per_month(place):
    def activity(day, organised_by):
        ActivityFactory(community=place.community, starts_at=at(day), organised_by=organised_by)

    activity(D(2025, 1, 10), OrganisedBy.PROFESSIONALS)
    activity(D(2025, 1, 17), OrganisedBy.PROFESSIONALS)
    activity(D(2025, 1, 24), OrganisedBy.RESIDENTS)
    activity(D(2025, 1, 31), OrganisedBy.BOTH)
    activity(D(2025, 3, 3), OrganisedBy.RESIDENTS)
    activity(D(2024, 3, 31), OrganisedBy.RESIDENTS)  # 13 months back: outside
    activity(D(2025, 3, 20), OrganisedBy.RESIDENTS)  # after `until`: outside
    months = activities.resident_organised_by_month(community=place.community, until=D(2025, 3, 15))
    assert len(months) == 12
    assert months[0].month == D(2024, 4, 1) and months[-1].month == D(2025, 3, 1)
    by_month = {m.month: (m.activities, m.by_residents, m.share_percent) for m in months}
    assert by_month[D(2025, 1, 1)] == (4, 2, 50.0)
    assert by_month[D(2025, 2, 1)] == (0, 0, None)
    assert by_month[D(2025, 3, 1)] == (1, 1, 100.0)
    total = activities.resident_organised_share(
        community=place.community, start=D(2025, 1, 1), end=D(2025, 3, 31)
    )
    assert (total.activities, total.by_residents) == (6, 4)


# --- Export helper ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+31 6 1234", "'+31 6 1234"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("Anna Jansen", "Anna Jansen"),
        ("", ""),
        (-1, -1),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_export_response_csv_and_xlsx():
    rows = [{"Naam": '=HYPERLINK("x")', "Uren": Decimal("1.5"), "Datum": D(2025, 2, 1)}]
    response = export_response(rows=rows, filename="activiteiten de kade", fmt="csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="activiteiten-de-kade.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffNaam;Uren;Datum")
    assert "'=HYPERLINK" in text and ";1,5;01-02-2025" in text
    empty = export_response(rows=[], filename="x", fmt="xlsx", headers=["Naam"])
    assert empty["Content-Type"].startswith("application/vnd.openxmlformats")
    assert empty.content[:2] == b"PK"  # a zip container
    with pytest.raises(ValueError):
        export_response(rows=rows, filename="x", fmt="pdf")
