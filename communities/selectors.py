"""Reads of the core domain. Callers pass objects already fetched through the user's scope
(`communities.access`)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from audit import services as audit
from communities import access
from communities.constants import Phase
from communities.mix import (
    CommunityMix,
    Stay,
    Support,
    is_active,
    mix_on,
    month_ends,
    target_in_force,
)
from communities.models import (
    Community,
    PilotLightDecision,
    Resident,
    Section,
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


def _overlapping(start: datetime.date | None, end: datetime.date | None) -> Q:
    """Periods (start_date, end_date) that overlap [start, end]: the mix of a period never
    needs the whole history."""
    q = Q()
    if end is not None:
        q &= Q(start_date__lte=end)
    if start is not None:
        q &= Q(end_date__isnull=True) | Q(end_date__gt=start)
    return q


def mix_inputs_many(
    *,
    communities: list[Community],
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> dict[int, MixInputs]:
    """Everything the mix needs for many communities and every day in [start, end] (default:
    all of history), in three queries: stays, support periods and sections."""
    ids = [c.pk for c in communities]
    result = {pk: MixInputs(stays=[], supports=[], sections={}) for pk in ids}
    for community_id, r, section, unit, s, e in (
        TenancyResident.objects.filter(tenancy__unit__community_id__in=ids)
        .filter(_overlapping(start, end))
        .values_list(
            "tenancy__unit__community_id",
            "resident_id",
            "tenancy__unit__section_id",
            "tenancy__unit_id",
            "start_date",
            "end_date",
        )
    ):
        result[community_id].stays.append(
            Stay(resident_id=r, section_id=section, start=s, end=e, unit_id=unit)
        )
    for community_id, r, s, e in (
        SupportPeriod.objects.filter(resident__community_id__in=ids)
        .filter(_overlapping(start, end))
        .values_list("resident__community_id", "resident_id", "start_date", "end_date")
    ):
        result[community_id].supports.append(Support(resident_id=r, start=s, end=e))
    for community_id, pk, name in Section.objects.filter(community_id__in=ids).values_list(
        "community_id", "id", "name"
    ):
        result[community_id].sections[pk] = name
    return result


def mix_inputs(
    *,
    community: Community,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> MixInputs:
    """Everything the mix needs, in three queries, so that many dates can be computed at once."""
    return mix_inputs_many(communities=[community], start=start, end=end)[community.pk]


def community_mix(
    *, community: Community, on: datetime.date, inputs: MixInputs | None = None
) -> CommunityMix:
    """The community's mix on `on` (DESIGN.md §3), against its target and bands in force. The one
    place the mix is computed from the data: pass `inputs` (`mix_inputs`, covering `on`) when
    computing it for several days or communities, so the stays and support are read once."""
    inputs = inputs or mix_inputs(community=community, start=on, end=on)
    return mix_on(
        day=on,
        stays=inputs.stays,
        supports=inputs.supports,
        sections=inputs.sections,
        target=target_in_force(target=community.mix_target, reason=community.mix_target_reason),
        band_on_course_pp=Fraction(community.band_on_course_pp),
        band_attention_pp=Fraction(community.band_attention_pp),
    )


def community_mix_many(
    *, communities: list[Community], on: datetime.date, inputs: dict[int, MixInputs] | None = None
) -> dict[int, CommunityMix]:
    inputs = inputs or mix_inputs_many(communities=communities, start=on, end=on)
    return {c.pk: community_mix(community=c, on=on, inputs=inputs[c.pk]) for c in communities}


def history_window(
    *, until: datetime.date, months: int = 12
) -> tuple[datetime.date, datetime.date]:
    """The days the mix history reads: from the first month end shown up to `until`."""
    days = month_ends(until=until, months=months)
    return min(days), max(days)


def community_mix_history(
    *,
    community: Community,
    until: datetime.date,
    months: int = 12,
    inputs: MixInputs | None = None,
) -> list[CommunityMix]:
    """The mix at the end of each of the past `months` months (the current month: `until`).
    `inputs`, when given, must cover `history_window`."""
    days = month_ends(until=until, months=months)
    inputs = inputs or mix_inputs(community=community, start=min(days), end=max(days))
    return [community_mix(community=community, on=day, inputs=inputs) for day in days]


def pilot_light_active_many(*, communities: list[Community], on: datetime.date) -> dict[int, bool]:
    """Per community: is the latest pilot-light decision on or before `on` "on"? One query."""
    result = {c.pk: False for c in communities}
    for community_id, active in (
        PilotLightDecision.objects.filter(
            community_id__in=[c.pk for c in communities], decided_on__lte=on
        )
        .order_by("decided_on", "created_at")
        .values_list("community_id", "active")
    ):
        result[community_id] = active  # ordered oldest first: the last one wins
    return result


def pilot_light_active(*, community: Community, on: datetime.date) -> bool:
    return pilot_light_active_many(communities=[community], on=on)[community.pk]


def community_phase_many(*, communities: list[Community], on: datetime.date) -> dict[int, Phase]:
    pilot = pilot_light_active_many(communities=communities, on=on)
    return {
        c.pk: phase_on(
            residents_moved_in_on=c.residents_moved_in_on, day=on, pilot_light_active=pilot[c.pk]
        )
        for c in communities
    }


def community_phase(*, community: Community, on: datetime.date) -> Phase:
    return community_phase_many(communities=[community], on=on)[community.pk]


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    occupants: list[Resident]

    @property
    def vacant(self) -> bool:
        return not self.occupants


def unit_rows(*, community: Community, on: datetime.date) -> list[UnitRow]:
    """Every unit with the residents living there on `on`. Two queries, whatever the history:
    only the stays active on `on` are read, not every tenancy ever."""
    occupants: dict[int, list[Resident]] = defaultdict(list)
    for stay in (
        TenancyResident.objects.active_on(on)
        .filter(tenancy__unit__community=community)
        .select_related("resident", "tenancy")
    ):
        occupants[stay.tenancy.unit_id].append(stay.resident)
    units = community.units.select_related("section").order_by("section__name", "number")
    return [UnitRow(unit=unit, occupants=occupants[unit.pk]) for unit in units]


def vacant_units_many(
    *, communities: list[Community], on: datetime.date, inputs: dict[int, MixInputs]
) -> dict[int, list[Unit]]:
    """Per community, the units nobody lives in on `on` (`inputs` must cover `on`). One query."""
    occupied = {
        stay.unit_id
        for data in inputs.values()
        for stay in data.stays
        if is_active(stay.start, stay.end, on)
    }
    result: dict[int, list[Unit]] = {c.pk: [] for c in communities}
    for unit in (
        Unit.objects.filter(community__in=communities)
        .exclude(pk__in=occupied)
        .select_related("section")
        .order_by("section__name", "number")
    ):
        result[unit.community_id].append(unit)
    return result


def residents_count_on(*, community: Community, on: datetime.date) -> int:
    """How many residents live in `community` on `on` (`occupancy(...).residents`), in one
    query."""
    return (
        TenancyResident.objects.active_on(on)
        .filter(tenancy__unit__community=community)
        .values("resident_id")
        .distinct()
        .count()
    )


@dataclass(frozen=True)
class Occupancy:
    units: int
    occupied: int
    residents: int

    @property
    def vacant(self) -> int:
        return self.units - self.occupied


def occupancy_many(
    *, communities: list[Community], on: datetime.date, inputs: dict[int, MixInputs] | None = None
) -> dict[int, Occupancy]:
    """Units, occupied units and residents per community on `on`: two queries (one when the
    mix inputs covering `on` are passed in)."""
    inputs = inputs or mix_inputs_many(communities=communities, start=on, end=on)
    units = dict(
        Unit.objects.filter(community__in=communities)
        .values("community_id")
        .annotate(n=Count("pk"))
        .values_list("community_id", "n")
    )
    result = {}
    for c in communities:
        active = [s for s in inputs[c.pk].stays if is_active(s.start, s.end, on)]
        result[c.pk] = Occupancy(
            units=units.get(c.pk, 0),
            occupied=len({s.unit_id for s in active}),
            residents=len({s.resident_id for s in active}),
        )
    return result


def occupancy(*, community: Community, on: datetime.date) -> Occupancy:
    return occupancy_many(communities=[community], on=on)[community.pk]


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


def moves_between_many(
    *, communities: list[Community], start: datetime.date, end: datetime.date
) -> dict[int, list[Move]]:
    """Per community, moves in and out with a date in [start, end], derived from the stays.
    One query."""
    stays = (
        TenancyResident.objects.filter(tenancy__unit__community__in=communities)
        .filter(
            Q(start_date__gte=start, start_date__lte=end)
            | Q(end_date__gte=start, end_date__lte=end)
        )
        .select_related("resident", "tenancy__unit")
    )
    result: dict[int, list[Move]] = {c.pk: [] for c in communities}
    for s in stays:
        moves = result[s.tenancy.unit.community_id]
        if start <= s.start_date <= end:
            moves.append(Move(s.start_date, "in", s.resident, s.tenancy.unit, ""))
        if s.end_date is not None and start <= s.end_date <= end:
            moves.append(
                Move(s.end_date, "out", s.resident, s.tenancy.unit, s.get_move_out_reason_display())
            )
    for moves in result.values():
        moves.sort(key=lambda m: (m.day, m.direction, str(m.unit)))
    return result


def moves_between(*, community: Community, start: datetime.date, end: datetime.date) -> list[Move]:
    """Moves in and out with a date in [start, end], derived from the stays."""
    return moves_between_many(communities=[community], start=start, end=end)[community.pk]


def resident_read(*, community: Community, pk: int, fetched_by: User) -> Resident:
    """One resident of `community` for their page, through the user's scope (404 for another
    community's resident, 403 without VIEW_RESIDENTS), recording the read in the audit trail."""
    resident = get_object_or_404(access.residents_in(fetched_by, community), pk=pk)
    audit.record_read(actor=fetched_by, obj=resident, community=community)
    return resident
