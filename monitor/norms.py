"""The scorecard's thresholds: defaults from the model (DESIGN.md §3, issue 16), each one a
community may change with a recorded reason, shown beside the value.

A norm is a pair (low, high); what the two mean is said per norm below. The norms of hours (coach,
care share, hours per fte) are not here: they live in `communities.norms` with their own reason
(`communities.hours.norms_override_save`), and the scorecard shows that reason.

The mix bands are stored on the community itself (`band_on_course_pp`, `band_attention_pp`), which
the mix everywhere reads; saving them here writes those fields and the reason together. Bands that
differ from the model's without a recorded reason (changed in the admin) are shown as such:
"afwijkend, zonder vastgelegde reden".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from communities.models import Community
from communities.norms import fmt_hours


@dataclass(frozen=True)
class NormDefinition:
    key: str
    label: str
    meaning: str  # what low and high mean, in Dutch
    low: Decimal
    high: Decimal
    minimum: Decimal  # what a community may type, at least
    maximum: Decimal
    unit: str = ""

    def text(self, low: Decimal, high: Decimal) -> str:
        unit = f" {self.unit}" if self.unit else ""
        if low == high:
            return f"{fmt_hours(low)}{unit}"
        return f"{fmt_hours(low)}–{fmt_hours(high)}{unit}"


D = Decimal
NORMS: dict[str, NormDefinition] = {
    n.key: n
    for n in (
        NormDefinition(
            "mix_bands",
            _("Marges van de mix"),
            _("Binnen de eerste marge (procentpunt) van de streefwaarde: op koers; binnen de "
              "tweede: aandacht; daarbuiten: actie nodig."),
            D(5), D(10), D(0), D(50), "pp",
        ),
        NormDefinition(
            "participation",
            _("Actieve bijdrage"),
            _("Aandeel bewoners dat actief bijdraagt: vanaf de ondergrens op koers (ook boven de "
              "bovengrens); tot 10 procentpunt eronder aandacht; verder eronder actie nodig."),
            D(50), D(70), D(0), D(100), "%",
        ),
        NormDefinition(
            "units",
            _("Aantal eenheden"),
            _("Binnen deze grenzen op koers (60–80 is optimaal); daarbuiten aandacht."),
            D(40), D(100), D(1), D(1000), _("eenheden"),
        ),
        NormDefinition(
            "residents_max",
            _("Aantal bewoners"),
            _("Tot en met dit aantal mensen (niet eenheden) kennen bewoners elkaar nog: op koers; "
              "daarboven aandacht."),
            D(150), D(150), D(1), D(2000), _("bewoners"),
        ),
        NormDefinition(
            "hours_attention",
            _("Uren onder de norm"),
            _("Gerealiseerde uren onder de norm maar vanaf dit percentage ervan: aandacht; "
              "daaronder actie nodig (coach, zorgaanbieders, beheer)."),
            D(75), D(75), D(0), D(100), "%",
        ),
        NormDefinition(
            "talents_used",
            _("Talenten ingezet"),
            _("Aandeel bewoners met een talent op de lijst dat het afgelopen jaar iets "
              "organiseerde of bijdroeg: vanaf de bovengrens op koers, vanaf de ondergrens "
              "aandacht, daaronder actie nodig."),
            D(25), D(50), D(0), D(100), "%",
        ),
        NormDefinition(
            "turnover",
            _("Verhuizingen per jaar"),
            _("Vertrokken bewoners in 12 maanden als aandeel van de bewoners: tot de ondergrens op "
              "koers, tot de bovengrens aandacht, daarboven actie nodig."),
            D(20), D(30), D(0), D(100), "%",
        ),
        NormDefinition(
            "begeleiders_per_organisation",
            _("Vaste begeleiders"),
            _("Verschillende begeleiders per zorgaanbieder in 3 maanden: tot en met dit aantal op "
              "koers, meer: aandacht (het model wil weinig, vaste gezichten)."),
            D(3), D(3), D(1), D(50), "",
        ),
        NormDefinition(
            "activities_per_month",
            _("Activiteiten per maand"),
            _("Gemiddeld over de laatste 3 volle maanden: vanaf de bovengrens op koers, vanaf de "
              "ondergrens aandacht, daaronder actie nodig."),
            D(2), D(4), D(0), D(100), "",
        ),
        NormDefinition(
            "horizon_years",
            _("Financiering vastgelegd"),
            _("Jaren vooruit dat de financiering vastligt: vanaf de bovengrens op koers, vanaf de "
              "ondergrens aandacht, daaronder actie nodig."),
            D(2), D(5), D(0), D(30), _("jaar"),
        ),
        NormDefinition(
            "survey_score",
            _("Bewonersenquête"),
            _("Gemiddelde score (1–5) per stelling: vanaf de bovengrens op koers, vanaf de "
              "ondergrens aandacht, daaronder actie nodig."),
            D(3), D("3.5"), D(1), D(5), "",
        ),
    )
}  # fmt: skip


@dataclass(frozen=True)
class NormInForce:
    definition: NormDefinition
    low: Decimal
    high: Decimal
    reason: str = ""
    recorded_by: str = ""
    recorded_at: datetime.datetime | None = None
    # Different from the model's without a recorded reason (the mix bands, changed in the admin).
    unexplained: bool = False

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def is_override(self) -> bool:
        return (self.low, self.high) != (self.definition.low, self.definition.high)

    @property
    def text(self) -> str:
        return self.definition.text(self.low, self.high)

    @property
    def default_text(self) -> str:
        return self.definition.text(self.definition.low, self.definition.high)

    @property
    def override_text(self) -> str:
        """ "Afwijkende norm van deze locatie: 45–75 % (model: 50–70 %). Reden: …" """
        if not self.is_override:
            return ""
        text = str(_("Afwijkende norm van deze locatie: %(own)s (model: %(model)s).")) % {
            "own": self.text,
            "model": self.default_text,
        }
        if self.unexplained:
            return text + " " + str(_("Zonder vastgelegde reden."))
        return text + " " + str(_("Reden: %(reason)s")) % {"reason": self.reason}


def norms_for(*, community: Community, overrides: list) -> dict[str, NormInForce]:
    """Every norm in force at `community`, from its override rows (newest first, as the model
    orders them; any number of norms mixed)."""
    latest: dict[str, object] = {}
    for row in overrides:
        latest.setdefault(row.norm, row)
    result = {}
    for key, definition in NORMS.items():
        row = latest.get(key)
        if key == "mix_bands":
            low = Decimal(community.band_on_course_pp)
            high = Decimal(community.band_attention_pp)
            matches = row is not None and (row.low, row.high) == (low, high)
            differs = (low, high) != (definition.low, definition.high)
            result[key] = NormInForce(
                definition,
                low,
                high,
                reason=row.reason if matches else "",
                recorded_by=str(row.recorded_by or "") if matches else "",
                recorded_at=row.recorded_at if matches else None,
                unexplained=differs and not (matches and row.reason.strip()),
            )
        elif row is not None:
            result[key] = NormInForce(
                definition,
                row.low,
                row.high,
                reason=row.reason,
                recorded_by=str(row.recorded_by or ""),
                recorded_at=row.recorded_at,
            )
        else:
            result[key] = NormInForce(definition, definition.low, definition.high)
    return result
