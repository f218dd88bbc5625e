"""Access rows of the monitor. The scorecard, its trends and exports: every member of the
community (gemeente and stuurgroep as aggregates); the dashboard lists the user's own
communities, so any logged-in user gets it. Norms and the survey's links: the coach and the
sociaal beheerder. The municipality's process view: gemeente and stuurgroep (a member of none
of its locations gets 404). The survey itself is public: residents answer without an account."""

from monitor import survey
from monitor.constants import DEFAULT_OPEN_QUESTION, DEFAULT_STATEMENTS
from tests.access_rows.base import ALL_MEMBERS, outcome

MANAGERS = {"coach", "beheerder"}


def _survey(w):
    return survey.survey_create(
        community=w.community,
        year=2025,
        statements=list(DEFAULT_STATEMENTS),
        open_question=DEFAULT_OPEN_QUESTION,
        by=None,
    )


def _slug(w):
    return {"slug": "de-kade"}


def _export(w):
    return {"slug": "de-kade", "what": "scorekaart", "fmt": "csv"}


def _municipality(w):
    return {"pk": w.community.municipality_id}


def _dashboard_export(w):
    return {"what": "trends", "fmt": "xlsx"}


def _links(w):
    return {"slug": "de-kade", "pk": _survey(w).pk}


def _token(w):
    return {"token": survey.tokens_issue(survey=_survey(w), count=1)[0]}


ROWS = {
    "monitor_dashboard": (lambda w: {}, outcome(ALL_MEMBERS | {"buitenstaander"})),
    "monitor_dashboard_export": (_dashboard_export, outcome(ALL_MEMBERS | {"buitenstaander"})),
    # The municipality's IMO process and prevented evictions: for the aggregate viewers; the
    # team sees its own location's figures on the location's pages.
    "monitor_municipality": (_municipality, outcome({"gemeente", "stuurgroep"})),
    "monitor_community": (_slug, outcome(ALL_MEMBERS)),
    "monitor_community_export": (_export, outcome(ALL_MEMBERS)),
    "monitor_norms": (_slug, outcome(MANAGERS)),
    "monitor_survey": (_slug, outcome(MANAGERS)),
    "monitor_survey_links": (_links, outcome(MANAGERS)),
    "survey_answer": (_token, outcome(ALL_MEMBERS, public=True)),
    "survey_thanks": (lambda w: {}, outcome(ALL_MEMBERS, public=True)),
}
