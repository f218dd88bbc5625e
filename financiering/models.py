"""Funding: multi-year agreements, the contributions in them (money per year or hours per week),
one-off contributions, spending against the activities and woonvereniging budgets, and the
record of the monthly horizon e-mail."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from financiering.constants import (
    BUDGET_PURPOSES,
    AgreementKind,
    AgreementStatus,
    MailingStatus,
    OneOffPurpose,
    Purpose,
)
from gemengdwonen.storage import private_storage


def agreement_document_path(instance: FundingAgreement, filename: str) -> str:
    # Never the uploaded name in the path: it is user input. The original name is kept apart.
    return f"financiering/afspraken/{instance.pk or 'nieuw'}/afspraak.pdf"


class FundingAgreement(models.Model):
    """A meerjarenafspraak: for one community, or for several communities of one municipality."""

    municipality = models.ForeignKey(
        "communities.Organisation",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="funding_agreements_in_municipality",
    )
    communities = models.ManyToManyField(
        "communities.Community", verbose_name=_("locaties"), related_name="funding_agreements"
    )
    title = models.CharField(_("titel"), max_length=200)
    parties = models.ManyToManyField(
        "communities.Organisation", verbose_name=_("partijen"), related_name="funding_agreements"
    )
    # The purposes this agreement funds; two agreements for the same community and purpose may
    # not overlap in time (financiering.services).
    purposes = models.JSONField(_("doelen"), default=list)
    kind = models.CharField(_("soort geld"), max_length=20, choices=AgreementKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    start_date = models.DateField(_("ingangsdatum"))
    end_date = models.DateField(_("einddatum"))
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("vervolg op"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
    )
    document = models.FileField(
        _("getekend document (pdf)"),
        storage=private_storage,
        upload_to=agreement_document_path,
        blank=True,
    )
    document_name = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        "communities.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("meerjarenafspraak")
        verbose_name_plural = _("meerjarenafspraken")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="funding_agreement_period_ordered",
                violation_error_message=_("De einddatum ligt vóór de ingangsdatum."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def purpose_labels(self) -> list[str]:
        return [str(Purpose(p).label) for p in self.purposes if p in Purpose.values]


class Contribution(models.Model):
    """What one party puts in for one purpose in one year: money per year or hours per week."""

    agreement = models.ForeignKey(
        FundingAgreement, on_delete=models.CASCADE, related_name="contributions"
    )
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("locatie"),
        on_delete=models.CASCADE,
        related_name="funding_contributions",
    )
    party = models.ForeignKey(
        "communities.Organisation",
        verbose_name=_("partij"),
        on_delete=models.PROTECT,
        related_name="funding_contributions",
    )
    purpose = models.CharField(_("doel"), max_length=30, choices=Purpose.choices)
    year = models.PositiveSmallIntegerField(_("jaar"))
    amount_per_year = models.DecimalField(
        _("bedrag per jaar (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    hours_per_week = models.DecimalField(
        _("uren per week"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        ordering = ["year", "purpose", "party__name"]
        verbose_name = _("bijdrage")
        verbose_name_plural = _("bijdragen")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(amount_per_year__isnull=False, hours_per_week__isnull=True)
                    | models.Q(amount_per_year__isnull=True, hours_per_week__isnull=False)
                ),
                name="contribution_money_or_hours",
                violation_error_message=_("Een bijdrage is in geld of in uren, niet allebei."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount_per_year__gte=0) | models.Q(amount_per_year__isnull=True),
                name="contribution_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_week__gte=0) | models.Q(hours_per_week__isnull=True),
                name="contribution_hours_not_negative",
            ),
            models.UniqueConstraint(
                fields=["agreement", "community", "party", "purpose", "year"],
                name="one_contribution_per_party_purpose_year",
            ),
        ]

    def __str__(self):
        return f"{self.party} – {self.get_purpose_display()} {self.year}"

    @property
    def is_hours(self) -> bool:
        return self.hours_per_week is not None


class OneOffContribution(models.Model):
    """A contribution made once: the furnishing of the meeting room, other start-up costs."""

    agreement = models.ForeignKey(
        FundingAgreement, on_delete=models.CASCADE, related_name="one_off_contributions"
    )
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("locatie"),
        on_delete=models.CASCADE,
        related_name="one_off_contributions",
    )
    party = models.ForeignKey(
        "communities.Organisation",
        verbose_name=_("partij"),
        on_delete=models.PROTECT,
        related_name="one_off_contributions",
    )
    purpose = models.CharField(_("waarvoor"), max_length=20, choices=OneOffPurpose.choices)
    amount = models.DecimalField(
        _("bedrag (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    paid_on = models.DateField(_("datum"))
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)

    class Meta:
        ordering = ["paid_on"]
        verbose_name = _("eenmalige bijdrage")
        verbose_name_plural = _("eenmalige bijdragen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="one_off_amount_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.party} – {self.get_purpose_display()}"


class SpendingLine(models.Model):
    """Money spent from the activities or the woonvereniging budget of a community."""

    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("locatie"),
        on_delete=models.CASCADE,
        related_name="spending_lines",
    )
    budget = models.CharField(
        _("budget"),
        max_length=30,
        choices=[(p.value, p.label) for p in BUDGET_PURPOSES],
    )
    spent_on = models.DateField(_("datum"))
    amount = models.DecimalField(
        _("bedrag (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    description = models.CharField(_("omschrijving"), max_length=300)
    recorded_by = models.ForeignKey(
        "communities.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-spent_on", "-created_at"]
        verbose_name = _("uitgave")
        verbose_name_plural = _("uitgaven")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="spending_amount_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.get_budget_display()} {self.spent_on:%d-%m-%Y}"


class HorizonMailing(models.Model):
    """One monthly horizon e-mail per community: the row is the intent, written before sending,
    so a retried or doubled task never mails twice."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="horizon_mailings"
    )
    month = models.DateField(_("maand"))  # the first day of the month
    status = models.CharField(
        _("status"), max_length=20, choices=MailingStatus.choices, default=MailingStatus.PENDING
    )
    recipients = models.PositiveIntegerField(_("ontvangers"), default=0)
    reason = models.CharField(_("reden"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("maandbericht financiering")
        verbose_name_plural = _("maandberichten financiering")
        constraints = [
            models.UniqueConstraint(fields=["community", "month"], name="one_mailing_per_month"),
        ]

    def __str__(self):
        return f"{self.community} {self.month:%m-%Y}"
