from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImoConfig(AppConfig):
    name = "imo"
    verbose_name = _("Instroom- en matchingoverleg")

    def ready(self):
        # `communities` never imports `imo` (DESIGN.md §5): the IMO plugs its overdue check-ins
        # into the team's attention list and its demo data into seed_demo from here.
        from communities.demo_work import register_seeder
        from imo import attention, synthetic  # noqa: F401
        from imo.demo import seed_imo

        register_seeder(seed_imo)
