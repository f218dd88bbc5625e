"""A community's governance documents: the signed akkoord (PDF only, size-limited, private,
members only, download audited), the five default action lines, the work plan, the monthly
report drafted without names and sent once, the readiness checklist, the woonvereniging advice
and the welcome committee's list of handovers."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.constants import Action
from audit.models import AuditEvent
from gemengdwonen import handovers
from governance import documents, selectors
from governance.constants import AGREEMENT_MAX_BYTES, DEFAULT_ACTION_LINES, BodyLevel, MemberRole
from governance.models import Agreement, GovernanceEscalationStep, MonthlyReport
from governance.monthly_report import report_draft
from tests.factories import ActivityFactory, SignalFactory
from tests.factories_governance import (
    SYSTEM,
    BodyMemberFactory,
    GovernanceBodyFactory,
    kerngroep_with,
)

PDF = b"%PDF-1.7\n% test\n"


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def kern(world):
    return kerngroep_with(
        world.community, secretary=world.users["coach"], members=[world.users["begeleider"]]
    )


def test_akkoord_starts_with_the_five_action_lines(world):
    agreement = documents.agreement_ensure(community=world.community)
    assert [line.title for line in agreement.action_lines.all()] == list(DEFAULT_ACTION_LINES)
    assert documents.agreement_ensure(community=world.community).action_lines.count() == 5


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("akkoord.pdf", b"MZ\x90\x00 not a pdf", "Alleen een PDF-bestand"),
        ("akkoord.docx", b"PK\x03\x04", "Alleen een PDF-bestand"),
        ("groot.pdf", PDF + b"0" * AGREEMENT_MAX_BYTES, "te groot"),
    ],
)
def test_the_signed_akkoord_must_be_a_small_pdf(
    client, world, kern, private_root, name, content, message
):
    client.force_login(world.users["coach"])
    response = client.post(
        reverse("governance_agreement_edit", args=["de-kade"]),
        {"signed_on": "2025-01-10", "document": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200 and message in response.content.decode()
    agreement = Agreement.objects.get(community=world.community)
    assert agreement.document == "" and agreement.signed_on is None  # nothing changed


def test_the_signed_akkoord_is_stored_privately_and_served_to_members_only(
    client, world, kern, private_root
):
    client.force_login(world.users["coach"])
    response = client.post(
        reverse("governance_agreement_edit", args=["de-kade"]),
        {"signed_on": "2025-01-10", "document": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(community=world.community)
    assert agreement.document.startswith("governance/akkoord/")
    assert (private_root / agreement.document).read_bytes() == PDF
    client.force_login(world.users["begeleider"])
    response = client.get(reverse("governance_agreement_document", args=["de-kade"]))
    assert b"".join(response.streaming_content) == PDF
    assert AuditEvent.objects.filter(
        user=world.users["begeleider"], action=Action.DOWNLOAD, object_type="agreement"
    ).exists()
    client.force_login(world.users["locatie"])  # a member of the community, not of a body
    assert client.get(reverse("governance_agreement_document", args=["de-kade"])).status_code == 403


def test_escalation_route_is_kept_apart_and_validated(world, kern):
    with pytest.raises(ValidationError):
        documents.escalation_step_add(
            community=world.community, from_level="kerngroep", to_level="kerngroep",
            when="x", who_calls="y", actor=SYSTEM,
        )  # fmt: skip
    documents.escalation_step_add(
        community=world.community, from_level="communityteam", to_level="kerngroep",
        when="Team komt er niet uit", who_calls="Coach belt voorzitter", actor=SYSTEM,
    )  # fmt: skip
    assert GovernanceEscalationStep.objects.filter(community=world.community).count() == 1


def test_monthly_report_is_drafted_without_names_and_sent_once(
    client, world, kern, django_capture_on_commit_callbacks
):
    community = world.community
    ActivityFactory(
        community=community, starts_at=datetime.datetime(2026, 1, 14, 15, tzinfo=datetime.UTC)
    )
    signal = SignalFactory(
        community=community, reported_on=datetime.date(2026, 1, 10), kind="eenzaamheid"
    )
    signal.residents.add(world.residents["anna"])
    text = report_draft(community=community, month=datetime.date(2026, 1, 1))
    assert "Eenzaamheid: 1" in text and "januari 2026" in text
    for resident in world.residents.values():
        assert resident.last_name not in text and resident.first_name not in text

    team = GovernanceBodyFactory(level=BodyLevel.COMMUNITYTEAM, communities=[community])
    BodyMemberFactory(body=team, user=world.users["beheerder"], name="", role=MemberRole.SECRETARY)
    BodyMemberFactory(body=kern, email="extern@example.org")
    client.force_login(world.users["beheerder"])
    url = reverse("governance_report", args=["de-kade", 2026, 1])
    assert "Eenzaamheid: 1" in client.get(url).content.decode()
    client.post(url, {"text": "Aangepast verslag"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("governance_report_send", args=["de-kade", 2026, 1]))
    report = MonthlyReport.objects.get(community=community)
    assert report.text == "Aangepast verslag" and report.sent_at is not None
    kerngroep = {world.users["coach"].email, world.users["begeleider"].email, "extern@example.org"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(kerngroep)
    assert world.users["beheerder"].email not in kerngroep  # the team writes, the kerngroep reads
    with pytest.raises(ValidationError, match="al verstuurd"):
        documents.report_send(report=report, actor=SYSTEM)
    with pytest.raises(ValidationError):
        documents.report_save(report=report, text="Later", actor=SYSTEM)
    # The coach (kerngroep) reads it; the begeleider (kerngroep member) too; locatie not.
    client.force_login(world.users["locatie"])
    assert client.get(url).status_code == 403


def test_readiness_checklist_has_the_five_conditions_and_asks_evidence(world, kern):
    items = documents.readiness_ensure(community=world.community)
    assert len(items) == 5 and items[0].title == "Ontmoetingsruimte(s) beschikbaar"
    with pytest.raises(ValidationError, match="waaruit blijkt"):
        documents.readiness_item_update(item=items[0], owner="Corporatie", due_on=None, evidence="",
                                        done=True, actor=SYSTEM)  # fmt: skip
    items[0].refresh_from_db()
    assert not items[0].done


def test_woonvereniging_advice_from_forty_residents(world, monkeypatch):
    from communities import selectors as community_selectors

    monkeypatch.setattr(community_selectors, "residents_count_on", lambda **kw: 40)
    today = datetime.date(2026, 3, 1)
    assert selectors.association_advice(community=world.community, on=today)
    documents.association_save(
        community=world.community, kind="klankbordgroep", name="KBG", money_held_by="Corporatie",
        actor=SYSTEM,
    )  # fmt: skip
    assert not selectors.association_advice(community=world.community, on=today)
    monkeypatch.setattr(community_selectors, "residents_count_on", lambda **kw: 39)
    assert not selectors.association_advice(community=world.other_community, on=today)


def test_a_klankbordgroep_needs_someone_holding_the_money(world):
    with pytest.raises(ValidationError):
        documents.association_save(
            community=world.community,
            kind="klankbordgroep",
            name="",
            money_held_by="",
            actor=SYSTEM,
        )


def test_a_woonvereniging_gets_an_alv_recorded_like_a_meeting_body(world):
    association = documents.association_save(
        community=world.community, kind="woonvereniging", name="WV De Kade", money_held_by="",
        actor=world.users["bewoner"],
    )  # fmt: skip
    alv = association.general_meeting
    assert alv.level == BodyLevel.ALV and alv.members.get().user == world.users["bewoner"]


def test_welcome_list_shows_name_unit_and_date_only(client, world, monkeypatch):
    source = lambda community, since: [  # noqa: E731
        handovers.WelcomeHandover("Sven Visser", "A-12", datetime.date(2026, 2, 1))
    ]
    monkeypatch.setattr(handovers, "_SOURCES", [source])
    team = GovernanceBodyFactory(level=BodyLevel.COMMUNITYTEAM, communities=[world.community])
    BodyMemberFactory(body=team, user=world.users["coach"], name="")
    client.force_login(world.users["coach"])
    page = client.get(reverse("governance_welcome", args=["de-kade"])).content.decode()
    assert "Sven Visser · A-12 · 01-02-2026" in page
    client.force_login(world.users["begeleider"])
    assert client.get(reverse("governance_welcome", args=["de-kade"])).status_code == 403


def test_imo_handovers_reach_the_registry(world):
    from tests.factories import CandidateFactory, HandoverFactory, VacancyFactory

    vacancy = VacancyFactory(community=world.community, unit=world.units[4])
    candidate = CandidateFactory(community=world.community, vacancy=vacancy, first_name="Sven",
                                 last_name="Visser")  # fmt: skip
    HandoverFactory(candidate=candidate, handed_over_on=datetime.date(2026, 2, 1))
    rows = handovers.handovers_for(world.community, since=datetime.date(2026, 1, 1))
    assert [(r.name, r.moving_date) for r in rows] == [("Sven Visser", vacancy.available_from)]
    assert set(vars(rows[0])) == {"name", "unit", "moving_date"}
