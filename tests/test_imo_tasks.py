"""The agenda tasks: generating replaces the stored copies (one file per meeting and audience),
the daily beat generates what is due and mails the attendees a link once, failures are
recorded, and the operator command writes a PDF."""

import datetime
import os
import shutil
import subprocess
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from imo import services, services_agenda, tasks
from imo.constants import AgendaStatus
from imo.models import IntakeMeeting
from tests.factories import TEST_ACTOR, AttendeeFactory, CandidateFactory, UserFactory
from tests.test_imo_services import build_world, plan_march_meeting

D = datetime.date
PDFTOTEXT = shutil.which("pdftotext")


def pdf_text(document: bytes) -> str:
    if not PDFTOTEXT:
        pytest.skip("poppler-utils not installed")
    result = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=document, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def stored_files(root) -> list[str]:
    """Every file under the private root, temporary ones included."""
    return sorted(
        os.path.relpath(os.path.join(directory, name), root)
        for directory, _dirs, names in os.walk(root)
        for name in names
    )


@pytest.fixture
def world(db):
    return build_world()


def meeting_in(world, days: int) -> IntakeMeeting:
    """A meeting `days` days from today at 14:00, with the community's IMO attendees."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    services.meetings_plan_ahead(schedule=world.schedule, from_date=day, months=1)
    meeting = IntakeMeeting.objects.filter(community=world.community, starts_at__date__gte=day)
    meeting = meeting.order_by("starts_at").first()
    # The rule puts it on the first Tuesday; move it to the day the test needs.
    start = datetime.datetime.combine(
        day, datetime.time(14, 0), tzinfo=timezone.get_current_timezone()
    )
    IntakeMeeting.objects.filter(pk=meeting.pk).update(starts_at=start)
    meeting.refresh_from_db()
    return meeting


def read(root, name) -> bytes:
    with open(os.path.join(root, name), "rb") as handle:
        return handle.read()


def test_generating_twice_replaces_the_stored_copies(world, private_root):
    meeting = plan_march_meeting(world)
    karin = CandidateFactory(
        community=world.community, first_name="Karin", last_name="Smit", motivation="Eerste versie"
    )
    services.candidate_put_on_agenda(meeting=meeting, candidate=karin)

    first = tasks.agenda_generate.delay(meeting.pk).get()
    # Each rendering gets a fresh file name: the record of what a file holds never describes
    # another rendering (issue 9).
    assert [path.rsplit("-", 1)[0] for path in first] == [
        f"imo/agenda/de-kade/{meeting.pk}-professional",
        f"imo/agenda/de-kade/{meeting.pk}-resident",
    ]
    assert stored_files(private_root) == sorted(first)
    assert "Eerste versie" in pdf_text(read(private_root, first[1]))

    services.candidate_update(
        candidate=karin, data={"motivation": "Tweede versie van de motivatie"}, by=TEST_ACTOR
    )
    second = tasks.agenda_generate.delay(meeting.pk).get()
    assert stored_files(private_root) == sorted(second)  # replaced, no second file, no .part
    expected = second
    for name in expected:
        text = pdf_text(read(private_root, name))
        assert "Tweede versie van de motivatie" in text and "Eerste versie" not in text
    meeting.refresh_from_db()
    assert meeting.agenda_status == AgendaStatus.DONE
    assert meeting.agenda_file == expected[0]
    assert meeting.agenda_generated_at is not None


def test_a_failed_rendering_is_recorded_and_keeps_the_earlier_copy(world, private_root, caplog):
    meeting = plan_march_meeting(world)
    services_agenda.agenda_generate(meeting=meeting)
    before = stored_files(private_root)
    with mock.patch("imo.services_agenda.agenda_render", side_effect=RuntimeError("kapot")):
        assert tasks.agenda_generate.delay(meeting.pk).get() == []
    meeting.refresh_from_db()
    assert meeting.agenda_status == AgendaStatus.FAILED
    assert "could not be generated" in caplog.text
    assert stored_files(private_root) == before
    assert services_agenda.agenda_available(meeting=meeting, audience="resident")


def test_the_task_ignores_a_deleted_meeting(db):
    assert tasks.agenda_generate.delay(987654).get() == []


def test_regeneration_is_queued_after_commit(
    world, private_root, django_capture_on_commit_callbacks
):
    meeting = plan_march_meeting(world)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services_agenda.agenda_request_regeneration(meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.agenda_status == AgendaStatus.QUEUED
    assert len(callbacks) == 1 and stored_files(private_root) == []
    with mock.patch("imo.pdf.render_to_pdf", return_value=b"%PDF-stub"):
        callbacks[0]()
    meeting.refresh_from_db()
    assert meeting.agenda_status == AgendaStatus.DONE


def test_beat_generates_what_is_due_and_mails_a_link_once(
    world, private_root, django_capture_on_commit_callbacks
):
    due = meeting_in(world, 7)
    early = meeting_in(world, 8)  # not yet
    no_mail = UserFactory(username="zonder-mail", email="")
    AttendeeFactory(meeting=due, user=no_mail)
    attendees_with_mail = due.attendees.exclude(user__email="").count()
    assert attendees_with_mail == 4

    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.agendas_due.delay().get()

    due.refresh_from_db()
    early.refresh_from_db()
    assert due.agenda_status == AgendaStatus.DONE and due.agenda_mailed_at is not None
    assert early.agenda_status == AgendaStatus.NONE and early.agenda_mailed_at is None
    # Running twice replaced the two copies and mailed each attendee once.
    assert [path.rsplit("-", 1)[0] for path in stored_files(private_root)] == [
        f"imo/agenda/de-kade/{due.pk}-professional",
        f"imo/agenda/de-kade/{due.pk}-resident",
    ]
    assert len(mail.outbox) == attendees_with_mail
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        due.attendees.exclude(user__email="").values_list("user__email", flat=True)
    )
    url = services_agenda.agenda_download_url(meeting=due)
    assert url.endswith(f"/imo/de-kade/overleg/{due.pk}/agenda.pdf")
    for message in mail.outbox:
        assert url in message.body
        assert not message.attachments and not getattr(message, "alternatives", [])
        assert "De Kade" in message.subject


def test_beat_catches_up_a_meeting_inside_the_window_once(
    world, private_root, django_capture_on_commit_callbacks
):
    soon = meeting_in(world, 3)
    assert services_agenda.meetings_due() == [soon]
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.agendas_due.delay().get() == 1
    soon.refresh_from_db()
    assert soon.agenda_mailed_at is not None
    # Generated and mailed: the next morning leaves it alone.
    assert services_agenda.meetings_due() == []
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.agendas_due.delay().get() == 0


def test_the_beat_queues_one_task_per_due_meeting(world, private_root):
    """Each due meeting renders in its own task (under its own time limit), by id, recorded in
    the outbox so a broker hiccup half-way loses none of them."""
    from outbox.models import Job

    first, second = meeting_in(world, 3), meeting_in(world, 5)
    assert tasks.agendas_due.delay().get() == 2  # hand-off after a commit that never comes here
    jobs = Job.objects.filter(task="imo.tasks.agenda_due")
    assert sorted(job.kwargs["meeting_id"] for job in jobs) == sorted([first.pk, second.pk])
    first.refresh_from_db()
    assert first.agenda_status == AgendaStatus.NONE  # the beat itself rendered nothing


def test_the_task_for_a_deleted_meeting_does_nothing(world, private_root):
    assert tasks.agenda_due.delay(987654).get() is False


def test_the_service_module_does_not_import_the_tasks():
    """No circle: the view or the beat queues, the service only renders."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(services_agenda))
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert "imo.tasks" not in imported and "imo" not in imported


def test_a_schedule_can_ask_for_another_number_of_days(world, private_root):
    world.schedule.agenda_days_before = 10
    world.schedule.save()
    ten = meeting_in(world, 10)
    assert services_agenda.meetings_due() == [ten]


def test_a_failed_generation_is_not_mailed(world, private_root, django_capture_on_commit_callbacks):
    due = meeting_in(world, 7)
    with (
        mock.patch("imo.services_agenda.agenda_render", side_effect=RuntimeError("kapot")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert tasks.agendas_due.delay().get() == 1  # queued, one task per meeting
    due.refresh_from_db()
    assert due.agenda_status == AgendaStatus.FAILED and due.agenda_mailed_at is None
    assert mail.outbox == []


def test_agenda_mail_waits_for_a_generated_agenda(world, django_capture_on_commit_callbacks):
    meeting = meeting_in(world, 7)
    with django_capture_on_commit_callbacks(execute=True):
        assert services_agenda.agenda_mail(meeting=meeting) == 0
    assert mail.outbox == []


# --- the operator command -----------------------------------------------------------------------


def test_command_writes_the_next_meetings_agenda(world, tmp_path):
    meeting = meeting_in(world, 5)
    output = tmp_path / "agenda.pdf"
    call_command("imo_agenda", "--community", "de-kade", "--output", str(output))
    document = output.read_bytes()
    assert document.startswith(b"%PDF")
    assert "De Kade" in pdf_text(document)
    # By date, and the residents' copy.
    day = timezone.localdate(meeting.starts_at).isoformat()
    call_command(
        "imo_agenda",
        "--community=de-kade",
        f"--date={day}",
        f"--output={output}",
        "--audience=resident",
    )
    assert "Exemplaar voor de bewonersafvaardiging" in pdf_text(output.read_bytes())


def test_command_fails_clearly(world, tmp_path):
    output = tmp_path / "agenda.pdf"
    with pytest.raises(CommandError, match="Locatie 'bestaat-niet' bestaat niet"):
        call_command("imo_agenda", "--community", "bestaat-niet", "--output", str(output))
    with pytest.raises(CommandError, match="geen gepland IMO"):
        call_command("imo_agenda", "--community", "de-kade", "--output", str(output))
    with pytest.raises(CommandError, match="geen IMO op 01-01-2020"):
        call_command(
            "imo_agenda", "--community", "de-kade", "--date", "2020-01-01", "--output", str(output)
        )
    assert not output.exists()
