"""Access rows of the agenda PDF (imo/urls_pdf.py). Download and status: VIEW_IMO (each user gets
the copy their role allows: tests/test_imo_pdf.py); regenerate: RUN_IMO, POST only (a GET is 405
once the access check passed)."""

from django.utils import timezone

from imo.pdf import AUDIENCES
from imo.services_agenda import agenda_copy_store
from tests.access_rows.base import outcome
from tests.access_rows.imo import RUNNERS, VIEWERS, post_only
from tests.factories import IntakeMeetingFactory


def _meeting(w):
    return {"slug": "de-kade", "pk": IntakeMeetingFactory(community=w.community).pk}


def _generated_meeting(w):
    """A meeting whose agenda was generated (stand-in files: the matrix tests access, not PDFs)."""
    meeting = IntakeMeetingFactory(community=w.community, agenda_generated_at=timezone.now())
    for audience in AUDIENCES:
        agenda_copy_store(
            meeting=meeting,
            audience=audience,
            document=b"%PDF-1.7 stub",
            care_candidate_ids=set(),
            move_reasons=False,
        )
    return {"slug": "de-kade", "pk": meeting.pk}


ROWS = {
    "imo_agenda_download": (_generated_meeting, outcome(VIEWERS)),
    "imo_agenda_regenerate": (_meeting, post_only(RUNNERS)),
    "imo_agenda_status": (_meeting, outcome(VIEWERS)),
}
