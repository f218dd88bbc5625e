"""What funding needs from governance, without importing it (DESIGN.md §5: financiering depends
on `communities` only). The governance models are looked up through Django's app registry by
name; while they do not exist (or no kerngroep / akkoord is recorded for a community) these
answer with nobody and a reason, and the callers say so instead of guessing:

- the recipients of the monthly horizon e-mail: the kerngroep members of the community (users
  with an e-mail address, and members without an account who have one);
- whether a user represents a partner in the community's kerngroep (edit rights): a member of
  that kerngroep for an organisation, not the residents' delegation;
- the partners named in the bestuurlijk akkoord (the warning "a partner contributes nothing");
  until an akkoord is recorded, the community's own partner organisations, municipality and
  corporation stand in, and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldError
from django.utils.translation import gettext as _

from communities.models import Community, Organisation, User

KERNGROEP = "kerngroep"  # governance's BodyLevel value


def _model(name: str):
    try:
        return apps.get_model("governance", name)
    except LookupError:
        return None


def _kerngroep_members(community: Community):
    member = _model("BodyMember")
    if member is None:
        return None
    return member.objects.filter(body__level=KERNGROEP, body__communities=community)


@dataclass(frozen=True)
class Recipients:
    emails: tuple[str, ...]
    reason: str  # why there are none (empty when there are)


def kerngroep_recipients(*, community: Community) -> Recipients:
    """The e-mail addresses of the kerngroep members of `community`."""
    members = _kerngroep_members(community)
    if members is None:
        return Recipients(
            emails=(),
            reason=_("De kerngroep van deze locatie staat nog niet in het platform (governance)."),
        )
    try:
        rows = list(members.values_list("user__email", "user__is_active", "email"))
    except FieldError:
        return Recipients(emails=(), reason=_("De kerngroep kon niet worden gelezen."))
    emails = sorted(
        {(user_email if active else "") or own for user_email, active, own in rows} - {"", None}
    )
    if not emails:
        return Recipients(
            emails=(),
            reason=_("De kerngroep van deze locatie heeft geen leden met een e-mailadres."),
        )
    return Recipients(emails=tuple(emails), reason="")


def kerngroep_partner_representative(*, user: User, community: Community) -> bool:
    members = _kerngroep_members(community)
    if members is None or not user.is_authenticated:
        return False
    try:
        return members.filter(
            user=user, organisation__isnull=False, residents_delegation=False
        ).exists()
    except FieldError:
        return False


@dataclass(frozen=True)
class AkkoordParties:
    organisations: tuple[Organisation, ...]
    from_akkoord: bool
    source: str


def akkoord_parties(*, community: Community) -> AkkoordParties:
    agreement = _model("Agreement")
    if agreement is not None:
        try:
            parties = Organisation.objects.filter(
                agreements__in=agreement.objects.filter(community=community)
            ).distinct()
            found = tuple(parties.order_by("name"))
        except FieldError:
            found = ()
        if found:
            return AkkoordParties(
                organisations=found,
                from_akkoord=True,
                source=_("De partijen uit het bestuurlijk akkoord van deze locatie."),
            )
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
