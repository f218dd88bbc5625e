"""What of the IMO a viewer may see, built on `communities.access` (the one place for rights).

The agenda PDF is stored, so what a viewer gets is decided by what the stored file holds, not
by today's consent alone (issue 9): each copy records whose care details it contains and
whether it gives reasons for moving out, and it is handed only to a viewer entitled to all of
that. Anyone else gets their own copy rendered.
"""

from __future__ import annotations

from dataclasses import dataclass

from communities.access import can_see_candidate_care, can_see_move_reasons, role_in
from communities.constants import Role
from communities.models import Community, User
from imo.models import AgendaCopy, IntakeMeeting

# Roles that get the full professional copy: care details of every consenting candidate and
# reasons for moving out.
_FULL_COPY_ROLES = frozenset({Role.SOCIAAL_BEHEERDER, Role.COMMUNITYCOACH})


@dataclass(frozen=True)
class AgendaEntitlement:
    professional: bool  # a professional copy at all (else the residents' copy)
    care_candidate_ids: frozenset[int]  # whose care details the viewer may read today
    move_reasons: bool
    # The copy to render for this viewer when no stored one fits: None for the full copy,
    # the begeleider's care organisation for theirs.
    care_organisation_id: int | None


def agenda_entitlement(
    user: User, community: Community, meeting: IntakeMeeting
) -> AgendaEntitlement:
    role = role_in(user, community)
    organisation_id = None
    if role in _FULL_COPY_ROLES:
        professional = True
    elif role == Role.BEGELEIDER and user.organisation_id is not None:
        professional, organisation_id = True, user.organisation_id
    else:
        professional = False
    care = frozenset(
        c.pk
        for c in meeting.candidates.all()
        if professional and can_see_candidate_care(user, community, c)
    )
    return AgendaEntitlement(
        professional=professional,
        care_candidate_ids=care,
        move_reasons=can_see_move_reasons(user, community),
        care_organisation_id=organisation_id,
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
    user: User, community: Community, meeting: IntakeMeeting
) -> tuple[AgendaCopy | None, AgendaEntitlement]:
    """The stored copy to hand `user` (with the entitlement it was chosen by): for the IMO's
    professionals the allowed professional copy with the most care details, for everyone else
    the residents' copy. None when no stored copy fits: render theirs."""
    entitlement = agenda_entitlement(user, community, meeting)
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
