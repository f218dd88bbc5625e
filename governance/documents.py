"""Writes (and a few reads) of a community's governance documents: the governance escalation
route, the code of good governance, the bestuurlijk akkoord with its action lines and signed PDF,
the yearly work plan, the communityteam's monthly report, the start-of-location readiness
checklist with the first-letting plan, and the woonvereniging. Each service checks its rule with
a Dutch error before changing anything and records the change in the audit trail."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from communities.models import Community
from gemengdwonen.storage import save_private_file
from governance.constants import (
    AGREEMENT_MAX_BYTES,
    DEFAULT_ACTION_LINES,
    READINESS_CONDITIONS,
    AssociationKind,
    BodyLevel,
    MemberRole,
)
from governance.models import (
    ActionLine,
    Agreement,
    Association,
    AssociationBoardMember,
    BodyMember,
    FirstLettingPlan,
    GovernanceBody,
    GovernanceCode,
    GovernanceEscalationStep,
    MonthlyReport,
    ReadinessItem,
    WorkPlan,
    WorkPlanGoal,
)
from governance.services import _audit, person
from outbox.services import Message, mail_enqueue

logger = logging.getLogger(__name__)


# --- escalation route and code --------------------------------------------------------------


def escalation_step_add(
    *, community: Community, from_level: str, to_level: str, when: str, who_calls: str, actor
) -> GovernanceEscalationStep:
    if from_level == to_level:
        raise ValidationError({"to_level": _("Een escalatie gaat naar een ander overleg.")})
    if not when.strip() or not who_calls.strip():
        raise ValidationError(_("Vul in wanneer er wordt opgeschaald en wie wie belt."))
    last = community.governance_escalation_steps.order_by("-position").first()
    step = GovernanceEscalationStep.objects.create(
        community=community,
        position=(last.position + 1) if last else 1,
        from_level=from_level,
        to_level=to_level,
        when=when.strip(),
        who_calls=who_calls.strip(),
    )
    _audit(actor, "create", step)
    return step


def escalation_step_delete(*, step: GovernanceEscalationStep, actor) -> None:
    _audit(actor, "delete", step)
    step.delete()


def governance_code_save(*, community: Community, text: str, actor) -> GovernanceCode:
    if not text.strip():
        raise ValidationError({"text": _("Vul de code goed bestuur in.")})
    code, _created = GovernanceCode.objects.update_or_create(
        community=community, defaults={"text": text.strip()}
    )
    _audit(actor, "change", code)
    return code


# --- akkoord, action lines, work plan -------------------------------------------------------


@transaction.atomic
def agreement_ensure(*, community: Community) -> Agreement:
    """The community's akkoord, created with the seed's five action lines the first time."""
    agreement, created = Agreement.objects.get_or_create(community=community)
    if created:
        ActionLine.objects.bulk_create(
            ActionLine(agreement=agreement, position=i, title=title)
            for i, title in enumerate(DEFAULT_ACTION_LINES, start=1)
        )
    return agreement


def agreement_update(
    *, agreement: Agreement, signed_on: datetime.date | None, parties, actor
) -> Agreement:
    if signed_on is not None and signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("De datum van ondertekening ligt in de toekomst.")})
    agreement.signed_on = signed_on
    agreement.save(update_fields=["signed_on"])
    agreement.parties.set(parties)
    _audit(actor, "change", agreement)
    return agreement


def agreement_document_validate(upload) -> bytes:
    """The signed akkoord: a PDF (by its content, not its name) of at most AGREEMENT_MAX_BYTES."""
    if upload.size > AGREEMENT_MAX_BYTES:
        raise ValidationError(
            {"document": _("Het bestand is te groot (maximaal %(mb)s MB).")
             % {"mb": AGREEMENT_MAX_BYTES // (1024 * 1024)}}
        )  # fmt: skip
    content = upload.read(AGREEMENT_MAX_BYTES + 1)
    if len(content) > AGREEMENT_MAX_BYTES:
        raise ValidationError({"document": _("Het bestand is te groot.")})
    if not content.startswith(b"%PDF-"):
        raise ValidationError({"document": _("Alleen een PDF-bestand is toegestaan.")})
    return content


def agreement_document_upload(*, agreement: Agreement, upload, actor) -> Agreement:
    content = agreement_document_validate(upload)
    path = save_private_file(f"governance/akkoord/{agreement.community_id}/akkoord.pdf", content)
    agreement.document = path
    agreement.document_uploaded_at = timezone.now()
    agreement.save(update_fields=["document", "document_uploaded_at"])
    _audit(actor, "change", agreement, detail="getekend akkoord")
    return agreement


def action_line_add(*, agreement: Agreement, title: str, actor) -> ActionLine:
    if not title.strip():
        raise ValidationError({"title": _("Vul de actielijn in.")})
    last = agreement.action_lines.order_by("-position").first()
    line = ActionLine.objects.create(
        agreement=agreement, position=(last.position + 1) if last else 1, title=title.strip()
    )
    _audit(actor, "create", line)
    return line


def work_plan_ensure(*, community: Community, year: int) -> WorkPlan:
    plan, _created = WorkPlan.objects.get_or_create(community=community, year=year)
    return plan


def goal_add(*, plan: WorkPlan, action_line: ActionLine, goal: str, actor) -> WorkPlanGoal:
    if action_line.agreement.community_id != plan.community_id:
        raise ValidationError({"action_line": _("Kies een actielijn van deze locatie.")})
    if not goal.strip():
        raise ValidationError({"goal": _("Vul het doel in.")})
    created = WorkPlanGoal.objects.create(plan=plan, action_line=action_line, goal=goal.strip())
    _audit(actor, "create", created)
    return created


def goal_set_status(*, goal: WorkPlanGoal, status: str, actor) -> WorkPlanGoal:
    goal.status = status
    goal.save(update_fields=["status"])
    _audit(actor, "change", goal)
    return goal


# --- monthly report -------------------------------------------------------------------------


def report_for(*, community: Community, month: datetime.date) -> MonthlyReport:
    """The month's report, drafted from the data the first time it is opened."""
    from governance.monthly_report import report_draft

    month = month.replace(day=1)
    report = MonthlyReport.objects.filter(community=community, month=month).first()
    if report is None:
        report, _created = MonthlyReport.objects.get_or_create(
            community=community,
            month=month,
            defaults={"text": report_draft(community=community, month=month)},
        )
    return report


def report_save(*, report: MonthlyReport, text: str, actor) -> MonthlyReport:
    if report.sent_at is not None:
        raise ValidationError(_("Deze rapportage is al verstuurd en wordt met de maand bewaard."))
    if not text.strip():
        raise ValidationError({"text": _("De rapportage is leeg.")})
    report.text = text
    report.save(update_fields=["text"])
    _audit(actor, "change", report)
    return report


def _kerngroep_addresses(community: Community) -> list[str]:
    members = BodyMember.objects.filter(
        body__level=BodyLevel.KERNGROEP, body__communities=community
    ).select_related("user")
    return sorted(
        {
            m.contact_email.strip().lower()
            for m in members
            if m.contact_email and (m.user_id is None or m.user.is_active)
        }
    )


@transaction.atomic
def report_send(*, report: MonthlyReport, actor) -> int:
    """Send the report to the kerngroep's members, once (a compare-and-set on `sent_at`); the
    e-mails are recorded in the outbox with the claim and sent after the commit."""
    claimed = MonthlyReport.objects.filter(pk=report.pk, sent_at__isnull=True).update(
        sent_at=timezone.now(), sent_by=person(actor)
    )
    if not claimed:
        raise ValidationError(_("Deze rapportage is al verstuurd."))
    sent = report_mail(report=report)
    _audit(actor, "change", report, detail="rapportage verstuurd")
    return sent


def report_mail(*, report: MonthlyReport) -> int:
    """Record the report's mail to every kerngroep member in the outbox (one mail each, retried
    on its own: one bad address does not stop the others). Returns the number recorded."""
    with override(settings.LANGUAGE_CODE):
        subject = _("Maandrapportage communityteam %(community)s, %(month)s") % {
            "community": report.community.name,
            "month": report.month.strftime("%m-%Y"),
        }
    mails = mail_enqueue(
        messages=[
            Message(to=address, subject=subject, body=report.text)
            for address in _kerngroep_addresses(report.community)
        ],
        purpose="governance.maandrapportage",
    )
    return len(mails)


# --- the start of a location ----------------------------------------------------------------


def readiness_ensure(*, community: Community) -> list[ReadinessItem]:
    for key, title in READINESS_CONDITIONS:
        ReadinessItem.objects.get_or_create(community=community, key=key, defaults={"title": title})
    order = {key: i for i, (key, _title) in enumerate(READINESS_CONDITIONS)}
    return sorted(community.readiness_items.all(), key=lambda item: order.get(item.key, 99))


def readiness_item_update(
    *, item: ReadinessItem, owner: str, due_on, evidence: str, done: bool, actor
) -> ReadinessItem:
    if done and not evidence.strip():
        raise ValidationError({"evidence": _("Leg vast waaruit blijkt dat dit gereed is.")})
    item.owner, item.due_on, item.evidence, item.done = owner.strip(), due_on, evidence, done
    item.save(update_fields=["owner", "due_on", "evidence", "done"])
    _audit(actor, "change", item)
    return item


def first_letting_save(
    *,
    community: Community,
    units_available_on,
    supported_units: int,
    unsupported_units: int,
    candidate_activities: str,
    actor,
) -> FirstLettingPlan:
    if supported_units + unsupported_units > community.units.count() > 0:
        raise ValidationError(_("Er zijn meer woningen gepland dan de locatie heeft."))
    plan, _created = FirstLettingPlan.objects.update_or_create(
        community=community,
        defaults={
            "units_available_on": units_available_on,
            "supported_units": supported_units,
            "unsupported_units": unsupported_units,
            "candidate_activities": candidate_activities,
        },
    )
    _audit(actor, "change", plan)
    return plan


# --- woonvereniging -------------------------------------------------------------------------


@transaction.atomic
def association_save(
    *, community: Community, kind: str, name: str, money_held_by: str, actor
) -> Association:
    """The woonvereniging or its alternative. A woonvereniging (or regional one) gets an ALV,
    a body recorded like the others, the first time."""
    if kind not in AssociationKind.values:
        raise ValidationError({"kind": _("Kies een vorm.")})
    if kind == AssociationKind.KLANKBORDGROEP and not money_held_by.strip():
        raise ValidationError(
            {"money_held_by": _("Bij een klankbordgroep beheert een partner of "
                                "administratiekantoor het geld: vul in wie.")}
        )  # fmt: skip
    association, _created = Association.objects.update_or_create(
        community=community,
        defaults={"kind": kind, "name": name.strip(), "money_held_by": money_held_by.strip()},
    )
    wants_alv = kind in (AssociationKind.WOONVERENIGING, AssociationKind.REGIONAL)
    if wants_alv and association.general_meeting_id is None:
        alv = GovernanceBody.objects.create(
            level=BodyLevel.ALV, name=_("ALV %(name)s") % {"name": name.strip() or community.name}
        )
        alv.communities.add(community)
        if person(actor) is not None:
            BodyMember.objects.create(body=alv, user=actor, role=MemberRole.SECRETARY, votes=False)
        association.general_meeting = alv
        association.save(update_fields=["general_meeting"])
    _audit(actor, "change", association)
    return association


def board_member_add(*, association: Association, name: str, role: str, actor):
    if not name.strip():
        raise ValidationError({"name": _("Vul de naam in.")})
    member = AssociationBoardMember.objects.create(
        association=association, name=name.strip(), role=role
    )
    _audit(actor, "create", member)
    return member
