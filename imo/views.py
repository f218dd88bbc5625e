"""The IMO pages. Thin views: the community through `access.community_for`, every object
through that community, input through a form, every write through `imo.services`.

Small actions (attendance, minutes, advice, putting a candidate on the agenda, the corporation's
buttons) are POST-only; their URLs answer a GET with 405, after the access check, so a refusal
looks the same as everywhere else (403 for a member without the right, 404 for an outsider).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit import services as audit
from audit.constants import Action
from communities import access
from communities import selectors as community_selectors
from communities.access import Capability as C
from communities.privacy import is_small, masked_count
from gemengdwonen.charts import mix_history_chart
from gemengdwonen.forms import add_service_error
from imo import selectors, services, services_agenda
from imo.constants import AGENDA_POINTS, AgendaStatus, CandidateStatus, VacancyStatus
from imo.forms import (
    AdviceForm,
    AgendaAddForm,
    AttendanceForm,
    CandidateForm,
    ConsentForm,
    ConsentWithdrawForm,
    DecisionForm,
    FollowUpDoneForm,
    HandoverForm,
    MeetingForm,
    MinutesApprovedForm,
    MoveInForm,
    NoteForm,
    OfferDeclinedForm,
    ParticipationAttendedForm,
    ParticipationInviteForm,
    ScheduleForm,
    VacancyForm,
)
from imo.models import Advice, AgendaNote, FollowUpAction, MeetingSchedule
from imo.rules import Bands, agreement_asks
from imo.services import StaleEdit

# Candidates still in the process, shown first on the overview.
WAITING_STATUSES = (
    CandidateStatus.REGISTERED,
    CandidateStatus.ON_AGENDA,
    CandidateStatus.ADVISED,
)
DONE_STATUSES = (
    CandidateStatus.MOVED_IN,
    CandidateStatus.NOT_ALLOCATED,
    CandidateStatus.WITHDRAWN,
)


# --- helpers ----------------------------------------------------------------------------------


def _post_only(request):
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _meeting(community, pk):
    return get_object_or_404(community.intake_meetings.select_related("chair", "community"), pk=pk)


def _candidate(community, pk):
    return get_object_or_404(
        community.candidates.select_related(
            "community", "vacancy__unit__section", "care_organisation", "proposed_by"
        ),
        pk=pk,
    )


def _limited(caps) -> bool:
    """The residents' delegation (VIEW_IMO without VIEW_RESIDENTS): candidates' name, motivation,
    willingness and supported yes/no only."""
    return C.VIEW_RESIDENTS not in caps


def _care_role(caps) -> bool:
    """Roles whose professionals may see care details of candidates (with consent, per
    candidate: `access.can_see_candidate_care`): coach, sociaal beheerder, begeleider."""
    return bool(caps & {C.VIEW_SUPPORT_STATUS, C.MANAGE_SUPPORT})


def _service(form, call) -> bool:
    """Like gemengdwonen.forms.run_service, and a refusal by the service (the
    corporation check) becomes a Dutch error on the form too."""
    try:
        call()
    except PermissionDenied as error:
        form.add_error(None, str(error) or _("Dit mag u niet doen."))
        return False
    except ValidationError as error:
        add_service_error(form, error)
        return False
    return True


def _invalid(request, form):
    for error in form.non_field_errors():
        messages.error(request, error)
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        label = form.fields[name].label if name in form.fields else name
        for error in errors:
            messages.error(request, f"{label}: {error}")


@dataclass(frozen=True)
class VacancyRow:
    vacancy: object
    asks: str
    asks_label: str


def _vacancy_rows(community, today: datetime.date, statuses) -> list[VacancyRow]:
    """Open vacancies with what the numeric agreement asks for there, on the day the unit comes
    free (never before today)."""
    bands = Bands.of(community)
    mixes = {}
    rows = []
    for vacancy in community.vacancies.filter(status__in=statuses).select_related("unit__section"):
        day = max(today, vacancy.available_from)
        if day not in mixes:
            mixes[day] = community_selectors.community_mix(community=community, on=day)
        asks = agreement_asks(mix=mixes[day], section_id=vacancy.unit.section_id, bands=bands)
        rows.append(VacancyRow(vacancy=vacancy, asks=asks, asks_label=asks.label))
    return rows


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


# --- overview ---------------------------------------------------------------------------------


@login_required
def imo_overview(request, slug):
    community = access.community_for(request.user, slug, C.VIEW_IMO)
    caps = access.capabilities_in(request.user, community)
    now = timezone.now()
    today = timezone.localdate()
    limited = _limited(caps)
    candidates = community.candidates.select_related("vacancy__unit").order_by(
        "last_name", "first_name"
    )
    by_status = []
    for status in CandidateStatus:
        rows = [c for c in candidates if c.status == status]
        if rows:
            by_status.append({"status": status, "label": status.label, "candidates": rows})
    return render(
        request,
        "imo/overview.html",
        {
            "community": community,
            "caps": caps,
            "limited": limited,
            "can_run": C.RUN_IMO in caps,
            "upcoming": community.intake_meetings.filter(starts_at__gte=now)
            .select_related("chair")
            .order_by("starts_at")[:6],
            "past": community.intake_meetings.filter(starts_at__lt=now)
            .select_related("chair")
            .order_by("-starts_at")[:6],
            "vacancies": _vacancy_rows(community, today, [VacancyStatus.OPEN]),
            "by_status": by_status,
            "waiting_statuses": WAITING_STATUSES,
            "schedule": MeetingSchedule.objects.filter(community=community).first(),
        },
    )


# --- vacancies --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_list(request, slug):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    form = VacancyForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _service(
            form,
            lambda: services.vacancy_announce(
                unit=data["unit"],
                available_from=data["available_from"],
                note=data["note"],
                by=request.user,
            ),
        ):
            messages.success(
                request,
                _("Eenheid %(unit)s staat als vrijkomende woning op de lijst.")
                % {"unit": data["unit"].number},
            )
            return redirect("imo_vacancies", slug=community.slug)
    today = timezone.localdate()
    return render(
        request,
        "imo/vacancies.html",
        {
            "community": community,
            "form": form,
            "open_rows": _vacancy_rows(
                community, today, [VacancyStatus.OPEN, VacancyStatus.ALLOCATED]
            ),
            "closed": community.vacancies.exclude(
                status__in=[VacancyStatus.OPEN, VacancyStatus.ALLOCATED]
            )
            .select_related("unit__section")
            .order_by("-available_from")[:20],
        },
    )


# --- candidates -------------------------------------------------------------------------------


def _form_page(request, community, form, title, *, back_url, candidate=None, intro=""):
    return render(
        request,
        "imo/form_page.html",
        {
            "community": community,
            "form": form,
            "title": title,
            "back_url": back_url,
            "candidate": candidate,
            "intro": intro,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidate_create(request, slug):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    # Whoever registers a candidate types the care details in: they are the person's source.
    form = CandidateForm(request.POST or None, community=community, with_care=True)
    created = []
    if request.method == "POST" and form.is_valid():
        if _service(
            form,
            lambda: created.append(
                services.candidate_register(
                    community=community, data=form.service_data(), by=request.user
                )
            ),
        ):
            candidate = created[0]
            audit.record_change(request, candidate, community=community, action=Action.CREATE)
            messages.success(request, _("%(name)s is aangemeld.") % {"name": candidate})
            return redirect("imo_candidate", slug=community.slug, pk=candidate.pk)
    return render(
        request,
        "imo/candidate_form.html",
        {"community": community, "form": form, "title": _("Kandidaat aanmelden")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidate_update(request, slug, pk):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    candidate = _candidate(community, pk)
    with_care = access.can_see_candidate_care(request.user, community, candidate)
    form = CandidateForm(
        request.POST or None, instance=candidate, community=community, with_care=with_care
    )
    if request.method == "POST" and form.is_valid():
        if _service(
            form,
            lambda: services.candidate_update(
                candidate=candidate, data=form.service_data(), by=request.user
            ),
        ):
            audit.record_change(request, candidate, community=community)
            messages.success(request, _("%(name)s is opgeslagen.") % {"name": candidate})
            return redirect("imo_candidate", slug=community.slug, pk=candidate.pk)
    return render(
        request,
        "imo/candidate_form.html",
        {
            "community": community,
            "form": form,
            "candidate": candidate,
            "care_hidden": not with_care,
            "title": _("Kandidaat bewerken"),
        },
    )


def _history(candidate, *, with_details: bool) -> list[dict]:
    """The candidate's way through the process, oldest first."""
    events = [{"on": candidate.registered_on, "what": _("Aangemeld"), "detail": ""}]
    for meeting in candidate.intake_meetings.order_by("starts_at"):
        events.append(
            {
                "on": timezone.localdate(meeting.starts_at),
                "what": _("Op de agenda van het IMO"),
                "detail": "",
            }
        )
    for advice in candidate.advices.select_related("meeting", "recorded_by"):
        events.append(
            {
                "on": timezone.localdate(advice.meeting.starts_at),
                "what": _("Advies IMO: %(kind)s") % {"kind": advice.get_kind_display()},
                "detail": "\n".join(
                    part
                    for part in (
                        advice.rationale,
                        (_("Voorwaarden: %(c)s") % {"c": advice.conditions})
                        if advice.conditions
                        else "",
                    )
                    if part
                )
                if with_details
                else "",
            }
        )
    for decision in candidate.decisions.all():
        events.append(
            {
                "on": decision.decided_on,
                "what": _("Besluit corporatie: %(kind)s") % {"kind": decision.get_kind_display()},
                "detail": decision.reason if with_details else "",
            }
        )
        if decision.offer_declined_on:
            events.append(
                {"on": decision.offer_declined_on, "what": _("Aanbod afgewezen"), "detail": ""}
            )
    handover = getattr(candidate, "handover", None)
    if handover is not None:
        contact = handover.welcome_contact
        events.append(
            {
                "on": handover.handed_over_on,
                "what": _("Overgedragen aan de welkomstcommissie"),
                "detail": ((str(contact.get_full_name() or contact) + ". ") if contact else "")
                + handover.note
                if with_details
                else "",
            }
        )
    if candidate.status == CandidateStatus.MOVED_IN and candidate.vacancy:
        events.append(
            {
                "on": candidate.vacancy.filled_on or candidate.updated_at.date(),
                "what": _("Ingetrokken in %(unit)s") % {"unit": candidate.vacancy.unit.number},
                "detail": "",
            }
        )
    events.sort(key=lambda e: e["on"])
    return events


@login_required
def candidate_detail(request, slug, pk):
    community = access.community_for(request.user, slug, C.VIEW_IMO)
    candidate = _candidate(community, pk)
    caps = access.capabilities_in(request.user, community)
    limited = _limited(caps)
    can_run = C.RUN_IMO in caps
    show_care = access.can_see_candidate_care(request.user, community, candidate)
    context = {
        "community": community,
        "candidate": candidate,
        "caps": caps,
        "limited": limited,
        "can_run": can_run,
        "can_decide": C.DECIDE_ALLOCATION in caps,
        "show_care": show_care,
    }
    if not limited:
        context.update(
            history=_history(candidate, with_details=True),
            participations=candidate.participations.all(),
            follow_ups=candidate.follow_ups.select_related("owner"),
            show_contact=can_run,
        )
    if can_run:
        context.update(
            consent_form=ConsentForm(),
            withdraw_form=ConsentWithdrawForm(),
            invite_form=ParticipationInviteForm(),
            attended_form=ParticipationAttendedForm(),
        )
    audit.record_view(request, candidate, community=community)
    return render(request, "imo/candidate_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_consent(request, slug, pk):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    candidate = _candidate(community, pk)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _service(
            form,
            lambda: services.consent_record(
                candidate=candidate,
                given_on=form.cleaned_data["given_on"],
                scope=form.cleaned_data["scope"],
            ),
        ):
            audit.record_change(request, candidate, community=community, detail="toestemming")
            messages.success(request, _("De toestemming is vastgelegd."))
            return redirect("imo_candidate", slug=community.slug, pk=candidate.pk)
    return _form_page(
        request,
        community,
        form,
        _("Toestemming vastleggen"),
        back_url=reverse("imo_candidate", args=[community.slug, candidate.pk]),
        candidate=candidate,
        intro=_(
            "Met toestemming zien de professionals van het IMO (sociaal beheerder, "
            "communitycoach en de eigen begeleiders) de zorggegevens van de kandidaat. "
            "De bewonersafvaardiging nooit."
        ),
    )


@login_required
def candidate_consent_withdraw(request, slug, pk):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    candidate = _candidate(community, pk)
    if refused := _post_only(request):
        return refused
    form = ConsentWithdrawForm(request.POST)
    if form.is_valid() and _service(
        form, lambda: services.consent_withdraw(candidate=candidate, on=form.cleaned_data["on"])
    ):
        audit.record_change(request, candidate, community=community, detail="toestemming in")
        messages.success(
            request, _("De toestemming is ingetrokken: niemand ziet de zorggegevens nog.")
        )
    else:
        _invalid(request, form)
    return redirect("imo_candidate", slug=community.slug, pk=candidate.pk)


@login_required
@require_http_methods(["GET", "POST"])
def participation_invite(request, slug, pk):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    candidate = _candidate(community, pk)
    form = ParticipationInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _service(
            form,
            lambda: services.participation_invite(
                candidate=candidate,
                title=form.cleaned_data["title"],
                held_on=form.cleaned_data["held_on"],
                by=request.user,
            ),
        ):
            if candidate.email:
                messages.success(
                    request,
                    _("De uitnodiging wordt verstuurd naar %(email)s.")
                    % {"email": candidate.email},
                )
            else:
                messages.warning(
                    request,
                    _("De uitnodiging is vastgelegd; de kandidaat heeft geen e-mailadres."),
                )
            return redirect("imo_candidate", slug=community.slug, pk=candidate.pk)
    return _form_page(
        request,
        community,
        form,
        _("Uitnodigen voor een bijeenkomst"),
        back_url=reverse("imo_candidate", args=[community.slug, candidate.pk]),
        candidate=candidate,
    )


@login_required
def participation_attended(request, slug, pk, participation_pk):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    candidate = _candidate(community, pk)
    participation = get_object_or_404(candidate.participations, pk=participation_pk)
    if refused := _post_only(request):
        return refused
    form = ParticipationAttendedForm(request.POST)
    if form.is_valid():
        services.participation_record(
            participation=participation, attended=form.cleaned_data["attended"]
        )
        messages.success(request, _("De aanwezigheid is vastgelegd."))
    else:
        _invalid(request, form)
    return redirect("imo_candidate", slug=community.slug, pk=candidate.pk)


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
    caps = access.capabilities_in(request.user, community)
    limited = _limited(caps)
    can_run = C.RUN_IMO in caps
    agenda = selectors.agenda_build(
        meeting=meeting, viewer=request.user, viewer_can_see_care=_care_role(caps)
    )
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
    advices = []
    for row in agenda.advices:
        key = ("advice", row.candidate_id)
        editable = can_run and statuses.get(row.candidate_id) in services.ADVICE_FROM
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
    }
    if can_run:
        addable = community.candidates.filter(status__in=services.AGENDA_FROM).exclude(
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
    meeting = _meeting(community, pk)
    # The agenda names candidates (and, for the IMO's professionals, their care details).
    audit.record_view(request, meeting, community=community)
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
    form = NoteForm(request.POST, prefix=f"note-{point}")
    if not form.is_valid():
        return _meeting_page(request, community, meeting, bound={key: form})
    try:
        services.note_save(
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
        return _meeting_page(
            request, community, meeting, bound={key: form}, conflicts={key: conflict}, status=409
        )
    except ValidationError as error:
        add_service_error(form, error)
        return _meeting_page(request, community, meeting, bound={key: form})
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
    form = AdviceForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return _meeting_page(request, community, meeting, bound={key: form})
    data = form.cleaned_data
    try:
        services.advice_record(
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
        return _meeting_page(
            request, community, meeting, bound={key: form}, conflicts={key: conflict}, status=409
        )
    except ValidationError as error:
        add_service_error(form, error)
        return _meeting_page(request, community, meeting, bound={key: form})
    audit.record_change(request, candidate, community=community, detail="advies")
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
    if form.is_valid() and _service(
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


# --- the corporation's decision, handover and moving in ----------------------------------------


def _decision_page(request, community, candidate, *, bound=None):
    bound = bound or {}
    status = candidate.status
    context = {
        "community": community,
        "candidate": candidate,
        "advice": services.latest_advice(candidate),
        "decisions": candidate.decisions.select_related("decided_by", "vacancy__unit"),
        "handover": getattr(candidate, "handover", None),
        "is_corporation": request.user.organisation_id == community.corporation_id,
    }
    if status in services.DECISION_FROM:
        context["decision_form"] = bound.get("decision") or DecisionForm()
    if status in (CandidateStatus.ALLOCATED, CandidateStatus.HANDED_OVER):
        context["declined_form"] = bound.get("declined") or OfferDeclinedForm(prefix="afgewezen")
    if status == CandidateStatus.ALLOCATED:
        context["handover_form"] = bound.get("handover") or HandoverForm(
            prefix="overdracht", community=community
        )
    if status == CandidateStatus.HANDED_OVER:
        context["move_in_form"] = bound.get("move_in") or MoveInForm(prefix="intrek")
    # A refused action whose form the current status no longer shows still says why.
    shown = {id(form) for form in context.values()}
    context["errors"] = [
        error
        for form in bound.values()
        if id(form) not in shown
        for errors in form.errors.values()
        for error in errors
    ]
    return render(request, "imo/decision.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decision(request, slug, pk):
    community = access.community_for(request.user, slug, C.DECIDE_ALLOCATION)
    candidate = _candidate(community, pk)
    if request.method == "GET":
        return _decision_page(request, community, candidate)
    form = DecisionForm(request.POST)
    if form.is_valid() and _service(
        form,
        lambda: services.decision_record(
            candidate=candidate,
            kind=form.cleaned_data["kind"],
            reason=form.cleaned_data["reason"],
            decided_on=form.cleaned_data["decided_on"],
            by=request.user,
        ),
    ):
        audit.record_change(request, candidate, community=community, detail="besluit")
        messages.success(request, _("Het besluit is vastgelegd."))
        return redirect("imo_decision", slug=community.slug, pk=candidate.pk)
    return _decision_page(request, community, candidate, bound={"decision": form})


@login_required
def offer_declined(request, slug, pk):
    community = access.community_for(request.user, slug, C.DECIDE_ALLOCATION)
    candidate = _candidate(community, pk)
    if refused := _post_only(request):
        return refused
    form = OfferDeclinedForm(request.POST, prefix="afgewezen")
    if form.is_valid() and _service(
        form,
        lambda: services.offer_declined(
            candidate=candidate, on=form.cleaned_data["on"], by=request.user
        ),
    ):
        audit.record_change(request, candidate, community=community, detail="aanbod afgewezen")
        messages.success(
            request,
            _(
                "Het aanbod is afgewezen; de woning staat weer open en de sociaal beheerder "
                "krijgt bericht."
            ),
        )
        return redirect("imo_decision", slug=community.slug, pk=candidate.pk)
    return _decision_page(request, community, candidate, bound={"declined": form})


@login_required
def handover(request, slug, pk):
    community = access.community_for(request.user, slug, C.DECIDE_ALLOCATION)
    candidate = _candidate(community, pk)
    if refused := _post_only(request):
        return refused
    form = HandoverForm(request.POST, prefix="overdracht", community=community)
    if form.is_valid() and _service(
        form,
        lambda: services.handover_record(
            candidate=candidate,
            on=form.cleaned_data["on"],
            welcome_contact=form.cleaned_data["welcome_contact"],
            note=form.cleaned_data["note"],
            by=request.user,
        ),
    ):
        audit.record_change(request, candidate, community=community, detail="overdracht")
        messages.success(request, _("De overdracht aan de welkomstcommissie is vastgelegd."))
        return redirect("imo_decision", slug=community.slug, pk=candidate.pk)
    return _decision_page(request, community, candidate, bound={"handover": form})


@login_required
def move_in(request, slug, pk):
    community = access.community_for(request.user, slug, C.DECIDE_ALLOCATION)
    candidate = _candidate(community, pk)
    if refused := _post_only(request):
        return refused
    form = MoveInForm(request.POST, prefix="intrek")
    if form.is_valid() and _service(
        form,
        lambda: services.candidate_move_in(
            candidate=candidate, on=form.cleaned_data["on"], by=request.user
        ),
    ):
        audit.record_change(request, candidate, community=community, detail="intrek")
        messages.success(
            request,
            _("%(name)s is ingetrokken. De mix hieronder is bijgewerkt.") % {"name": candidate},
        )
        return redirect("community_detail", slug=community.slug)
    return _decision_page(request, community, candidate, bound={"move_in": form})


# --- follow-ups -------------------------------------------------------------------------------


def _follow_up_community(request, slug):
    """Follow-ups are about a resident's soft landing: the IMO's team members (VIEW_IMO with
    VIEW_RESIDENTS), not the residents' delegation."""
    community = access.community_for(request.user, slug, C.VIEW_IMO)
    if _limited(access.capabilities_in(request.user, community)):
        raise PermissionDenied
    return community


def _may_finish(user, community, action) -> bool:
    return action.owner_id == user.pk or access.has_capability(user, community, C.RUN_IMO)


@login_required
def follow_up_list(request, slug):
    community = _follow_up_community(request, slug)
    today = timezone.localdate()
    actions = FollowUpAction.objects.filter(candidate__community=community).select_related(
        "candidate", "owner"
    )
    groups: dict[int, dict] = {}
    for action in actions.order_by("candidate__last_name", "candidate_id", "due_on", "pk"):
        group = groups.setdefault(action.candidate_id, {"candidate": action.candidate, "rows": []})
        group["rows"].append(
            {
                "action": action,
                "overdue": action.done_on is None and action.due_on < today,
                "can_finish": action.done_on is None
                and _may_finish(request.user, community, action),
            }
        )
    return render(
        request,
        "imo/follow_ups.html",
        {
            "community": community,
            "groups": list(groups.values()),
            "done_form": FollowUpDoneForm(),
            "today": today,
        },
    )


@login_required
def follow_up_done(request, slug, pk):
    community = _follow_up_community(request, slug)
    action = get_object_or_404(FollowUpAction.objects.filter(candidate__community=community), pk=pk)
    if not _may_finish(request.user, community, action):
        raise PermissionDenied
    if refused := _post_only(request):
        return refused
    form = FollowUpDoneForm(request.POST)
    if form.is_valid() and _service(
        form,
        lambda: services.follow_up_done(
            action=action,
            on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
            by=request.user,
        ),
    ):
        messages.success(request, _("‘%(what)s’ is afgerond.") % {"what": action.description})
    else:
        _invalid(request, form)
    return redirect("imo_follow_ups", slug=community.slug)


# --- process monitoring -----------------------------------------------------------------------


def _masked_number(value, count: int, aggregate_only: bool):
    """An average or share over fewer than 5 cases could point at a person: hidden for
    aggregate viewers."""
    if value is None or (aggregate_only and is_small(count)):
        return None
    return value


@login_required
def metrics(request, slug):
    community = access.community_for(request.user, slug, C.VIEW_IMO_METRICS)
    aggregate_only = access.is_aggregate_only(request.user, community)
    figures = selectors.process_metrics(community=community, until=timezone.localdate())

    def count(value):
        return masked_count(value) if aggregate_only else str(value)

    return render(
        request,
        "imo/metrics.html",
        {
            "community": community,
            "aggregate_only": aggregate_only,
            "m": figures,
            "vacancies_filled": count(figures.vacancies_filled),
            "moved_in": count(figures.moved_in),
            "decisions": count(figures.decisions_with_advice),
            "decisions_followed": count(figures.decisions_following_advice),
            "vacant_avg": _masked_number(
                figures.vacant_days_average, figures.vacancies_filled, aggregate_only
            ),
            "vacant_median": _masked_number(
                figures.vacant_days_median, figures.vacancies_filled, aggregate_only
            ),
            "intake_avg": _masked_number(
                figures.intake_days_average, figures.moved_in, aggregate_only
            ),
            "intake_median": _masked_number(
                figures.intake_days_median, figures.moved_in, aggregate_only
            ),
            "followed_percent": _masked_number(
                figures.share_following_advice_percent,
                figures.decisions_with_advice,
                aggregate_only,
            ),
            "chart": mix_history_chart(figures.mix_history, mask_small_counts=aggregate_only),
            "can_view_imo": access.has_capability(request.user, community, C.VIEW_IMO),
        },
    )
