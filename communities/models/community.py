from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from communities.constants import MixTarget, OrganisationKind, PriceClass


class Community(models.Model):
    """A Gemengd Wonen location."""

    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("korte naam"), max_length=80, unique=True)
    municipality = models.ForeignKey(
        "communities.Organisation",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="communities_in_municipality",
        limit_choices_to={"kind": OrganisationKind.GEMEENTE},
    )
    corporation = models.ForeignKey(
        "communities.Organisation",
        verbose_name=_("woningcorporatie"),
        on_delete=models.PROTECT,
        related_name="communities_owned",
        limit_choices_to={"kind": OrganisationKind.CORPORATIE},
    )
    partners = models.ManyToManyField(
        "communities.Organisation",
        verbose_name=_("partnerorganisaties"),
        related_name="partner_in",
        blank=True,
    )
    address = models.CharField(_("adres"), max_length=200, blank=True)
    start_date = models.DateField(_("startdatum (ontwikkeling)"))
    residents_moved_in_on = models.DateField(
        _("bewoners ingetrokken op"),
        null=True,
        blank=True,
        help_text=_("Leeg zolang de locatie in ontwikkeling is."),
    )
    mix_target = models.CharField(
        _("streefmix"), max_length=3, choices=MixTarget.choices, default=MixTarget.ONE_THIRD
    )
    mix_target_reason = models.TextField(
        _("reden voor afwijkende streefmix"),
        blank=True,
        help_text=_("Verplicht bij 50/50 voor een locatie van meer dan 60 eenheden."),
    )
    band_on_course_pp = models.DecimalField(
        _("marge 'op koers' (procentpunt)"), max_digits=4, decimal_places=1, default=Decimal("5")
    )
    band_attention_pp = models.DecimalField(
        _("marge 'aandacht' (procentpunt)"), max_digits=4, decimal_places=1, default=Decimal("10")
    )
    outreach_after_weeks = models.PositiveSmallIntegerField(
        _("bewoners niet bereikt na (weken)"), default=6
    )
    signal_overdue_days = models.PositiveSmallIntegerField(
        _("open signaal vraagt aandacht na (dagen)"), default=30
    )
    fire_drill_interval_months = models.PositiveSmallIntegerField(
        _("ontruimingsoefening elke (maanden)"), default=12
    )
    evacuation_plan = models.TextField(_("vluchtplan"), blank=True)
    # Norms of the model (DESIGN.md §3) this location overrides; every override needs a reason
    # (enforced by `communities.hours.services.norms_override_save`).
    coach_hours_override_low = models.DecimalField(
        _("afwijkende norm communitycoach: minimaal (uur per week)"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(80)],
    )
    coach_hours_override_high = models.DecimalField(
        _("afwijkende norm communitycoach: maximaal (uur per week)"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(80)],
    )
    care_share_percent = models.DecimalField(
        _("aandeel geïndiceerde uren voor de community (%)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("10"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    management_hours_per_fte = models.DecimalField(
        _("uren per week in 1 fte"),
        max_digits=3,
        decimal_places=1,
        default=Decimal("36"),
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    norms_override_reason = models.TextField(_("reden voor afwijkende normen"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(band_on_course_pp__gte=0)
                & models.Q(band_attention_pp__gte=models.F("band_on_course_pp")),
                name="community_bands_ordered",
                violation_error_message=_(
                    "De marge voor 'aandacht' moet minstens zo groot zijn als die voor 'op koers'."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(coach_hours_override_low__isnull=True)
                | models.Q(coach_hours_override_high__isnull=True)
                | models.Q(coach_hours_override_low__lte=models.F("coach_hours_override_high")),
                name="community_coach_override_ordered",
                violation_error_message=_(
                    "Het minimum van de afwijkende coachnorm mag niet hoger zijn dan het maximum."
                ),
            ),
        ]

    def __str__(self):
        return self.name


class Section(models.Model):
    """A part of the location (wing, gallery, stairwell): the IMO weighs the balance per section."""

    community = models.ForeignKey(
        Community, verbose_name=_("locatie"), on_delete=models.CASCADE, related_name="sections"
    )
    name = models.CharField(_("naam"), max_length=100)

    class Meta:
        ordering = ["community", "name"]
        verbose_name = _("deel van de locatie")
        verbose_name_plural = _("delen van de locatie")
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="section_name_unique"),
        ]

    def __str__(self):
        return self.name


class Unit(models.Model):
    community = models.ForeignKey(
        Community, verbose_name=_("locatie"), on_delete=models.CASCADE, related_name="units"
    )
    section = models.ForeignKey(
        Section, verbose_name=_("deel"), on_delete=models.PROTECT, related_name="units"
    )
    number = models.CharField(_("nummer"), max_length=20)
    rooms = models.PositiveSmallIntegerField(
        _("kamers"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    size_m2 = models.PositiveSmallIntegerField(_("oppervlakte (m²)"), null=True, blank=True)
    price_class = models.CharField(
        _("prijsklasse"), max_length=20, choices=PriceClass.choices, default=PriceClass.SOCIALE_HUUR
    )

    class Meta:
        ordering = ["community", "number"]
        verbose_name = _("wooneenheid")
        verbose_name_plural = _("wooneenheden")
        constraints = [
            models.UniqueConstraint(fields=["community", "number"], name="unit_number_unique"),
            models.CheckConstraint(
                condition=models.Q(rooms__gte=1),
                name="unit_rooms_positive",
                violation_error_message=_("Een eenheid heeft minstens één kamer."),
            ),
        ]

    def __str__(self):
        return self.number


class PilotLightDecision(models.Model):
    """The kerngroep's recorded decision to go to (or back from) the pilot light after year 3.
    The latest decision on or before a date is in force."""

    community = models.ForeignKey(
        Community,
        verbose_name=_("locatie"),
        on_delete=models.CASCADE,
        related_name="pilot_light_decisions",
    )
    decided_on = models.DateField(_("besloten op"))
    active = models.BooleanField(_("waakvlam aan"))
    reason = models.TextField(_("toelichting"))
    decided_by = models.ForeignKey(
        "communities.User",
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["community", "decided_on", "created_at"]
        verbose_name = _("besluit waakvlam")
        verbose_name_plural = _("besluiten waakvlam")

    def __str__(self):
        return f"{self.community}: {self.decided_on}"
