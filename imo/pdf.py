"""The IMO agenda as PDF, in two copies.

- "professional": for the sociaal beheerder, the coach and the begeleiders. Care details appear
  only for candidates whose consent to share them with the IMO stands (`agenda_build` checks it).
- "resident": for the residents' delegation (and anyone else who may not see care details). It is
  built for `audience_viewer(community, "resident")`, so the agenda it is rendered from holds no
  care details at all: the template cannot leak what it never receives.
Which copy a user gets: `imo.access.agenda_copy_for` (each stored copy records what it holds).

Rendering takes seconds: call `agenda_pdf` from a Celery task or a management command, never in a
web request (see `gemengdwonen.pdf`).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from communities.selectors import community_mix_history
from gemengdwonen.charts import mix_history_chart
from gemengdwonen.pdf import render_to_pdf
from imo.access import Audience, audience_viewer
from imo.models import IntakeMeeting
from imo.selectors import Agenda, agenda_build

AUDIENCES: tuple[Audience, ...] = ("professional", "resident")
TEMPLATE = "imo/pdf/agenda.html"
CHART_MONTHS = 12


def agenda_context(
    *, meeting: IntakeMeeting, audience: Audience, care_organisation_id: int | None = None
) -> dict:
    """The template context of the agenda PDF (separate from rendering, for tests and previews).
    With `care_organisation_id`: the professional copy for that organisation's begeleiders
    (care details of its own candidates only, no reasons for moving out)."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience: {audience!r}")
    professional = audience == "professional"
    agenda = agenda_build(
        meeting=meeting,
        viewer=audience_viewer(
            meeting.community, audience, care_organisation_id=care_organisation_id
        ),
    )
    history = community_mix_history(
        community=agenda.community, until=agenda.on, months=CHART_MONTHS
    )
    return {
        "title": _("Agenda IMO %(community)s") % {"community": agenda.community.name},
        "agenda": agenda,
        "audience": audience,
        "professional": professional,
        "starts_at": timezone.localtime(meeting.starts_at),
        "generated_at": timezone.localtime(),
        "groups": _attendee_groups(agenda),
        "sections": _section_rows(agenda),
        "chart": mix_history_chart(
            history, band_pp=agenda.community.band_on_course_pp, inline_css=True
        ),
    }


def agenda_pdf(
    *, meeting: IntakeMeeting, audience: Audience, care_organisation_id: int | None = None
) -> bytes:
    """The agenda of `meeting` as PDF bytes for `audience` ("professional" or "resident")."""
    document, _context = agenda_render(
        meeting=meeting, audience=audience, care_organisation_id=care_organisation_id
    )
    return document


def agenda_render(
    *, meeting: IntakeMeeting, audience: Audience, care_organisation_id: int | None = None
) -> tuple[bytes, dict]:
    """(PDF bytes, the context it was rendered from): the context says what the copy holds."""
    context = agenda_context(
        meeting=meeting, audience=audience, care_organisation_id=care_organisation_id
    )
    return render_to_pdf(TEMPLATE, context), context


def _attendee_groups(agenda: Agenda) -> list[tuple[str, list]]:
    groups: dict[str, tuple[str, list]] = {}
    for row in agenda.attendees:
        groups.setdefault(row.group, (row.group_label, []))[1].append(row)
    return list(groups.values())


def _section_rows(agenda: Agenda) -> list[dict]:
    """Point 2: the location and each section, with the bar widths of the small share chart."""
    rows = [{"name": _("Hele locatie"), "figures": agenda.mix.overall, "overall": True}]
    rows += [{"name": s.name, "figures": s.figures, "overall": False} for s in agenda.mix.sections]
    for row in rows:
        share = row["figures"].share_percent
        row["bar"] = round(share, 1) if share is not None else 0
        row["target"] = round(row["figures"].target_percent, 1)
    return rows
