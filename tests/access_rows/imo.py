"""Access rows of the IMO pages. VIEW_IMO: coach, sociaal beheerder, both begeleiders and the
residents' delegation; RUN_IMO and DECIDE_ALLOCATION: the sociaal beheerder; the process
monitor: every member. POST-only actions answer a GET with 405 once the access check passed,
so the allowed users get 405 and the others the usual 403/404/login."""

import datetime

from tests.access_rows.base import ALL_MEMBERS, outcome
from tests.factories import (
    CandidateFactory,
    FollowUpActionFactory,
    IntakeMeetingFactory,
    ParticipationFactory,
)

VIEWERS = {"coach", "beheerder", "begeleider", "begeleider_anker", "bewoner"}
RUNNERS = {"beheerder"}
DECIDERS = {"beheerder"}
# Follow-ups are about a resident's soft landing: the IMO's team, not the residents' delegation.
TEAM_VIEWERS = VIEWERS - {"bewoner"}


def post_only(allowed: set[str]):
    table = outcome(allowed)
    return {who: 405 if result == 200 else result for who, result in table.items()}


def _slug(w):
    return {"slug": "de-kade"}


def _candidate(w):
    return {"slug": "de-kade", "pk": CandidateFactory(community=w.community).pk}


def _participation(w):
    candidate = CandidateFactory(community=w.community)
    return {
        "slug": "de-kade",
        "pk": candidate.pk,
        "participation_pk": ParticipationFactory(candidate=candidate).pk,
    }


def _meeting(w):
    return {"slug": "de-kade", "pk": IntakeMeetingFactory(community=w.community).pk}


def _meeting_point(w):
    return {**_meeting(w), "point": 2}


def _meeting_candidate(w):
    meeting = IntakeMeetingFactory(community=w.community)
    candidate = CandidateFactory(community=w.community)
    meeting.candidates.add(candidate)
    return {"slug": "de-kade", "pk": meeting.pk, "candidate_pk": candidate.pk}


def _follow_up(w):
    # Owned by the coach; the sociaal beheerder (RUN_IMO) may finish it too.
    action = FollowUpActionFactory(
        candidate=CandidateFactory(community=w.community),
        owner=w.users["coach"],
        due_on=datetime.date(2025, 4, 1),
    )
    return {"slug": "de-kade", "pk": action.pk}


ROWS = {
    "imo_overview": (_slug, outcome(VIEWERS)),
    "imo_vacancies": (_slug, outcome(RUNNERS)),
    "imo_candidate_create": (_slug, outcome(RUNNERS)),
    "imo_candidate": (_candidate, outcome(VIEWERS)),
    "imo_candidate_update": (_candidate, outcome(RUNNERS)),
    "imo_candidate_consent": (_candidate, outcome(RUNNERS)),
    "imo_candidate_consent_withdraw": (_candidate, post_only(RUNNERS)),
    "imo_participation_invite": (_candidate, outcome(RUNNERS)),
    "imo_participation_attended": (_participation, post_only(RUNNERS)),
    "imo_decision": (_candidate, outcome(DECIDERS)),
    "imo_offer_declined": (_candidate, post_only(DECIDERS)),
    "imo_handover": (_candidate, post_only(DECIDERS)),
    "imo_move_in": (_candidate, post_only(DECIDERS)),
    "imo_schedule": (_slug, outcome(RUNNERS)),
    "imo_plan_ahead": (_slug, post_only(RUNNERS)),
    "imo_meeting": (_meeting, outcome(VIEWERS)),
    "imo_meeting_update": (_meeting, outcome(RUNNERS)),
    "imo_meeting_attendance": (_meeting, post_only(RUNNERS)),
    "imo_meeting_minutes_approve": (_meeting, post_only(RUNNERS)),
    "imo_meeting_note": (_meeting_point, post_only(RUNNERS)),
    "imo_meeting_advice": (_meeting_candidate, post_only(RUNNERS)),
    "imo_meeting_agenda_add": (_meeting, post_only(RUNNERS)),
    "imo_follow_ups": (_slug, outcome(TEAM_VIEWERS)),
    # The owner (coach) and RUN_IMO may finish it; other team members get 403.
    "imo_follow_up_done": (_follow_up, post_only({"coach", "beheerder"})),
    "imo_metrics": (_slug, outcome(ALL_MEMBERS)),
}
