"""Reads of the core domain. Callers pass objects already fetched through the user's scope
(`communities.access`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from audit import services as audit
from communities import access
from communities.constants import Phase
from communities.mix import (
    CommunityMix,
    Stay,
    Support,
    mix_on,
    month_ends,
    target_in_force,
)
from communities.models import (
    Community,
    PilotLightDecision,
    Resident,
    SupportPeriod,
    TenancyResident,
    Unit,
    User,
)
from communities.phase import phase_on


@dataclass(frozen=True)
class MixInputs:
    stays: list[Stay]
    supports: list[Support]
    sections: dict[int, str]


def mix_inputs(*, community: Community) -> MixInputs:
    """Everything the mix needs, in three queries, so that many dates can be computed at once."""
    stays = [
        Stay(resident_id=r, section_id=s, start=start, end=end)
        for r, s, start, end in TenancyResident.objects.filter(
            tenancy__unit__community=community
        ).values_list("resident_id", "tenancy__unit__section_id", "start_date", "end_date")
    ]
    supports = [
        Support(resident_id=r, start=start, end=end)
        for r, start, end in SupportPeriod.objects.filter(
            resident__community=community
        ).values_list("resident_id", "start_date", "end_date")
    ]
    sections = dict(community.sections.values_list("id", "name"))
    return MixInputs(stays=stays, supports=supports, sections=sections)


def community_mix(
    *, community: Community, on: datetime.date, inputs: MixInputs | None = None
) -> CommunityMix:
    """The community's mix on `on` (DESIGN.md §3), against its target and bands in force. The one
    place the mix is computed from the data: pass `inputs` (`mix_inputs`) when computing it for
    several days, so the stays and support periods are read once."""
    inputs = inputs or mix_inputs(community=community)
    return mix_on(
        day=on,
        stays=inputs.stays,
        supports=inputs.supports,
        sections=inputs.sections,
        target=target_in_force(target=community.mix_target, reason=community.mix_target_reason),
        band_on_course_pp=Fraction(community.band_on_course_pp),
        band_attention_pp=Fraction(community.band_attention_pp),
    )


def community_mix_history(
    *, community: Community, until: datetime.date, months: int = 12
) -> list[CommunityMix]:
    """The mix at the end of each of the past `months` months (the current month: `until`)."""
    inputs = mix_inputs(community=community)
    return [
        community_mix(community=community, on=day, inputs=inputs)
        for day in month_ends(until=until, months=months)
    ]


def pilot_light_active(*, community: Community, on: datetime.date) -> bool:
    latest = (
        PilotLightDecision.objects.filter(community=community, decided_on__lte=on)
        .order_by("-decided_on", "-created_at")
        .first()
    )
    return bool(latest and latest.active)


def community_phase(*, community: Community, on: datetime.date) -> Phase:
    return phase_on(
        residents_moved_in_on=community.residents_moved_in_on,
        day=on,
        pilot_light_active=pilot_light_active(community=community, on=on),
    )


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    occupants: list[Resident]

    @property
    def vacant(self) -> bool:
        return not self.occupants


def unit_rows(*, community: Community, on: datetime.date) -> list[UnitRow]:
    """Every unit with the residents living there on `on`."""
    active_stays = TenancyResident.objects.active_on(on).select_related("resident")
    units = (
        community.units.select_related("section")
        .prefetch_related(
            Prefetch(
                "tenancies__occupants",
                queryset=active_stays,
                to_attr="active_occupants",
            )
        )
        .order_by("section__name", "number")
    )
    rows = []
    for unit in units:
        occupants = [
            stay.resident for tenancy in unit.tenancies.all() for stay in tenancy.active_occupants
        ]
        rows.append(UnitRow(unit=unit, occupants=occupants))
    return rows


@dataclass(frozen=True)
class Occupancy:
    units: int
    occupied: int
    residents: int

    @property
    def vacant(self) -> int:
        return self.units - self.occupied


def occupancy(*, community: Community, on: datetime.date) -> Occupancy:
    active = TenancyResident.objects.active_on(on).filter(tenancy__unit__community=community)
    return Occupancy(
        units=community.units.count(),
        occupied=active.values("tenancy__unit_id").distinct().count(),
        residents=active.count(),
    )


@dataclass(frozen=True)
class ResidentRow:
    resident: Resident
    unit: Unit | None
    moved_in_on: datetime.date | None
    supported: bool


def resident_rows(
    *, community: Community, on: datetime.date, include_former: bool = False
) -> list[ResidentRow]:
    """Residents living at the location on `on` (or all, with `include_former`), with their unit
    and whether their support is active. Support status is for callers allowed to see it."""
    stays = {
        stay.resident_id: stay
        for stay in TenancyResident.objects.active_on(on)
        .filter(tenancy__unit__community=community)
        .select_related("tenancy__unit__section")
    }
    supported_ids = set(
        SupportPeriod.objects.active_on(on)
        .filter(resident__community=community)
        .values_list("resident_id", flat=True)
    )
    residents = community.residents.all()
    if not include_former:
        residents = residents.filter(pk__in=stays.keys())
    return [
        ResidentRow(
            resident=resident,
            unit=stays[resident.pk].tenancy.unit if resident.pk in stays else None,
            moved_in_on=stays[resident.pk].start_date if resident.pk in stays else None,
            supported=resident.pk in supported_ids,
        )
        for resident in residents
    ]


def resident_is_supported(*, resident: Resident, on: datetime.date) -> bool:
    return resident.support_periods.active_on(on).exists()


def resident_current_stay(*, resident: Resident) -> TenancyResident | None:
    return (
        resident.stays.filter(end_date__isnull=True)
        .select_related("tenancy__unit__section")
        .first()
    )


@dataclass(frozen=True)
class Move:
    day: datetime.date
    direction: str  # "in" or "out"
    resident: Resident
    unit: Unit
    reason: str


def moves_between(*, community: Community, start: datetime.date, end: datetime.date) -> list[Move]:
    """Moves in and out with a date in [start, end], derived from the stays."""
    stays = TenancyResident.objects.filter(tenancy__unit__community=community).select_related(
        "resident", "tenancy__unit"
    )
    result = [
        Move(s.start_date, "in", s.resident, s.tenancy.unit, "")
        for s in stays.filter(start_date__gte=start, start_date__lte=end)
    ]
    result += [
        Move(s.end_date, "out", s.resident, s.tenancy.unit, s.get_move_out_reason_display())
        for s in stays.filter(end_date__gte=start, end_date__lte=end)
    ]
    return sorted(result, key=lambda m: (m.day, m.direction, str(m.unit)))


def resident_read(*, community: Community, pk: int, fetched_by: User) -> Resident:
    """One resident of `community` for their page, through the user's scope (404 for another
    community's resident, 403 without VIEW_RESIDENTS), recording the read in the audit trail."""
    resident = get_object_or_404(access.residents_in(fetched_by, community), pk=pk)
    audit.record_read(actor=fetched_by, obj=resident, community=community)
    return resident
