"""The IMO agenda filled from the data (points 0–7), care details only for the IMO's
professionals with consent, and the IMO capabilities."""

import dataclasses
import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from communities import access
from communities import services as community_services
from communities.access import Capability, has_capability
from communities.constants import MixStatus, MoveOutReason, Role
from imo import selectors, services
from imo.access import audience_viewer, imo_viewer
from imo.constants import AdviceKind, AgreementAsks, CandidateStatus, VacancyStatus
from imo.models import Candidate, FollowUpAction
from tests.factories import (
    TEST_ACTOR,
    AdviceFactory,
    AllocationDecisionFactory,
    CandidateFactory,
    CareOrganisationFactory,
    HandoverFactory,
    IntakeMeetingFactory,
    MembershipFactory,
    ParticipationFactory,
    SupportedCandidateFactory,
    UserFactory,
    VacancyFactory,
)
from tests.test_imo_services import build_world, plan_march_meeting

D = datetime.date
AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def scene(db):
    """De Kade on the March 2025 IMO (Tuesday 4 March, 14:00).

    A resident of A6 left on 20 February, so on 4 March: A 2 supported / 3 unsupported, B 1 / 2,
    overall 3/8 = 37.5% (op koers, +4.2 pp). Vacancies: A6 (move-out), A7 (15 March), B4
    (1 April) and B5 (September: too far ahead). On the agenda: Karin (unsupported, A7) and Sven
    (supported, B4, consent given). Ali is allocated B6, Bea handed over.
    """
    world = build_world()
    community = world.community
    beheerder = world.users["beheerder"]
    previous = IntakeMeetingFactory(
        community=community, starts_at=datetime.datetime(2025, 2, 4, 14, 0, tzinfo=AMS)
    )
    services.note_save(
        meeting=previous,
        point=1,
        text="A7 komt in maart vrij.",
        expected_version=None,
        by=TEST_ACTOR,
    )
    meeting = plan_march_meeting(world)
    services.previous_minutes_approve(meeting=meeting, approved=True, by=beheerder)
    services.note_save(
        meeting=meeting, point=2, text="Mix besproken.", expected_version=None, by=beheerder
    )

    leaver = world.residents[5]  # unsupported, A6
    stay = community_services.resident_move_out(
        resident=leaver, on=D(2025, 2, 20), reason=MoveOutReason.EVICTION
    )
    services.vacancy_from_move_out(stay=stay)
    a7 = services.vacancy_announce(
        unit=world.units_a[6], available_from=D(2025, 3, 15), by=TEST_ACTOR
    )
    b4 = services.vacancy_announce(
        unit=world.units_b[3], available_from=D(2025, 4, 1), by=TEST_ACTOR
    )
    services.vacancy_announce(unit=world.units_b[4], available_from=D(2025, 9, 1), by=TEST_ACTOR)

    karin = CandidateFactory(
        community=community, first_name="Karin", last_name="Smit", vacancy=a7, supported=False
    )
    ParticipationFactory(candidate=karin, held_on=D(2025, 2, 10), attended=True)
    ParticipationFactory(candidate=karin, held_on=D(2025, 1, 20), attended=False)
    ParticipationFactory(candidate=karin, held_on=D(2024, 6, 1), attended=True)  # > 6 months
    sven = SupportedCandidateFactory(
        community=community,
        first_name="Sven",
        last_name="Visser",
        vacancy=b4,
        proposed_by=world.care,
        support_hours_per_week=Decimal("6"),
    )
    for candidate in (karin, sven):
        services.candidate_put_on_agenda(meeting=meeting, candidate=candidate)
    previous.candidates.add(sven)
    AdviceFactory(meeting=previous, candidate=sven, kind=AdviceKind.POSTPONE)
    services.advice_record(
        meeting=meeting,
        candidate=karin,
        kind=AdviceKind.POSITIVE,
        conditions="Kennismaken met de buren",
        rationale="Gemotiveerd.",
        expected_version=None,
        by=beheerder,
    )

    b6 = VacancyFactory(unit=world.units_b[5], status=VacancyStatus.ALLOCATED)
    ali = CandidateFactory(
        community=community,
        first_name="Ali",
        last_name="Amrani",
        status=CandidateStatus.ALLOCATED,
        vacancy=b6,
    )
    AllocationDecisionFactory(candidate=ali, decided_on=D(2025, 2, 10))
    bea = CandidateFactory(
        community=community, first_name="Bea", last_name="Bos", status=CandidateStatus.HANDED_OVER
    )
    HandoverFactory(candidate=bea, handed_over_on=D(2025, 2, 25), welcome_contact=beheerder)

    earlier = CandidateFactory(
        community=community, first_name="Eva", last_name="Eerder", status=CandidateStatus.MOVED_IN
    )
    FollowUpAction.objects.create(
        candidate=earlier,
        description="Afspraak met begeleider",
        owner=world.users["coach"],
        due_on=D(2025, 2, 20),
    )
    FollowUpAction.objects.create(
        candidate=earlier,
        description="Al gedaan",
        owner=world.users["coach"],
        due_on=D(2025, 2, 1),
        done_on=D(2025, 2, 2),
    )
    world.meeting = meeting
    world.previous = previous
    world.karin, world.sven = karin, sven
    return world


def build(scene, *, professional: bool | None = None, viewer=None, **kwargs):
    if viewer is None:
        audience = "professional" if professional else "resident"
        viewer = audience_viewer(scene.meeting.community, audience)
    return selectors.agenda_build(meeting=scene.meeting, viewer=viewer, **kwargs)


def test_agenda_has_points_0_to_7_filled(scene):
    agenda = build(scene, professional=True)
    assert agenda.on == D(2025, 3, 4)
    assert [p.number for p in agenda.points] == list(range(8))
    assert agenda.points[2].note_text == "Mix besproken." and agenda.points[2].note_version == 1
    assert agenda.chair == scene.users["beheerder"].get_full_name()
    assert len(agenda.attendees) == 4

    # 0: previous meeting, its minutes approved, its notes, open follow-ups of earlier candidates.
    assert agenda.opening.previous_meeting_on == D(2025, 2, 4)
    assert agenda.opening.previous_minutes_approved is True
    assert agenda.opening.previous_notes == [(1, "A7 komt in maart vrij.")]
    assert [(f.description, f.overdue) for f in agenda.opening.open_follow_ups] == [
        ("Afspraak met begeleider", True)
    ]

    # 1: open vacancies up to ~2 months ahead, with the balance and what the agreement asks.
    assert [v.unit_number for v in agenda.vacancies] == ["A6", "A7", "B4"]
    a6, a7, b4 = agenda.vacancies
    assert (a6.overall.supported, a6.overall.unsupported) == (3, 5)
    assert (a6.section.supported, a6.section.unsupported) == (2, 3)
    assert a6.section.status == MixStatus.ATTENTION  # 40%: +6.7 pp
    # +supported: 4/9 = 44.4% (actie nodig); +unsupported: 3/9 and A 2/6, both on target.
    assert a6.asks == AgreementAsks.UNSUPPORTED and a7.asks == AgreementAsks.UNSUPPORTED
    # B4: +supported gives B 2/4 = 50% (+16.7); +unsupported gives B 1/4 = 25% (−8.3).
    assert b4.asks == AgreementAsks.UNSUPPORTED
    assert b4.mix_on == D(2025, 4, 1)
    assert str(a6.asks_label) == "Een niet-begeleide bewoner"

    # 2: current numbers with shares and target.
    assert (agenda.mix.overall.supported, agenda.mix.overall.unsupported) == (3, 5)
    assert agenda.mix.overall.share_percent == 37.5
    assert agenda.mix.target.share == pytest.approx(1 / 3)

    # 3: moves in the past month.
    assert [(m.day, m.direction, m.unit_number) for m in agenda.moves] == [
        (D(2025, 2, 20), "out", "A6")
    ]

    # 4: motivation, willingness, participation in the six months before.
    karin = next(r for r in agenda.motivations if r.name == "Karin Smit")
    assert karin.motivation and karin.willingness_label == "Groot"
    assert (karin.participations_invited, karin.participations_attended) == (2, 1)
    assert karin.unit_number == "A7"

    # 5: supported or not, with the projected mix.
    rows = {r.name: r for r in agenda.characteristics}
    assert rows["Karin Smit"].supported is False
    projected = rows["Karin Smit"].projected
    assert (projected.overall.supported, projected.overall.unsupported) == (3, 6)
    assert (projected.section.supported, projected.section.unsupported) == (2, 4)
    assert rows["Sven Visser"].supported is True

    # 6: this meeting's advice (with its version to edit), else the latest earlier one.
    advices = {r.name: r for r in agenda.advices}
    assert advices["Karin Smit"].kind == AdviceKind.POSITIVE
    assert advices["Karin Smit"].version == 1
    assert advices["Karin Smit"].from_earlier_meeting_on is None
    assert advices["Sven Visser"].kind == AdviceKind.POSTPONE
    assert advices["Sven Visser"].from_earlier_meeting_on == D(2025, 2, 4)
    assert advices["Sven Visser"].version is None

    # 7: handovers.
    assert [(h.name, h.status) for h in agenda.handovers] == [
        ("Ali Amrani", CandidateStatus.ALLOCATED),
        ("Bea Bos", CandidateStatus.HANDED_OVER),
    ]
    assert agenda.handovers[0].unit_number == "B6"
    assert agenda.handovers[0].decided_on == D(2025, 2, 10)
    assert agenda.handovers[1].handed_over_on == D(2025, 2, 25)


def test_projected_mix_flags_a_candidate_who_pushes_the_mix_out_of_band(scene):
    rows = {r.name: r for r in build(scene, professional=False).characteristics}
    sven = rows["Sven Visser"]
    # Overall 3/8 op koers → 4/9 = 44.4% (+11.1): actie nodig. B 1:2 → 2:2 (50%): worse as well.
    assert sven.current_overall.status == MixStatus.ON_COURSE
    assert sven.projected.overall.status == MixStatus.ACTION
    assert sven.pushes_out_of_band is True
    # Karin brings A from 40% (aandacht) to 33.3% (op koers): better, not flagged.
    assert rows["Karin Smit"].pushes_out_of_band is False


def test_care_details_only_with_permission_and_consent(scene):
    rows = {r.name: r for r in build(scene, professional=True).characteristics}
    care = rows["Sven Visser"].care
    assert care.care_organisation == str(scene.care)
    assert care.support_hours_per_week == Decimal("6")
    assert care.problem_severity == "Matig" and care.care_and_housing_agreement is True
    assert rows["Karin Smit"].care is None  # no consent recorded

    hidden = build(scene, professional=False)
    assert all(r.care is None for r in hidden.characteristics)
    assert hidden.care_visible is False
    assert all(m.reason == "" for m in hidden.moves)  # "Huisuitzetting" is not for everyone


def test_consent_withdrawal_hides_care_details_at_once(scene):
    services.consent_withdraw(candidate=scene.sven, on=D(2025, 12, 31), by=TEST_ACTOR)
    rows = build(scene, professional=True).characteristics
    assert all(r.care is None for r in rows)


def test_a_begeleider_sees_only_their_own_candidates_care(scene):
    own = scene.users["begeleider"]
    other = UserFactory(organisation=CareOrganisationFactory())
    MembershipFactory(user=other, community=scene.community, role=Role.BEGELEIDER)
    for viewer, visible in [(own, True), (other, False), (scene.users["bewoner"], False)]:
        rows = {
            r.name: r
            for r in build(scene, viewer=imo_viewer(viewer, scene.community)).characteristics
        }
        assert (rows["Sven Visser"].care is not None) is visible, viewer


def test_can_see_candidate_care(scene):
    community, sven = scene.community, scene.sven
    users = scene.users
    assert imo_viewer(users["beheerder"], community).sees_care(sven)
    assert imo_viewer(users["coach"], community).sees_care(sven)
    assert imo_viewer(users["begeleider"], community).sees_care(sven)
    assert not imo_viewer(users["bewoner"], community).sees_care(sven)
    assert not imo_viewer(users["gemeente"], community).sees_care(sven)
    services.consent_withdraw(candidate=sven, on=D(2025, 3, 1), by=TEST_ACTOR)
    sven = Candidate.objects.get(pk=sven.pk)
    assert not imo_viewer(users["beheerder"], community).sees_care(sven)


def test_imo_capabilities():
    caps = access.ROLE_CAPABILITIES
    assert Capability.VIEW_IMO in caps[Role.BEWONERSAFVAARDIGING]
    assert Capability.RUN_IMO not in caps[Role.BEWONERSAFVAARDIGING]
    assert {Capability.RUN_IMO, Capability.DECIDE_ALLOCATION} <= caps[Role.SOCIAAL_BEHEERDER]
    for role in (Role.COMMUNITYCOACH, Role.BEGELEIDER):
        assert Capability.VIEW_IMO in caps[role] and Capability.RUN_IMO not in caps[role]
    for role in Role.values:
        assert Capability.VIEW_IMO_METRICS in caps[role]
    for role in (Role.GEMEENTE, Role.STUURGROEP, Role.WELZIJN, Role.LOCATIEBEHEERDER):
        assert Capability.VIEW_IMO not in caps[role]


def test_capability_lookup_for_a_member(scene):
    assert has_capability(scene.users["gemeente"], scene.community, Capability.VIEW_IMO_METRICS)
    assert not has_capability(scene.users["gemeente"], scene.community, Capability.VIEW_IMO)


def test_no_diagnosis_anywhere():
    names = [f.name for f in Candidate._meta.get_fields()]
    names += [f.name for f in dataclasses.fields(selectors.CareDetails)]
    assert not [n for n in names if "diagnos" in n]


def test_agenda_of_an_earlier_date_and_an_empty_meeting(db):
    world = build_world()
    meeting = plan_march_meeting(world)
    agenda = selectors.agenda_build(
        meeting=meeting, viewer=audience_viewer(meeting.community, "resident"), on=D(2023, 12, 1)
    )
    assert agenda.mix.overall.total == 0  # nobody lived there yet
    assert agenda.vacancies == [] and agenda.characteristics == [] and agenda.handovers == []
    assert agenda.opening.previous_meeting_id is None
