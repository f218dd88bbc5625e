"""Back-up and restore: the database and the private media folder, together.

A backup is one directory, `gemengdwonen-<YYYYmmdd-HHMMSS>/`, holding

- `database.dump`: `pg_dump --format=custom` (PostgreSQL), or `database.sqlite3` (SQLite);
- `private-media.tar.gz`: everything under PRIVATE_MEDIA_ROOT (agendas, subject exports);
- `manifest.json`: when, which database kind, and a SHA-256 of both files.

Consistency: the database is dumped first (pg_dump reads one snapshot), the files are archived
right after. Files are only ever written before the row that points at them says "klaar", so
every file the dump refers to was already there when the archive was made; a file that appears
in between is harmless. The directory gets its final name only when all three parts are
written: a half-finished backup never looks complete.

Restore goes into an empty database and an empty media folder (the configured DATABASE_URL and
PRIVATE_MEDIA_ROOT), after checking both checksums. `manage.py restore_check` then shows the
counts, the mix and whether every stored PDF is there and readable.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

DATABASE_DUMP = "database.dump"
DATABASE_SQLITE = "database.sqlite3"
MEDIA_ARCHIVE = "private-media.tar.gz"
MANIFEST = "manifest.json"
# Leftovers that are never part of a backup: half-written files of save_private_file and the
# readiness probe.
SKIPPED_PREFIXES = (".tmp-", ".readyz-")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why (shown by the commands)."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_args(database: dict) -> tuple[list[str], dict]:
    """Connection options for pg_dump / pg_restore / psql from Django's settings; the password
    goes through the environment, never the command line."""
    args = []
    if database.get("HOST"):
        args += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        args += ["--port", str(database["PORT"])]
    if database.get("USER"):
        args += ["--username", str(database["USER"])]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} mislukt: {result.stderr.strip()[-2000:]}")


@dataclass(frozen=True)
class Backup:
    directory: Path
    manifest: dict


def backup_create(*, output_dir: Path, now: datetime.datetime | None = None) -> Backup:
    """Write a backup of the configured database and PRIVATE_MEDIA_ROOT into `output_dir`."""
    now = now or timezone.now()
    output_dir = Path(output_dir)
    name = f"gemengdwonen-{timezone.localtime(now):%Y%m%d-%H%M%S}"
    final = output_dir / name
    if final.exists():
        raise BackupError(f"{final} bestaat al.")
    partial = output_dir / f".{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        database_file = _dump_database(partial)
        media_file, file_count = _archive_media(partial / MEDIA_ARCHIVE)
        manifest = {
            "created_at": now.isoformat(),
            "database": connection.vendor,
            "files": {
                database_file.name: _sha256(database_file),
                media_file.name: _sha256(media_file),
            },
            "media_file_count": file_count,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2))
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Backup(directory=final, manifest=manifest)


def _dump_database(directory: Path) -> Path:
    database = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        target = directory / DATABASE_DUMP
        args, env = _pg_args(database)
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args]
            + ["--file", str(target), str(database["NAME"])],
            env,
        )
        return target
    if connection.vendor == "sqlite":
        target = directory / DATABASE_SQLITE
        # SQLite's online backup: a consistent copy even while the app writes.
        source = sqlite3.connect(str(database["NAME"]))
        try:
            copy = sqlite3.connect(str(target))
            with copy:
                source.backup(copy)
            copy.close()
        finally:
            source.close()
        return target
    raise BackupError(f"Geen back-up voor database {connection.vendor}.")


def _archive_media(target: Path) -> tuple[Path, int]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    count = 0
    with tarfile.open(target, "w:gz") as archive:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and not path.name.startswith(SKIPPED_PREFIXES):
                    archive.add(path, arcname=str(path.relative_to(root)), recursive=False)
                    count += 1
    return target, count


def backup_restore(*, source: Path) -> dict:
    """Restore the backup in `source` into the configured database and PRIVATE_MEDIA_ROOT. Both
    must be empty: restoring over live data is refused, not merged. Returns the manifest."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"Geen geldige back-up in {source}: {error}") from error
    for name, expected in manifest["files"].items():
        if not (source / name).is_file() or _sha256(source / name) != expected:
            raise BackupError(f"{name} ontbreekt of is beschadigd (controlegetal klopt niet).")
    if manifest["database"] != connection.vendor:
        raise BackupError(
            f"De back-up is van {manifest['database']}, de database is {connection.vendor}."
        )
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    if root.exists() and any(root.iterdir()):
        raise BackupError(f"De map {root} is niet leeg: herstel gaat alleen in een lege map.")
    if connection.introspection.table_names():
        raise BackupError("De database is niet leeg: herstel gaat alleen in een lege database.")
    _restore_database(source)
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA_ARCHIVE, "r:gz") as archive:
        archive.extractall(root, filter="data")  # refuses absolute paths and `..`
    return manifest


def _restore_database(source: Path) -> None:
    database = settings.DATABASES["default"]
    connection.close()  # pg_restore gets the database to itself
    if connection.vendor == "postgresql":
        args, env = _pg_args(database)
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args]
            + ["--dbname", str(database["NAME"]), str(source / DATABASE_DUMP)],
            env,
        )
    else:
        shutil.copyfile(source / DATABASE_SQLITE, database["NAME"])


# --- after a restore: is everything there? -------------------------------------------------------


def _readable_pdf(name: str) -> bool:
    from gemengdwonen.storage import private_storage

    storage = private_storage()
    try:
        with storage.open(name, "rb") as file:
            content = file.read()
    except OSError:
        return False
    return content.startswith(b"%PDF-") and b"%%EOF" in content[-1024:]


def restore_report(*, on: datetime.date | None = None) -> dict:
    """What a restore must have brought back, as plain values (equal before and after a
    faithful restore): counts of the main records, the mix of every community on `on`, and
    every stored PDF the database points at with whether it is there and readable."""
    from audit.models import AuditEvent
    from communities.models import Community, Resident, SupportPeriod, TenancyResident
    from communities.selectors import community_mix
    from imo.constants import AgendaStatus
    from imo.models import AgendaCopy, Candidate, IntakeMeeting
    from privacy.constants import ExportStatus
    from privacy.models import SubjectExport

    on = on or timezone.localdate()
    mix = {}
    for community in Community.objects.order_by("slug"):
        figures = community_mix(community=community, on=on).overall
        mix[community.slug] = {"supported": figures.supported, "total": figures.total}
    stored = {}
    # Every stored agenda copy of a finished agenda (each rendering has its own file name).
    for name in AgendaCopy.objects.filter(meeting__agenda_status=AgendaStatus.DONE).values_list(
        "path", flat=True
    ):
        stored[name] = _readable_pdf(name)
    for export in SubjectExport.objects.filter(status=ExportStatus.DONE).exclude(file=""):
        stored[export.file] = _readable_pdf(export.file)
    return {
        "counts": {
            "communities": Community.objects.count(),
            "residents": Resident.objects.count(),
            "stays": TenancyResident.objects.count(),
            "support_periods": SupportPeriod.objects.count(),
            "candidates": Candidate.objects.count(),
            "intake_meetings": IntakeMeeting.objects.count(),
            "audit_events": AuditEvent.objects.count(),
            "subject_exports": SubjectExport.objects.count(),
        },
        "mix": mix,
        "stored_pdfs": dict(sorted(stored.items())),
    }
