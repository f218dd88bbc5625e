"""Access rows of outreach, talents and assets. The lists of who has not been reached and the
attention list are for the team only: never the residents' delegation, gemeente, stuurgroep or
welzijn."""

from tests.access_rows.base import ALL_MEMBERS, TEAM, outcome
from tests.factories import AssetFactory, TalentFactory


def _anna(w):
    return {"slug": "de-kade", "pk": w.residents["anna"].pk}


def _talent(w):
    talent = TalentFactory(resident=w.residents["anna"])
    return {"slug": "de-kade", "pk": w.residents["anna"].pk, "talent_pk": talent.pk}


def _asset(w):
    return {"slug": "de-kade", "pk": AssetFactory(community=w.community).pk}


TALENT_VIEWERS = {"coach", "beheerder", "begeleider", "begeleider_anker", "welzijn"}
CONFIGURERS = {"coach", "beheerder"}

ROWS = {
    "outreach_not_reached": (lambda w: {"slug": "de-kade"}, outcome(TEAM)),
    "contact_create": (lambda w: {"slug": "de-kade"}, outcome(TEAM)),
    "attention_list": (lambda w: {"slug": "de-kade"}, outcome(TEAM)),
    "resident_outreach": (_anna, outcome(TEAM)),
    "approach_preference_edit": (_anna, outcome(TEAM)),
    "talent_search": (lambda w: {"slug": "de-kade"}, outcome(TALENT_VIEWERS)),
    "resident_talents": (_anna, outcome(TALENT_VIEWERS)),
    "talent_create": (_anna, outcome({"coach"})),
    "talent_delete": (_talent, outcome({"coach"})),
    "asset_list": (lambda w: {"slug": "de-kade"}, outcome(ALL_MEMBERS)),
    "asset_create": (lambda w: {"slug": "de-kade"}, outcome(CONFIGURERS)),
    "asset_update": (_asset, outcome(CONFIGURERS)),
    "asset_delete": (_asset, outcome(CONFIGURERS)),
}
