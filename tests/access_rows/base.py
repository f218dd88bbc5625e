"""Shared vocabulary of the access matrix: who is tested, and the usual outcomes."""

ROLES = [
    "coach",
    "beheerder",
    "locatie",
    "begeleider",
    "bewoner",
    "welzijn",
    "gemeente",
    "stuurgroep",
]
EVERYONE = [*ROLES, "buitenstaander", "begeleider_anker", "anonymous"]
# Accounts outside every community, tested only on the rows that list them (the privacy pages):
# a staff account without permissions, and the privacy officer.
EXTRA = ["staf", "privacyfunctionaris"]
TEAM = {"coach", "beheerder", "locatie", "begeleider", "begeleider_anker"}


def outcome(allowed: set[str], *, public=False, outsider=404, foreign_begeleider=None):
    """Allowed users get 200; other members 403; the outsider 404; anonymous → login."""
    table = {}
    for who in EVERYONE:
        if who in allowed:
            table[who] = 200
        elif who == "anonymous":
            table[who] = 200 if public else "login"
        elif who == "buitenstaander":
            table[who] = 200 if public else outsider
        else:
            table[who] = 403
    if foreign_begeleider is not None:
        table["begeleider_anker"] = foreign_begeleider
    return table


ALL_MEMBERS = set(ROLES) | {"begeleider_anker"}
