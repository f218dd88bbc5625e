"""Demo data of the annual report (through `communities.registry`): last year's foreword and
conclusions as the kerngroep (and the stuurgroep, for its area report) would have drafted them,
so that `make run` shows a report with its text once the stuurgroep user asks for it. The
reports themselves are not made here: asking for one is the point of the demo."""

from __future__ import annotations

from governance.constants import BodyLevel
from governance.models import GovernanceBody
from reports.models import ReportDraft
from reports.services import report_get_or_create

FOREWORD = (
    "Voor u ligt het jaarverslag van {name} over {year}. Het laat zien hoe de zeven ingrediënten "
    "van Gemengd Wonen er in dit jaar voor stonden: de mix, de samenwerking tussen corporatie, "
    "zorg en welzijn, de ontmoeting in en rond het gebouw, het beheer en de financiering.\n\n"
    "De kerngroep dankt alle bewoners die zich het afgelopen jaar hebben ingezet, en de partners "
    "die tijd en geld beschikbaar stelden."
)
CONCLUSIONS = (
    "De community staat. Aandachtspunten voor het komende jaar zijn de balans in de mix bij "
    "nieuwe verhuringen en het vastleggen van de financiering na de projectperiode.\n\n"
    "De kerngroep vraagt de stuurgroep om een besluit over de meerjarenafspraak voor de "
    "communitycoach."
)
AREA_FOREWORD = (
    "Dit verslag bundelt de cijfers van de locaties van de stuurgroep over {year}: per "
    "ingrediënt, per locatie, met de veranderingen tegen het jaar ervoor."
)


def seed_reports(*, community, today, rng=None) -> None:
    year = today.year - 1
    report = report_get_or_create(year=year, community=community)
    ReportDraft.objects.get_or_create(
        report=report,
        defaults={
            "foreword": FOREWORD.format(name=community.name, year=year),
            "conclusions": CONCLUSIONS,
        },
    )
    for body in GovernanceBody.objects.filter(level=BodyLevel.STUURGROEP, communities=community):
        area = report_get_or_create(year=year, body=body)
        ReportDraft.objects.get_or_create(
            report=area,
            defaults={"foreword": AREA_FOREWORD.format(year=year), "conclusions": ""},
        )
