"""The IMO demo data (imo.demo.seed_imo): Het Anker's coming IMO with two vacancies and four
candidates, one of whom would push the mix out of its band; a past chain up to moving in, so the
process figures have data; an overdue check-in; a lighter version elsewhere; idempotent."""

import datetime
import random
import shutil
import subprocess

import pytest
from django.db import transaction

from communities.constants import MixStatus
from communities.demo.seed import SEED, seed_demo
from communities.models import Community, User
from communities.selectors import community_mix, occupancy
from imo.access import audience_viewer
from imo.constants import (
    AdviceKind,
    AgendaStatus,
    CandidateSource,
    CandidateStatus,
    VacancySource,
    VacancyStatus,
)
from imo.demo import _coming_rule, seed_imo
from imo.models import (
    Advice,
    AgendaNote,
    AllocationDecision,
    Candidate,
    FollowUpAction,
    IntakeMeeting,
    MeetingSchedule,
    Vacancy,
)
from imo.pdf import agenda_pdf
from imo.selectors import agenda_build, overdue_follow_ups, process_metrics

TODAY = datetime.date(2026, 5, 15)
pytestmark = pytest.mark.django_db


def seed_all():
    for community in Community.objects.order_by("slug"):
        seed_imo(
            community=community,
            today=TODAY,
            rng=random.Random(f"{SEED}-work-{community.slug}"),
        )


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """seed_demo (which calls seed_imo once the imo app registers it) and seed_imo again (a no-op
    then), once for the module, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo(today=TODAY)
        seed_all()
        yield
        transaction.set_rollback(True)


def anker():
    return Community.objects.get(slug="het-anker")


def coming(community):
    return (
        IntakeMeeting.objects.filter(
            community=community, starts_at__date__gte=TODAY + datetime.timedelta(days=7)
        )
        .order_by("starts_at")
        .first()
    )


def test_het_anker_has_a_tuesday_rule_and_a_coming_imo_in_one_to_two_weeks():
    community = anker()
    schedule = MeetingSchedule.objects.get(community=community)
    assert schedule.weekday == 1 and schedule.place == "Ontmoetingsruimte"
    assert schedule.starts_at == datetime.time(14, 0) and schedule.cooptation_agreed
    meeting = coming(community)
    days = (meeting.starts_at.date() - TODAY).days
    assert 7 <= days <= 14
    assert IntakeMeeting.objects.filter(community=community, starts_at__date__gt=TODAY).count() >= 3
    assert meeting.chair is not None and meeting.chair.username == "beheerder"
    groups = set(meeting.attendees.values_list("group", flat=True))
    assert groups == {"communityteam", "toelatingscommissie"}


def test_two_vacancies_and_four_candidates_on_the_coming_agenda():
    community = anker()
    vacancies = Vacancy.objects.filter(community=community, status=VacancyStatus.OPEN)
    assert sorted(vacancies.values_list("source", flat=True)) == sorted(
        [VacancySource.MOVE_OUT, VacancySource.ANNOUNCED]
    )
    meeting = coming(community)
    candidates = {c.first_name: c for c in meeting.candidates.all()}
    assert len(candidates) == 4
    assert all(c.status == CandidateStatus.ON_AGENDA for c in candidates.values())
    noor, daan, iris, kevin = (candidates[n] for n in ("Noor", "Daan", "Iris", "Kevin"))
    assert noor.source == CandidateSource.WAITING_LIST and not noor.supported
    assert noor.participations.filter(attended=True).count() == 2 and noor.motivation
    assert daan.source == CandidateSource.CARE_ORGANISATION and daan.supported
    assert daan.proposed_by.name == "Zorggroep Horizon" and daan.has_consent
    assert daan.fallback_place and daan.problem_severity
    assert iris.source == CandidateSource.COOPTATION
    assert kevin.supported and not kevin.has_consent


def test_the_agenda_shows_one_candidate_pushing_the_mix_out_of_its_band():
    meeting = coming(anker())
    agenda = agenda_build(
        meeting=meeting, viewer=audience_viewer(meeting.community, "professional")
    )
    pushing = [row for row in agenda.characteristics if row.pushes_out_of_band]
    assert [row.name for row in pushing] == ["Kevin Roelofs"]
    assert pushing[0].supported
    # Care details only for the consenting Horizon candidate, and none for the residents.
    assert [row.name for row in agenda.characteristics if row.care] == ["Daan Hofstede"]
    resident = agenda_build(meeting=meeting, viewer=audience_viewer(meeting.community, "resident"))
    assert not any(row.care for row in resident.characteristics)
    assert len(agenda.vacancies) == 2
    # Point 0: last month's minutes, and the earlier "postpone" advice on Daan in point 6.
    assert agenda.opening.previous_notes
    daan_advice = next(row for row in agenda.advices if row.name == "Daan Hofstede")
    assert daan_advice.kind == AdviceKind.POSTPONE and daan_advice.from_earlier_meeting_on


def test_a_past_chain_up_to_moving_in_gives_the_process_figures_data():
    community = anker()
    yara = Candidate.objects.get(community=community, first_name="Yara")
    assert yara.status == CandidateStatus.MOVED_IN and yara.resident is not None
    advice = Advice.objects.get(candidate=yara)
    assert advice.kind == AdviceKind.POSITIVE
    assert AgendaNote.objects.filter(meeting=advice.meeting).count() >= 5
    assert advice.meeting.attendees.filter(attendance="aanwezig").exists()
    decision = AllocationDecision.objects.get(candidate=yara)
    assert decision.follows_advice is True
    assert yara.handover.welcome_contact.username == "bewoner"
    metrics = process_metrics(community=community, until=TODAY)
    assert metrics.vacancies_filled >= 1 and metrics.moved_in >= 1
    assert metrics.decisions_with_advice >= 1 and metrics.share_following_advice == 1


def test_the_coach_has_an_overdue_check_in():
    coach = User.objects.get(username="coach")
    overdue = overdue_follow_ups(user=coach, on=TODAY)
    assert [a.is_check_in for a in overdue] == [True]
    assert overdue[0].candidate.first_name == "Yara"
    # The conditions of the advice were done.
    assert not FollowUpAction.objects.filter(is_check_in=False, done_on__isnull=True).exists()


def test_the_demo_picture_of_the_mix_still_holds():
    community = anker()
    mix = community_mix(community=community, on=TODAY)
    assert mix.overall.status == MixStatus.ACTION and 45 <= mix.overall.share_percent <= 50
    for other in Community.objects.all():
        assert 2 <= occupancy(community=other, on=TODAY).vacant <= 4


def test_the_other_communities_get_a_lighter_version():
    for slug in ("de-kade", "de-boomgaard"):
        community = Community.objects.get(slug=slug)
        schedule = MeetingSchedule.objects.get(community=community)
        assert schedule.nth_weekday == 1 and schedule.weekday == 1
        assert IntakeMeeting.objects.filter(community=community).count() == 3
        assert Vacancy.objects.filter(community=community, status=VacancyStatus.OPEN).count() == 1
        first = IntakeMeeting.objects.filter(community=community).order_by("starts_at").first()
        assert first.candidates.count() == 1


def test_seeding_again_changes_nothing():
    counts = [
        model.objects.count()
        for model in (MeetingSchedule, IntakeMeeting, Vacancy, Candidate, Advice, FollowUpAction)
    ]
    seed_all()
    assert counts == [
        model.objects.count()
        for model in (MeetingSchedule, IntakeMeeting, Vacancy, Candidate, Advice, FollowUpAction)
    ]


def test_the_demo_agenda_renders_both_copies():
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed")
    meeting = coming(anker())
    assert meeting.agenda_status == AgendaStatus.NONE

    def text(audience):
        document = agenda_pdf(meeting=meeting, audience=audience)
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=document, capture_output=True
        )
        return " ".join(result.stdout.decode().split())

    professional, resident = text("professional"), text("resident")
    daan = Candidate.objects.get(first_name="Daan", last_name="Hofstede")
    for name in ("Noor Verbruggen", "Daan Hofstede", "Iris Brandsma", "Kevin Roelofs"):
        assert name in professional and name in resident
    fallback = " ".join(daan.fallback_place.split())
    assert "Zorggroep Horizon aan de" in professional
    assert "Esdoornlaan" in professional and "Esdoornlaan" not in resident
    assert fallback[:20] not in resident
    assert "verder buiten de afgesproken band" in resident


@pytest.mark.parametrize(
    ("today", "nth"),
    [
        (datetime.date(2026, 5, 15), 4),  # window 22–29 May: Tuesday 26 May, the fourth
        (datetime.date(2026, 5, 22), 1),  # window 29 May–5 June: Tuesday 2 June, the first
        (datetime.date(2026, 3, 23), -1),  # window 30 March–6 April: 31 March, the fifth
    ],
)
def test_the_rule_puts_the_coming_imo_in_the_window(today, nth):
    assert _coming_rule(today) == nth
