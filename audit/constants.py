"""Choice lists of the audit trail."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("Bekeken")
    DENY = "deny", _("Geweigerd")  # a 403/404 on a page with personal data
    CREATE = "create", _("Aangemaakt")
    CHANGE = "change", _("Gewijzigd")
    DELETE = "delete", _("Verwijderd")
    EXPORT = "export", _("Geëxporteerd")
    DOWNLOAD = "download", _("Gedownload")
    IMPORT = "import", _("Geïmporteerd")
    ERASE = "erase", _("Gewist (op verzoek)")
    ANONYMISE = "anonymise", _("Geanonimiseerd")


class ObjectType(models.TextChoices):
    """The kinds of record the trail names. Not stored as field choices: an app that audits a new
    kind of record adds it here without a migration; unknown values are shown as they are."""

    RESIDENT = "resident", _("Bewoner")
    CANDIDATE = "candidate", _("Kandidaat")
    SIGNAL = "signal", _("Signaal")
    REPORT = "report", _("Rapportage")
    UNIT = "unit", _("Eenheid")
    SUPPORT_PERIOD = "support_period", _("Begeleidingsperiode")
    TENANCY = "tenancy", _("Huurperiode")
    COMMUNITY = "community", _("Locatie")
    CONTACT = "contact", _("Contact")
    USER = "user", _("Gebruiker")
    SUPPORT_REQUEST = "support_request", _("Verzoek om begeleiding")
    TALENT = "talent", _("Talent")
    PARTICIPATION = "participation", _("Uitnodiging")
    AGENDA_NOTE = "agenda_note", _("Verslag IMO")
    PAGE = "page", _("Pagina")
    # Governance
    MEETING = "meeting", _("Vergadering (overleg)")
    GOVERNANCE_MEETING = "governance_meeting", _("Agenda of notulen (PDF)")
    MINUTES = "minutes", _("Notulen")
    DECISION = "decision", _("Besluit")
    ACTION_ITEM = "action_item", _("Actiepunt")
    AGREEMENT = "agreement", _("Bestuurlijk akkoord")
    MONTHLY_REPORT = "monthly_report", _("Maandrapportage")
    WELCOME_HANDOVERS = "welcome_handovers", _("Overdrachten welkomstcommissie")


def object_type_label(value: str) -> str:
    try:
        return str(ObjectType(value).label)
    except ValueError:
        return value
