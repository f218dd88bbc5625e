"""Reads of the annual report: the latest request and the stored versions, for the pages."""

from __future__ import annotations

from reports.models import AnnualReport, ReportRequest, ReportVersion


def latest_request(*, report: AnnualReport | None) -> ReportRequest | None:
    if report is None or report.pk is None:
        return None
    # The status shows who asked for it: read with it, not from the template.
    return (
        report.requests.select_related("version", "requested_by")
        .order_by("-requested_at", "-pk")
        .first()
    )


def versions_of(*, report: AnnualReport | None) -> list[ReportVersion]:
    if report is None or report.pk is None:
        return []
    return list(report.versions.select_related("requested_by").order_by("-number")[:20])


def find_report(*, year: int, community=None, body=None) -> AnnualReport | None:
    lookup = {"community": community} if community is not None else {"body": body}
    return AnnualReport.objects.filter(year=year, **lookup).first()
