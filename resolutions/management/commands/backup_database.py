"""A consistent copy of the database, taken while the site runs.

SQLite: the online backup API copies the database as one read transaction,
so a publish in progress is either wholly in the copy or not at all, and
readers and writers go on meanwhile (WAL); the copy is checked with
`PRAGMA integrity_check` before it is given its name. PostgreSQL: pg_dump's
custom format (one snapshot as well), for pg_restore. Either way the file
appears under its name only once complete, so a crash never leaves a
half-written backup that looks whole.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections


class Command(BaseCommand):
    help = (
        "Back up the database to a file while the site runs: SQLite through its online backup API "
        "(checked with PRAGMA integrity_check), PostgreSQL through pg_dump --format=custom."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("destination", type=Path, help="The backup file to write.")
        parser.add_argument("--overwrite", action="store_true", help="Replace the file if it exists.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, destination: Path, overwrite: bool, database: str, **options):
        if destination.exists() and not overwrite:
            raise CommandError(f"{destination} exists; choose another name or pass --overwrite.")
        if not destination.parent.is_dir():
            raise CommandError(f"{destination.parent} is not a directory.")
        settings = connections[database].settings_dict
        partial = destination.with_name(f".{destination.name}.partial")
        try:
            if connections[database].vendor == "sqlite":
                self._sqlite(Path(settings["NAME"]), partial)
            elif connections[database].vendor == "postgresql":
                self._postgres(settings, partial)
            else:
                raise CommandError(f"cannot back up a {connections[database].vendor} database")
            os.replace(partial, destination)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(f"Backed up the database to {destination} ({destination.stat().st_size:,} bytes).")

    def _sqlite(self, source: Path, partial: Path) -> None:
        if not source.exists():
            raise CommandError(f"the database file {source} does not exist")
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=20)
        dst = sqlite3.connect(partial)
        try:
            with dst:
                src.backup(dst)  # all pages in one step: one consistent snapshot
            result = dst.execute("PRAGMA integrity_check").fetchall()
        finally:
            src.close()
            dst.close()
        if result != [("ok",)]:
            raise CommandError(f"the copy failed its integrity check: {result[:5]}")

    def _postgres(self, settings: dict, partial: Path) -> None:
        pg_dump = shutil.which(os.environ.get("PG_DUMP", "pg_dump"))
        if pg_dump is None:
            raise CommandError("pg_dump is not installed (Debian: apt-get install postgresql-client)")
        env = {
            **os.environ,
            "PGHOST": str(settings.get("HOST") or ""),
            "PGPORT": str(settings.get("PORT") or ""),
            "PGUSER": str(settings.get("USER") or ""),
            "PGPASSWORD": str(settings.get("PASSWORD") or ""),
            "PGDATABASE": str(settings["NAME"]),
        }
        result = subprocess.run(
            [pg_dump, "--format=custom", "--no-owner", f"--file={partial}"],
            env={key: value for key, value in env.items() if value},
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
