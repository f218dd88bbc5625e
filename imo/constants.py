from django.db import models
from django.utils.translation import gettext_lazy as _


class VacancySource(models.TextChoices):
    MOVE_OUT = "vertrek", _("Vertrek van een bewoner")
    ANNOUNCED = "aangekondigd", _("Vooraf aangekondigd")


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ALLOCATED = "toegewezen", _("Toegewezen")
    FILLED = "verhuurd", _("Verhuurd")
    WITHDRAWN = "vervallen", _("Vervallen")


class AgreementAsks(models.TextChoices):
    """What the numeric agreement asks for at a vacancy."""

    SUPPORTED = "begeleid", _("Een begeleide bewoner")
    UNSUPPORTED = "niet_begeleid", _("Een niet-begeleide bewoner")
    EITHER = "beide", _("Beide passen")


class CandidateSource(models.TextChoices):
    WAITING_LIST = "wachtlijst", _("Wachtlijst")
    COOPTATION = "cooptatie", _("Coöptatie door de woonvereniging")
    CARE_ORGANISATION = "zorgaanbieder", _("Voorgedragen door zorgaanbieder")
    MUNICIPAL = "gemeente", _("Directe plaatsing door de gemeente")
    INTERNAL = "doorstroom", _("Doorstroom binnen de locatie")


class CandidateStatus(models.TextChoices):
    REGISTERED = "aangemeld", _("Aangemeld")
    ON_AGENDA = "geagendeerd", _("Op de IMO-agenda")
    ADVISED = "geadviseerd", _("Geadviseerd")
    ALLOCATED = "toegewezen", _("Toegewezen door corporatie")
    NOT_ALLOCATED = "niet_toegewezen", _("Niet toegewezen")
    DECLINED = "afgezien", _("Aanbod afgewezen door kandidaat")
    HANDED_OVER = "overgedragen", _("Overgedragen aan welkomstcommissie")
    MOVED_IN = "ingetrokken", _("Ingetrokken")
    WITHDRAWN = "teruggetrokken", _("Teruggetrokken")


_S = CandidateStatus

# "Ingetrokken" also reads as "withdrawn": lists and the agenda say "Geplaatst". (The stored
# choice label stays, so that no migration is needed for a word.)
STATUS_LABELS = {_S.MOVED_IN: _("Geplaatst")}


def status_label(status: str) -> str:
    """The label a person reads for a candidate status."""
    return str(STATUS_LABELS.get(status) or CandidateStatus(status).label)


# The candidate's way through the process, in one table: each step and the statuses it may start
# from. The services refuse a step from any other status; the pages offer a step's form only in
# these statuses.
CANDIDATE_STEP_FROM: dict[str, tuple[CandidateStatus, ...]] = {
    # A postponed or refused candidate can come back for another vacancy.
    "agenda": (_S.REGISTERED, _S.ON_AGENDA, _S.ADVISED, _S.NOT_ALLOCATED),
    # After the corporation's decision the advice is history.
    "advice": (_S.ON_AGENDA, _S.ADVISED),
    "decision": (_S.ADVISED, _S.DECLINED),
    "offer_declined": (_S.ALLOCATED, _S.HANDED_OVER),
    "handover": (_S.ALLOCATED,),
    "move_in": (_S.HANDED_OVER,),
}
AGENDA_FROM = CANDIDATE_STEP_FROM["agenda"]
ADVICE_FROM = CANDIDATE_STEP_FROM["advice"]
DECISION_FROM = CANDIDATE_STEP_FROM["decision"]
OFFER_DECLINED_FROM = CANDIDATE_STEP_FROM["offer_declined"]
HANDOVER_FROM = CANDIDATE_STEP_FROM["handover"]
MOVE_IN_FROM = CANDIDATE_STEP_FROM["move_in"]

# Groups for the overview: still in the process (shown first, counted on the community page) and
# finished one way or another.
WAITING_STATUSES = (_S.REGISTERED, _S.ON_AGENDA, _S.ADVISED)
DONE_STATUSES = (_S.MOVED_IN, _S.NOT_ALLOCATED, _S.WITHDRAWN)


class Willingness(models.TextChoices):
    HIGH = "hoog", _("Groot")
    MEDIUM = "gemiddeld", _("Gemiddeld")
    LOW = "laag", _("Klein")


class Severity(models.TextChoices):
    LIGHT = "licht", _("Licht")
    MODERATE = "matig", _("Matig")
    SEVERE = "zwaar", _("Zwaar")


class AdviceKind(models.TextChoices):
    POSITIVE = "positief", _("Positief")
    NEGATIVE = "negatief", _("Negatief")
    POSTPONE = "aanhouden", _("Aanhouden")


class DecisionKind(models.TextChoices):
    ALLOCATED = "toegewezen", _("Toegewezen")
    NOT_ALLOCATED = "niet_toegewezen", _("Niet toegewezen")


class Attendance(models.TextChoices):
    UNKNOWN = "onbekend", _("Nog niet bekend")
    PRESENT = "aanwezig", _("Aanwezig")
    EXCUSED = "afgemeld", _("Afgemeld")
    ABSENT = "afwezig", _("Afwezig")


class AttendeeGroup(models.TextChoices):
    ADMISSION_COMMITTEE = "toelatingscommissie", _("Toelatingscommissie")
    COMMUNITY_TEAM = "communityteam", _("Communityteam")


class AgendaStatus(models.TextChoices):
    NONE = "geen", _("Nog niet gemaakt")
    QUEUED = "wachtrij", _("In de wachtrij")
    RUNNING = "bezig", _("Wordt gemaakt")
    DONE = "klaar", _("Klaar")
    FAILED = "mislukt", _("Mislukt")


# The seven fixed points of the model's IMO agenda (seed 001, "IMO samenstelling"), preceded by
# point 0: open points and the minutes of the previous IMO.
AGENDA_POINTS = {
    0: _("Opening, openstaande punten en verslag vorig IMO"),
    1: _("Evenwicht op de locatie en in het deel waar een woning vrijkomt"),
    2: _("Huidige verdeling begeleid / niet-begeleid"),
    3: _("Mutaties afgelopen maand"),
    4: _("Motivatie en bereidheid tot participatie van de kandidaten"),
    5: _("Kenmerk van de kandidaten: begeleid of niet-begeleid"),
    6: _("Advies aan de corporatie en aanvullende afspraken"),
    7: _("Overdracht aan de welkomstcommissie"),
}

CHECK_IN_AFTER_DAYS = (14, 91)  # about two weeks and three months after moving in
