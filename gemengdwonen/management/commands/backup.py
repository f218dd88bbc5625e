from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gemengdwonen.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Maak een back-up van de database (pg_dump) en van de map met privébestanden "
        "(PRIVATE_MEDIA_ROOT) samen, in één nieuwe map onder --output-dir."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", required=True, type=Path)

    def handle(self, *args, output_dir, **options):
        try:
            backup = backup_create(output_dir=output_dir)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Back-up gemaakt: {backup.directory} "
                f"({backup.manifest['media_file_count']} bestanden)."
            )
        )
