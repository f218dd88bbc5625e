"""The annual report: one per community (or stuurgroep) and year, its stored versions, and the
requests to make it.

- `AnnualReport` names the report and is the row that is locked while a version renders: two
  requests for the same report never render at once (`reports.services.report_generate`).
- `ReportDraft` holds what the kerngroep writes for it (foreword and conclusions), saved as a
  draft until a version is made.
- `ReportVersion` is one stored PDF with its content hash, requester and date. A new version is
  made only when the content changed; the text it was made with is kept with it.
- `ReportRequest` is one click (or the January run): its status (in de wachtrij, bezig, klaar,
  mislukt with a readable reason) is what the page polls.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reports.constants import RequestStatus

TEXT_MAX_LENGTH = 6000


class AnnualReport(models.Model):
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("locatie"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="annual_reports",
    )
    body = models.ForeignKey(
        "governance.GovernanceBody",
        verbose_name=_("stuurgroep"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField(_("jaar"))

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("jaarverslag")
        verbose_name_plural = _("jaarverslagen")
        constraints = [
            models.CheckConstraint(
                condition=(Q(community__isnull=False) & Q(body__isnull=True))
                | (Q(community__isnull=True) & Q(body__isnull=False)),
                name="report_for_community_or_body",
            ),
            models.UniqueConstraint(
                fields=["community", "year"],
                condition=Q(community__isnull=False),
                name="one_report_per_community_year",
            ),
            models.UniqueConstraint(
                fields=["body", "year"],
                condition=Q(body__isnull=False),
                name="one_report_per_body_year",
            ),
        ]

    def __str__(self):
        return f"{self.community or self.body} {self.year}"

    @property
    def scope_name(self) -> str:
        return str(self.community.name if self.community_id else self.body.name)

    @property
    def key(self) -> str:
        """Names the report in file paths and outbox keys."""
        if self.community_id:
            return f"community-{self.community_id}-{self.year}"
        return f"body-{self.body_id}-{self.year}"


class ReportDraft(models.Model):
    """The foreword and conclusions the kerngroep writes before a version is made, saved as a
    draft. Apart from the report row, which stays locked while a version renders: saving a
    draft never waits for a rendering."""

    report = models.OneToOneField(AnnualReport, on_delete=models.CASCADE, related_name="draft")
    foreword = models.TextField(_("voorwoord"), blank=True, max_length=TEXT_MAX_LENGTH)
    conclusions = models.TextField(_("conclusies"), blank=True, max_length=TEXT_MAX_LENGTH)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("concepttekst van een jaarverslag")
        verbose_name_plural = _("concepttekst van jaarverslagen")

    def __str__(self):
        return str(self.report)


class ReportVersion(models.Model):
    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    file = models.CharField(_("bestand"), max_length=300)
    content_hash = models.CharField(_("inhoudshash"), max_length=64)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    foreword = models.TextField(_("voorwoord"), blank=True)
    conclusions = models.TextField(_("conclusies"), blank=True)
    pages = models.PositiveIntegerField(_("pagina's"), default=0)
    size = models.PositiveIntegerField(_("grootte (bytes)"), default=0)

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("versie van een jaarverslag")
        verbose_name_plural = _("versies van jaarverslagen")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_number"),
            models.UniqueConstraint(fields=["report", "content_hash"], name="report_version_hash"),
        ]

    def __str__(self):
        return f"{self.report} v{self.number}"


class ReportRequest(models.Model):
    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="requests")
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.QUEUED
    )
    reason = models.CharField(_("reden"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leeg: de jaarlijkse run in januari."),
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    started_at = models.DateTimeField(_("begonnen op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    version = models.ForeignKey(
        ReportVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    new_version = models.BooleanField(_("nieuwe versie"), default=False)

    class Meta:
        ordering = ["report", "-requested_at", "-pk"]
        verbose_name = _("aanvraag van een jaarverslag")
        verbose_name_plural = _("aanvragen van jaarverslagen")

    def __str__(self):
        return f"{self.report} #{self.pk} ({self.status})"
