"""Full-text search over clause texts: an FTS5 table kept by triggers on
SQLite, a generated tsvector column with a GIN index on PostgreSQL (see
resolutions/search_index.py for why the database keeps it)."""

from django.db import migrations

from resolutions import search_index


def install(apps, schema_editor):
    search_index.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    search_index.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("resolutions", "0003_vocabularies"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]
