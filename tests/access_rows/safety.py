"""Access rows of the safety pages: the contact card, the evacuation plan and the drill register
are for everyone in the community (residents' delegation included); editing is for the
corporation's beheerders (MANAGE_SAFETY)."""

from tests.access_rows.base import ALL_MEMBERS, outcome
from tests.factories import ContactCardEntryFactory, FireDrillFactory

MANAGERS = {"beheerder", "locatie"}


def _drill(w):
    return {"slug": "de-kade", "pk": FireDrillFactory(community=w.community).pk}


def _entry(w):
    return {"slug": "de-kade", "pk": ContactCardEntryFactory(community=w.community).pk}


ROWS = {
    "safety_overview": (lambda w: {"slug": "de-kade"}, outcome(ALL_MEMBERS)),
    "safety_contact_card": (lambda w: {"slug": "de-kade"}, outcome(ALL_MEMBERS)),
    "safety_plan_edit": (lambda w: {"slug": "de-kade"}, outcome(MANAGERS)),
    # Who needs help to evacuate (issue 9): the locatiebeheerder only.
    "safety_assistance": (lambda w: {"slug": "de-kade"}, outcome({"locatie"})),
    "safety_drill_create": (lambda w: {"slug": "de-kade"}, outcome(MANAGERS)),
    "safety_drill_update": (_drill, outcome(MANAGERS)),
    "safety_drill_delete": (_drill, outcome(MANAGERS)),
    "safety_contact_create": (lambda w: {"slug": "de-kade"}, outcome(MANAGERS)),
    "safety_contact_update": (_entry, outcome(MANAGERS)),
    "safety_contact_delete": (_entry, outcome(MANAGERS)),
}
