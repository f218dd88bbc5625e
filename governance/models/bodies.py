"""Governance bodies (stuurgroep, kerngroep, communityteam, the woonvereniging's ALV), their
members, meetings, agenda, attendance, minutes, numbered decisions and action items."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.constants import (
    DECISION_PREFIX,
    OPEN_ACTION_STATUSES,
    ActionStatus,
    AgendaItemKind,
    Attendance,
    BodyLevel,
    MemberRole,
    MinutesStatus,
    PdfKind,
    PdfStatus,
)


class GovernanceBody(models.Model):
    """A body at one of the three levels. A kerngroep and a communityteam belong to one
    community; a stuurgroep may span several communities of one municipality."""

    level = models.CharField(_("niveau"), max_length=20, choices=BodyLevel.choices)
    name = models.CharField(_("naam"), max_length=200)
    communities = models.ManyToManyField(
        "communities.Community", verbose_name=_("locaties"), related_name="governance_bodies"
    )
    # Cadence: empty means the model's default for the level (governance.cadence).
    meetings_min_override = models.PositiveSmallIntegerField(
        _("minimaal aantal vergaderingen per jaar (afwijkend)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    meetings_max_override = models.PositiveSmallIntegerField(
        _("maximaal aantal vergaderingen per jaar (afwijkend)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    cadence_reason = models.CharField(
        _("reden afwijkende vergaderfrequentie"), max_length=300, blank=True
    )
    quorum_override = models.PositiveSmallIntegerField(
        _("quorum (stemgerechtigden aanwezig)"),
        null=True,
        blank=True,
        help_text=_("Leeg: meer dan de helft van de stemgerechtigde leden."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("overlegorgaan")
        verbose_name_plural = _("overlegorganen")

    def __str__(self):
        return self.name

    @property
    def decision_prefix(self) -> str:
        return DECISION_PREFIX[self.level]


class BodyMember(models.Model):
    """A member of a body: a user, or an outside person without an account."""

    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="body_memberships",
    )
    name = models.CharField(
        _("naam (zonder account)"),
        max_length=200,
        blank=True,
        help_text=_("Alleen voor wie geen account heeft."),
    )
    email = models.EmailField(_("e-mailadres (zonder account)"), blank=True)
    organisation = models.ForeignKey(
        "communities.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="body_members",
    )
    role = models.CharField(
        _("rol"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    votes = models.BooleanField(_("stemgerechtigd"), default=True)
    residents_delegation = models.BooleanField(_("bewonersafvaardiging"), default=False)

    class Meta:
        ordering = ["body", "role", "pk"]
        verbose_name = _("lid van een overlegorgaan")
        verbose_name_plural = _("leden van overlegorganen")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "user"],
                condition=models.Q(user__isnull=False),
                name="one_membership_per_user_and_body",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(name=""),
                name="body_member_user_or_name",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return self.name

    @property
    def contact_email(self) -> str:
        return self.user.email if self.user_id else self.email


class Meeting(models.Model):
    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("begint om"))
    ends_at = models.DateTimeField(_("eindigt om"), null=True, blank=True)
    place = models.CharField(_("plaats"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("vergadering")
        verbose_name_plural = _("vergaderingen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.body} {timezone.localtime(self.starts_at):%d-%m-%Y}"

    @property
    def day(self):
        return timezone.localdate(self.starts_at)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("volgorde"))
    kind = models.CharField(
        _("soort"), max_length=20, choices=AgendaItemKind.choices, default=AgendaItemKind.OTHER
    )
    title = models.CharField(_("titel"), max_length=300)
    owner = models.ForeignKey(
        BodyMember,
        verbose_name=_("inbreng door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    minutes_planned = models.PositiveSmallIntegerField(
        _("minuten"), null=True, blank=True, validators=[MaxValueValidator(480)]
    )
    previous_meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action_item = models.ForeignKey(
        "governance.ActionItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")

    def __str__(self):
        return self.title


class AttendanceRecord(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(BodyMember, on_delete=models.CASCADE, related_name="attendance")
    attendance = models.CharField(_("aanwezigheid"), max_length=20, choices=Attendance.choices)

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_member"),
        ]

    def __str__(self):
        return f"{self.member} – {self.get_attendance_display()}"


class Minutes(models.Model):
    """One version of a meeting's minutes. Drafted, then approved at a later meeting of the same
    body; approved minutes are never changed: a correction is a new version (both are kept)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes_versions")
    version = models.PositiveSmallIntegerField(_("versie"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    general = models.TextField(_("algemeen"), blank=True)
    approved_at = models.ForeignKey(
        Meeting,
        verbose_name=_("vastgesteld in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_approved_here",
    )
    approved_on = models.DateField(_("vastgesteld op"), null=True, blank=True)
    correction_reason = models.CharField(_("reden van de correctie"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "-version"]
        verbose_name = _("notulen")
        verbose_name_plural = _("notulen")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="one_minutes_per_version"),
            # Only one version in draft at a time.
            models.UniqueConstraint(
                fields=["meeting"], condition=models.Q(status="concept"), name="one_draft_minutes"
            ),
        ]

    def __str__(self):
        return f"{self.meeting} v{self.version}"

    @property
    def is_approved(self) -> bool:
        return self.status == MinutesStatus.APPROVED


class MinutesEntry(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="entries")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("agendapunt"), max_length=300)
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("notulen"), blank=True)

    class Meta:
        ordering = ["minutes", "position", "pk"]

    def __str__(self):
        return self.title


class Decision(models.Model):
    """A decision, numbered per body per year (KG-2026-07): see services.decision_record."""

    body = models.ForeignKey(GovernanceBody, on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField()
    title = models.CharField(_("titel"), max_length=300)
    text = models.TextField(_("toelichting"), blank=True)
    action_line = models.ForeignKey(
        "governance.ActionLine",
        verbose_name=_("actielijn"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "number"], name="one_decision_number"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def code(self) -> str:
        return f"{DECISION_PREFIX[self.body.level]}-{self.year}-{self.number:02d}"


class ActionItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_ACTION_STATUSES)

    def overdue(self, on):
        return self.open().filter(due_on__lt=on)


class ActionItem(models.Model):
    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="action_items")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_items"
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("bij besluit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    title = models.CharField(_("actiepunt"), max_length=300)
    owner = models.ForeignKey(
        BodyMember,
        verbose_name=_("eigenaar"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    due_on = models.DateField(_("uiterlijk"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_on = models.DateField(_("afgerond op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("actiepunt")
        verbose_name_plural = _("actiepunten")

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES


class MeetingDocument(models.Model):
    """The stored PDF (agenda or minutes) of a meeting, made by a Celery task."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=PdfKind.choices)
    status = models.CharField(max_length=20, choices=PdfStatus.choices, default=PdfStatus.NONE)
    path = models.CharField(max_length=300, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind"], name="one_document_per_kind"),
        ]

    def __str__(self):
        return f"{self.meeting} {self.kind}"


class ActionReminder(models.Model):
    """The weekly reminder to one person (by e-mail address): at most one per ISO week."""

    email = models.EmailField()
    week_start = models.DateField()
    item_count = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["email", "week_start"], name="one_reminder_per_week"),
        ]

    def __str__(self):
        return f"{self.email} {self.week_start:%d-%m-%Y}"


class CalendarFeedToken(models.Model):
    """The secret in a user's calendar feed URL (a calendar app cannot log in). Renewing
    replaces it, so an old URL stops working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return str(self.user)
