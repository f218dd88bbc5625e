from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Locaties en bewoners")

    def ready(self):
        # The core's tabs of the menu inside a location; the other apps add theirs.
        from communities.my_tasks import signals_waiting
        from communities.navigation import register_core_tabs
        from communities.registry import register_task_source

        register_core_tabs()
        register_task_source(signals_waiting)
