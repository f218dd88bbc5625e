"""Access rows of governance (governance/urls.py). Membership of a body is access: in each row
the kerngroep of De Kade has the coach as secretary (runs it), the begeleider as member and the
residents' delegation as member without a vote; everyone else is not a member and gets 404 for
the body's pages, whatever their role in the community. Members without the secretary's or
chair's role get 403 on the running pages. POST-only actions answer a GET with 405 once the
access check passed. The community's governance page is open to every member of the community;
its decision list to body members and (titles only) gemeente and stuurgroep."""

import datetime

from django.utils import timezone

from gemengdwonen.storage import save_private_file
from governance.calendar import feed_token_for
from governance.constants import MinutesStatus, PdfKind, PdfStatus
from governance.models import MeetingDocument, Minutes
from governance.pdf import document_path
from tests.access_rows.base import ALL_MEMBERS, EVERYONE, outcome
from tests.factories_governance import SYSTEM, ActionItemFactory, MeetingFactory, kerngroep_with

MEMBERS = {"coach", "begeleider", "bewoner"}
RUNNERS = {"coach"}
LOGGED_IN = ALL_MEMBERS | {"buitenstaander"}


def body_only(allowed: set[str], members: set[str] = MEMBERS):
    """Allowed: 200; other members of the body: 403; everyone else: 404; anonymous: login."""
    table = {}
    for who in EVERYONE:
        if who == "anonymous":
            table[who] = "login"
        elif who in allowed:
            table[who] = 200
        elif who in members:
            table[who] = 403
        else:
            table[who] = 404
    return table


def post_only(table):
    return {who: 405 if result == 200 else result for who, result in table.items()}


def _body(w):
    return kerngroep_with(
        w.community,
        secretary=w.users["coach"],
        members=[w.users["begeleider"]],
        without_vote=[w.users["bewoner"]],
    )


def _pk(w):
    return {"pk": _body(w).pk}


def _meeting(w):
    body = _body(w)
    return {"pk": body.pk, "meeting_pk": MeetingFactory(body=body).pk}


def _agenda_item(w):
    kwargs = _meeting(w)
    from governance.models import AgendaItem

    item = AgendaItem.objects.create(meeting_id=kwargs["meeting_pk"], position=1, title="Punt")
    return {**kwargs, "item_pk": item.pk}


def _minutes(w):
    body = _body(w)
    earlier = MeetingFactory(body=body)
    later = MeetingFactory(body=body)
    minutes = Minutes.objects.create(meeting=earlier, status=MinutesStatus.DRAFT)
    return {"pk": body.pk, "meeting_pk": later.pk, "minutes_pk": minutes.pk}


def _action(w):
    body = _body(w)
    owner = body.members.get(user=w.users["bewoner"])
    return {"pk": body.pk, "action_pk": ActionItemFactory(body=body, owner=owner).pk}


def _pdf(w):
    kwargs = _meeting(w)
    meeting_id = kwargs["meeting_pk"]
    from governance.models import Meeting

    meeting = Meeting.objects.get(pk=meeting_id)
    path = save_private_file(document_path(meeting=meeting, kind=PdfKind.AGENDA), b"%PDF-1.7 stub")
    MeetingDocument.objects.create(
        meeting=meeting,
        kind=PdfKind.AGENDA,
        status=PdfStatus.DONE,
        path=path,
        generated_at=timezone.now(),
    )
    return {**kwargs, "kind": PdfKind.AGENDA}


def _meeting_pdf(w):
    return {**_meeting(w), "kind": PdfKind.AGENDA}


def _feed(w):
    return {"token": feed_token_for(user=w.users["coach"]).token}


def _slug(w):
    _body(w)
    return {"slug": "de-kade"}


def _none(w):
    return {}


ROWS = {
    "governance_home": (_none, outcome(LOGGED_IN)),
    "calendar_feed_settings": (_none, outcome(LOGGED_IN)),
    "calendar_feed_renew": (_none, post_only(outcome(LOGGED_IN))),
    "calendar_feed": (_feed, dict.fromkeys(EVERYONE, 200)),
    "governance_body": (_pk, body_only(MEMBERS)),
    "governance_cadence": (_pk, body_only(RUNNERS)),
    "governance_decisions": (_pk, body_only(MEMBERS)),
    "governance_action_status": (_action, post_only(body_only({"coach", "bewoner"}))),
    "governance_meeting_create": (_pk, body_only(RUNNERS)),
    "governance_meeting": (_meeting, body_only(MEMBERS)),
    "governance_meeting_update": (_meeting, body_only(RUNNERS)),
    "governance_agenda_add": (_meeting, body_only(RUNNERS)),
    "governance_agenda_move": (_agenda_item, post_only(body_only(RUNNERS))),
    "governance_agenda_remove": (_agenda_item, post_only(body_only(RUNNERS))),
    "governance_attendance": (_meeting, body_only(RUNNERS)),
    "governance_minutes": (_meeting, body_only(RUNNERS)),
    "governance_minutes_correct": (_meeting, body_only(RUNNERS)),
    "governance_minutes_approve": (_minutes, post_only(body_only(RUNNERS))),
    "governance_decision_create": (_meeting, body_only(RUNNERS)),
    "governance_action_create": (_meeting, body_only(RUNNERS)),
    "governance_pdf_download": (_pdf, body_only(MEMBERS)),
    "governance_pdf_generate": (_meeting_pdf, post_only(body_only(RUNNERS))),
    "governance_community": (_slug, outcome(ALL_MEMBERS)),
    "governance_community_decisions": (_slug, outcome(MEMBERS | {"gemeente", "stuurgroep"})),
}


# --- a community's governance documents: the kerngroep's chair or secretary (the coach) keeps
# them; members of any body read them; the monthly report is written by the communityteam's
# chair or secretary (the beheerder in `_with_team`); the welcome list is for the ALV and the
# communityteam.


def _with_team(w):
    from governance.constants import BodyLevel, MemberRole
    from tests.factories_governance import BodyMemberFactory, GovernanceBodyFactory

    _body(w)
    team = GovernanceBodyFactory(level=BodyLevel.COMMUNITYTEAM, communities=[w.community])
    BodyMemberFactory(body=team, user=w.users["beheerder"], name="", role=MemberRole.SECRETARY)
    return {"slug": "de-kade"}


def _step(w):
    from governance import documents

    _body(w)
    step = documents.escalation_step_add(
        community=w.community, from_level="communityteam", to_level="kerngroep",
        when="Vastgelopen", who_calls="Coach belt voorzitter", actor=SYSTEM,
    )  # fmt: skip
    return {"slug": "de-kade", "step_pk": step.pk}


def _agreement_document(w):
    from governance import documents

    _body(w)
    agreement = documents.agreement_ensure(community=w.community)
    agreement.document = save_private_file(
        f"governance/akkoord/{w.community.pk}/akkoord.pdf", b"%PDF-1.7 stub"
    )
    agreement.save()
    return {"slug": "de-kade"}


def _goal(w):
    from governance import documents

    _body(w)
    agreement = documents.agreement_ensure(community=w.community)
    plan = documents.work_plan_ensure(community=w.community, year=2026)
    goal = documents.goal_add(
        plan=plan, action_line=agreement.action_lines.first(), goal="Buurtfeest", actor=SYSTEM
    )
    return {"slug": "de-kade", "goal_pk": goal.pk}


def _report(w):
    from governance.models import MonthlyReport

    kwargs = _with_team(w)
    MonthlyReport.objects.create(
        community=w.community, month=datetime.date(2026, 1, 1), text="Rapport"
    )
    return {**kwargs, "year": 2026, "month": 1}


def _readiness_item(w):
    from governance import documents

    _body(w)
    return {"slug": "de-kade", "item_pk": documents.readiness_ensure(community=w.community)[0].pk}


def _association(w):
    from governance import documents

    _body(w)
    documents.association_save(
        community=w.community, kind="woonvereniging", name="WV De Kade", money_held_by="",
        actor=SYSTEM,
    )  # fmt: skip
    return {"slug": "de-kade"}


MANAGERS = {"coach"}
TEAM_WRITERS = {"beheerder"}

ROWS.update(
    {
        "governance_route_edit": (_slug, outcome(MANAGERS)),
        "governance_route_step_delete": (_step, post_only(outcome(MANAGERS))),
        "governance_code_edit": (_slug, outcome(MANAGERS)),
        "governance_agreement": (_slug, outcome(MEMBERS)),
        "governance_agreement_edit": (_slug, outcome(MANAGERS)),
        "governance_agreement_document": (_agreement_document, outcome(MEMBERS)),
        "governance_action_line_add": (_slug, post_only(outcome(MANAGERS))),
        "governance_work_plan": (_slug, outcome(MEMBERS)),
        "governance_goal_status": (_goal, post_only(outcome(MANAGERS))),
        "governance_reports": (_with_team, outcome(MEMBERS | TEAM_WRITERS)),
        "governance_report": (_report, outcome(MEMBERS | TEAM_WRITERS)),
        "governance_report_send": (_report, post_only(outcome(TEAM_WRITERS))),
        "governance_readiness": (_slug, outcome(MEMBERS)),
        "governance_readiness_item": (_readiness_item, outcome(MANAGERS)),
        "governance_first_letting": (_slug, outcome(MANAGERS)),
        "governance_association": (_association, outcome(MEMBERS)),
        "governance_association_edit": (_slug, outcome(MANAGERS)),
        "governance_board_add": (_association, post_only(outcome(MANAGERS))),
        "governance_welcome": (_with_team, outcome(TEAM_WRITERS)),
    }
)
