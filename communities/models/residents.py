"""Residents, their support periods and their tenancies.

Every period is half-open: it runs from `start_date` up to, not including, `end_date` (the day
of moving out or of the end of support). An empty `end_date` means "still running". On
PostgreSQL an exclusion constraint (migration 0002) also forbids overlapping periods; the unique
constraints on the open period below hold on every database.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from communities.constants import MoveOutReason, OrganisationKind, SupportRequestStatus


class ActiveOnQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(start_date__lte=day).filter(
            models.Q(end_date__isnull=True) | models.Q(end_date__gt=day)
        )


def period_constraints(prefix: str) -> list:
    return [
        models.CheckConstraint(
            condition=models.Q(end_date__isnull=True)
            | models.Q(end_date__gte=models.F("start_date")),
            name=f"{prefix}_end_not_before_start",
            violation_error_message=_("De einddatum ligt vóór de startdatum."),
        ),
    ]


class Resident(models.Model):
    """A person living (or having lived) at the location. Several residents may share a unit."""

    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("locatie"),
        on_delete=models.PROTECT,
        related_name="residents",
    )
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=100)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    approach_preference = models.CharField(
        _("hoe benaderen"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: liever niet aan de deur, liever een berichtje."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("bewoner")
        verbose_name_plural = _("bewoners")

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class SupportPeriod(models.Model):
    """A resident is begeleid while a support period is active. Support can end while the person
    stays: the mix counts support on the date in question."""

    resident = models.ForeignKey(
        Resident,
        verbose_name=_("bewoner"),
        on_delete=models.CASCADE,
        related_name="support_periods",
    )
    care_organisation = models.ForeignKey(
        "communities.Organisation",
        verbose_name=_("zorgaanbieder"),
        on_delete=models.PROTECT,
        related_name="support_periods",
        limit_choices_to={"kind": OrganisationKind.ZORGAANBIEDER},
    )
    start_date = models.DateField(_("begeleid vanaf"))
    end_date = models.DateField(_("begeleid tot"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("geïndiceerde uren per week"), max_digits=4, decimal_places=1
    )

    objects = ActiveOnQuerySet.as_manager()

    class Meta:
        ordering = ["resident", "start_date"]
        verbose_name = _("begeleidingsperiode")
        verbose_name_plural = _("begeleidingsperiodes")
        constraints = [
            *period_constraints("support"),
            models.CheckConstraint(
                condition=models.Q(hours_per_week__gte=0) & models.Q(hours_per_week__lte=60),
                name="support_hours_in_range",
                violation_error_message=_("Vul een aantal uren tussen 0 en 60 in."),
            ),
            models.UniqueConstraint(
                fields=["resident"],
                condition=models.Q(end_date__isnull=True),
                name="one_open_support_per_resident",
            ),
        ]

    def __str__(self):
        return f"{self.resident} ({self.start_date}–{self.end_date or ''})"


class SupportRequest(models.Model):
    """A begeleider's "begeleiding starten" for a resident who is not yet a client of their care
    organisation. It is no support period: nothing (mix, signals, hours, figures) counts it
    until the sociaal beheerder of the community or a coordinator of the care organisation
    confirms it, which creates the period (issue 9: a begeleider cannot make anyone their
    client alone)."""

    resident = models.ForeignKey(
        Resident,
        verbose_name=_("bewoner"),
        on_delete=models.CASCADE,
        related_name="support_requests",
    )
    care_organisation = models.ForeignKey(
        "communities.Organisation",
        verbose_name=_("zorgaanbieder"),
        on_delete=models.PROTECT,
        related_name="support_requests",
    )
    start_date = models.DateField(_("begeleid vanaf"))
    hours_per_week = models.DecimalField(
        _("geïndiceerde uren per week"), max_digits=4, decimal_places=1
    )
    requested_by = models.ForeignKey(
        "communities.User",
        verbose_name=_("aangevraagd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SupportRequestStatus.choices,
        default=SupportRequestStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        "communities.User",
        verbose_name=_("besloten door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    support_period = models.OneToOneField(
        SupportPeriod,
        verbose_name=_("begeleidingsperiode"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="request",
    )

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("verzoek om begeleiding te starten")
        verbose_name_plural = _("verzoeken om begeleiding te starten")
        permissions = [
            (
                "confirm_support_request",
                _("Kan nieuwe cliënten van de eigen zorgaanbieder bevestigen (coördinator)"),
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "care_organisation"],
                condition=models.Q(status="open"),
                name="one_open_support_request",
            ),
        ]

    def __str__(self):
        return f"{self.resident} ({self.care_organisation})"


class Tenancy(models.Model):
    """A unit let from a start to an end date, to one or more residents (TenancyResident)."""

    unit = models.ForeignKey(
        "communities.Unit",
        verbose_name=_("wooneenheid"),
        on_delete=models.PROTECT,
        related_name="tenancies",
    )
    start_date = models.DateField(_("ingangsdatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    end_reason = models.CharField(
        _("reden vertrek"), max_length=20, choices=MoveOutReason.choices, blank=True
    )
    residents = models.ManyToManyField(
        Resident, through="communities.TenancyResident", related_name="tenancies"
    )

    objects = ActiveOnQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "start_date"]
        verbose_name = _("huurperiode")
        verbose_name_plural = _("huurperiodes")
        constraints = [
            *period_constraints("tenancy"),
            models.UniqueConstraint(
                fields=["unit"],
                condition=models.Q(end_date__isnull=True),
                name="one_open_tenancy_per_unit",
            ),
        ]

    def __str__(self):
        return f"{self.unit} ({self.start_date}–{self.end_date or ''})"


class TenancyResident(models.Model):
    """One resident's stay under a tenancy: moves in and out are derived from these rows."""

    tenancy = models.ForeignKey(
        Tenancy, verbose_name=_("huurperiode"), on_delete=models.CASCADE, related_name="occupants"
    )
    resident = models.ForeignKey(
        Resident, verbose_name=_("bewoner"), on_delete=models.CASCADE, related_name="stays"
    )
    start_date = models.DateField(_("ingetrokken op"))
    end_date = models.DateField(_("vertrokken op"), null=True, blank=True)
    move_out_reason = models.CharField(
        _("reden vertrek"), max_length=20, choices=MoveOutReason.choices, blank=True
    )

    objects = ActiveOnQuerySet.as_manager()

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("bewoning")
        verbose_name_plural = _("bewoningen")
        constraints = [
            *period_constraints("stay"),
            models.UniqueConstraint(
                fields=["resident"],
                condition=models.Q(end_date__isnull=True),
                name="one_open_stay_per_resident",
            ),
        ]

    def __str__(self):
        return f"{self.resident} in {self.tenancy.unit}"
