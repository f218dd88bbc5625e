from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancieringConfig(AppConfig):
    name = "financiering"
    verbose_name = _("Financiering")

    def ready(self):
        # `communities` never imports `financiering` (DESIGN.md §5): funding plugs its panels
        # into the community and start pages and its demo data into seed_demo through the one
        # registry.
        from communities.registry import (
            register_demo_seeder,
            register_location_tab,
            register_panel,
            register_synthetic_extender,
        )
        from financiering import panels
        from financiering.demo import seed_funding

        register_panel(
            page="community",
            name="financiering",
            template="financiering/_panel.html",
            context=panels.community_panel,
            order=60,
        )
        register_panel(
            page="home",
            name="financiering",
            template="financiering/_home.html",
            context=panels.home_panel,
            order=60,
        )
        register_location_tab(
            name="funding",
            label=_("Financiering"),
            url_name="funding_overview",
            visible=panels.funding_tab_visible,
            order=95,
        )
        register_demo_seeder(seed_funding)
        from financiering.synthetic import synthetic_funding

        register_synthetic_extender(synthetic_funding)
