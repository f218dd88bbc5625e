"""The many-location forms behind the monitor's dashboard (issue 14) give, for each location,
exactly what the one-location form gives for it alone: two locations with different data, read
together and apart. The one-location forms call the many forms, so these tests also pin that a
location's figures do not change with the other locations read in the same request."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communities import selectors as core
from communities import services
from communities.constants import ContactCardTopic, MoveOutReason, OrganisedBy, TimeKind
from communities.hours import services as hours
from communities.safety import services as safety
from financiering import selectors as funding
from financiering import services as funding_services
from financiering.constants import AgreementKind, AgreementStatus, Purpose
from governance import selectors as governance
from governance.constants import BodyLevel
from monitor import services as monitor_services
from monitor import survey
from monitor.access import monitor_viewer
from monitor.constants import DEFAULT_OPEN_QUESTION, DEFAULT_STATEMENTS
from monitor.selectors import monitor_norms, monitor_norms_many, scorecard_for, scorecards_for
from monitor.sources import community_facts, community_facts_many
from tests.factories import (
    ActivityFactory,
    ActivityKindFactory,
    CommunityFactory,
    ContactCardEntryFactory,
    FireDrillFactory,
    OtherContributionFactory,
    ResidentFactory,
    SectionFactory,
    SignalFactory,
    TalentFactory,
    TimeEntryFactory,
    UnitFactory,
)
from tests.factories_governance import GovernanceBodyFactory, MeetingFactory
from tests.test_monitor_facts import populate

D = Decimal
DAY = datetime.date
ON = DAY(2025, 3, 12)


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def populate_other(world):
    """Het Anker: other sizes, a move-out by eviction, a resident who organises, an open signal
    that is not overdue, a contact card, no fire drill, a stricter participation norm."""
    other = world.other_community
    section = SectionFactory(community=other, name="Hoofdgebouw")
    units = [UnitFactory(section=section, price_class="middenhuur") for _ in range(4)]
    xander = world.foreign_resident
    services.resident_move_in(resident=xander, unit=units[0], on=DAY(2024, 5, 1))
    yara = ResidentFactory(community=other, first_name="Yara", last_name="Smit")
    services.resident_move_in(resident=yara, unit=units[1], on=DAY(2024, 6, 1))
    zoe = ResidentFactory(community=other, first_name="Zoë", last_name="Kok")
    services.resident_move_in(resident=zoe, unit=units[2], on=DAY(2024, 2, 1))
    services.resident_move_out(resident=zoe, on=DAY(2025, 1, 10), reason=MoveOutReason.EVICTION)
    services.support_start(
        resident=yara, care_organisation=world.care, on=DAY(2024, 6, 1), hours_per_week=D(12)
    )
    kind = ActivityKindFactory(community=other, name="Klusochtend")
    ActivityFactory(
        community=other,
        kind=kind,
        starts_at=at(DAY(2025, 2, 20)),
        organised_by=OrganisedBy.BOTH,
        participants=[xander],
        organisers=[xander],
    )
    TalentFactory(resident=xander)
    TalentFactory(resident=yara)
    OtherContributionFactory(resident=yara, noted_on=DAY(2025, 1, 5))
    SignalFactory(community=other, reported_on=DAY(2025, 3, 1))
    ContactCardEntryFactory(community=other, topic=ContactCardTopic.REPAIRS)
    TimeEntryFactory(
        community=other,
        user=world.users["buitenstaander"],
        kind=TimeKind.MANAGEMENT,
        week_start=DAY(2025, 3, 3),
        hours=D(3),
    )
    monitor_services.norm_override_save(
        community=other,
        norm="participation",
        low="40",
        high="60",
        reason="Veel ouderen",
        by=None,
    )


def both(world):
    populate(world)
    populate_other(world)
    return [world.community, world.other_community]


def test_facts_of_two_locations_together_are_the_facts_of_each_alone(world):
    communities = both(world)
    together = community_facts_many(communities=communities, on=ON)
    apart = {c.pk: community_facts(community=c, on=ON) for c in communities}
    assert together == apart
    kade, anker = (together[c.pk] for c in communities)
    # The data differ, so equal dictionaries are no accident.
    assert (kade.units, anker.units) == (6, 4)
    assert (anker.residents, anker.moved_out, anker.evictions) == (2, 1, 1)
    assert (anker.talents_offered, anker.talents_used) == (2, 2)
    assert anker.price_classes == {"middenhuur"} and anker.contact_topics == {"reparaties"}
    assert (kade.drill_last, anker.drill_last) == (DAY(2024, 6, 1), None)
    assert [c.organisation for c in anker.care] == ["Zorggroep Horizon"]


def test_facts_cost_the_same_for_one_location_and_for_two(world):
    communities = both(world)
    with CaptureQueriesContext(connection) as one:
        community_facts_many(communities=communities[:1], on=ON)
    with CaptureQueriesContext(connection) as two:
        community_facts_many(communities=communities, on=ON)
    assert len(one.captured_queries) == len(two.captured_queries)
    assert community_facts_many(communities=[], on=ON) == {}


def test_scorecards_together_as_each_viewer_sees_them_alone(world):
    communities = both(world)
    gemeente = world.users["gemeente"]
    viewers = {c.pk: monitor_viewer(gemeente, c) for c in communities}
    cards = scorecards_for(communities=communities, on=ON, viewers=viewers)
    for community in communities:
        alone = scorecard_for(community=community, on=ON, viewer=viewers[community.pk])
        assert cards[community.pk] == alone
    # The override of Het Anker shows on its card only.
    assert cards[world.other_community.pk].indicator("participation").override
    assert not cards[world.community.pk].indicator("participation").override


def test_monitor_norms_many(world):
    communities = both(world)
    many = monitor_norms_many(communities=communities)
    assert many == {c.pk: monitor_norms(community=c) for c in communities}
    assert many[world.other_community.pk]["participation"].is_override
    assert not many[world.community.pk]["participation"].is_override


def test_care_hours_norms_many(world):
    communities = both(world)
    inputs = core.mix_inputs_many(communities=communities, start=ON, end=ON)
    apart = {c.pk: hours.care_hours_norms(community=c, on=ON) for c in communities}
    assert hours.care_hours_norms_many(communities=communities, on=ON) == apart
    assert hours.care_hours_norms_many(communities=communities, on=ON, mix_inputs=inputs) == apart
    kade, anker = (apart[c.pk] for c in communities)
    assert [(r.organisation.name, r.clients) for r in kade] == [
        ("Stichting Anker", 1),
        ("Zorggroep Horizon", 1),
    ]
    assert [(r.organisation.name, r.norm) for r in anker] == [("Zorggroep Horizon", D("1.2"))]


def test_fire_drill_status_many(world):
    third = CommunityFactory(fire_drill_interval_months=6)
    FireDrillFactory(community=world.community, held_on=DAY(2024, 6, 1))
    FireDrillFactory(community=third, held_on=DAY(2024, 1, 1))
    FireDrillFactory(community=third, held_on=DAY(2024, 8, 1))
    FireDrillFactory(community=third, held_on=DAY(2025, 6, 1))  # after `today`: not counted
    communities = [world.community, world.other_community, third]
    many = safety.fire_drill_status_many(communities=communities, today=ON)
    assert many == {c.pk: safety.fire_drill_status(community=c, today=ON) for c in communities}
    assert [many[c.pk].last_held_on for c in communities] == [
        DAY(2024, 6, 1),
        None,
        DAY(2024, 8, 1),
    ]
    assert [many[c.pk].overdue for c in communities] == [False, True, True]


def test_community_cadence_many(world):
    kade, anker = world.community, world.other_community
    # A stuurgroep meets as its youngest community needs: De Kade's, also for Het Anker alone.
    kade.residents_moved_in_on, anker.residents_moved_in_on = DAY(2024, 6, 1), DAY(2015, 1, 1)
    kade.save(update_fields=["residents_moved_in_on"])
    anker.save(update_fields=["residents_moved_in_on"])
    kerngroep = GovernanceBodyFactory(
        level=BodyLevel.KERNGROEP, name="Kerngroep", communities=[kade]
    )
    stuurgroep = GovernanceBodyFactory(
        level=BodyLevel.STUURGROEP, name="Stuurgroep", communities=[kade, anker]
    )
    MeetingFactory(body=kerngroep, starts_at=at(DAY(2025, 2, 1)))
    MeetingFactory(body=kerngroep, starts_at=at(DAY(2025, 5, 1)))
    MeetingFactory(body=stuurgroep, starts_at=at(DAY(2025, 1, 20)))
    lonely = CommunityFactory()
    communities = [kade, anker, lonely]
    many = governance.community_cadence_many(communities=communities, year=2025, today=ON)
    apart = {
        c.pk: governance.community_cadence(community=c, year=2025, today=ON) for c in communities
    }
    assert many == apart
    assert sorted((body.name, year.held, year.planned) for body, year in many[kade.pk]) == [
        ("Kerngroep", 1, 1),
        ("Stuurgroep", 1, 0),
    ]
    assert [body.name for body, _year in many[anker.pk]] == ["Stuurgroep"]
    alone = governance.community_cadence_many(communities=[anker], year=2025, today=ON)
    by_body = governance.cadence_for_bodies(bodies=[stuurgroep], year=2025, today=ON)
    assert alone[anker.pk][0][1] == by_body[stuurgroep.pk] == many[anker.pk][0][1]
    assert by_body[stuurgroep.pk].required.minimum == 2
    assert many[lonely.pk] == []


def _agreement(world, communities, **kw):
    data = {
        "by": world.users["beheerder"],
        "communities": communities,
        "title": "Meerjarenafspraak",
        "kind": AgreementKind.REGULAR,
        "status": AgreementStatus.SIGNED,
        "start_date": DAY(2025, 1, 1),
        "end_date": DAY(2027, 12, 31),
        "purposes": [Purpose.COACH],
        "parties": [world.community.municipality],
    }
    return funding_services.agreement_save(**(data | kw))


def test_monitor_funding_for_is_the_three_selectors_together(world):
    """A project agreement of De Kade whose regular successor is for another location of the
    municipality only: De Kade keeps its warning whether that location is read with it or not."""
    kade = world.community
    neighbour = CommunityFactory(municipality=kade.municipality, corporation=kade.corporation)
    project = _agreement(
        world, [kade], title="Project coach", kind=AgreementKind.PROJECT, end_date=DAY(2026, 9, 30)
    )
    _agreement(
        world,
        [neighbour],
        title="Regulier buren",
        start_date=DAY(2026, 10, 1),
        end_date=DAY(2030, 12, 31),
        predecessor=project,
    )
    today = DAY(2026, 3, 16)
    communities = [kade, world.other_community, neighbour]
    together = funding.monitor_funding_for(communities=communities, today=today)
    for community in communities:
        alone = funding.monitor_funding_for(communities=[community], today=today)[community.pk]
        assert together[community.pk] == alone
        if not funding.agreements_of(community=community).exists():
            assert alone is None
            continue
        single = [community]
        assert (
            alone.horizon_years
            == funding.horizon_years_for(communities=single, today=today)[community.pk]
        )
        assert (
            alone.partners
            == funding.partners_contributing_for(communities=single, today=today)[community.pk]
        )
        assert (
            alone.project_money_without_follow_up
            == funding.project_money_without_follow_up_for(communities=single, today=today)[
                community.pk
            ]
        )
    assert together[world.other_community.pk] is None
    assert together[kade.pk].project_money_without_follow_up == ["Project coach"]
    assert together[neighbour.pk].project_money_without_follow_up == []


def _survey(world, community, year, answers, text=""):
    item = survey.survey_create(
        community=community,
        year=year,
        statements=list(DEFAULT_STATEMENTS),
        open_question=DEFAULT_OPEN_QUESTION,
        by=world.users["coach"],
    )
    pks = list(item.statements.values_list("pk", flat=True))
    for n, token in enumerate(survey.tokens_issue(survey=item, count=answers + 2)[:answers]):
        survey.survey_answer(
            token=token, scores={pk: 1 + (n + pk) % 5 for pk in pks}, open_answer=f"{text}{n}"
        )
    return item


def test_survey_results_many(world):
    kade, anker = world.community, world.other_community
    _survey(world, kade, 2024, 5, "kade-oud ")
    _survey(world, kade, 2025, 6, "kade ")
    _survey(world, anker, 2025, 3, "anker ")  # fewer than 5: no results, no open answers
    empty = CommunityFactory()
    communities = [kade, anker, empty]
    for options in ({}, {"include_open_answers": True}, {"until_year": 2024}):
        many = survey.survey_results_many(communities=communities, **options)
        for community in communities:
            results, trend = survey.survey_results(community=community, **options)
            got, got_trend = many[community.pk]
            assert got_trend == trend
            if results is None:
                assert got is None
                continue
            # The open answers come in a random order (they may not be traced to a person).
            assert sorted(got.open_answers) == sorted(results.open_answers)
            got.open_answers = results.open_answers
            assert got == results
    many = survey.survey_results_many(communities=communities, include_open_answers=True)
    kade_results, kade_trend = many[kade.pk]
    assert (kade_results.year, kade_results.responses, kade_results.tokens) == (2025, 6, 8)
    assert kade_results.factors and kade_results.factors[0].previous is not None
    assert sorted(kade_results.open_answers) == [f"kade {n}" for n in range(6)]
    assert [point.year for point in kade_trend] == [2024, 2025]
    anker_results, _trend = many[anker.pk]
    assert anker_results.responses == 3 and not anker_results.statements
    assert many[empty.pk] == (None, [])


def test_record_bulk_many_writes_what_record_bulk_writes_for_each_location(world, rf):
    from audit import services as audit
    from audit.constants import Action
    from audit.models import AuditEvent

    request = rf.get("/monitor/export/scorekaart/csv/")
    request.user = world.users["gemeente"]
    communities = [world.community, world.other_community]
    fields = ("user", "username", "action", "object_type", "community", "count", "detail", "path")
    options = {"action": Action.EXPORT, "object_type": "report", "count": 7, "detail": "monitor"}
    for community in communities:
        audit.record_bulk(request, community=community, **options)
    apart = list(AuditEvent.objects.order_by("pk").values_list(*fields))
    with CaptureQueriesContext(connection) as queries:
        audit.record_bulk_many(request, communities=communities, **options)
    assert len(queries.captured_queries) == 1
    together = list(AuditEvent.objects.order_by("pk").values_list(*fields))[len(apart) :]
    assert together == apart
    assert [row[4] for row in together] == [c.pk for c in communities]
