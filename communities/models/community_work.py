"""The coach's community work: activities and participation, outreach contacts, talents and
assets (ABCD), signals with the community's ladder, hours, and safety (drills, contact card)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from communities.constants import (
    ActivityPlace,
    AssetKind,
    ContactCardTopic,
    ContactKind,
    OrganisedBy,
    SignalKind,
    SignalOutcome,
    SignalSeverity,
    TalentKind,
    TimeKind,
)


class ActivityKind(models.Model):
    """The community's own, editable list of activity kinds."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="activity_kinds"
    )
    name = models.CharField(_("naam"), max_length=100)
    active = models.BooleanField(_("in gebruik"), default=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["community", "order", "name"]
        verbose_name = _("soort activiteit")
        verbose_name_plural = _("soorten activiteiten")
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="activity_kind_unique"),
        ]

    def __str__(self):
        return self.name


class Activity(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.ForeignKey(
        ActivityKind, verbose_name=_("soort"), on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField(_("titel"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("datum en tijd"))
    organised_by = models.CharField(
        _("georganiseerd door"),
        max_length=20,
        choices=OrganisedBy.choices,
        default=OrganisedBy.PROFESSIONALS,
    )
    organisers = models.ManyToManyField(
        "communities.Resident",
        verbose_name=_("bewoners die organiseerden"),
        blank=True,
        related_name="organised_activities",
    )
    place = models.CharField(
        _("waar"),
        max_length=20,
        choices=ActivityPlace.choices,
        default=ActivityPlace.MEETING_ROOM,
    )
    participants = models.ManyToManyField(
        "communities.Resident",
        verbose_name=_("deelnemers"),
        blank=True,
        related_name="activities",
    )
    neighbours_count = models.PositiveSmallIntegerField(
        _("buurtbewoners"), default=0, validators=[MaxValueValidator(1000)]
    )
    guests_count = models.PositiveSmallIntegerField(
        _("gasten"), default=0, validators=[MaxValueValidator(1000)]
    )
    coach_hours = models.DecimalField(
        _("uren van de coach"),
        max_digits=4,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    note = models.TextField(_("korte notitie"), blank=True, max_length=2000)
    repeated_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="repeats"
    )
    recorded_by = models.ForeignKey(
        "communities.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        # The list, the panels and the attention rules read a community's activities in a
        # period, newest first (issue 14: EXPLAIN ANALYZE at 50 locations × 10 years).
        indexes = [
            models.Index(fields=["community", "starts_at", "id"], name="activity_community_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(coach_hours__gte=0),
                name="activity_hours_not_negative",
                violation_error_message=_("Het aantal uren kan niet negatief zijn."),
            ),
        ]

    def __str__(self):
        return self.title or str(self.kind)


class OtherContribution(models.Model):
    """A contribution that is not an activity (helping a neighbour): not every contribution is
    visible, and the participation share counts these too."""

    resident = models.ForeignKey(
        "communities.Resident", on_delete=models.CASCADE, related_name="other_contributions"
    )
    noted_on = models.DateField(_("datum"))
    description = models.CharField(_("omschrijving"), max_length=300)
    recorded_by = models.ForeignKey(
        "communities.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-noted_on"]
        verbose_name = _("andere bijdrage")
        verbose_name_plural = _("andere bijdragen")

    def __str__(self):
        return f"{self.resident}: {self.description}"


class Contact(models.Model):
    """An outreach contact with a resident; every contact updates "last reached"."""

    resident = models.ForeignKey(
        "communities.Resident", on_delete=models.CASCADE, related_name="contacts"
    )
    contacted_on = models.DateField(_("datum"))
    kind = models.CharField(_("soort contact"), max_length=20, choices=ContactKind.choices)
    note = models.CharField(_("korte notitie"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        "communities.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contacted_on", "-created_at"]
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        # "Last reached" per resident: the latest contact of each resident in a window.
        indexes = [
            models.Index(fields=["resident", "contacted_on"], name="contact_resident_day"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.contacted_on:%d-%m-%Y}"


class TalentTag(models.Model):
    """A talent or need label: the shared list, plus free tags residents add."""

    name = models.CharField(_("naam"), max_length=80, unique=True)
    shared = models.BooleanField(_("op de gedeelde lijst"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("talent of vraag")
        verbose_name_plural = _("talenten en vragen")

    def __str__(self):
        return self.name


class Talent(models.Model):
    """What a resident offers (aanbod) or would like help with (vraag)."""

    resident = models.ForeignKey(
        "communities.Resident", on_delete=models.CASCADE, related_name="talents"
    )
    kind = models.CharField(_("vraag of aanbod"), max_length=10, choices=TalentKind.choices)
    tag = models.ForeignKey(TalentTag, on_delete=models.PROTECT, related_name="talents")
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("talent / vraag van een bewoner")
        verbose_name_plural = _("talenten / vragen van bewoners")
        constraints = [
            models.UniqueConstraint(fields=["resident", "kind", "tag"], name="talent_unique"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.tag}"


class Asset(models.Model):
    """An asset in the neighbourhood (ABCD): community centre, supermarket, garden, club."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="assets"
    )
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=AssetKind.choices)
    address = models.CharField(_("adres"), max_length=200, blank=True)
    note = models.TextField(_("wat het de bewoners biedt"), blank=True)

    class Meta:
        ordering = ["community", "kind", "name"]
        verbose_name = _("asset in de buurt")
        verbose_name_plural = _("assets in de buurt")

    def __str__(self):
        return self.name


class SignalLadderStep(models.Model):
    """A step of the community's signal ladder (for a resident's situation; the governance
    escalation route is something else, in `governance`)."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="signal_ladder"
    )
    order = models.PositiveSmallIntegerField(_("trede"))
    title = models.CharField(_("stap"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    is_default = models.BooleanField(
        _("standaardtrede"),
        default=False,
        help_text=_("Overgenomen uit de standaardladder; pas hem aan aan uw afspraken."),
    )

    class Meta:
        ordering = ["community", "order"]
        verbose_name = _("trede van de signaalladder")
        verbose_name_plural = _("signaalladder")
        constraints = [
            models.UniqueConstraint(fields=["community", "order"], name="ladder_order_unique"),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


class Signal(models.Model):
    """An early-warning signal about a resident's situation. Personal data: see access.py."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="signals"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=SignalKind.choices)
    severity = models.CharField(
        _("ernst"), max_length=10, choices=SignalSeverity.choices, default=SignalSeverity.MEDIUM
    )
    reported_on = models.DateField(_("gemeld op"))
    reported_by = models.CharField(_("gemeld door"), max_length=200, blank=True)
    residents = models.ManyToManyField(
        "communities.Resident",
        verbose_name=_("betrokken bewoners"),
        blank=True,
        related_name="signals",
    )
    unit = models.ForeignKey(
        "communities.Unit",
        verbose_name=_("eenheid"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signals",
    )
    description = models.TextField(_("wat is er aan de hand"), blank=True)
    current_step = models.ForeignKey(
        SignalLadderStep,
        verbose_name=_("huidige trede"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    outcome = models.CharField(
        _("uitkomst"), max_length=30, choices=SignalOutcome.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        "communities.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_on"]
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        # The signals list and the panels read a community's signals by report date.
        indexes = [
            models.Index(fields=["community", "reported_on"], name="signal_community_reported"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("reported_on")),
                name="signal_closed_after_reported",
                violation_error_message=_("De afsluitdatum ligt vóór de meldingsdatum."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.reported_on:%d-%m-%Y})"


class SignalStep(models.Model):
    """A step taken on a signal, with its date."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="steps")
    ladder_step = models.ForeignKey(
        SignalLadderStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    taken_on = models.DateField(_("datum"))
    description = models.TextField(_("wat is er gedaan"))
    taken_by = models.ForeignKey(
        "communities.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["taken_on", "pk"]
        verbose_name = _("genomen stap")
        verbose_name_plural = _("genomen stappen")

    def __str__(self):
        return f"{self.taken_on:%d-%m-%Y}: {self.description[:40]}"


class TimeEntry(models.Model):
    """Hours a professional spent on the community in one week (week_start is a Monday)."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="time_entries"
    )
    user = models.ForeignKey(
        "communities.User", on_delete=models.PROTECT, related_name="time_entries"
    )
    kind = models.CharField(_("soort uren"), max_length=20, choices=TimeKind.choices)
    week_start = models.DateField(_("week van"))
    hours = models.DecimalField(
        _("uren"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(80)],
    )
    note = models.CharField(_("notitie"), max_length=300, blank=True)

    class Meta:
        ordering = ["-week_start"]
        verbose_name = _("urenregistratie")
        verbose_name_plural = _("urenregistraties")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user", "kind", "week_start"], name="one_entry_per_week"
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0) & models.Q(hours__lte=80),
                name="time_entry_hours_in_range",
                violation_error_message=_("Vul een aantal uren tussen 0 en 80 in."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.week_start:%d-%m-%Y}: {self.hours}"


class FireDrill(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="fire_drills"
    )
    held_on = models.DateField(_("gehouden op"))
    note = models.TextField(_("verslag"), blank=True)
    recorded_by = models.ForeignKey(
        "communities.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("ontruimingsoefening")
        verbose_name_plural = _("ontruimingsoefeningen")

    def __str__(self):
        return f"{self.held_on:%d-%m-%Y}"


class ContactCardEntry(models.Model):
    """Who to go to for what, including outside office hours: visible to everyone in the
    community, residents included."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="contact_card"
    )
    topic = models.CharField(_("waarvoor"), max_length=20, choices=ContactCardTopic.choices)
    name = models.CharField(_("wie"), max_length=200)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    hours = models.CharField(_("bereikbaar"), max_length=200, blank=True)
    outside_office_hours = models.BooleanField(_("ook buiten kantoortijd"), default=False)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["community", "order", "topic"]
        verbose_name = _("regel van de contactkaart")
        verbose_name_plural = _("contactkaart")

    def __str__(self):
        return f"{self.get_topic_display()}: {self.name}"
