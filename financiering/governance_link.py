"""What funding needs from governance, without importing it (DESIGN.md §5: financiering depends
on `communities` only).

Until the governance app records the kerngroep and the bestuurlijk akkoord, these answer with
nobody and a reason, and the callers say so instead of guessing:
- the recipients of the monthly horizon e-mail (the kerngroep members);
- whether a user represents a partner in the community's kerngroep (edit rights);
- the partners named in the akkoord (the warning "a partner contributes nothing") — until then
  the community's own partner organisations, municipality and corporation stand in, and the page
  says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from communities.models import Community, Organisation, User


@dataclass(frozen=True)
class Recipients:
    users: tuple[User, ...]
    reason: str  # why there are none (empty when there are)


def kerngroep_recipients(*, community: Community) -> Recipients:
    """The kerngroep members of `community` with an e-mail address."""
    return Recipients(
        users=(),
        reason=_("De kerngroep van deze locatie staat nog niet in het platform (governance)."),
    )


def kerngroep_partner_representative(*, user: User, community: Community) -> bool:
    return False


@dataclass(frozen=True)
class AkkoordParties:
    organisations: tuple[Organisation, ...]
    from_akkoord: bool
    source: str


def akkoord_parties(*, community: Community) -> AkkoordParties:
    organisations = {community.municipality_id: community.municipality}
    organisations[community.corporation_id] = community.corporation
    for partner in community.partners.all():
        organisations[partner.pk] = partner
    return AkkoordParties(
        organisations=tuple(sorted(organisations.values(), key=lambda o: o.name)),
        from_akkoord=False,
        source=_(
            "Het bestuurlijk akkoord staat nog niet in het platform: de partners van de locatie "
            "(gemeente, corporatie en partnerorganisaties) staan ervoor in de plaats."
        ),
    )
