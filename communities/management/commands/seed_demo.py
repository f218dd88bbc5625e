"""`python manage.py seed_demo [--today YYYY-MM-DD]`: demo communities, residents and users.

The work happens in `communities.demo.seed.seed_demo`; this command only parses the arguments and
prints a summary. Safe to run again: a second run changes nothing.
"""

import argparse
import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from communities.constants import MixStatus
from communities.demo.seed import DEMO_USERS, demo_overview, seed_demo


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"geen geldige datum (JJJJ-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Vult de database met demogegevens: drie locaties, bewoners en demogebruikers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=_date,
            default=None,
            help="De datum die als 'vandaag' geldt (JJJJ-MM-DD); standaard de huidige datum.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ook uitvoeren als DEBUG uit staat (de demo maakt een beheerder met een bekend "
            "wachtwoord: nooit in productie).",
        )

    def handle(self, *args, today=None, force=False, **options):
        # The demo creates a superuser with a known password: never on a production database.
        if not (settings.DEBUG or force):
            raise CommandError(
                "seed_demo maakt accounts met een bekend wachtwoord en draait alleen met "
                "DEBUG aan (of met --force)."
            )
        counts = seed_demo(today=today)
        out = self.stdout
        if counts["communities_created"]:
            out.write(self.style.SUCCESS(f"{counts['communities_created']} locatie(s) aangemaakt."))
        else:
            out.write("De demolocaties bestonden al; alleen de demogebruikers zijn nagelopen.")
        out.write(
            "{communities} locaties, {sections} delen, {units} eenheden "
            "({vacant_units_today} leeg), {residents_today} bewoners nu "
            "({residents} ooit), {stays} bewoningen, {support_periods} begeleidingsperiodes, "
            "{memberships} rollen.".format(**counts)
        )
        for row in demo_overview(today=today):
            out.write(
                f"  {row['slug']}: {row['units']} eenheden, {row['vacant']} leeg, "
                f"{row['residents']} bewoners, {row['supported']} begeleid "
                f"({row['share_percent']:.0f}%), {MixStatus(row['status']).label}"
            )
        usernames = ", ".join(user.username for user in DEMO_USERS)
        out.write(f"Demogebruikers: {usernames}")
        out.write(f"wachtwoord: {settings.DEMO_PASSWORD}")
