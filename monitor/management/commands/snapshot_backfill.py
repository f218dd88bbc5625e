"""Fill past months' KPI snapshots: `manage.py snapshot_backfill --from 2024-01 [--to 2025-12]
[--community het-anker]`. Idempotent: a month taken again is replaced."""

import datetime
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from communities.models import Community
from monitor.snapshots import last_complete_month, months_between, snapshot_take


def _month(value: str) -> datetime.date:
    if not re.fullmatch(r"\d{4}-\d{2}", value or ""):
        raise CommandError(f"Gebruik JJJJ-MM, bijvoorbeeld 2024-01 (niet {value!r}).")
    year, month = (int(part) for part in value.split("-"))
    if not 1 <= month <= 12 or year < 2000:
        raise CommandError(f"Geen geldige maand: {value}.")
    return datetime.date(year, month, 1)


class Command(BaseCommand):
    help = "Maandstanden (KPI-snapshots) voor voorbije maanden maken of vervangen."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="eerste maand, JJJJ-MM")
        parser.add_argument(
            "--to", dest="end", help="laatste maand, JJJJ-MM (standaard: vorige maand)"
        )
        parser.add_argument("--community", help="alleen deze locatie (korte naam)")

    def handle(self, *args, start, end=None, community=None, **options):
        first = _month(start)
        newest = last_complete_month(timezone.localdate())
        last = _month(end) if end else newest
        if last > newest:
            raise CommandError(
                f"Alleen voorbije maanden: de laatste volledige maand is {newest:%Y-%m}."
            )
        if first > last:
            raise CommandError("De eerste maand ligt na de laatste.")
        communities = Community.objects.order_by("name")
        if community:
            communities = communities.filter(slug=community)
            if not communities.exists():
                raise CommandError(f"Onbekende locatie: {community}.")
        count = 0
        for item in communities:
            for month in months_between(first, last):
                snapshot_take(community=item, month=month)
                count += 1
        self.stdout.write(f"{count} maandstanden gemaakt of vervangen.")
