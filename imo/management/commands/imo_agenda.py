"""`python manage.py imo_agenda --community SLUG [--date YYYY-MM-DD] --output FILE
[--audience professional|resident]`: write the agenda PDF of a community's next IMO (or the IMO
on that date) to a file, for the operator. Nothing is stored or mailed."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from communities.models import Community
from imo.models import IntakeMeeting
from imo.pdf import AUDIENCES, agenda_pdf


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"geen geldige datum (JJJJ-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Schrijft de agenda (pdf) van het volgende IMO van een locatie naar een bestand."

    def add_arguments(self, parser):
        parser.add_argument("--community", required=True, help="De slug van de locatie.")
        parser.add_argument(
            "--date",
            type=_date,
            default=None,
            help="De datum van het IMO (JJJJ-MM-DD); standaard het eerstvolgende IMO.",
        )
        parser.add_argument("--output", required=True, help="Het pdf-bestand om te schrijven.")
        parser.add_argument(
            "--audience",
            choices=AUDIENCES,
            default="professional",
            help="professional (met zorginformatie bij toestemming, standaard) of resident "
            "(exemplaar voor de bewonersafvaardiging, zonder zorginformatie).",
        )

    def handle(self, *args, community, date, output, audience, **options):
        found = Community.objects.filter(slug=community).first()
        if found is None:
            raise CommandError(f"Locatie '{community}' bestaat niet.")
        meetings = IntakeMeeting.objects.filter(community=found).select_related("community")
        if date is not None:
            tz = timezone.get_current_timezone()
            start = datetime.datetime.combine(date, datetime.time.min, tzinfo=tz)
            meeting = (
                meetings.filter(
                    starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1)
                )
                .order_by("starts_at")
                .first()
            )
            if meeting is None:
                raise CommandError(
                    f"{found.name} heeft geen IMO op {date:%d-%m-%Y}. Kies een andere datum of "
                    "laat --date weg voor het eerstvolgende IMO."
                )
        else:
            meeting = meetings.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
            if meeting is None:
                raise CommandError(
                    f"{found.name} heeft geen gepland IMO. Plan eerst IMO's vanuit het ritme of "
                    "geef met --date de datum van een eerder IMO."
                )
        try:
            path = Path(output)
            path.write_bytes(agenda_pdf(meeting=meeting, audience=audience))
        except OSError as error:
            raise CommandError(f"Kan {output} niet schrijven: {error.strerror}") from error
        starts_at = timezone.localtime(meeting.starts_at)
        self.stdout.write(
            self.style.SUCCESS(
                f"Agenda van het IMO van {found.name} op {starts_at:%d-%m-%Y %H:%M} geschreven "
                f"naar {path} ({audience})."
            )
        )
