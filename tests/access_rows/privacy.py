"""Access rows of the data-subject pages (privacy app): the privacy officer only (the permission
privacy.handle_subject_requests). No role in a community opens them, nor a staff account
without that permission: they get 403, anonymous visitors the login page. The exports are POST
only (they carry the reason of the request): the officer's GET gets 405. The finished PDF of
the row below has no file, hence 404."""

from tests.access_rows.base import outcome

REFUSED = {**outcome(set(), outsider=403), "staf": 403}
OFFICER = {**REFUSED, "privacyfunctionaris": 200}
OFFICER_POST = {**REFUSED, "privacyfunctionaris": 405}
OFFICER_MISSING_FILE = {**REFUSED, "privacyfunctionaris": 404}


def _resident(w):
    return {"kind": "bewoner", "pk": w.residents["anna"].pk}


def _export(w):
    from privacy.constants import ExportStatus
    from privacy.models import SubjectExport

    export = SubjectExport.objects.create(
        subject_type="bewoner",
        subject_id=w.residents["anna"].pk,
        status=ExportStatus.DONE,
        file="privacy/bestaat-niet.pdf",
    )
    return {"pk": export.pk}


ROWS = {
    "privacy_search": (lambda w: {}, OFFICER),
    "privacy_person": (_resident, OFFICER),
    "privacy_export_json": (_resident, OFFICER_POST),  # refused before the method check
    "privacy_export_pdf": (_resident, OFFICER_POST),
    "privacy_erase": (_resident, OFFICER),
    "privacy_export_download": (_export, OFFICER_MISSING_FILE),
}
