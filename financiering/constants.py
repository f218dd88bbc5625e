"""Choice lists of funding (DESIGN.md §2: meerjarenafspraak, bijdrage in geld of uren)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementKind(models.TextChoices):
    PROJECT = "project", _("Projectgeld")
    REGULAR = "regulier", _("Regulier geld")


class AgreementStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    SIGNED = "getekend", _("Getekend")
    ENDED = "beeindigd", _("Beëindigd")


class Purpose(models.TextChoices):
    """The cost elements of the model (seed 001, ingrediënt 7)."""

    COACH = "coach", _("Communitycoach")
    SOCIAL_MANAGEMENT = "sociaal_beheer", _("Sociaal beheer")
    LOCATION_MANAGEMENT = "locatiebeheer", _("Locatiebeheer")
    MEETING_ROOM = "ontmoetingsruimte", _("Ontmoetingsruimte en kantoor")
    CARE_HOURS = "community_uren_zorg", _("Community-uren zorgorganisaties (10%)")
    BRIDGE = "brugfunctie", _("Brugfunctie naar de buurt (sociaal-cultureel werk)")
    ACTIVITIES_BUDGET = "activiteitenbudget", _("Budget activiteiten")
    ASSOCIATION_BUDGET = "budget_woonvereniging", _("Budget woonvereniging")
    OTHER = "overig", _("Overig")


# The purposes without which the community cannot go on: the horizon is the shortest of these.
# Beheer is sociaal beheer and locatiebeheer together (DESIGN.md §3).
MANAGEMENT_PURPOSES = (Purpose.SOCIAL_MANAGEMENT, Purpose.LOCATION_MANAGEMENT)
BUDGET_PURPOSES = (Purpose.ACTIVITIES_BUDGET, Purpose.ASSOCIATION_BUDGET)


class EssentialPurpose(models.TextChoices):
    COACH = "coach", _("Communitycoach")
    MANAGEMENT = "beheer", _("Beheer (sociaal en fysiek)")
    CARE_HOURS = "zorg", _("Community-uren zorgorganisaties")


ESSENTIAL_PURPOSES: dict[str, tuple[str, ...]] = {
    EssentialPurpose.COACH: (Purpose.COACH,),
    EssentialPurpose.MANAGEMENT: MANAGEMENT_PURPOSES,
    EssentialPurpose.CARE_HOURS: (Purpose.CARE_HOURS,),
}


class ContributionUnit(models.TextChoices):
    MONEY = "geld", _("Geld (€ per jaar)")
    HOURS = "uren", _("Uren (per week)")


class OneOffPurpose(models.TextChoices):
    FURNISHING = "inrichting", _("Inrichting ontmoetingsruimte")
    START_UP = "opstart", _("Andere opstartkosten")
    OTHER = "overig", _("Overig")


class MailingStatus(models.TextChoices):
    SENT = "verstuurd", _("Verstuurd")
    SKIPPED = "overgeslagen", _("Overgeslagen")
    PENDING = "wacht", _("Wacht op verzending")


class WarningKind(models.TextChoices):
    ENDS_WITHOUT_SUCCESSOR = "einde_zonder_opvolger", _("Afspraak loopt af zonder opvolger")
    PROJECT_WITHOUT_REGULAR = "project_zonder_regulier", _("Projectgeld zonder reguliere opvolging")
    HORIZON_SHORT = "horizon_kort", _("Financiering korter dan 5 jaar zeker")
    PARTNER_WITHOUT_CONTRIBUTION = "partner_zonder_bijdrage", _("Partner draagt niets bij")


# The signed document: PDF only, at most this many bytes.
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
