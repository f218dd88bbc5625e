"""Data-subject requests: search, the person page, the JSON and PDF export (with their audit
events), erasure on request, and who may reach the pages."""

import datetime
import json
import shutil
import subprocess

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.constants import Action
from audit.models import AuditEvent
from communities import services
from communities.constants import MoveOutReason, SignalOutcome
from communities.models import Contact, OtherContribution, Resident, Signal
from communities.selectors import community_mix
from imo.constants import CandidateStatus
from privacy import selectors
from privacy.constants import ANONYMISED_NAME, ExportStatus
from privacy.models import SubjectExport
from tests.factories import (
    ActivityFactory,
    AdviceFactory,
    AllocationDecisionFactory,
    ContactFactory,
    IntakeMeetingFactory,
    OtherContributionFactory,
    ParticipationFactory,
    SignalFactory,
    SignalStepFactory,
    SupportedCandidateFactory,
    TalentFactory,
    UserFactory,
)

D = datetime.date
PDFTOTEXT = shutil.which("pdftotext")
HOSTILE = "<script>alert('x')</script>"


@pytest.fixture
def staff(db):
    return UserFactory(username="functioneelbeheer", is_staff=True, is_superuser=True)


@pytest.fixture
def officer(db):
    """A privacy officer: the group's permission, no staff flag, no community."""
    from tests.conftest import privacy_officer

    return privacy_officer()


REASON = {"reason": "inzage"}


@pytest.fixture
def private_root(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def held(world):
    """Anna with something of every kind, and Bram in the same activity and signal."""
    anna, bram = world.residents["anna"], world.residents["bram"]
    anna.email = "anna@example.org"
    anna.phone = "06-12345678"
    anna.save()
    ContactFactory(resident=anna, contacted_on=D(2025, 3, 5), note="Anna wil meedoen")
    ContactFactory(resident=bram, contacted_on=D(2025, 3, 5), note="Bram is ziek")
    TalentFactory(resident=anna, note="Kan goed koken")
    OtherContributionFactory(resident=anna, description="Helpt buurman Bram")
    OtherContributionFactory(resident=bram, description="Bram maakt de tuin")
    ActivityFactory(
        community=world.community,
        title="Samen eten",
        starts_at=timezone.make_aware(datetime.datetime(2025, 3, 5, 18)),
        participants=[anna, bram],
    )
    signal = SignalFactory(
        community=world.community,
        residents=[anna, bram],
        unit=world.units[0],
        description="Ruzie over de afwas",
        reported_by="Buurvrouw",
    )
    SignalStepFactory(signal=signal, description="Gesprek met beiden")
    SignalFactory(community=world.community, residents=[bram], description="Alleen Bram: schulden")
    intake = SupportedCandidateFactory(
        community=world.community,
        first_name="Anna",
        last_name="Jansen",
        status=CandidateStatus.MOVED_IN,
        resident=anna,
        motivation="Ik wil graag helpen",
    )
    ParticipationFactory(candidate=intake, title="Informatieavond")
    AdviceFactory(
        meeting=IntakeMeetingFactory(community=world.community),
        candidate=intake,
        rationale="Past goed",
    )
    AllocationDecisionFactory(candidate=intake, reason="Passend")
    return world


def login(client, user):
    client.force_login(user)
    return client


def person_url(resident, kind="bewoner"):
    return reverse("privacy_person", kwargs={"kind": kind, "pk": resident.pk})


# --- access ------------------------------------------------------------------------------------


def _urls(world):
    anna = world.residents["anna"]
    export = SubjectExport.objects.create(subject_type="bewoner", subject_id=anna.pk)
    kwargs = {"kind": "bewoner", "pk": anna.pk}
    return {
        "search": reverse("privacy_search"),
        "person": reverse("privacy_person", kwargs=kwargs),
        "json": reverse("privacy_export_json", kwargs=kwargs),
        "erase": reverse("privacy_erase", kwargs=kwargs),
        "pdf": reverse("privacy_export_pdf", kwargs=kwargs),
        "download": reverse("privacy_export_download", kwargs={"pk": export.pk}),
    }


@pytest.mark.parametrize("who", ["coach", "beheerder", "gemeente", "buitenstaander"])
def test_roles_in_a_community_get_403_everywhere(client, world, who):
    login(client, world.users[who])
    for name, url in _urls(world).items():
        assert client.get(url).status_code == 403, name
        assert client.post(url).status_code == 403, name
    assert world.residents["anna"].first_name == "Anna"
    # Only the refusals are in the trail (issue 9), nothing read or changed.
    assert set(AuditEvent.objects.values_list("action", "username")) == {("deny", who)}


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    for name, url in _urls(world).items():
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, name
            assert response.url.startswith(reverse("login")), name


def test_a_staff_account_without_the_permission_gets_403_everywhere(client, world):
    """Issue 9, item 9: the staff flag used to open every subject export of any resident."""
    login(client, UserFactory(username="staf", is_staff=True))
    for name, url in _urls(world).items():
        assert client.get(url).status_code == 403, name
        assert client.post(url, REASON).status_code == 403, name
    # Only the refusals themselves are recorded (issue 9 item 7): nothing was read or exported.
    assert not AuditEvent.objects.exclude(action=Action.DENY).exists()


@pytest.mark.parametrize("who", ["officer", "staff"])
def test_the_privacy_officer_reaches_every_page(client, world, officer, staff, private_root, who):
    login(client, officer if who == "officer" else staff)  # a superuser has every permission
    urls = _urls(world)
    for name in ("search", "person", "erase"):
        assert client.get(urls[name]).status_code == 200, name
    assert client.post(urls["json"], REASON).status_code == 200
    assert client.get(urls["json"]).status_code == 405  # POST only: it carries the reason
    assert client.get(urls["pdf"]).status_code == 405  # POST only
    assert client.get(urls["download"]).status_code == 404  # not finished yet
    assert (
        client.get(reverse("privacy_person", kwargs={"kind": "iets", "pk": 1})).status_code == 404
    )
    missing = reverse("privacy_person", kwargs={"kind": "bewoner", "pk": 999999})
    assert client.get(missing).status_code == 404


def test_every_post_needs_a_csrf_token(world, staff, private_root):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    urls = _urls(world)
    for name in ("pdf", "erase"):
        response = client.post(urls[name], {"reason": "verzoek", "confirm": "on"})
        assert response.status_code == 403, name
    world.residents["anna"].refresh_from_db()
    assert world.residents["anna"].first_name == "Anna"
    assert SubjectExport.objects.count() == 1  # only the one _urls made
    # With the token from the page, the same POST goes through.
    page = client.get(urls["erase"])
    token = page.context["csrf_token"]
    response = client.post(
        urls["erase"], {"reason": "verzoek", "confirm": "on", "csrfmiddlewaretoken": str(token)}
    )
    assert response.status_code == 302


# --- search and the person page ---------------------------------------------------------------


def test_search_finds_residents_and_candidates_by_name_and_email(client, held, staff):
    login(client, staff)
    response = client.get(reverse("privacy_search"), {"q": "anna jansen"})
    result = response.context["result"]
    assert result.residents == [held.residents["anna"]]
    assert [c.last_name for c in result.candidates] == ["Jansen"]
    response = client.get(reverse("privacy_search"), {"q": "anna@example"})
    assert response.context["result"].residents == [held.residents["anna"]]
    response = client.get(reverse("privacy_search"), {"q": "a"})
    assert response.context["result"] is None
    assert "Vul minstens twee tekens in." in response.content.decode()


def test_the_person_page_lists_what_is_held_and_is_audited(client, held, staff):
    anna = held.residents["anna"]
    login(client, staff)
    response = client.get(person_url(anna))
    body = response.content.decode()
    for text in (
        "Anna Jansen",
        "anna@example.org",
        "Contactmomenten (1)",
        "Signalen (1)",
        "Activiteiten (1)",
        "Begeleiding (1)",
        "Advies van het IMO (1)",
    ):
        assert text in body, text
    assert "Bram is ziek" not in body and "Alleen Bram" not in body
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.object_id) == ("view", "resident", str(anna.pk))


# --- JSON export -------------------------------------------------------------------------------


def test_the_json_export_has_the_related_rows_and_nothing_of_another_person(client, held, staff):
    anna = held.residents["anna"]
    login(client, staff)
    url = reverse("privacy_export_json", kwargs={"kind": "bewoner", "pk": anna.pk})
    response = client.post(url, {"reason": "overdracht"})
    assert (
        response["Content-Disposition"] == f'attachment; filename="inzage-bewoner-{anna.pk}.json"'
    )
    data = json.loads(response.content)
    assert data["subject_type"] == "bewoner" and data["subject_id"] == anna.pk
    assert data["person"]["first_name"] == "Anna" and data["person"]["email"] == "anna@example.org"
    assert data["person"]["community"] == "De Kade"
    assert [s["unit"] for s in data["stays"]] == [held.units[0].number]
    assert data["stays"][0]["start_date"] == "2024-01-01"
    assert [(p["care_organisation"], p["hours_per_week"]) for p in data["support_periods"]] == [
        ("Zorggroep Horizon", "7.0")
    ]
    assert [c["note"] for c in data["contacts"]] == ["Anna wil meedoen"]
    assert [t["note"] for t in data["talents"]] == ["Kan goed koken"]
    assert [c["description"] for c in data["other_contributions"]] == ["Helpt buurman Bram"]
    assert [a["title"] for a in data["activities"]] == ["Samen eten"]
    assert data["activities"][0]["took_part"] is True
    assert [s["description"] for s in data["signals"]] == ["Ruzie over de afwas"]
    assert data["signals"][0]["steps"][0]["description"] == "Gesprek met beiden"
    assert [c["motivation"] for c in data["candidacies"]] == ["Ik wil graag helpen"]
    assert [p["title"] for p in data["participations"]] == ["Informatieavond"]
    assert [a["rationale"] for a in data["advices"]] == ["Past goed"]
    assert [d["reason"] for d in data["decisions"]] == ["Passend"]
    text = response.content.decode()
    # Bram takes part in the same activity and signal: none of his data is in Anna's export
    # (only Anna's own note mentions him by first name).
    for foreign in ("Bram is ziek", "Bram maakt de tuin", "Alleen Bram", "de Vries", "Xander"):
        assert foreign not in text, foreign
    event = AuditEvent.objects.get()
    assert (event.action, event.object_id, event.detail) == (
        "export",
        str(anna.pk),
        "inzageverzoek: JSON; reden: overdracht",
    )


@pytest.mark.parametrize("name", ["privacy_export_json", "privacy_export_pdf"])
@pytest.mark.parametrize("reason", ["", "zomaar"])
def test_an_export_without_a_reason_is_refused(client, held, officer, name, reason):
    anna = held.residents["anna"]
    login(client, officer)
    response = client.post(
        reverse(name, kwargs={"kind": "bewoner", "pk": anna.pk}), {"reason": reason}
    )
    assert response.status_code == 400
    assert "attachment" not in response.get("Content-Disposition", "")
    assert ("Kies de reden van het verzoek" in response.content.decode()) is (reason == "")
    assert not AuditEvent.objects.filter(action="export").exists()
    assert not SubjectExport.objects.exists()


def test_a_candidate_export(client, held, staff):
    candidate = SupportedCandidateFactory(
        community=held.community,
        first_name="Karel",
        last_name="Kandidaat",
        status=CandidateStatus.NOT_ALLOCATED,
    )
    login(client, staff)
    url = reverse("privacy_export_json", kwargs={"kind": "kandidaat", "pk": candidate.pk})
    data = json.loads(client.post(url, REASON).content)
    assert data["person"]["last_name"] == "Kandidaat"
    assert data["person"]["status"] == "Niet toegewezen"
    assert data["person"]["consent_scope"]
    assert data["advices"] == [] and "stays" not in data
    assert "Anna" not in json.dumps(data)


# --- PDF export --------------------------------------------------------------------------------


def pdf_text(document: bytes) -> str:
    result = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=document, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def test_the_pdf_is_made_by_a_task_stored_privately_and_downloaded_with_audit(
    client, held, staff, private_root, django_capture_on_commit_callbacks
):
    anna = held.residents["anna"]
    login(client, staff)
    url = reverse("privacy_export_pdf", kwargs={"kind": "bewoner", "pk": anna.pk})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url, {"reason": "vertegenwoordiger"})
    assert response.status_code == 302 and response.url == person_url(anna)
    assert len(callbacks) == 1
    export = SubjectExport.objects.get()
    assert export.status == ExportStatus.DONE and export.finished_at
    assert export.file == f"privacy/inzage-bewoner-{anna.pk}-{export.pk}.pdf"
    assert (private_root / export.file).read_bytes().startswith(b"%PDF")

    page = client.get(person_url(anna)).content.decode()
    download_url = reverse("privacy_export_download", kwargs={"pk": export.pk})
    assert download_url in page and "Klaar" in page
    response = client.get(download_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"inzage-bewoner-{anna.pk}.pdf" in response["Content-Disposition"]
    document = b"".join(response.streaming_content)
    if PDFTOTEXT:
        text = pdf_text(document)
        assert "Anna Jansen" in text and "Ruzie over de afwas" in text
        assert "Bram is ziek" not in text
    actions = list(
        AuditEvent.objects.filter(object_id=str(anna.pk))
        .order_by("id")
        .values_list("action", "detail")
    )
    assert ("export", "inzageverzoek: PDF aangevraagd; reden: vertegenwoordiger") in actions
    assert actions[-1] == ("download", "inzageverzoek: PDF; reden: vertegenwoordiger")
    assert "Verzoek van een wettelijk vertegenwoordiger" in page


def test_the_pdf_escapes_names_and_free_text(held, staff, private_root):
    anna = held.residents["anna"]
    anna.last_name = HOSTILE
    anna.save()
    Contact.objects.filter(resident=anna).update(note="<b>vet</b> & <img src=x>")
    data = selectors.subject_data(subject=anna, fetched_by=staff)
    html = render_to_string("privacy/subject_export_pdf.html", {"data": data, "title": "Inzage"})
    assert HOSTILE not in html and "<b>vet</b>" not in html and "<img src=x>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;b&gt;vet&lt;/b&gt; &amp; &lt;img src=x&gt;" in html

    from privacy.services import subject_export_render, subject_export_request

    export = subject_export_request(subject=anna, user=staff, reason="inzage")
    export = subject_export_render(export_id=export.pk)
    assert export.status == ExportStatus.DONE
    # Run twice: the finished export is left alone.
    assert subject_export_render(export_id=export.pk) is None
    if PDFTOTEXT:
        text = pdf_text((private_root / export.file).read_bytes())
        assert f"Anna {HOSTILE}" in text
        assert "<b>vet</b> & <img src=x>" in text


def test_a_pdf_for_someone_without_staff_rights_fails_instead_of_rendering(held, private_root):
    from privacy.services import subject_export_render

    export = SubjectExport.objects.create(
        subject_type="bewoner",
        subject_id=held.residents["anna"].pk,
        requested_by=held.users["coach"],
    )
    assert subject_export_render(export_id=export.pk) is None
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and export.file == ""


# --- erasure ------------------------------------------------------------------------------------


def test_erasure_needs_a_reason_and_a_confirmation(client, held, staff):
    anna = held.residents["anna"]
    login(client, staff)
    url = reverse("privacy_erase", kwargs={"kind": "bewoner", "pk": anna.pk})
    page = client.get(url).content.decode()
    assert "woont nog op de locatie" in page
    assert "open signaal" in page
    response = client.post(url, {"reason": "", "confirm": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kies de reden van het wissen." in body
    assert "Bevestig dat u de gegevens wilt wissen." in body
    response = client.post(url, {"reason": "zomaar", "confirm": "on"})
    assert response.status_code == 200
    anna.refresh_from_db()
    assert anna.first_name == "Anna"
    assert not AuditEvent.objects.filter(action__in=["erase", "anonymise"]).exists()


def test_erasure_anonymises_at_once_keeps_the_counts_and_records_the_reason(
    client, held, staff, private_root, django_capture_on_commit_callbacks
):
    anna = held.residents["anna"]
    closed = SignalFactory(
        community=held.community,
        residents=[anna],
        description="Anna: oud signaal",
        closed_on=D(2025, 4, 1),
        reported_on=D(2025, 3, 1),
        outcome=SignalOutcome.EVICTION_PREVENTED,
    )
    services.resident_move_out(resident=anna, on=D(2025, 6, 1), reason=MoveOutReason.ELSEWHERE)
    login(client, staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("privacy_export_pdf", kwargs={"kind": "bewoner", "pk": anna.pk}), REASON
        )
    export = SubjectExport.objects.get()
    assert (private_root / export.file).exists()
    mix_before = community_mix(community=held.community, on=D(2025, 3, 31))
    counts_before = (
        anna.stays.count(),
        anna.support_periods.count(),
        anna.activities.count(),
        OtherContribution.objects.filter(resident=anna).count(),
        anna.contacts.count(),
        Signal.objects.filter(community=held.community, outcome="uitzetting_voorkomen").count(),
    )
    last_event = AuditEvent.objects.order_by("-id").first().id

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("privacy_erase", kwargs={"kind": "bewoner", "pk": anna.pk}),
            {"reason": "verzoek", "confirm": "on"},
        )
    assert response.status_code == 302 and response.url == person_url(anna)

    anna.refresh_from_db()
    assert (anna.first_name, anna.last_name, anna.email, anna.phone) == (
        ANONYMISED_NAME,
        ANONYMISED_NAME,
        "",
        "",
    )
    assert not anna.talents.exists()
    assert set(anna.contacts.values_list("note", flat=True)) == {""}
    intake = anna.intake_candidate
    assert intake.first_name == ANONYMISED_NAME and intake.motivation == ""
    closed.refresh_from_db()
    assert closed.description == "" and not closed.residents.exists()
    # The open signal involving Anna stays (help under way) - without her name on the page.
    assert Signal.objects.filter(residents=anna, closed_on__isnull=True).count() == 1
    assert community_mix(community=held.community, on=D(2025, 3, 31)) == mix_before
    counts_after = (
        anna.stays.count(),
        anna.support_periods.count(),
        anna.activities.count(),
        OtherContribution.objects.filter(resident=anna).count(),
        anna.contacts.count(),
        Signal.objects.filter(community=held.community, outcome="uitzetting_voorkomen").count(),
    )
    assert counts_after == counts_before
    # The PDF is gone, file and row.
    assert not SubjectExport.objects.exists()
    assert not (private_root / export.file).exists()

    new = AuditEvent.objects.filter(id__gt=last_event)
    erase = new.get(action="erase")
    assert (erase.object_type, erase.object_id, erase.detail) == (
        "resident",
        str(anna.pk),
        "reden: verzoek",
    )
    assert erase.user == staff and erase.path.startswith("/privacy/")
    anonymised = set(new.filter(action="anonymise").values_list("object_type", "object_id"))
    assert anonymised == {
        ("resident", str(anna.pk)),
        ("candidate", str(intake.pk)),
        ("signal", str(closed.pk)),
    }
    assert new.filter(action="delete", object_type="subject_export").count() == 1
    for event in new:
        assert "Anna" not in event.detail and "Jansen" not in event.detail
    # The person page now says so; another erasure finds nothing more to anonymise.
    assert "Geanonimiseerd" in client.get(person_url(anna)).content.decode()
    client.post(
        reverse("privacy_erase", kwargs={"kind": "bewoner", "pk": anna.pk}),
        {"reason": "verzoek", "confirm": "on"},
    )
    assert AuditEvent.objects.filter(action="anonymise").count() == 3


def test_erasing_a_candidate(client, held, staff):
    candidate = SupportedCandidateFactory(
        community=held.community, first_name="Karel", last_name="Kandidaat"
    )
    login(client, staff)
    client.post(
        reverse("privacy_erase", kwargs={"kind": "kandidaat", "pk": candidate.pk}),
        {"reason": "bezwaar", "confirm": "on"},
    )
    candidate.refresh_from_db()
    assert candidate.first_name == ANONYMISED_NAME and candidate.care_organisation is None
    assert candidate.consent_given_on is not None and candidate.consent_scope == ""
    erase = AuditEvent.objects.get(action="erase")
    assert (erase.object_type, erase.detail) == ("candidate", "reden: bezwaar")
    # Another person with the same care organisation is untouched.
    held.residents["bram"].refresh_from_db()
    assert held.residents["bram"].first_name == "Bram"


def test_a_retention_run_after_an_erasure_has_nothing_left_for_that_person(held, staff):
    from privacy.services import retention_run, subject_erase

    anna = held.residents["anna"]
    services.resident_move_out(resident=anna, on=D(2025, 6, 1), reason=MoveOutReason.ELSEWHERE)
    subject_erase(subject=anna, reason="verzoek", user=staff)
    result = retention_run(today=D(2028, 1, 1))
    assert anna.pk not in result.residents
    assert Resident.objects.filter(first_name=ANONYMISED_NAME).count() == 1
