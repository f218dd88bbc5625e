"""The one table of the privacy app: subject-access PDFs being made or ready for download.

The person is referred to by type and id only (like the audit trail), so that erasing or
anonymising the person leaves nothing here that names them; the PDF itself is deleted on
erasure and after EXPORT_KEEP_DAYS.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from privacy.constants import ExportStatus, SubjectRequestReason, SubjectType


class SubjectExport(models.Model):
    subject_type = models.CharField(_("soort persoon"), max_length=20, choices=SubjectType.choices)
    subject_id = models.PositiveBigIntegerField(_("id van de persoon"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    reason = models.CharField(
        _("reden van het verzoek"),
        max_length=20,
        choices=SubjectRequestReason.choices,
        default=SubjectRequestReason.ACCESS,
    )
    file = models.CharField(max_length=300, blank=True)  # path in private storage
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("inzage-export")
        verbose_name_plural = _("inzage-exports")
        # The privacy officer's right (group "Privacyfunctionaris"): every /privacy/ page.
        permissions = [
            ("handle_subject_requests", _("Mag privacyverzoeken afhandelen (inzage, wissen)")),
        ]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="privacy_export_subject_idx"),
        ]

    def __str__(self):
        return f"{self.get_subject_type_display()} #{self.subject_id} ({self.get_status_display()})"

    @property
    def job_key(self) -> str:
        """What the outbox calls the rendering of this export (to show that it waits)."""
        return f"privacy.export:{self.pk}"
