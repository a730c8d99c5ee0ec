"""Backups taken while the site runs, and restored as an operator would.

The SQLite drill: a backup is taken while an edition is being published
(every row written, the transaction still open), restored into a fresh
file, checked with PRAGMA integrity_check, and found to hold exactly what
was committed before the publish; a backup after the publish holds it.
PostgreSQL: pg_dump, then pg_restore into a new database with the same
content. Each runs on its own database's pass (`make test`,
`make test-postgres`).
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import sqlite3
import subprocess
import threading
import uuid
from pathlib import Path

import psycopg
import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from resolutions.drafts import create_draft, review_draft
from tests.support.builders import tracked_docx_from_redline
from tests.support.dubai import dubai_redline
from tests.support.publishing import hold_publishes_open

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("uploads")]

CONTENT = ["resolutions_resolution", "resolutions_edition", "resolutions_clause", "resolutions_clauseversion"]


def sqlite_fingerprint(path: Path) -> dict[str, str]:
    """Every table's rows, in a stable order, hashed."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        return {
            table: hashlib.sha256(
                repr(sorted(map(repr, db.execute(f'SELECT * FROM "{table}"')))).encode()
            ).hexdigest()
            for table in tables
        }
    finally:
        db.close()


@pytest.fixture
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite drill; PostgreSQL has its own test below")
    return Path(connection.settings_dict["NAME"])


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump and pg_restore need PostgreSQL (make test-postgres)")
    return connection.settings_dict


def test_a_sqlite_backup_taken_during_a_publish_restores_to_what_was_committed(
    sqlite_only, tmp_path, monkeypatch
):
    call_command("load_bundled_editions", stdout=io.StringIO())
    admin = Client()
    admin.force_login(User.objects.create_superuser("root", "root@example.org", "x"))
    draft = create_draft(tracked_docx_from_redline(dubai_redline()), filename="dubai.docx", user="root")
    key = review_draft(draft).plan.review_key
    committed = sqlite_fingerprint(sqlite_only)

    written, release = hold_publishes_open(monkeypatch)
    outcome = {}

    def publish():
        try:
            url = reverse("admin:resolutions_draft_publish", args=[draft.pk])
            outcome["status"] = admin.post(url, {"reviewed": key}).status_code
        finally:
            connections.close_all()

    publisher = threading.Thread(target=publish)
    publisher.start()
    try:
        assert written.wait(timeout=60), "the publish never reached its write"
        call_command("backup_database", str(tmp_path / "during.sqlite3"), stdout=io.StringIO())
    finally:
        release.set()
        publisher.join()
    assert outcome["status"] == 302

    restored = tmp_path / "restored.sqlite3"
    shutil.copyfile(tmp_path / "during.sqlite3", restored)
    with sqlite3.connect(restored) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("SELECT year FROM resolutions_edition ORDER BY year").fetchall() == [
            (2010,),
            (2014,),
        ]
    assert sqlite_fingerprint(restored) == committed

    call_command("backup_database", str(tmp_path / "after.sqlite3"), stdout=io.StringIO())
    with sqlite3.connect(tmp_path / "after.sqlite3") as db:
        assert db.execute("SELECT year FROM resolutions_edition ORDER BY year").fetchall() == [
            (2010,),
            (2014,),
            (2018,),
        ]
    assert sqlite_fingerprint(tmp_path / "after.sqlite3") == sqlite_fingerprint(sqlite_only)


def test_a_backup_never_overwrites_a_file_unless_asked(sqlite_only, tmp_path):
    target = tmp_path / "backup.sqlite3"
    target.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="exists; choose another name or pass --overwrite"):
        call_command("backup_database", str(target), stdout=io.StringIO())
    assert target.read_bytes() == b"an older backup"
    call_command("backup_database", str(target), "--overwrite", stdout=io.StringIO())
    assert sqlite_fingerprint(target) == sqlite_fingerprint(sqlite_only)
    assert not list(tmp_path.glob(".*.partial"))


def postgres_content(dsn: dict, name: str) -> dict[str, list]:
    with psycopg.connect(
        host=dsn["HOST"] or "127.0.0.1",
        port=dsn["PORT"] or 5432,
        user=dsn["USER"],
        password=dsn["PASSWORD"],
        dbname=name,
    ) as db:
        return {
            table: sorted(map(repr, db.execute(f'SELECT * FROM "{table}"').fetchall())) for table in CONTENT
        }


def test_a_postgres_backup_restores_into_a_new_database_with_the_same_content(postgres_only, tmp_path):
    call_command("load_bundled_editions", stdout=io.StringIO())
    backup = tmp_path / "site.dump"
    call_command("backup_database", str(backup), stdout=io.StringIO())
    assert backup.read_bytes().startswith(b"PGDMP")

    dsn = postgres_only
    name = f"restore_{uuid.uuid4().hex[:10]}"
    env = {
        **os.environ,
        "PGHOST": dsn["HOST"] or "127.0.0.1",
        "PGPORT": str(dsn["PORT"] or 5432),
        "PGUSER": dsn["USER"],
    }
    if dsn["PASSWORD"]:
        env["PGPASSWORD"] = dsn["PASSWORD"]
    subprocess.run(["createdb", name], env=env, check=True)
    try:
        restored = subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={name}", str(backup)],
            env=env,
            capture_output=True,
            text=True,
        )
        assert restored.returncode == 0, restored.stderr
        assert postgres_content(dsn, name) == postgres_content(dsn, dsn["NAME"])
        assert len(postgres_content(dsn, name)["resolutions_edition"]) == 2
    finally:
        subprocess.run(["dropdb", "--if-exists", name], env=env, check=True)
