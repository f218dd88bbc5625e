"""Writes of the core domain. Each function is one transaction; rule violations raise
ValidationError with a Dutch message, and the database constraints back them up."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.constants import MoveOutReason, OrganisationKind, Phase, SupportRequestStatus
from communities.mix import half_target_allowed
from communities.models import (
    Community,
    Organisation,
    PilotLightDecision,
    Resident,
    SupportPeriod,
    SupportRequest,
    Tenancy,
    TenancyResident,
    Unit,
    User,
)
from communities.phase import pilot_light_allowed
from communities.selectors import community_phase, pilot_light_active


def _overlaps(queryset, start: datetime.date, end: datetime.date | None):
    """Rows of a half-open period queryset that overlap [start, end)."""
    queryset = queryset.filter(Q(end_date__isnull=True) | Q(end_date__gt=start))
    if end is not None:
        queryset = queryset.filter(start_date__lt=end)
    return queryset


def community_mix_target_validate(*, community: Community, target: str, reason: str) -> None:
    unit_count = community.units.count() if community.pk else 0
    if target == "1/2" and not half_target_allowed(unit_count=unit_count, reason=reason):
        raise ValidationError(
            {
                "mix_target_reason": _(
                    "Een verdeling van 50/50 kan alleen bij een locatie tot ongeveer 60 "
                    "eenheden, of met een vastgelegde reden."
                )
            }
        )


@transaction.atomic
def resident_move_in(*, resident: Resident, unit: Unit, on: datetime.date) -> TenancyResident:
    """The resident moves into the unit on `on`. If the unit is let already, the resident joins
    that tenancy (residents may share a unit); otherwise a new tenancy starts."""
    if unit.community_id != resident.community_id:
        raise ValidationError(_("Deze eenheid hoort niet bij de locatie van de bewoner."))
    # Lock the unit so two simultaneous move-ins into an empty unit cannot both start a tenancy.
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if _overlaps(resident.stays.all(), on, None).exists():
        raise ValidationError(
            _("%(name)s woont op %(date)s al in een eenheid. Registreer eerst het vertrek.")
            % {"name": resident, "date": on.strftime("%d-%m-%Y")}
        )
    tenancy = unit.tenancies.filter(end_date__isnull=True).first()
    if tenancy is not None and tenancy.start_date > on:
        raise ValidationError(
            _("Eenheid %(unit)s is verhuurd vanaf %(date)s; kies een latere datum.")
            % {"unit": unit, "date": tenancy.start_date.strftime("%d-%m-%Y")}
        )
    if tenancy is None:
        if _overlaps(unit.tenancies.all(), on, None).exists():
            raise ValidationError(
                _("Eenheid %(unit)s was op %(date)s nog verhuurd.")
                % {"unit": unit, "date": on.strftime("%d-%m-%Y")}
            )
        tenancy = Tenancy.objects.create(unit=unit, start_date=on)
    try:
        with transaction.atomic():
            return TenancyResident.objects.create(tenancy=tenancy, resident=resident, start_date=on)
    except IntegrityError as error:
        raise ValidationError(_("Deze bewoner woont al in een eenheid.")) from error


@transaction.atomic
def resident_move_out(*, resident: Resident, on: datetime.date, reason: str) -> TenancyResident:
    """The resident leaves on `on` (the first day not living there). When the last resident of a
    tenancy leaves, the tenancy ends with the same reason and the unit comes free."""
    if reason not in MoveOutReason.values:
        raise ValidationError(_("Kies een reden van vertrek."))
    stay = (
        TenancyResident.objects.select_for_update()
        .filter(resident=resident, end_date__isnull=True)
        .select_related("tenancy")
        .first()
    )
    if stay is None:
        raise ValidationError(_("%(name)s woont nu nergens op de locatie.") % {"name": resident})
    if on < stay.start_date:
        raise ValidationError(
            _("De vertrekdatum ligt vóór de datum van intrek (%(date)s).")
            % {"date": stay.start_date.strftime("%d-%m-%Y")}
        )
    stay.end_date = on
    stay.move_out_reason = reason
    stay.save(update_fields=["end_date", "move_out_reason"])
    tenancy = stay.tenancy
    if not tenancy.occupants.filter(end_date__isnull=True).exists():
        tenancy.end_date = max(on, *tenancy.occupants.values_list("end_date", flat=True))
        tenancy.end_reason = reason
        tenancy.save(update_fields=["end_date", "end_reason"])
    return stay


@transaction.atomic
def support_start(
    *,
    resident: Resident,
    care_organisation: Organisation,
    on: datetime.date,
    hours_per_week: Decimal,
) -> SupportPeriod:
    if care_organisation.kind != OrganisationKind.ZORGAANBIEDER:
        raise ValidationError(_("Alleen een zorgaanbieder kan begeleiding bieden."))
    if hours_per_week < 0:
        raise ValidationError({"hours_per_week": _("Het aantal uren kan niet negatief zijn.")})
    # Lock the resident row: two simultaneous starts must not both pass the overlap check.
    Resident.objects.select_for_update().filter(pk=resident.pk).first()
    if _overlaps(resident.support_periods.all(), on, None).exists():
        raise ValidationError(
            _("%(name)s wordt op %(date)s al begeleid.")
            % {"name": resident, "date": on.strftime("%d-%m-%Y")}
        )
    try:
        with transaction.atomic():
            return SupportPeriod.objects.create(
                resident=resident,
                care_organisation=care_organisation,
                start_date=on,
                hours_per_week=hours_per_week,
            )
    except IntegrityError as error:
        raise ValidationError(_("Deze bewoner wordt al begeleid.")) from error


MAX_SUPPORT_HOURS = Decimal("60")


@transaction.atomic
def support_begin(
    *,
    resident: Resident,
    care_organisation: Organisation,
    on: datetime.date,
    hours_per_week: Decimal,
    by: User,
) -> SupportPeriod | SupportRequest:
    """A begeleider's "begeleiding starten" (issue 9). A former client of `care_organisation`
    whose support would overlap nobody's starts at once. Everyone else gets a SupportRequest
    that the sociaal beheerder or the care organisation's coordinator confirms
    (`support_request_confirm`): a begeleider cannot make anyone their client alone.

    The answer does not depend on support by another organisation: a resident supported
    elsewhere gets the same request as anyone else (no oracle of who is supported). Only an
    overlap with the organisation's own period, or its own open request, is refused: that is
    the begeleider's own client."""
    if care_organisation.kind != OrganisationKind.ZORGAANBIEDER:
        raise ValidationError(_("Alleen een zorgaanbieder kan begeleiding bieden."))
    if not Decimal("0") <= hours_per_week <= MAX_SUPPORT_HOURS:
        raise ValidationError({"hours_per_week": _("Vul een aantal uren tussen 0 en 60 in.")})
    Resident.objects.select_for_update().filter(pk=resident.pk).first()
    own = resident.support_periods.filter(care_organisation=care_organisation)
    if _overlaps(own, on, None).exists():
        raise ValidationError(
            _("%(name)s wordt op %(date)s al door uw organisatie begeleid.")
            % {"name": resident, "date": on.strftime("%d-%m-%Y")}
        )
    pending = resident.support_requests.filter(
        care_organisation=care_organisation, status=SupportRequestStatus.PENDING
    )
    if pending.exists():
        raise ValidationError(_("Voor %(name)s staat al een verzoek open.") % {"name": resident})
    former_client = own.exists()
    if former_client and not _overlaps(resident.support_periods.all(), on, None).exists():
        return support_start(
            resident=resident,
            care_organisation=care_organisation,
            on=on,
            hours_per_week=hours_per_week,
        )
    return SupportRequest.objects.create(
        resident=resident,
        care_organisation=care_organisation,
        start_date=on,
        hours_per_week=hours_per_week,
        requested_by=by,
    )


def _lock_pending(request: SupportRequest) -> SupportRequest:
    locked = (
        SupportRequest.objects.select_for_update().select_related("resident").get(pk=request.pk)
    )
    if locked.status != SupportRequestStatus.PENDING:
        raise ValidationError(_("Over dit verzoek is al besloten."))
    return locked


@transaction.atomic
def support_request_confirm(*, request: SupportRequest, by: User) -> SupportPeriod:
    """Confirm a begeleider's request: the support period starts (who may confirm:
    `communities.access.support_requests_for`)."""
    request = _lock_pending(request)
    period = support_start(
        resident=request.resident,
        care_organisation=request.care_organisation,
        on=request.start_date,
        hours_per_week=request.hours_per_week,
    )
    request.status = SupportRequestStatus.CONFIRMED
    request.decided_by = by
    request.decided_at = timezone.now()
    request.support_period = period
    request.save(update_fields=["status", "decided_by", "decided_at", "support_period"])
    return period


@transaction.atomic
def support_request_refuse(*, request: SupportRequest, by: User) -> SupportRequest:
    request = _lock_pending(request)
    request.status = SupportRequestStatus.REFUSED
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    return request


@transaction.atomic
def support_end(*, support_period: SupportPeriod, on: datetime.date) -> SupportPeriod:
    period = SupportPeriod.objects.select_for_update().get(pk=support_period.pk)
    if period.end_date is not None:
        raise ValidationError(_("Deze begeleiding is al beëindigd."))
    if on < period.start_date:
        raise ValidationError(
            _("De einddatum ligt vóór de startdatum (%(date)s).")
            % {"date": period.start_date.strftime("%d-%m-%Y")}
        )
    period.end_date = on
    period.save(update_fields=["end_date"])
    return period


def pilot_light_validate(*, community: Community, active: bool, decided_on: datetime.date) -> None:
    """The pilot light goes on only after year 3 and below 100 units; off only when it is on."""
    currently = pilot_light_active(community=community, on=decided_on)
    if active == currently:
        raise ValidationError(
            _("De waakvlam staat al aan.") if active else _("De waakvlam staat niet aan.")
        )
    if active:
        phase = community_phase(community=community, on=decided_on)
        if not pilot_light_allowed(unit_count=community.units.count(), phase=phase):
            if phase != Phase.LATER:
                raise ValidationError(_("De waakvlam kan pas na het derde jaar."))
            raise ValidationError(
                _("Vanaf 100 eenheden is de communitycoach blijvend nodig: geen waakvlam.")
            )


@transaction.atomic
def pilot_light_record(
    *, community: Community, active: bool, decided_on: datetime.date, reason: str, by: User | None
) -> PilotLightDecision:
    """Record the kerngroep's decision to switch the pilot light on (or off again)."""
    if not reason.strip():
        raise ValidationError(_("Leg vast waarom tot dit besluit is gekomen."))
    pilot_light_validate(community=community, active=active, decided_on=decided_on)
    return PilotLightDecision.objects.create(
        community=community, active=active, decided_on=decided_on, reason=reason, decided_by=by
    )
