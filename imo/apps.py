from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImoConfig(AppConfig):
    name = "imo"
    verbose_name = _("Instroom- en matchingoverleg")

    def ready(self):
        # `communities` never imports `imo` (DESIGN.md §5): the IMO plugs its panels into the
        # community and start pages, its overdue check-ins into the team's attention list and
        # its demo data into seed_demo through the one registry.
        from communities.registry import (
            register_attention_source,
            register_demo_seeder,
            register_location_tab,
            register_panel,
            register_synthetic_extender,
            register_task_source,
        )
        from imo import panels
        from imo.attention import check_ins_overdue
        from imo.demo import seed_imo
        from imo.demo_history import seed_imo_history
        from imo.synthetic import synthetic_imo

        register_panel(
            page="community",
            name="imo",
            template="imo/_imo_panel.html",
            context=panels.community_panel,
            order=10,
        )
        register_panel(
            page="home", name="imo", template="imo/_imo_home.html", context=panels.home_panel
        )
        register_location_tab(
            name="imo",
            label=_("IMO"),
            url_name="imo_overview",
            visible=panels.imo_tab_visible,
            order=30,
        )
        register_location_tab(
            name="imo_metrics",
            label=_("IMO-cijfers"),
            url_name="imo_metrics",
            visible=panels.imo_metrics_tab_visible,
            order=30,
        )
        register_panel(
            page="home_first",
            name="imo",
            template="imo/_home_first.html",
            context=panels.home_first_panel,
            order=10,
        )
        register_task_source(panels.follow_ups_due)
        register_attention_source(check_ins_overdue)
        register_demo_seeder(seed_imo)
        register_demo_seeder(seed_imo_history)
        register_synthetic_extender(synthetic_imo)

        # The calendar feed and the welcome committee's list live in the project package;
        # the IMO fills them from here (governance never imports imo).
        from gemengdwonen.calendar import register_event_source
        from gemengdwonen.handovers import register_handover_source
        from imo.calendar import imo_events
        from imo.welcome import welcome_handovers

        register_event_source(imo_events)
        register_handover_source(welcome_handovers)
