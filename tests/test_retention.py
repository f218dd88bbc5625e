"""Retention: what is anonymised after its period, what stays (the counts), the period boundary,
idempotence, the preview against the run, the audit events, the command and the beat task.

The boundary is strict: a date exactly N days before `today` is not yet older than N days; the
run of the next day picks it up (privacy/selectors.py)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEvent
from communities import services
from communities.activities.services import participation
from communities.constants import MoveOutReason, SignalOutcome
from communities.models import Contact, OtherContribution, Resident, Signal, SignalStep, Talent
from communities.outreach import services as outreach
from communities.selectors import community_mix, community_mix_history
from communities.signals.services import evictions_prevented_by_year, signal_summary
from imo.constants import CandidateStatus
from imo.models import Advice, AllocationDecision, Candidate, Participation
from privacy import selectors, tasks
from privacy.constants import ANONYMISED_NAME
from privacy.services import retention_run
from tests.factories import (
    ActivityFactory,
    AdviceFactory,
    AllocationDecisionFactory,
    CareOrganisationFactory,
    ContactFactory,
    IntakeMeetingFactory,
    OtherContributionFactory,
    ParticipationFactory,
    ResidentFactory,
    SignalFactory,
    SignalStepFactory,
    SupportedCandidateFactory,
    TalentFactory,
)

D = datetime.date
TODAY = D(2027, 1, 10)
# Defaults: 730 days for residents and candidates, 365 for signals and contact notes.
TWO_YEARS_AGO = D(2025, 1, 10)  # exactly 730 days before TODAY
ONE_YEAR_AGO = D(2026, 1, 10)  # exactly 365 days before TODAY
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _periods(settings):
    settings.RETENTION_FORMER_RESIDENTS_DAYS = 730
    settings.RETENTION_UNPLACED_CANDIDATES_DAYS = 730
    settings.RETENTION_CLOSED_SIGNALS_DAYS = 365
    settings.RETENTION_CONTACT_NOTES_DAYS = 365


def test_the_boundary_dates_are_what_the_tests_assume():
    assert TODAY - TWO_YEARS_AGO == datetime.timedelta(days=730)
    assert TODAY - ONE_YEAR_AGO == datetime.timedelta(days=365)


def move(world, resident, *, unit, moved_in, moved_out=None):
    services.resident_move_in(resident=resident, unit=unit, on=moved_in)
    if moved_out:
        services.resident_move_out(resident=resident, on=moved_out, reason=MoveOutReason.ELSEWHERE)
    return resident


def events(action="anonymise", object_type=None):
    qs = AuditEvent.objects.filter(action=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    return qs


# --- residents ---------------------------------------------------------------------------------


@pytest.fixture
def movers(world):
    """Residents around the boundary, in units 3-5 (0-2 are Anna, Bram and Cor, still living
    there since 2024)."""
    c = world.community
    people = {
        "older": ResidentFactory(
            community=c,
            first_name="Olga",
            last_name="Ouder",
            email="olga@example.org",
            phone="06-1",
            date_of_birth=D(1970, 1, 1),
            approach_preference="Liever een berichtje",
        ),
        "boundary": ResidentFactory(community=c, first_name="Gerrit", last_name="Grens"),
        "back": ResidentFactory(community=c, first_name="Tom", last_name="Terug"),
        "never": ResidentFactory(community=c, first_name="Nina", last_name="Nooit"),
    }
    move(
        world,
        people["older"],
        unit=world.units[3],
        moved_in=D(2023, 1, 1),
        moved_out=TWO_YEARS_AGO - DAY,
    )
    move(
        world,
        people["boundary"],
        unit=world.units[4],
        moved_in=D(2023, 1, 1),
        moved_out=TWO_YEARS_AGO,
    )
    move(
        world, people["back"], unit=world.units[5], moved_in=D(2022, 1, 1), moved_out=D(2022, 6, 1)
    )
    move(world, people["back"], unit=world.units[5], moved_in=D(2026, 1, 1))  # lives there again

    return people


def test_a_resident_who_moved_out_more_than_two_years_ago_is_anonymised(world, movers):
    olga = movers["older"]
    care = CareOrganisationFactory(name="Zorg Olga")
    services.support_start(
        resident=olga, care_organisation=care, on=D(2023, 1, 1), hours_per_week=4
    )
    services.support_end(support_period=olga.support_periods.get(), on=D(2024, 6, 1))
    contact = ContactFactory(resident=olga, contacted_on=D(2024, 5, 1), note="Olga had verdriet")
    TalentFactory(resident=olga)
    contribution = OtherContributionFactory(resident=olga, noted_on=D(2024, 3, 1))
    activity = ActivityFactory(
        community=world.community,
        starts_at=timezone.make_aware(datetime.datetime(2024, 3, 5, 10)),
        participants=[olga],
        organisers=[olga],
    )
    stays_before = list(olga.stays.values_list("start_date", "end_date", "tenancy__unit"))

    result = retention_run(today=TODAY)

    assert result.residents == (olga.pk,)
    olga.refresh_from_db()
    assert (olga.first_name, olga.last_name) == (ANONYMISED_NAME, ANONYMISED_NAME)
    assert olga.date_of_birth is None
    assert olga.email == olga.phone == olga.approach_preference == ""
    contact.refresh_from_db()
    assert contact.note == "" and contact.contacted_on == D(2024, 5, 1)
    assert not Talent.objects.filter(resident=olga).exists()
    contribution.refresh_from_db()
    assert contribution.description == "" and contribution.noted_on == D(2024, 3, 1)
    # Kept: the row, the stays, the support period with its care organisation and hours, and
    # the participation.
    assert list(olga.stays.values_list("start_date", "end_date", "tenancy__unit")) == stays_before
    period = olga.support_periods.get()
    assert (period.care_organisation, period.hours_per_week) == (care, Decimal("4"))
    assert (period.start_date, period.end_date) == (D(2023, 1, 1), D(2024, 6, 1))
    assert list(activity.participants.all()) == [olga]
    assert list(activity.organisers.all()) == [olga]


def test_the_boundary_is_strict_and_current_and_never_housed_residents_stay(world, movers):
    plan = selectors.retention_plan(today=TODAY)
    assert plan.residents == (movers["older"].pk,)
    # Exactly 730 days after moving out: kept today, anonymised tomorrow.
    tomorrow = selectors.retention_plan(today=TODAY + DAY)
    assert tomorrow.residents == (movers["older"].pk, movers["boundary"].pk)

    retention_run(today=TODAY)
    for key in ("boundary", "back", "never"):
        movers[key].refresh_from_db()
        assert movers[key].first_name != ANONYMISED_NAME, key
    for resident in world.residents.values():  # Anna, Bram and Cor live there
        resident.refresh_from_db()
        assert resident.first_name != ANONYMISED_NAME


def test_the_mix_of_past_months_is_identical_before_and_after(world, movers):
    c = world.community
    for resident in (movers["older"], movers["boundary"]):
        services.support_start(
            resident=resident, care_organisation=world.care, on=D(2023, 2, 1), hours_per_week=6
        )
    for resident in (movers["older"], world.residents["cor"]):
        ActivityFactory(
            community=c,
            starts_at=timezone.make_aware(datetime.datetime(2024, 5, 2, 10)),
            participants=[resident],
        )
        OtherContributionFactory(resident=resident, noted_on=D(2024, 5, 3))

    def figures():
        return (
            community_mix(community=c, on=D(2024, 6, 30)),
            community_mix_history(community=c, until=D(2024, 12, 31), months=24),
            participation(community=c, start=D(2024, 5, 1), end=D(2024, 5, 31)),
            outreach.last_reached(community=c, on=D(2024, 12, 31)),
        )

    before = figures()
    result = retention_run(today=TODAY + DAY)
    assert set(result.residents) == {movers["older"].pk, movers["boundary"].pk}
    after = figures()
    assert after == before
    assert before[0].overall.supported == 4  # Anna, Bram, Olga, Gerrit on 30-06-2024
    assert before[2].overall.contributing == 2


# --- candidates --------------------------------------------------------------------------------


def _age(candidate, changed_on):
    Candidate.objects.filter(pk=candidate.pk).update(
        updated_at=timezone.make_aware(datetime.datetime.combine(changed_on, datetime.time(12)))
    )


@pytest.fixture
def candidates(world):
    c = world.community
    old = SupportedCandidateFactory(
        community=c,
        first_name="Karel",
        last_name="Kandidaat",
        phone="06-2",
        status=CandidateStatus.NOT_ALLOCATED,
        special_tenancy_conditions="Geen huisdieren",
        consent_withdrawn_on=D(2024, 12, 1),
    )
    ParticipationFactory(candidate=old, title="Informatieavond voorjaar", held_on=D(2024, 2, 1))
    meeting = IntakeMeetingFactory(community=c)
    AdviceFactory(meeting=meeting, candidate=old, rationale="Karel past goed", conditions="x")
    AllocationDecisionFactory(
        candidate=old, kind="niet_toegewezen", reason="Karel koos anders", decided_on=D(2024, 3, 1)
    )
    boundary = SupportedCandidateFactory(community=c, first_name="Bea", last_name="Grens")
    recent_decision = SupportedCandidateFactory(community=c, first_name="Rik", last_name="Recent")
    AllocationDecisionFactory(candidate=recent_decision, decided_on=TWO_YEARS_AGO)
    placed = SupportedCandidateFactory(
        community=c, first_name="Pien", last_name="Geplaatst", status=CandidateStatus.MOVED_IN
    )
    for candidate in (old, recent_decision, placed):
        _age(candidate, D(2024, 3, 1))
    _age(boundary, TWO_YEARS_AGO)
    # Advice.updated_at is auto_now: put it in the past too.
    Advice.objects.update(updated_at=timezone.make_aware(datetime.datetime(2024, 3, 1, 12)))
    return {"old": old, "boundary": boundary, "recent_decision": recent_decision, "placed": placed}


def test_an_unplaced_candidate_is_anonymised_after_two_years(world, candidates):
    old = candidates["old"]
    consent_given_on = old.consent_given_on
    version = old.version

    result = retention_run(today=TODAY)

    assert result.candidates == (old.pk,)
    old.refresh_from_db()
    assert (old.first_name, old.last_name) == (ANONYMISED_NAME, ANONYMISED_NAME)
    assert old.email == old.phone == old.motivation == ""
    assert old.care_organisation is None and old.support_hours_per_week is None
    assert old.problem_severity == old.accepts_support == old.fallback_place == ""
    assert old.special_tenancy_conditions == "" and not old.care_and_housing_agreement
    # Consent as dates only; status, source and supported stay for the IMO figures.
    assert old.consent_scope == ""
    assert old.consent_given_on == consent_given_on
    assert old.consent_withdrawn_on == D(2024, 12, 1)
    assert old.status == CandidateStatus.NOT_ALLOCATED and old.supported
    assert old.version == version + 1
    assert Participation.objects.get(candidate=old).title == "Informatieavond voorjaar"
    advice = Advice.objects.get(candidate=old)
    assert advice.kind == "positief" and advice.rationale == advice.conditions == ""
    decision = AllocationDecision.objects.get(candidate=old)
    assert decision.kind == "niet_toegewezen" and decision.reason == ""


def test_candidates_at_the_boundary_with_a_recent_decision_or_placed_are_kept(world, candidates):
    assert selectors.retention_plan(today=TODAY).candidates == (candidates["old"].pk,)
    tomorrow = selectors.retention_plan(today=TODAY + DAY).candidates
    assert set(tomorrow) == {
        candidates["old"].pk,
        candidates["boundary"].pk,
        candidates["recent_decision"].pk,
    }
    retention_run(today=TODAY + DAY * 400)
    candidates["placed"].refresh_from_db()
    assert candidates["placed"].first_name == "Pien"  # placed: goes with the resident record


def test_a_moved_in_candidate_is_anonymised_with_the_resident_record(world, movers):
    olga = movers["older"]
    intake = SupportedCandidateFactory(
        community=world.community, status=CandidateStatus.MOVED_IN, resident=olga
    )
    plan = selectors.retention_plan(today=TODAY)
    assert plan.residents == (olga.pk,) and plan.candidates == ()
    retention_run(today=TODAY)
    intake.refresh_from_db()
    assert intake.first_name == ANONYMISED_NAME and intake.care_organisation is None
    assert events(object_type="candidate").get().object_id == str(intake.pk)


# --- signals and contact notes -----------------------------------------------------------------


@pytest.fixture
def signals(world):
    anna = world.residents["anna"]  # still lives there
    unit = world.units[0]

    def closed(closed_on, **kwargs):
        signal = SignalFactory(
            community=world.community,
            residents=[anna],
            unit=unit,
            reported_on=D(2025, 6, 1),
            closed_on=closed_on,
            outcome=SignalOutcome.EVICTION_PREVENTED,
            kind="huisuitzetting",
            **kwargs,
        )
        SignalStepFactory(signal=signal, taken_on=D(2025, 6, 2), description="Anna gebeld")
        return signal

    return {
        "old": closed(ONE_YEAR_AGO - DAY),
        "boundary": closed(ONE_YEAR_AGO),
        "open": SignalFactory(
            community=world.community, residents=[anna], reported_on=D(2024, 1, 1)
        ),
    }


def test_closed_signals_lose_their_personal_details_after_a_year(world, signals):
    old = signals["old"]
    all_signals = Signal.objects.filter(community=world.community)
    counts_before = (
        evictions_prevented_by_year(signals=all_signals),
        signal_summary(signals=all_signals, community=world.community, today=TODAY, masked=False),
    )

    result = retention_run(today=TODAY)

    assert result.signals == (old.pk,)
    old.refresh_from_db()
    assert old.description == old.reported_by == ""
    assert not old.residents.exists()
    assert SignalStep.objects.get(signal=old).description == ""
    assert old.unit == world.units[0]
    assert (old.kind, old.severity, old.outcome) == (
        "huisuitzetting",
        "midden",
        "uitzetting_voorkomen",
    )
    assert (old.reported_on, old.closed_on) == (D(2025, 6, 1), ONE_YEAR_AGO - DAY)
    # Anna still lives there and keeps her name; the boundary and open signals are untouched.
    world.residents["anna"].refresh_from_db()
    assert world.residents["anna"].first_name == "Anna"
    for key in ("boundary", "open"):
        signals[key].refresh_from_db()
        assert signals[key].description and signals[key].residents.exists(), key
    counts_after = (
        evictions_prevented_by_year(signals=all_signals),
        signal_summary(signals=all_signals, community=world.community, today=TODAY, masked=False),
    )
    assert counts_after == counts_before
    assert counts_before[0] == {2026: 2}


def test_contact_notes_are_cleared_after_a_year_and_last_reached_still_works(world):
    anna = world.residents["anna"]
    old = ContactFactory(resident=anna, contacted_on=ONE_YEAR_AGO - DAY, note="Anna zag er moe uit")
    boundary = ContactFactory(resident=anna, contacted_on=ONE_YEAR_AGO, note="Grensgeval")
    without_note = ContactFactory(resident=anna, contacted_on=D(2024, 1, 1), note="")
    reached_before = outreach.last_reached(community=world.community, on=TODAY)

    result = retention_run(today=TODAY)

    assert result.contact_notes == (old.pk,)
    old.refresh_from_db()
    boundary.refresh_from_db()
    assert old.note == "" and old.contacted_on == ONE_YEAR_AGO - DAY
    assert boundary.note == "Grensgeval"
    assert Contact.objects.filter(pk=without_note.pk).exists()
    assert outreach.last_reached(community=world.community, on=TODAY) == reached_before
    event = events(object_type="contact").get()
    assert event.object_id == str(old.pk) and event.community == world.community


# --- the run as a whole ------------------------------------------------------------------------


@pytest.fixture
def everything(world, movers, candidates, signals):
    ContactFactory(resident=world.residents["bram"], contacted_on=D(2024, 1, 1), note="Bram thuis")
    ContactFactory(resident=movers["older"], contacted_on=D(2024, 1, 1), note="Olga thuis")
    return world


def test_the_preview_lists_exactly_what_the_run_does(everything):
    plan = selectors.retention_plan(today=TODAY)
    assert plan.counts() == {
        "residents": 1,
        "candidates": 1,
        "signals": 1,
        "contact_notes": 1,
        "exports": 0,
    }
    result = retention_run(today=TODAY)
    for kind in plan.KINDS:
        assert getattr(result, kind) == getattr(plan, kind), kind


def test_a_second_run_finds_nothing_to_do_and_writes_no_events(everything):
    first = retention_run(today=TODAY)
    assert sum(first.counts().values()) == 4
    written = AuditEvent.objects.count()
    assert selectors.retention_plan(today=TODAY).is_empty
    second = retention_run(today=TODAY)
    assert sum(second.counts().values()) == 0
    assert AuditEvent.objects.count() == written


def test_every_anonymised_object_has_one_event_without_personal_data(everything, movers):
    result = retention_run(today=TODAY)
    expected = (
        {("resident", str(pk)) for pk in result.residents}
        | {("candidate", str(pk)) for pk in result.candidates}
        | {("signal", str(pk)) for pk in result.signals}
        | {("contact", str(pk)) for pk in result.contact_notes}
    )
    written = list(events())
    assert {(e.object_type, e.object_id) for e in written} == expected
    assert len(written) == len(expected)  # one each
    for event in written:
        assert event.user is None and event.count == 1
        assert event.detail == "bewaartermijn verstreken"
        assert event.community == everything.community
        for word in ("Olga", "Ouder", "Karel", "Anna", "olga@example.org"):
            assert word not in str(event.__dict__)


def test_a_failure_halfway_rolls_the_whole_run_back(everything, monkeypatch):
    from privacy import services as privacy_services

    def broken(**kwargs):
        raise RuntimeError("storing failed")

    monkeypatch.setattr(privacy_services, "signals_anonymise", broken)
    with pytest.raises(RuntimeError):
        retention_run(today=TODAY)
    assert not Resident.objects.filter(first_name=ANONYMISED_NAME).exists()
    assert not events().exists()


def test_bulk_changes_audit_each_object(world):
    residents = []
    for index in range(3):
        resident = ResidentFactory(community=world.community, email=f"x{index}@example.org")
        move(
            world,
            resident,
            unit=world.units[3 + index],
            moved_in=D(2020, 1, 1),
            moved_out=D(2021, 1, 1),
        )
        residents.append(resident)
    result = retention_run(today=TODAY)
    assert sorted(result.residents) == sorted(r.pk for r in residents)
    assert events(object_type="resident").count() == 3
    assert OtherContribution.objects.count() == 0  # nothing else touched


# --- command and task ----------------------------------------------------------------------------


def test_the_preview_command_prints_counts_and_ids_but_no_names(everything, movers, candidates):
    out = io.StringIO()
    call_command("retention_preview", "--today", TODAY.isoformat(), stdout=out)
    text = out.getvalue()
    assert "10-01-2027" in text
    assert f"Vertrokken bewoners (ouder dan 730 dagen): 1 – id's: {movers['older'].pk}" in text
    assert (
        f"Niet geplaatste kandidaten (ouder dan 730 dagen): 1 – id's: {candidates['old'].pk}"
        in text
    )
    assert "Afgesloten signalen (ouder dan 365 dagen): 1" in text
    assert "Totaal: 4" in text
    for name in ("Olga", "Ouder", "Karel", "Anna", "Bram"):
        assert name not in text
    # The preview changes nothing.
    movers["older"].refresh_from_db()
    assert movers["older"].first_name == "Olga"
    assert not events().exists()


def test_the_preview_command_with_nothing_to_do(db):
    out = io.StringIO()
    call_command("retention_preview", "--today", "2027-01-10", stdout=out)
    assert "Niets te doen." in out.getvalue()


def test_the_preview_command_refuses_a_wrong_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="JJJJ-MM-DD"):
        call_command("retention_preview", "--today", "10-01-2027")


def test_the_beat_task_runs_the_retention(everything, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    counts = tasks.retention_run.delay().get()
    assert counts == {
        "residents": 1,
        "candidates": 1,
        "signals": 1,
        "contact_notes": 1,
        "exports": 0,
    }
    assert tasks.retention_run.delay().get() == dict.fromkeys(counts, 0)


def test_the_beat_schedule_has_the_retention_run(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["privacy-retention"]
    assert entry["task"] == "privacy.tasks.retention_run"
