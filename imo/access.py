"""Who sees what of the IMO's candidates, in one place, built on `communities.access`.

`imo_viewer(user, community)` answers every question a page, the agenda or a PDF asks about the
viewer once; the object is passed down to `imo.selectors.agenda_build`, the PDF and the views.
The two stored PDF copies are rendered for an audience rather than a user
(`audience_viewer(community, "professional" | "resident")`).

Care details of a candidate (Candidate.CARE_FIELDS) are never a capability of a role alone: the
candidate's consent to share them with the IMO must stand, and a begeleider sees them only for
the candidate of their own care organisation (DESIGN.md §6). The residents' delegation never.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from communities import access
from communities.access import Capability as C
from communities.constants import Role
from communities.models import Community, User

Audience = Literal["professional", "resident"]

# Roles whose professionals see every consenting candidate's care details in the IMO.
IMO_CARE_ROLES = frozenset({Role.SOCIAAL_BEHEERDER, Role.COMMUNITYCOACH})


@dataclass(frozen=True)
class ImoViewer:
    """What one viewer may see in one community's IMO.

    - `capabilities`: the viewer's capabilities there (empty for a rendered copy);
    - `limited`: the residents' delegation (VIEW_IMO without VIEW_RESIDENTS): candidates' name,
      motivation, willingness and supported yes/no only, no history or contact details;
    - `care_role`: a role whose professionals may see care details at all (per candidate:
      `sees_care`), and the reasons residents left (agenda point 3);
    - `sees_care(candidate)`: this candidate's care details, now.
    """

    community: Community
    capabilities: frozenset[C]
    role: str | None
    organisation_id: int | None
    audience: Audience | None = None  # set for a rendered copy, None for a person

    @property
    def limited(self) -> bool:
        if self.audience is not None:
            return self.audience == "resident"
        return C.VIEW_RESIDENTS not in self.capabilities

    @property
    def can_run(self) -> bool:
        return C.RUN_IMO in self.capabilities

    @property
    def can_decide(self) -> bool:
        return C.DECIDE_ALLOCATION in self.capabilities

    @property
    def care_role(self) -> bool:
        if self.audience is not None:
            return self.audience == "professional"
        return self.role in IMO_CARE_ROLES or self.role == Role.BEGELEIDER

    def sees_care(self, candidate) -> bool:
        """Whether this viewer may see `candidate`'s care details: the sociaal beheerder or coach
        of the candidate's community (and the professional copy), or a begeleider of the
        candidate's own care organisation (care_organisation or proposed_by) — and only while
        the candidate's consent stands (checked now: a withdrawal hides them at once)."""
        if candidate.community_id != self.community.pk or not candidate.has_consent:
            return False
        if not self.care_role:
            return False
        if self.audience is not None or self.role in IMO_CARE_ROLES:
            return True
        if self.organisation_id is None:
            return False
        return self.organisation_id in {candidate.care_organisation_id, candidate.proposed_by_id}

    def agenda_audience(self, meeting) -> Audience:
        """Which stored copy of the meeting's agenda this viewer gets. The professional copy
        holds care details of every consenting candidate on the agenda, so a begeleider gets it
        only when it shows no care details of anyone else's candidate; everyone else who may
        not see care details gets the residents' copy."""
        if self.audience is not None:
            return self.audience
        if not self.care_role:
            return "resident"
        if self.role in IMO_CARE_ROLES:
            return "professional"
        candidates = meeting.candidates.select_related("community")
        if all(self.sees_care(c) for c in candidates if c.has_consent):
            return "professional"
        return "resident"


def imo_viewer(user: User, community: Community) -> ImoViewer:
    """The viewer object of `user` in `community` (after `access.community_for`)."""
    return ImoViewer(
        community=community,
        capabilities=access.capabilities_in(user, community),
        role=access.role_in(user, community),
        organisation_id=user.organisation_id if user.is_authenticated else None,
    )


def audience_viewer(community: Community, audience: Audience) -> ImoViewer:
    """The viewer a stored agenda copy is rendered for: the professional copy sees the care
    details of every consenting candidate, the residents' copy none."""
    if audience not in ("professional", "resident"):
        raise ValueError(f"unknown audience: {audience!r}")
    return ImoViewer(
        community=community,
        capabilities=frozenset(),
        role=None,
        organisation_id=None,
        audience=audience,
    )
