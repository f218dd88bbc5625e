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

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldError
from django.db import models
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


def kerngroep_partner_community_ids(*, user: User) -> frozenset[int]:
    """The communities in whose kerngroep the user represents a partner: one query for all of
    them, kept on the user object for the rest of the request (like `access.role_in`'s roles),
    so that a page checking funding rights for fifty locations does not ask fifty times."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_kerngroep_partner_cache", None)
    if cached is not None:
        return cached
    member = _model("BodyMember")
    ids: frozenset[int] = frozenset()
    if member is not None:
        try:
            ids = frozenset(
                pk
                for pk in member.objects.filter(
                    user=user,
                    body__level=KERNGROEP,
                    organisation__isnull=False,
                    residents_delegation=False,
                ).values_list("body__communities", flat=True)
                if pk is not None
            )
        except FieldError:
            ids = frozenset()
    user._kerngroep_partner_cache = ids
    return ids


def kerngroep_partner_representative(*, user: User, community: Community) -> bool:
    return community.pk in kerngroep_partner_community_ids(user=user)


@dataclass(frozen=True)
class AkkoordParties:
    organisations: tuple[Organisation, ...]
    from_akkoord: bool
    source: str


def akkoord_parties(*, community: Community) -> AkkoordParties:
    return akkoord_parties_many(communities=[community])[community.pk]


def akkoord_parties_many(*, communities: list[Community]) -> dict[int, AkkoordParties]:
    """`akkoord_parties` for many communities in one query, whatever their number (the start
    page's funding block of a gemeente official with fifty locations): the akkoord's parties
    and the community's partner organisations together; municipality and corporation come with
    the communities when they were fetched with them."""
    ids = [c.pk for c in communities]
    from_akkoord: dict[int, list[Organisation]] = defaultdict(list)
    partners: dict[int, list[Organisation]] = defaultdict(list)
    if ids:
        fields = ("organisation_id", "organisation__name", "organisation__kind")
        rows = (
            Community.partners.through.objects.filter(community_id__in=ids)
            .order_by()
            .values_list(
                "community_id", *fields, models.Value(False, output_field=models.BooleanField())
            )
        )
        agreement = _model("Agreement")
        if agreement is not None:
            try:
                rows = rows.union(
                    agreement.parties.through.objects.filter(agreement__community_id__in=ids)
                    .order_by()
                    .values_list(
                        "agreement__community_id",
                        *fields,
                        models.Value(True, output_field=models.BooleanField()),
                    ),
                    all=True,
                )
            except FieldError:
                pass
        for community_id, pk, name, kind, in_akkoord in rows:
            organisation = Organisation(pk=pk, name=name, kind=kind)
            (from_akkoord if in_akkoord else partners)[community_id].append(organisation)
    for found in from_akkoord.values():
        found.sort(key=lambda o: (o.name, o.pk))
    # The stand-ins for communities without an akkoord: municipality, corporation, partners.
    missing = {
        pk
        for c in communities
        if not from_akkoord.get(c.pk)
        for pk, cached in (
            (c.municipality_id, Community.municipality.is_cached(c)),
            (c.corporation_id, Community.corporation.is_cached(c)),
        )
        if not cached
    }
    organisations = Organisation.objects.in_bulk(missing) if missing else {}

    def organisation_of(community: Community, field: str) -> Organisation:
        if getattr(Community, field).is_cached(community):
            return getattr(community, field)
        return organisations[getattr(community, f"{field}_id")]

    result = {}
    for community in communities:
        found = from_akkoord.get(community.pk)
        if found:
            result[community.pk] = AkkoordParties(
                organisations=tuple(found),
                from_akkoord=True,
                source=_("De partijen uit het bestuurlijk akkoord van deze locatie."),
            )
            continue
        stand_ins = {
            community.municipality_id: organisation_of(community, "municipality"),
            community.corporation_id: organisation_of(community, "corporation"),
        }
        for partner in partners[community.pk]:
            stand_ins[partner.pk] = partner
        result[community.pk] = AkkoordParties(
            organisations=tuple(sorted(stand_ins.values(), key=lambda o: o.name)),
            from_akkoord=False,
            source=_(
                "Het bestuurlijk akkoord staat nog niet in het platform: de partners van de "
                "locatie (gemeente, corporatie en partnerorganisaties) staan ervoor in de plaats."
            ),
        )
    return result
