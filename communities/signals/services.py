"""Signals (early warning) and the community's signal ladder: reads and writes.

Named `signals_rules` so that it is not mistaken for Django signals. The signal ladder is the
route for a resident's situation; the governance escalation route (a body that fails) is
something else and lives in `governance` (DESIGN.md §5).

Who may see which signal is decided in one place: `access.signals_visible_to`. Callers pass a
community and signals already fetched through it.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.constants import (
    DEFAULT_SIGNAL_LADDER,
    SignalKind,
    SignalOutcome,
    SignalSeverity,
)
from communities.models import (
    Community,
    Resident,
    Signal,
    SignalLadderStep,
    SignalStep,
    TenancyResident,
    Unit,
    User,
)
from communities.privacy import is_small, masked_count
from gemengdwonen.choices import label
from gemengdwonen.suppression import suppress

COMPLAINT_KINDS = (SignalKind.NUISANCE, SignalKind.CONFLICT)
# A signal date further back than this is most likely a typo in the year.
MAX_DAYS_BACK = 3 * 366
DEFAULT_AVOIDED_COST_PER_EVICTION = Decimal("10000")


def _d(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


def avoided_cost_per_eviction() -> Decimal:
    """What one prevented eviction saves (settings.AVOIDED_COST_PER_EVICTION, euro)."""
    return Decimal(
        getattr(settings, "AVOIDED_COST_PER_EVICTION", DEFAULT_AVOIDED_COST_PER_EVICTION)
    )


def is_acute(signal: Signal) -> bool:
    """Acute incidents take the fast path ("wie bel ik nu?")."""
    return signal.severity == SignalSeverity.ACUTE or signal.kind == SignalKind.SAFETY


# --- The ladder --------------------------------------------------------------------------------


def ladder_steps(*, community: Community) -> QuerySet[SignalLadderStep]:
    return community.signal_ladder.order_by("order")


@transaction.atomic
def ladder_ensure(*, community: Community) -> list[SignalLadderStep]:
    """The community's ladder; one without steps gets the default ladder, marked as default
    (is_default) so that the page asks the team to adapt it. Idempotent."""
    # Lock the community row: two first visits at once must not both create the default.
    Community.objects.select_for_update().filter(pk=community.pk).first()
    steps = list(ladder_steps(community=community))
    if not steps:
        steps = SignalLadderStep.objects.bulk_create(
            [
                SignalLadderStep(
                    community=community,
                    order=index,
                    title=title,
                    description=description,
                    is_default=True,
                )
                for index, (title, description) in enumerate(DEFAULT_SIGNAL_LADDER, start=1)
            ]
        )
    return steps


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("Geef de stap een naam.")})
    if len(title) > SignalLadderStep._meta.get_field("title").max_length:
        raise ValidationError({"title": _("De naam van de stap is te lang.")})
    return title


@transaction.atomic
def ladder_step_add(*, community: Community, title: str, description: str = "") -> SignalLadderStep:
    """A new step at the bottom of the ladder (the heaviest step comes last)."""
    title = _clean_title(title)
    Community.objects.select_for_update().filter(pk=community.pk).first()
    last = ladder_steps(community=community).last()
    return SignalLadderStep.objects.create(
        community=community,
        order=(last.order if last else 0) + 1,
        title=title,
        description=description.strip(),
        is_default=False,
    )


def ladder_step_update(
    *, step: SignalLadderStep, title: str, description: str = ""
) -> SignalLadderStep:
    """Rename or re-describe a step. An edited step is the community's own: no longer
    marked as default."""
    step.title = _clean_title(title)
    step.description = description.strip()
    step.is_default = False
    step.save(update_fields=["title", "description", "is_default"])
    return step


@transaction.atomic
def ladder_step_move(*, step: SignalLadderStep, direction: int) -> SignalLadderStep:
    """Swap the step with the one above (direction −1) or below (+1); at an end, nothing."""
    if direction not in (-1, 1):
        raise ValueError("direction must be -1 or +1")
    community = step.community
    Community.objects.select_for_update().filter(pk=community.pk).first()
    steps = ladder_steps(community=community)
    neighbour = (
        steps.filter(order__lt=step.order).last()
        if direction < 0
        else steps.filter(order__gt=step.order).first()
    )
    if neighbour is None:
        return step
    # (community, order) is unique and not deferrable: park the step on 0 (orders start at 1).
    mine, theirs = step.order, neighbour.order
    SignalLadderStep.objects.filter(pk=step.pk).update(order=0)
    SignalLadderStep.objects.filter(pk=neighbour.pk).update(order=mine)
    SignalLadderStep.objects.filter(pk=step.pk).update(order=theirs)
    step.order = theirs
    return step


@transaction.atomic
def ladder_step_delete(*, step: SignalLadderStep) -> None:
    """Remove a step; the steps below move up. Signals that stood on it fall back to the
    ladder step of their latest earlier step (the steps taken stay, without the link)."""
    community = step.community
    Community.objects.select_for_update().filter(pk=community.pk).first()
    affected = list(Signal.objects.filter(current_step=step))
    step.delete()
    for later in ladder_steps(community=community).filter(order__gt=step.order):
        # Ascending, so each step moves into the place just freed.
        SignalLadderStep.objects.filter(pk=later.pk).update(order=later.order - 1)
    for signal in affected:
        _refresh_current_step(signal)


# --- Signals: writes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SignalData:
    kind: str
    severity: str
    reported_on: datetime.date
    reported_by: str
    residents: list[Resident]
    unit: Unit | None
    description: str


def signal_validate(
    *, community: Community, data: SignalData, today: datetime.date | None = None
) -> None:
    """Every rule a signal obeys, as one ValidationError with all problems per field."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if data.kind not in SignalKind.values:
        add("kind", _("Kies een soort signaal."))
    if data.severity not in SignalSeverity.values:
        add("severity", _("Kies de ernst."))
    if data.reported_on > today:
        add("reported_on", _("Deze datum ligt in de toekomst."))
    elif data.reported_on < today - datetime.timedelta(days=MAX_DAYS_BACK):
        add("reported_on", _("Deze datum ligt meer dan drie jaar terug; controleer het jaar."))
    if len(data.reported_by) > Signal._meta.get_field("reported_by").max_length:
        add("reported_by", _("Te lang."))
    if not data.residents and data.unit is None:
        add("residents", _("Kies minstens één betrokken bewoner of een eenheid."))
    if data.unit is not None and data.unit.community_id != community.pk:
        add("unit", _("Deze eenheid hoort niet bij deze locatie."))
    living = set(
        TenancyResident.objects.active_on(data.reported_on)
        .filter(
            tenancy__unit__community=community,
            resident__in=[r.pk for r in data.residents],
        )
        .values_list("resident_id", flat=True)
    )
    for resident in data.residents:
        if resident.community_id != community.pk:
            add(
                "residents",
                _("%(name)s hoort niet bij deze locatie.") % {"name": resident},
            )
        elif resident.pk not in living:
            add(
                "residents",
                _("%(name)s woonde op %(date)s niet op de locatie.")
                % {"name": resident, "date": _d(data.reported_on)},
            )
    if errors:
        raise ValidationError(errors)


def _write(signal: Signal, data: SignalData) -> Signal:
    signal.kind = data.kind
    signal.severity = data.severity
    signal.reported_on = data.reported_on
    signal.reported_by = " ".join(data.reported_by.split())
    signal.unit = data.unit
    signal.description = data.description.strip()
    signal.save()
    signal.residents.set(data.residents)
    return signal


@transaction.atomic
def signal_create(
    *,
    community: Community,
    data: SignalData,
    by: User | None,
    today: datetime.date | None = None,
) -> Signal:
    signal_validate(community=community, data=data, today=today)
    return _write(Signal(community=community, recorded_by=by), data)


@transaction.atomic
def signal_update(
    *, signal: Signal, data: SignalData, today: datetime.date | None = None
) -> Signal:
    signal_validate(community=signal.community, data=data, today=today)
    first_step = signal.steps.order_by("taken_on").first()
    if first_step and first_step.taken_on < data.reported_on:
        raise ValidationError(
            {
                "reported_on": _("Er is al een stap gezet op %(date)s, vóór deze datum.")
                % {"date": _d(first_step.taken_on)}
            }
        )
    if signal.closed_on and signal.closed_on < data.reported_on:
        raise ValidationError({"reported_on": _("Het signaal is afgesloten vóór deze datum.")})
    return _write(signal, data)


def _refresh_current_step(signal: Signal) -> None:
    """The signal's current step: the ladder step of its latest step that points at one (a
    step without a ladder step, a phone call in between, does not move the signal)."""
    latest = signal.steps.filter(ladder_step__isnull=False).order_by("-taken_on", "-pk").first()
    signal.current_step = latest.ladder_step if latest else None
    signal.save(update_fields=["current_step"])


@transaction.atomic
def signal_step_add(
    *,
    signal: Signal,
    taken_on: datetime.date,
    description: str,
    ladder_step: SignalLadderStep | None,
    by: User | None,
    today: datetime.date | None = None,
) -> SignalStep:
    today = today or timezone.localdate()
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    errors: dict[str, list[str]] = {}
    if signal.closed_on is not None:
        raise ValidationError(
            _("Dit signaal is afgesloten; heropen het om een stap toe te voegen.")
        )
    if taken_on > today:
        errors["taken_on"] = [_("Deze datum ligt in de toekomst.")]
    elif taken_on < signal.reported_on:
        errors["taken_on"] = [
            _("Deze datum ligt vóór de melding (%(date)s).") % {"date": _d(signal.reported_on)}
        ]
    description = description.strip()
    if not description:
        errors["description"] = [_("Beschrijf kort wat er is gedaan.")]
    if ladder_step is not None and ladder_step.community_id != signal.community_id:
        errors["ladder_step"] = [_("Deze trede hoort niet bij de ladder van deze locatie.")]
    if errors:
        raise ValidationError(errors)
    step = SignalStep.objects.create(
        signal=signal,
        ladder_step=ladder_step,
        taken_on=taken_on,
        description=description,
        taken_by=by,
    )
    _refresh_current_step(signal)
    return step


@transaction.atomic
def signal_close(
    *,
    signal: Signal,
    closed_on: datetime.date,
    outcome: str,
    today: datetime.date | None = None,
) -> Signal:
    today = today or timezone.localdate()
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if signal.closed_on is not None:
        raise ValidationError(_("Dit signaal is al afgesloten."))
    errors: dict[str, list[str]] = {}
    if outcome not in SignalOutcome.values:
        errors["outcome"] = [_("Kies een uitkomst.")]
    if closed_on > today:
        errors["closed_on"] = [_("Deze datum ligt in de toekomst.")]
    elif closed_on < signal.reported_on:
        errors["closed_on"] = [
            _("De afsluitdatum ligt vóór de meldingsdatum (%(date)s).")
            % {"date": _d(signal.reported_on)}
        ]
    if errors:
        raise ValidationError(errors)
    signal.closed_on = closed_on
    signal.outcome = outcome
    signal.save(update_fields=["closed_on", "outcome"])
    return signal


@transaction.atomic
def signal_reopen(*, signal: Signal) -> Signal:
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if signal.closed_on is None:
        raise ValidationError(_("Dit signaal staat al open."))
    signal.closed_on = None
    signal.outcome = ""
    signal.save(update_fields=["closed_on", "outcome"])
    return signal


# --- Signals: reads ----------------------------------------------------------------------------


def overdue_before(*, community: Community, today: datetime.date) -> datetime.date:
    """An open signal reported before this day has been open longer than the community's
    `signal_overdue_days` (exactly that many days is not yet overdue)."""
    return today - datetime.timedelta(days=community.signal_overdue_days)


def open_overdue(
    *, signals: QuerySet[Signal], community: Community, today: datetime.date
) -> QuerySet[Signal]:
    return signals.filter(
        closed_on__isnull=True, reported_on__lt=overdue_before(community=community, today=today)
    )


@dataclass(frozen=True)
class SignalRow:
    signal: Signal
    overdue: bool
    days_open: int | None
    acute: bool


def signal_row(*, signal: Signal, community: Community, today: datetime.date) -> SignalRow:
    is_open = signal.closed_on is None
    return SignalRow(
        signal=signal,
        overdue=is_open and signal.reported_on < overdue_before(community=community, today=today),
        days_open=(today - signal.reported_on).days if is_open else None,
        acute=is_acute(signal),
    )


def with_row_data(signals: QuerySet[Signal]) -> QuerySet[Signal]:
    """What a row shows (residents, unit, current step), in two queries whatever the length."""
    return signals.select_related("unit", "current_step").prefetch_related("residents")


def signal_rows(
    *, signals: QuerySet[Signal] | list[Signal], community: Community, today: datetime.date
) -> list[SignalRow]:
    """The list's rows; a queryset gets `with_row_data`, a list (a page) must have it."""
    if isinstance(signals, QuerySet):
        signals = with_row_data(signals)
    return [signal_row(signal=signal, community=community, today=today) for signal in signals]


def evictions_prevented_by_year(*, signals: QuerySet[Signal]) -> dict[int, int]:
    """Signals closed with outcome "eviction prevented", per calendar year of closing."""
    years = Counter(
        day.year
        for day in signals.filter(
            outcome=SignalOutcome.EVICTION_PREVENTED, closed_on__isnull=False
        ).values_list("closed_on", flat=True)
    )
    return dict(sorted(years.items()))


def evictions_prevented_days(
    *, community_ids: list[int], start: datetime.date, until: datetime.date
) -> list[tuple[int, datetime.date]]:
    """(community id, day of closing) of every signal closed with outcome "eviction prevented"
    in [start, until], for figures over many communities and any period. One query."""
    return list(
        Signal.objects.filter(
            community_id__in=community_ids,
            outcome=SignalOutcome.EVICTION_PREVENTED,
            closed_on__gte=start,
            closed_on__lte=until,
        ).values_list("community_id", "closed_on")
    )


@dataclass(frozen=True)
class EvictionYear:
    year: int
    count: int
    avoided_cost: Decimal


def eviction_years(*, signals: QuerySet[Signal]) -> list[EvictionYear]:
    cost = avoided_cost_per_eviction()
    return [
        EvictionYear(year=year, count=count, avoided_cost=cost * count)
        for year, count in evictions_prevented_by_year(signals=signals).items()
    ]


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    open: int
    closed: int
    open_shown: str
    closed_shown: str


@dataclass(frozen=True)
class SignalSummary:
    """Counts only: what the panel shows. `masked` replaces 1–4 by "< 5" in the *_shown fields
    and hides the avoided cost when the count behind it is small."""

    open: int
    overdue: int
    evictions_prevented_this_year: int
    avoided_cost_this_year: Decimal | None
    by_kind: list[KindCount]
    masked: bool
    open_shown: str
    overdue_shown: str
    evictions_shown: str
    year: int


def signal_summaries(
    *,
    signals: QuerySet[Signal],
    communities: list[Community],
    today: datetime.date,
    masked: set[int],
) -> dict[int, SignalSummary]:
    """Per community: counts per kind and status, open and overdue now, evictions prevented
    this calendar year; `masked` holds the ids of communities whose counts are masked. Two
    grouped queries, whatever the number of communities and the length of the history."""
    year_start = datetime.date(today.year, 1, 1)
    open_by_kind: dict[int, Counter] = {c.pk: Counter() for c in communities}
    closed_by_kind: dict[int, Counter] = {c.pk: Counter() for c in communities}
    prevented: Counter = Counter()
    signals = signals.filter(community__in=communities)
    for community_id, kind, n_open, n_closed, evictions in (
        signals.values("community_id", "kind")
        .annotate(
            n_open=Count("pk", filter=Q(closed_on__isnull=True)),
            n_closed=Count("pk", filter=Q(closed_on__isnull=False)),
            evictions=Count(
                "pk",
                filter=Q(outcome=SignalOutcome.EVICTION_PREVENTED, closed_on__gte=year_start)
                & Q(closed_on__lt=datetime.date(today.year + 1, 1, 1)),
            ),
        )
        .values_list("community_id", "kind", "n_open", "n_closed", "evictions")
        .order_by()
    ):
        open_by_kind[community_id][kind] += n_open
        closed_by_kind[community_id][kind] += n_closed
        prevented[community_id] += evictions
    overdue: Counter = Counter()
    limits = {c.pk: overdue_before(community=c, today=today) for c in communities}
    for community_id, reported_on in signals.filter(closed_on__isnull=True).values_list(
        "community_id", "reported_on"
    ):
        overdue[community_id] += reported_on < limits[community_id]
    return {
        c.pk: _summary(
            open_by_kind[c.pk],
            closed_by_kind[c.pk],
            overdue[c.pk],
            prevented[c.pk],
            masked=c.pk in masked,
            today=today,
        )
        for c in communities
    }


def signal_summary(
    *, signals: QuerySet[Signal], community: Community, today: datetime.date, masked: bool
) -> SignalSummary:
    """Counts per kind and status, open and overdue now, evictions prevented this calendar
    year. Two queries."""
    return signal_summaries(
        signals=signals,
        communities=[community],
        today=today,
        masked={community.pk} if masked else set(),
    )[community.pk]


def _summary(
    open_by_kind: Counter,
    closed_by_kind: Counter,
    overdue: int,
    prevented: int,
    *,
    masked: bool,
    today: datetime.date,
) -> SignalSummary:
    def shown(n: int) -> str:
        return masked_count(n) if masked else str(n)

    kinds = [
        (kind, label)
        for kind, label in SignalKind.choices
        if open_by_kind[kind] or closed_by_kind[kind]
    ]
    total_open = sum(open_by_kind.values())
    open_counts = {"open": total_open, **{kind: open_by_kind[kind] for kind, _label in kinds}}
    # The open total is shown beside the open count per kind: one hidden kind must not be the
    # total minus the others (issue 9: 6 open over 5 kinds each "< 5"). Only masked viewers
    # need the search (it is the costly part of a home page with many locations).
    open_cells = (
        suppress(open_counts, sums=[("open", [kind for kind, _label in kinds])]) if masked else None
    )

    def open_shown(key) -> str:
        return open_cells.label(key) if open_cells is not None else str(open_counts[key])

    by_kind = [
        KindCount(
            kind=kind,
            label=label,
            open=open_by_kind[kind],
            closed=closed_by_kind[kind],
            open_shown=open_shown(kind),
            closed_shown=shown(closed_by_kind[kind]),
        )
        for kind, label in kinds
    ]
    cost = None if masked and is_small(prevented) else avoided_cost_per_eviction() * prevented
    return SignalSummary(
        open=total_open,
        overdue=overdue,
        evictions_prevented_this_year=prevented,
        avoided_cost_this_year=cost,
        by_kind=by_kind,
        masked=masked,
        open_shown=open_shown("open"),
        overdue_shown=shown(overdue),
        evictions_shown=shown(prevented),
        year=today.year,
    )


def signal_export_rows(*, rows: list[SignalRow]) -> list[dict]:
    return [
        {
            _("Gemeld op"): row.signal.reported_on,
            _("Soort"): label(SignalKind, row.signal.kind),
            _("Ernst"): label(SignalSeverity, row.signal.severity),
            _("Gemeld door"): row.signal.reported_by,
            _("Betrokken bewoners"): ", ".join(str(r) for r in row.signal.residents.all()),
            _("Eenheid"): row.signal.unit.number if row.signal.unit else "",
            _("Huidige trede"): row.signal.current_step.title if row.signal.current_step else "",
            _("Status"): _("open") if row.signal.closed_on is None else _("afgesloten"),
            _("Te lang open"): row.overdue,
            _("Afgesloten op"): row.signal.closed_on,
            _("Uitkomst"): label(SignalOutcome, row.signal.outcome),
            _("Omschrijving"): row.signal.description,
        }
        for row in rows
    ]
