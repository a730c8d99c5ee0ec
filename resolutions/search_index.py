"""The full-text index of clause texts, kept by the database itself.

- SQLite: an FTS5 table with external content (the clause versions table, so
  the texts are not stored twice), tokenized by `porter unicode61` (English
  stemming, Unicode case folding, diacritics removed), kept in step by three
  triggers on the clause versions table.
- PostgreSQL: a stored generated column, `to_tsvector('english', text)`, with
  a GIN index.

Why the database keeps the index, not importing.py: every way a clause row
is written or removed (an import, the cascade of a replaced edition, an
admin's delete, loaddata, a shell) then updates the index in the same
statement, so inside the same transaction, and no writer can forget to.
A published edition is searchable the moment its transaction commits; a
replaced one's rows, and so its old text, leave the index with it.

One catch on SQLite: Django alters a table there by copying it into a new
one ("remaking" it: most AddField and every AlterField on the clause
versions table), and dropping the old table drops its triggers. So
`repair` runs after every `migrate` (apps.py) and puts them back, rebuilding
the index from the texts when it had to.

No ORM here: the migration that creates the index calls this module, so it
must not depend on the models as they are today.
"""

from __future__ import annotations

from django.db import DatabaseError
from django.db.backends.base.base import BaseDatabaseWrapper

CONTENT_TABLE = "resolutions_clauseversion"

# SQLite
FTS_TABLE = "resolutions_clausesearch"
TOKENIZER = "porter unicode61 remove_diacritics 2"
SQLITE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    f"text, content='{CONTENT_TABLE}', content_rowid='id', tokenize='{TOKENIZER}')"
)
# An external-content index is told the old text to remove ('delete' command).
SQLITE_TRIGGERS = {
    f"{FTS_TABLE}_insert": (
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON {CONTENT_TABLE} BEGIN "
        f"INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.id, new.text); END"
    ),
    f"{FTS_TABLE}_delete": (
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON {CONTENT_TABLE} BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, old.text); END"
    ),
    f"{FTS_TABLE}_update": (
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update AFTER UPDATE OF id, text ON {CONTENT_TABLE} BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, old.text); "
        f"INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.id, new.text); END"
    ),
}

# PostgreSQL
PG_CONFIG = "english"
PG_COLUMN = "search_vector"
PG_INDEX = "resolutions_clauseversion_search"
PG_INSTALL = (
    f"ALTER TABLE {CONTENT_TABLE} ADD COLUMN IF NOT EXISTS {PG_COLUMN} tsvector "
    f"GENERATED ALWAYS AS (to_tsvector('{PG_CONFIG}'::regconfig, text)) STORED",
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {CONTENT_TABLE} USING gin ({PG_COLUMN})",
)
PG_UNINSTALL = (
    f"DROP INDEX IF EXISTS {PG_INDEX}",
    f"ALTER TABLE {CONTENT_TABLE} DROP COLUMN IF EXISTS {PG_COLUMN}",
)


class UnsupportedDatabase(RuntimeError):
    pass


def _execute(connection: BaseDatabaseWrapper, statements) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _unsupported(connection: BaseDatabaseWrapper) -> UnsupportedDatabase:
    return UnsupportedDatabase(f"full-text search supports SQLite and PostgreSQL, not {connection.vendor}")


def install(connection: BaseDatabaseWrapper) -> None:
    """Create the index and fill it from the stored texts."""
    if connection.vendor == "sqlite":
        _execute(connection, [SQLITE_TABLE, *SQLITE_TRIGGERS.values()])
        rebuild(connection)
    elif connection.vendor == "postgresql":
        _execute(connection, PG_INSTALL)  # a generated column fills itself
    else:
        raise _unsupported(connection)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "sqlite":
        _execute(
            connection,
            [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]
            + [f"DROP TABLE IF EXISTS {FTS_TABLE}"],
        )
    elif connection.vendor == "postgresql":
        _execute(connection, PG_UNINSTALL)
    else:
        raise _unsupported(connection)


def rebuild(connection: BaseDatabaseWrapper) -> None:
    """Index every stored text afresh (after a restore, or to be sure)."""
    if connection.vendor == "sqlite":
        _execute(
            connection,
            [
                f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
                f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')",
            ],
        )
    elif connection.vendor == "postgresql":
        # Rewriting the text recomputes the generated column (say, after the
        # server's English dictionary changed); then the index is rebuilt,
        # or created again if it was dropped. Constraint checks deferred in
        # this transaction must run first: PostgreSQL alters no table with
        # pending trigger events.
        _execute(
            connection,
            [
                "SET CONSTRAINTS ALL IMMEDIATE",
                PG_INSTALL[1],
                f"UPDATE {CONTENT_TABLE} SET text = text",
                f"REINDEX INDEX {PG_INDEX}",
            ],
        )
    else:
        raise _unsupported(connection)


def missing_triggers(connection: BaseDatabaseWrapper) -> list[str]:
    """SQLite: the index's triggers that are not there (none elsewhere)."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {name for (name,) in cursor.fetchall()}
    return [name for name in SQLITE_TRIGGERS if name not in present]


def is_installed(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE])
        else:
            cursor.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
                [CONTENT_TABLE, PG_COLUMN],
            )
        return cursor.fetchone() is not None


def repair(connection: BaseDatabaseWrapper) -> list[str]:
    """Put back what a table remake dropped and rebuild the index from the
    texts; the names of the triggers that were missing (none: nothing done).
    Nothing to do before the index's migration has run."""
    if connection.vendor != "sqlite" or not is_installed(connection):
        return []
    missing = missing_triggers(connection)
    if missing:
        _execute(connection, [SQLITE_TRIGGERS[name] for name in missing])
        rebuild(connection)
    return missing


def problems(connection: BaseDatabaseWrapper) -> list[str]:
    """What is wrong with the index, in words (nothing: an empty list)."""
    if not is_installed(connection):
        return ["The search index is not installed: run manage.py migrate."]
    found = [f"The trigger {name} is missing." for name in missing_triggers(connection)]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            try:
                # Rank 1: the index is also checked against the stored texts.
                cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
            except DatabaseError as error:
                found.append(f"The index does not match the stored texts ({error}).")
        else:
            cursor.execute(
                "SELECT 1 FROM pg_indexes WHERE tablename = %s AND indexname = %s", [CONTENT_TABLE, PG_INDEX]
            )
            if cursor.fetchone() is None:
                found.append(f"The index {PG_INDEX} is missing: every search reads the whole table.")
            cursor.execute(
                f"SELECT count(*) FROM {CONTENT_TABLE} "
                f"WHERE {PG_COLUMN} IS DISTINCT FROM to_tsvector('{PG_CONFIG}'::regconfig, text)"
            )
            (stale,) = cursor.fetchone()
            if stale:
                found.append(f"{stale} clause texts are indexed as they were under another dictionary.")
    return found
