from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gemengdwonen.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Zet een back-up (van `manage.py backup`) terug in de ingestelde database en "
        "PRIVATE_MEDIA_ROOT. Beide moeten leeg zijn. Controleer daarna met restore_check."
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, type=Path, help="de map van de back-up")

    def handle(self, *args, input, **options):
        try:
            manifest = backup_restore(source=input)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Hersteld: back-up van {manifest['created_at']}, "
                f"{manifest['media_file_count']} bestanden."
            )
        )
