"""Access rows of the hours pages. The overview is an aggregate (hours per kind, no persons):
every member sees it. Entries and their export carry names: the team roles who log hours."""

from tests.access_rows.base import ALL_MEMBERS, TEAM, outcome

ROWS = {
    "hours_overview": (lambda w: {"slug": "de-kade"}, outcome(ALL_MEMBERS)),
    "hours_log": (lambda w: {"slug": "de-kade"}, outcome(TEAM)),
    "hours_entries": (lambda w: {"slug": "de-kade"}, outcome(TEAM)),
    "hours_export": (lambda w: {"slug": "de-kade"}, outcome(TEAM)),
}

# The location's own norms: the roles that configure the community work.
ROWS["hours_norms_edit"] = (lambda w: {"slug": "de-kade"}, outcome({"coach", "beheerder"}))
