"""The 7-ingredient scorecard: plain functions from a community's facts (`monitor.sources`) and
its norms (`monitor.norms`) to indicators, each with a value, the norm, a status and one line a
municipal official understands. Tested against hand computations without HTTP.

Rules (each a default a community may change, see `monitor.norms`; *decision* where the model
gives no number):
- Hours (coach, care organisations, beheer): at or above the norm's lower end op koers (above a
  range too: more hours are no warning); under it but from 75 % of it aandacht; below that actie
  nodig. Nothing logged in the last four complete weeks: nog geen gegevens.
- Residents organising: the share of activities organised by residents (alone or together) in
  the last 3 months against the 3 months before: the same or growing op koers, falling aandacht
  (*decision*: a trend, never "actie nodig").
- Talents put to use: residents with a talent on offer who organised an activity or noted another
  contribution in the last 12 months; from 50 % op koers, from 25 % aandacht (*decision*).
- Mix: the community's bands (±5/±10 pp by default). Per section: the worst section. The 1/2 target
  is checked on the facts of the day: above 60 units without a recorded reason it is actie nodig.
- Active contribution: from 50 % op koers (above 70 % too), to 10 pp under it aandacht, further
  under it actie nodig.
- Moves: move-outs in 12 months against the residents now: up to 20 % op koers, to 30 % aandacht
  (*decision*).
- Cadence and funding come from governance and financiering; until they can tell: nog geen
  gegevens.
- Ontmoeting: a meeting room in use (an activity there in 6 months); one kind of activity in each
  of the last 4 complete weeks (2–3 weeks: aandacht); activities per month over the last 3 full
  months: from 4 op koers, from 2 aandacht (*decision*).
- Signals: none open longer than the community's days op koers; the oldest longer than twice that
  actie nodig; otherwise aandacht. Fire drill: within the community's interval. Contact card: 112,
  reparaties, overlast and the coach each with a phone number or e-mail address.
- Building: 40–100 units op koers (60–80 optimal), otherwise aandacht; at most 150 residents
  (people); the three price classes present, otherwise aandacht (the seed allows them around the
  location too: never actie nodig).
- An ingredient takes its worst indicator's status; indicators without data do not count, unless
  none has data. Aggregate viewers (gemeente, stuurgroep) get counts of 1–4 as "< 5" and no share
  that could point at fewer than 5 people, and no per-section names or figures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from communities.constants import (
    HALF_TARGET_MAX_UNITS,
    ContactCardTopic,
    MixStatus,
    MixTarget,
    PriceClass,
)
from communities.norms import fmt_hours
from communities.privacy import is_small, masked_count, mix_cells, part_of_cells
from monitor.constants import SHORT_LABELS, STATUS_CSS, STATUS_SEVERITY, Ingredient, Status
from monitor.norms import NormInForce
from monitor.sources import Facts

S = Status
REQUIRED_CONTACT_TOPICS = (
    ContactCardTopic.EMERGENCY,
    ContactCardTopic.REPAIRS,
    ContactCardTopic.NUISANCE,
    ContactCardTopic.COACH,
)
OPTIMAL_UNITS = (60, 80)


@dataclass(frozen=True)
class Indicator:
    key: str
    title: str
    status: Status
    value: str
    norm: str
    line: str
    override: str = ""

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def css(self) -> str:
        return STATUS_CSS[self.status]


@dataclass(frozen=True)
class IngredientRow:
    ingredient: Ingredient
    indicators: list[Indicator]

    @property
    def with_data(self) -> list[Indicator]:
        return [i for i in self.indicators if i.status != S.NO_DATA]

    @property
    def worst(self) -> Indicator | None:
        """The indicator that sets the status (the first of the worst)."""
        if not self.with_data:
            return None
        return max(self.with_data, key=lambda i: STATUS_SEVERITY[i.status])

    @property
    def status(self) -> Status:
        worst = self.worst
        return S.NO_DATA if worst is None else worst.status

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def css(self) -> str:
        return STATUS_CSS[self.status]

    @property
    def no_data(self) -> int:
        return len(self.indicators) - len(self.with_data)

    @property
    def label(self) -> str:
        return str(self.ingredient.label)

    @property
    def short_label(self) -> str:
        return str(SHORT_LABELS[self.ingredient])

    @property
    def because(self) -> str:
        """ "Aandacht door: Coachuren" — which indicator sets the status."""
        worst = self.worst
        if worst is None or worst.status == S.ON_COURSE:
            return ""
        return _("%(status)s door: %(indicator)s") % {
            "status": worst.status_label,
            "indicator": worst.title,
        }


@dataclass(frozen=True)
class Scorecard:
    community_id: int
    on: datetime.date
    rows: list[IngredientRow] = field(default_factory=list)

    def row(self, ingredient: Ingredient) -> IngredientRow:
        return next(r for r in self.rows if r.ingredient == ingredient)

    def indicator(self, key: str) -> Indicator:
        return next(i for r in self.rows for i in r.indicators if i.key == key)


# --- Formatting ----------------------------------------------------------------------------------


def pct(value: Fraction | float | Decimal) -> str:
    """A whole percentage the Dutch way: "33 %"."""
    return f"{number_format(round(float(value)))} %"


def num(value: Decimal | float | Fraction) -> str:
    """One decimal at most, the Dutch way: 7.25 → "7,3", 18.0 → "18"."""
    if isinstance(value, Fraction):
        value = float(value)
    return fmt_hours(Decimal(str(value)).quantize(Decimal("0.1")).normalize())


class Counts:
    """Head counts as the viewer may see them."""

    def __init__(self, masked: bool, show_sections: bool = True):
        self.masked = masked
        # Section names and figures: not for aggregate viewers nor for roles without the
        # section mix (welzijn).
        self.show_sections = show_sections and not masked

    def __call__(self, n: int) -> str:
        return masked_count(n) if self.masked else str(n)

    def hides(self, *counts: int) -> bool:
        return self.masked and is_small(*counts)

    def part_of(self, part: int, whole: int) -> tuple[str, str, bool]:
        """(part, whole, share hidden) as the viewer sees "17 van 20 (85 %)": for aggregate
        viewers through the one suppression, so that a share is hidden exactly when a count it
        follows from is (`communities.privacy.part_of_cells`)."""
        if not self.masked:
            return str(part), str(whole), False
        cells = part_of_cells(part, whole)
        return cells.label("part"), cells.label("whole"), cells.any_hidden("part", "rest")

    def mix(self, figures) -> tuple[str, str, bool]:
        """(supported, residents, share hidden) of a mix, as the mix table shows them."""
        total = figures.supported + figures.unsupported
        if not self.masked:
            return str(figures.supported), str(total), False
        cells = mix_cells(figures)
        hidden = cells.any_hidden("supported", "unsupported")
        return cells.label("supported"), cells.label("residents"), hidden


# --- Pure rules ----------------------------------------------------------------------------------


def hours_status(*, realised: Decimal, low: Decimal, attention_percent: Decimal) -> Status:
    """At or above the lower end of the norm: op koers; from `attention_percent` of it: aandacht;
    below: actie nodig."""
    if realised >= low:
        return S.ON_COURSE
    if realised * 100 >= low * attention_percent:
        return S.ATTENTION
    return S.ACTION


def at_least_status(value, *, on_course_from, attention_from) -> Status:
    if value >= on_course_from:
        return S.ON_COURSE
    if value >= attention_from:
        return S.ATTENTION
    return S.ACTION


def at_most_status(value, *, on_course_to, attention_to) -> Status:
    if value <= on_course_to:
        return S.ON_COURSE
    if value <= attention_to:
        return S.ATTENTION
    return S.ACTION


def participation_status(share: Fraction, *, low: Decimal) -> Status:
    """From the lower end op koers (above the band is fine); to 10 pp under it aandacht."""
    low = Fraction(low)
    if share >= low:
        return S.ON_COURSE
    if share >= low - 10:
        return S.ATTENTION
    return S.ACTION


_MIX = {
    MixStatus.ON_COURSE: S.ON_COURSE,
    MixStatus.ATTENTION: S.ATTENTION,
    MixStatus.ACTION: S.ACTION,
    MixStatus.NO_RESIDENTS: S.NO_DATA,
}


def worst(statuses) -> Status:
    statuses = [s for s in statuses if s != S.NO_DATA]
    return max(statuses, key=STATUS_SEVERITY.get) if statuses else S.NO_DATA


# --- Ingredients ---------------------------------------------------------------------------------


def _community(f: Facts, norms: dict[str, NormInForce], n: Counts) -> list[Indicator]:
    attention = norms["hours_attention"].low
    coach = f.coach_norm
    norm_line = _("norm %(norm)s voor %(band)s eenheden in %(phase)s") % {
        "norm": coach.label,
        "band": coach.band,
        "phase": f.phase_label.lower(),
    }
    if f.coach_realised is None:
        coach_ind = Indicator(
            "coach_hours",
            _("Uren communitycoach"),
            S.NO_DATA,
            "–",
            coach.label,
            _("Nog geen uren van de coach geregistreerd in de laatste 4 weken; %(norm)s.")
            % {"norm": norm_line},
            coach.override_text,
        )
    else:
        coach_ind = Indicator(
            "coach_hours",
            _("Uren communitycoach"),
            hours_status(realised=f.coach_realised, low=coach.low, attention_percent=attention),
            _("%(h)s u/week") % {"h": num(f.coach_realised)},
            _("%(h)s u/week") % {"h": coach.label},
            _("%(h)s u/week coach (gemiddelde van 4 weken), %(norm)s.")
            % {"h": num(f.coach_realised), "norm": norm_line},
            coach.override_text,
        )

    total, mine = f.organised_recent
    before_total, before_mine = f.organised_before
    if total == 0:
        organised = Indicator(
            "resident_organised",
            _("Activiteiten door bewoners"),
            S.NO_DATA,
            "–",
            _("groeiend"),
            _("Geen activiteiten vastgelegd in de laatste 3 maanden."),
        )
    else:
        share = Fraction(100 * mine, total)
        previous = Fraction(100 * before_mine, before_total) if before_total else None
        if previous is None:
            status = S.ON_COURSE if share > 0 else S.ATTENTION
        else:
            status = S.ON_COURSE if share >= previous else S.ATTENTION
        line = _(
            "%(share)s van de activiteiten door bewoners georganiseerd (laatste 3 maanden)"
        ) % {"share": pct(share)}
        if previous is not None:
            line += _(", de 3 maanden ervoor %(previous)s") % {"previous": pct(previous)}
        organised = Indicator(
            "resident_organised",
            _("Activiteiten door bewoners"),
            status,
            pct(share),
            _("groeiend"),
            line + ".",
        )

    used = norms["talents_used"]
    if f.talents_offered == 0:
        talents = Indicator(
            "talents_used",
            _("Talenten ingezet"),
            S.NO_DATA,
            "–",
            _("vanaf %(n)s") % {"n": pct(used.high)},
            _("Nog geen talenten van bewoners op de lijst."),
            used.override_text,
        )
    else:
        share = Fraction(100 * f.talents_used, f.talents_offered)
        used_shown, offered_shown, hidden = n.part_of(f.talents_used, f.talents_offered)
        talents = Indicator(
            "talents_used",
            _("Talenten ingezet"),
            at_least_status(share, on_course_from=used.high, attention_from=used.low),
            "–" if hidden else pct(share),
            _("vanaf %(n)s") % {"n": pct(used.high)},
            _(
                "%(used)s van %(offered)s bewoners met een talent op de lijst organiseerden "
                "of droegen bij in 12 maanden."
            )
            % {"used": used_shown, "offered": offered_shown},
            used.override_text,
        )
    return [coach_ind, organised, talents]


def _mix(f: Facts, norms: dict[str, NormInForce], n: Counts) -> list[Indicator]:
    bands = norms["mix_bands"]
    overall = f.mix.overall
    target_text = pct(overall.target_percent)
    band_text = _("op koers binnen ±%(a)s pp, aandacht binnen ±%(b)s pp") % {
        "a": num(bands.low),
        "b": num(bands.high),
    }
    if overall.total == 0:
        mix = Indicator(
            "mix",
            _("Mix begeleid"),
            S.NO_DATA,
            "–",
            target_text,
            _("Nog geen bewoners."),
            bands.override_text,
        )
    else:
        supported_shown, total_shown, hidden = n.mix(overall)
        share = "–" if hidden else pct(overall.share * 100)
        mix = Indicator(
            "mix",
            _("Mix begeleid"),
            _MIX[overall.status],
            share,
            target_text,
            _("%(share)s begeleid (%(s)s van %(t)s bewoners), streef %(target)s; %(bands)s.")
            % {
                "share": share,
                "s": supported_shown,
                "t": total_shown,
                "target": target_text,
                "bands": band_text,
            },
            bands.override_text,
        )

    sections = [s for s in f.mix.sections if s.figures.total]
    if not sections:
        per_section = Indicator(
            "mix_sections",
            _("Mix per deel"),
            S.NO_DATA,
            "–",
            target_text,
            _("Geen delen met bewoners."),
        )
    else:
        status = worst(_MIX[s.figures.status] for s in sections)
        off = [s for s in sections if s.figures.status != MixStatus.ON_COURSE]
        if not n.show_sections:
            line = _("%(on)s van %(all)s delen binnen de marge van de streefwaarde.") % {
                "on": len(sections) - len(off),
                "all": len(sections),
            }
        elif off:
            line = _("Buiten de marge: %(sections)s.") % {
                "sections": "; ".join(
                    f"{s.name} {pct(s.figures.share * 100)} ({s.figures.status_label().lower()})"
                    for s in off
                )
            }
        else:
            line = _("Alle %(all)s delen binnen de marge van de streefwaarde.") % {
                "all": len(sections)
            }
        per_section = Indicator(
            "mix_sections",
            _("Mix per deel"),
            status,
            _("%(on)s van %(all)s op koers")
            % {"on": len(sections) - len(off), "all": len(sections)},
            target_text,
            line,
        )

    if f.mix_target != MixTarget.HALF:
        half = Indicator(
            "mix_target",
            _("Streefmix past bij de omvang"),
            S.ON_COURSE,
            "1/3",
            "1/3",
            _("Streefmix 1/3 begeleid, zoals het model."),
        )
    elif f.units <= HALF_TARGET_MAX_UNITS:
        half = Indicator(
            "mix_target",
            _("Streefmix past bij de omvang"),
            S.ON_COURSE,
            "1/2",
            _("1/2 tot ongeveer %(max)s eenheden") % {"max": HALF_TARGET_MAX_UNITS},
            _(
                "Streefmix 1/2 bij %(units)s eenheden: past (het model staat 1/2 toe tot "
                "ongeveer %(max)s eenheden)."
            )
            % {"units": f.units, "max": HALF_TARGET_MAX_UNITS},
            _("Reden: %(reason)s") % {"reason": f.mix_target_reason}
            if f.mix_target_reason.strip()
            else "",
        )
    elif f.mix_target_reason.strip():
        half = Indicator(
            "mix_target",
            _("Streefmix past bij de omvang"),
            S.ON_COURSE,
            "1/2",
            _("1/2 tot ongeveer %(max)s eenheden") % {"max": HALF_TARGET_MAX_UNITS},
            _("Streefmix 1/2 bij %(units)s eenheden, met een vastgelegde reden.")
            % {"units": f.units},
            _("Afwijkende streefmix van deze locatie. Reden: %(reason)s")
            % {"reason": f.mix_target_reason},
        )
    else:
        half = Indicator(
            "mix_target",
            _("Streefmix past bij de omvang"),
            S.ACTION,
            "1/2",
            _("1/2 tot ongeveer %(max)s eenheden") % {"max": HALF_TARGET_MAX_UNITS},
            _(
                "Streefmix 1/2, maar de locatie telt nu %(units)s eenheden: het model staat "
                "1/2 toe tot ongeveer %(max)s eenheden of met een vastgelegde reden. "
                "Leg de reden vast of kies 1/3."
            )
            % {"units": f.units, "max": HALF_TARGET_MAX_UNITS},
        )

    band = norms["participation"]
    if f.participation_residents == 0:
        participation = Indicator(
            "participation",
            _("Actieve bijdrage"),
            S.NO_DATA,
            "–",
            band.text,
            _("Nog geen bewoners."),
            band.override_text,
        )
    else:
        share = Fraction(100 * f.participation_contributing, f.participation_residents)
        contributing_shown, residents_shown, hidden = n.part_of(
            f.participation_contributing, f.participation_residents
        )
        above = _(" (boven de bandbreedte: prima)") if share > band.high else ""
        participation = Indicator(
            "participation",
            _("Actieve bijdrage"),
            participation_status(share, low=band.low),
            "–" if hidden else pct(share),
            band.text,
            _(
                "%(c)s van %(r)s bewoners droegen actief bij in de laatste 3 "
                "maanden%(share)s; norm %(band)s%(above)s."
            )
            % {
                "c": contributing_shown,
                "r": residents_shown,
                "share": "" if hidden else f" ({pct(share)})",
                "band": band.text,
                "above": above,
            },
            band.override_text,
        )

    turnover = norms["turnover"]
    if f.residents == 0 and f.moved_out == 0:
        moves = Indicator(
            "moves",
            _("Verhuizingen (12 maanden)"),
            S.NO_DATA,
            "–",
            _("tot %(n)s") % {"n": pct(turnover.low)},
            _("Nog geen bewoners."),
            turnover.override_text,
        )
    else:
        rate = Fraction(100 * f.moved_out, f.residents) if f.residents else Fraction(100)
        line = _("Afgelopen 12 maanden: %(i)s ingetrokken, %(o)s vertrokken") % {
            "i": n(f.moved_in),
            "o": n(f.moved_out),
        }
        if not n.hides(f.moved_out):
            line += _(" (%(rate)s van de bewoners)") % {"rate": pct(rate)}
        if f.evictions and not n.masked:
            line += _(", waarvan %(e)s door huisuitzetting") % {"e": f.evictions}
        moves = Indicator(
            "moves",
            _("Verhuizingen (12 maanden)"),
            at_most_status(rate, on_course_to=turnover.low, attention_to=turnover.high),
            _("%(o)s vertrokken") % {"o": n(f.moved_out)},
            _("tot %(n)s per jaar") % {"n": pct(turnover.low)},
            line + ".",
            turnover.override_text,
        )
    return [mix, per_section, half, participation, moves]


def _cooperation(f: Facts, norms: dict[str, NormInForce], n: Counts) -> list[Indicator]:
    attention = norms["hours_attention"].low
    if f.cadence is None:
        cadence = Indicator(
            "cadence",
            _("Overleg volgens ritme"),
            S.NO_DATA,
            "–",
            _("stuurgroep 1–2×, kerngroep 4–6×, communityteam 12× per jaar"),
            _(
                "Nog geen gegevens: de vergaderingen van stuurgroep, kerngroep en "
                "communityteam komen uit de module governance."
            ),
        )
    else:
        cadence = Indicator(
            "cadence",
            _("Overleg volgens ritme"),
            worst(Status(c.status) if c.status in Status.values else S.NO_DATA for c in f.cadence),
            "; ".join(f"{c.body} {c.held}/{c.required}" for c in f.cadence),
            _("stuurgroep 1–2×, kerngroep 4–6×, communityteam 12× per jaar"),
            "; ".join(
                _("%(body)s: %(held)s gehouden, %(planned)s gepland, %(required)s nodig dit jaar")
                % {"body": c.body, "held": c.held, "planned": c.planned, "required": c.required}
                for c in f.cadence
            )
            + ".",
        )

    share = f.care_share_label
    logged = [c for c in f.care if c.realised is not None]
    if not f.care:
        care = Indicator(
            "care_hours",
            _("Community-uren zorgaanbieders"),
            S.NO_DATA,
            "–",
            _("%(p)s %% van de geïndiceerde uren") % {"p": share},
            _("Geen begeleide bewoners met een zorgaanbieder."),
        )
    elif not logged:
        care = Indicator(
            "care_hours",
            _("Community-uren zorgaanbieders"),
            S.NO_DATA,
            "–",
            _("%(p)s %% van de geïndiceerde uren") % {"p": share},
            _("Nog geen community-uren van begeleiders geregistreerd in de laatste 4 weken."),
        )
    else:
        statuses = []
        parts = []
        for c in f.care:
            realised = c.realised or Decimal(0)
            if c.realised is None:
                # Nothing logged: perhaps not given, perhaps not recorded. Aandacht either way.
                status = S.ATTENTION
            else:
                status = hours_status(realised=realised, low=c.norm, attention_percent=attention)
            statuses.append(status)
            if c.realised is None:
                parts.append(_("%(org)s: geen uren geregistreerd") % {"org": c.organisation})
            elif n.hides(c.clients):
                parts.append(
                    _("%(org)s: %(status)s (< 5 cliënten)")
                    % {"org": c.organisation, "status": str(status.label).lower()}
                )
            else:
                parts.append(
                    _("%(org)s %(r)s van %(norm)s u/week")
                    % {"org": c.organisation, "r": num(realised), "norm": num(c.norm)}
                )
        met = sum(s == S.ON_COURSE for s in statuses)
        care = Indicator(
            "care_hours",
            _("Community-uren zorgaanbieders"),
            worst(statuses),
            _("%(met)s van %(all)s halen het") % {"met": met, "all": len(f.care)},
            _("%(p)s %% van de geïndiceerde uren") % {"p": share},
            _("%(met)s van %(all)s zorgaanbieders halen hun %(p)s %%: %(parts)s.")
            % {"met": met, "all": len(f.care), "p": share, "parts": "; ".join(parts)},
        )

    fixed = norms["begeleiders_per_organisation"]
    if not f.begeleiders_by_organisation:
        begeleiders = Indicator(
            "begeleiders",
            _("Vaste begeleiders"),
            S.NO_DATA,
            "–",
            _("tot %(n)s per zorgaanbieder") % {"n": num(fixed.high)},
            _("Nog geen community-uren van begeleiders in 3 maanden."),
            fixed.override_text,
        )
    else:
        most = max(f.begeleiders_by_organisation.values())
        total = sum(f.begeleiders_by_organisation.values())
        begeleiders = Indicator(
            "begeleiders",
            _("Vaste begeleiders"),
            S.ON_COURSE if most <= fixed.high else S.ATTENTION,
            str(total),
            _("tot %(n)s per zorgaanbieder") % {"n": num(fixed.high)},
            _(
                "%(total)s verschillende begeleider(s) in 3 maanden (%(parts)s); het model wil "
                "weinig, vaste gezichten."
            )
            % {
                "total": total,
                "parts": ", ".join(
                    f"{org} {count}" for org, count in f.begeleiders_by_organisation.items()
                ),
            },
            fixed.override_text,
        )
    return [cadence, care, begeleiders]


def _meeting(f: Facts, norms: dict[str, NormInForce], n: Counts) -> list[Indicator]:
    per_month = norms["activities_per_month"]
    if f.activities_half_year == 0:
        room = Indicator(
            "meeting_room",
            _("Ontmoetingsruimte"),
            S.NO_DATA,
            "–",
            _("in gebruik"),
            _("Geen activiteiten vastgelegd in 6 maanden."),
        )
        weekly = Indicator(
            "weekly",
            _("Wekelijks terugkerende activiteit"),
            S.NO_DATA,
            "–",
            _("elke week"),
            _("Geen activiteiten vastgelegd in 6 maanden."),
        )
    else:
        room = Indicator(
            "meeting_room",
            _("Ontmoetingsruimte"),
            S.ON_COURSE if f.meeting_room_activities else S.ATTENTION,
            _("in gebruik") if f.meeting_room_activities else _("niet gebruikt"),
            _("in gebruik"),
            _("%(n)s activiteiten in de eigen ontmoetingsruimte in 6 maanden.")
            % {"n": f.meeting_room_activities}
            if f.meeting_room_activities
            else _(
                "Geen activiteit in een eigen ontmoetingsruimte in 6 maanden: is er een ruimte?"
            ),
        )
        weekly = Indicator(
            "weekly",
            _("Wekelijks terugkerende activiteit"),
            at_least_status(f.weekly_weeks, on_course_from=4, attention_from=2),
            _("%(w)s van 4 weken") % {"w": f.weekly_weeks},
            _("elke week"),
            _(
                "De vaakst terugkerende soort activiteit was er in %(w)s van de laatste 4 "
                "volle weken."
            )
            % {"w": f.weekly_weeks},
        )
    months = f.activities_by_month
    if sum(months) == 0 and f.activities_half_year == 0:
        count = Indicator(
            "activities_per_month",
            _("Activiteiten per maand"),
            S.NO_DATA,
            "–",
            _("vanaf %(n)s") % {"n": num(per_month.high)},
            _("Nog geen activiteiten vastgelegd."),
            per_month.override_text,
        )
    else:
        average = Fraction(sum(months), len(months))
        count = Indicator(
            "activities_per_month",
            _("Activiteiten per maand"),
            at_least_status(average, on_course_from=per_month.high, attention_from=per_month.low),
            num(float(average)),
            _("vanaf %(n)s") % {"n": num(per_month.high)},
            _(
                "Gemiddeld %(avg)s activiteiten per maand over de laatste 3 volle maanden "
                "(%(months)s)."
            )
            % {"avg": num(float(average)), "months": ", ".join(str(m) for m in months)},
            per_month.override_text,
        )
    return [room, weekly, count]


def _management(f: Facts, norms: dict[str, NormInForce], n: Counts) -> list[Indicator]:
    attention = norms["hours_attention"].low
    low, high = f.management_norm
    norm_text = _("%(low)s–%(high)s u/week") % {"low": num(low), "high": num(high)}
    if f.management_realised is None:
        hours = Indicator(
            "management_hours",
            _("Uren beheer"),
            S.NO_DATA,
            "–",
            norm_text,
            _("Nog geen beheeruren geregistreerd in de laatste 4 weken."),
        )
    else:
        hours = Indicator(
            "management_hours",
            _("Uren beheer"),
            hours_status(realised=f.management_realised, low=low, attention_percent=attention),
            _("%(h)s u/week") % {"h": num(f.management_realised)},
            norm_text,
            _(
                "%(h)s u/week sociaal en fysiek beheer (gemiddelde van 4 weken), norm "
                "%(norm)s voor %(units)s eenheden (1 fte per 150–350 eenheden)."
            )
            % {"h": num(f.management_realised), "norm": norm_text, "units": f.units},
        )

    s = f.signals
    if s.open == 0:
        signals = Indicator(
            "signals",
            _("Open signalen"),
            S.ON_COURSE,
            "0",
            _("niet langer dan %(d)s dagen open") % {"d": s.overdue_days},
            _("Geen open signalen."),
        )
    else:
        if s.overdue == 0:
            status = S.ON_COURSE
        elif s.oldest_days > 2 * s.overdue_days:
            status = S.ACTION
        else:
            status = S.ATTENTION
        signals = Indicator(
            "signals",
            _("Open signalen"),
            status,
            n(s.open),
            _("niet langer dan %(d)s dagen open") % {"d": s.overdue_days},
            _(
                "%(open)s open, waarvan %(over)s langer dan %(d)s dagen; het oudste staat "
                "%(age)s dagen open."
            )
            % {"open": n(s.open), "over": n(s.overdue), "d": s.overdue_days, "age": s.oldest_days},
        )

    interval = f.community.fire_drill_interval_months
    if f.drill_last is None:
        drill = Indicator(
            "fire_drill",
            _("Ontruimingsoefening"),
            S.ACTION,
            "–",
            _("elke %(m)s maanden") % {"m": interval},
            _("Nog geen ontruimingsoefening vastgelegd."),
        )
    else:
        drill = Indicator(
            "fire_drill",
            _("Ontruimingsoefening"),
            S.ACTION if f.drill_overdue else S.ON_COURSE,
            f.drill_last.strftime("%d-%m-%Y"),
            _("elke %(m)s maanden") % {"m": interval},
            (
                _("Laatste oefening %(last)s; de volgende was uiterlijk %(due)s.")
                if f.drill_overdue
                else _("Laatste oefening %(last)s; de volgende uiterlijk %(due)s.")
            )
            % {"last": f.drill_last.strftime("%d-%m-%Y"), "due": f.drill_due.strftime("%d-%m-%Y")},
        )

    present = [t for t in REQUIRED_CONTACT_TOPICS if t in f.contact_topics]
    missing = [
        str(ContactCardTopic(t).label) for t in REQUIRED_CONTACT_TOPICS if t not in f.contact_topics
    ]
    card = Indicator(
        "contact_card",
        _("Contactkaart ingevuld"),
        S.ON_COURSE if not missing else (S.ACTION if not present else S.ATTENTION),
        _("%(p)s van %(a)s") % {"p": len(present), "a": len(REQUIRED_CONTACT_TOPICS)},
        _("nood, reparaties, overlast, coach"),
        _("Alle vaste onderwerpen hebben een telefoonnummer of e-mailadres.")
        if not missing
        else _("Ontbreekt op de contactkaart: %(missing)s.") % {"missing": ", ".join(missing)},
    )
    return [hours, signals, drill, card]


def _building(f: Facts, norms: dict[str, NormInForce], n: Counts) -> list[Indicator]:
    scale = norms["units"]
    most = norms["residents_max"]
    if f.units == 0:
        units = Indicator(
            "units",
            _("Aantal eenheden"),
            S.NO_DATA,
            "–",
            scale.text,
            _("Nog geen eenheden vastgelegd."),
            scale.override_text,
        )
    else:
        inside = scale.low <= f.units <= scale.high
        optimal = OPTIMAL_UNITS[0] <= f.units <= OPTIMAL_UNITS[1]
        if optimal:
            line = _("%(u)s eenheden: optimaal (60–80).")
        elif inside:
            line = _("%(u)s eenheden: binnen %(scale)s (optimaal is 60–80).")
        elif f.units > scale.high:
            line = _("%(u)s eenheden: meer dan %(max)s; boven de 100 vraagt de schaal aandacht.")
        else:
            line = _("%(u)s eenheden: onder de schaal van het model (%(scale)s).")
        units = Indicator(
            "units",
            _("Aantal eenheden"),
            S.ON_COURSE if inside else S.ATTENTION,
            str(f.units),
            scale.text,
            line % {"u": f.units, "scale": scale.text, "max": num(scale.high)},
            scale.override_text,
        )
    if f.residents == 0:
        residents = Indicator(
            "residents",
            _("Aantal bewoners"),
            S.NO_DATA,
            "–",
            _("tot %(n)s") % {"n": num(most.high)},
            _("Nog geen bewoners."),
            most.override_text,
        )
    else:
        residents = Indicator(
            "residents",
            _("Aantal bewoners"),
            S.ON_COURSE if f.residents <= most.high else S.ATTENTION,
            n(f.residents),
            _("tot %(n)s mensen") % {"n": num(most.high)},
            _(
                "%(r)s bewoners (mensen, niet eenheden); tot ongeveer %(n)s kennen mensen "
                "elkaar nog."
            )
            % {"r": n(f.residents), "n": num(most.high)},
            most.override_text,
        )
    if f.units == 0:
        prices = Indicator(
            "price_classes",
            _("Prijsklassen"),
            S.NO_DATA,
            "–",
            _("sociale huur, middenhuur en koop"),
            _("Nog geen eenheden vastgelegd."),
        )
    else:
        present = [str(label) for value, label in PriceClass.choices if value in f.price_classes]
        missing = [
            str(label).lower()
            for value, label in PriceClass.choices
            if value not in f.price_classes
        ]
        prices = Indicator(
            "price_classes",
            _("Prijsklassen"),
            S.ON_COURSE if not missing else S.ATTENTION,
            ", ".join(present),
            _("sociale huur, middenhuur en koop"),
            _("Alle drie de prijsklassen in de locatie.")
            if not missing
            else _(
                "Niet in de locatie: %(missing)s; het model noemt de mix van prijsklassen "
                "gunstig, in of rond de locatie."
            )
            % {"missing": ", ".join(missing)},
        )
    return [units, residents, prices]


def _funding(f: Facts, norms: dict[str, NormInForce], n: Counts) -> list[Indicator]:
    horizon = norms["horizon_years"]
    funding = f.funding
    waiting = _("Nog geen gegevens: de financieringsafspraken komen uit de module financiering.")
    if funding is None or funding.horizon_years is None:
        years = Indicator(
            "horizon",
            _("Financiering vastgelegd"),
            S.NO_DATA,
            "–",
            _("%(n)s jaar vooruit") % {"n": num(horizon.high)},
            waiting,
            horizon.override_text,
        )
    else:
        years = Indicator(
            "horizon",
            _("Financiering vastgelegd"),
            at_least_status(
                Decimal(funding.horizon_years),
                on_course_from=horizon.high,
                attention_from=horizon.low,
            ),
            _("%(n)s jaar") % {"n": num(funding.horizon_years)},
            _("%(n)s jaar vooruit") % {"n": num(horizon.high)},
            _("De financiering ligt %(n)s jaar vooruit vast; het model wil 5 tot 10 jaar.")
            % {"n": num(funding.horizon_years)},
            horizon.override_text,
        )
    if funding is None or funding.partners_total is None or funding.partners_contributing is None:
        partners = Indicator(
            "partners", _("Alle partners dragen bij"), S.NO_DATA, "–", _("alle partners"), waiting
        )
    else:
        partners = Indicator(
            "partners",
            _("Alle partners dragen bij"),
            S.ON_COURSE if funding.partners_contributing >= funding.partners_total else S.ATTENTION,
            _("%(c)s van %(t)s")
            % {"c": funding.partners_contributing, "t": funding.partners_total},
            _("alle partners"),
            _("%(c)s van de %(t)s partners van het akkoord dragen bij in geld of uren.")
            % {"c": funding.partners_contributing, "t": funding.partners_total},
        )
    if funding is None or funding.project_money_without_follow_up is None:
        follow_up = Indicator(
            "project_money",
            _("Projectgeld met vervolg"),
            S.NO_DATA,
            "–",
            _("regulier vervolg geregeld"),
            waiting,
        )
    else:
        gaps = funding.project_money_without_follow_up
        follow_up = Indicator(
            "project_money",
            _("Projectgeld met vervolg"),
            S.ON_COURSE if gaps == 0 else S.ATTENTION,
            str(gaps),
            _("regulier vervolg geregeld"),
            _("Elke projectfinanciering heeft een regulier vervolg.")
            if gaps == 0
            else _(
                "%(n)s projectfinanciering(en) zonder regulier vervolg: het bekende risico "
                "van het model."
            )
            % {"n": gaps},
        )
    return [years, partners, follow_up]


def _experience(survey, norms: dict[str, NormInForce]) -> list[Indicator]:
    score = norms["survey_score"]
    norm_text = _("vanaf %(n)s van 5") % {"n": num(score.high)}
    if survey is None or not survey.shown:
        reason = _("Nog geen bewonersenquête met minstens 5 antwoorden.")
        return [
            Indicator(
                "survey",
                _("Bewonersenquête"),
                S.NO_DATA,
                "–",
                norm_text,
                reason,
                score.override_text,
            )
        ]
    indicators = []
    for factor in survey.factors:
        line = _("Gemiddeld %(avg)s van 5 op %(k)s stelling(en), %(n)s antwoorden in %(year)s") % {
            "avg": num(factor.average),
            "k": factor.statements,
            "n": survey.responses,
            "year": survey.year,
        }
        if factor.previous is not None:
            line += _("; het jaar ervoor %(prev)s") % {"prev": num(factor.previous)}
        indicators.append(
            Indicator(
                f"survey_{factor.factor}",
                factor.label,
                at_least_status(
                    factor.average, on_course_from=score.high, attention_from=score.low
                ),
                num(factor.average),
                norm_text,
                line + ".",
                score.override_text,
            )
        )
    return indicators


def scorecard_build(
    *,
    facts: Facts,
    norms: dict[str, NormInForce],
    survey=None,
    masked: bool = False,
    show_sections: bool = True,
) -> Scorecard:
    """The scorecard of one community from its facts; `masked` for aggregate viewers,
    `show_sections` for viewers who may see the mix per section."""
    n = Counts(masked, show_sections)
    rows = [
        IngredientRow(Ingredient.COMMUNITY, _community(facts, norms, n)),
        IngredientRow(Ingredient.MIX, _mix(facts, norms, n)),
        IngredientRow(Ingredient.COOPERATION, _cooperation(facts, norms, n)),
        IngredientRow(Ingredient.MEETING, _meeting(facts, norms, n)),
        IngredientRow(Ingredient.MANAGEMENT, _management(facts, norms, n)),
        IngredientRow(Ingredient.BUILDING, _building(facts, norms, n)),
        IngredientRow(Ingredient.FUNDING, _funding(facts, norms, n)),
        IngredientRow(Ingredient.EXPERIENCE, _experience(survey, norms)),
    ]
    return Scorecard(community_id=facts.community.pk, on=facts.on, rows=rows)
