"""Who may do what with an annual report, built on `communities.access` and `governance.access`
(where access is decided). One decision object per viewer and report scope (`ReportViewer`),
passed to the pages and the download alike.

A community's report:
- download: the members of its stuurgroep and kerngroep (membership of the body), users with the
  stuurgroep role there, and the gemeente of its municipality (a gemeente user with a role there
  who works for that municipality);
- ask for a new version: the stuurgroep and kerngroep members and the stuurgroep role;
- write the foreword and conclusions: the kerngroep's members (for an area report: the
  stuurgroep's members).
A stuurgroep's area report: its members do all three; the gemeente downloads it when every
location of the area lies in its municipality.
Everyone else who may see the location gets 403; a user outside it 404.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from communities import access as community_access
from communities.constants import Role
from communities.models import Community, User
from governance import access as governance_access
from governance.constants import BodyLevel
from governance.models import BodyMember, GovernanceBody

FIRST_YEAR = 2000


@dataclass(frozen=True)
class ReportViewer:
    community: Community | None
    body: GovernanceBody | None
    may_download: bool
    may_request: bool
    may_write: bool

    @property
    def sees_page(self) -> bool:
        return self.may_download or self.may_request or self.may_write

    @property
    def scope_name(self) -> str:
        return self.community.name if self.community else self.body.name


def _gemeente_of(user: User, community: Community) -> bool:
    return (
        community_access.role_in(user, community) == Role.GEMEENTE
        and user.organisation_id is not None
        and user.organisation_id == community.municipality_id
    )


def _levels_in(user: User, community: Community) -> set[str]:
    """The levels of the community's bodies the user sits in (one query)."""
    if not user.is_authenticated:
        return set()
    return set(
        BodyMember.objects.filter(user=user, body__communities=community).values_list(
            "body__level", flat=True
        )
    )


def community_report_viewer(user: User, community: Community) -> ReportViewer:
    levels = _levels_in(user, community)
    kerngroep = BodyLevel.KERNGROEP in levels
    stuurgroep = BodyLevel.STUURGROEP in levels or (
        community_access.role_in(user, community) == Role.STUURGROEP
    )
    requester = kerngroep or stuurgroep
    return ReportViewer(
        community=community,
        body=None,
        may_download=requester or _gemeente_of(user, community),
        may_request=requester,
        may_write=kerngroep,
    )


def area_report_viewer(user: User, body: GovernanceBody) -> ReportViewer:
    member = governance_access.membership_of(user, body) is not None
    communities = list(body.communities.all())
    gemeente = bool(communities) and all(_gemeente_of(user, c) for c in communities)
    return ReportViewer(
        community=None,
        body=body,
        may_download=member or gemeente,
        may_request=member,
        may_write=member,
    )


def check_year(year: int, *, today: datetime.date | None = None) -> int:
    """A report year: from FIRST_YEAR to this year (a report of this year runs until today)."""
    today = today or timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        raise Http404
    return year


def community_viewer_for(user: User, slug: str) -> ReportViewer:
    """The community through the user's scope (its roles and the bodies they sit in; 404
    outside it) and the viewer's rights (403 with none of them)."""
    community = governance_access.governance_communities_for(user).filter(slug=slug).first()
    if community is None:
        raise Http404
    viewer = community_report_viewer(user, community)
    if not viewer.sees_page:
        raise PermissionDenied
    return viewer


def area_viewer_for(user: User, pk: int) -> ReportViewer:
    """A stuurgroep: 404 unless the user is a member of it or has a role in one of its
    locations; 403 without a right to its report."""
    # Its locations are read once, for the scope and for the rights.
    body = (
        GovernanceBody.objects.filter(pk=pk, level=BodyLevel.STUURGROEP)
        .prefetch_related("communities")
        .first()
    )
    if body is None or not user.is_authenticated:
        raise Http404
    in_scope = governance_access.membership_of(user, body) is not None or any(
        community_access.role_in(user, c) for c in body.communities.all()
    )
    if not in_scope:
        raise Http404
    viewer = area_report_viewer(user, body)
    if not viewer.sees_page:
        raise PermissionDenied
    return viewer


def stuurgroepen_for(user: User):
    """The stuurgroepen whose area report the user may open (home page)."""
    bodies = GovernanceBody.objects.filter(level=BodyLevel.STUURGROEP).prefetch_related(
        "communities"
    )
    return [
        body
        for body in bodies.filter(members__user=user).distinct()
        if area_report_viewer(user, body).sees_page
    ]
