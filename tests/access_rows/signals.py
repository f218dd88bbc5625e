"""Access rows of the signal pages (DESIGN.md §6). The signal in the rows is about Anna, a
client of Zorggroep Horizon: Horizon's begeleider sees it, the begeleider of Stichting Anker
gets a 404 as if it did not exist. The residents' delegation, welzijn, gemeente and stuurgroep
get 403 on every signal page (gemeente and stuurgroep see counts on the community page only)."""

import datetime

from tests.access_rows.base import ALL_MEMBERS, outcome
from tests.factories import SignalFactory, SignalLadderStepFactory

VIEWERS = {"coach", "beheerder", "locatie", "begeleider", "begeleider_anker"}
MANAGERS = {"coach", "beheerder", "locatie"}
CONFIGURERS = {"coach", "beheerder"}


def _signal_about_anna(w):
    signal = SignalFactory(
        community=w.community,
        residents=[w.residents["anna"]],
        reported_on=datetime.date(2025, 3, 5),
    )
    return {"slug": "de-kade", "pk": signal.pk}


def _step(w):
    return {"slug": "de-kade", "pk": SignalLadderStepFactory(community=w.community, order=1).pk}


ROWS = {
    "signal_list": (lambda w: {"slug": "de-kade"}, outcome(VIEWERS)),
    "signal_create": (lambda w: {"slug": "de-kade"}, outcome(MANAGERS)),
    "signal_acute": (lambda w: {"slug": "de-kade"}, outcome(ALL_MEMBERS)),
    "signal_ladder": (lambda w: {"slug": "de-kade"}, outcome(VIEWERS)),
    "ladder_step_create": (lambda w: {"slug": "de-kade"}, outcome(CONFIGURERS)),
    "ladder_step_update": (_step, outcome(CONFIGURERS)),
    "ladder_step_delete": (_step, outcome(CONFIGURERS)),
    "signal_detail": (
        _signal_about_anna,
        outcome({"coach", "beheerder", "locatie", "begeleider"}, foreign_begeleider=404),
    ),
    "signal_update": (_signal_about_anna, outcome(MANAGERS)),
    "signal_step_add": (_signal_about_anna, outcome(MANAGERS)),
    "signal_close": (_signal_about_anna, outcome(MANAGERS)),
}
