"""Access rows of the annual report (reports.access). A community's report: the kerngroep's
members (here the coach, its secretary) and the stuurgroep role may open the page, ask for a
version and download; the kerngroep writes the text; the gemeente of the municipality only
downloads (and sees the page). A stuurgroep's area report: its members (the stuurgroep user)
and the gemeente of the area. Every other member of De Kade gets 403, the outsider (only in Het
Anker) 404. POST-only actions answer a GET with 405 once the access check passed."""

from django.utils import timezone

from gemengdwonen.storage import save_private_file
from governance.constants import BodyLevel, MemberRole
from reports.models import ReportVersion
from reports.services import report_get_or_create
from tests.access_rows.base import outcome
from tests.factories_governance import BodyMemberFactory, GovernanceBodyFactory, kerngroep_with

PAGE = {"coach", "stuurgroep", "gemeente"}
REQUEST = {"coach", "stuurgroep"}
WRITE = {"coach"}
AREA_PAGE = {"stuurgroep", "gemeente"}


def last_year() -> int:
    return timezone.localdate().year - 1


def _community(w):
    kerngroep_with(w.community, secretary=w.users["coach"])
    return {"slug": "de-kade", "year": last_year()}


def stuurgroep_of(w):
    body = GovernanceBodyFactory(
        level=BodyLevel.STUURGROEP, name="Stuurgroep De Kade", communities=[w.community]
    )
    BodyMemberFactory(body=body, user=w.users["stuurgroep"], name="", role=MemberRole.CHAIR)
    return body


def _area(w):
    return {"pk": stuurgroep_of(w).pk, "year": last_year()}


def stored_version(report) -> ReportVersion:
    path = save_private_file(f"reports/test/{report.key}.pdf", b"%PDF-1.7\n%%EOF\n")
    return ReportVersion.objects.create(
        report=report, number=1, file=path, content_hash=f"test-{report.key}", pages=1
    )


def community_version_kwargs(w):
    kwargs = _community(w)
    stored_version(report_get_or_create(year=kwargs["year"], community=w.community))
    return {**kwargs, "number": 1}


def _area_version(w):
    kwargs = _area(w)
    from governance.models import GovernanceBody

    body = GovernanceBody.objects.get(pk=kwargs["pk"])
    stored_version(report_get_or_create(year=kwargs["year"], body=body))
    return {**kwargs, "number": 1}


def post_only(table):
    return {who: 405 if result == 200 else result for who, result in table.items()}


ROWS = {
    "reports_community": (_community, outcome(PAGE)),
    "reports_community_status": (_community, outcome(PAGE)),
    "reports_community_request": (_community, post_only(outcome(REQUEST))),
    "reports_community_text": (_community, post_only(outcome(WRITE))),
    "reports_community_download": (community_version_kwargs, outcome(PAGE)),
    "reports_area": (_area, outcome(AREA_PAGE)),
    "reports_area_status": (_area, outcome(AREA_PAGE)),
    "reports_area_request": (_area, post_only(outcome({"stuurgroep"}))),
    "reports_area_text": (_area, post_only(outcome({"stuurgroep"}))),
    "reports_area_download": (_area_version, outcome(AREA_PAGE)),
}
