"""Per community: the governance escalation route and code of good governance, the bestuurlijk
akkoord with its action lines, the yearly work plan, the communityteam's monthly report, the
start-of-location readiness checklist with the first-letting plan, and the woonvereniging."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.constants import AssociationKind, BoardRole, BodyLevel, GoalStatus


class GovernanceEscalationStep(models.Model):
    """One step of the governance escalation route: what happens when the communityteam cannot
    solve something or a body fails. Not the signal ladder about residents (communities)."""

    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="governance_escalation_steps",
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    from_level = models.CharField(_("van"), max_length=20, choices=BodyLevel.choices)
    to_level = models.CharField(_("naar"), max_length=20, choices=BodyLevel.choices)
    when = models.CharField(_("wanneer"), max_length=300)
    who_calls = models.CharField(_("wie belt wie"), max_length=300)

    class Meta:
        ordering = ["community", "position", "pk"]
        verbose_name = _("stap governance-escalatieroute")
        verbose_name_plural = _("governance-escalatieroute")

    def __str__(self):
        return f"{self.get_from_level_display()} → {self.get_to_level_display()}"


class GovernanceCode(models.Model):
    """The code of good governance: the partners' agreements on behaviour and roles."""

    community = models.OneToOneField(
        "communities.Community", on_delete=models.CASCADE, related_name="governance_code"
    )
    text = models.TextField(_("code goed bestuur"))
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return str(self.community)


class Agreement(models.Model):
    """The bestuurlijk akkoord of a community."""

    community = models.OneToOneField(
        "communities.Community", on_delete=models.CASCADE, related_name="governance_agreement"
    )
    parties = models.ManyToManyField(
        "communities.Organisation",
        verbose_name=_("partijen"),
        related_name="agreements",
        blank=True,
    )
    signed_on = models.DateField(_("ondertekend op"), null=True, blank=True)
    document = models.CharField(max_length=300, blank=True)  # private storage path
    document_uploaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bestuurlijk akkoord")
        verbose_name_plural = _("bestuurlijke akkoorden")

    def __str__(self):
        return str(self.community)


class ActionLine(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="action_lines")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("actielijn"), max_length=300)

    class Meta:
        ordering = ["agreement", "position", "pk"]
        verbose_name = _("actielijn")
        verbose_name_plural = _("actielijnen")

    def __str__(self):
        return self.title


class WorkPlan(models.Model):
    """The kerngroep's yearly work plan: goals per action line."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="work_plans"
    )
    year = models.PositiveSmallIntegerField(_("jaar"))

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["community", "year"], name="one_work_plan_per_year"),
        ]

    def __str__(self):
        return f"{self.community} {self.year}"


class WorkPlanGoal(models.Model):
    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="goals")
    action_line = models.ForeignKey(
        ActionLine, verbose_name=_("actielijn"), on_delete=models.PROTECT, related_name="goals"
    )
    goal = models.CharField(_("doel"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.PLANNED
    )

    class Meta:
        ordering = ["plan", "action_line__position", "pk"]

    def __str__(self):
        return self.goal


class MonthlyReport(models.Model):
    """The communityteam's monthly report to the kerngroep: drafted from the month's data
    (no names), edited, then sent; stored with the month."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="monthly_reports"
    )
    month = models.DateField(_("maand"))  # the first day of the month
    text = models.TextField(_("rapportage"))
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["community", "month"], name="one_report_per_month"),
        ]

    def __str__(self):
        return f"{self.community} {self.month:%m-%Y}"


class ReadinessItem(models.Model):
    """One of the five randvoorwaarden for the start of a location."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="readiness_items"
    )
    key = models.CharField(max_length=30)
    title = models.CharField(_("randvoorwaarde"), max_length=200)
    owner = models.CharField(_("eigenaar"), max_length=200, blank=True)
    due_on = models.DateField(_("datum"), null=True, blank=True)
    evidence = models.TextField(_("onderbouwing"), blank=True)
    done = models.BooleanField(_("gereed"), default=False)

    class Meta:
        ordering = ["community", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "key"], name="one_readiness_item_per_key"),
        ]

    def __str__(self):
        return self.title


class FirstLettingPlan(models.Model):
    community = models.OneToOneField(
        "communities.Community", on_delete=models.CASCADE, related_name="first_letting_plan"
    )
    units_available_on = models.DateField(_("woningen komen vrij op"), null=True, blank=True)
    supported_units = models.PositiveSmallIntegerField(_("aantal begeleid"), default=0)
    unsupported_units = models.PositiveSmallIntegerField(_("aantal niet-begeleid"), default=0)
    candidate_activities = models.TextField(
        _("kandidaten uitgenodigd voor activiteiten (zes maanden vooraf)"), blank=True
    )

    def __str__(self):
        return str(self.community)


class Association(models.Model):
    """The woonvereniging, or its alternative, of a community."""

    community = models.OneToOneField(
        "communities.Community", on_delete=models.CASCADE, related_name="association"
    )
    kind = models.CharField(_("vorm"), max_length=20, choices=AssociationKind.choices)
    name = models.CharField(_("naam"), max_length=200, blank=True)
    money_held_by = models.CharField(_("geld beheerd door"), max_length=200, blank=True)
    general_meeting = models.OneToOneField(
        "governance.GovernanceBody",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="association",
    )

    def __str__(self):
        return self.name or self.get_kind_display()


class AssociationBoardMember(models.Model):
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="board")
    name = models.CharField(_("naam"), max_length=200)
    role = models.CharField(_("functie"), max_length=20, choices=BoardRole.choices)

    class Meta:
        ordering = ["association", "role", "pk"]

    def __str__(self):
        return self.name
