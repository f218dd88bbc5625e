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
from imo.models import AgendaCopy, IntakeMeeting

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
        of the candidate's community (and the full professional copy), or a begeleider of the
        candidate's own care organisation (care_organisation or proposed_by; also the copy made
        for that organisation's begeleiders) — and only while
        the candidate's consent stands (checked now: a withdrawal hides them at once)."""
        if candidate.community_id != self.community.pk or not candidate.has_consent:
            return False
        if not self.care_role:
            return False
        if self.role in IMO_CARE_ROLES:
            return True
        if self.audience is not None and self.organisation_id is None:
            return True  # the full professional copy
        if self.organisation_id is None:
            return False
        return self.organisation_id in {candidate.care_organisation_id, candidate.proposed_by_id}

    @property
    def sees_move_reasons(self) -> bool:
        """Why residents left ("naar een zorgsetting", "huisuitzetting", "overleden"): the coach
        and the corporation's beheerders, and the full professional copy made for them. Not the
        begeleiders: for other organisations' clients those are care details (issue 9)."""
        if self.audience is not None:
            return self.audience == "professional" and self.organisation_id is None
        return access.can_see_move_reasons_role(self.role)


def imo_viewer(user: User, community: Community) -> ImoViewer:
    """The viewer object of `user` in `community` (after `access.community_for`)."""
    return ImoViewer(
        community=community,
        capabilities=access.capabilities_in(user, community),
        role=access.role_in(user, community),
        organisation_id=user.organisation_id if user.is_authenticated else None,
    )


def audience_viewer(
    community: Community, audience: Audience, *, care_organisation_id: int | None = None
) -> ImoViewer:
    """The viewer a stored agenda copy is rendered for: the professional copy sees the care
    details of every consenting candidate, the residents' copy none. With
    `care_organisation_id`: the professional copy for that organisation's begeleiders (care
    details of its own candidates only, no reasons for moving out)."""
    if audience not in ("professional", "resident"):
        raise ValueError(f"unknown audience: {audience!r}")
    return ImoViewer(
        community=community,
        capabilities=frozenset(),
        role=None,
        organisation_id=care_organisation_id if audience == "professional" else None,
        audience=audience,
    )


# --- which stored agenda copy a viewer gets (issue 9) --------------------------------------------
# The agenda PDF is stored, so what a viewer gets is decided by what the stored file holds, not
# by today's consent alone: each copy (AgendaCopy) records whose care details it contains and
# whether it gives reasons for moving out, and it is handed only to a viewer entitled to all of
# that. Anyone else gets their own copy rendered.


@dataclass(frozen=True)
class AgendaEntitlement:
    professional: bool  # a professional copy at all (else the residents' copy)
    care_candidate_ids: frozenset[int]  # whose care details the viewer may read today
    move_reasons: bool
    # The copy to render for this viewer when no stored one fits: None for the full copy,
    # the begeleider's care organisation for theirs.
    care_organisation_id: int | None


def agenda_entitlement(viewer: ImoViewer, meeting: IntakeMeeting) -> AgendaEntitlement:
    professional = viewer.care_role and (
        viewer.role in IMO_CARE_ROLES or viewer.organisation_id is not None
    )
    care = frozenset(c.pk for c in meeting.candidates.all() if professional and viewer.sees_care(c))
    return AgendaEntitlement(
        professional=professional,
        care_candidate_ids=care,
        move_reasons=viewer.sees_move_reasons,
        care_organisation_id=None if viewer.role in IMO_CARE_ROLES else viewer.organisation_id,
    )


def copy_allowed(copy: AgendaCopy, entitlement: AgendaEntitlement) -> bool:
    """Whether `copy` holds nothing the viewer may not see."""
    if copy.audience == "resident":
        return True
    held = {candidate.pk for candidate in copy.care_candidates.all()}
    return (
        entitlement.professional
        and held <= entitlement.care_candidate_ids
        and (entitlement.move_reasons or not copy.move_reasons)
    )


def agenda_copy_for(
    viewer: ImoViewer, meeting: IntakeMeeting
) -> tuple[AgendaCopy | None, AgendaEntitlement]:
    """The stored copy to hand `viewer` (with the entitlement it was chosen by): for the IMO's
    professionals the allowed professional copy with the most care details, for everyone else
    the residents' copy. None when no stored copy fits: render theirs."""
    entitlement = agenda_entitlement(viewer, meeting)
    copies = meeting.agenda_copies.prefetch_related("care_candidates")
    if not entitlement.professional:
        return copies.filter(audience="resident").first(), entitlement
    allowed = [c for c in copies.filter(audience="professional") if copy_allowed(c, entitlement)]
    best = max(
        allowed,
        key=lambda c: (len(c.care_candidates.all()), c.move_reasons, c.generated_at),
        default=None,
    )
    return best, entitlement
