"""Access rows of the data-subject pages (privacy app): the functioneel beheerder (a staff
account) only. No role in a community opens them: every member and the outsider get 403,
anonymous visitors the login page. tests/test_subject_requests.py checks that staff get 200."""

from tests.access_rows.base import outcome

STAFF_ONLY = outcome(set(), outsider=403)


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
    "privacy_search": (lambda w: {}, STAFF_ONLY),
    "privacy_person": (_resident, STAFF_ONLY),
    "privacy_export_json": (_resident, STAFF_ONLY),
    "privacy_export_pdf": (_resident, STAFF_ONLY),  # POST only; refused before the method check
    "privacy_erase": (_resident, STAFF_ONLY),
    "privacy_export_download": (_export, STAFF_ONLY),
}
