from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self):
        # Governance builds on `communities` only; it plugs its demo data into seed_demo and
        # its meetings into the calendar feed from here (nothing imports governance).
        from communities.demo_work import register_seeder
        from gemengdwonen.calendar import register_event_source
        from governance.calendar import governance_events
        from governance.demo import seed_governance

        register_seeder(seed_governance)
        register_event_source(governance_events)
