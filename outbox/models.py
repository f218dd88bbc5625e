"""The two tables of the outbox: jobs waiting to be handed to Celery, and outgoing e-mail.

A job names a Celery task and its keyword arguments (plain JSON: ids, never personal data).
A mail holds one message to one address until it is sent; its text is cleared once sent, and a
mail that finally failed stays, with the reason, for the functioneel beheerder (Django admin).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outbox.constants import JobStatus, MailStatus


class Job(models.Model):
    task = models.CharField(_("taak"), max_length=200)
    kwargs = models.JSONField(_("argumenten"), default=dict, blank=True)
    # What the job is about, e.g. "imo.agenda:12": lets a page say "this is waiting".
    key = models.CharField(_("onderwerp"), max_length=200, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.WAITING
    )
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    last_error = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("laatste poging"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("doorgegeven op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("achtergrondtaak")
        verbose_name_plural = _("achtergrondtaken")
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_job_status_idx")]

    def __str__(self):
        return f"{self.task} {self.key or self.kwargs} ({self.get_status_display()})"


class Mail(models.Model):
    to = models.CharField(_("aan"), max_length=254)
    subject = models.CharField(_("onderwerp"), max_length=300)
    body = models.TextField(_("tekst"), blank=True)
    # What kind of mail this is ("imo.agenda", "imo.uitnodiging"): the list shows it.
    purpose = models.CharField(_("soort"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MailStatus.choices, default=MailStatus.WAITING
    )
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    reason = models.TextField(_("reden"), blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("laatste poging"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_mail_status_idx")]

    def __str__(self):
        return f"{self.to}: {self.subject} ({self.get_status_display()})"
