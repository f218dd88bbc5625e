from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancieringConfig(AppConfig):
    name = "financiering"
    verbose_name = _("Financiering")

    def ready(self):
        # `communities` never imports `financiering` (DESIGN.md §5): the demo agreements plug
        # into seed_demo from here.
        from communities.demo_work import register_seeder
        from financiering.demo import seed_funding

        register_seeder(seed_funding)
