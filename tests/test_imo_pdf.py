"""The IMO agenda as PDF: what each copy holds (the residents' copy has no care details at all),
escaping, and the download / regenerate / status views with their access rules."""

import datetime
import re
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from communities.constants import Role
from imo import services, services_agenda
from imo.constants import AGENDA_POINTS, AgendaStatus, Severity
from imo.models import AgendaCopy
from imo.pdf import agenda_context, agenda_pdf
from imo.views.pdf import _back_url
from tests.factories import (
    TEST_ACTOR,
    CandidateFactory,
    CareOrganisationFactory,
    CommunityFactory,
    MembershipFactory,
    SupportedCandidateFactory,
    UserFactory,
)
from tests.test_imo_services import build_world, plan_march_meeting

D = datetime.date
PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(not PDFTOTEXT, reason="poppler-utils not installed")

SVEN_FALLBACK = "Terugvalplek Esdoornlaan bij Zorggroep Horizon"
SVEN_CONDITIONS = "Huur met begeleidingsvoorwaarde twee jaar"
PIET_FALLBACK = "Trainingswoning Zonnehof zonder toestemming"
HOSTILE = '<b>Vet</b> & <img src="file:///etc/passwd"> "aanhalingstekens"'


def pdf_text(document: bytes) -> str:
    result = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=document, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def scene(db):
    """De Kade's March IMO with three candidates: Karin (waiting list, a motivation with HTML),
    Sven (supported, consent given, care details) and Piet (supported, no consent)."""
    world = build_world()
    meeting = plan_march_meeting(world)
    vacancy = services.vacancy_announce(
        unit=world.units_a[6], available_from=D(2025, 3, 15), by=TEST_ACTOR
    )
    karin = CandidateFactory(
        community=world.community,
        first_name="Karin",
        last_name="Smit",
        vacancy=vacancy,
        motivation=HOSTILE,
    )
    sven = SupportedCandidateFactory(
        community=world.community,
        first_name="Sven",
        last_name="Visser",
        vacancy=vacancy,
        proposed_by=world.care,
        care_organisation=world.care,
        problem_severity=Severity.SEVERE,
        fallback_place=SVEN_FALLBACK,
        special_tenancy_conditions=SVEN_CONDITIONS,
    )
    piet = SupportedCandidateFactory(
        community=world.community,
        first_name="Piet",
        last_name="Pronk",
        vacancy=vacancy,
        fallback_place=PIET_FALLBACK,
        consent_given_on=None,
        consent_scope="",
    )
    for candidate in (karin, sven, piet):
        services.candidate_put_on_agenda(meeting=meeting, candidate=candidate)
    world.meeting = meeting
    world.candidates = {"karin": karin, "sven": sven, "piet": piet}
    return world


# --- the document -------------------------------------------------------------------------------


@needs_pdftotext
def test_professional_copy_has_the_seven_points_and_care_details_only_with_consent(scene):
    document = agenda_pdf(meeting=scene.meeting, audience="professional")
    assert document.startswith(b"%PDF")
    text = pdf_text(document)
    assert "De Kade" in text
    assert "VERTROUWELIJK" in text and "Vertrouwelijk" in text
    for title in AGENDA_POINTS.values():
        assert str(title) in text
    for name in ("Karin Smit", "Sven Visser", "Piet Pronk"):
        assert name in text
    assert "04-03-2025" in text and "14:00" in text and "Ontmoetingsruimte" in text
    assert "Beheerder Medewerker" in text  # the chair
    assert "Toelatingscommissie" in text and "Communityteam" in text
    # Sven consented: his care details are in; Piet did not: his are not.
    assert SVEN_FALLBACK in text and SVEN_CONDITIONS in text and "Zwaar" in text
    assert PIET_FALLBACK not in text
    assert "geen toestemming" in text


@needs_pdftotext
def test_resident_copy_has_no_care_details_at_all(scene):
    document = agenda_pdf(meeting=scene.meeting, audience="resident")
    text = pdf_text(document)
    assert "Exemplaar voor de bewonersafvaardiging" in text
    for name in ("Karin Smit", "Sven Visser", "Piet Pronk"):
        assert name in text
    for care in (SVEN_FALLBACK, SVEN_CONDITIONS, PIET_FALLBACK, "Zwaar", "Zorgaanbieder"):
        assert care not in text
    assert "Zwaarte" not in text and "uren per week" not in text
    # Motivation and supported yes/no are what the delegation does see.
    assert "begeleid" in text
    context = agenda_context(meeting=scene.meeting, audience="resident")
    assert all(row.care is None for row in context["agenda"].characteristics)
    assert all(move.reason == "" for move in context["agenda"].moves)
    # Issue 9, item 10: no open follow-ups and no "voorgedragen door zorgaanbieder" either.
    assert "Voorgedragen door zorgaanbieder" not in text
    assert context["agenda"].opening.open_follow_ups == []


@needs_pdftotext
def test_html_in_a_motivation_is_printed_literally(scene, caplog):
    text = pdf_text(agenda_pdf(meeting=scene.meeting, audience="resident"))
    assert "<b>Vet</b> &" in text
    assert '<img src="file:///etc/passwd">' in text
    # Escaped, so never an image the renderer would try to fetch.
    assert not any("passwd" in record.getMessage() for record in caplog.records)


def test_unknown_audience_is_refused(scene):
    with pytest.raises(ValueError):
        agenda_pdf(meeting=scene.meeting, audience="iedereen")


# --- the views ---------------------------------------------------------------------------------


def client_for(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def download_url(meeting):
    return reverse("imo_agenda_download", args=(meeting.community.slug, meeting.pk))


def stored(meeting, audience) -> bytes:
    from gemengdwonen.storage import private_storage

    path = services_agenda.agenda_copy(meeting=meeting, audience=audience).path
    with private_storage().open(path, "rb") as handle:
        return handle.read()


@pytest.fixture
def generated(scene, private_root):
    assert len(services_agenda.agenda_generate(meeting=scene.meeting)) == 2
    scene.meeting.refresh_from_db()
    return scene


def test_download_gives_each_role_its_copy(generated):
    meeting = generated.meeting
    professional, resident = stored(meeting, "professional"), stored(meeting, "resident")
    assert professional != resident
    for username, expected in (
        ("beheerder", professional),
        ("coach", professional),
        ("begeleider", professional),  # Sven, the only consenting candidate, is theirs
        ("bewoner", resident),
    ):
        response = client_for(generated.users[username]).get(download_url(meeting))
        assert response.status_code == 200, username
        assert b"".join(response.streaming_content) == expected, username
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))


def _download(client, meeting, capture):
    """Download as the views work: when no stored copy fits, the viewer's own copy is rendered
    (a task after commit) and the second request gets it."""
    with capture(execute=True):
        response = client.get(download_url(meeting))
    if response.status_code == 302:
        assert response["Location"] == status_url(meeting)
        response = client.get(download_url(meeting))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@needs_pdftotext
def test_a_begeleider_of_another_care_organisation_gets_a_copy_without_others_care(
    generated, django_capture_on_commit_callbacks
):
    other = UserFactory(username="begeleider_elders", organisation=CareOrganisationFactory())
    MembershipFactory(user=other, community=generated.community, role=Role.BEGELEIDER)
    document = _download(client_for(other), generated.meeting, django_capture_on_commit_callbacks)
    assert document != stored(generated.meeting, "professional")
    assert SVEN_FALLBACK not in pdf_text(document)
    copy = AgendaCopy.objects.get(care_organisation=other.organisation)
    assert (list(copy.care_candidates.all()), copy.move_reasons) == ([], False)


# --- issue 9, item 1: a stored copy records whose care details it holds -------------------------


@needs_pdftotext
def test_withdrawn_consent_is_not_served_from_a_stored_copy(
    generated, django_capture_on_commit_callbacks
):
    """Attack: the agenda was made while Sven consented; after the withdrawal a begeleider of
    another care organisation downloaded the professional copy, still with Sven's severity,
    fallback place and conditions."""
    sven = generated.candidates["sven"]
    with django_capture_on_commit_callbacks(execute=True):
        services.consent_withdraw(candidate=sven, on=D(2025, 3, 1), by=TEST_ACTOR)
    # The copies holding Sven's care details are gone and the agenda was made again.
    assert not AgendaCopy.objects.filter(care_candidates=sven).exists()
    assert not any(
        SVEN_FALLBACK in pdf_text(stored(generated.meeting, a))
        for a in ("professional", "resident")
    )
    other = UserFactory(username="begeleider_elders", organisation=CareOrganisationFactory())
    MembershipFactory(user=other, community=generated.community, role=Role.BEGELEIDER)
    for user in (other, generated.users["begeleider"], generated.users["coach"]):
        document = _download(
            client_for(user), generated.meeting, django_capture_on_commit_callbacks
        )
        assert SVEN_FALLBACK not in pdf_text(document), user


def test_a_copy_is_served_only_to_a_viewer_entitled_to_all_it_holds(generated):
    """Today's consent does not decide alone: a stored copy that holds Sven's care details is
    never handed to someone who may not see them, even when nobody consents any more."""
    from imo.access import agenda_copy_for, imo_viewer

    def copy_for(user):
        return agenda_copy_for(imo_viewer(user, generated.community), generated.meeting)[0]

    sven = generated.candidates["sven"]
    full = services_agenda.agenda_copy(meeting=generated.meeting, audience="professional")
    assert set(full.care_candidates.all()) == {sven}
    other = UserFactory(organisation=CareOrganisationFactory())
    MembershipFactory(user=other, community=generated.community, role=Role.BEGELEIDER)
    assert copy_for(generated.users["coach"]) == full
    assert copy_for(other) is None  # render theirs
    assert copy_for(generated.users["bewoner"]).audience == "resident"
    # Withdrawn behind the service's back (no clean-up): the stored record still protects.
    type(sven).objects.filter(pk=sven.pk).update(consent_withdrawn_on=D(2025, 3, 1))
    assert copy_for(other) is None
    assert copy_for(generated.users["coach"]) is None


def test_changing_care_details_remakes_the_stored_copies(
    generated, django_capture_on_commit_callbacks
):
    sven = generated.candidates["sven"]
    before = services_agenda.agenda_copy(meeting=generated.meeting, audience="professional")
    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_update(candidate=sven, data={"fallback_place": "Elders"}, by=TEST_ACTOR)
    after = services_agenda.agenda_copy(meeting=generated.meeting, audience="professional")
    assert after is not None and after.pk != before.pk
    # A change of something else keeps the copies.
    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_update(candidate=sven, data={"motivation": "Anders"}, by=TEST_ACTOR)
    assert services_agenda.agenda_copy(meeting=generated.meeting, audience="professional") == after


def test_download_refused_for_gemeente_and_outsiders(generated):
    meeting = generated.meeting
    assert client_for(generated.users["gemeente"]).get(download_url(meeting)).status_code == 403
    outsider = UserFactory(username="buitenstaander")
    MembershipFactory(user=outsider, community=CommunityFactory(), role=Role.COMMUNITYCOACH)
    assert client_for(outsider).get(download_url(meeting)).status_code == 404
    anonymous = Client().get(download_url(meeting))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_download_is_404_before_the_agenda_is_generated(scene, private_root):
    response = client_for(scene.users["beheerder"]).get(download_url(scene.meeting))
    assert response.status_code == 404


def test_download_of_another_communitys_meeting_is_404(generated):
    other = build_world("x-")
    url = reverse("imo_agenda_download", args=(other.community.slug, generated.meeting.pk))
    response = client_for(other.users["beheerder"]).get(url)
    assert response.status_code == 404


def regenerate_url(meeting):
    return reverse("imo_agenda_regenerate", args=(meeting.community.slug, meeting.pk))


def status_url(meeting):
    return reverse("imo_agenda_status", args=(meeting.community.slug, meeting.pk))


def test_regenerate_needs_a_csrf_token_and_runs_the_task(
    scene, private_root, django_capture_on_commit_callbacks
):
    meeting = scene.meeting
    client = client_for(scene.users["beheerder"], enforce_csrf_checks=True)
    assert client.post(regenerate_url(meeting)).status_code == 403  # no token
    meeting.refresh_from_db()
    assert meeting.agenda_status == AgendaStatus.NONE

    page = client.get(status_url(meeting)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(regenerate_url(meeting), {"csrfmiddlewaretoken": token})
    assert len(callbacks) == 1
    assert response.status_code == 302
    assert response["Location"] == _back_url(meeting.community, meeting)
    meeting.refresh_from_db()
    assert meeting.agenda_status == AgendaStatus.DONE
    assert stored(meeting, "professional").startswith(b"%PDF")


def test_regenerate_refused_for_others_and_outsiders_and_on_get(scene, private_root):
    meeting = scene.meeting
    for username in ("bewoner", "coach", "begeleider", "gemeente"):
        response = client_for(scene.users[username]).post(regenerate_url(meeting))
        assert response.status_code == 403, username
    outsider = build_world("y-").users["beheerder"]
    assert client_for(outsider).post(regenerate_url(meeting)).status_code == 404
    assert client_for(scene.users["beheerder"]).get(regenerate_url(meeting)).status_code == 405
    meeting.refresh_from_db()
    assert meeting.agenda_status == AgendaStatus.NONE


def test_status_polls_while_queued_and_stops_when_done(
    scene, private_root, django_capture_on_commit_callbacks
):
    meeting = scene.meeting
    beheerder = client_for(scene.users["beheerder"])
    with django_capture_on_commit_callbacks(execute=False):
        services_agenda.agenda_request_regeneration(meeting=meeting)
    fragment = beheerder.get(status_url(meeting), headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in html
    assert 'hx-trigger="every 2s"' in html and f'hx-get="{status_url(meeting)}"' in html
    assert "In de wachtrij" in html and "<script" not in html

    services_agenda.agenda_generate(meeting=meeting)
    html = beheerder.get(status_url(meeting), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in html and "Klaar" in html
    assert download_url(meeting) in html and regenerate_url(meeting) in html

    # The residents' delegation sees the status and the download, not the button.
    page = client_for(scene.users["bewoner"]).get(status_url(meeting)).content.decode()
    assert "<html" in page and download_url(meeting) in page
    assert regenerate_url(meeting) not in page
    assert client_for(scene.users["gemeente"]).get(status_url(meeting)).status_code == 403


def test_regenerate_by_htmx_returns_the_fragment(
    scene, private_root, django_capture_on_commit_callbacks
):
    client = client_for(scene.users["beheerder"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(regenerate_url(scene.meeting), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'id="agenda-status"' in response.content.decode()
