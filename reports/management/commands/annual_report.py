"""python manage.py annual_report --community SLUG --year YYYY --output FILE
python manage.py annual_report --stuurgroep ID --year YYYY --output FILE

Makes (or finds, when nothing changed) the version of a report, like the button does, and copies
the PDF to FILE. Runs in this process, not through Celery: for an operator at the console."""

from __future__ import annotations

import os
import shutil

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit import services as audit
from audit.actors import system_actor
from audit.constants import Action
from communities.models import Community
from gemengdwonen.storage import private_storage
from governance.constants import BodyLevel
from governance.models import GovernanceBody
from reports import services
from reports.access import FIRST_YEAR
from reports.constants import RequestStatus
from reports.models import ReportRequest


class Command(BaseCommand):
    help = "Maak het jaarverslag van een locatie of een stuurgroep en schrijf de pdf weg."

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--community", metavar="SLUG", help="korte naam van de locatie")
        scope.add_argument("--stuurgroep", metavar="ID", type=int, help="id van de stuurgroep")
        parser.add_argument("--year", type=int, required=True, metavar="YYYY")
        parser.add_argument("--output", required=True, metavar="FILE")

    def handle(self, *args, community=None, stuurgroep=None, year, output, **options):
        today = timezone.localdate()
        if not FIRST_YEAR <= year <= today.year:
            raise CommandError(f"Kies een jaar van {FIRST_YEAR} tot en met {today.year}.")
        if community is not None:
            scope = {"community": Community.objects.filter(slug=community).first()}
            if scope["community"] is None:
                raise CommandError(f"Geen locatie met korte naam {community!r}.")
        else:
            scope = {
                "body": GovernanceBody.objects.filter(
                    pk=stuurgroep, level=BodyLevel.STUURGROEP
                ).first()
            }
            if scope["body"] is None:
                raise CommandError(f"Geen stuurgroep met id {stuurgroep}.")
        directory = os.path.dirname(os.path.abspath(output))
        if not os.path.isdir(directory):
            raise CommandError(f"De map {directory} bestaat niet.")
        report = services.report_get_or_create(year=year, **scope)
        request = ReportRequest.objects.create(report=report, requested_by=None)
        try:
            request = services.report_generate(request_id=request.pk, today=today)
        except Exception as error:
            services.report_fail(request_id=request.pk, attempts=1, error=error)
            raise CommandError(f"Het jaarverslag kon niet worden gemaakt: {error}") from error
        assert request.status == RequestStatus.DONE
        version = request.version
        with private_storage().open(version.file, "rb") as source, open(output, "wb") as target:
            shutil.copyfileobj(source, target)
        audit.record(
            user=system_actor("annual_report"),
            action=Action.EXPORT,
            object_type="annual_report",
            object_id=version.pk,
            community=report.community,
            detail="jaarverslag (opdrachtregel)",
        )
        state = "nieuwe versie" if request.new_version else "ongewijzigd, bestaande versie"
        self.stdout.write(
            f"{report.scope_name} {year}: versie {version.number} ({state}), "
            f"{version.pages} pagina's, geschreven naar {output}"
        )
