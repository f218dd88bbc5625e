"""Writes of funding. Keyword-only; every rule refused raises a ValidationError with a Dutch
message on the field it is about; nothing is written then."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.constants import Action
from audit.services import record_write
from communities.models import Community, Organisation, User
from financiering.constants import (
    BUDGET_PURPOSES,
    DOCUMENT_MAX_BYTES,
    AgreementKind,
    AgreementStatus,
    ContributionUnit,
    OneOffPurpose,
    Purpose,
)
from financiering.models import Contribution, FundingAgreement, OneOffContribution, SpendingLine
from financiering.numbers import parse_amount, parse_hours

MAX_YEARS = 15  # an agreement longer than this is a typing error (the model asks 5–10)


def _d(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start <= b_end and b_start <= a_end


def agreement_validate(
    *,
    agreement: FundingAgreement | None,
    communities: list[Community],
    title: str,
    kind: str,
    status: str,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
    purposes: Iterable[str],
    parties: list[Organisation],
    predecessor: FundingAgreement | None,
) -> None:
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if not (title or "").strip():
        add("title", _("Geef de afspraak een titel."))
    if kind not in AgreementKind.values:
        add("kind", _("Kies projectgeld of regulier geld."))
    if status not in AgreementStatus.values:
        add("status", _("Kies een status."))
    purposes = list(purposes)
    if not purposes:
        add("purposes", _("Kies waarvoor de afspraak geld of uren regelt."))
    if any(p not in Purpose.values for p in purposes):
        add("purposes", _("Kies doelen uit de lijst."))
    if not parties:
        add("parties", _("Kies de partijen die de afspraak maken."))
    if not communities:
        add("communities", _("Kies de locatie(s) waarvoor de afspraak geldt."))
    elif len({c.municipality_id for c in communities}) > 1:
        add(
            "communities",
            _("Een afspraak voor meer locaties geldt voor locaties in één gemeente."),
        )
    if start_date is None:
        add("start_date", _("Vul een ingangsdatum in."))
    if end_date is None:
        add("end_date", _("Vul een einddatum in."))
    if start_date and end_date:
        if end_date < start_date:
            add("end_date", _("De einddatum ligt vóór de ingangsdatum."))
        elif end_date.year - start_date.year > MAX_YEARS:
            add("end_date", _("Een afspraak van meer dan 15 jaar: kijk de einddatum na."))
    if predecessor is not None:
        if agreement is not None and predecessor.pk == agreement.pk:
            add("predecessor", _("Een afspraak kan geen vervolg op zichzelf zijn."))
        elif start_date and predecessor.start_date >= start_date:
            add("predecessor", _("De vorige afspraak moet eerder ingaan dan deze."))
    if errors:
        raise ValidationError(errors)

    # Overlap: another agreement for one of these communities and one of these purposes.
    others = (
        FundingAgreement.objects.filter(communities__in=communities)
        .distinct()
        .prefetch_related("communities")
    )
    if agreement is not None:
        others = others.exclude(pk=agreement.pk)
    for other in others:
        shared = set(other.purposes) & set(purposes)
        if shared and _overlaps(start_date, end_date, other.start_date, other.end_date):
            labels = ", ".join(str(Purpose(p).label).lower() for p in sorted(shared))
            add(
                "start_date",
                _(
                    "Deze periode overlapt met %(title)s (%(start)s t/m %(end)s) voor "
                    "%(purposes)s. Laat de nieuwe afspraak beginnen na het einde van de vorige, "
                    "of pas de doelen aan."
                )
                % {
                    "title": other.title,
                    "start": _d(other.start_date),
                    "end": _d(other.end_date),
                    "purposes": labels,
                },
            )
            break
    # A shorter period or fewer parties/purposes must not strand existing contributions.
    if agreement is not None and agreement.pk:
        outside = agreement.contributions.exclude(
            year__gte=start_date.year, year__lte=end_date.year
        )
        if outside.exists():
            add(
                "end_date",
                _("Er zijn bijdragen in jaren buiten deze periode: pas die eerst aan."),
            )
        if agreement.one_off_contributions.exclude(
            paid_on__gte=start_date, paid_on__lte=end_date
        ).exists():
            add(
                "end_date",
                _("Er zijn eenmalige bijdragen buiten deze periode: pas die eerst aan."),
            )
        if agreement.contributions.exclude(purpose__in=purposes).exists():
            add("purposes", _("Er zijn bijdragen voor een doel dat u weghaalt."))
        if agreement.contributions.exclude(party__in=parties).exists() or (
            agreement.one_off_contributions.exclude(party__in=parties).exists()
        ):
            add("parties", _("Een partij die u weghaalt heeft bijdragen in deze afspraak."))
        if agreement.contributions.exclude(community__in=communities).exists():
            add("communities", _("Een locatie die u weghaalt heeft bijdragen in deze afspraak."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def agreement_save(
    *,
    by: User,
    agreement: FundingAgreement | None = None,
    communities: list[Community],
    title: str,
    kind: str,
    status: str,
    start_date: datetime.date,
    end_date: datetime.date,
    purposes: Iterable[str],
    parties: list[Organisation],
    predecessor: FundingAgreement | None = None,
) -> FundingAgreement:
    """Create or change an agreement. Locks the communities so two editors cannot create two
    overlapping agreements at the same moment."""
    purposes = sorted(set(purposes))
    list(
        Community.objects.select_for_update()
        .filter(pk__in=[c.pk for c in communities])
        .order_by("pk")
    )
    agreement_validate(
        agreement=agreement,
        communities=communities,
        title=title,
        kind=kind,
        status=status,
        start_date=start_date,
        end_date=end_date,
        purposes=purposes,
        parties=parties,
        predecessor=predecessor,
    )
    created = agreement is None
    if created:
        agreement = FundingAgreement(created_by=by)
    agreement.municipality = communities[0].municipality
    agreement.title = title.strip()
    agreement.kind = kind
    agreement.status = status
    agreement.start_date = start_date
    agreement.end_date = end_date
    agreement.purposes = purposes
    agreement.predecessor = predecessor
    agreement.save()
    agreement.communities.set(communities)
    agreement.parties.set(parties)
    record_write(
        actor=by,
        obj=agreement,
        community=communities[0],
        action=Action.CREATE if created else Action.CHANGE,
        detail="meerjarenafspraak",
    )
    return agreement


def _check_pdf(content: bytes, name: str) -> None:
    if not name.lower().endswith(".pdf") or not content.startswith(b"%PDF-"):
        raise ValidationError({"document": _("Alleen een pdf-bestand kan hier.")})
    if len(content) > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            {"document": _("Het bestand is groter dan 10 MB: maak het kleiner of scan opnieuw.")}
        )


@transaction.atomic
def agreement_document_attach(
    *, agreement: FundingAgreement, by: User, content: bytes, name: str
) -> FundingAgreement:
    """Store the signed agreement (PDF only, at most 10 MB) in private storage, replacing an
    earlier one."""
    _check_pdf(content, name)
    if agreement.document:
        agreement.document.delete(save=False)
    agreement.document.save("afspraak.pdf", ContentFile(content), save=False)
    agreement.document_name = name[-200:]
    agreement.save(update_fields=["document", "document_name", "updated_at"])
    record_write(
        actor=by,
        obj=agreement,
        community=agreement.communities.first(),
        detail="getekend document",
    )
    return agreement


def _contribution_value(unit: str, value) -> tuple[Decimal | None, Decimal | None]:
    if unit == ContributionUnit.MONEY:
        try:
            return parse_amount(value), None
        except ValidationError as error:
            raise ValidationError({"value": error.messages}) from error
    if unit == ContributionUnit.HOURS:
        try:
            hours = parse_hours(value)
        except ValidationError as error:
            raise ValidationError({"value": error.messages}) from error
        if hours > 168:
            raise ValidationError({"value": _("Een week heeft 168 uur: kijk het aantal na.")})
        return None, hours
    raise ValidationError({"unit": _("Kies geld of uren.")})


@transaction.atomic
def contribution_add(
    *,
    by: User,
    agreement: FundingAgreement,
    community: Community,
    party: Organisation,
    purpose: str,
    year: int,
    unit: str,
    value,
    note: str = "",
) -> Contribution:
    """One party's contribution for one purpose in one year, in money (€ per year) or in hours
    (per week), inside the agreement's period."""
    errors: dict[str, list[str]] = {}
    if not agreement.communities.filter(pk=community.pk).exists():
        errors["community"] = [_("Deze locatie valt niet onder de afspraak.")]
    if not agreement.parties.filter(pk=party.pk).exists():
        errors["party"] = [_("Deze partij is geen partij in de afspraak.")]
    if purpose not in agreement.purposes:
        errors["purpose"] = [_("De afspraak regelt niets voor dit doel.")]
    if not agreement.start_date.year <= int(year) <= agreement.end_date.year:
        errors["year"] = [
            _("Het jaar valt buiten de looptijd van de afspraak (%(start)s t/m %(end)s).")
            % {"start": _d(agreement.start_date), "end": _d(agreement.end_date)}
        ]
    try:
        amount, hours = _contribution_value(unit, value)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            contribution = Contribution.objects.create(
                agreement=agreement,
                community=community,
                party=party,
                purpose=purpose,
                year=int(year),
                amount_per_year=amount,
                hours_per_week=hours,
                note=(note or "").strip()[:300],
            )
    except IntegrityError as error:
        raise ValidationError(
            {
                "year": _(
                    "Deze partij heeft voor dit doel en jaar al een bijdrage in deze afspraak: "
                    "verwijder die eerst."
                )
            }
        ) from error
    record_write(
        actor=by, obj=contribution, community=community, action=Action.CREATE, detail="bijdrage"
    )
    return contribution


@transaction.atomic
def contribution_delete(*, by: User, contribution: Contribution) -> None:
    record_write(
        actor=by,
        obj=contribution,
        community=contribution.community,
        action=Action.DELETE,
        detail="bijdrage",
    )
    contribution.delete()


@transaction.atomic
def one_off_add(
    *,
    by: User,
    agreement: FundingAgreement,
    community: Community,
    party: Organisation,
    purpose: str,
    amount,
    paid_on: datetime.date,
    description: str = "",
) -> OneOffContribution:
    errors: dict[str, list[str]] = {}
    if not agreement.communities.filter(pk=community.pk).exists():
        errors["community"] = [_("Deze locatie valt niet onder de afspraak.")]
    if not agreement.parties.filter(pk=party.pk).exists():
        errors["party"] = [_("Deze partij is geen partij in de afspraak.")]
    if purpose not in OneOffPurpose.values:
        errors["purpose"] = [_("Kies waarvoor de bijdrage is.")]
    if paid_on is None or not agreement.start_date <= paid_on <= agreement.end_date:
        errors["paid_on"] = [
            _("De datum valt buiten de looptijd van de afspraak (%(start)s t/m %(end)s).")
            % {"start": _d(agreement.start_date), "end": _d(agreement.end_date)}
        ]
    try:
        value = parse_amount(amount)
    except ValidationError as error:
        errors["amount"] = error.messages
    if errors:
        raise ValidationError(errors)
    one_off = OneOffContribution.objects.create(
        agreement=agreement,
        community=community,
        party=party,
        purpose=purpose,
        amount=value,
        paid_on=paid_on,
        description=(description or "").strip()[:300],
    )
    record_write(
        actor=by,
        obj=one_off,
        community=community,
        action=Action.CREATE,
        detail="eenmalige bijdrage",
    )
    return one_off


@transaction.atomic
def spending_add(
    *,
    by: User,
    community: Community,
    budget: str,
    spent_on: datetime.date,
    amount,
    description: str,
) -> SpendingLine:
    errors: dict[str, list[str]] = {}
    if budget not in BUDGET_PURPOSES:
        errors["budget"] = [_("Kies het activiteitenbudget of het budget van de woonvereniging.")]
    if spent_on is None:
        errors["spent_on"] = [_("Vul een datum in.")]
    if not (description or "").strip():
        errors["description"] = [_("Zeg kort waaraan het geld is uitgegeven.")]
    try:
        value = parse_amount(amount)
    except ValidationError as error:
        errors["amount"] = error.messages
    if errors:
        raise ValidationError(errors)
    line = SpendingLine.objects.create(
        community=community,
        budget=budget,
        spent_on=spent_on,
        amount=value,
        description=description.strip()[:300],
        recorded_by=by,
    )
    record_write(actor=by, obj=line, community=community, action=Action.CREATE, detail="uitgave")
    return line


def agreement_document_open(*, agreement: FundingAgreement, community: Community, actor):
    """The signed document, opened for `actor` to download; the download is in the audit trail.
    Raises FileNotFoundError when there is none."""
    if not agreement.document:
        raise FileNotFoundError(agreement.pk)
    handle = agreement.document.open("rb")
    record_write(
        actor=actor,
        obj=agreement,
        community=community,
        action=Action.DOWNLOAD,
        detail="getekend document",
    )
    return handle
