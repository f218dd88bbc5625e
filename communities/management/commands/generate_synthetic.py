"""`python manage.py generate_synthetic --communities 50 --years 10 [--seed N]`: locations with
years of history at municipal scale, for the benchmark (bench/) and for trying the product at
scale. The work happens in `communities.demo.synthetic.generate`."""

import argparse
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from communities.demo.synthetic import UNITS, generate


def _units(value: str) -> tuple[int, int]:
    try:
        low, high = (int(part) for part in value.split(","))
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"geef MIN,MAX, bijvoorbeeld 40,240: {value}") from error
    return low, high


class Command(BaseCommand):
    help = "Maakt synthetische locaties met jaren geschiedenis (voor de benchmark)."

    def add_arguments(self, parser):
        parser.add_argument("--communities", type=int, default=50, help="Aantal locaties.")
        parser.add_argument(
            "--years", type=float, default=10, help="Jaren geschiedenis (mag een breuk zijn)."
        )
        parser.add_argument(
            "--units",
            type=_units,
            default=UNITS,
            help="Eenheden per locatie als MIN,MAX (standaard 40,240).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Zaadwaarde (reproduceerbaar).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ook uitvoeren als DEBUG uit staat (de demogebruikers hebben een bekend "
            "wachtwoord: nooit in productie).",
        )

    def handle(self, *args, communities, years, units, seed, force, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "generate_synthetic maakt accounts met een bekend wachtwoord en draait alleen "
                "met DEBUG aan (of met --force)."
            )
        started = time.monotonic()
        verbosity = options.get("verbosity", 1)
        try:
            counts = generate(
                communities=communities,
                years=years,
                units=units,
                seed=seed,
                progress=(lambda text: self.stdout.write(f"  locatie {text}"))
                if verbosity > 1
                else None,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        if connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum would gather them: the planner otherwise plans
            # for empty tables (nested loops over thousands of rows).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        seconds = time.monotonic() - started
        summary = ", ".join(f"{name} {n}" for name, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Klaar in {seconds:.1f} s: {summary}."))
        self.stdout.write(f"seconds={seconds:.1f}")
