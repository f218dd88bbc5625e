"""Thin views of governance: every body comes through `access.body_for` (the user's scope),
every meeting, item, decision and action item through that body."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gemengdwonen.forms import run_service
from governance import access, selectors, services
from governance.access import BodyCapability as B
from governance.constants import AgendaItemKind, BodyLevel, PdfKind
from governance.forms import (
    ActionItemForm,
    ActionStatusForm,
    AgendaItemForm,
    AttendanceForm,
    CadenceForm,
    CorrectionForm,
    DecisionForm,
    DecisionSearchForm,
    MeetingForm,
    MinutesForm,
)
from governance.models import MeetingDocument, Minutes


def _post_only(request):
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _meeting(body, meeting_pk):
    return get_object_or_404(body.meetings.select_related("body"), pk=meeting_pk)


def _meeting_url(meeting, anchor: str = "") -> str:
    url = reverse("governance_meeting", args=[meeting.body_id, meeting.pk])
    return f"{url}#{anchor}" if anchor else url


def _form_page(request, body, form, title, back_url, *, meeting=None, intro=""):
    return render(
        request,
        "governance/form_page.html",
        {
            "body": body,
            "meeting": meeting,
            "form": form,
            "title": title,
            "back_url": back_url,
            "intro": intro,
        },
    )


@login_required
@require_GET
def my_bodies(request):
    bodies = (
        access.bodies_for(request.user).prefetch_related("communities").order_by("level", "name")
    )
    year = timezone.localdate().year
    cadence = selectors.cadence_for_bodies(bodies=bodies, year=year)
    return render(
        request,
        "governance/my_bodies.html",
        {
            "rows": [(b, cadence[b.pk]) for b in bodies],
            "overdue": selectors.overdue_action_items_for(
                user=request.user, on=timezone.localdate()
            ),
        },
    )


@login_required
@require_GET
def body_detail(request, pk):
    body = access.body_for(request.user, pk)
    today = timezone.localdate()
    members = list(body.members.select_related("user", "organisation"))
    return render(
        request,
        "governance/body_detail.html",
        {
            "body": body,
            "can_run": B.RUN in access.body_capabilities(request.user, body),
            "members": members,
            "delegation_without_vote": [
                m for m in members if m.residents_delegation and not m.votes
            ],
            "quorum": selectors.quorum_of(body=body, members=members),
            "cadence": selectors.cadence_for_bodies(bodies=[body], year=today.year, today=today)[
                body.pk
            ],
            "meetings": selectors.meetings_of(body=body),
            "open_actions": body.action_items.open().select_related("owner__user"),
            "today": today,
            "communities": body.communities.all(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cadence_edit(request, pk):
    body = access.body_for(request.user, pk, B.RUN)
    form = CadenceForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            form,
            lambda: services.cadence_update(
                body=body,
                minimum=data["meetings_min_override"],
                maximum=data["meetings_max_override"],
                reason=data["cadence_reason"],
                actor=request.user,
            ),
        ):
            messages.success(request, _("De vergaderfrequentie is opgeslagen."))
            return redirect("governance_body", pk=body.pk)
    return _form_page(
        request,
        body,
        form,
        _("Vergaderfrequentie"),
        reverse("governance_body", args=[body.pk]),
        intro=_("Leeg laten: de norm van het model voor dit soort overleg."),
    )


@login_required
@require_GET
def body_decisions(request, pk):
    body = access.body_for(request.user, pk)
    form = DecisionSearchForm(request.GET or None)
    query, year = "", None
    if form.is_valid():
        query, year = form.cleaned_data["q"] or "", form.cleaned_data["year"]
    decisions = selectors.decisions_search(
        bodies=access.bodies_for(request.user).filter(pk=body.pk), query=query, year=year
    )
    return render(
        request,
        "governance/decisions.html",
        {"body": body, "form": form, "decisions": decisions, "with_text": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request, pk):
    body = access.body_for(request.user, pk, B.RUN)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.datetimes()
        created = {}

        def create():
            created["meeting"] = services.meeting_create(
                body=body,
                starts_at=starts_at,
                ends_at=ends_at,
                place=form.cleaned_data["place"],
                actor=request.user,
            )

        if run_service(form, create):
            messages.success(
                request,
                _(
                    "De vergadering is gepland. De agenda begint met de notulen en de open "
                    "actiepunten."
                ),
            )
            return redirect(_meeting_url(created["meeting"]))
    return _form_page(
        request, body, form, _("Vergadering plannen"), reverse("governance_body", args=[body.pk])
    )


@login_required
@require_GET
def meeting_detail(request, pk, meeting_pk):
    body = access.body_for(request.user, pk)
    meeting = _meeting(body, meeting_pk)
    can_run = B.RUN in access.body_capabilities(request.user, body)
    items = list(
        meeting.agenda_items.select_related("owner__user", "previous_meeting", "action_item")
    )
    minutes = selectors.current_minutes(meeting=meeting, viewer=request.user)
    documents = {d.kind: d for d in MeetingDocument.objects.filter(meeting=meeting)}
    to_approve = []
    for item in items:
        if item.kind == AgendaItemKind.APPROVE_MINUTES and item.previous_meeting:
            draft = item.previous_meeting.minutes_versions.filter(status="concept").first()
            approved = item.previous_meeting.minutes_versions.filter(approved_at=meeting).first()
            to_approve.append((item.pk, draft, approved))
    return render(
        request,
        "governance/meeting.html",
        {
            "body": body,
            "meeting": meeting,
            "can_run": can_run,
            "items": items,
            "approvals": {pk: (draft, approved) for pk, draft, approved in to_approve},
            "agenda_form": AgendaItemForm(body=body) if can_run else None,
            "attendance": selectors.attendance_summary(meeting=meeting),
            "minutes": minutes,
            "versions": meeting.minutes_versions.order_by("-version"),
            "decisions": meeting.decisions.select_related("action_line", "body"),
            "actions": meeting.action_items.select_related("owner__user", "decision__body"),
            "pdf_rows": [(kind, label, documents.get(kind)) for kind, label in PdfKind.choices],
            "is_past": meeting.day <= timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_update(request, pk, meeting_pk):
    body = access.body_for(request.user, pk, B.RUN)
    meeting = _meeting(body, meeting_pk)
    local_start = timezone.localtime(meeting.starts_at)
    initial = {"day": local_start.date(), "start": local_start.time(), "place": meeting.place}
    if meeting.ends_at:
        initial["end"] = timezone.localtime(meeting.ends_at).time()
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.datetimes()
        if run_service(
            form,
            lambda: services.meeting_update(
                meeting=meeting,
                starts_at=starts_at,
                ends_at=ends_at,
                place=form.cleaned_data["place"],
                actor=request.user,
            ),
        ):
            messages.success(request, _("De vergadering is opgeslagen."))
            return redirect(_meeting_url(meeting))
    return _form_page(
        request, body, form, _("Datum en plaats"), _meeting_url(meeting), meeting=meeting
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_add(request, pk, meeting_pk):
    body = access.body_for(request.user, pk, B.RUN)
    meeting = _meeting(body, meeting_pk)
    form = AgendaItemForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            form,
            lambda: services.agenda_item_add(
                meeting=meeting,
                title=data["title"],
                owner=data["owner"],
                minutes_planned=data["minutes_planned"],
                actor=request.user,
            ),
        ):
            messages.success(request, _("Het agendapunt is toegevoegd."))
            return redirect(_meeting_url(meeting, "agenda"))
    return _form_page(
        request,
        body,
        form,
        _("Agendapunt toevoegen"),
        _meeting_url(meeting, "agenda"),
        meeting=meeting,
    )


@login_required
def agenda_move(request, pk, meeting_pk, item_pk):
    body = access.body_for(request.user, pk, B.RUN)
    meeting = _meeting(body, meeting_pk)
    item = get_object_or_404(meeting.agenda_items, pk=item_pk)
    if refused := _post_only(request):
        return refused
    services.agenda_item_move(
        item=item, up=request.POST.get("richting") != "omlaag", actor=request.user
    )
    return redirect(_meeting_url(meeting, "agenda"))


@login_required
def agenda_remove(request, pk, meeting_pk, item_pk):
    body = access.body_for(request.user, pk, B.RUN)
    meeting = _meeting(body, meeting_pk)
    item = get_object_or_404(meeting.agenda_items, pk=item_pk)
    if refused := _post_only(request):
        return refused
    services.agenda_item_remove(item=item, actor=request.user)
    messages.success(request, _("Het agendapunt is verwijderd."))
    return redirect(_meeting_url(meeting, "agenda"))


@login_required
@require_http_methods(["GET", "POST"])
def attendance_edit(request, pk, meeting_pk):
    body = access.body_for(request.user, pk, B.RUN)
    meeting = _meeting(body, meeting_pk)
    summary = selectors.attendance_summary(meeting=meeting)
    form = AttendanceForm(
        request.POST or None,
        members=[r.member for r in summary.rows],
        initial_values={r.member.pk: r.attendance for r in summary.rows},
    )
    if request.method == "POST" and form.is_valid():
        if run_service(
            form,
            lambda: services.attendance_record(
                meeting=meeting, attendance=form.values(), actor=request.user
            ),
        ):
            messages.success(request, _("De aanwezigheid is opgeslagen."))
            return redirect(_meeting_url(meeting, "aanwezigheid"))
    return render(
        request,
        "governance/attendance.html",
        {"body": body, "meeting": meeting, "form": form, "summary": summary},
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request, pk, meeting_pk):
    body = access.body_for(request.user, pk, B.RUN)
    meeting = _meeting(body, meeting_pk)
    minutes = selectors.current_minutes(meeting=meeting, viewer=request.user)
    if minutes is not None and minutes.is_approved:
        messages.info(
            request,
            _("Deze notulen zijn vastgesteld. Een wijziging is een correctie: een nieuwe versie."),
        )
        return redirect("governance_minutes_correct", pk=body.pk, meeting_pk=meeting.pk)
    texts = {e.agenda_item_id: e.text for e in minutes.entries.all()} if minutes else {}
    form = MinutesForm(
        request.POST or None,
        agenda_items=meeting.agenda_items.all(),
        texts=texts,
        initial={"general": minutes.general if minutes else ""},
    )
    if request.method == "POST" and form.is_valid():
        if run_service(
            form,
            lambda: services.minutes_save(
                meeting=meeting,
                general=form.cleaned_data["general"],
                texts=form.texts(),
                actor=request.user,
            ),
        ):
            messages.success(request, _("Het concept van de notulen is opgeslagen."))
            return redirect(_meeting_url(meeting, "notulen"))
    return _form_page(
        request,
        body,
        form,
        _("Notulen (concept)"),
        _meeting_url(meeting, "notulen"),
        meeting=meeting,
        intro=_(
            "De notulen worden in de volgende vergadering vastgesteld; daarna zijn ze niet "
            "meer te wijzigen."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes_correct(request, pk, meeting_pk):
    body = access.body_for(request.user, pk, B.RUN)
    meeting = _meeting(body, meeting_pk)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run_service(
            form,
            lambda: services.minutes_correct(
                meeting=meeting, reason=form.cleaned_data["correction_reason"], actor=request.user
            ),
        ):
            messages.success(
                request,
                _("Er is een nieuwe conceptversie gemaakt; de vastgestelde versie blijft bewaard."),
            )
            return redirect("governance_minutes", pk=body.pk, meeting_pk=meeting.pk)
    return _form_page(
        request,
        body,
        form,
        _("Correctie op vastgestelde notulen"),
        _meeting_url(meeting, "notulen"),
        meeting=meeting,
        intro=_(
            "De vastgestelde versie blijft ongewijzigd bewaard; de correctie wordt een nieuwe "
            "versie."
        ),
    )


@login_required
def minutes_approve(request, pk, meeting_pk, minutes_pk):
    """Approve draft minutes of an earlier meeting, at this meeting."""
    body = access.body_for(request.user, pk, B.RUN)
    meeting = _meeting(body, meeting_pk)
    minutes = get_object_or_404(
        Minutes.objects.select_related("meeting"), meeting__body=body, pk=minutes_pk
    )
    if refused := _post_only(request):
        return refused
    try:
        services.minutes_approve(minutes=minutes, at_meeting=meeting, actor=request.user)
    except services.ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De notulen zijn vastgesteld."))
    return redirect(_meeting_url(meeting, "agenda"))


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request, pk, meeting_pk):
    body = access.body_for(request.user, pk, B.RUN)
    meeting = _meeting(body, meeting_pk)
    form = DecisionForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        created = {}

        def record():
            created["decision"] = services.decision_record(
                body=body,
                meeting=meeting,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                action_line=form.cleaned_data["action_line"],
                actor=request.user,
            )

        if run_service(form, record):
            messages.success(
                request, _("Besluit %(code)s is vastgelegd.") % {"code": created["decision"].code}
            )
            return redirect(_meeting_url(meeting, "besluiten"))
    return _form_page(
        request,
        body,
        form,
        _("Besluit vastleggen"),
        _meeting_url(meeting, "besluiten"),
        meeting=meeting,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request, pk, meeting_pk):
    body = access.body_for(request.user, pk, B.RUN)
    meeting = _meeting(body, meeting_pk)
    form = ActionItemForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            form,
            lambda: services.action_item_create(
                body=body,
                meeting=meeting,
                title=data["title"],
                owner=data["owner"],
                due_on=data["due_on"],
                decision=data["decision"],
                actor=request.user,
            ),
        ):
            messages.success(request, _("Het actiepunt is vastgelegd."))
            return redirect(_meeting_url(meeting, "actiepunten"))
    return _form_page(
        request,
        body,
        form,
        _("Actiepunt toevoegen"),
        _meeting_url(meeting, "actiepunten"),
        meeting=meeting,
    )


@login_required
def action_status(request, pk, action_pk):
    body = access.body_for(request.user, pk)
    item = get_object_or_404(body.action_items.select_related("owner", "body"), pk=action_pk)
    if not access.can_update_action(request.user, item):
        raise PermissionDenied
    if refused := _post_only(request):
        return refused
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.action_item_set_status(
            item=item, status=form.cleaned_data["status"], actor=request.user
        )
        messages.success(request, _("De status van het actiepunt is opgeslagen."))
    else:
        messages.error(request, _("Kies een geldige status."))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("governance_body", pk=body.pk)


@login_required
@require_GET
def community_governance(request, slug):
    """The governance of a community: the bodies the user belongs to (with cadence), the
    escalation route and the code of good governance; for gemeente and stuurgroep users who are
    not members, the decision titles and counts of every body."""
    community = access.governance_community_for(request.user, slug)
    today = timezone.localdate()
    own = list(access.community_bodies_for(request.user, community).order_by("level", "name"))
    cadence = selectors.cadence_for_bodies(bodies=own, year=today.year, today=today)
    titles_only = access.sees_decision_titles(request.user, community)
    context = {
        "community": community,
        "own_bodies": [(b, cadence[b.pk]) for b in own],
        "titles_only": titles_only,
        "escalation_steps": community.governance_escalation_steps.all(),
        "code": getattr(community, "governance_code", None),
        "levels": BodyLevel,
        "body_member": access.member_of_any_body_in(request.user, community),
        "sees_reports": access.sees_monthly_reports(request.user, community),
        "sees_readiness": access.sees_readiness(request.user, community),
        "can_manage": access.can_manage_community_governance(request.user, community),
    }
    if titles_only:
        counts = selectors.decision_counts(community=community)
        context["all_bodies"] = [
            (b, counts.get(b.pk, 0)) for b in community.governance_bodies.order_by("level", "name")
        ]
    return render(request, "governance/community.html", context)


@login_required
@require_GET
def community_decisions(request, slug):
    """Decisions of the community's bodies: members see those of their own bodies with the text;
    gemeente and stuurgroep users see every body's decision titles, nothing more."""
    community = access.governance_community_for(request.user, slug)
    form = DecisionSearchForm(request.GET or None)
    query, year = "", None
    if form.is_valid():
        query, year = form.cleaned_data["q"] or "", form.cleaned_data["year"]
    own = access.community_bodies_for(request.user, community)
    titles_only = access.sees_decision_titles(request.user, community)
    if not own.exists() and not titles_only:
        raise PermissionDenied
    if titles_only:
        decisions = selectors.decisions_search(
            bodies=community.governance_bodies.all(), query=query, year=year
        )
        # Free text stays with the members: search and show titles only.
        decisions = [
            d
            for d in decisions
            if not query or query.lower() in d.title.lower() or query.upper() == d.code
        ]
        with_text = False
    else:
        decisions = selectors.decisions_search(bodies=own, query=query, year=year)
        with_text = True
    return render(
        request,
        "governance/decisions.html",
        {"community": community, "form": form, "decisions": decisions, "with_text": with_text},
    )
