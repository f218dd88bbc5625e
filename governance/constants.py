"""Choice lists of governance (bodies, meetings, decisions, action items, the start of a
location and the woonvereniging)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyLevel(models.TextChoices):
    """The three levels of the seed's overlegstructuur, plus the woonvereniging's general
    meeting (ALV), recorded like the others."""

    STUURGROEP = "stuurgroep", _("Stuurgroep")
    KERNGROEP = "kerngroep", _("Kerngroep")
    COMMUNITYTEAM = "communityteam", _("Communityteam")
    ALV = "alv", _("Algemene ledenvergadering woonvereniging")


# The prefix of a decision number per level: KG-2026-07.
DECISION_PREFIX = {
    BodyLevel.STUURGROEP: "ST",
    BodyLevel.KERNGROEP: "KG",
    BodyLevel.COMMUNITYTEAM: "CT",
    BodyLevel.ALV: "ALV",
}


class MemberRole(models.TextChoices):
    CHAIR = "voorzitter", _("Voorzitter")
    SECRETARY = "secretaris", _("Secretaris")
    MEMBER = "lid", _("Lid")
    ADVISER = "adviseur", _("Adviseur")


class Attendance(models.TextChoices):
    PRESENT = "aanwezig", _("Aanwezig")
    EXCUSED = "afgemeld", _("Afgemeld")
    ABSENT = "afwezig", _("Afwezig")


class AgendaItemKind(models.TextChoices):
    APPROVE_MINUTES = "notulen", _("Vaststellen notulen vorige vergadering")
    ACTION_ITEM = "actiepunt", _("Openstaand actiepunt")
    OTHER = "overig", _("Agendapunt")


class MinutesStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    APPROVED = "vastgesteld", _("Vastgesteld")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "bezig", _("Bezig")
    DONE = "gedaan", _("Gedaan")
    CANCELLED = "vervallen", _("Vervallen")


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class CadenceStatus(models.TextChoices):
    ON_COURSE = "op_koers", _("Op koers")
    ATTENTION = "aandacht", _("Aandacht")
    ACTION = "actie_nodig", _("Actie nodig")


class PdfKind(models.TextChoices):
    AGENDA = "agenda", _("Agenda")
    MINUTES = "notulen", _("Notulen")


class PdfStatus(models.TextChoices):
    NONE = "geen", _("Nog niet gemaakt")
    QUEUED = "wachtrij", _("In de wachtrij")
    DONE = "klaar", _("Klaar")
    FAILED = "mislukt", _("Mislukt")


# The seed's five action lines ("3. Samenwerking"), the default of every bestuurlijk akkoord.
DEFAULT_ACTION_LINES = (
    "Iedereen hoort erbij",
    "Iedereen draagt bij aan een levendige community",
    "Partijen delen verantwoordelijkheid en gezamenlijk eigenaarschap",
    "Coaching van alle huurders",
    "Iedereen woont prettig in Gemengd Wonen en daaromheen",
)


class GoalStatus(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    ON_COURSE = "op_koers", _("Op koers")
    BEHIND = "achter", _("Loopt achter")
    DONE = "behaald", _("Behaald")


# The seed's five randvoorwaarden for the start of a location ("Gemengd Wonen - de start").
READINESS_CONDITIONS = (
    ("ontmoetingsruimte", "Ontmoetingsruimte(s) beschikbaar"),
    ("structuur", "Governance- en communicatiestructuur staat"),
    ("buurt", "Buurt geïnformeerd en betrokken"),
    ("financiering", "Financiering van beheer en coaching afgesproken"),
    ("afspraken", "Transparante afspraken over instroom, matching en uitstroom"),
)


class AssociationKind(models.TextChoices):
    WOONVERENIGING = "woonvereniging", _("Woonvereniging")
    KLANKBORDGROEP = (
        "klankbordgroep",
        _("Klankbordgroep (geld bij een partner of administratiekantoor)"),
    )
    REGIONAL = "regionaal", _("Regionale vereniging voor meerdere locaties")
    NONE = "geen", _("Nog niets geregeld")


class BoardRole(models.TextChoices):
    CHAIR = "voorzitter", _("Voorzitter")
    TREASURER = "penningmeester", _("Penningmeester")
    SECRETARY = "secretaris", _("Secretaris")
    MEMBER = "lid", _("Bestuurslid")


# A woonvereniging is advisable from about this many residents (DESIGN.md §3).
WOONVERENIGING_ADVICE_RESIDENTS = 40

# Upload limit of the signed akkoord.
AGREEMENT_MAX_BYTES = 10 * 1024 * 1024
