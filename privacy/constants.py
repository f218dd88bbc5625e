"""Choice lists and fixed values of the privacy app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# What an anonymised person's names become. Not translated: it is stored data, and the same word
# tells every later query (and the retention plan) that the name is gone.
ANONYMISED_NAME = "Geanonimiseerd"

# A subject-access PDF holds everything about one person: it is kept this long for the
# functioneel beheerder to hand over, then deleted by the retention run.
EXPORT_KEEP_DAYS = 30

# Fixed audit details (never values: see audit.services._checked_detail).
DETAIL_RETENTION = "bewaartermijn verstreken"
DETAIL_ERASURE = "gewist op verzoek"
DETAIL_EXPORT_JSON = "inzageverzoek: JSON"
DETAIL_EXPORT_PDF = "inzageverzoek: PDF aangevraagd"
DETAIL_DOWNLOAD_PDF = "inzageverzoek: PDF"
DETAIL_EXPORT_EXPIRED = "inzage-export verlopen"
DETAIL_PERSON_PAGE = "inzageverzoek: overzicht"

# The group of privacy officers (made by migration 0002 with the permission below). A staff flag
# alone opens nothing here: only this permission (or a superuser) handles subject requests.
PRIVACY_OFFICER_GROUP = "Privacyfunctionaris"
PERMISSION_CODENAME = "handle_subject_requests"


class SubjectType(models.TextChoices):
    """The kinds of person a data-subject request can be about. The values are URL segments."""

    RESIDENT = "bewoner", _("Bewoner")
    CANDIDATE = "kandidaat", _("Kandidaat")


# The audit trail's names for the same kinds (audit.constants.ObjectType).
AUDIT_OBJECT_TYPE = {SubjectType.RESIDENT: "resident", SubjectType.CANDIDATE: "candidate"}


class ExportStatus(models.TextChoices):
    QUEUED = "wachtrij", _("In de wachtrij")
    RUNNING = "bezig", _("Wordt gemaakt")
    DONE = "klaar", _("Klaar")
    FAILED = "mislukt", _("Mislukt")


class ErasureReason(models.TextChoices):
    """Why a person was erased on request: the category goes into the audit trail, never the
    person's own words."""

    REQUEST = "verzoek", _("Verzoek van de betrokkene (art. 17 AVG)")
    OBJECTION = "bezwaar", _("Bezwaar tegen de verwerking gehonoreerd (art. 21 AVG)")
    NOT_NEEDED = "niet_nodig", _("Gegevens niet meer nodig voor het doel")
    UNLAWFUL = "onrechtmatig", _("Gegevens onrechtmatig verwerkt")
    OTHER = "anders", _("Andere reden")


class SubjectRequestReason(models.TextChoices):
    """Why a person's data are exported: required for every export, and in the audit trail
    with it (the category only, never the person's own words)."""

    ACCESS = "inzage", _("Inzageverzoek van de betrokkene (art. 15 AVG)")
    PORTABILITY = "overdracht", _("Verzoek om overdraagbaarheid (art. 20 AVG)")
    RECTIFICATION = "rectificatie", _("Controle bij een verzoek om rectificatie (art. 16 AVG)")
    REPRESENTATIVE = "vertegenwoordiger", _("Verzoek van een wettelijk vertegenwoordiger")
    AUTHORITY = "toezichthouder", _("Vraag van de Autoriteit Persoonsgegevens of een rechter")


def export_detail(base: str, reason: str) -> str:
    """The fixed audit detail of an export with its reason category."""
    return f"{base}; reden: {SubjectRequestReason(reason).value}"
