"""Choice lists of the outbox."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    # Recorded, not yet accepted by the broker: the sweeper hands it over again.
    WAITING = "wacht", _("Wacht op de wachtrij")
    # Accepted by the broker; from here late acknowledgement keeps it safe.
    QUEUED = "doorgegeven", _("Doorgegeven aan de wachtrij")


class MailStatus(models.TextChoices):
    WAITING = "wacht", _("Wacht op verzending")
    SENT = "verzonden", _("Verzonden")
    FAILED = "mislukt", _("Mislukt")
