from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImoConfig(AppConfig):
    name = "imo"
    verbose_name = _("Instroom- en matchingoverleg")
