"""Choice lists of the monitor."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """A compass, not a verdict: "aandacht", never blame."""

    ON_COURSE = "op_koers", _("Op koers")
    ATTENTION = "aandacht", _("Aandacht")
    ACTION = "actie_nodig", _("Actie nodig")
    NO_DATA = "geen_gegevens", _("Nog geen gegevens")


# Worst first: an ingredient takes the status of its worst indicator that has data.
STATUS_SEVERITY = {
    Status.ACTION: 3,
    Status.ATTENTION: 2,
    Status.ON_COURSE: 1,
    Status.NO_DATA: 0,
}

STATUS_CSS = {
    Status.ON_COURSE: "text-bg-success",
    Status.ATTENTION: "text-bg-warning",
    Status.ACTION: "text-bg-danger",
    Status.NO_DATA: "text-bg-secondary",
}


class Ingredient(models.TextChoices):
    """The model's seven ingredients (seed 001), plus the residents' own view as an eighth row."""

    COMMUNITY = "community", _("1. Bouw van de community")
    MIX = "mix", _("2. Passende mix")
    COOPERATION = "samenwerking", _("3. Samenwerking")
    MEETING = "ontmoeting", _("4. Ontmoeting")
    MANAGEMENT = "beheer", _("5. Intensief beheer")
    BUILDING = "gebouw", _("6. Gebouw en omgeving")
    FUNDING = "financiering", _("7. Financiering")
    EXPERIENCE = "ervaring", _("Hoe bewoners het ervaren")


class SurveyFactor(models.TextChoices):
    """The decisive factors for success from the residents' view (seed 001)."""

    COMMUNITY_FEELING = "gemeenschap", _("Gemeenschapsgevoel")
    NEIGHBOURHOOD = "buurt", _("Tevredenheid met de buurt")
    SAFETY = "veiligheid", _("Gevoel van veiligheid")
    ACCEPTANCE = "acceptatie", _("Acceptatie van kwetsbaarheid")
    OTHER = "anders", _("Anders")


SHORT_LABELS = {
    Ingredient.COMMUNITY: _("1. Community"),
    Ingredient.MIX: _("2. Mix"),
    Ingredient.COOPERATION: _("3. Samenwerking"),
    Ingredient.MEETING: _("4. Ontmoeting"),
    Ingredient.MANAGEMENT: _("5. Beheer"),
    Ingredient.BUILDING: _("6. Gebouw"),
    Ingredient.FUNDING: _("7. Financiering"),
    Ingredient.EXPERIENCE: _("Ervaring bewoners"),
}

# The default statements of a new survey (5–8 statements on a 1–5 scale, one open question).
DEFAULT_STATEMENTS = [
    (SurveyFactor.COMMUNITY_FEELING, "Ik voel me thuis tussen mijn buren."),
    (SurveyFactor.COMMUNITY_FEELING, "Ik heb het afgelopen jaar samen met buren iets gedaan "
                                     "of beleefd."),
    (SurveyFactor.NEIGHBOURHOOD, "Ik woon met plezier in deze buurt."),
    (SurveyFactor.SAFETY, "Ik voel me veilig in en rond het gebouw."),
    (SurveyFactor.ACCEPTANCE, "Bewoners accepteren elkaar zoals ze zijn, ook als iemand het "
                              "moeilijk heeft."),
    (SurveyFactor.ACCEPTANCE, "Als ik hulp nodig heb, kan ik bij een buur terecht."),
]  # fmt: skip
DEFAULT_OPEN_QUESTION = "Wat zou het wonen hier nog beter maken?"
MIN_STATEMENTS = 5
MAX_STATEMENTS = 8
SCALE = (1, 2, 3, 4, 5)
SCALE_LABELS = {
    1: _("helemaal oneens"),
    2: _("oneens"),
    3: _("neutraal"),
    4: _("eens"),
    5: _("helemaal eens"),
}
# Results per community only from this many answers on (anonymity).
MIN_RESPONSES = 5
MAX_TOKENS_PER_BATCH = 300
