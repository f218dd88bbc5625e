"""The annual report (issue 13): its text (every chapter, no names, no minutes), idempotency
and locking, the retry path, the January run, who may ask for and download it, the page with its
polled status, and the operator command. The killed worker is in tests/test_reports_faults.py
(PostgreSQL + Redis)."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from communities.constants import Role, SignalKind, SignalOutcome
from governance import services as governance
from governance.constants import BodyLevel
from outbox.models import Job
from reports import services
from reports.constants import MAX_RETRIES, RequestStatus
from reports.models import AnnualReport, ReportRequest, ReportVersion
from reports.tasks import annual_reports_january, report_generate
from tests.access_rows.reports import stored_version, stuurgroep_of
from tests.factories import (
    ActivityFactory,
    CandidateFactory,
    MembershipFactory,
    MunicipalityFactory,
    SignalFactory,
    UserFactory,
)
from tests.factories_governance import SYSTEM, MeetingFactory, kerngroep_with

D = datetime.date
PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(not PDFTOTEXT, reason="poppler-utils not installed")
needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="row locks need PostgreSQL (SQLite ignores select_for_update)",
)
YEAR = 2025
TODAY = D(2026, 3, 1)
CHAPTERS = [
    "Inhoud",
    "Samenvatting",
    "Mix, verhuizingen en instroom",
    "Activiteiten, deelname en talenten",
    "Signalen en vroegsignalering",
    "Uren tegen de norm",
    "Overleg en besluiten",
    "Financiering",
    "Hoe bewoners het ervaren",
    "Over de cijfers",
]
MINUTES_TEXT = "Vertrouwelijk besproken: de schulden van de familie Jansen"
DECISION_TEXT = "Toelichting met de naam van Bram de Vries"


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
def scene(world, private_root):
    """De Kade in 2025 with a kerngroep (the coach its secretary), a meeting with minutes and a
    decision, activities, signals and a candidate; the stuurgroep over De Kade."""
    kerngroep = kerngroep_with(world.community, secretary=world.users["coach"])
    meeting = MeetingFactory(
        body=kerngroep, starts_at=datetime.datetime(YEAR, 5, 12, 19, tzinfo=datetime.UTC)
    )
    governance.minutes_save(meeting=meeting, general=MINUTES_TEXT, texts={}, actor=SYSTEM)
    governance.decision_record(
        body=kerngroep,
        meeting=meeting,
        title="Ontmoetingsruimte ook op zaterdag open",
        text=DECISION_TEXT,
        actor=SYSTEM,
    )
    for month in (2, 4, 6, 9, 11):
        ActivityFactory(
            community=world.community,
            starts_at=datetime.datetime(YEAR, month, 10, 15, tzinfo=datetime.UTC),
        )
    SignalFactory(
        community=world.community,
        residents=[world.residents["anna"]],
        kind=SignalKind.EVICTION_THREAT,
        reported_on=D(YEAR, 3, 5),
        closed_on=D(YEAR, 6, 1),
        outcome=SignalOutcome.EVICTION_PREVENTED,
    )
    CandidateFactory(community=world.community, first_name="Karin", last_name="Kandidaatsma")
    world.kerngroep = kerngroep
    world.stuurgroep = stuurgroep_of(world)
    return world


def make(report, *, by=None) -> ReportRequest:
    request = ReportRequest.objects.create(report=report, requested_by=by)
    return services.report_generate(request_id=request.pk, today=TODAY)


def community_report(world) -> AnnualReport:
    return services.report_get_or_create(year=YEAR, community=world.community)


def read(version: ReportVersion, root) -> bytes:
    return (root / version.file).read_bytes()


# --- the document --------------------------------------------------------------------------------


@needs_pdftotext
def test_the_pdf_has_every_chapter_the_text_and_no_names_or_minutes(scene, private_root):
    report = community_report(scene)
    services.report_draft_save(
        report=report,
        foreword="Een bewogen jaar voor De Kade.",
        conclusions="Wij vragen de stuurgroep om vijf jaar zekerheid.",
        by=scene.users["coach"],
    )
    request = make(report, by=scene.users["stuurgroep"])
    assert request.status == RequestStatus.DONE and request.new_version
    version = request.version
    document = read(version, private_root)
    assert document.startswith(b"%PDF")
    text = pdf_text(document)
    for chapter in CHAPTERS:
        assert chapter in text, chapter
    assert "Voorwoord" in text and "Een bewogen jaar voor De Kade." in text
    assert "Conclusies" in text and "vijf jaar zekerheid" in text
    assert f"Jaarverslag {YEAR} · De Kade" in text  # the running header
    assert f"pagina 2 van {version.pages}" in text
    assert "KG-2025-01" in text and "Ontmoetingsruimte ook op zaterdag open" in text
    # Aggregates only: no resident or candidate, no minutes, no decision text.
    for person in [*scene.residents.values(), scene.foreign_resident]:
        assert person.last_name not in text and person.first_name not in text
    assert "Kandidaatsma" not in text and "Karin" not in text
    assert "familie Jansen" not in text and MINUTES_TEXT not in text
    assert DECISION_TEXT not in text
    # One prevented eviction and three residents: small counts as "< 5".
    assert "< 5" in text
    assert version.foreword == "Een bewogen jaar voor De Kade."
    assert version.requested_by == scene.users["stuurgroep"]
    assert version.pages >= 10


@needs_pdftotext
def test_the_area_report_has_a_part_per_location(scene, private_root):
    other = scene.other_community
    scene.stuurgroep.communities.add(other)
    report = services.report_get_or_create(year=YEAR, body=scene.stuurgroep)
    text = pdf_text(read(make(report).version, private_root))
    assert "Stuurgroep De Kade" in text
    for chapter in CHAPTERS:
        assert chapter in text
    upper = text.upper()
    assert upper.count("HET ANKER") >= 8 and upper.count("DE KADE") >= 8  # each chapter, both
    assert "Xander" not in text and "Vos" not in text


# --- idempotency and locking ---------------------------------------------------------------------


def test_the_same_content_makes_no_new_version_and_changed_content_does(scene, private_root):
    report = community_report(scene)
    first = make(report)
    again = make(report)
    assert again.status == RequestStatus.DONE
    assert again.version == first.version and not again.new_version
    assert ReportVersion.objects.filter(report=report).count() == 1
    services.report_draft_save(
        report=report, foreword="Nieuw voorwoord.", conclusions="", by=scene.users["coach"]
    )
    changed = make(report)
    assert changed.new_version and changed.version.number == 2
    assert changed.version.content_hash != first.version.content_hash
    # New data changes the content too.
    ActivityFactory(
        community=scene.community, starts_at=datetime.datetime(YEAR, 12, 1, 15, tzinfo=datetime.UTC)
    )
    assert make(report).version.number == 3
    files = sorted(p.name for p in (private_root / "reports").rglob("*.pdf"))
    assert len(files) == 3
    assert make(report).version.number == 3


def test_a_request_while_one_waits_in_the_queue_joins_it(scene, private_root):
    report = community_report(scene)
    first = services.report_request(report=report, by=scene.users["stuurgroep"])
    second = services.report_request(report=report, by=scene.users["coach"])
    assert first == second
    assert Job.objects.filter(key=f"reports.request:{first.pk}").count() == 1


def test_a_redelivered_task_for_a_finished_request_does_nothing(scene, private_root, monkeypatch):
    report = community_report(scene)
    request = make(report)
    monkeypatch.setattr(services, "report_pdf", _refuse_to_render)
    assert services.report_generate(request_id=request.pk, today=TODAY).status == "klaar"
    assert services.report_generate(request_id=999999) is None


def _refuse_to_render(*args, **kwargs):
    raise AssertionError("rendered again")


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_render_one_version(world, private_root, monkeypatch):
    """Two workers pick up a request for the same report at the same moment: the second waits
    for the first's row lock, then finds the content unchanged and renders nothing."""
    report = community_report(world)
    requests = [ReportRequest.objects.create(report=report) for _ in range(2)]
    renders = []
    real = services.report_pdf

    def slow_render(*args, **kwargs):
        renders.append(threading.get_ident())
        time.sleep(1.5)  # long enough that the second surely arrives while this one renders
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "report_pdf", slow_render)
    results, errors = {}, []

    def run(request):
        try:
            results[request.pk] = services.report_generate(request_id=request.pk, today=TODAY)
        except Exception as error:  # pragma: no cover - shown in the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
        time.sleep(0.2)
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert len(renders) == 1
    assert ReportVersion.objects.filter(report=report).count() == 1
    statuses = {r.status for r in results.values()}
    assert statuses == {RequestStatus.DONE}
    assert len({r.version_id for r in results.values()}) == 1
    assert sorted(r.new_version for r in results.values()) == [False, True]


# --- retries and failure ---------------------------------------------------------------------


def test_a_failing_rendering_is_retried_then_shown_as_failed_with_the_reason(
    scene, private_root, monkeypatch
):
    report = community_report(scene)
    request = ReportRequest.objects.create(report=report, requested_by=scene.users["stuurgroep"])
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise RuntimeError("Pango kon het lettertype niet laden")

    monkeypatch.setattr(services, "report_pdf", broken)
    report_generate.apply(kwargs={"request_id": request.pk})
    request.refresh_from_db()
    assert len(calls) == MAX_RETRIES + 1
    assert request.status == RequestStatus.FAILED
    assert request.attempts == MAX_RETRIES + 1
    assert f"na {MAX_RETRIES + 1} pogingen" in request.reason
    assert "RuntimeError: Pango kon het lettertype niet laden" in request.reason
    assert not ReportVersion.objects.exists()


def test_a_failure_that_passes_is_retried_into_one_version(scene, private_root, monkeypatch):
    report = community_report(scene)
    request = ReportRequest.objects.create(report=report)
    real = services.report_pdf
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("schijf even vol")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "report_pdf", flaky)
    report_generate.apply(kwargs={"request_id": request.pk})
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE and request.attempts == 2
    assert ReportVersion.objects.filter(report=report).count() == 1


def test_the_retry_waits_longer_each_time():
    assert [services.retry_delay(retries=n, base=30) for n in range(3)] == [30, 60, 120]


# --- the January run ------------------------------------------------------------------------


def test_january_asks_last_years_report_of_every_community_and_stuurgroep(
    scene, private_root, monkeypatch
):
    monkeypatch.setattr(timezone, "localdate", lambda *a: D(YEAR + 1, 1, 2))
    assert annual_reports_january.apply().get() == 3  # two communities, one stuurgroep
    reports = AnnualReport.objects.filter(year=YEAR)
    assert reports.count() == 3
    assert {r.requests.count() for r in reports} == {1}
    assert all(r.requests.get().requested_by is None for r in reports)
    # Run twice before the worker picked them up: nothing more is queued.
    assert annual_reports_january.apply().get() == 0
    assert ReportRequest.objects.count() == 3


# --- pages, rights, download -------------------------------------------------------------------


def url(name, world, **extra):
    return reverse(name, kwargs={"slug": world.community.slug, "year": YEAR, **extra})


def test_the_stuurgroep_asks_for_the_report_and_the_status_updates_itself(
    client, scene, private_root, django_capture_on_commit_callbacks
):
    client.force_login(scene.users["stuurgroep"])
    page = client.get(url("reports_community", scene))
    assert page.status_code == 200
    assert "Nog niet aangevraagd" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        fragment = client.post(url("reports_community_request", scene), HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert fragment.status_code == 200
    assert "In de wachtrij" in body and 'hx-trigger="every 2s"' in body
    request = ReportRequest.objects.get()
    assert request.requested_by == scene.users["stuurgroep"] and request.status == "wachtrij"
    for callback in callbacks:  # the commit: the outbox hands the job over (eagerly here)
        callback()
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE
    status = client.get(url("reports_community_status", scene), HTTP_HX_REQUEST="true")
    body = status.content.decode()
    assert "Klaar" in body and "every 2s" not in body and "Versie 1" in body
    download = client.get(url("reports_community_download", scene, number=1))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]
    event = AuditEvent.objects.get(action="download", object_type="annual_report")
    assert event.user == scene.users["stuurgroep"] and event.community == scene.community


def test_a_failed_request_shows_its_reason_on_the_page(client, scene, private_root):
    report = community_report(scene)
    request = ReportRequest.objects.create(report=report)
    services.report_fail(request_id=request.pk, attempts=4, error=ValueError("kapot"))
    client.force_login(scene.users["coach"])
    body = client.get(url("reports_community", scene)).content.decode()
    assert "Mislukt" in body and "na 4 pogingen" in body and "ValueError: kapot" in body


def test_the_kerngroep_saves_a_draft_and_bad_input_changes_nothing(client, scene, private_root):
    client.force_login(scene.users["coach"])
    response = client.post(
        url("reports_community_text", scene), {"foreword": "Voorwoord", "conclusions": "Slot"}
    )
    assert response.status_code == 302
    report = community_report(scene)
    assert (report.draft.foreword, report.draft.conclusions) == ("Voorwoord", "Slot")
    too_long = client.post(
        url("reports_community_text", scene), {"foreword": "x" * 7000, "conclusions": ""}
    )
    assert too_long.status_code == 400
    assert "niet meer dan 6000 tekens" in too_long.content.decode()
    report.draft.refresh_from_db()
    assert report.draft.foreword == "Voorwoord"


@pytest.mark.parametrize("who", ["stuurgroep", "gemeente"])
def test_the_stuurgroep_and_the_gemeente_may_not_write_the_text(client, scene, who):
    client.force_login(scene.users[who])
    response = client.post(url("reports_community_text", scene), {"foreword": "x"})
    assert response.status_code == 403
    assert not AnnualReport.objects.exists()


def test_the_gemeente_may_download_but_not_ask_for_a_version(client, scene, private_root):
    stored_version(community_report(scene))
    client.force_login(scene.users["gemeente"])
    assert client.get(url("reports_community_download", scene, number=1)).status_code == 200
    assert client.post(url("reports_community_request", scene)).status_code == 403
    assert not ReportRequest.objects.exists()


def test_a_gemeente_user_of_another_municipality_may_not_download(client, scene, private_root):
    stored_version(community_report(scene))
    stranger = UserFactory(username="andere-gemeente", organisation=MunicipalityFactory())
    MembershipFactory(user=stranger, community=scene.community, role=Role.GEMEENTE)
    client.force_login(stranger)
    assert client.get(url("reports_community_download", scene, number=1)).status_code == 403
    assert client.get(url("reports_community", scene)).status_code == 403
    denial = AuditEvent.objects.filter(action="deny", username="andere-gemeente")
    assert denial.count() == 2


@pytest.mark.parametrize("who", ["beheerder", "begeleider", "bewoner", "welzijn", "locatie"])
def test_the_team_outside_the_bodies_may_not_download(client, scene, private_root, who):
    stored_version(community_report(scene))
    client.force_login(scene.users[who])
    assert client.get(url("reports_community_download", scene, number=1)).status_code == 403


def test_a_kerngroep_member_without_a_role_in_the_community_may_download(client, scene):
    member = UserFactory(username="kerngroeplid")
    from tests.factories_governance import BodyMemberFactory

    BodyMemberFactory(body=scene.kerngroep, user=member, name="")
    stored_version(community_report(scene))
    client.force_login(member)
    assert client.get(url("reports_community_download", scene, number=1)).status_code == 200


def test_a_missing_version_or_year_is_404(client, scene, private_root):
    client.force_login(scene.users["stuurgroep"])
    assert client.get(url("reports_community_download", scene, number=3)).status_code == 404
    far = reverse("reports_community", kwargs={"slug": scene.community.slug, "year": 1999})
    assert client.get(far).status_code == 404
    future = timezone.localdate().year + 1
    ahead = reverse("reports_community", kwargs={"slug": scene.community.slug, "year": future})
    assert client.get(ahead).status_code == 404


def test_the_area_report_download_is_for_its_members_and_in_the_trail(client, scene):
    report = services.report_get_or_create(year=YEAR, body=scene.stuurgroep)
    stored_version(report)
    kwargs = {"pk": scene.stuurgroep.pk, "year": YEAR, "number": 1}
    client.force_login(scene.users["stuurgroep"])
    assert client.get(reverse("reports_area_download", kwargs=kwargs)).status_code == 200
    assert AuditEvent.objects.filter(action="download", object_type="annual_report").exists()
    client.force_login(scene.users["coach"])  # kerngroep, not stuurgroep
    assert client.get(reverse("reports_area_download", kwargs=kwargs)).status_code == 403


def test_the_panels_lead_to_last_years_report(client, scene):
    client.force_login(scene.users["stuurgroep"])
    home = client.get(reverse("home")).content.decode()
    assert (
        reverse(
            "reports_area",
            kwargs={"pk": scene.stuurgroep.pk, "year": timezone.localdate().year - 1},
        )
        in home
    )
    page = client.get(reverse("community_detail", args=[scene.community.slug])).content.decode()
    last = timezone.localdate().year - 1
    assert reverse("reports_community", kwargs={"slug": "de-kade", "year": last}) in page
    client.force_login(scene.users["welzijn"])
    page = client.get(reverse("community_detail", args=[scene.community.slug])).content.decode()
    assert "Jaarverslag" not in page


# --- the operator command -----------------------------------------------------------------


def test_the_command_writes_the_pdf_and_reuses_an_unchanged_version(scene, private_root, tmp_path):
    output = tmp_path / "verslag.pdf"
    call_command(
        "annual_report",
        "--community",
        "de-kade",
        "--year",
        str(YEAR),
        "--output",
        str(output),
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )
    assert output.read_bytes().startswith(b"%PDF")
    call_command(
        "annual_report",
        "--community",
        "de-kade",
        "--year",
        str(YEAR),
        "--output",
        str(output),
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )
    assert ReportVersion.objects.count() == 1
    area = tmp_path / "gebied.pdf"
    call_command(
        "annual_report",
        "--stuurgroep",
        str(scene.stuurgroep.pk),
        "--year",
        str(YEAR),
        "--output",
        str(area),
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )
    assert area.read_bytes().startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", object_type="annual_report").count() == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--community", "nergens", "--year", str(YEAR)], "Geen locatie"),
        (["--stuurgroep", "999999", "--year", str(YEAR)], "Geen stuurgroep"),
        (["--community", "de-kade", "--year", "1990"], "Kies een jaar"),
    ],
)
def test_the_command_refuses_bad_input(scene, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("annual_report", *args, "--output", str(tmp_path / "x.pdf"))
    assert not ReportVersion.objects.exists()


def test_the_command_refuses_a_kerngroep_as_stuurgroep(scene, tmp_path):
    assert scene.kerngroep.level == BodyLevel.KERNGROEP
    with pytest.raises(CommandError, match="Geen stuurgroep"):
        call_command(
            "annual_report",
            "--stuurgroep",
            str(scene.kerngroep.pk),
            "--year",
            str(YEAR),
            "--output",
            str(tmp_path / "x.pdf"),
        )


# --- the demo ------------------------------------------------------------------------------


@needs_pdftotext
def test_on_the_demo_the_stuurgroep_asks_for_last_years_report_and_downloads_it(
    client, db, private_root, django_capture_on_commit_callbacks
):
    from communities.demo.seed import seed_demo
    from communities.models import User

    seed_demo()

    last = timezone.localdate().year - 1
    kwargs = {"slug": "het-anker", "year": last}
    client.force_login(User.objects.get(username="stuurgroep"))
    home = client.get(reverse("community_detail", args=["het-anker"])).content.decode()
    assert reverse("reports_community", kwargs=kwargs) in home
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports_community_request", kwargs=kwargs))
    page = client.get(reverse("reports_community", kwargs=kwargs)).content.decode()
    assert "Klaar" in page and "Versie 1" in page
    download = client.get(reverse("reports_community_download", kwargs={**kwargs, "number": 1}))
    text = pdf_text(b"".join(download.streaming_content))
    assert "Voor u ligt het jaarverslag van Het Anker" in text  # the kerngroep's demo foreword
    for chapter in CHAPTERS:
        assert chapter in text


def test_prevented_evictions_give_no_small_year_away_beside_the_total(world):
    """Seven prevented in the year before, two in the report year, nine since the start: with
    the total shown, "7" beside "< 5" would give the 2 away. The report takes the value page's
    labels: the year before is hidden too ("x"), and no "hoger"/"lager" compares them."""
    from reports.content import community_content

    for year, count in ((YEAR - 1, 7), (YEAR, 2)):
        for n in range(count):
            SignalFactory(
                community=world.community,
                kind=SignalKind.EVICTION_THREAT,
                reported_on=D(year, 2, 1 + n),
                closed_on=D(year, 3, 1 + n),
                outcome=SignalOutcome.EVICTION_PREVENTED,
            )
    content = community_content(community=world.community, year=YEAR, today=TODAY)
    (figure,) = [f for f in content.key_figures if f.label == "Voorkomen huisuitzettingen"]
    assert figure.now == "< 5" and figure.before == "x" and figure.change == ""
    text = repr(content)
    assert "'7'" not in text and "Voorkomen sinds de start', '9'" in text
