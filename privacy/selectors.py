"""Reads of the privacy app: what the next retention run will anonymise, finding a person, and
everything held about one person (the subject-access export).

"Older than N days" is strict everywhere: a date D is older than N days on `today` when
D < today - N days. On the day exactly N days after D nothing happens yet; the run of the next
day picks it up. (A period of 730 days therefore means: anonymised on day 731.)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from communities.access import SUBJECT_REQUEST_PERMISSION
from communities.models import (
    Activity,
    Contact,
    OtherContribution,
    Resident,
    Signal,
    SignalStep,
    SupportPeriod,
    Talent,
    TenancyResident,
)
from imo.constants import CandidateStatus
from imo.models import (
    Advice,
    AllocationDecision,
    Candidate,
    FollowUpAction,
    Handover,
    IntakeMeeting,
    Participation,
)
from outbox.selectors import keys_waiting
from privacy.constants import ANONYMISED_NAME, EXPORT_KEEP_DAYS, ExportStatus, SubjectType
from privacy.models import SubjectExport

# --- retention ---------------------------------------------------------------------------------


def cutoff(*, today: datetime.date, days: int) -> datetime.date:
    """Dates before this one are older than `days` days on `today` (strict: see module doc)."""
    return today - datetime.timedelta(days=days)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def candidate_has_personal_data() -> Q:
    """Candidates with anything left to anonymise (the same list `candidates_anonymise` clears):
    what makes the run idempotent without a marker column."""
    return (
        ~Q(first_name=ANONYMISED_NAME)
        | ~Q(last_name=ANONYMISED_NAME)
        | ~Q(email="")
        | ~Q(phone="")
        | ~Q(motivation="")
        | Candidate.has_care_details()
        | ~Q(consent_scope="")
        | Exists(
            Advice.objects.filter(candidate=OuterRef("pk")).exclude(conditions="", rationale="")
        )
        | Exists(AllocationDecision.objects.filter(candidate=OuterRef("pk")).exclude(reason=""))
        | Exists(Handover.objects.filter(candidate=OuterRef("pk")).exclude(note=""))
        | Exists(FollowUpAction.objects.filter(candidate=OuterRef("pk")).exclude(note=""))
    )


def resident_has_personal_data() -> Q:
    """Residents with anything left to anonymise (see `residents_anonymise`), including the
    candidacy that brought them in."""
    return (
        ~Q(first_name=ANONYMISED_NAME)
        | ~Q(last_name=ANONYMISED_NAME)
        | Q(date_of_birth__isnull=False)
        | ~Q(email="")
        | ~Q(phone="")
        | ~Q(approach_preference="")
        | Exists(Contact.objects.filter(resident=OuterRef("pk")).exclude(note=""))
        | Exists(Talent.objects.filter(resident=OuterRef("pk")))
        | Exists(OtherContribution.objects.filter(resident=OuterRef("pk")).exclude(description=""))
        | Exists(
            Candidate.objects.filter(
                Q(resident=OuterRef("pk")) | Q(existing_resident=OuterRef("pk"))
            ).filter(candidate_has_personal_data())
        )
    )


def signal_has_personal_data() -> Q:
    return (
        ~Q(description="")
        | ~Q(reported_by="")
        | Exists(SignalStep.objects.filter(signal=OuterRef("pk")).exclude(description=""))
        | Exists(Signal.residents.through.objects.filter(signal_id=OuterRef("pk")))
    )


def former_residents_due(*, today: datetime.date) -> QuerySet[Resident]:
    """Residents with no open stay whose last stay ended before the cutoff. Residents who never
    had a stay are not "moved out" and are left alone."""
    limit = cutoff(today=today, days=settings.RETENTION_FORMER_RESIDENTS_DAYS)
    stays = TenancyResident.objects.filter(resident=OuterRef("pk"))
    return (
        Resident.objects.filter(Exists(stays))
        .exclude(Exists(stays.filter(end_date__isnull=True)))
        .exclude(Exists(stays.filter(end_date__gte=limit)))
        .filter(resident_has_personal_data())
    )


def unplaced_candidates_due(*, today: datetime.date) -> QuerySet[Candidate]:
    """Candidates not moved in whose last change (the record, an advice, a decision) is older
    than the period. Moved-in candidates go with their resident record."""
    limit = cutoff(today=today, days=settings.RETENTION_UNPLACED_CANDIDATES_DAYS)
    limit_at = _start_of(limit)
    return (
        Candidate.objects.exclude(status=CandidateStatus.MOVED_IN)
        .filter(updated_at__lt=limit_at)
        .exclude(
            Exists(
                AllocationDecision.objects.filter(candidate=OuterRef("pk"), decided_on__gte=limit)
            )
        )
        .exclude(Exists(Advice.objects.filter(candidate=OuterRef("pk"), updated_at__gte=limit_at)))
        .filter(candidate_has_personal_data())
    )


def closed_signals_due(*, today: datetime.date) -> QuerySet[Signal]:
    limit = cutoff(today=today, days=settings.RETENTION_CLOSED_SIGNALS_DAYS)
    return Signal.objects.filter(closed_on__lt=limit).filter(signal_has_personal_data())


def contact_notes_due(*, today: datetime.date) -> QuerySet[Contact]:
    limit = cutoff(today=today, days=settings.RETENTION_CONTACT_NOTES_DAYS)
    return Contact.objects.filter(contacted_on__lt=limit).exclude(note="")


def expired_exports(*, today: datetime.date) -> QuerySet[SubjectExport]:
    limit = cutoff(today=today, days=EXPORT_KEEP_DAYS)
    return SubjectExport.objects.filter(requested_at__lt=_start_of(limit))


@dataclass(frozen=True)
class RetentionPlan:
    """What a retention run on `today` anonymises: ids per kind, sorted. No names."""

    today: datetime.date
    residents: tuple[int, ...] = ()
    candidates: tuple[int, ...] = ()
    signals: tuple[int, ...] = ()
    contact_notes: tuple[int, ...] = ()
    exports: tuple[int, ...] = ()

    KINDS = ("residents", "candidates", "signals", "contact_notes", "exports")

    def counts(self) -> dict[str, int]:
        return {kind: len(getattr(self, kind)) for kind in self.KINDS}

    @property
    def total(self) -> int:
        return sum(self.counts().values())

    @property
    def is_empty(self) -> bool:
        return self.total == 0


def _ids(queryset: QuerySet) -> tuple[int, ...]:
    return tuple(sorted(queryset.values_list("pk", flat=True)))


def retention_plan(*, today: datetime.date) -> RetentionPlan:
    """Exactly what `privacy.services.retention_run(today=today)` will do. Used by the
    `retention_preview` command and by the run itself.

    The kinds do not overlap: a former resident's candidacy and contact notes are cleared with
    the resident, so they are not listed again under candidates or contact notes."""
    residents = _ids(former_residents_due(today=today))
    candidates = _ids(
        unplaced_candidates_due(today=today)
        .exclude(resident_id__in=residents)
        .exclude(existing_resident_id__in=residents)
    )
    return RetentionPlan(
        today=today,
        residents=residents,
        candidates=candidates,
        signals=_ids(closed_signals_due(today=today)),
        contact_notes=_ids(contact_notes_due(today=today).exclude(resident_id__in=residents)),
        exports=_ids(expired_exports(today=today)),
    )


# --- data subject: access --------------------------------------------------------------------


def is_privacy_officer(user) -> bool:
    """Whether `user` handles data-subject requests: the explicit permission (the group
    "Privacyfunctionaris", or a superuser). The staff flag alone is not enough."""
    return user.is_authenticated and user.has_perm(SUBJECT_REQUEST_PERMISSION)


def _require_privacy_officer(user) -> None:
    if not is_privacy_officer(user):
        raise PermissionDenied


SUBJECT_MODELS = {SubjectType.RESIDENT: Resident, SubjectType.CANDIDATE: Candidate}


def subject_for(*, kind: str, pk: int, fetched_by) -> Resident | Candidate:
    _require_privacy_officer(fetched_by)
    model = SUBJECT_MODELS.get(kind)
    if model is None:
        raise Http404
    subject = model.objects.select_related("community").filter(pk=pk).first()
    if subject is None:
        raise Http404
    return subject


def subject_type_of(subject: Resident | Candidate) -> str:
    return SubjectType.RESIDENT if isinstance(subject, Resident) else SubjectType.CANDIDATE


@dataclass(frozen=True)
class PersonSearch:
    query: str
    residents: list[Resident]
    candidates: list[Candidate]


SEARCH_LIMIT = 50


def person_search(*, query: str, fetched_by) -> PersonSearch:
    """Residents and candidates whose first name, last name or e-mail contain every word of
    `query` (two characters at least, so one letter does not list everybody)."""
    _require_privacy_officer(fetched_by)
    words = [word for word in query.split() if word][:5]
    if not words or len("".join(words)) < 2:
        return PersonSearch(query=query, residents=[], candidates=[])
    condition = Q()
    for word in words:
        condition &= (
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    residents = Resident.objects.filter(condition).select_related("community")[:SEARCH_LIMIT]
    candidates = Candidate.objects.filter(condition).select_related("community")[:SEARCH_LIMIT]
    return PersonSearch(query=query, residents=list(residents), candidates=list(candidates))


def exports_of(*, subject: Resident | Candidate, fetched_by) -> list[SubjectExport]:
    """The exports of `subject`, newest first, each with `waiting`: its rendering was recorded
    but has not reached the broker yet (the outbox hands it over again)."""
    _require_privacy_officer(fetched_by)
    exports = list(
        SubjectExport.objects.filter(subject_type=subject_type_of(subject), subject_id=subject.pk)
    )
    waiting = keys_waiting(keys=[export.job_key for export in exports])
    for export in exports:
        export.waiting = export.job_key in waiting
    return exports


def export_for_download(*, pk: int, fetched_by) -> SubjectExport:
    _require_privacy_officer(fetched_by)
    export = SubjectExport.objects.filter(pk=pk, status=ExportStatus.DONE).exclude(file="").first()
    if export is None:
        raise Http404
    return export


# --- data subject: what is held ----------------------------------------------------------------


@dataclass
class ExportSection:
    """One part of the export: a JSON key, a Dutch heading, columns (key, label) and rows."""

    key: str
    title: str
    columns: list[tuple[str, str]]
    rows: list[dict] = field(default_factory=list)
    single: bool = False  # the person themself: one row, shown as label/value pairs

    @property
    def table(self) -> list[list[str]]:
        return [[display(row.get(key)) for key, _ in self.columns] for row in self.rows]

    @property
    def pairs(self) -> list[tuple[str, str]]:
        row = self.rows[0] if self.rows else {}
        return [(label, display(row.get(key))) for key, label in self.columns]


@dataclass
class SubjectData:
    subject_type: str
    subject_id: int
    name: str
    community: str
    generated_at: datetime.datetime
    sections: list[ExportSection]

    def as_json(self) -> dict:
        return {
            "subject_type": self.subject_type,
            "subject_id": self.subject_id,
            "generated_at": self.generated_at,
            **{
                section.key: (section.rows[0] if section.rows else None)
                if section.single
                else section.rows
                for section in self.sections
            },
        }


def display(value) -> str:
    """A value as shown in the PDF and on the page (the template escapes it)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%d-%m-%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return str(value)


# Fields that are bookkeeping, not data about the person.
_SKIPPED_FIELDS = {"version"}
# Fields without a (Dutch) verbose_name of their own.
_LABELS = {"id": "Nummer", "created_at": "Vastgelegd op", "updated_at": "Laatst gewijzigd op"}


def _all_fields(obj: models.Model) -> tuple[list[tuple[str, str]], dict]:
    """Every concrete field of `obj`: (columns, row). Choice fields as their Dutch label,
    relations as the related object's name."""
    columns, row = [], {}
    for model_field in obj._meta.concrete_fields:
        if model_field.name in _SKIPPED_FIELDS:
            continue
        if model_field.is_relation:
            related = getattr(obj, model_field.name)
            value = str(related) if related is not None else None
        elif model_field.choices:
            value = getattr(obj, f"get_{model_field.name}_display")() or None
        else:
            value = getattr(obj, model_field.attname)
        label = _LABELS.get(model_field.name, str(model_field.verbose_name))
        columns.append((model_field.name, label))
        row[model_field.name] = value
    return columns, row


def _label(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _section(key, title, model, names, rows, extra=()) -> ExportSection:
    columns = [*[(name, _label(model, name)) for name in names], *extra]
    return ExportSection(key=key, title=title, columns=columns, rows=rows)


def _candidate_sections(candidates: list[Candidate], *, prefix: str = "") -> list[ExportSection]:
    """The candidacy and what the IMO recorded about it: participations, meetings, advice,
    decisions, handover and follow-up actions. Never other candidates or residents."""
    ids = [candidate.pk for candidate in candidates]
    sections = []
    columns: list[tuple[str, str]] = []
    rows = []
    for candidate in candidates:
        columns, row = _all_fields(candidate)
        rows.append(row)
    if prefix:
        sections.append(
            ExportSection(
                key="candidacies", title="Kandidaatstelling(en)", columns=columns, rows=rows
            )
        )
    participations = Participation.objects.filter(candidate_id__in=ids)
    sections.append(
        _section(
            "participations",
            "Bijeenkomsten vóór plaatsing",
            Participation,
            ["title", "held_on", "invited_on", "attended"],
            [
                {"title": p.title, "held_on": p.held_on, "invited_on": p.invited_on,
                 "attended": p.attended}
                for p in participations
            ],
        )
    )  # fmt: skip
    meetings = IntakeMeeting.objects.filter(candidates__in=ids).distinct()
    sections.append(
        _section(
            "intake_meetings",
            "Besproken in het instroom- en matchingoverleg",
            IntakeMeeting,
            ["starts_at", "place"],
            [{"starts_at": m.starts_at, "place": m.place} for m in meetings],
        )
    )
    advices = Advice.objects.filter(candidate_id__in=ids).select_related("meeting")
    sections.append(
        _section(
            "advices",
            "Advies van het IMO",
            Advice,
            ["kind", "conditions", "rationale"],
            [
                {"meeting": a.meeting.starts_at, "kind": a.get_kind_display(),
                 "conditions": a.conditions, "rationale": a.rationale}
                for a in advices
            ],
            extra=[("meeting", "Overleg van")],
        )
    )  # fmt: skip
    decisions = AllocationDecision.objects.filter(candidate_id__in=ids)
    sections.append(
        _section(
            "decisions",
            "Besluit van de corporatie",
            AllocationDecision,
            ["kind", "reason", "decided_on", "offer_declined_on", "follows_advice"],
            [
                {"kind": d.get_kind_display(), "reason": d.reason, "decided_on": d.decided_on,
                 "offer_declined_on": d.offer_declined_on, "follows_advice": d.follows_advice}
                for d in decisions
            ],
        )
    )  # fmt: skip
    handovers = Handover.objects.filter(candidate_id__in=ids)
    sections.append(
        _section(
            "handover",
            "Overdracht aan de welkomstcommissie",
            Handover,
            ["handed_over_on", "note"],
            [{"handed_over_on": h.handed_over_on, "note": h.note} for h in handovers],
        )
    )
    follow_ups = FollowUpAction.objects.filter(candidate_id__in=ids)
    sections.append(
        _section(
            "follow_ups",
            "Vervolgacties na intrek",
            FollowUpAction,
            ["description", "due_on", "done_on", "note"],
            [
                {"description": f.description, "due_on": f.due_on, "done_on": f.done_on,
                 "note": f.note}
                for f in follow_ups
            ],
        )
    )  # fmt: skip
    return sections


def _resident_sections(resident: Resident) -> list[ExportSection]:
    stays = TenancyResident.objects.filter(resident=resident).select_related(
        "tenancy__unit__section", "tenancy__unit__community"
    )
    periods = SupportPeriod.objects.filter(resident=resident).select_related("care_organisation")
    contacts = Contact.objects.filter(resident=resident)
    talents = Talent.objects.filter(resident=resident).select_related("tag")
    contributions = OtherContribution.objects.filter(resident=resident)
    activities = (
        Activity.objects.filter(Q(participants=resident) | Q(organisers=resident))
        .select_related("kind")
        .distinct()
        .order_by("starts_at")
    )
    organised = set(resident.organised_activities.values_list("pk", flat=True))
    took_part = set(resident.activities.values_list("pk", flat=True))
    signals = (
        Signal.objects.filter(residents=resident)
        .select_related("unit")
        .prefetch_related("steps")
        .order_by("reported_on")
    )
    candidacies = list(
        Candidate.objects.filter(Q(resident=resident) | Q(existing_resident=resident))
        .select_related("community", "vacancy__unit", "proposed_by", "care_organisation")
        .distinct()
    )
    sections = [
        _section(
            "stays",
            "Bewoning",
            TenancyResident,
            ["start_date", "end_date", "move_out_reason"],
            [
                {"unit": s.tenancy.unit.number, "section": s.tenancy.unit.section.name,
                 "community": s.tenancy.unit.community.name, "start_date": s.start_date,
                 "end_date": s.end_date, "move_out_reason": s.get_move_out_reason_display()}
                for s in stays
            ],
            extra=[("unit", "Eenheid"), ("section", "Deel"), ("community", "Locatie")],
        ),
        _section(
            "support_periods",
            "Begeleiding",
            SupportPeriod,
            ["care_organisation", "start_date", "end_date", "hours_per_week"],
            [
                {"care_organisation": p.care_organisation.name, "start_date": p.start_date,
                 "end_date": p.end_date, "hours_per_week": p.hours_per_week}
                for p in periods
            ],
        ),
        _section(
            "contacts",
            "Contactmomenten",
            Contact,
            ["contacted_on", "kind", "note"],
            [
                {"contacted_on": c.contacted_on, "kind": c.get_kind_display(), "note": c.note}
                for c in contacts
            ],
        ),
        _section(
            "talents",
            "Talenten en vragen",
            Talent,
            ["kind", "tag", "note"],
            [{"kind": t.get_kind_display(), "tag": t.tag.name, "note": t.note} for t in talents],
        ),
        _section(
            "other_contributions",
            "Andere bijdragen",
            OtherContribution,
            ["noted_on", "description"],
            [{"noted_on": c.noted_on, "description": c.description} for c in contributions],
        ),
        _section(
            "activities",
            "Activiteiten",
            Activity,
            ["starts_at", "kind", "title"],
            [
                {"starts_at": a.starts_at, "kind": a.kind.name, "title": a.title,
                 "took_part": a.pk in took_part, "organised": a.pk in organised}
                for a in activities
            ],
            extra=[("took_part", "Deelgenomen"), ("organised", "Mee georganiseerd")],
        ),
        # Signals involving the person: the other residents involved are left out.
        _section(
            "signals",
            "Signalen",
            Signal,
            ["kind", "severity", "reported_on", "reported_by", "description", "unit",
             "closed_on", "outcome"],
            [
                {"kind": s.get_kind_display(), "severity": s.get_severity_display(),
                 "reported_on": s.reported_on, "reported_by": s.reported_by,
                 "description": s.description, "unit": s.unit.number if s.unit else None,
                 "closed_on": s.closed_on, "outcome": s.get_outcome_display() or None,
                 "steps": [
                     {"taken_on": step.taken_on, "description": step.description}
                     for step in s.steps.all()
                 ],
                 "steps_text": "; ".join(
                     f"{display(step.taken_on)}: {step.description}" for step in s.steps.all()
                 )}
                for s in signals
            ],
            extra=[("steps_text", "Genomen stappen")],
        ),
    ]  # fmt: skip
    if candidacies:
        sections.extend(_candidate_sections(candidacies, prefix="resident"))
    return sections


def subject_data(*, subject: Resident | Candidate, fetched_by) -> SubjectData:
    """Everything held about one person, for the inzageverzoek (JSON and PDF)."""
    _require_privacy_officer(fetched_by)
    columns, row = _all_fields(subject)
    person = ExportSection(
        key="person",
        title="Persoonsgegevens",
        columns=columns,
        rows=[row],
        single=True,
    )
    if isinstance(subject, Resident):
        sections = [person, *_resident_sections(subject)]
    else:
        sections = [person, *_candidate_sections([subject])]
    return SubjectData(
        subject_type=subject_type_of(subject),
        subject_id=subject.pk,
        name=f"{subject.first_name} {subject.last_name}",
        community=subject.community.name,
        generated_at=timezone.now(),
        sections=sections,
    )
