"""Writes of the privacy app: anonymisation (by the retention run and on request), the
subject-access PDF, and erasure.

Anonymising keeps every row that a count or a history is built from: the resident row, stays,
support periods (dates, hours, care organisation), activity participation, other contributions
(dated, without description), signals (kind, severity, unit, dates, outcome), contacts (dated,
without note), candidacies (status, source, supported yes/no, dates). Only what identifies or
describes the person goes: names, contact details, free text, care details of candidates,
talents. So the mix, participation shares and eviction counts of a past month are the same
before and after.

Every function takes ids, re-selects inside its transaction only the rows that still hold
personal data (locked with SELECT ... FOR UPDATE on PostgreSQL), changes them with bulk updates
and writes one audit event per person or object. It returns the ids it changed: run twice, the
second run changes and audits nothing.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from audit import services as audit
from audit.actors import system_actor
from audit.constants import Action
from communities.models import (
    Community,
    Contact,
    OtherContribution,
    Resident,
    Signal,
    SignalStep,
    Talent,
)
from gemengdwonen.storage import private_storage, save_private_file
from imo.models import (
    Advice,
    AgendaCopy,
    AllocationDecision,
    Candidate,
    FollowUpAction,
    Handover,
)
from imo.services_agenda import agenda_copies_delete
from outbox.services import job_enqueue
from privacy import selectors
from privacy.constants import (
    ANONYMISED_NAME,
    AUDIT_OBJECT_TYPE,
    DETAIL_ERASURE,
    DETAIL_EXPORT_EXPIRED,
    DETAIL_RETENTION,
    ErasureReason,
    ExportStatus,
    SubjectRequestReason,
)
from privacy.models import SubjectExport

logger = logging.getLogger(__name__)

# Ids per statement: keeps `IN (...)` lists well under SQLite's variable limit.
CHUNK = 500

RETENTION_ACTOR = system_actor("privacy.retention_run")


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _audit_each(rows, *, object_type, user, request, detail, action=Action.ANONYMISE) -> None:
    """One event per object: a bulk update must still name every record it changed."""
    communities = Community.objects.in_bulk({community_id for _, community_id in rows})
    for pk, community_id in rows:
        audit.record(
            user=user,
            action=action,
            object_type=object_type,
            object_id=pk,
            community=communities.get(community_id),
            detail=detail,
            request=request,
        )


def candidates_anonymise(
    *, candidate_ids: Iterable[int], user=None, request=None, detail: str = DETAIL_RETENTION
) -> list[int]:
    """Clear names, contact details, motivation and care details; keep status, source,
    supported yes/no, willingness, consent dates (not the scope), participation titles and the
    kinds of advice and decision (their free text goes). The version goes up, so a form opened
    before the anonymisation cannot write the old data back."""
    done: list[int] = []
    with transaction.atomic():
        for ids in _chunks(candidate_ids):
            rows = list(
                Candidate.objects.select_for_update()
                .filter(pk__in=ids)
                .filter(selectors.candidate_has_personal_data())
                .order_by("pk")
                .values_list("pk", "community_id")
            )
            changed = [pk for pk, _ in rows]
            if not changed:
                continue
            Candidate.objects.filter(pk__in=changed).update(
                first_name=ANONYMISED_NAME,
                last_name=ANONYMISED_NAME,
                email="",
                phone="",
                motivation="",
                **Candidate.care_cleared(),
                consent_scope="",
                version=F("version") + 1,
            )
            Advice.objects.filter(candidate_id__in=changed).exclude(
                conditions="", rationale=""
            ).update(conditions="", rationale="")
            AllocationDecision.objects.filter(candidate_id__in=changed).exclude(reason="").update(
                reason=""
            )
            Handover.objects.filter(candidate_id__in=changed).exclude(note="").update(note="")
            FollowUpAction.objects.filter(candidate_id__in=changed).exclude(note="").update(note="")
            # Stored agenda PDFs that hold their care details go too (issue 9).
            agenda_copies_delete(AgendaCopy.objects.filter(care_candidates__in=changed).distinct())
            _audit_each(rows, object_type="candidate", user=user, request=request, detail=detail)
            done.extend(changed)
    return done


def residents_anonymise(
    *, resident_ids: Iterable[int], user=None, request=None, detail: str = DETAIL_RETENTION
) -> list[int]:
    """Names become "Geanonimiseerd"; date of birth, e-mail, phone and approach preference are
    cleared, contact notes and descriptions of other contributions emptied, talents deleted.
    The candidacy that brought the resident in (or a move within the location) is anonymised
    too. Stays, support periods and participation stay: the counts do not change."""
    done: list[int] = []
    with transaction.atomic():
        for ids in _chunks(resident_ids):
            rows = list(
                Resident.objects.select_for_update()
                .filter(pk__in=ids)
                .filter(selectors.resident_has_personal_data())
                .order_by("pk")
                .values_list("pk", "community_id")
            )
            changed = [pk for pk, _ in rows]
            if not changed:
                continue
            Resident.objects.filter(pk__in=changed).update(
                first_name=ANONYMISED_NAME,
                last_name=ANONYMISED_NAME,
                date_of_birth=None,
                email="",
                phone="",
                approach_preference="",
            )
            Contact.objects.filter(resident_id__in=changed).exclude(note="").update(note="")
            Talent.objects.filter(resident_id__in=changed).delete()
            OtherContribution.objects.filter(resident_id__in=changed).exclude(
                description=""
            ).update(description="")
            candidacies = Candidate.objects.filter(
                Q(resident_id__in=changed) | Q(existing_resident_id__in=changed)
            ).values_list("pk", flat=True)
            candidates_anonymise(
                candidate_ids=list(candidacies), user=user, request=request, detail=detail
            )
            _audit_each(rows, object_type="resident", user=user, request=request, detail=detail)
            done.extend(changed)
    return done


def signals_anonymise(
    *, signal_ids: Iterable[int], user=None, request=None, detail: str = DETAIL_RETENTION
) -> list[int]:
    """Clear the description, who reported it, the steps' descriptions and the residents
    involved. Kind, severity, unit, dates, current step and outcome stay, so the counts per kind
    and of evictions prevented do not change."""
    done: list[int] = []
    with transaction.atomic():
        for ids in _chunks(signal_ids):
            rows = list(
                Signal.objects.select_for_update()
                .filter(pk__in=ids)
                .filter(selectors.signal_has_personal_data())
                .order_by("pk")
                .values_list("pk", "community_id")
            )
            changed = [pk for pk, _ in rows]
            if not changed:
                continue
            Signal.objects.filter(pk__in=changed).update(description="", reported_by="")
            SignalStep.objects.filter(signal_id__in=changed).exclude(description="").update(
                description=""
            )
            Signal.residents.through.objects.filter(signal_id__in=changed).delete()
            _audit_each(rows, object_type="signal", user=user, request=request, detail=detail)
            done.extend(changed)
    return done


def contact_notes_clear(
    *, contact_ids: Iterable[int], user=None, request=None, detail: str = DETAIL_RETENTION
) -> list[int]:
    """Empty the notes; the contact and its date stay, so "last reached" still works."""
    done: list[int] = []
    with transaction.atomic():
        for ids in _chunks(contact_ids):
            rows = list(
                Contact.objects.select_for_update()
                .filter(pk__in=ids)
                .exclude(note="")
                .order_by("pk")
                .values_list("pk", "resident__community_id")
            )
            changed = [pk for pk, _ in rows]
            if not changed:
                continue
            Contact.objects.filter(pk__in=changed).update(note="")
            _audit_each(rows, object_type="contact", user=user, request=request, detail=detail)
            done.extend(changed)
    return done


def exports_delete(
    *, export_ids: Iterable[int], user=None, request=None, detail: str = DETAIL_EXPORT_EXPIRED
) -> list[int]:
    """Delete subject-access PDFs (rows and files). The files go after the commit, so a
    rolled-back transaction never loses a file whose row is still there."""
    done: list[int] = []
    with transaction.atomic():
        for ids in _chunks(export_ids):
            exports = list(SubjectExport.objects.select_for_update().filter(pk__in=ids))
            if not exports:
                continue
            files = [export.file for export in exports if export.file]
            SubjectExport.objects.filter(pk__in=[export.pk for export in exports]).delete()
            for export in exports:
                audit.record(
                    user=user,
                    action=Action.DELETE,
                    object_type="subject_export",
                    object_id=export.pk,
                    detail=detail,
                    request=request,
                )
            transaction.on_commit(lambda files=files: _delete_files(files))
            done.extend(export.pk for export in exports)
    return done


def _delete_files(names: list[str]) -> None:
    storage = private_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # already gone, or a permission problem: the next run does not retry
            logger.warning("privacy: could not delete export file %s", name)


@dataclass(frozen=True)
class RetentionResult:
    """What a run did: the ids per kind, in the same shape as `selectors.RetentionPlan`."""

    today: datetime.date
    residents: tuple[int, ...] = ()
    candidates: tuple[int, ...] = ()
    signals: tuple[int, ...] = ()
    contact_notes: tuple[int, ...] = ()
    exports: tuple[int, ...] = ()

    def counts(self) -> dict[str, int]:
        return {kind: len(getattr(self, kind)) for kind in selectors.RetentionPlan.KINDS}


def retention_run(*, today: datetime.date | None = None, user=None) -> RetentionResult:
    """Anonymise everything past its retention period (the plan of `selectors.retention_plan`)
    in one transaction: all or nothing."""
    # The beat task runs without a person: the trail names the job.
    user = user or RETENTION_ACTOR
    today = today or timezone.localdate()
    with transaction.atomic():
        plan = selectors.retention_plan(today=today)
        return RetentionResult(
            today=today,
            residents=tuple(residents_anonymise(resident_ids=plan.residents, user=user)),
            candidates=tuple(candidates_anonymise(candidate_ids=plan.candidates, user=user)),
            signals=tuple(signals_anonymise(signal_ids=plan.signals, user=user)),
            contact_notes=tuple(contact_notes_clear(contact_ids=plan.contact_notes, user=user)),
            exports=tuple(exports_delete(export_ids=plan.exports, user=user)),
        )


# --- data-subject requests ---------------------------------------------------------------------


def subject_erase(*, subject: Resident | Candidate, reason: str, user, request=None) -> None:
    """Erase a person on request: anonymise them at once with the retention functions, delete
    their subject-access PDFs, and record the erasure with its reason category (never the
    person's data). For a resident, closed signals involving them are anonymised too; open
    signals stay until they are closed (they are needed for the help still under way) and then
    follow the signal retention period."""
    if reason not in ErasureReason.values:
        raise ValueError(f"Unknown erasure reason: {reason!r}")
    subject_type = selectors.subject_type_of(subject)
    with transaction.atomic():
        if isinstance(subject, Resident):
            residents_anonymise(
                resident_ids=[subject.pk], user=user, request=request, detail=DETAIL_ERASURE
            )
            closed_signals = Signal.objects.filter(
                residents=subject, closed_on__isnull=False
            ).values_list("pk", flat=True)
            signals_anonymise(
                signal_ids=list(closed_signals), user=user, request=request, detail=DETAIL_ERASURE
            )
        else:
            candidates_anonymise(
                candidate_ids=[subject.pk], user=user, request=request, detail=DETAIL_ERASURE
            )
        exports = SubjectExport.objects.filter(subject_type=subject_type, subject_id=subject.pk)
        exports_delete(
            export_ids=list(exports.values_list("pk", flat=True)),
            user=user,
            request=request,
            detail=DETAIL_ERASURE,
        )
        audit.record(
            user=user,
            action=Action.ERASE,
            object_type=AUDIT_OBJECT_TYPE[subject_type],
            object_id=subject.pk,
            community=subject.community,
            detail=f"reden: {reason}",
            request=request,
        )


@transaction.atomic
def subject_export_request(*, subject: Resident | Candidate, user, reason: str) -> SubjectExport:
    """Record a request for a readable PDF of everything held about `subject`, and its
    rendering (`privacy.tasks.subject_export_pdf`) in the outbox, in one transaction: the outbox
    hands it to Celery after the commit, or later when the broker is down. The caller audits
    the request. `reason` is a SubjectRequestReason."""
    export = SubjectExport.objects.create(
        subject_type=selectors.subject_type_of(subject),
        subject_id=subject.pk,
        requested_by=user,
        reason=SubjectRequestReason(reason),
    )
    job_enqueue(
        task="privacy.tasks.subject_export_pdf",
        kwargs={"export_id": export.pk},
        key=export.job_key,
    )
    return export


def subject_export_render(*, export_id: int) -> SubjectExport | None:
    """Render the PDF of one export and store it privately. Safe to run twice: a finished
    export is left alone; an export whose person or row is gone does nothing."""
    from gemengdwonen.pdf import render_to_pdf

    claimed = (
        SubjectExport.objects.filter(pk=export_id)
        .exclude(status=ExportStatus.DONE)
        .update(status=ExportStatus.RUNNING)
    )
    if not claimed:
        return None
    export = SubjectExport.objects.select_related("requested_by").get(pk=export_id)
    model = selectors.SUBJECT_MODELS[export.subject_type]
    subject = model.objects.select_related("community").filter(pk=export.subject_id).first()
    if subject is None or export.requested_by is None or not export.requested_by.is_staff:
        SubjectExport.objects.filter(pk=export_id).update(status=ExportStatus.FAILED)
        return None
    try:
        data = selectors.subject_data(subject=subject, fetched_by=export.requested_by)
        document = render_to_pdf(
            "privacy/subject_export_pdf.html",
            {"data": data, "title": "Overzicht van vastgelegde gegevens"},
        )
        # The file name carries ids, not the person's name.
        name = save_private_file(
            f"privacy/inzage-{export.subject_type}-{export.subject_id}-{export.pk}.pdf", document
        )
    except Exception:
        SubjectExport.objects.filter(pk=export_id).update(status=ExportStatus.FAILED)
        raise
    SubjectExport.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(
        status=ExportStatus.DONE, file=name, finished_at=timezone.now()
    )
    export.refresh_from_db()
    return export
