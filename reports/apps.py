from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Jaarverslagen")

    def ready(self):
        # The report's block on the community page and the home page, and its demo data, plug in
        # through the core's registry (the core never imports this app).
        from communities.registry import register_demo_seeder, register_panel
        from reports.demo import seed_reports
        from reports.panels import community_panel, home_panel

        register_panel(
            page="community",
            name="reports",
            template="reports/_community_panel.html",
            context=community_panel,
            order=40,
        )
        register_panel(
            page="home",
            name="reports",
            template="reports/_home_panel.html",
            context=home_panel,
            order=40,
        )
        register_demo_seeder(seed_reports)
