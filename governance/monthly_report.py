"""The communityteam's monthly report to the kerngroep, drafted from the month's data: activities
and participation, signals by kind (counts, no names), moves in and out (counts), coach hours
against the norm. Read only through the selectors and rules of `communities`; the draft is plain
text the team then edits and sends. No names: the kerngroep's report is about the location."""

from __future__ import annotations

import calendar
import datetime
from collections import Counter
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from communities import selectors as community_selectors
from communities.constants import OrganisedBy, SignalKind
from communities.models import Community, Signal


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, last


def _percent(part: int, whole: int) -> str:
    if not whole:
        return "–"
    return formats.number_format(Decimal(100 * part) / whole, 0) + " %"


def _norm(norm) -> str:
    low, high = formats.number_format(norm.low, 0), formats.number_format(norm.high, 0)
    return low if low == high else f"{low}–{high}"


def report_draft(*, community: Community, month: datetime.date) -> str:
    # Area services of communities, imported here only: the one place to adapt when they move.
    from communities.activities import services as activities
    from communities.hours import services as hours

    first, last = month_bounds(month)
    month_label = formats.date_format(first, "F Y")
    lines = [
        _("Maandrapportage communityteam %(community)s, %(month)s")
        % {"community": community.name, "month": month_label},
        "",
        _("Activiteiten en deelname"),
    ]
    held = activities.activities_between(community=community, start=first, end=last)
    total = held.count()
    by_residents = held.exclude(organised_by=OrganisedBy.PROFESSIONALS).count()
    figures = activities.participation(community=community, start=first, end=last)
    lines += [
        _("- %(n)s activiteiten, waarvan %(r)s (mede) georganiseerd door bewoners")
        % {"n": total, "r": by_residents},
        _("- %(c)s van de %(l)s bewoners droegen bij (%(p)s; het model: 50–70 %%)")
        % {
            "c": figures.overall.contributing,
            "l": figures.overall.residents,
            "p": _percent(figures.overall.contributing, figures.overall.residents),
        },
        "",
        _("Signalen (aantallen, zonder namen)"),
    ]
    new = Counter(
        Signal.objects.filter(
            community=community, reported_on__gte=first, reported_on__lte=last
        ).values_list("kind", flat=True)
    )
    if new:
        labels = dict(SignalKind.choices)
        lines += [f"- {labels.get(kind, kind)}: {n}" for kind, n in sorted(new.items())]
    else:
        lines.append(_("- Geen nieuwe signalen."))
    still_open = Signal.objects.filter(community=community, closed_on__isnull=True).count()
    lines.append(_("- Nu nog open: %(n)s") % {"n": still_open})
    moves = community_selectors.moves_between(community=community, start=first, end=last)
    moved_in = sum(1 for m in moves if m.direction == "in")
    lines += [
        "",
        _("Mutaties"),
        _("- Ingestroomd: %(i)s, vertrokken: %(o)s") % {"i": moved_in, "o": len(moves) - moved_in},
        "",
        _("Uren tegen de norm"),
    ]
    overview = hours.hours_overview(community=community, today=last, weeks=5)
    weeks = [w for w in overview.coach if first <= w.week_start <= last]
    if weeks:
        average = sum((w.realised for w in weeks), Decimal(0)) / len(weeks)
        lines.append(
            _("- Communitycoach: gemiddeld %(avg)s uur per week (norm %(norm)s)")
            % {"avg": formats.number_format(average, 1), "norm": _norm(overview.coach_norm)}
        )
    else:
        lines.append(_("- Geen uren geregistreerd."))
    lines += ["", _("Toelichting van het communityteam"), ""]
    return "\n".join(lines)
