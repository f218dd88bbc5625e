"""Choice lists of the core domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    CORPORATIE = "corporatie", _("Woningcorporatie")
    ZORGAANBIEDER = "zorgaanbieder", _("Zorgaanbieder")
    WELZIJN = "welzijn", _("Welzijnsorganisatie")
    WOONVERENIGING = "woonvereniging", _("Woonvereniging")
    OVERIG = "overig", _("Overig")


class Role(models.TextChoices):
    COMMUNITYCOACH = "communitycoach", _("Communitycoach")
    SOCIAAL_BEHEERDER = "sociaal_beheerder", _("Sociaal beheerder")
    LOCATIEBEHEERDER = "locatiebeheerder", _("Locatiebeheerder")
    BEGELEIDER = "begeleider", _("Begeleider")
    BEWONERSAFVAARDIGING = "bewonersafvaardiging", _("Bewonersafvaardiging")
    WELZIJN = "welzijn", _("Welzijn / buurtwerk")
    GEMEENTE = "gemeente", _("Gemeente")
    STUURGROEP = "stuurgroep", _("Stuurgroep")


class PriceClass(models.TextChoices):
    SOCIALE_HUUR = "sociale_huur", _("Sociale huur")
    MIDDENHUUR = "middenhuur", _("Middenhuur")
    KOOP = "koop", _("Koop")


class SupportRequestStatus(models.TextChoices):
    PENDING = "open", _("Wacht op bevestiging")
    CONFIRMED = "bevestigd", _("Bevestigd")
    REFUSED = "afgewezen", _("Afgewezen")


class MoveOutReason(models.TextChoices):
    DOORSTROOM = "doorstroom", _("Doorstroom binnen de locatie")
    ELSEWHERE = "elders", _("Verhuisd naar elders")
    CARE_SETTING = "zorgsetting", _("Naar een zorgsetting")
    EVICTION = "huisuitzetting", _("Huisuitzetting")
    DECEASED = "overleden", _("Overleden")
    OTHER = "anders", _("Anders")


class MixTarget(models.TextChoices):
    ONE_THIRD = "1/3", _("1/3 begeleid, 2/3 niet-begeleid")
    HALF = "1/2", _("1/2 begeleid, 1/2 niet-begeleid")


class MixStatus(models.TextChoices):
    ON_COURSE = "op_koers", _("Op koers")
    ATTENTION = "aandacht", _("Aandacht")
    ACTION = "actie_nodig", _("Actie nodig")
    NO_RESIDENTS = "geen_bewoners", _("Geen bewoners")


class Phase(models.TextChoices):
    DEVELOPMENT = "ontwikkeling", _("Ontwikkelfase")
    YEAR_1 = "jaar_1", _("Jaar 1")
    YEAR_2 = "jaar_2", _("Jaar 2")
    YEAR_3 = "jaar_3", _("Jaar 3")
    LATER = "na_jaar_3", _("Na jaar 3")
    PILOT_LIGHT = "waakvlam", _("Waakvlam")


# Communities up to about 60 units may agree 50/50 without a recorded reason (DESIGN.md §3).
HALF_TARGET_MAX_UNITS = 60
# From 100 units the coach role is permanent: no pilot light (DESIGN.md §3).
PILOT_LIGHT_MAX_UNITS = 99
# Counts below this are shown as "< 5" to gemeente and stuurgroep (DESIGN.md §6).
SMALL_COUNT_THRESHOLD = 5


class OrganisedBy(models.TextChoices):
    RESIDENTS = "bewoners", _("Bewoners")
    PROFESSIONALS = "professionals", _("Professionals")
    BOTH = "samen", _("Bewoners en professionals samen")


class ActivityPlace(models.TextChoices):
    MEETING_ROOM = "ontmoetingsruimte", _("Ontmoetingsruimte van de locatie")
    NEIGHBOURHOOD = "buurt", _("In de buurt")
    ELSEWHERE = "elders", _("Elders")


# The default list of activity kinds; each community edits its own copy.
DEFAULT_ACTIVITY_KINDS = [
    "Koffiemoment",
    "Gezamenlijke lunch",
    "Spelletjesavond",
    "Voorlichting",
    "Buurtactiviteit",
    "Schoonmaakactie",
    "ALV",
    "Welkomstactiviteit",
    "Anders",
]


class ContactKind(models.TextChoices):
    AT_THE_DOOR = "deur", _("Aan de deur")
    MEETING_ROOM = "ontmoetingsruimte", _("In de ontmoetingsruimte")
    PHONE = "telefoon", _("Telefonisch")
    AT_ACTIVITY = "activiteit", _("Bij een activiteit")
    OTHER = "anders", _("Anders")


class TalentKind(models.TextChoices):
    OFFER = "aanbod", _("Aanbod: kan helpen met")
    REQUEST = "vraag", _("Vraag: zoekt hulp bij")


class AssetKind(models.TextChoices):
    COMMUNITY_CENTRE = "buurthuis", _("Buurthuis / ontmoetingsplek")
    SHOP = "winkel", _("Winkel / supermarkt")
    GREEN = "groen", _("Tuin / park")
    ASSOCIATION = "vereniging", _("Vereniging / club")
    SERVICE = "voorziening", _("Voorziening (bibliotheek, huisarts, …)")
    OTHER = "anders", _("Anders")


class SignalKind(models.TextChoices):
    NUISANCE = "overlast", _("Overlast")
    LONELINESS = "eenzaamheid", _("Eenzaamheid")
    DEBTS = "schulden", _("Schulden")
    NEGLECT = "vervuiling", _("Vervuiling")
    CONFLICT = "conflict", _("Conflict tussen bewoners")
    EVICTION_THREAT = "huisuitzetting", _("Dreigende huisuitzetting")
    CARE_AVOIDANCE = "zorgmijding", _("Zorgmijding")
    SAFETY = "veiligheid", _("Veiligheid")
    OTHER = "anders", _("Anders")


class SignalSeverity(models.TextChoices):
    LOW = "laag", _("Laag")
    MEDIUM = "midden", _("Midden")
    HIGH = "hoog", _("Hoog")
    ACUTE = "acuut", _("Acuut")


class SignalOutcome(models.TextChoices):
    RESOLVED = "opgelost", _("Opgelost")
    REFERRED = "doorverwezen", _("Doorverwezen")
    EVICTION_PREVENTED = "uitzetting_voorkomen", _("Huisuitzetting voorkomen")
    EVICTION = "uitzetting", _("Huisuitzetting niet voorkomen")
    MOVED = "verhuisd", _("Bewoner verhuisd")
    OTHER = "anders", _("Anders")


# A default ladder to adapt: the model requires one but gives no steps (seed 001, ingrediënt 1).
DEFAULT_SIGNAL_LADDER = [
    ("Gesprek door coach of beheerder", "Een eerste, open gesprek met de bewoner(s)."),
    ("Bespreken in het communityteam", "Samen afspreken wie wat doet."),
    ("Inschakelen zorgaanbieder", "De begeleider of zorgorganisatie neemt het op."),
    ("Corporatie / juridische stappen", "Huurrecht, gedragsaanwijzing of andere formele stappen."),
]


class TimeKind(models.TextChoices):
    COACH = "coach", _("Communitycoach")
    CARE = "begeleiding", _("Begeleiders (community-uren)")
    MANAGEMENT = "beheer", _("Beheer (sociaal en fysiek)")


class ContactCardTopic(models.TextChoices):
    EMERGENCY = "nood", _("Nood: 112")
    REPAIRS = "reparaties", _("Reparaties en onderhoud")
    NUISANCE = "overlast", _("Overlast")
    SUPPORT = "ondersteuning", _("Ondersteuning en zorg")
    COACH = "coach", _("Communitycoach")
    POLICE = "wijkagent", _("Wijkagent")
    OTHER = "anders", _("Anders")
