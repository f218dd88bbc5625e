import json

from django.core.management.base import BaseCommand, CommandError

from gemengdwonen.backup import restore_report


class Command(BaseCommand):
    help = (
        "Toon wat er na een herstel moet zijn: aantallen, de mix per locatie en of elke "
        "opgeslagen PDF er is en leesbaar is. Faalt als een PDF ontbreekt of onleesbaar is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="als JSON (voor vergelijken)"
        )

    def handle(self, *args, as_json: bool = False, **options):
        report = restore_report()
        if as_json:
            self.stdout.write(_dumps(report))
        else:
            for name, count in report["counts"].items():
                self.stdout.write(f"{name}: {count}")
            for slug, figures in report["mix"].items():
                self.stdout.write(
                    f"mix {slug}: {figures['supported']} begeleid van {figures['total']}"
                )
            self.stdout.write(f"opgeslagen PDF's: {len(report['stored_pdfs'])}")
        missing = [name for name, ok in report["stored_pdfs"].items() if not ok]
        if missing:
            raise CommandError("Ontbrekend of onleesbaar: " + ", ".join(missing))


def _dumps(report: dict) -> str:
    return json.dumps(report, indent=2, sort_keys=True)
