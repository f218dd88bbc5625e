"""Reads of funding. Functions that take many communities answer for all of them in a fixed
number of queries (home pages, the municipality overview, the monitor)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from communities import selectors as community_selectors
from communities.constants import TimeKind
from communities.hours import services as community_hours
from communities.models import Community, Organisation, Signal, TimeEntry, User
from communities.norms import CoachNorm, NormsInForce
from communities.privacy import is_small
from communities.signals.services import evictions_prevented_by_year
from financiering import governance_link
from financiering.calculator import NormLine, care_line, coach_line, management_line
from financiering.constants import (
    BUDGET_PURPOSES,
    ESSENTIAL_PURPOSES,
    MANAGEMENT_PURPOSES,
    AgreementKind,
    AgreementStatus,
    EssentialPurpose,
    OneOffPurpose,
    Purpose,
    WarningKind,
)
from financiering.models import Contribution, FundingAgreement, OneOffContribution, SpendingLine
from financiering.rules import (
    AgreementFacts,
    BudgetYear,
    Cover,
    FundingWarning,
    Horizon,
    PartnerHours,
    PurposeHorizon,
    add_months,
    agreement_warnings,
    horizon_warnings,
    month_starts,
    partner_warnings,
    realised_hours,
    secured_until,
    years_ahead,
)
from gemengdwonen.suppression import Suppressed, suppress

# Agreements whose contributions count as agreed: signed ones, and ended ones for the past.
BINDING = (AgreementStatus.SIGNED, AgreementStatus.ENDED)
REALISED_MONTHS = 12
BEGELEIDERS_WEEKS = 13  # distinct begeleiders over the last quarter


def default_rate() -> Decimal:
    return Decimal(settings.FUNDING_HOURLY_RATE)


def default_weeks() -> int:
    return int(settings.FUNDING_WEEKS_PER_YEAR)


def default_avoided_cost() -> Decimal:
    return Decimal(settings.AVOIDED_COST_PER_EVICTION)


# --- Agreements --------------------------------------------------------------------------------


def agreements_of(*, community: Community) -> QuerySet[FundingAgreement]:
    return (
        community.funding_agreements.select_related("predecessor", "municipality")
        .prefetch_related("parties", "communities")
        .annotate(contribution_count=Count("contributions", distinct=True))
        .order_by("-start_date", "title")
    )


def agreement_contributions(*, agreement: FundingAgreement) -> QuerySet[Contribution]:
    return agreement.contributions.select_related("party", "community").order_by(
        "year", "community__name", "purpose", "party__name"
    )


def agreement_one_offs(*, agreement: FundingAgreement) -> QuerySet[OneOffContribution]:
    return agreement.one_off_contributions.select_related("party", "community")


# --- Horizon and warnings ----------------------------------------------------------------------


def _covers_by_community(
    community_ids: list[int],
) -> dict[tuple[int, str], dict[int, tuple[datetime.date, datetime.date, set[int]]]]:
    """(community id, essential purpose) -> agreement id -> (start, end, years with a
    contribution)."""
    essential_of = {p: e for e, purposes in ESSENTIAL_PURPOSES.items() for p in purposes}
    covers: dict = defaultdict(dict)
    rows = (
        Contribution.objects.filter(
            community_id__in=community_ids,
            agreement__status=AgreementStatus.SIGNED,
            purpose__in=list(essential_of),
        )
        .filter(Q(amount_per_year__gt=0) | Q(hours_per_week__gt=0))
        .values_list(
            "community_id",
            "purpose",
            "year",
            "agreement_id",
            "agreement__start_date",
            "agreement__end_date",
        )
    )
    for community_id, purpose, year, agreement_id, start, end in rows:
        entry = covers[(community_id, essential_of[purpose])].setdefault(
            agreement_id, (start, end, set())
        )
        entry[2].add(year)
    return covers


def horizons_for(*, communities: list[Community], today: datetime.date) -> dict[int, Horizon]:
    covers = _covers_by_community([c.pk for c in communities])
    result = {}
    for community in communities:
        purposes = []
        for essential in EssentialPurpose:
            agreement_covers = covers.get((community.pk, essential), {})
            until = secured_until(
                covers=[Cover(s, e, frozenset(y)) for s, e, y in agreement_covers.values()],
                today=today,
            )
            purposes.append(
                PurposeHorizon(
                    purpose=essential,
                    label=str(essential.label),
                    until=until,
                    years=years_ahead(today=today, until=until),
                )
            )
        result[community.pk] = Horizon(purposes=tuple(purposes))
    return result


def community_horizon(*, community: Community, today: datetime.date) -> Horizon:
    return horizons_for(communities=[community], today=today)[community.pk]


def _agreement_facts(community_ids: list[int]) -> dict[int, list[AgreementFacts]]:
    # One query: the agreements through their link to the communities (an agreement for
    # several communities comes once per community).
    communities_of: dict[int, list[int]] = defaultdict(list)
    by_id: dict[int, FundingAgreement] = {}
    for link in FundingAgreement.communities.through.objects.filter(
        community_id__in=community_ids
    ).select_related("fundingagreement"):
        by_id.setdefault(link.fundingagreement_id, link.fundingagreement)
        communities_of[link.fundingagreement_id].append(link.community_id)
    per_community: dict[int, list[FundingAgreement]] = defaultdict(list)
    for agreement in by_id.values():
        for community_id in communities_of[agreement.pk]:
            per_community[community_id].append(agreement)
    result: dict[int, list[AgreementFacts]] = defaultdict(list)
    for community_id, agreements in per_community.items():
        # The chain of successors within the community's own agreements, as when it is asked
        # for alone: another location in the same request must not change its warnings.
        result[community_id] = _facts_of(agreements)
    return result


def _facts_of(agreements: list[FundingAgreement]) -> list[AgreementFacts]:
    ids = {a.pk for a in agreements}
    children: dict[int, list[FundingAgreement]] = defaultdict(list)
    for agreement in agreements:
        if agreement.predecessor_id in ids:
            children[agreement.predecessor_id].append(agreement)

    def regular_follow_up(agreement_id: int, seen: set[int]) -> bool:
        for child in children.get(agreement_id, []):
            if child.pk in seen:
                continue
            seen.add(child.pk)
            if child.kind == "regulier" and child.status == AgreementStatus.SIGNED:
                return True
            if regular_follow_up(child.pk, seen):
                return True
        return False

    return [
        AgreementFacts(
            id=agreement.pk,
            title=agreement.title,
            kind=agreement.kind,
            status=agreement.status,
            start=agreement.start_date,
            end=agreement.end_date,
            successors=tuple(
                (c.title, c.kind, c.status)
                for c in sorted(children.get(agreement.pk, []), key=lambda a: a.start_date)
            ),
            regular_follow_up=regular_follow_up(agreement.pk, {agreement.pk}),
        )
        for agreement in agreements
    ]


def _contributing_parties(community_ids: list[int], year: int) -> dict[int, set[int]]:
    result: dict[int, set[int]] = defaultdict(set)
    # Yearly and one-off contributions in one query.
    yearly = (
        Contribution.objects.filter(
            community_id__in=community_ids, year=year, agreement__status__in=BINDING
        )
        .filter(Q(amount_per_year__gt=0) | Q(hours_per_week__gt=0))
        .order_by()
        .values_list("community_id", "party_id")
    )
    one_off = (
        OneOffContribution.objects.filter(
            community_id__in=community_ids,
            paid_on__gte=datetime.date(year, 1, 1),
            paid_on__lte=datetime.date(year, 12, 31),
            agreement__status__in=BINDING,
            amount__gt=0,
        )
        .order_by()
        .values_list("community_id", "party_id")
    )
    for community_id, party_id in yearly.union(one_off):
        result[community_id].add(party_id)
    return result


@dataclass
class FundingStatus:
    """What a card, the community page and the monthly e-mail show about one community."""

    community: Community
    horizon: Horizon
    warnings: list[FundingWarning]
    partners: tuple[Organisation, ...]
    contributing: set[int]
    partners_source: str
    partners_from_akkoord: bool

    @property
    def partners_contributing(self) -> int:
        return sum(1 for p in self.partners if p.pk in self.contributing)


def funding_status_for(
    *,
    communities: list[Community],
    today: datetime.date,
    facts: dict[int, list[AgreementFacts]] | None = None,
) -> dict[int, FundingStatus]:
    """`facts`: the communities' `_agreement_facts`, when the caller read them already."""
    ids = [c.pk for c in communities]
    horizons = horizons_for(communities=communities, today=today)
    facts = _agreement_facts(ids) if facts is None else facts
    contributing = _contributing_parties(ids, today.year)
    parties_of = governance_link.akkoord_parties_many(communities=communities)
    result = {}
    for community in communities:
        parties = parties_of[community.pk]
        warnings = agreement_warnings(agreements=facts.get(community.pk, []), today=today)
        warnings += horizon_warnings(horizon=horizons[community.pk])
        warnings += partner_warnings(
            partners=[(o.pk, o.name) for o in parties.organisations],
            contributing=contributing.get(community.pk, set()),
        )
        result[community.pk] = FundingStatus(
            community=community,
            horizon=horizons[community.pk],
            warnings=warnings,
            partners=parties.organisations,
            contributing=contributing.get(community.pk, set()),
            partners_source=parties.source,
            partners_from_akkoord=parties.from_akkoord,
        )
    return result


def funding_status(*, community: Community, today: datetime.date) -> FundingStatus:
    return funding_status_for(communities=[community], today=today)[community.pk]


# --- The norms calculator for a community ------------------------------------------------------


@dataclass
class Calculation:
    community: Community | None
    units: int
    phase: object
    norms: NormsInForce | None
    coach_norm: CoachNorm
    rate: Decimal
    weeks: int
    lines: list[NormLine] = field(default_factory=list)

    @property
    def coach(self) -> NormLine:
        return self.lines[0]


def _agreed_this_year(community: Community, today: datetime.date):
    """Per purpose: (hours per week, money per year) in signed agreements running today, and
    care hours per party."""
    hours: dict[str, Decimal] = defaultdict(Decimal)
    money: dict[str, Decimal] = defaultdict(Decimal)
    care: dict[int, Decimal] = defaultdict(Decimal)
    for purpose, party_id, amount, per_week in Contribution.objects.filter(
        community=community,
        year=today.year,
        agreement__status=AgreementStatus.SIGNED,
        agreement__start_date__lte=today,
        agreement__end_date__gte=today,
    ).values_list("purpose", "party_id", "amount_per_year", "hours_per_week"):
        if per_week is not None:
            hours[purpose] += per_week
            if purpose == Purpose.CARE_HOURS:
                care[party_id] += per_week
        if amount is not None:
            money[purpose] += amount
    return hours, money, care


def begeleiders_per_organisation(
    *, community: Community, today: datetime.date
) -> dict[int | None, int]:
    """Distinct users who logged community hours (begeleiding) in the last quarter, per
    organisation."""
    since = community_hours.week_start(today) - datetime.timedelta(weeks=BEGELEIDERS_WEEKS - 1)
    rows = (
        TimeEntry.objects.filter(community=community, kind=TimeKind.CARE, week_start__gte=since)
        .values_list("user__organisation_id", "user_id")
        .distinct()
    )
    counts: dict[int | None, int] = defaultdict(int)
    for organisation_id, _user_id in rows:
        counts[organisation_id] += 1
    return counts


def norms_calculation(
    *,
    community: Community,
    today: datetime.date,
    viewer: User,
    rate: Decimal | None = None,
    weeks: int | None = None,
) -> Calculation:
    rate = default_rate() if rate is None else rate
    weeks = default_weeks() if weeks is None else weeks
    units = community.units.count()
    phase = community_selectors.community_phase(community=community, on=today)
    norms = community_hours.community_norms(community)
    coach_norm = norms.coach_norm(units=units, phase=phase)
    hours, money, care_agreed = _agreed_this_year(community, today)
    lines = [
        coach_line(
            norm=coach_norm,
            rate=rate,
            weeks=weeks,
            agreed_hours=hours.get(Purpose.COACH, Decimal(0)),
            agreed_money=money.get(Purpose.COACH, Decimal(0)),
        )
    ]
    begeleiders = begeleiders_per_organisation(community=community, today=today)
    care_rows = {
        row.organisation.pk: row
        for row in community_hours.care_hours_norms(community=community, on=today)
    }
    organisations = Organisation.objects.in_bulk(set(care_rows) | set(care_agreed))
    for org_id in sorted(
        care_rows.keys() | care_agreed.keys(), key=lambda i: organisations[i].name
    ):
        row = care_rows.get(org_id)
        clients = row.clients if row else 0
        masked = is_small(clients) and viewer.organisation_id != org_id
        lines.append(
            care_line(
                key=f"zorg-{org_id}",
                organisation=organisations[org_id].name,
                clients=clients,
                indicated_total=row.indicated_total if row else Decimal(0),
                norm=row.norm if row else Decimal(0),
                share_percent=norms.care_share_percent,
                begeleiders=begeleiders.get(org_id, 0),
                agreed_hours=care_agreed.get(org_id, Decimal(0)),
                masked=masked,
            )
        )
    lines.append(
        management_line(
            units=units,
            norms=norms,
            rate=rate,
            weeks=weeks,
            agreed_hours=sum((hours.get(p, Decimal(0)) for p in MANAGEMENT_PURPOSES), Decimal(0)),
            agreed_money=sum((money.get(p, Decimal(0)) for p in MANAGEMENT_PURPOSES), Decimal(0)),
        )
    )
    return Calculation(
        community=community,
        units=units,
        phase=phase,
        norms=norms,
        coach_norm=coach_norm,
        rate=rate,
        weeks=weeks,
        lines=lines,
    )


# --- Realised against agreed -------------------------------------------------------------------


def _month_end(month: datetime.date) -> datetime.date:
    return add_months(month, 1) - datetime.timedelta(days=1)


# The purposes whose hours people log as time entries, by the kind of entry.
LOGGED_PURPOSES = {
    Purpose.COACH: TimeKind.COACH,
    Purpose.CARE_HOURS: TimeKind.CARE,
    Purpose.SOCIAL_MANAGEMENT: TimeKind.MANAGEMENT,
    Purpose.LOCATION_MANAGEMENT: TimeKind.MANAGEMENT,
}


def realised_against_agreed(
    *, community: Community, today: datetime.date, months: int = REALISED_MONTHS
) -> list[PartnerHours]:
    """Hours agreed and logged per party per complete month (the running month is left out: it
    would always look short). Agreed: hours contributions for coach, care or beheer in binding
    agreements running in the month. Logged: the time entries of the party's people of the
    matching kinds (a party's coach hours against its agreed coach hours, and so on); hours
    agreed for purposes nobody logs (the brugfunctie, say) are not compared."""
    last_complete = today.replace(day=1) - datetime.timedelta(days=1)
    month_list = month_starts(until=last_complete, months=months)
    first, last = month_list[0], _month_end(month_list[-1])
    agreed: dict[tuple[int, datetime.date], Decimal] = defaultdict(Decimal)
    parties: dict[int, str] = {}
    kinds: dict[int, set[str]] = defaultdict(set)
    for party_id, party, purpose, year, per_week, start, end in Contribution.objects.filter(
        community=community,
        agreement__status__in=BINDING,
        purpose__in=list(LOGGED_PURPOSES),
        hours_per_week__isnull=False,
        year__gte=first.year,
        year__lte=last.year,
    ).values_list(
        "party_id",
        "party__name",
        "purpose",
        "year",
        "hours_per_week",
        "agreement__start_date",
        "agreement__end_date",
    ):
        kinds[party_id].add(LOGGED_PURPOSES[purpose])
        for month in month_list:
            if month.year == year and start <= _month_end(month) and end >= month:
                agreed[(party_id, month)] += per_week
                parties[party_id] = party
    logged: dict[tuple[int, datetime.date], Decimal] = defaultdict(Decimal)
    for org_id, kind, week, hours in TimeEntry.objects.filter(
        community=community,
        week_start__gte=first,
        week_start__lte=last,
        user__organisation_id__in=list(parties),
    ).values_list("user__organisation_id", "kind", "week_start", "hours"):
        if kind in kinds[org_id]:
            logged[(org_id, week.replace(day=1))] += hours
    return realised_hours(months=month_list, parties=parties, agreed_per_week=agreed, logged=logged)


def budget_years(*, community: Community, years: list[int]) -> list[BudgetYear]:
    agreed: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for year, purpose, amount in Contribution.objects.filter(
        community=community,
        agreement__status__in=BINDING,
        purpose__in=list(BUDGET_PURPOSES),
        amount_per_year__isnull=False,
        year__in=years,
    ).values_list("year", "purpose", "amount_per_year"):
        agreed[(year, purpose)] += amount
    spent: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for day, budget, amount in SpendingLine.objects.filter(
        community=community, spent_on__year__in=years
    ).values_list("spent_on", "budget", "amount"):
        spent[(day.year, budget)] += amount
    return [
        BudgetYear(
            year=year,
            budget=purpose,
            label=str(Purpose(purpose).label),
            agreed=agreed.get((year, purpose), Decimal(0)),
            spent=spent.get((year, purpose), Decimal(0)),
        )
        for year in years
        for purpose in BUDGET_PURPOSES
    ]


def spending_lines(*, community: Community, year: int) -> QuerySet[SpendingLine]:
    return community.spending_lines.filter(spent_on__year=year)


# --- The multi-year overview -------------------------------------------------------------------


@dataclass
class OverviewRow:
    community: str
    party: str
    purpose: str
    kind: str  # project or regular money, or one-off
    cells: dict[int, tuple[Decimal | None, Decimal | None]] = field(default_factory=dict)


def overview_years(*, today: datetime.date, communities: list[Community]) -> list[int]:
    """From the first year of an agreement (at most 2 years back) to the last (at most 10
    ahead), and always this year."""
    years = {today.year}
    for start, end in (
        FundingAgreement.objects.filter(communities__in=communities)
        .exclude(status=AgreementStatus.DRAFT)
        .values_list("start_date", "end_date")
    ):
        years.update(range(max(start.year, today.year - 2), min(end.year, today.year + 10) + 1))
    return sorted(years)


def multi_year_rows(
    *, communities: list[Community], years: list[int], per_community: bool
) -> list[OverviewRow]:
    """Years × parties × purposes, money and hours, of binding agreements. Per community, or
    summed over the communities (a municipality)."""
    rows: dict[tuple, OverviewRow] = {}

    def row_for(community_name, party, purpose, kind) -> OverviewRow:
        key = (community_name if per_community else "", party, purpose, kind)
        if key not in rows:
            rows[key] = OverviewRow(*key)
        return rows[key]

    for community_name, party, purpose, kind, year, amount, per_week in Contribution.objects.filter(
        community__in=communities, agreement__status__in=BINDING, year__in=years
    ).values_list(
        "community__name",
        "party__name",
        "purpose",
        "agreement__kind",
        "year",
        "amount_per_year",
        "hours_per_week",
    ):
        row = row_for(
            community_name,
            party,
            str(Purpose(purpose).label),
            str(AgreementKind(kind).label),
        )
        money, hours = row.cells.get(year, (None, None))
        if amount is not None:
            money = (money or Decimal(0)) + amount
        if per_week is not None:
            hours = (hours or Decimal(0)) + per_week
        row.cells[year] = (money, hours)
    for community_name, party, purpose, day, amount in OneOffContribution.objects.filter(
        community__in=communities, agreement__status__in=BINDING, paid_on__year__in=years
    ).values_list("community__name", "party__name", "purpose", "paid_on", "amount"):
        row = row_for(community_name, party, str(OneOffPurpose(purpose).label), _("eenmalig"))
        money, hours = row.cells.get(day.year, (None, None))
        row.cells[day.year] = ((money or Decimal(0)) + amount, hours)
    return sorted(rows.values(), key=lambda r: (r.community, r.party, r.purpose, r.kind))


def multi_year_totals(*, rows: list[OverviewRow], years: list[int]) -> dict[int, tuple]:
    totals = {}
    for year in years:
        money = sum((r.cells[year][0] or Decimal(0)) for r in rows if year in r.cells)
        hours = sum((r.cells[year][1] or Decimal(0)) for r in rows if year in r.cells)
        totals[year] = (Decimal(money), Decimal(hours))
    return totals


def multi_year_export_rows(*, rows: list[OverviewRow], years: list[int]) -> list[dict]:
    out = []
    for row in rows:
        for year in years:
            if year not in row.cells:
                continue
            money, hours = row.cells[year]
            item = {}
            if row.community:
                item["Locatie"] = row.community
            item.update(
                {
                    "Jaar": year,
                    "Partij": row.party,
                    "Doel": row.purpose,
                    "Soort geld": row.kind,
                    "Bedrag (€)": money,
                    "Uren per week": hours,
                }
            )
            out.append(item)
    return out


# --- The value of early warning ----------------------------------------------------------------


@dataclass(frozen=True)
class ValueYear:
    year: int
    prevented: int
    prevented_shown: str
    avoided: Decimal | None  # None: hidden with a small count
    funding: Decimal  # money per year (contributions and one-offs) of binding agreements
    care_hours: Decimal  # care hours per week agreed


@dataclass
class EarlyWarningValue:
    """Aggregate viewers (gemeente, stuurgroep): the prevented evictions per year as
    `prevented_cells` shows them (a year of 1–4 as "< 5", and as many other years hidden as "x"
    as the total needs to give no small year away); the total itself shows unless it is small."""

    avoided_cost: Decimal
    masked: bool
    years: list[ValueYear]
    cells: Suppressed | None = None  # masked: the years' cells and "total"

    @property
    def prevented(self) -> int:
        return sum(y.prevented for y in self.years)

    @property
    def total_hidden(self) -> bool:
        return self.masked and is_small(self.prevented)

    @property
    def prevented_shown(self) -> str:
        if self.total_hidden:
            return self.cells.label("total")
        return str(self.prevented)

    @property
    def avoided(self) -> Decimal | None:
        return None if self.total_hidden else self.avoided_cost * self.prevented

    @property
    def funding(self) -> Decimal:
        return sum((y.funding for y in self.years), Decimal(0))


def prevented_cells(by_year: dict[int, int]) -> Suppressed:
    """The prevented evictions per year (keys: the years) and their total (key "total") as an
    aggregate viewer sees them. The total is the page's headline and is read on the monitor too,
    so it is never the second hidden cell (`shown_elsewhere`) unless it is small itself; a year
    is hidden ("x") only where the total minus the shown years would give a small one away. The
    monitor's municipality page asks the same function which years this shows."""
    years = sorted(by_year)
    counts: dict = {year: by_year[year] for year in years}
    counts["total"] = sum(counts.values())
    return suppress(
        counts,
        sums=[("total", years)],
        shown_elsewhere=[] if is_small(counts["total"]) else ["total"],
    )


def early_warning_value(
    *,
    communities: list[Community],
    avoided_cost: Decimal,
    masked: bool,
    today: datetime.date,
) -> EarlyWarningValue:
    prevented = evictions_prevented_by_year(
        signals=Signal.objects.filter(community__in=communities)
    )
    funding: dict[int, Decimal] = defaultdict(Decimal)
    care: dict[int, Decimal] = defaultdict(Decimal)
    for year, purpose, amount, per_week in Contribution.objects.filter(
        community__in=communities, agreement__status__in=BINDING, year__lte=today.year
    ).values_list("year", "purpose", "amount_per_year", "hours_per_week"):
        if amount is not None:
            funding[year] += amount
        if per_week is not None and purpose == Purpose.CARE_HOURS:
            care[year] += per_week
    for day, amount in OneOffContribution.objects.filter(
        community__in=communities, agreement__status__in=BINDING, paid_on__lte=today
    ).values_list("paid_on", "amount"):
        funding[day.year] += amount
    years = sorted(set(prevented) | set(funding) | set(care))
    cells = prevented_cells({year: prevented.get(year, 0) for year in years}) if masked else None
    rows = []
    for year in years:
        count = prevented.get(year, 0)
        hidden = cells is not None and cells[year].hidden
        rows.append(
            ValueYear(
                year=year,
                prevented=count,
                prevented_shown=cells.label(year) if cells else str(count),
                # The avoided cost is the count times a known amount: hidden with it.
                avoided=None if hidden else avoided_cost * count,
                funding=funding.get(year, Decimal(0)),
                care_hours=care.get(year, Decimal(0)),
            )
        )
    return EarlyWarningValue(avoided_cost=avoided_cost, masked=masked, years=rows, cells=cells)


# --- For the monitor (app `monitor` reads these; nothing here imports it) ----------------------


def horizon_years_for(*, communities: list[Community], today: datetime.date) -> dict[int, Decimal]:
    """Community id → years ahead its funding is secured: the shortest of the essential
    purposes (coach, beheer, care hours), from signed agreements without a gap from `today`
    (see `financiering.rules`). 0,0 when today is not covered."""
    return {pk: h.years for pk, h in horizons_for(communities=communities, today=today).items()}


@dataclass(frozen=True)
class PartnersContributing:
    contributing: int  # partners with a contribution (money, hours or one-off) this year
    named: int  # partners named in the akkoord (until governance lands: the location's partners)
    from_akkoord: bool  # False while the location's partners stand in for the akkoord

    @property
    def share(self) -> Decimal | None:
        return None if not self.named else Decimal(self.contributing) / self.named


def _partners_contributing(status: FundingStatus) -> PartnersContributing:
    return PartnersContributing(
        contributing=status.partners_contributing,
        named=len(status.partners),
        from_akkoord=status.partners_from_akkoord,
    )


def partners_contributing_for(
    *, communities: list[Community], today: datetime.date
) -> dict[int, PartnersContributing]:
    """Community id → how many of the partners named in the akkoord contribute money or hours
    in `today`'s year, in binding (signed or ended) agreements."""
    statuses = funding_status_for(communities=communities, today=today)
    return {pk: _partners_contributing(s) for pk, s in statuses.items()}


def _project_money_without_follow_up(
    facts: list[AgreementFacts], today: datetime.date
) -> list[str]:
    titles = {f.id: f.title for f in facts}
    return [
        titles[w.agreement_id]
        for w in agreement_warnings(agreements=facts, today=today)
        if w.kind == WarningKind.PROJECT_WITHOUT_REGULAR and w.agreement_id in titles
    ]


def project_money_without_follow_up_for(
    *, communities: list[Community], today: datetime.date
) -> dict[int, list[str]]:
    """Community id → titles of its signed, running project-money agreements without a signed
    regular-money agreement in their chain of successors (the model's known danger). An empty
    list: none."""
    facts = _agreement_facts([c.pk for c in communities])
    return {c.pk: _project_money_without_follow_up(facts.get(c.pk, []), today) for c in communities}


@dataclass(frozen=True)
class MonitorFunding:
    """The monitor's funding facts of one community (`monitor_funding_for`)."""

    horizon_years: Decimal  # as `horizon_years_for`
    partners: PartnersContributing  # as `partners_contributing_for`
    project_money_without_follow_up: list[str]  # as `project_money_without_follow_up_for`


def monitor_funding_for(
    *, communities: list[Community], today: datetime.date
) -> dict[int, MonitorFunding | None]:
    """Community id → its horizon, partners contributing and project money without a follow-up
    together, or None when no agreement is recorded for it (`agreements_of` finds none: the
    monitor then has no funding facts rather than a made-up horizon of 0). Reads the agreements
    once for all three: a fixed number of queries, whatever the number of communities."""
    facts = _agreement_facts([c.pk for c in communities])
    covered = [c for c in communities if facts.get(c.pk)]
    statuses = funding_status_for(communities=covered, today=today, facts=facts) if covered else {}
    return {
        c.pk: MonitorFunding(
            horizon_years=statuses[c.pk].horizon.years,
            partners=_partners_contributing(statuses[c.pk]),
            project_money_without_follow_up=_project_money_without_follow_up(facts[c.pk], today),
        )
        if c.pk in statuses
        else None
        for c in communities
    }


def prevented_evictions_value_for(
    *,
    communities: list[Community],
    today: datetime.date,
    masked: bool,
    avoided_cost: Decimal | None = None,
) -> EarlyWarningValue:
    """The value of early warning over `communities` together: prevented evictions (signals
    closed with outcome "eviction prevented", per year of closing) × the avoided cost per
    eviction (settings.AVOIDED_COST_PER_EVICTION unless given), next to the funding per year and
    the agreed care hours. `masked` (gemeente, stuurgroep): counts of 1–4 as "< 5", other years
    hidden ("x") where the total would give one away, the total shown unless small
    (`prevented_cells`). No names: counts only."""
    return early_warning_value(
        communities=communities,
        avoided_cost=default_avoided_cost() if avoided_cost is None else avoided_cost,
        masked=masked,
        today=today,
    )
