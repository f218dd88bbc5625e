"""The meeting and its agenda follow the facts (issue 15, item 2): a candidate who moved in
leaves points 4–6 and shows under point 3 (moves) and point 7 (handovers since the last IMO);
a proposal for a unit that is no longer vacant says so; the stored agenda knows when the data it
shows changed; advice only once the meeting has started; no decision dated before the meeting
that advised it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from imo import selectors, services, services_agenda
from imo.access import audience_viewer
from imo.constants import AdviceKind, CandidateStatus, DecisionKind
from imo.models import Candidate
from tests.factories import CandidateFactory, IntakeMeetingFactory
from tests.test_imo_agenda import AMS, D, scene  # noqa: F401 (the fixture)


def _april(scene):  # noqa: F811
    return IntakeMeetingFactory(
        community=scene.community,
        starts_at=datetime.datetime(2025, 4, 1, 14, 0, tzinfo=AMS),
        chair=scene.users["beheerder"],
    )


def _move_karin_in(scene):  # noqa: F811
    """Karin (advised positive on 4 March for A7, free from 15 March) is allocated A7, handed
    over and moves in on 15 March; she had been put on the April agenda as well."""
    karin, beheerder = scene.karin, scene.users["beheerder"]
    april = _april(scene)
    april.candidates.add(karin)
    services.decision_record(
        candidate=karin, kind=DecisionKind.ALLOCATED, reason="", decided_on=D(2025, 3, 5),
        by=beheerder,
    )  # fmt: skip
    services.handover_record(
        candidate=karin, on=D(2025, 3, 10), welcome_contact=beheerder, note="", by=beheerder
    )
    services.candidate_move_in(candidate=karin, on=D(2025, 3, 15), by=beheerder)
    return april


def test_the_agenda_after_a_move_in_shows_the_placed_candidate_under_moves_and_handovers_only(
    scene,  # noqa: F811
):
    april = _move_karin_in(scene)
    # Tom was proposed for the same unit: it is let now.
    tom = CandidateFactory(
        community=scene.community, first_name="Tom", last_name="Tuin", vacancy=scene.karin.vacancy
    )
    services.candidate_put_on_agenda(meeting=april, candidate=tom)

    agenda = selectors.agenda_build(
        meeting=april, viewer=audience_viewer(scene.community, "professional")
    )
    open_points = [agenda.motivations, agenda.characteristics, agenda.advices]
    for rows in open_points:
        assert [r.name for r in rows] == ["Tom Tuin"]
    # Point 3: the moves since the previous IMO (4 March), Karin's move-in among them.
    assert ("in", "Karin Smit", "A7") in [
        (m.direction, m.resident_name, m.unit_number) for m in agenda.moves
    ]
    assert all(m.day >= D(2025, 3, 4) for m in agenda.moves)
    # Point 7: handed over since the last IMO, and placed.
    karin_row = next(h for h in agenda.handovers if h.name == "Karin Smit")
    assert karin_row.status == CandidateStatus.MOVED_IN
    assert karin_row.handed_over_on == D(2025, 3, 10)
    assert karin_row.moved_in_on == D(2025, 3, 15)
    # The proposal for A7 says the unit is no longer vacant, and no mix is projected on it.
    tom_row = agenda.characteristics[0]
    assert tom_row.unit_note == "Woning A7 is niet meer vrij (verhuurd)."
    assert tom_row.projected is None
    assert agenda.motivations[0].unit_note == tom_row.unit_note


def test_the_meeting_page_after_a_move_in(client, scene):  # noqa: F811
    april = _move_karin_in(scene)
    client.force_login(scene.users["beheerder"])
    page = client.get(reverse("imo_meeting", args=[scene.community.slug, april.pk]))
    html = page.content.decode()
    point_4_to_6 = html[html.index('id="punt-4"') : html.index('id="punt-7"')]
    point_7 = html[html.index('id="punt-7"') :]
    point_3 = html[html.index('id="punt-3"') : html.index('id="punt-4"')]
    assert "Karin Smit" not in point_4_to_6
    assert "Karin Smit" in point_3 and "Karin Smit" in point_7
    assert "Geen overdrachten" not in point_7


def test_the_agenda_of_the_meeting_before_the_move_in_still_shows_the_candidate(
    scene,  # noqa: F811
):
    _move_karin_in(scene)
    agenda = selectors.agenda_build(
        meeting=scene.meeting, viewer=audience_viewer(scene.community, "professional")
    )
    # On 4 March Karin had not moved in yet: she stays on that meeting's points 4–6.
    assert "Karin Smit" in [r.name for r in agenda.characteristics]
    assert agenda.characteristics[0].unit_note == ""


def test_a_handover_before_the_last_imo_is_not_repeated(scene):  # noqa: F811
    april = _move_karin_in(scene)
    may = IntakeMeetingFactory(
        community=scene.community, starts_at=datetime.datetime(2025, 5, 6, 14, 0, tzinfo=AMS)
    )
    names = [h.name for h in selectors.agenda_build(
        meeting=may, viewer=audience_viewer(scene.community, "resident")
    ).handovers]  # fmt: skip
    assert "Karin Smit" not in names
    assert "Bea Bos" in names  # handed over, not yet moved in: still waiting
    assert april.starts_at < may.starts_at


def test_no_advice_before_the_meeting_has_started(scene, client):  # noqa: F811
    soon = IntakeMeetingFactory(
        community=scene.community, starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    tom = CandidateFactory(community=scene.community, first_name="Tom", last_name="Tuin")
    services.candidate_put_on_agenda(meeting=soon, candidate=tom)
    with pytest.raises(ValidationError, match="nog niet begonnen"):
        services.advice_record(
            meeting=soon, candidate=tom, kind=AdviceKind.POSITIVE, conditions="",
            rationale="", expected_version=None, by=scene.users["beheerder"],
        )  # fmt: skip
    assert Candidate.objects.get(pk=tom.pk).status == CandidateStatus.ON_AGENDA

    client.force_login(scene.users["beheerder"])
    url = reverse("imo_meeting", args=[scene.community.slug, soon.pk])
    page = client.get(url).content.decode()
    assert "Advies opslaan" not in page
    assert "zodra het overleg is begonnen" in page
    # Posting anyway is refused with the reason, nothing stored.
    post = client.post(
        reverse("imo_meeting_advice", args=[scene.community.slug, soon.pk, tom.pk]),
        {f"advice-{tom.pk}-kind": AdviceKind.POSITIVE},
    )
    assert "nog niet begonnen" in post.content.decode()
    assert not tom.advices.exists()


def test_advice_from_the_moment_the_meeting_starts(scene):  # noqa: F811
    meeting = scene.meeting
    assert services.meeting_started(meeting, now=meeting.starts_at)
    assert not services.meeting_started(
        meeting, now=meeting.starts_at - datetime.timedelta(minutes=1)
    )


def test_no_decision_dated_before_the_meeting_that_advised_it(scene):  # noqa: F811
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            candidate=scene.karin, kind=DecisionKind.ALLOCATED, reason="",
            decided_on=D(2025, 3, 3), by=scene.users["beheerder"],
        )  # fmt: skip
    assert "04-03-2025" in str(error.value.message_dict["decided_on"])
    assert Candidate.objects.get(pk=scene.karin.pk).status == CandidateStatus.ADVISED
    # On the day of the meeting itself it is fine.
    decision = services.decision_record(
        candidate=scene.karin, kind=DecisionKind.ALLOCATED, reason="",
        decided_on=D(2025, 3, 4), by=scene.users["beheerder"],
    )  # fmt: skip
    assert decision.decided_on == D(2025, 3, 4)


@pytest.fixture
def fake_pdf(settings, tmp_path, monkeypatch):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    from imo import pdf

    # Rendering is not what these tests are about: the copies and their data digest are.
    monkeypatch.setattr(pdf, "render_to_pdf", lambda *args, **kwargs: b"%PDF-1.7 test")


def test_the_stored_agenda_is_marked_out_of_date_when_its_data_changed(
    scene,  # noqa: F811
    fake_pdf,
    client,
):
    meeting = scene.meeting
    assert not services_agenda.agenda_outdated(meeting=meeting)  # never made: nothing to mark
    assert len(services_agenda.agenda_generate(meeting=meeting)) == 2
    meeting.refresh_from_db()
    assert not services_agenda.agenda_outdated(meeting=meeting)

    client.force_login(scene.users["beheerder"])
    url = reverse("imo_meeting", args=[scene.community.slug, meeting.pk])
    assert "Verouderd" not in client.get(url).content.decode()

    services.note_save(
        meeting=meeting, point=5, text="Sven besproken.", expected_version=None,
        by=scene.users["beheerder"],
    )  # fmt: skip
    assert services_agenda.agenda_outdated(meeting=meeting)
    page = client.get(url).content.decode()
    assert "Verouderd" in page and "Agenda opnieuw maken" in page
    # The residents' delegation cannot remake it and is not told.
    client.force_login(scene.users["bewoner"])
    assert "Verouderd" not in client.get(url).content.decode()

    services_agenda.agenda_generate(meeting=meeting)
    meeting.refresh_from_db()
    assert not services_agenda.agenda_outdated(meeting=meeting)


def test_the_agenda_pdf_says_when_it_was_made(scene):  # noqa: F811
    from django.template.loader import render_to_string

    from imo.pdf import agenda_context

    context = agenda_context(meeting=scene.meeting, audience="resident")
    html = render_to_string("imo/pdf/agenda.html", context)
    made = context["generated_at"]
    assert f"Gemaakt op {made:%d-%m-%Y} om {made:%H:%M} uur" in html


def test_every_step_away_from_the_target_is_warned_in_percentage_points(scene):  # noqa: F811
    rows = {
        r.name: r
        for r in selectors.agenda_build(
            meeting=scene.meeting, viewer=audience_viewer(scene.community, "resident")
        ).characteristics
    }
    sven, karin = rows["Sven Visser"], rows["Karin Smit"]
    # Overall 3/8 (4,2 pp from 33,3 %) → 4/9 (11,1 pp); B 1/3 (on target) → 2/4 (16,7 pp).
    assert (sven.farther_overall_pp, sven.farther_section_pp) == (6.9, 16.7)
    assert sven.moves_away
    # Karin brings both closer to the target: no warning.
    assert not karin.moves_away


def test_a_step_away_inside_the_band_is_still_a_step_away():
    from fractions import Fraction

    from communities.mix import mix_figures
    from imo.rules import farther_from_target_pp

    target = Fraction(1, 3)
    now = mix_figures(supported=3, unsupported=6, target=target)  # 33,3 %: on target
    then = mix_figures(supported=3, unsupported=7, target=target)  # 30 %: still op koers
    assert now.status == then.status
    assert farther_from_target_pp(now, then) == Fraction(10, 3)
    assert farther_from_target_pp(then, now) is None  # back towards the target
    assert farther_from_target_pp(None, then) is None  # an empty section sets no standard
