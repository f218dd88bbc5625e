"""One row per read, change, export or download of personal data (NEN 7513).

Append-only for the application: an event can be written, never changed or deleted, except by
the retention purge (`AuditEventManager._purge_before`, called only from
`audit.services.purge_expired`). On PostgreSQL a trigger enforces the same in the database
(migration 0002), so raw SQL and other programs are held to it too.

What a row holds, and what it deliberately does not:
- the record is named by type and id only, never by name: the trail is kept for years, and a
  name kept here would outlive the anonymisation of the resident or candidate it belongs to.
  The functioneel beheerder finds "who looked at resident 123" by searching for the id shown on
  the resident's page;
- `detail` is a short fixed description written by the developer at the call site (e.g.
  "intrek"), never user input or field values, so no care data ends up in the trail;
- `username` is a copy, so the trail still says who it was after the user is deleted.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils.translation import gettext_lazy as _

from audit.constants import Action, object_type_label


class AppendOnlyError(Exception):
    """Raised when application code tries to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The audit trail is append-only: events cannot be updated.")

    def delete(self):
        raise AppendOnlyError(
            "The audit trail is append-only: events are removed only by the retention purge."
        )


class AuditEventManager(models.Manager.from_queryset(AuditEventQuerySet)):
    def _purge_before(self, cutoff: datetime.datetime, *, using: str = DEFAULT_DB_ALIAS) -> int:
        """Delete the events older than `cutoff`; the number deleted. Internal: only
        `audit.services.purge_expired` calls this.

        `_raw_delete` bypasses the refusing `delete()` above (and Django's collector: nothing
        points at an audit event). On PostgreSQL the trigger lets the DELETE through only while
        `audit.allow_purge` is on, set for this transaction alone and switched off right after."""
        connection = connections[using]
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('audit.allow_purge', 'on', true)")
            deleted = self.using(using).filter(at__lt=cutoff)._raw_delete(using)
            # On failure the rollback (of the transaction or savepoint) resets it as well.
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('audit.allow_purge', 'off', true)")
        return deleted


class AuditEvent(models.Model):
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    action = models.CharField(_("handeling"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("soort gegeven"), max_length=40)
    object_id = models.CharField(_("id van het gegeven"), max_length=64, blank=True)
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("locatie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    count = models.PositiveIntegerField(
        _("aantal"), default=1, help_text=_("Aantal rijen bij een import of export.")
    )
    detail = models.CharField(_("toelichting"), max_length=200, blank=True)
    ip = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    path = models.CharField(_("pagina"), max_length=500, blank=True)

    objects = AuditEventManager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("auditgebeurtenis")
        verbose_name_plural = _("audittrail")
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["user", "at"], name="audit_user_at_idx"),
        ]

    def __str__(self):
        when = f"{self.at:%d-%m-%Y %H:%M}" if self.at else "-"
        return f"{when} {self.username or '-'} {self.action} {self.object_label}"

    # These two refuse rather than add behaviour: the trail's integrity is the point of the model.
    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The audit trail is append-only: an event cannot be changed.")
        # Always an INSERT: an unsaved instance given the pk of an existing row must not turn
        # into an UPDATE of that row.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit trail is append-only: an event cannot be deleted.")

    @property
    def object_label(self) -> str:
        """The record as type and id, e.g. "Bewoner #123" (never a name: see the module doc)."""
        label = object_type_label(self.object_type)
        return f"{label} #{self.object_id}" if self.object_id else label
