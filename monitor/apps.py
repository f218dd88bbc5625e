from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "monitor"
    verbose_name = _("Monitor")

    def ready(self):
        # `monitor` reads every other app; nothing imports it. Its demo data (survey answers,
        # backfilled snapshots) plugs into seed_demo the way the IMO's does.
        from communities.demo_work import register_seeder
        from monitor.demo import seed_monitor

        register_seeder(seed_monitor)
