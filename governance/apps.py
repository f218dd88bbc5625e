from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self):
        # Governance builds on `communities` only; nothing imports governance. It plugs its
        # blocks into the start and community pages and its demo data into seed_demo through
        # communities.registry, and its meetings into the calendar feed (gemengdwonen.calendar).
        from communities.registry import (
            register_demo_seeder,
            register_location_tab,
            register_panel,
            register_synthetic_extender,
            register_task_source,
        )
        from gemengdwonen.calendar import register_event_source
        from governance import access, panels
        from governance.calendar import governance_events
        from governance.demo import seed_governance

        register_panel(
            page="community",
            name="governance",
            template="governance/_panel.html",
            context=panels.community_panel,
            order=20,
        )
        register_panel(
            page="home",
            name="governance",
            template="governance/_home.html",
            context=panels.home_panel,
            order=20,
        )
        register_location_tab(
            name="governance",
            label=_("Overleg"),
            url_name="governance_community",
            visible=access.sees_governance_overview,
            order=90,
        )
        register_task_source(panels.action_items_owned)
        register_demo_seeder(seed_governance)
        from governance.synthetic import synthetic_governance

        register_synthetic_extender(synthetic_governance)
        register_event_source(governance_events)
