"""Print what the next retention run will anonymise: counts and ids per kind, never names."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from privacy.constants import EXPORT_KEEP_DAYS
from privacy.selectors import retention_plan

LABELS = {
    "residents": ("Vertrokken bewoners", "RETENTION_FORMER_RESIDENTS_DAYS"),
    "candidates": ("Niet geplaatste kandidaten", "RETENTION_UNPLACED_CANDIDATES_DAYS"),
    "signals": ("Afgesloten signalen", "RETENTION_CLOSED_SIGNALS_DAYS"),
    "contact_notes": ("Notities bij contactmomenten", "RETENTION_CONTACT_NOTES_DAYS"),
    "exports": ("Inzage-exports (PDF)", None),
}


class Command(BaseCommand):
    help = "Toon wat de volgende bewaartermijn-run anonimiseert (aantallen en id's, geen namen)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="Doe alsof het vandaag deze datum is (JJJJ-MM-DD), bijvoorbeeld in tests.",
        )

    def handle(self, *args, today=None, **options):
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError as error:
                raise CommandError(
                    "Gebruik --today JJJJ-MM-DD, bijvoorbeeld 2027-03-01."
                ) from error
        else:
            day = timezone.localdate()
        plan = retention_plan(today=day)
        self.stdout.write(f"Bewaartermijnen: voorbeeld voor de run van {day:%d-%m-%Y}")
        for kind, (label, setting) in LABELS.items():
            ids = getattr(plan, kind)
            days = getattr(settings, setting) if setting else EXPORT_KEEP_DAYS
            line = f"{label} (ouder dan {days} dagen): {len(ids)}"
            if ids:
                line += " – id's: " + ", ".join(str(pk) for pk in ids)
            self.stdout.write(line)
        if plan.is_empty:
            self.stdout.write("Niets te doen.")
        else:
            self.stdout.write(f"Totaal: {plan.total}")
