"""The monitor's own data: the thresholds a community changed (with their reasons), the monthly
KPI snapshots the trends read, and the residents' yearly survey.

The survey is anonymous by construction: a response has no link to the token that opened it,
no user, no unit and no time; the token only knows the day it was used."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from monitor.constants import SurveyFactor


class NormOverride(models.Model):
    """A community's own value for one of the scorecard's thresholds, with its reason. Rows are
    never changed: the latest row per community and norm is in force, the earlier ones are its
    history."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="monitor_norms"
    )
    norm = models.CharField(_("norm"), max_length=40)
    low = models.DecimalField(_("ondergrens"), max_digits=7, decimal_places=1)
    high = models.DecimalField(_("bovengrens"), max_digits=7, decimal_places=1)
    reason = models.TextField(_("reden"), blank=True, max_length=1000)
    recorded_by = models.ForeignKey(
        "communities.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["community", "norm", "-recorded_at", "-pk"]
        verbose_name = _("afwijkende norm")
        verbose_name_plural = _("afwijkende normen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(low__lte=models.F("high")),
                name="norm_override_ordered",
                violation_error_message=_("De ondergrens mag niet hoger zijn dan de bovengrens."),
            ),
        ]

    def __str__(self):
        return f"{self.community}: {self.norm}"


class KpiSnapshot(models.Model):
    """The figures of one community for one month, as they stood at the end of that month.
    One per community per month: taking it again replaces it."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="kpi_snapshots"
    )
    month = models.DateField(_("maand"), help_text=_("De eerste dag van de maand."))
    as_of = models.DateField(_("stand per"))
    data = models.JSONField(_("cijfers"), default=dict)
    taken_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["community", "month"]
        verbose_name = _("maandstand")
        verbose_name_plural = _("maandstanden")
        constraints = [
            models.UniqueConstraint(fields=["community", "month"], name="one_snapshot_per_month"),
        ]

    def __str__(self):
        return f"{self.community} {self.month:%m-%Y}"


class Survey(models.Model):
    """The yearly survey of one community on the decisive factors."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="surveys"
    )
    year = models.PositiveSmallIntegerField(
        _("jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    open_question = models.CharField(_("open vraag"), max_length=300)
    is_open = models.BooleanField(_("open voor antwoorden"), default=True)
    created_by = models.ForeignKey(
        "communities.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["community", "-year"]
        verbose_name = _("bewonersenquête")
        verbose_name_plural = _("bewonersenquêtes")
        constraints = [
            models.UniqueConstraint(fields=["community", "year"], name="one_survey_per_year"),
        ]

    def __str__(self):
        return f"{self.community} {self.year}"


class SurveyStatement(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="statements")
    order = models.PositiveSmallIntegerField(_("volgorde"))
    factor = models.CharField(_("factor"), max_length=20, choices=SurveyFactor.choices)
    text = models.CharField(_("stelling"), max_length=300)

    class Meta:
        ordering = ["survey", "order"]
        verbose_name = _("stelling")
        verbose_name_plural = _("stellingen")
        constraints = [
            models.UniqueConstraint(fields=["survey", "order"], name="statement_order_unique"),
        ]

    def __str__(self):
        return self.text


class SurveyToken(models.Model):
    """One answer per token. Only the token's hash is stored: the link is shown once, when the
    coach makes the batch, and a copy of the database cannot answer in someone's name."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    used_on = models.DateField(_("gebruikt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("enquêtelink")
        verbose_name_plural = _("enquêtelinks")

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class SurveyResponse(models.Model):
    """An anonymous response: no token, no user, no time."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    open_answer = models.TextField(_("antwoord op de open vraag"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("antwoord op de enquête")
        verbose_name_plural = _("antwoorden op de enquête")

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(SurveyStatement, on_delete=models.CASCADE, related_name="answers")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "statement"], name="one_score_per_statement"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1) & models.Q(score__lte=5),
                name="survey_score_1_to_5",
                violation_error_message=_("Kies een score van 1 tot en met 5."),
            ),
        ]

    def __str__(self):
        return str(self.score)
