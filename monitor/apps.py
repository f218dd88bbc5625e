from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "monitor"
    verbose_name = _("Monitor")

    def ready(self):
        # `monitor` reads every other app; nothing imports it. Its block on the community page
        # and its demo data (survey answers, backfilled snapshots) plug in through the registry
        # of `communities`, like the IMO's.
        from communities.registry import (
            register_demo_seeder,
            register_location_tab,
            register_panel,
            register_synthetic_extender,
        )
        from monitor.demo import seed_monitor
        from monitor.panels import (
            community_panel,
            home_panel,
            imo_metrics_panel,
            monitor_tab_visible,
        )

        register_panel(
            page="community",
            name="monitor",
            template="monitor/_community_panel.html",
            context=community_panel,
            order=20,
        )
        register_panel(
            page="imo_metrics",
            name="monitor",
            template="monitor/_imo_metrics_panel.html",
            context=imo_metrics_panel,
        )
        register_panel(
            page="home",
            name="monitor",
            template="monitor/_home.html",
            context=home_panel,
        )
        register_location_tab(
            name="monitor",
            label=_("Monitor"),
            url_name="monitor_community",
            visible=monitor_tab_visible,
            order=100,
        )
        register_demo_seeder(seed_monitor)
        from monitor.synthetic import synthetic_monitor

        register_synthetic_extender(synthetic_monitor)
