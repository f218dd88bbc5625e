"""A community's governance documents: escalation route, code of good governance, akkoord with
action lines and signed PDF, work plan, monthly report, readiness checklist with the first-letting
plan, woonvereniging and the welcome committee's handovers. Each view fetches the community
through `access.community_page_for` with the rule of its page."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audit import services as audit
from audit.constants import Action
from communities import selectors as community_selectors
from gemengdwonen.forms import run_service
from gemengdwonen.handovers import handovers_for
from gemengdwonen.storage import private_storage
from governance import access, documents, selectors
from governance.forms_community import (
    ActionLineForm,
    AgreementForm,
    AssociationForm,
    BoardMemberForm,
    CodeForm,
    EscalationStepForm,
    FirstLettingForm,
    GoalForm,
    GoalStatusForm,
    ReadinessItemForm,
    ReportForm,
)
from governance.models import Association, FirstLettingPlan, MonthlyReport, WorkPlanGoal

WELCOME_DAYS = 180


def _page(request, community, form, title, back_url, intro=""):
    return render(
        request,
        "governance/community_form.html",
        {
            "community": community,
            "form": form,
            "title": title,
            "back_url": back_url,
            "intro": intro,
        },
    )


def _governance_url(community, anchor=""):
    url = reverse("governance_community", args=[community.slug])
    return f"{url}#{anchor}" if anchor else url


def _post_only(request):
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


# --- route and code ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def route_edit(request, slug):
    community = access.community_page_for(
        request.user, slug, access.can_manage_community_governance
    )
    form = EscalationStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run_service(
            form,
            lambda: documents.escalation_step_add(
                community=community, actor=request.user, **form.cleaned_data
            ),
        ):
            messages.success(request, _("De stap is toegevoegd aan de escalatieroute."))
            return redirect(_governance_url(community, "route-kop"))
    return render(
        request,
        "governance/route_edit.html",
        {
            "community": community,
            "form": form,
            "steps": community.governance_escalation_steps.all(),
        },
    )


@login_required
def route_step_delete(request, slug, step_pk):
    community = access.community_page_for(
        request.user, slug, access.can_manage_community_governance
    )
    step = get_object_or_404(community.governance_escalation_steps, pk=step_pk)
    if refused := _post_only(request):
        return refused
    documents.escalation_step_delete(step=step, actor=request.user)
    messages.success(request, _("De stap is verwijderd."))
    return redirect("governance_route_edit", slug=community.slug)


@login_required
@require_http_methods(["GET", "POST"])
def code_edit(request, slug):
    community = access.community_page_for(
        request.user, slug, access.can_manage_community_governance
    )
    code = getattr(community, "governance_code", None)
    form = CodeForm(request.POST or None, initial={"text": code.text if code else ""})
    if request.method == "POST" and form.is_valid():
        if run_service(
            form,
            lambda: documents.governance_code_save(
                community=community, text=form.cleaned_data["text"], actor=request.user
            ),
        ):
            messages.success(request, _("De code goed bestuur is opgeslagen."))
            return redirect(_governance_url(community, "code-kop"))
    return _page(request, community, form, _("Code goed bestuur"), _governance_url(community))


# --- akkoord and work plan --------------------------------------------------------------------


@login_required
@require_GET
def agreement_detail(request, slug):
    community = access.community_page_for(request.user, slug, access.member_of_any_body_in)
    agreement = documents.agreement_ensure(community=community)
    return render(
        request,
        "governance/agreement.html",
        {
            "community": community,
            "agreement": agreement,
            "lines": agreement.action_lines.all(),
            "parties": agreement.parties.all(),
            "can_manage": access.can_manage_community_governance(request.user, community),
            "line_form": ActionLineForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request, slug):
    community = access.community_page_for(
        request.user, slug, access.can_manage_community_governance
    )
    agreement = documents.agreement_ensure(community=community)
    form = AgreementForm(
        request.POST or None,
        request.FILES or None,
        initial={"signed_on": agreement.signed_on, "parties": agreement.parties.all()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save():
            # Validate the upload before changing anything: a refused file changes nothing.
            upload = data.get("document")
            if upload:
                documents.agreement_document_validate(upload)
                upload.seek(0)
            documents.agreement_update(
                agreement=agreement,
                signed_on=data["signed_on"],
                parties=data["parties"],
                actor=request.user,
            )
            if upload:
                documents.agreement_document_upload(
                    agreement=agreement, upload=upload, actor=request.user
                )

        if run_service(form, save):
            messages.success(request, _("Het bestuurlijk akkoord is opgeslagen."))
            return redirect("governance_agreement", slug=community.slug)
    return _page(
        request,
        community,
        form,
        _("Bestuurlijk akkoord"),
        reverse("governance_agreement", args=[community.slug]),
    )


@login_required
@require_GET
def agreement_document(request, slug):
    community = access.community_page_for(request.user, slug, access.member_of_any_body_in)
    agreement = getattr(community, "governance_agreement", None)
    if (
        agreement is None
        or not agreement.document
        or not private_storage().exists(agreement.document)
    ):
        raise Http404
    response = FileResponse(
        private_storage().open(agreement.document, "rb"),
        as_attachment=True,
        filename=f"bestuurlijk-akkoord-{community.slug}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    audit.record(
        user=request.user,
        action=Action.DOWNLOAD,
        object_type="agreement",
        object_id=agreement.pk,
        community=community,
        request=request,
    )
    return response


@login_required
def action_line_add(request, slug):
    community = access.community_page_for(
        request.user, slug, access.can_manage_community_governance
    )
    if refused := _post_only(request):
        return refused
    agreement = documents.agreement_ensure(community=community)
    form = ActionLineForm(request.POST)
    if form.is_valid() and run_service(
        form,
        lambda: documents.action_line_add(
            agreement=agreement, title=form.cleaned_data["title"], actor=request.user
        ),
    ):
        messages.success(request, _("De actielijn is toegevoegd."))
    else:
        messages.error(request, _("Vul de actielijn in."))
    return redirect("governance_agreement", slug=community.slug)


def _year(request) -> int:
    try:
        year = int(request.GET.get("jaar", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
@require_http_methods(["GET", "POST"])
def work_plan(request, slug):
    community = access.community_page_for(request.user, slug, access.member_of_any_body_in)
    year = _year(request)
    can_manage = access.can_manage_community_governance(request.user, community)
    agreement = documents.agreement_ensure(community=community)
    plan = documents.work_plan_ensure(community=community, year=year)
    form = GoalForm(request.POST or None, lines=agreement.action_lines.all())
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid() and run_service(
            form,
            lambda: documents.goal_add(
                plan=plan,
                action_line=form.cleaned_data["action_line"],
                goal=form.cleaned_data["goal"],
                actor=request.user,
            ),
        ):
            messages.success(request, _("Het doel is toegevoegd."))
            return redirect(
                reverse("governance_work_plan", args=[community.slug]) + f"?jaar={year}"
            )
    goals = list(plan.goals.select_related("action_line"))
    return render(
        request,
        "governance/work_plan.html",
        {
            "community": community,
            "year": year,
            "rows": [
                (line, [g for g in goals if g.action_line_id == line.pk])
                for line in agreement.action_lines.all()
            ],
            "form": form if can_manage else None,
            "can_manage": can_manage,
            "status_form": GoalStatusForm(),
        },
    )


@login_required
def goal_status(request, slug, goal_pk):
    community = access.community_page_for(
        request.user, slug, access.can_manage_community_governance
    )
    goal = get_object_or_404(
        WorkPlanGoal.objects.select_related("plan"), plan__community=community, pk=goal_pk
    )
    if refused := _post_only(request):
        return refused
    form = GoalStatusForm(request.POST)
    if form.is_valid():
        documents.goal_set_status(goal=goal, status=form.cleaned_data["status"], actor=request.user)
        messages.success(request, _("De status is opgeslagen."))
    return redirect(
        reverse("governance_work_plan", args=[community.slug]) + f"?jaar={goal.plan.year}"
    )


# --- monthly report ---------------------------------------------------------------------------


@login_required
@require_GET
def report_list(request, slug):
    community = access.community_page_for(request.user, slug, access.sees_monthly_reports)
    today = timezone.localdate()
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    return render(
        request,
        "governance/reports.html",
        {
            "community": community,
            "reports": MonthlyReport.objects.filter(community=community),
            "can_write": access.writes_monthly_reports(request.user, community),
            "last_month": last_month,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, slug, year, month):
    community = access.community_page_for(request.user, slug, access.sees_monthly_reports)
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    first = datetime.date(year, month, 1)
    can_write = access.writes_monthly_reports(request.user, community)
    existing = MonthlyReport.objects.filter(community=community, month=first).first()
    if existing is None and not can_write:
        raise Http404
    if first > timezone.localdate():
        raise Http404
    report = existing or documents.report_for(community=community, month=first)
    form = ReportForm(request.POST or None, initial={"text": report.text})
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid() and run_service(
            form,
            lambda: documents.report_save(
                report=report, text=form.cleaned_data["text"], actor=request.user
            ),
        ):
            messages.success(request, _("De rapportage is opgeslagen."))
            return redirect("governance_report", slug=community.slug, year=year, month=month)
    return render(
        request,
        "governance/report.html",
        {
            "community": community,
            "report": report,
            "form": form if can_write and not report.sent_at else None,
            "can_write": can_write,
        },
    )


@login_required
def report_send(request, slug, year, month):
    community = access.community_page_for(request.user, slug, access.writes_monthly_reports)
    report = (
        get_object_or_404(MonthlyReport, community=community, month=datetime.date(year, month, 1))
        if 1 <= month <= 12
        else None
    )
    if report is None:
        raise Http404
    if refused := _post_only(request):
        return refused
    try:
        count = documents.report_send(report=report, actor=request.user)
    except documents.ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("De rapportage is verstuurd naar %(n)s leden van de kerngroep.") % {"n": count},
        )
    return redirect("governance_report", slug=community.slug, year=year, month=month)


# --- the start of a location ------------------------------------------------------------------


@login_required
@require_GET
def readiness(request, slug):
    community = access.community_page_for(request.user, slug, access.sees_readiness)
    items = documents.readiness_ensure(community=community)
    return render(
        request,
        "governance/readiness.html",
        {
            "community": community,
            "items": items,
            "done": sum(1 for i in items if i.done),
            "plan": FirstLettingPlan.objects.filter(community=community).first(),
            "can_manage": access.can_manage_community_governance(request.user, community),
            "phase": community_selectors.community_phase(
                community=community, on=timezone.localdate()
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def readiness_item(request, slug, item_pk):
    community = access.community_page_for(
        request.user, slug, access.can_manage_community_governance
    )
    documents.readiness_ensure(community=community)
    item = get_object_or_404(community.readiness_items, pk=item_pk)
    form = ReadinessItemForm(
        request.POST or None,
        initial={
            "owner": item.owner,
            "due_on": item.due_on,
            "evidence": item.evidence,
            "done": item.done,
        },
    )
    if request.method == "POST" and form.is_valid():
        if run_service(
            form,
            lambda: documents.readiness_item_update(
                item=item, actor=request.user, **form.cleaned_data
            ),
        ):
            messages.success(request, _("De randvoorwaarde is opgeslagen."))
            return redirect("governance_readiness", slug=community.slug)
    return _page(
        request, community, form, item.title, reverse("governance_readiness", args=[community.slug])
    )


@login_required
@require_http_methods(["GET", "POST"])
def first_letting(request, slug):
    community = access.community_page_for(
        request.user, slug, access.can_manage_community_governance
    )
    plan = FirstLettingPlan.objects.filter(community=community).first()
    initial = (
        {
            "units_available_on": plan.units_available_on,
            "supported_units": plan.supported_units,
            "unsupported_units": plan.unsupported_units,
            "candidate_activities": plan.candidate_activities,
        }
        if plan
        else {"supported_units": 0, "unsupported_units": 0}
    )
    form = FirstLettingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if run_service(
            form,
            lambda: documents.first_letting_save(
                community=community, actor=request.user, **form.cleaned_data
            ),
        ):
            messages.success(request, _("Het plan voor de eerste verhuur is opgeslagen."))
            return redirect("governance_readiness", slug=community.slug)
    return _page(
        request,
        community,
        form,
        _("Plan eerste verhuur"),
        reverse("governance_readiness", args=[community.slug]),
    )


# --- woonvereniging ---------------------------------------------------------------------------


@login_required
@require_GET
def association_detail(request, slug):
    community = access.community_page_for(request.user, slug, access.member_of_any_body_in)
    association = (
        Association.objects.filter(community=community).select_related("general_meeting").first()
    )
    return render(
        request,
        "governance/association.html",
        {
            "community": community,
            "association": association,
            "board": association.board.all() if association else [],
            "advice": selectors.association_advice(community=community, on=timezone.localdate()),
            "can_manage": access.can_manage_community_governance(request.user, community),
            "sees_welcome": access.sees_welcome_list(request.user, community),
            "board_form": BoardMemberForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def association_edit(request, slug):
    community = access.community_page_for(
        request.user, slug, access.can_manage_community_governance
    )
    association = Association.objects.filter(community=community).first()
    initial = (
        {
            "kind": association.kind,
            "name": association.name,
            "money_held_by": association.money_held_by,
        }
        if association
        else {}
    )
    form = AssociationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if run_service(
            form,
            lambda: documents.association_save(
                community=community, actor=request.user, **form.cleaned_data
            ),
        ):
            messages.success(request, _("De woonvereniging is opgeslagen."))
            return redirect("governance_association", slug=community.slug)
    return _page(
        request,
        community,
        form,
        _("Woonvereniging of alternatief"),
        reverse("governance_association", args=[community.slug]),
    )


@login_required
def board_member_add(request, slug):
    community = access.community_page_for(
        request.user, slug, access.can_manage_community_governance
    )
    association = get_object_or_404(Association, community=community)
    if refused := _post_only(request):
        return refused
    form = BoardMemberForm(request.POST)
    if form.is_valid() and run_service(
        form,
        lambda: documents.board_member_add(
            association=association, actor=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Het bestuurslid is toegevoegd."))
    else:
        messages.error(request, _("Vul de naam en de functie in."))
    return redirect("governance_association", slug=community.slug)


@login_required
@require_GET
def welcome_list(request, slug):
    """The welcome committee's list: the IMO's handovers of the last six months, with nothing but
    name, unit and moving date."""
    community = access.community_page_for(request.user, slug, access.sees_welcome_list)
    since = timezone.localdate() - datetime.timedelta(days=WELCOME_DAYS)
    rows = handovers_for(community, since=since)
    audit.record_list_read(
        actor=request.user, object_type="welcome_handovers", count=len(rows), community=community
    )
    return render(
        request, "governance/welcome.html", {"community": community, "rows": rows, "since": since}
    )
