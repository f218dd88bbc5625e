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
