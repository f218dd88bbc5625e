"""The IMO's rhythm and the meeting page: attendance, minutes, notes per agenda point, advice
and putting candidates on the agenda."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from communities import access
from communities.access import Capability as C
from gemengdwonen.forms import add_service_error, run_service
from imo import selectors, services, services_agenda
from imo.access import IMO_CARE_ROLES, imo_viewer
from imo.constants import (
    ADVICE_FROM,
    AGENDA_FROM,
    AGENDA_POINTS,
    AgendaStatus,
)
from imo.forms import (
    AdviceForm,
    AgendaAddForm,
    AttendanceForm,
    MeetingForm,
    MinutesApprovedForm,
    NoteForm,
    ScheduleForm,
)
from imo.models import Advice, AgendaNote, MeetingSchedule
from imo.services import StaleEdit
from imo.services_agenda import agenda_outdated
from imo.views._common import _form_page, _meeting, _post_only

# --- schedule ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def schedule_edit(request, slug):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    schedule = MeetingSchedule.objects.filter(community=community).first()
    form = ScheduleForm(
        request.POST or None, instance=schedule or MeetingSchedule(community=community)
    )
    if request.method == "POST" and form.is_valid():
        form.save()  # the community's own rule: one row of configuration, no other effects
        messages.success(request, _("Het IMO-ritme is opgeslagen."))
        return redirect("imo_schedule", slug=community.slug)
    return render(
        request,
        "imo/schedule.html",
        {
            "community": community,
            "form": form,
            "schedule": schedule,
            "upcoming": community.intake_meetings.filter(starts_at__gte=timezone.now()).order_by(
                "starts_at"
            ),
        },
    )


@login_required
def plan_ahead(request, slug):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    if refused := _post_only(request):
        return refused
    schedule = MeetingSchedule.objects.filter(community=community).first()
    if schedule is None:
        messages.error(request, _("Leg eerst het IMO-ritme vast."))
        return redirect("imo_schedule", slug=community.slug)
    created = services.meetings_plan_ahead(
        schedule=schedule, from_date=timezone.localdate(), months=3
    )
    if created:
        messages.success(
            request,
            _("%(n)s overleg(gen) gepland: %(dates)s.")
            % {
                "n": len(created),
                "dates": ", ".join(
                    timezone.localtime(m.starts_at).strftime("%d-%m-%Y") for m in created
                ),
            },
        )
    else:
        messages.info(request, _("De komende 3 maanden stonden al gepland."))
    return redirect("imo_schedule", slug=community.slug)


# --- the meeting ------------------------------------------------------------------------------


def _meeting_page(request, community, meeting, *, bound=None, conflicts=None, status=200):
    """The meeting page. `bound` holds forms from a failed POST (kept with the user's input),
    keyed ("note", point), ("advice", candidate_id), "attendance", "add", "minutes";
    `conflicts` the other person's current version after a StaleEdit, keyed the same."""
    bound = bound or {}
    conflicts = conflicts or {}
    viewer = imo_viewer(request.user, community)
    caps = viewer.capabilities
    limited = viewer.limited
    can_run = viewer.can_run
    agenda = selectors.agenda_build(meeting=meeting, viewer=viewer)
    attendees = list(meeting.attendees.select_related("user__organisation"))
    groups = []
    for group_value, group_label in (
        ("toelatingscommissie", _("Toelatingscommissie")),
        ("communityteam", _("Communityteam")),
    ):
        members = [a for a in attendees if a.group == group_value]
        groups.append({"value": group_value, "label": group_label, "attendees": members})

    attendance_form = bound.get("attendance") or AttendanceForm(attendees=attendees)
    for group in groups:
        group["rows"] = [
            {"attendee": a, "field": attendance_form[f"attendee_{a.pk}"]}
            for a in group["attendees"]
        ]

    notes = []
    for point in agenda.points:
        key = ("note", point.number)
        form = bound.get(key) or NoteForm(
            prefix=f"note-{point.number}",
            initial={"text": point.note_text, "expected_version": point.note_version},
        )
        notes.append({"point": point, "form": form, "conflict": conflicts.get(key)})

    agenda_waiting = services_agenda.agenda_waiting(meeting=meeting)
    statuses = dict(meeting.candidates.values_list("pk", "status"))
    started = services.meeting_started(meeting)
    advices = []
    for row in agenda.advices:
        key = ("advice", row.candidate_id)
        # Before the meeting starts only a refused POST shows its form again (with the reason).
        editable = (
            can_run and (started or key in bound) and statuses.get(row.candidate_id) in ADVICE_FROM
        )
        form = None
        if editable:
            form = bound.get(key) or AdviceForm(
                prefix=f"advice-{row.candidate_id}",
                initial={
                    "kind": row.kind or None,
                    "conditions": row.conditions,
                    "rationale": row.rationale,
                    "expected_version": row.version,
                },
            )
        advices.append(
            {"row": row, "form": form, "editable": editable, "conflict": conflicts.get(key)}
        )

    context = {
        "community": community,
        "meeting": meeting,
        "agenda": agenda,
        "caps": caps,
        "limited": limited,
        "can_run": can_run,
        "can_decide": C.DECIDE_ALLOCATION in caps,
        "groups": groups,
        "attendance_form": attendance_form,
        "notes": notes,
        "advices": advices,
        "moves_in": sum(1 for m in agenda.moves if m.direction == "in"),
        "moves_out": sum(1 for m in agenda.moves if m.direction != "in"),
        "agenda_status_label": services_agenda.WAITING_LABEL
        if agenda_waiting
        else AgendaStatus(meeting.agenda_status).label,
        "agenda_waiting": agenda_waiting,
        "agenda_done": meeting.agenda_status == AgendaStatus.DONE,
        "agenda_busy": meeting.agenda_status in (AgendaStatus.QUEUED, AgendaStatus.RUNNING),
        "pdf": _pdf_urls(community, meeting),
        "started": started,
        # Only who can remake it is told (and pays for the comparison).
        "agenda_outdated": can_run
        and agenda_outdated(
            meeting=meeting, agenda=agenda if viewer.role in IMO_CARE_ROLES else None
        ),
    }
    if can_run:
        addable = community.candidates.filter(status__in=AGENDA_FROM).exclude(
            pk__in=statuses.keys()
        )
        context.update(
            add_form=bound.get("add") or AgendaAddForm(candidates=addable),
            minutes_form=bound.get("minutes")
            or MinutesApprovedForm(initial={"approved": meeting.previous_minutes_approved}),
        )
    return render(request, "imo/meeting.html", context, status=status)


@login_required
def meeting_detail(request, slug, pk):
    community = access.community_for(request.user, slug, C.VIEW_IMO)
    meeting = selectors.meeting_read(community=community, pk=pk, fetched_by=request.user)
    return _meeting_page(request, community, meeting)


def _meeting_url(community, meeting, anchor=""):
    url = reverse("imo_meeting", args=[community.slug, meeting.pk])
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_http_methods(["GET", "POST"])
def meeting_update(request, slug, pk):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    meeting = _meeting(community, pk)
    form = MeetingForm(request.POST or None, instance=meeting, community=community)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Datum, plaats en voorzitter zijn opgeslagen."))
        return redirect(_meeting_url(community, meeting))
    return _form_page(
        request,
        community,
        form,
        _("IMO bewerken"),
        back_url=_meeting_url(community, meeting),
    )


@login_required
def meeting_attendance(request, slug, pk):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    meeting = _meeting(community, pk)
    if refused := _post_only(request):
        return refused
    form = AttendanceForm(request.POST, attendees=meeting.attendees.select_related("user"))
    if not form.is_valid():
        return _meeting_page(request, community, meeting, bound={"attendance": form})
    for attendee, attendance in form.changes():
        services.attendance_record(attendee=attendee, attendance=attendance)
    messages.success(request, _("De aanwezigheid is opgeslagen."))
    return redirect(_meeting_url(community, meeting, "aanwezig"))


@login_required
def meeting_minutes_approve(request, slug, pk):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    meeting = _meeting(community, pk)
    if refused := _post_only(request):
        return refused
    form = MinutesApprovedForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    services.previous_minutes_approve(
        meeting=meeting, approved=form.cleaned_data.get("approved", False), by=request.user
    )
    messages.success(request, _("Vastgelegd."))
    return redirect(_meeting_url(community, meeting, "punt-0"))


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _saved_fragment(request, *, form, status_id: str, version: int):
    """htmx answer after an autosave: the time saved and the new version (out of band), so the
    form keeps what the user is typing and the next save is against the version just made."""
    return render(
        request,
        "imo/_saved.html",
        {
            "status_id": status_id,
            "saved_at": timezone.localtime(),
            "version": version,
            "version_field": form["expected_version"],
        },
    )


def _not_saved_fragment(request, *, form, status_id: str):
    """htmx answer when autosaved input is not valid yet (an advice without its kind): the form
    stays as the user has it, the status says what is missing; the text is not lost."""
    messages_ = [
        f"{form.fields[name].label}: {errors[0]}" if name in form.fields else errors[0]
        for name, errors in form.errors.items()
    ]
    response = render(
        request, "imo/_saved.html", {"status_id": status_id, "error": "; ".join(messages_)}
    )
    response["X-Not-Saved"] = "1"  # meeting.js keeps the form marked as unsaved
    return response


def _form_fragment(request, template: str, context: dict):
    """htmx answer when an autosave was refused (invalid input, or someone else saved first):
    the form comes back in place with the user's input and the reason (status 200: htmx swaps
    only successful responses)."""
    response = render(request, template, context)
    response["HX-Reswap"] = "outerHTML"
    return response


def _note_fragment(request, community, meeting, point, form, conflict=None):
    n = {"point": _agenda_point(meeting, point), "form": form, "conflict": conflict}
    context = {"community": community, "meeting": meeting, "can_run": True, "n": n}
    return _form_fragment(request, "imo/_note.html", context)


def _agenda_point(meeting, number: int):
    note = AgendaNote.objects.filter(meeting=meeting, point=number).first()
    return selectors.AgendaPoint(
        number=number,
        title=str(AGENDA_POINTS[number]),
        note_text=note.text if note else "",
        note_version=note.version if note else None,
    )


def _advice_fragment(request, community, meeting, candidate, form, conflict=None):
    row = {"candidate_id": candidate.pk, "name": str(candidate)}
    a = {"row": row, "form": form, "editable": True, "conflict": conflict}
    context = {"community": community, "meeting": meeting, "can_run": True, "a": a}
    return _form_fragment(request, "imo/_advice_form.html", context)


def _with_version(form, data, field: str, version: int | None):
    """A copy of the posted data with the current version, so the next save is deliberate."""
    data = data.copy()
    data[form.add_prefix(field)] = "" if version is None else str(version)
    return data


@login_required
def meeting_note_save(request, slug, pk, point):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    meeting = _meeting(community, pk)
    if point not in AGENDA_POINTS:
        raise Http404
    if refused := _post_only(request):
        return refused
    key = ("note", point)
    htmx = _is_htmx(request)
    form = NoteForm(request.POST, prefix=f"note-{point}")
    if not form.is_valid():
        if htmx:
            return _not_saved_fragment(request, form=form, status_id=f"note-{point}-status")
        return _meeting_page(request, community, meeting, bound={key: form})
    try:
        note = services.note_save(
            meeting=meeting,
            point=point,
            text=form.cleaned_data["text"],
            expected_version=form.cleaned_data["expected_version"],
            by=request.user,
        )
    except StaleEdit as error:
        current = (
            AgendaNote.objects.filter(meeting=meeting, point=point)
            .select_related("updated_by")
            .first()
        )
        form = NoteForm(
            _with_version(
                form, request.POST, "expected_version", current.version if current else None
            ),
            prefix=f"note-{point}",
        )
        form.is_valid()
        form.add_error(None, error.messages[0])
        conflict = {
            "text": current.text if current else "",
            "by": current.updated_by if current else None,
            "at": current.updated_at if current else None,
        }
        if htmx:
            return _note_fragment(request, community, meeting, point, form, conflict)
        return _meeting_page(
            request, community, meeting, bound={key: form}, conflicts={key: conflict}, status=409
        )
    except ValidationError as error:
        add_service_error(form, error)
        if htmx:
            return _note_fragment(request, community, meeting, point, form)
        return _meeting_page(request, community, meeting, bound={key: form})
    if htmx:
        return _saved_fragment(
            request, form=form, status_id=f"note-{point}-status", version=note.version
        )
    messages.success(request, _("Het verslag van punt %(n)s is opgeslagen.") % {"n": point})
    return redirect(_meeting_url(community, meeting, f"punt-{point}"))


@login_required
def meeting_advice_save(request, slug, pk, candidate_pk):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    meeting = _meeting(community, pk)
    candidate = get_object_or_404(meeting.candidates.filter(community=community), pk=candidate_pk)
    if refused := _post_only(request):
        return refused
    key = ("advice", candidate.pk)
    prefix = f"advice-{candidate.pk}"
    htmx = _is_htmx(request)
    form = AdviceForm(request.POST, prefix=prefix)
    if not form.is_valid():
        if htmx:
            return _not_saved_fragment(
                request, form=form, status_id=f"advice-{candidate.pk}-status"
            )
        return _meeting_page(request, community, meeting, bound={key: form})
    data = form.cleaned_data
    try:
        advice = services.advice_record(
            meeting=meeting,
            candidate=candidate,
            kind=data["kind"],
            conditions=data["conditions"],
            rationale=data["rationale"],
            expected_version=data["expected_version"],
            by=request.user,
        )
    except StaleEdit as error:
        current = (
            Advice.objects.filter(meeting=meeting, candidate=candidate)
            .select_related("recorded_by")
            .first()
        )
        form = AdviceForm(
            _with_version(
                form, request.POST, "expected_version", current.version if current else None
            ),
            prefix=prefix,
        )
        form.is_valid()
        form.add_error(None, error.messages[0])
        conflict = {
            "kind": current.get_kind_display() if current else "",
            "conditions": current.conditions if current else "",
            "rationale": current.rationale if current else "",
            "by": current.recorded_by if current else None,
            "at": current.updated_at if current else None,
        }
        if htmx:
            return _advice_fragment(request, community, meeting, candidate, form, conflict)
        return _meeting_page(
            request, community, meeting, bound={key: form}, conflicts={key: conflict}, status=409
        )
    except ValidationError as error:
        add_service_error(form, error)
        if htmx:
            return _advice_fragment(request, community, meeting, candidate, form)
        return _meeting_page(request, community, meeting, bound={key: form})
    if htmx:
        return _saved_fragment(
            request, form=form, status_id=f"advice-{candidate.pk}-status", version=advice.version
        )
    messages.success(request, _("Het advies over %(name)s is opgeslagen.") % {"name": candidate})
    return redirect(_meeting_url(community, meeting, f"advies-{candidate.pk}"))


@login_required
def meeting_agenda_add(request, slug, pk):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    meeting = _meeting(community, pk)
    if refused := _post_only(request):
        return refused
    # Only this community's candidates can be chosen (the queryset is the scope).
    form = AgendaAddForm(request.POST, candidates=community.candidates.all())
    if form.is_valid() and run_service(
        form,
        lambda: services.candidate_put_on_agenda(
            meeting=meeting, candidate=form.cleaned_data["candidate"]
        ),
    ):
        messages.success(
            request,
            _("%(name)s staat op de agenda.") % {"name": form.cleaned_data["candidate"]},
        )
        return redirect(_meeting_url(community, meeting, "punt-4"))
    return _meeting_page(request, community, meeting, bound={"add": form})


def _pdf_urls(community, meeting) -> dict:
    """The agenda PDF views (imo/urls_pdf.py) may not exist yet: a missing name is no link."""
    urls = {}
    for key, name in (
        ("download", "imo_agenda_download"),
        ("regenerate", "imo_agenda_regenerate"),
        ("status", "imo_agenda_status"),
    ):
        try:
            urls[key] = reverse(name, args=[community.slug, meeting.pk])
        except NoReverseMatch:
            urls[key] = ""
    return urls
