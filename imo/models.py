"""The intake-and-matching meeting (IMO): vacancies, candidates, meetings, advice, the
corporation's decision, the handover and the soft landing afterwards."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from imo.constants import (
    AdviceKind,
    AgendaStatus,
    Attendance,
    AttendeeGroup,
    CandidateSource,
    CandidateStatus,
    DecisionKind,
    Severity,
    VacancySource,
    VacancyStatus,
    Willingness,
)


class Vacancy(models.Model):
    """A unit that comes free on a date, from a move-out or announced ahead."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="vacancies"
    )
    unit = models.ForeignKey(
        "communities.Unit",
        verbose_name=_("eenheid"),
        on_delete=models.PROTECT,
        related_name="vacancies",
    )
    available_from = models.DateField(_("vrij vanaf"))
    source = models.CharField(
        _("aanleiding"),
        max_length=20,
        choices=VacancySource.choices,
        default=VacancySource.ANNOUNCED,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=VacancyStatus.choices, default=VacancyStatus.OPEN
    )
    note = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    filled_on = models.DateField(_("verhuurd op"), null=True, blank=True)

    class Meta:
        ordering = ["available_from", "unit__number"]
        verbose_name = _("vrijkomende woning")
        verbose_name_plural = _("vrijkomende woningen")
        constraints = [
            # One open vacancy per unit at a time.
            models.UniqueConstraint(
                fields=["unit"],
                condition=models.Q(status__in=["open", "toegewezen"]),
                name="one_open_vacancy_per_unit",
            ),
        ]

    def __str__(self):
        return f"{self.unit} ({self.available_from:%d-%m-%Y})"


# The candidate's care details (special-category data), each with its value when cleared: shown
# only to the IMO's professionals with consent, dropped when the candidate is not supported,
# cleared by anonymisation. The form, the agenda and the anonymisation derive from this one list
# (tests/test_imo_care_fields.py fails when a care-like field is missing from it).
CARE_FIELDS: dict[str, object] = {
    "care_organisation": None,
    "support_hours_per_week": None,
    "problem_severity": "",
    "accepts_support": "",
    "fallback_place": "",
    "care_and_housing_agreement": False,
    "special_tenancy_conditions": "",
}


class Candidate(models.Model):
    """A potential newcomer. Fields marked care detail are visible only to the IMO's
    professionals, and only once the candidate's consent is recorded (the list: CARE_FIELDS)."""

    CARE_FIELDS = CARE_FIELDS

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="candidates"
    )
    vacancy = models.ForeignKey(
        Vacancy,
        verbose_name=_("woning"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidates",
    )
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=100)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    source = models.CharField(_("herkomst"), max_length=20, choices=CandidateSource.choices)
    proposed_by = models.ForeignKey(
        "communities.Organisation",
        verbose_name=_("voorgedragen door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposed_candidates",
    )
    existing_resident = models.ForeignKey(
        "communities.Resident",
        verbose_name=_("huidige bewoner (doorstroom)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moves_as_candidate",
    )
    registered_on = models.DateField(_("aangemeld op"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CandidateStatus.choices,
        default=CandidateStatus.REGISTERED,
    )
    supported = models.BooleanField(_("begeleid"), default=False)
    motivation = models.TextField(_("motivatie"), blank=True)
    willingness = models.CharField(
        _("bereidheid tot participatie"), max_length=20, choices=Willingness.choices, blank=True
    )
    # Care details (special-category data): shown only to the IMO's professionals with consent.
    care_organisation = models.ForeignKey(
        "communities.Organisation",
        verbose_name=_("zorgaanbieder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_candidates",
    )
    support_hours_per_week = models.DecimalField(
        _("geïndiceerde uren per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    problem_severity = models.CharField(
        _("zwaarte van de problematiek"), max_length=20, choices=Severity.choices, blank=True
    )
    accepts_support = models.CharField(
        _("bereidheid om ondersteuning te accepteren"),
        max_length=20,
        choices=Willingness.choices,
        blank=True,
    )
    fallback_place = models.TextField(_("passende plek elders als het niet gaat"), blank=True)
    care_and_housing_agreement = models.BooleanField(_("woonzorgovereenkomst"), default=False)
    special_tenancy_conditions = models.TextField(_("bijzondere huurvoorwaarden"), blank=True)
    consent_given_on = models.DateField(_("toestemming gedeeld met IMO op"), null=True, blank=True)
    consent_scope = models.CharField(_("reikwijdte toestemming"), max_length=200, blank=True)
    consent_withdrawn_on = models.DateField(_("toestemming ingetrokken op"), null=True, blank=True)
    resident = models.OneToOneField(
        "communities.Resident",
        verbose_name=_("bewoner na intrek"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intake_candidate",
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["registered_on", "last_name"]
        verbose_name = _("kandidaat")
        verbose_name_plural = _("kandidaten")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(support_hours_per_week__isnull=True)
                | models.Q(support_hours_per_week__gte=0),
                name="candidate_hours_not_negative",
                violation_error_message=_("Het aantal uren kan niet negatief zijn."),
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def has_consent(self) -> bool:
        return self.consent_given_on is not None and self.consent_withdrawn_on is None

    @classmethod
    def care_cleared(cls) -> dict:
        """The care fields with their cleared values (a fresh dict, safe to update)."""
        return dict(CARE_FIELDS)

    @classmethod
    def has_care_details(cls) -> models.Q:
        """Candidates with any care field not in its cleared state."""
        condition = models.Q()
        for name, cleared in CARE_FIELDS.items():
            if cleared is None:
                condition |= models.Q(**{f"{name}__isnull": False})
            else:
                condition |= ~models.Q(**{name: cleared})
        return condition

    def clear_care(self) -> None:
        for name, cleared in CARE_FIELDS.items():
            setattr(self, name, cleared)


class Participation(models.Model):
    """An invitation to an info evening or activity in the six months before placement, and
    whether the candidate came."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="participations"
    )
    title = models.CharField(_("bijeenkomst"), max_length=200)
    held_on = models.DateField(_("datum"))
    invited_on = models.DateField(_("uitgenodigd op"), null=True, blank=True)
    attended = models.BooleanField(_("aanwezig"), null=True)

    class Meta:
        ordering = ["held_on"]
        verbose_name = _("deelname voorafgaand aan plaatsing")
        verbose_name_plural = _("deelnames voorafgaand aan plaatsing")

    def __str__(self):
        return f"{self.title} ({self.held_on:%d-%m-%Y})"


class MeetingSchedule(models.Model):
    """A community's monthly IMO rule, such as "first Tuesday, 14:00"."""

    community = models.OneToOneField(
        "communities.Community", on_delete=models.CASCADE, related_name="imo_schedule"
    )
    nth_weekday = models.SmallIntegerField(
        _("welke week"),
        choices=[
            (1, _("eerste")),
            (2, _("tweede")),
            (3, _("derde")),
            (4, _("vierde")),
            (-1, _("laatste")),
        ],
        default=1,
    )
    weekday = models.SmallIntegerField(
        _("dag"),
        choices=[
            (0, _("maandag")),
            (1, _("dinsdag")),
            (2, _("woensdag")),
            (3, _("donderdag")),
            (4, _("vrijdag")),
        ],
        default=1,
    )
    starts_at = models.TimeField(_("aanvang"), default="14:00")
    place = models.CharField(_("plaats"), max_length=200, default="Ontmoetingsruimte")
    agenda_days_before = models.PositiveSmallIntegerField(
        _("agenda zoveel dagen vooraf versturen"), default=7
    )
    # Co-optation (the woonvereniging proposes candidates) only where the community agreed it
    # with the corporation (seed 001, "Passende mix - hoe komen we daar?").
    cooptation_agreed = models.BooleanField(
        _("coöptatie afgesproken met de corporatie"), default=False
    )

    class Meta:
        verbose_name = _("IMO-ritme")
        verbose_name_plural = _("IMO-ritmes")

    def __str__(self):
        return f"IMO-ritme {self.community}"


class IntakeMeeting(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="intake_meetings"
    )
    starts_at = models.DateTimeField(_("aanvang"))
    place = models.CharField(_("plaats"), max_length=200)
    chair = models.ForeignKey(
        "communities.User",
        verbose_name=_("voorzitter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_intake_meetings",
    )
    previous_minutes_approved = models.BooleanField(
        _("verslag vorig IMO vastgesteld"), default=False
    )
    agenda_status = models.CharField(
        max_length=20, choices=AgendaStatus.choices, default=AgendaStatus.NONE
    )
    agenda_file = models.CharField(max_length=300, blank=True)  # path in private storage
    agenda_generated_at = models.DateTimeField(null=True, blank=True)
    agenda_mailed_at = models.DateTimeField(null=True, blank=True)
    candidates = models.ManyToManyField(Candidate, blank=True, related_name="intake_meetings")

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("instroom- en matchingoverleg")
        verbose_name_plural = _("instroom- en matchingoverleggen")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "starts_at"], name="one_meeting_per_moment"
            ),
        ]

    def __str__(self):
        return f"IMO {self.community} {self.starts_at:%d-%m-%Y}"


class Attendee(models.Model):
    meeting = models.ForeignKey(IntakeMeeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey("communities.User", on_delete=models.CASCADE)
    group = models.CharField(_("groep"), max_length=30, choices=AttendeeGroup.choices)
    attendance = models.CharField(
        _("aanwezigheid"), max_length=20, choices=Attendance.choices, default=Attendance.UNKNOWN
    )

    class Meta:
        ordering = ["group", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendee_once"),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_group_display()})"


class AgendaNote(models.Model):
    """Minutes per agenda point. `version` guards against two people overwriting each other."""

    meeting = models.ForeignKey(IntakeMeeting, on_delete=models.CASCADE, related_name="notes")
    point = models.PositiveSmallIntegerField(_("agendapunt"))
    text = models.TextField(_("verslag"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        "communities.User", on_delete=models.SET_NULL, null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["point"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "point"], name="one_note_per_point"),
            models.CheckConstraint(condition=models.Q(point__lte=7), name="agenda_point_range"),
        ]

    def __str__(self):
        return f"{self.meeting} punt {self.point}"


class Advice(models.Model):
    """The IMO's advice to the corporation on one candidate in one meeting."""

    meeting = models.ForeignKey(IntakeMeeting, on_delete=models.CASCADE, related_name="advices")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="advices")
    kind = models.CharField(_("advies"), max_length=20, choices=AdviceKind.choices)
    conditions = models.TextField(
        _("voorwaarden voor een zachte landing"),
        blank=True,
        help_text=_("Elke regel wordt na intrek een vervolgactie."),
    )
    rationale = models.TextField(_("toelichting"), blank=True)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(
        "communities.User", on_delete=models.SET_NULL, null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("advies")
        verbose_name_plural = _("adviezen")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "candidate"], name="one_advice_per_meeting"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.candidate}"


class AllocationDecision(models.Model):
    """The corporation's formal decision, recorded by a corporation user, apart from the advice."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="decisions")
    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    kind = models.CharField(_("besluit"), max_length=20, choices=DecisionKind.choices)
    reason = models.TextField(_("reden"), blank=True)
    decided_on = models.DateField(_("besloten op"))
    decided_by = models.ForeignKey(
        "communities.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    offer_declined_on = models.DateField(_("aanbod afgewezen op"), null=True, blank=True)
    follows_advice = models.BooleanField(null=True)

    class Meta:
        ordering = ["decided_on"]
        verbose_name = _("besluit corporatie")
        verbose_name_plural = _("besluiten corporatie")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.candidate}"


class Handover(models.Model):
    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="handover")
    handed_over_on = models.DateField(_("overgedragen op"))
    welcome_contact = models.ForeignKey(
        "communities.User",
        verbose_name=_("contactpersoon welkomstcommissie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("afspraken"), blank=True)

    def __str__(self):
        return f"{self.candidate} ({self.handed_over_on:%d-%m-%Y})"


class FollowUpAction(models.Model):
    """A condition the IMO attached (check c), turned into an action with an owner after moving
    in; check-ins after about two weeks and three months are actions too."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="follow_ups")
    description = models.CharField(_("actie"), max_length=300)
    is_check_in = models.BooleanField(_("check-in"), default=False)
    owner = models.ForeignKey(
        "communities.User",
        verbose_name=_("eigenaar"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="imo_follow_ups",
    )
    due_on = models.DateField(_("uiterlijk op"))
    done_on = models.DateField(_("gedaan op"), null=True, blank=True)
    note = models.TextField(_("verslag"), blank=True)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("vervolgactie")
        verbose_name_plural = _("vervolgacties")

    def __str__(self):
        return self.description


class AgendaCopy(models.Model):
    """One stored PDF of a meeting's agenda, with what it holds: whose care details
    (`care_candidates`) and whether it gives reasons for moving out. A copy is served only to a
    viewer entitled to all of that (`imo.access.agenda_copy_for`), whatever today's consent
    says; withdrawing consent or changing care details deletes the copies that hold them
    (issue 9)."""

    meeting = models.ForeignKey(
        IntakeMeeting, on_delete=models.CASCADE, related_name="agenda_copies"
    )
    audience = models.CharField(max_length=20)  # "professional" or "resident" (imo.pdf)
    # A copy made for the begeleiders of one care organisation: care details of its own
    # candidates only, no reasons for moving out. Empty for the full professional copy.
    care_organisation = models.ForeignKey(
        "communities.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    path = models.CharField(max_length=300, unique=True)  # in private storage
    care_candidates = models.ManyToManyField(Candidate, blank=True, related_name="agenda_copies")
    move_reasons = models.BooleanField(default=False)
    generated_at = models.DateTimeField()
    # A digest of the data the agenda shows (imo.selectors.agenda_fingerprint), taken before
    # rendering: when today's digest differs, the meeting page marks the agenda out of date.
    data_fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["meeting", "audience", "pk"]
        verbose_name = _("opgeslagen agenda")
        verbose_name_plural = _("opgeslagen agenda's")

    def __str__(self):
        return self.path
