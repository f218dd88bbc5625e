"""The IMO pages through Django's test client: what each role sees (care details only for the
IMO's professionals with consent), writes through the pages, conflicts that lose nothing, the
corporation's decision, and the whole chain ending in a move-in that changes the mix."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from communities import selectors as community_selectors
from communities import services as community_services
from communities.constants import Role
from communities.my_tasks import my_tasks
from imo import services
from imo.constants import (
    AdviceKind,
    Attendance,
    AttendeeGroup,
    CandidateSource,
    CandidateStatus,
    DecisionKind,
    VacancyStatus,
)
from imo.models import (
    Advice,
    AgendaNote,
    AllocationDecision,
    Candidate,
    FollowUpAction,
    IntakeMeeting,
    MeetingSchedule,
    Participation,
    Vacancy,
)
from tests.factories import (
    TEST_ACTOR,
    AttendeeFactory,
    CandidateFactory,
    FollowUpActionFactory,
    IntakeMeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    ResidentFactory,
    SupportedCandidateFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CARE_SECRET = "Beschermd wonen bij de eigen zorgaanbieder."
STALE = "Iemand anders heeft dit intussen gewijzigd"


def today():
    return timezone.localdate()


@pytest.fixture
def scene(world):
    return make_scene(world)


def make_scene(world):
    """De Kade made balanced: 2 supported of 6 (33%, on course). A new unit B9 comes free today.
    On a meeting that has just started (advice can be recorded): Sven (supported, proposed by
    Zorggroep Horizon, consent given, for B9: he would push the mix out of its band) and Karin
    (unsupported)."""
    community = world.community
    section_b = world.units[3].section
    for index, (first, last) in enumerate([("Dirk", "Dekker"), ("Eva", "Evers"), ("Fe", "Fok")]):
        unit = world.units[3 + index] if index < 2 else UnitFactory(section=section_b, number="B8")
        resident = ResidentFactory(community=community, first_name=first, last_name=last)
        community_services.resident_move_in(
            resident=resident, unit=unit, on=datetime.date(2024, 1, 1)
        )
    b9 = UnitFactory(section=section_b, number="B9")
    vacancy = services.vacancy_announce(unit=b9, available_from=today(), by=TEST_ACTOR)
    meeting = IntakeMeetingFactory(
        community=community,
        starts_at=timezone.now() - datetime.timedelta(minutes=5),
        chair=world.users["beheerder"],
    )
    for who, group in [
        ("beheerder", AttendeeGroup.COMMUNITY_TEAM),
        ("coach", AttendeeGroup.COMMUNITY_TEAM),
        ("bewoner", AttendeeGroup.ADMISSION_COMMITTEE),
    ]:
        AttendeeFactory(meeting=meeting, user=world.users[who], group=group)
    sven = SupportedCandidateFactory(
        community=community,
        first_name="Sven",
        last_name="Visser",
        vacancy=vacancy,
        proposed_by=world.care,
        care_organisation=world.care,
        fallback_place=CARE_SECRET,
        motivation="Ik wil graag in een buurt wonen waar mensen elkaar kennen.",
    )
    karin = CandidateFactory(community=community, first_name="Karin", last_name="Smit")
    services.candidate_put_on_agenda(meeting=meeting, candidate=sven)
    services.candidate_put_on_agenda(meeting=meeting, candidate=karin)
    world.meeting, world.vacancy, world.sven, world.karin = meeting, vacancy, sven, karin
    return world


def get(client, user, name, **kwargs):
    client.force_login(user)
    return client.get(reverse(name, kwargs=kwargs))


def body_of(response, status=200):
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def meeting_kwargs(w):
    return {"slug": "de-kade", "pk": w.meeting.pk}


# --- overview ---------------------------------------------------------------------------------


def test_overview_shows_meetings_vacancies_and_what_the_agreement_asks(client, scene):
    body = body_of(get(client, scene.users["beheerder"], "imo_overview", slug="de-kade"))
    assert "Komende overleggen" in body
    assert "B9" in body
    # Vleugel B has no supported resident at all: one more brings the larger deviation down.
    assert "Een begeleide bewoner" in body
    assert "Met een begeleide bewoner blijft of komt de mix" in body
    assert "Sven Visser" in body and "Karin Smit" in body
    assert "Kandidaat aanmelden" in body  # RUN_IMO buttons


def test_overview_for_the_residents_delegation_is_limited(client, scene):
    body = body_of(get(client, scene.users["bewoner"], "imo_overview", slug="de-kade"))
    assert "Sven Visser" in body
    assert "in een buurt wonen waar mensen elkaar kennen" in body  # motivation
    assert "Kandidaat aanmelden" not in body
    assert "Voorgedragen door zorgaanbieder" not in body  # no source (it reveals care)
    assert "Zorggroep Horizon" not in body


def test_gemeente_sees_only_the_process_monitor(client, scene):
    gemeente = scene.users["gemeente"]
    assert get(client, gemeente, "imo_overview", slug="de-kade").status_code == 403
    assert get(client, gemeente, "imo_meeting", **meeting_kwargs(scene)).status_code == 403
    assert (
        get(client, gemeente, "imo_candidate", slug="de-kade", pk=scene.sven.pk).status_code == 403
    )
    body = body_of(get(client, gemeente, "imo_metrics", slug="de-kade"))
    assert "Procesmonitor IMO" in body
    assert "Sven" not in body and "Visser" not in body
    assert "&lt; 5" in body  # 2 supported residents: masked


def test_outsider_gets_404_everywhere(client, scene):
    outsider = scene.users["buitenstaander"]
    assert get(client, outsider, "imo_overview", slug="de-kade").status_code == 404
    assert get(client, outsider, "imo_meeting", **meeting_kwargs(scene)).status_code == 404
    assert get(client, outsider, "imo_metrics", slug="de-kade").status_code == 404


def test_a_candidate_of_another_community_is_404(client, scene):
    foreign = CandidateFactory(community=scene.other_community)
    response = get(client, scene.users["beheerder"], "imo_candidate", slug="de-kade", pk=foreign.pk)
    assert response.status_code == 404


# --- care details -----------------------------------------------------------------------------


def test_residents_delegation_sees_no_care_details_even_with_consent(client, scene):
    assert scene.sven.has_consent
    bewoner = scene.users["bewoner"]
    for response in (
        get(client, bewoner, "imo_candidate", slug="de-kade", pk=scene.sven.pk),
        get(client, bewoner, "imo_meeting", **meeting_kwargs(scene)),
    ):
        body = body_of(response)
        assert "Sven Visser" in body
        assert CARE_SECRET not in body
        assert "Zorggroep Horizon" not in body
        assert "Matig" not in body
    body = body_of(get(client, bewoner, "imo_candidate", slug="de-kade", pk=scene.sven.pk))
    assert "in een buurt wonen" in body  # motivation
    assert "Ja" in body  # supported yes/no
    assert "kandidaat0" not in body and "@example.org" not in body  # no contact details


def test_professionals_see_care_details_with_consent(client, scene):
    for who in ("beheerder", "coach", "begeleider"):
        body = body_of(
            get(client, scene.users[who], "imo_candidate", slug="de-kade", pk=scene.sven.pk)
        )
        assert CARE_SECRET in body, who
        body = body_of(get(client, scene.users[who], "imo_meeting", **meeting_kwargs(scene)))
        assert CARE_SECRET in body, who


def test_begeleider_of_another_care_organisation_sees_none(client, scene):
    other = scene.users["begeleider_anker"]
    body = body_of(get(client, other, "imo_candidate", slug="de-kade", pk=scene.sven.pk))
    assert CARE_SECRET not in body and "Zorggroep Horizon" not in body
    body = body_of(get(client, other, "imo_meeting", **meeting_kwargs(scene)))
    assert CARE_SECRET not in body


def test_withdrawn_consent_hides_care_details_at_once(client, scene):
    beheerder = scene.users["beheerder"]
    client.force_login(beheerder)
    response = client.post(
        reverse("imo_candidate_consent_withdraw", kwargs={"slug": "de-kade", "pk": scene.sven.pk}),
        {"on": today().isoformat()},
    )
    assert response.status_code == 302
    scene.sven.refresh_from_db()
    assert not scene.sven.has_consent
    for name, kwargs in (
        ("imo_candidate", {"slug": "de-kade", "pk": scene.sven.pk}),
        ("imo_meeting", meeting_kwargs(scene)),
    ):
        assert CARE_SECRET not in body_of(get(client, beheerder, name, **kwargs))
    # Nor can the edit form show them.
    body = body_of(get(client, beheerder, "imo_candidate_update", slug="de-kade", pk=scene.sven.pk))
    assert CARE_SECRET not in body and "verborgen" in body


def test_consent_recorded_through_the_page(client, scene):
    scene.karin.supported = True
    scene.karin.save()
    client.force_login(scene.users["beheerder"])
    url = reverse("imo_candidate_consent", kwargs={"slug": "de-kade", "pk": scene.karin.pk})
    response = client.post(url, {"given_on": today().isoformat(), "scope": " "})
    assert "Dit veld is verplicht" in body_of(response) or "Beschrijf" in body_of(response)
    response = client.post(url, {"given_on": today().isoformat(), "scope": "Delen met het IMO"})
    assert response.status_code == 302
    scene.karin.refresh_from_db()
    assert scene.karin.has_consent and scene.karin.consent_scope == "Delen met het IMO"


# --- the meeting page -------------------------------------------------------------------------


def test_meeting_page_shows_the_seven_points_and_the_warning(client, scene):
    body = body_of(get(client, scene.users["beheerder"], "imo_meeting", **meeting_kwargs(scene)))
    for number in range(8):
        assert f'id="punt-{number}"' in body
    assert "Evenwicht op de locatie" in body
    assert "Let op: duwt de mix uit de band" in body  # Sven, supported, into B9
    assert "Als deze kandidaat intrekt" in body
    assert "Aanwezigheid opslaan" in body
    assert "Agenda (PDF)" in body and "Nog niet gemaakt" in body
    assert f'name="advice-{scene.sven.pk}-expected_version"' in body


def test_meeting_page_read_only_for_viewers(client, scene):
    body = body_of(get(client, scene.users["coach"], "imo_meeting", **meeting_kwargs(scene)))
    assert "Aanwezigheid opslaan" not in body
    assert "Advies opslaan" not in body
    assert "Sven Visser" in body


def test_attendance_is_saved_in_one_post(client, scene):
    client.force_login(scene.users["beheerder"])
    attendees = {a.user.username: a for a in scene.meeting.attendees.select_related("user")}
    response = client.post(
        reverse("imo_meeting_attendance", kwargs=meeting_kwargs(scene)),
        {
            f"attendee_{attendees['beheerder'].pk}": Attendance.PRESENT,
            f"attendee_{attendees['coach'].pk}": Attendance.EXCUSED,
            f"attendee_{attendees['bewoner'].pk}": Attendance.ABSENT,
        },
    )
    assert response.status_code == 302
    saved = dict(scene.meeting.attendees.values_list("user__username", "attendance"))
    assert saved == {"beheerder": "aanwezig", "coach": "afgemeld", "bewoner": "afwezig"}


def test_attendance_rejects_an_unknown_value(client, scene):
    client.force_login(scene.users["beheerder"])
    attendee = scene.meeting.attendees.first()
    response = client.post(
        reverse("imo_meeting_attendance", kwargs=meeting_kwargs(scene)),
        {f"attendee_{attendee.pk}": "op-vakantie"},
    )
    assert "Kies per deelnemer" in body_of(response)
    attendee.refresh_from_db()
    assert attendee.attendance == Attendance.UNKNOWN


def test_a_get_on_a_write_url_is_refused(client, scene):
    response = get(
        client, scene.users["beheerder"], "imo_meeting_attendance", **meeting_kwargs(scene)
    )
    assert response.status_code == 405


def test_advice_is_recorded_and_the_candidate_advised(client, scene):
    client.force_login(scene.users["beheerder"])
    prefix = f"advice-{scene.sven.pk}"
    response = client.post(
        reverse(
            "imo_meeting_advice",
            kwargs={**meeting_kwargs(scene), "candidate_pk": scene.sven.pk},
        ),
        {
            f"{prefix}-kind": AdviceKind.POSITIVE,
            f"{prefix}-conditions": "Wekelijks contact met de begeleider",
            f"{prefix}-rationale": "Past goed bij de buren.",
            f"{prefix}-expected_version": "",
        },
    )
    assert response.status_code == 302
    advice = Advice.objects.get(meeting=scene.meeting, candidate=scene.sven)
    assert advice.kind == AdviceKind.POSITIVE and advice.version == 1
    scene.sven.refresh_from_db()
    assert scene.sven.status == CandidateStatus.ADVISED


def test_stale_advice_shows_the_conflict_and_keeps_both_texts(client, scene):
    beheerder = scene.users["beheerder"]
    services.advice_record(
        meeting=scene.meeting,
        candidate=scene.sven,
        kind=AdviceKind.POSTPONE,
        conditions="",
        rationale="Eerst kennismaken.",
        expected_version=None,
        by=beheerder,
    )
    # Both open the page at version 1; the coach's colleague saves first.
    colleague = UserFactory(username="tweede", first_name="Tessa", last_name="Tweede")
    services.advice_record(
        meeting=scene.meeting,
        candidate=scene.sven,
        kind=AdviceKind.NEGATIVE,
        conditions="",
        rationale="De buren in B hebben al veel te dragen.",
        expected_version=1,
        by=colleague,
    )
    client.force_login(beheerder)
    prefix = f"advice-{scene.sven.pk}"
    response = client.post(
        reverse(
            "imo_meeting_advice",
            kwargs={**meeting_kwargs(scene), "candidate_pk": scene.sven.pk},
        ),
        {
            f"{prefix}-kind": AdviceKind.POSITIVE,
            f"{prefix}-conditions": "Maandelijks overleg met de begeleider",
            f"{prefix}-rationale": "Sterke motivatie, goed vangnet.",
            f"{prefix}-expected_version": "1",
        },
    )
    body = body_of(response, status=409)
    assert STALE in body
    assert "De buren in B hebben al veel te dragen." in body  # theirs
    assert "Tessa Tweede" in body
    assert "Sterke motivatie, goed vangnet." in body  # mine, still in the form
    assert "Maandelijks overleg met de begeleider" in body
    # The form now carries the current version: saving again is a deliberate overwrite.
    assert f'name="{prefix}-expected_version" value="2"' in body
    advice = Advice.objects.get(meeting=scene.meeting, candidate=scene.sven)
    assert advice.rationale == "De buren in B hebben al veel te dragen." and advice.version == 2


def test_stale_note_shows_the_conflict_and_keeps_both_texts(client, scene):
    services.note_save(
        meeting=scene.meeting, point=2, text="Eerste versie.", expected_version=None, by=TEST_ACTOR
    )
    services.note_save(
        meeting=scene.meeting,
        point=2,
        text="Tekst van de ander.",
        expected_version=1,
        by=TEST_ACTOR,
    )
    client.force_login(scene.users["beheerder"])
    response = client.post(
        reverse("imo_meeting_note", kwargs={**meeting_kwargs(scene), "point": 2}),
        {"note-2-text": "Mijn eigen aantekening.", "note-2-expected_version": "1"},
    )
    body = body_of(response, status=409)
    assert STALE in body
    assert "Tekst van de ander." in body and "Mijn eigen aantekening." in body
    assert AgendaNote.objects.get(meeting=scene.meeting, point=2).text == "Tekst van de ander."


def test_note_is_saved(client, scene):
    client.force_login(scene.users["beheerder"])
    url = reverse("imo_meeting_note", kwargs={**meeting_kwargs(scene), "point": 3})
    response = client.post(
        url, {"note-3-text": "Geen bijzonderheden.", "note-3-expected_version": ""}
    )
    assert response.status_code == 302
    note = AgendaNote.objects.get(meeting=scene.meeting, point=3)
    assert note.text == "Geen bijzonderheden."
    assert client.post(url.replace("/punt/3/", "/punt/9/"), {}).status_code == 404


def test_previous_minutes_approved(client, scene):
    IntakeMeetingFactory(
        community=scene.community, starts_at=scene.meeting.starts_at - datetime.timedelta(days=28)
    )
    client.force_login(scene.users["beheerder"])
    response = client.post(
        reverse("imo_meeting_minutes_approve", kwargs=meeting_kwargs(scene)), {"approved": "on"}
    )
    assert response.status_code == 302
    scene.meeting.refresh_from_db()
    assert scene.meeting.previous_minutes_approved


def test_candidate_put_on_the_agenda_from_the_select(client, scene):
    lisa = CandidateFactory(community=scene.community, first_name="Lisa", last_name="Laan")
    foreign = CandidateFactory(community=scene.other_community)
    client.force_login(scene.users["beheerder"])
    body = body_of(client.get(reverse("imo_meeting", kwargs=meeting_kwargs(scene))))
    assert f'<option value="{lisa.pk}">Lisa Laan</option>' in body
    url = reverse("imo_meeting_agenda_add", kwargs=meeting_kwargs(scene))
    # A candidate of another community is not a valid choice.
    body = body_of(client.post(url, {"candidate": foreign.pk}))
    assert "geldige keuze" in body
    assert client.post(url, {"candidate": lisa.pk}).status_code == 302
    assert scene.meeting.candidates.filter(pk=lisa.pk).exists()


def test_hostile_motivation_is_escaped(client, scene):
    scene.karin.motivation = '<script>alert("x")</script><b>vet</b>'
    scene.karin.save()
    for who, name, kwargs in (
        ("beheerder", "imo_candidate", {"slug": "de-kade", "pk": scene.karin.pk}),
        ("bewoner", "imo_candidate", {"slug": "de-kade", "pk": scene.karin.pk}),
        ("beheerder", "imo_meeting", meeting_kwargs(scene)),
        ("bewoner", "imo_overview", {"slug": "de-kade"}),
    ):
        body = body_of(get(client, scene.users[who], name, **kwargs))
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body, (who, name)
        assert '<script>alert("x")' not in body and "<b>vet</b>" not in body


# --- candidates -------------------------------------------------------------------------------


def candidate_post(**extra):
    data = {
        "first_name": "Noor",
        "last_name": "Nieuw",
        "email": "noor@example.org",
        "phone": "",
        "registered_on": today().isoformat(),
        "vacancy": "",
        "source": CandidateSource.WAITING_LIST,
        "motivation": "Samen de tuin onderhouden.",
        "willingness": "hoog",
        "support_hours_per_week": "",
        "problem_severity": "",
        "accepts_support": "",
        "fallback_place": "",
        "special_tenancy_conditions": "",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_register_an_unsupported_candidate_drops_care_fields(client, scene):
    client.force_login(scene.users["beheerder"])
    response = client.post(
        reverse("imo_candidate_create", kwargs={"slug": "de-kade"}),
        candidate_post(care_organisation=scene.care.pk, fallback_place="Ergens"),
    )
    assert response.status_code == 302
    noor = Candidate.objects.get(first_name="Noor")
    assert not noor.supported and noor.care_organisation is None and noor.fallback_place == ""


def test_a_supported_candidate_needs_care_organisation_and_hours(client, scene):
    client.force_login(scene.users["beheerder"])
    url = reverse("imo_candidate_create", kwargs={"slug": "de-kade"})
    body = body_of(client.post(url, candidate_post(supported="on")))
    assert "Kies de zorgaanbieder van een begeleide kandidaat." in body
    assert "Vul de geïndiceerde uren per week" in body
    assert not Candidate.objects.filter(first_name="Noor").exists()
    response = client.post(
        url,
        candidate_post(
            supported="on",
            source=CandidateSource.CARE_ORGANISATION,
            proposed_by=scene.care.pk,
            support_hours_per_week="4",
            vacancy=scene.vacancy.pk,
        ),
    )
    assert response.status_code == 302
    noor = Candidate.objects.get(first_name="Noor")
    assert noor.care_organisation == scene.care  # the proposing organisation
    assert noor.support_hours_per_week == Decimal("4")


def test_service_rule_errors_show_in_dutch(client, scene):
    client.force_login(scene.users["beheerder"])
    body = body_of(
        client.post(
            reverse("imo_candidate_create", kwargs={"slug": "de-kade"}),
            candidate_post(source=CandidateSource.COOPTATION),
        )
    )
    assert "Coöptatie is voor deze locatie niet afgesproken" in body


def test_participation_invite_sends_the_email(
    client, scene, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(scene.users["beheerder"])
    url = reverse("imo_participation_invite", kwargs={"slug": "de-kade", "pk": scene.karin.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "title": "Informatieavond",
                "held_on": (today() + datetime.timedelta(days=10)).isoformat(),
            },
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [scene.karin.email]
    participation = Participation.objects.get(candidate=scene.karin)
    response = client.post(
        reverse(
            "imo_participation_attended",
            kwargs={"slug": "de-kade", "pk": scene.karin.pk, "participation_pk": participation.pk},
        ),
        {"attended": "ja"},
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.attended is True


def test_candidate_detail_records_the_view_in_the_audit_trail(client, scene):
    from audit.models import AuditEvent

    get(client, scene.users["coach"], "imo_candidate", slug="de-kade", pk=scene.sven.pk)
    assert AuditEvent.objects.filter(
        object_type="candidate", object_id=str(scene.sven.pk), action="view"
    ).exists()


# --- vacancies and planning ---------------------------------------------------------------------


def test_announce_a_vacancy_only_for_own_units(client, scene):
    client.force_login(scene.users["beheerder"])
    url = reverse("imo_vacancies", kwargs={"slug": "de-kade"})
    foreign_unit = UnitFactory(section__community=scene.other_community)
    body = body_of(client.post(url, {"unit": foreign_unit.pk, "available_from": "2030-01-01"}))
    assert "geldige keuze" in body
    unit = UnitFactory(section=scene.units[0].section, number="A9")
    assert client.post(url, {"unit": unit.pk, "available_from": "2030-01-01"}).status_code == 302
    assert Vacancy.objects.filter(unit=unit, status=VacancyStatus.OPEN).exists()
    # Twice: the service's Dutch refusal.
    body = body_of(client.post(url, {"unit": unit.pk, "available_from": "2030-02-01"}))
    assert "staat al een vrijkomende woning open" in body


def test_schedule_and_plan_three_months(client, scene):
    client.force_login(scene.users["beheerder"])
    plan = reverse("imo_plan_ahead", kwargs={"slug": "de-kade"})
    response = client.post(plan)
    assert response.status_code == 302 and not MeetingSchedule.objects.exists()
    response = client.post(
        reverse("imo_schedule", kwargs={"slug": "de-kade"}),
        {
            "nth_weekday": "1",
            "weekday": "1",
            "starts_at": "14:00",
            "place": "Ontmoetingsruimte",
            "agenda_days_before": "7",
        },
    )
    assert response.status_code == 302
    before = IntakeMeeting.objects.filter(community=scene.community).count()
    client.post(plan)
    client.post(plan)  # idempotent
    assert IntakeMeeting.objects.filter(community=scene.community).count() == before + 3


def test_meeting_details_can_be_changed(client, scene):
    client.force_login(scene.users["beheerder"])
    response = client.post(
        reverse("imo_meeting_update", kwargs=meeting_kwargs(scene)),
        {
            "starts_at": "2030-05-07T15:30",
            "place": "De serre",
            "chair": scene.users["coach"].pk,
        },
    )
    assert response.status_code == 302
    scene.meeting.refresh_from_db()
    assert scene.meeting.place == "De serre" and scene.meeting.chair == scene.users["coach"]


# --- the corporation's decision ---------------------------------------------------------------


def advise(scene, candidate, kind=AdviceKind.POSITIVE, conditions=""):
    services.advice_record(
        meeting=scene.meeting,
        candidate=candidate,
        kind=kind,
        conditions=conditions,
        rationale="Past goed.",
        expected_version=None,
        by=scene.users["beheerder"],
    )


def test_decision_by_a_non_corporation_user_is_refused_in_dutch(client, scene):
    advise(scene, scene.sven)
    deputy = UserFactory(
        username="plaatsvervanger",
        organisation=OrganisationFactory(name="Adviesbureau Buiten"),
    )
    MembershipFactory(user=deputy, community=scene.community, role=Role.SOCIAAL_BEHEERDER)
    client.force_login(deputy)
    response = client.post(
        reverse("imo_decision", kwargs={"slug": "de-kade", "pk": scene.sven.pk}),
        {"kind": DecisionKind.ALLOCATED, "reason": "", "decided_on": today().isoformat()},
    )
    # The service's refusal is a 403 that says why (gemengdwonen.forms.run_service).
    assert response.status_code == 403
    assert "Alleen de corporatie neemt het besluit over toewijzing." in body_of(response, 403)
    assert not AllocationDecision.objects.exists()


def test_decision_pages_refused_to_other_roles(client, scene):
    for who in ("coach", "bewoner", "begeleider"):
        response = get(client, scene.users[who], "imo_decision", slug="de-kade", pk=scene.sven.pk)
        assert response.status_code == 403, who


def test_not_allocated_needs_a_reason(client, scene):
    advise(scene, scene.karin)
    client.force_login(scene.users["beheerder"])
    body = body_of(
        client.post(
            reverse("imo_decision", kwargs={"slug": "de-kade", "pk": scene.karin.pk}),
            {"kind": DecisionKind.NOT_ALLOCATED, "reason": " ", "decided_on": today().isoformat()},
        )
    )
    assert "Geef de reden van het besluit." in body


def test_declined_offer_reopens_the_vacancy(
    client, scene, mailoutbox, django_capture_on_commit_callbacks
):
    advise(scene, scene.sven)
    services.decision_record(
        candidate=scene.sven,
        kind=DecisionKind.ALLOCATED,
        reason="",
        decided_on=today(),
        by=scene.users["beheerder"],
    )
    client.force_login(scene.users["beheerder"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("imo_offer_declined", kwargs={"slug": "de-kade", "pk": scene.sven.pk}),
            {"afgewezen-on": today().isoformat()},
        )
    assert response.status_code == 302
    scene.vacancy.refresh_from_db()
    assert scene.vacancy.status == VacancyStatus.OPEN
    assert len(mailoutbox) == 1


def test_the_whole_chain_ends_in_a_move_in_that_changes_the_mix(
    client, scene, django_capture_on_commit_callbacks
):
    """Agenda → attendance → advice → decision → handover → move-in, all through the pages."""
    beheerder = scene.users["beheerder"]
    client.force_login(beheerder)
    meeting_url = reverse("imo_meeting", kwargs=meeting_kwargs(scene))
    before = community_selectors.community_mix(community=scene.community, on=today())
    assert (before.overall.supported, before.overall.unsupported) == (2, 4)

    attendee = scene.meeting.attendees.get(user=beheerder)
    client.post(
        reverse("imo_meeting_attendance", kwargs=meeting_kwargs(scene)),
        {f"attendee_{attendee.pk}": Attendance.PRESENT},
    )
    prefix = f"advice-{scene.sven.pk}"
    response = client.post(
        reverse(
            "imo_meeting_advice",
            kwargs={**meeting_kwargs(scene), "candidate_pk": scene.sven.pk},
        ),
        {
            f"{prefix}-kind": AdviceKind.POSITIVE,
            f"{prefix}-conditions": "Wekelijks contact met de begeleider\nKennismaken met buren",
            f"{prefix}-rationale": "Sterke motivatie.",
        },
    )
    assert response.status_code == 302 and response.url.startswith(meeting_url)

    decision_url = reverse("imo_decision", kwargs={"slug": "de-kade", "pk": scene.sven.pk})
    response = client.post(
        decision_url,
        {"kind": DecisionKind.ALLOCATED, "reason": "", "decided_on": today().isoformat()},
    )
    assert response.status_code == 302
    body = body_of(client.get(decision_url))
    assert "Overdracht aan de welkomstcommissie" in body

    response = client.post(
        reverse("imo_handover", kwargs={"slug": "de-kade", "pk": scene.sven.pk}),
        {
            "overdracht-on": today().isoformat(),
            "overdracht-welcome_contact": scene.users["bewoner"].pk,
            "overdracht-note": "Koffie bij de buren op zaterdag.",
        },
    )
    assert response.status_code == 302
    scene.sven.refresh_from_db()
    assert scene.sven.status == CandidateStatus.HANDED_OVER

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("imo_move_in", kwargs={"slug": "de-kade", "pk": scene.sven.pk}),
            {"intrek-on": today().isoformat()},
        )
    assert response.status_code == 302
    assert response.url == reverse("community_detail", kwargs={"slug": "de-kade"})
    body = body_of(client.get(response.url))
    assert "Sven Visser is ingetrokken" in body
    after = community_selectors.community_mix(community=scene.community, on=today())
    assert (after.overall.supported, after.overall.unsupported) == (3, 4)
    assert "42,9%" in body  # 3 of 7 on the community page
    scene.sven.refresh_from_db()
    assert scene.sven.status == CandidateStatus.MOVED_IN
    # The IMO's conditions became follow-up actions, plus two check-ins.
    assert FollowUpAction.objects.filter(candidate=scene.sven).count() == 4
    # Each step wrote its one audit event, by the services (tests/test_audit_matrix.py, CHAIN).
    events = AuditEvent.objects.filter(object_type="candidate", object_id=str(scene.sven.pk))
    assert [(e.action, e.detail, e.user) for e in events.order_by("pk")] == [
        ("change", "advies", beheerder),
        ("change", "besluit", beheerder),
        ("change", "overdracht", beheerder),
        ("change", "intrek", beheerder),
    ]


def test_move_in_before_handover_is_refused_in_dutch(client, scene):
    client.force_login(scene.users["beheerder"])
    body = body_of(
        client.post(
            reverse("imo_move_in", kwargs={"slug": "de-kade", "pk": scene.sven.pk}),
            {"intrek-on": today().isoformat()},
        )
    )
    assert "Alleen een overgedragen kandidaat kan intrekken." in body


# --- follow-ups -------------------------------------------------------------------------------


def test_follow_ups_listed_and_done_by_the_owner(client, scene):
    action = FollowUpActionFactory(
        candidate=scene.sven,
        owner=scene.users["coach"],
        due_on=today() - datetime.timedelta(days=3),
    )
    body = body_of(get(client, scene.users["coach"], "imo_follow_ups", slug="de-kade"))
    assert "te laat" in body and action.description in body
    url = reverse("imo_follow_up_done", kwargs={"slug": "de-kade", "pk": action.pk})
    # Another team member who does not own it and does not run the IMO: refused.
    client.force_login(scene.users["begeleider"])
    assert client.post(url, {"on": today().isoformat()}).status_code == 403
    client.force_login(scene.users["coach"])
    response = client.post(url, {"on": today().isoformat(), "note": "Gaat goed."})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_on == today() and action.note == "Gaat goed."
    assert get(client, scene.users["bewoner"], "imo_follow_ups", slug="de-kade").status_code == 403


# --- metrics ----------------------------------------------------------------------------------


def test_metrics_for_the_team_are_unmasked(client, scene):
    body = body_of(get(client, scene.users["coach"], "imo_metrics", slug="de-kade"))
    assert "Procesmonitor IMO" in body
    assert "&lt; 5" not in body
    assert "<svg" in body


# --- panels -----------------------------------------------------------------------------------


def render_tag(source, **context):
    """The IMO's panels as the core pages render them: through the registry's template tag."""
    return Template("{% load community_tags %}" + source).render(Context(context))


def _meeting_next_week(scene):
    IntakeMeeting.objects.filter(pk=scene.meeting.pk).update(
        starts_at=timezone.now() + datetime.timedelta(days=7)
    )


def test_imo_panel_for_members_and_for_aggregate_roles(scene):
    _meeting_next_week(scene)
    community = scene.community
    html = render_tag(
        '{% app_panels "community" user community %}',
        user=scene.users["beheerder"],
        community=community,
    )
    assert "Volgend IMO" in html and reverse("imo_meeting", kwargs=meeting_kwargs(scene)) in html
    assert "Wachtende kandidaten" in html
    html = render_tag(
        '{% app_panels "community" user community %}',
        user=scene.users["gemeente"],
        community=community,
    )
    assert "Procesmonitor IMO" in html and "Volgend IMO" not in html
    html = render_tag(
        '{% app_panels "community" user community %}',
        user=scene.users["buitenstaander"],
        community=community,
    )
    assert html.strip() == ""


def test_imo_home_shows_the_next_meeting_and_my_tasks_the_overdue_check_in(scene):
    _meeting_next_week(scene)
    FollowUpActionFactory(
        candidate=scene.sven,
        owner=scene.users["coach"],
        description="Check-in 14 dagen na intrek",
        due_on=today() - datetime.timedelta(days=1),
    )
    html = render_tag('{% app_panels "home" user %}', user=scene.users["coach"])
    assert "Uw volgende IMO" in html
    # The check-in that is due is in "Mijn taken" (issue 15), not again in the IMO block.
    assert "Check-in 14 dagen na intrek" not in html
    tasks = my_tasks(user=scene.users["coach"], today=today())
    assert [(t.kind, t.late) for t in tasks if "Check-in 14 dagen" in t.title] == [
        ("Check-in", True)
    ]
    # The gemeente gets no IMO block (other apps' blocks, such as funding, may be there).
    gemeente = render_tag('{% app_panels "home" user %}', user=scene.users["gemeente"])
    assert 'id="imo-start-kop"' not in gemeente and "Check-in" not in gemeente


def test_editing_without_consent_keeps_care_hidden_and_clears_it_when_unsupported(client, scene):
    scene.sven.consent_given_on = None
    scene.sven.source = CandidateSource.WAITING_LIST
    scene.sven.save()
    client.force_login(scene.users["beheerder"])
    url = reverse("imo_candidate_update", kwargs={"slug": "de-kade", "pk": scene.sven.pk})
    body = body_of(client.get(url))
    assert CARE_SECRET not in body and 'name="fallback_place"' not in body
    response = client.post(
        url, candidate_post(first_name="Sven", last_name="Visser", vacancy=scene.vacancy.pk)
    )
    assert response.status_code == 302
    scene.sven.refresh_from_db()
    assert not scene.sven.supported
    assert scene.sven.care_organisation is None and scene.sven.fallback_place == ""


# --- autosave (htmx) ----------------------------------------------------------------------------

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_autosaved_note_answers_with_the_time_and_the_new_version(client, scene):
    client.force_login(scene.users["beheerder"])
    url = reverse("imo_meeting_note", kwargs={**meeting_kwargs(scene), "point": 1})
    first = client.post(url, {"note-1-text": "Eerste", "note-1-expected_version": ""}, **HTMX)
    body = body_of(first)
    assert "opgeslagen om" in body and 'hx-swap-oob="true"' in body
    assert 'name="note-1-expected_version" value="1"' in body
    second = client.post(url, {"note-1-text": "Tweede", "note-1-expected_version": "1"}, **HTMX)
    assert 'value="2"' in body_of(second)
    assert AgendaNote.objects.get(meeting=scene.meeting, point=1).text == "Tweede"


def test_autosaved_note_conflict_comes_back_in_place_with_both_texts(client, scene):
    services.note_save(
        meeting=scene.meeting, point=2, text="Van de coach", expected_version=None, by=TEST_ACTOR
    )
    client.force_login(scene.users["beheerder"])
    url = reverse("imo_meeting_note", kwargs={**meeting_kwargs(scene), "point": 2})
    response = client.post(
        url, {"note-2-text": "Mijn tekst", "note-2-expected_version": ""}, **HTMX
    )
    body = body_of(response)
    assert response["HX-Reswap"] == "outerHTML"
    assert "Van de coach" in body and "Mijn tekst" in body
    assert AgendaNote.objects.get(meeting=scene.meeting, point=2).text == "Van de coach"


def test_autosaved_advice_without_its_kind_is_not_saved_and_says_why(client, scene):
    client.force_login(scene.users["beheerder"])
    url = reverse(
        "imo_meeting_advice", kwargs={**meeting_kwargs(scene), "candidate_pk": scene.sven.pk}
    )
    prefix = f"advice-{scene.sven.pk}"
    response = client.post(url, {f"{prefix}-rationale": "Nog even denken"}, **HTMX)
    body = body_of(response)
    assert response["X-Not-Saved"] == "1" and "Niet opgeslagen: Advies" in body
    assert not Advice.objects.filter(candidate=scene.sven).exists()
    response = client.post(
        url, {f"{prefix}-kind": "positief", f"{prefix}-rationale": "Goed"}, **HTMX
    )
    assert "opgeslagen om" in body_of(response)
    assert Advice.objects.get(candidate=scene.sven).rationale == "Goed"


def test_autosave_is_refused_to_who_may_not_run_the_imo(client, scene):
    client.force_login(scene.users["coach"])
    url = reverse("imo_meeting_note", kwargs={**meeting_kwargs(scene), "point": 1})
    response = client.post(url, {"note-1-text": "x", "note-1-expected_version": ""}, **HTMX)
    assert response.status_code in (403, 404)
    assert not AgendaNote.objects.filter(meeting=scene.meeting).exists()
