from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """Work that must follow a change: recorded in the change's transaction, handed to Celery
    after the commit, picked up again by a sweeper when the hand-off failed. Mail goes through
    it too, one row per recipient, with bounded retries and a list of what finally failed.

    Every app may use it (`outbox.services.job_enqueue`, `outbox.services.mail_enqueue`); it
    imports none of them."""

    name = "outbox"
    verbose_name = _("Achtergrondwerk en e-mail")
