"""The IMO chain through the services: vacancy → candidate → meeting → agenda → advice →
decision → handover → moving in → follow-ups, plus the rules on each step."""

import datetime
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from communities import selectors as community_selectors
from communities import services as community_services
from communities.constants import MoveOutReason, Role
from communities.models import SupportPeriod, TenancyResident
from imo import selectors, services
from imo.constants import (
    AdviceKind,
    Attendance,
    AttendeeGroup,
    CandidateSource,
    CandidateStatus,
    DecisionKind,
    VacancySource,
    VacancyStatus,
)
from imo.models import Advice, AllocationDecision, FollowUpAction, IntakeMeeting, Vacancy
from imo.services import StaleEdit
from tests.factories import (
    TEST_ACTOR,
    AllocationDecisionFactory,
    CandidateFactory,
    CareOrganisationFactory,
    CommunityFactory,
    IntakeMeetingFactory,
    MeetingScheduleFactory,
    MembershipFactory,
    OrganisationFactory,
    ResidentFactory,
    SectionFactory,
    SupportedCandidateFactory,
    UnitFactory,
    UserFactory,
    VacancyFactory,
)

D = datetime.date
AMS = ZoneInfo("Europe/Amsterdam")


@dataclass
class ImoWorld:
    """De Kade: section A (8 units: 2 supported + 4 unsupported residents, 2 free) and section B
    (6 units: 1 supported + 2 unsupported, 3 free): overall 3/9 and both sections at 1/3."""

    community: object
    care: object
    users: dict = field(default_factory=dict)
    units_a: list = field(default_factory=list)
    units_b: list = field(default_factory=list)
    residents: list = field(default_factory=list)
    schedule: object = None


def build_world(username_prefix: str = "") -> ImoWorld:
    community = CommunityFactory(name="De Kade", slug=f"{username_prefix}de-kade")
    care = CareOrganisationFactory(name=f"{username_prefix}Zorggroep Horizon")
    world = ImoWorld(community=community, care=care)
    people = [
        ("beheerder", Role.SOCIAAL_BEHEERDER, community.corporation),
        ("coach", Role.COMMUNITYCOACH, OrganisationFactory(name=f"{username_prefix}Coachbureau")),
        ("begeleider", Role.BEGELEIDER, care),
        ("bewoner", Role.BEWONERSAFVAARDIGING, None),
        ("gemeente", Role.GEMEENTE, community.municipality),
    ]
    for name, role, organisation in people:
        user = UserFactory(
            username=f"{username_prefix}{name}",
            first_name=name.title(),
            last_name="Medewerker",
            **({"organisation": organisation} if organisation else {}),
        )
        MembershipFactory(user=user, community=community, role=role)
        world.users[name] = user
    section_a = SectionFactory(community=community, name="Vleugel A")
    section_b = SectionFactory(community=community, name="Vleugel B")
    world.units_a = [UnitFactory(section=section_a, number=f"A{i + 1}") for i in range(8)]
    world.units_b = [UnitFactory(section=section_b, number=f"B{i + 1}") for i in range(6)]
    occupied = [(u, i < 2) for i, u in enumerate(world.units_a[:6])] + [
        (u, i < 1) for i, u in enumerate(world.units_b[:3])
    ]
    for unit, supported in occupied:
        resident = ResidentFactory(community=community)
        community_services.resident_move_in(resident=resident, unit=unit, on=D(2024, 1, 1))
        if supported:
            community_services.support_start(
                resident=resident, care_organisation=care, on=D(2024, 1, 1), hours_per_week=6
            )
        world.residents.append(resident)
    world.schedule = MeetingScheduleFactory(community=community)
    return world


@pytest.fixture
def world(db):
    return build_world()


def plan_march_meeting(world) -> IntakeMeeting:
    services.meetings_plan_ahead(schedule=world.schedule, from_date=D(2025, 2, 15), months=1)
    return IntakeMeeting.objects.get(
        community=world.community, starts_at=datetime.datetime(2025, 3, 4, 14, 0, tzinfo=AMS)
    )


def waiting_list_data(world, **extra):
    return {
        "first_name": "Karin",
        "last_name": "Smit",
        "email": "karin@example.org",
        "source": CandidateSource.WAITING_LIST,
        "registered_on": D(2025, 1, 10),
        "motivation": "Ik wil graag iets betekenen voor mijn buren.",
        "willingness": "hoog",
        **extra,
    }


def advised(world, candidate, meeting, kind=AdviceKind.POSITIVE, conditions=""):
    services.candidate_put_on_agenda(meeting=meeting, candidate=candidate)
    return services.advice_record(
        meeting=meeting,
        candidate=candidate,
        kind=kind,
        conditions=conditions,
        rationale="Past goed.",
        expected_version=None,
        by=world.users["beheerder"],
    )


# --- the whole chain --------------------------------------------------------------------------


def test_whole_chain_from_vacancy_to_move_in(world, django_capture_on_commit_callbacks):
    beheerder, coach = world.users["beheerder"], world.users["coach"]
    unit = world.units_a[6]
    vacancy = services.vacancy_announce(
        unit=unit, available_from=D(2025, 4, 1), note="Huurder vertrekt", by=beheerder
    )
    assert vacancy.status == VacancyStatus.OPEN and vacancy.source == VacancySource.ANNOUNCED

    candidate = services.candidate_register(
        community=world.community, data=waiting_list_data(world, vacancy=vacancy), by=beheerder
    )
    assert candidate.status == CandidateStatus.REGISTERED

    with django_capture_on_commit_callbacks(execute=True):
        participation = services.participation_invite(
            candidate=candidate, title="Informatieavond", held_on=D(2025, 2, 10), by=beheerder
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["karin@example.org"]
    assert "Informatieavond" in mail.outbox[0].body and "10-02-2025" in mail.outbox[0].body
    services.participation_record(participation=participation, attended=True)

    meeting = plan_march_meeting(world)
    assert meeting.chair == beheerder
    assert meeting.starts_at == datetime.datetime(2025, 3, 4, 14, 0, tzinfo=AMS)

    candidate = services.candidate_put_on_agenda(meeting=meeting, candidate=candidate)
    assert candidate.status == CandidateStatus.ON_AGENDA
    attendee = meeting.attendees.get(user=coach)
    assert services.attendance_record(attendee=attendee, attendance=Attendance.PRESENT)

    advice = services.advice_record(
        meeting=meeting,
        candidate=candidate,
        kind=AdviceKind.POSITIVE,
        conditions="Kennismaking met de buren op de galerij\n\n  Eerste maand wekelijks koffie  \n",
        rationale="Gemotiveerd en al op de informatieavond geweest.",
        expected_version=None,
        by=beheerder,
    )
    assert advice.version == 1
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.ADVISED

    with pytest.raises(PermissionDenied):
        services.decision_record(
            candidate=candidate,
            kind=DecisionKind.ALLOCATED,
            reason="",
            decided_on=D(2025, 3, 10),
            by=coach,
        )
    decision = services.decision_record(
        candidate=candidate,
        kind=DecisionKind.ALLOCATED,
        reason="",
        decided_on=D(2025, 3, 10),
        by=beheerder,
    )
    assert decision.follows_advice is True
    vacancy.refresh_from_db()
    candidate.refresh_from_db()
    assert vacancy.status == VacancyStatus.ALLOCATED
    assert candidate.status == CandidateStatus.ALLOCATED

    services.handover_record(
        candidate=candidate,
        on=D(2025, 3, 20),
        welcome_contact=world.users["bewoner"],
        note="Welkomstpakket",
        by=beheerder,
    )
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.HANDED_OVER

    before = community_selectors.community_mix(community=world.community, on=D(2025, 4, 1))
    resident = services.candidate_move_in(candidate=candidate, on=D(2025, 4, 1), by=beheerder)
    after = community_selectors.community_mix(community=world.community, on=D(2025, 4, 1))
    assert (before.overall.supported, before.overall.unsupported) == (3, 6)
    assert (after.overall.supported, after.overall.unsupported) == (3, 7)
    stay = TenancyResident.objects.get(resident=resident)
    assert stay.tenancy.unit == unit and stay.start_date == D(2025, 4, 1)
    assert resident.first_name == "Karin" and resident.email == "karin@example.org"
    assert not SupportPeriod.objects.filter(resident=resident).exists()

    vacancy.refresh_from_db()
    candidate.refresh_from_db()
    assert vacancy.status == VacancyStatus.FILLED and vacancy.filled_on == D(2025, 4, 1)
    assert candidate.status == CandidateStatus.MOVED_IN and candidate.resident == resident

    actions = list(FollowUpAction.objects.filter(candidate=candidate).order_by("due_on", "pk"))
    conditions = [a for a in actions if not a.is_check_in]
    check_ins = [a for a in actions if a.is_check_in]
    assert [a.description for a in conditions] == [
        "Kennismaking met de buren op de galerij",
        "Eerste maand wekelijks koffie",
    ]
    assert {a.owner for a in conditions} == {beheerder}
    assert {a.due_on for a in conditions} == {D(2025, 4, 15)}
    assert [(a.due_on, a.owner) for a in check_ins] == [
        (D(2025, 4, 15), coach),
        (D(2025, 7, 1), coach),
    ]


def test_supported_candidate_moving_in_starts_the_support_period(world):
    beheerder = world.users["beheerder"]
    vacancy = VacancyFactory(unit=world.units_b[3], available_from=D(2025, 3, 1))
    candidate = SupportedCandidateFactory(
        community=world.community,
        vacancy=vacancy,
        proposed_by=world.care,
        support_hours_per_week=Decimal("8"),
    )
    meeting = plan_march_meeting(world)
    advised(world, candidate, meeting)
    services.decision_record(
        candidate=candidate,
        kind=DecisionKind.ALLOCATED,
        reason="",
        decided_on=D(2025, 3, 5),
        by=beheerder,
    )
    services.handover_record(
        candidate=candidate, on=D(2025, 3, 6), welcome_contact=None, note="", by=beheerder
    )
    resident = services.candidate_move_in(candidate=candidate, on=D(2025, 3, 10), by=beheerder)
    period = SupportPeriod.objects.get(resident=resident)
    assert period.care_organisation == world.care
    assert period.hours_per_week == Decimal("8") and period.start_date == D(2025, 3, 10)
    mix = community_selectors.community_mix(community=world.community, on=D(2025, 3, 10))
    assert (mix.overall.supported, mix.overall.unsupported) == (4, 6)


def test_doorstroom_moves_the_resident_and_frees_the_old_unit(world):
    beheerder = world.users["beheerder"]
    mover = world.residents[8]  # unsupported, in B3
    old_unit = world.units_b[2]
    vacancy = VacancyFactory(unit=world.units_a[6], available_from=D(2025, 3, 1))
    candidate = services.candidate_register(
        community=world.community,
        data={
            "first_name": mover.first_name,
            "last_name": mover.last_name,
            "source": CandidateSource.INTERNAL,
            "existing_resident": mover,
            "vacancy": vacancy,
            "registered_on": D(2025, 1, 2),
        },
        by=beheerder,
    )
    meeting = plan_march_meeting(world)
    advised(world, candidate, meeting)
    services.decision_record(
        candidate=candidate,
        kind=DecisionKind.ALLOCATED,
        reason="",
        decided_on=D(2025, 3, 5),
        by=beheerder,
    )
    services.handover_record(
        candidate=candidate, on=D(2025, 3, 6), welcome_contact=None, note="", by=beheerder
    )
    resident = services.candidate_move_in(candidate=candidate, on=D(2025, 3, 10), by=beheerder)
    assert resident == mover
    old_stay = TenancyResident.objects.get(resident=mover, tenancy__unit=old_unit)
    assert old_stay.end_date == D(2025, 3, 10)
    assert old_stay.move_out_reason == MoveOutReason.DOORSTROOM
    assert TenancyResident.objects.get(resident=mover, end_date=None).tenancy.unit == vacancy.unit
    new_vacancy = Vacancy.objects.get(unit=old_unit)
    assert new_vacancy.source == VacancySource.MOVE_OUT
    assert new_vacancy.available_from == D(2025, 3, 10)
    mix = community_selectors.community_mix(community=world.community, on=D(2025, 3, 10))
    assert mix.overall.total == 9  # nobody new: the overall mix is unchanged


# --- vacancies --------------------------------------------------------------------------------


def test_a_unit_has_one_open_vacancy(world):
    unit = world.units_a[6]
    services.vacancy_announce(unit=unit, available_from=D(2025, 4, 1), by=TEST_ACTOR)
    with pytest.raises(ValidationError, match="staat al een vrijkomende woning open"):
        services.vacancy_announce(unit=unit, available_from=D(2025, 5, 1), by=TEST_ACTOR)


def test_vacancy_from_move_out_is_idempotent_and_waits_for_the_last_occupant(world):
    resident = world.residents[3]
    stay = community_services.resident_move_out(
        resident=resident, on=D(2025, 2, 1), reason=MoveOutReason.ELSEWHERE
    )
    first = services.vacancy_from_move_out(stay=stay)
    second = services.vacancy_from_move_out(stay=stay)
    assert first == second
    assert first.available_from == D(2025, 2, 1) and first.source == VacancySource.MOVE_OUT
    assert Vacancy.objects.filter(unit=stay.tenancy.unit).count() == 1

    shared_unit = world.units_a[7]
    one, two = ResidentFactory.create_batch(2, community=world.community)
    community_services.resident_move_in(resident=one, unit=shared_unit, on=D(2024, 6, 1))
    community_services.resident_move_in(resident=two, unit=shared_unit, on=D(2024, 6, 1))
    stay_one = community_services.resident_move_out(
        resident=one, on=D(2025, 2, 1), reason=MoveOutReason.ELSEWHERE
    )
    assert services.vacancy_from_move_out(stay=stay_one) is None  # the partner still lives there


def test_vacancy_from_move_out_returns_an_announced_vacancy(world):
    resident = world.residents[3]
    announced = services.vacancy_announce(
        unit=world.units_a[3], available_from=D(2025, 2, 1), by=TEST_ACTOR
    )
    stay = community_services.resident_move_out(
        resident=resident, on=D(2025, 2, 1), reason=MoveOutReason.ELSEWHERE
    )
    assert services.vacancy_from_move_out(stay=stay) == announced


# --- candidates -------------------------------------------------------------------------------


def test_care_organisation_candidate_must_be_supported_and_proposed_by_a_care_provider(world):
    data = waiting_list_data(world, source=CandidateSource.CARE_ORGANISATION, supported=False)
    with pytest.raises(ValidationError) as error:
        services.candidate_register(community=world.community, data=data, by=TEST_ACTOR)
    assert "supported" in error.value.message_dict and "proposed_by" in error.value.message_dict

    data.update(supported=True, proposed_by=world.community.corporation)
    with pytest.raises(ValidationError, match="zorgaanbieder"):
        services.candidate_register(community=world.community, data=data, by=TEST_ACTOR)

    data.update(proposed_by=world.care)
    candidate = services.candidate_register(community=world.community, data=data, by=TEST_ACTOR)
    assert candidate.care_organisation == world.care  # the proposer gives the support


def test_cooptation_only_where_the_community_agreed_it(world):
    data = waiting_list_data(world, source=CandidateSource.COOPTATION)
    with pytest.raises(ValidationError, match="Coöptatie is voor deze locatie niet afgesproken"):
        services.candidate_register(community=world.community, data=data, by=TEST_ACTOR)
    world.schedule.cooptation_agreed = True
    world.schedule.save()
    assert services.candidate_register(community=world.community, data=data, by=TEST_ACTOR).pk


def test_doorstroom_needs_a_resident_living_here(world):
    data = waiting_list_data(world, source=CandidateSource.INTERNAL)
    with pytest.raises(ValidationError, match="Kies de bewoner"):
        services.candidate_register(community=world.community, data=data, by=TEST_ACTOR)
    outsider = ResidentFactory()  # of another community
    data["existing_resident"] = outsider
    with pytest.raises(ValidationError, match="nu op deze locatie woont"):
        services.candidate_register(community=world.community, data=data, by=TEST_ACTOR)


def test_register_refuses_a_vacancy_of_another_community(world):
    foreign = VacancyFactory()
    with pytest.raises(ValidationError, match="hoort niet bij deze locatie"):
        services.candidate_register(
            community=world.community, data=waiting_list_data(world, vacancy=foreign), by=TEST_ACTOR
        )


def test_candidate_update_keeps_the_rules_and_bumps_the_version(world):
    candidate = services.candidate_register(
        community=world.community, data=waiting_list_data(world), by=TEST_ACTOR
    )
    updated = services.candidate_update(
        candidate=candidate, data={"motivation": "Nieuwe motivatie"}, by=TEST_ACTOR
    )
    assert (updated.motivation, updated.version) == ("Nieuwe motivatie", 2)
    with pytest.raises(ValidationError, match="Coöptatie"):
        services.candidate_update(
            candidate=candidate, data={"source": CandidateSource.COOPTATION}, by=TEST_ACTOR
        )
    with pytest.raises(ValueError):
        services.candidate_update(
            candidate=candidate, data={"status": "ingetrokken"}, by=TEST_ACTOR
        )


def test_invitation_without_email_sends_nothing(world, django_capture_on_commit_callbacks):
    candidate = CandidateFactory(community=world.community, email="")
    with django_capture_on_commit_callbacks(execute=True):
        participation = services.participation_invite(
            candidate=candidate, title="Buurtbarbecue", held_on=D(2025, 6, 1), by=TEST_ACTOR
        )
    assert participation.invited_on is not None
    assert mail.outbox == []


def test_consent_record_and_withdraw(world):
    candidate = CandidateFactory(community=world.community)
    assert not candidate.has_consent
    candidate = services.consent_record(
        candidate=candidate,
        given_on=D(2025, 1, 10),
        scope="Zorginformatie voor het IMO",
        by=TEST_ACTOR,
    )
    assert candidate.has_consent
    candidate = services.consent_withdraw(candidate=candidate, on=D(2025, 12, 31), by=TEST_ACTOR)
    assert not candidate.has_consent  # at once, whatever the date
    with pytest.raises(ValidationError):
        services.consent_withdraw(candidate=candidate, on=D(2025, 1, 1), by=TEST_ACTOR)
    with pytest.raises(ValidationError):
        services.consent_record(
            candidate=candidate, given_on=D(2025, 1, 10), scope=" ", by=TEST_ACTOR
        )


# --- meetings ---------------------------------------------------------------------------------


def test_meetings_are_planned_from_the_rule_and_only_once(world):
    created = services.meetings_plan_ahead(
        schedule=world.schedule, from_date=D(2025, 2, 15), months=3
    )
    assert [m.starts_at for m in created] == [
        datetime.datetime(2025, 3, 4, 14, 0, tzinfo=AMS),
        datetime.datetime(2025, 4, 1, 14, 0, tzinfo=AMS),
        datetime.datetime(2025, 5, 6, 14, 0, tzinfo=AMS),
    ]
    assert (
        services.meetings_plan_ahead(schedule=world.schedule, from_date=D(2025, 2, 15), months=3)
        == []
    )
    assert IntakeMeeting.objects.filter(community=world.community).count() == 3
    meeting = created[0]
    groups = {a.user.username: a.group for a in meeting.attendees.select_related("user")}
    assert groups == {
        "beheerder": AttendeeGroup.COMMUNITY_TEAM,
        "coach": AttendeeGroup.COMMUNITY_TEAM,
        "begeleider": AttendeeGroup.COMMUNITY_TEAM,
        "bewoner": AttendeeGroup.ADMISSION_COMMITTEE,
    }
    assert meeting.place == world.schedule.place


def test_a_moved_meeting_is_not_planned_again_and_last_weekday_works(world):
    IntakeMeetingFactory(
        community=world.community, starts_at=datetime.datetime(2025, 3, 4, 10, 0, tzinfo=AMS)
    )
    created = services.meetings_plan_ahead(
        schedule=world.schedule, from_date=D(2025, 3, 1), months=2
    )
    assert [m.starts_at.date() for m in created] == [D(2025, 4, 1)]
    assert services.nth_weekday(year=2025, month=2, weekday=4, nth=-1) == D(2025, 2, 28)
    # From the day after this month's meeting, the first date is next month's.
    world.schedule.nth_weekday = -1
    world.schedule.weekday = 4
    dates = services.meeting_dates(schedule=world.schedule, from_date=D(2025, 3, 29), months=2)
    assert dates == [D(2025, 4, 25), D(2025, 5, 30)]


def test_candidate_of_another_community_cannot_go_on_the_agenda(world):
    meeting = plan_march_meeting(world)
    with pytest.raises(ValidationError, match="hoort niet bij de locatie"):
        services.candidate_put_on_agenda(meeting=meeting, candidate=CandidateFactory())


# --- minutes and advice -----------------------------------------------------------------------


def test_stale_advice_edit_is_refused_and_the_first_text_is_kept(world):
    meeting = plan_march_meeting(world)
    candidate = CandidateFactory(community=world.community)
    advice = advised(world, candidate, meeting)
    common = {"meeting": meeting, "candidate": candidate, "kind": AdviceKind.POSITIVE}
    first = services.advice_record(
        **common,
        conditions="Eerste versie",
        rationale="",
        expected_version=advice.version,
        by=world.users["beheerder"],
    )
    assert first.version == 2
    with pytest.raises(StaleEdit, match="Iemand anders heeft dit intussen gewijzigd"):
        services.advice_record(
            **common,
            conditions="Tweede versie",
            rationale="",
            expected_version=advice.version,
            by=world.users["coach"],
        )
    stored = Advice.objects.get(pk=advice.pk)
    assert stored.conditions == "Eerste versie" and stored.version == 2
    with pytest.raises(StaleEdit):  # a second "first" advice hits the unique constraint
        services.advice_record(
            **common, conditions="Nog een", rationale="", expected_version=None, by=TEST_ACTOR
        )


def test_advice_needs_the_candidate_on_the_agenda(world):
    meeting = plan_march_meeting(world)
    candidate = CandidateFactory(community=world.community)
    with pytest.raises(ValidationError, match="staat niet op de agenda"):
        services.advice_record(
            meeting=meeting,
            candidate=candidate,
            kind=AdviceKind.POSITIVE,
            conditions="",
            rationale="",
            expected_version=None,
            by=TEST_ACTOR,
        )


def test_note_save_versions(world):
    meeting = plan_march_meeting(world)
    note = services.note_save(
        meeting=meeting, point=3, text="Twee mutaties", expected_version=None, by=TEST_ACTOR
    )
    note = services.note_save(
        meeting=meeting, point=3, text="Drie mutaties", expected_version=note.version, by=TEST_ACTOR
    )
    assert (note.text, note.version) == ("Drie mutaties", 2)
    with pytest.raises(StaleEdit):
        services.note_save(meeting=meeting, point=3, text="Oud", expected_version=1, by=TEST_ACTOR)
    with pytest.raises(ValidationError):
        services.note_save(meeting=meeting, point=8, text="", expected_version=None, by=TEST_ACTOR)


# --- decision, decline, handover --------------------------------------------------------------


def test_decision_needs_an_advice_and_has_one_effect(world):
    beheerder = world.users["beheerder"]
    vacancy = VacancyFactory(unit=world.units_a[6])
    candidate = CandidateFactory(community=world.community, vacancy=vacancy)
    decide = {
        "kind": DecisionKind.ALLOCATED,
        "reason": "",
        "decided_on": D(2025, 3, 10),
        "by": beheerder,
    }
    with pytest.raises(ValidationError, match="nog geen advies"):
        services.decision_record(candidate=candidate, **decide)
    advised(world, candidate, plan_march_meeting(world))
    services.decision_record(candidate=candidate, **decide)
    with pytest.raises(ValidationError, match="al besloten"):
        services.decision_record(candidate=candidate, **decide)
    assert AllocationDecision.objects.filter(candidate=candidate).count() == 1


def test_not_allocated_against_a_positive_advice_needs_a_reason(world):
    beheerder = world.users["beheerder"]
    candidate = CandidateFactory(community=world.community)
    advised(world, candidate, plan_march_meeting(world))
    with pytest.raises(ValidationError, match="reden"):
        services.decision_record(
            candidate=candidate,
            kind=DecisionKind.NOT_ALLOCATED,
            reason=" ",
            decided_on=D(2025, 3, 10),
            by=beheerder,
        )
    decision = services.decision_record(
        candidate=candidate,
        kind=DecisionKind.NOT_ALLOCATED,
        reason="Inkomen past niet",
        decided_on=D(2025, 3, 10),
        by=beheerder,
    )
    assert decision.follows_advice is False
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.NOT_ALLOCATED


def test_follows_advice():
    assert services.follows_advice(AdviceKind.POSITIVE, DecisionKind.ALLOCATED) is True
    assert services.follows_advice(AdviceKind.NEGATIVE, DecisionKind.NOT_ALLOCATED) is True
    assert services.follows_advice(AdviceKind.NEGATIVE, DecisionKind.ALLOCATED) is False
    assert services.follows_advice(AdviceKind.POSTPONE, DecisionKind.ALLOCATED) is None


def test_a_vacancy_is_allocated_once(world):
    beheerder = world.users["beheerder"]
    vacancy = VacancyFactory(unit=world.units_a[6])
    meeting = plan_march_meeting(world)
    first, second = CandidateFactory.create_batch(2, community=world.community, vacancy=vacancy)
    advised(world, first, meeting)
    advised(world, second, meeting)
    services.decision_record(
        candidate=first,
        kind=DecisionKind.ALLOCATED,
        reason="",
        decided_on=D(2025, 3, 10),
        by=beheerder,
    )
    with pytest.raises(ValidationError, match="niet meer vrij"):
        services.decision_record(
            candidate=second,
            kind=DecisionKind.ALLOCATED,
            reason="",
            decided_on=D(2025, 3, 10),
            by=beheerder,
        )


def test_declined_offer_reopens_the_vacancy_and_mails_the_beheerder(
    world, django_capture_on_commit_callbacks
):
    beheerder = world.users["beheerder"]
    vacancy = VacancyFactory(unit=world.units_a[6])
    meeting = plan_march_meeting(world)
    first, second = CandidateFactory.create_batch(2, community=world.community, vacancy=vacancy)
    advised(world, first, meeting)
    advised(world, second, meeting)
    services.decision_record(
        candidate=first,
        kind=DecisionKind.ALLOCATED,
        reason="",
        decided_on=D(2025, 3, 10),
        by=beheerder,
    )
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.offer_declined(candidate=first, on=D(2025, 3, 12), by=beheerder)
    assert decision.offer_declined_on == D(2025, 3, 12)
    first.refresh_from_db()
    vacancy.refresh_from_db()
    assert first.status == CandidateStatus.DECLINED
    assert vacancy.status == VacancyStatus.OPEN
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [beheerder.email]
    assert "afgewezen" in mail.outbox[0].subject and "A7" in mail.outbox[0].body
    # The reopened vacancy can go to the next candidate.
    services.decision_record(
        candidate=second,
        kind=DecisionKind.ALLOCATED,
        reason="",
        decided_on=D(2025, 3, 14),
        by=beheerder,
    )
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.ALLOCATED


def test_handover_and_move_in_follow_the_order(world):
    beheerder = world.users["beheerder"]
    candidate = CandidateFactory(community=world.community)
    with pytest.raises(ValidationError, match="Alleen een toegewezen kandidaat"):
        services.handover_record(
            candidate=candidate, on=D(2025, 3, 1), welcome_contact=None, note="", by=beheerder
        )
    with pytest.raises(ValidationError, match="Alleen een overgedragen kandidaat"):
        services.candidate_move_in(candidate=candidate, on=D(2025, 3, 1), by=beheerder)


# --- follow-ups -------------------------------------------------------------------------------


def test_follow_up_done_and_overdue_list(world):
    coach = world.users["coach"]
    candidate = CandidateFactory(community=world.community)
    early = FollowUpAction.objects.create(
        candidate=candidate,
        description="Check-in",
        is_check_in=True,
        owner=coach,
        due_on=D(2025, 4, 15),
    )
    later = FollowUpAction.objects.create(
        candidate=candidate,
        description="Check-in",
        is_check_in=True,
        owner=coach,
        due_on=D(2025, 7, 1),
    )
    assert selectors.overdue_follow_ups(user=coach, on=D(2025, 5, 1)) == [early]
    assert selectors.overdue_follow_ups(user=world.users["beheerder"], on=D(2025, 8, 1)) == []
    services.follow_up_done(action=early, on=D(2025, 5, 2), note="Gaat goed", by=coach)
    assert selectors.overdue_follow_ups(user=coach, on=D(2025, 8, 1)) == [later]
    with pytest.raises(ValidationError, match="al afgerond"):
        services.follow_up_done(action=early, on=D(2025, 5, 3), note="", by=coach)


# --- process figures --------------------------------------------------------------------------


def test_process_metrics_by_hand(world):
    community = world.community
    # Vacant days: 10, 30 and 80 (average 40, median 30); one filled before the period.
    for unit, available, filled in [
        (world.units_a[6], D(2025, 1, 1), D(2025, 1, 11)),
        (world.units_a[7], D(2025, 2, 1), D(2025, 3, 3)),
        (world.units_b[3], D(2025, 3, 1), D(2025, 5, 20)),
        (world.units_b[4], D(2023, 1, 1), D(2023, 2, 1)),
    ]:
        vacancy = VacancyFactory(
            unit=unit, available_from=available, filled_on=filled, status=VacancyStatus.FILLED
        )
        # Registration to moving in: 50 days each (three in the period).
        CandidateFactory(
            community=community,
            vacancy=vacancy,
            status=CandidateStatus.MOVED_IN,
            registered_on=filled - datetime.timedelta(days=50),
        )
    # Decisions in the period: 3 followed, 1 not, 1 on a postponed advice (not counted).
    for follows in [True, True, True, False, None]:
        AllocationDecisionFactory(
            candidate=CandidateFactory(community=community),
            decided_on=D(2025, 4, 1),
            follows_advice=follows,
        )
    AllocationDecisionFactory(
        candidate=CandidateFactory(community=community),
        decided_on=D(2024, 4, 1),  # before the period
        follows_advice=False,
    )
    metrics = selectors.process_metrics(community=community, until=D(2025, 6, 30), months=12)
    assert metrics.start == D(2024, 7, 1)
    assert metrics.vacancies_filled == 3
    assert metrics.vacant_days_average == 40 and metrics.vacant_days_median == 30
    assert metrics.moved_in == 3
    assert metrics.intake_days_average == 50 and metrics.intake_days_median == 50
    assert metrics.decisions_with_advice == 4 and metrics.decisions_following_advice == 3
    assert metrics.share_following_advice_percent == 75
    assert len(metrics.mix_history) == 12
    assert metrics.mix_history[-1].on == D(2025, 6, 30)
    assert metrics.mix_history[-1].overall.total == 9


def test_process_metrics_without_data(world):
    metrics = selectors.process_metrics(community=world.community, until=D(2025, 6, 30))
    assert metrics.vacant_days_average is None and metrics.share_following_advice is None


# --- concurrency (PostgreSQL) -----------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks between two connections need PostgreSQL; SQLite serialises the database",
)
@pytest.mark.django_db(transaction=True)
def test_two_people_saving_the_same_advice_version_one_wins_every_time():
    world = build_world(username_prefix="race-")
    meeting = plan_march_meeting(world)
    candidate = CandidateFactory(community=world.community)
    advice = advised(world, candidate, meeting)
    users = [world.users["beheerder"], world.users["coach"]]

    for round_number in range(20):
        expected = Advice.objects.get(pk=advice.pk).version
        barrier = threading.Barrier(2)
        outcomes: list[str] = []
        threads = [
            threading.Thread(
                target=_save_advice,
                kwargs={
                    "meeting": meeting,
                    "candidate": candidate,
                    "user": user,
                    "text": f"ronde {round_number} door {user.username}",
                    "expected": expected,
                    "barrier": barrier,
                    "outcomes": outcomes,
                },
            )
            for user in users
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(o.split(":")[0] for o in outcomes) == ["ok", "stale"], outcomes
        stored = Advice.objects.get(pk=advice.pk)
        winner = next(o for o in outcomes if o.startswith("ok:"))
        assert stored.conditions == winner[3:]
        assert stored.version == expected + 1


def _save_advice(*, meeting, candidate, user, text, expected, barrier, outcomes):
    """One user's save in its own thread, so with its own database connection."""
    try:
        barrier.wait(timeout=10)
        services.advice_record(
            meeting=meeting,
            candidate=candidate,
            kind=AdviceKind.POSITIVE,
            conditions=text,
            rationale="",
            expected_version=expected,
            by=user,
        )
        result = "ok:" + text
    except StaleEdit:
        result = "stale"
    except Exception as error:
        result = f"error:{error!r}"
    finally:
        connection.close()
    outcomes.append(result)  # list.append is atomic under the GIL
