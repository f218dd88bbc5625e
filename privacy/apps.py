from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Retention (anonymisation after a period) and data-subject requests (inzage, erasure).

    Sits above `communities` and `imo`: it imports them, they never import it."""

    name = "privacy"
    verbose_name = _("Privacy (AVG)")
