"""The annual report's blocks on the core's pages (through `communities.registry`): on the
community page for those who may ask for or download its report, and on the start page the
area report of the stuurgroepen the user sits in. Last year's report, a fixed few queries."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from reports import access, selectors


def _last_year() -> int:
    return timezone.localdate().year - 1


def community_panel(user, community):
    if community is None or not user.is_authenticated:
        return None
    viewer = access.community_report_viewer(user, community)
    if not viewer.sees_page:
        return None
    year = _last_year()
    report = selectors.find_report(year=year, community=community)
    return {
        "year": year,
        "url": reverse("reports_community", kwargs={"slug": community.slug, "year": year}),
        "latest": selectors.latest_request(report=report),
        "may_request": viewer.may_request,
    }


def home_panel(user, community=None):
    if not user.is_authenticated:
        return None
    bodies = access.stuurgroepen_for(user)
    if not bodies:
        return None
    year = _last_year()
    return {
        "year": year,
        "rows": [
            (body, reverse("reports_area", kwargs={"pk": body.pk, "year": year})) for body in bodies
        ],
    }
