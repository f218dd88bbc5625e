"""Choice lists of the annual report."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestStatus(models.TextChoices):
    QUEUED = "wachtrij", _("In de wachtrij")
    RUNNING = "bezig", _("Bezig")
    DONE = "klaar", _("Klaar")
    FAILED = "mislukt", _("Mislukt")


BUSY = (RequestStatus.QUEUED, RequestStatus.RUNNING)

# Retries of a failed rendering: bounded, with a growing wait (seconds: 30, 60, 120).
MAX_RETRIES = 3
RETRY_BASE_DELAY = 30

TASK_NAME = "reports.tasks.report_generate"
