from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from resolutions import search_index


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search index from the stored clause texts (it is kept in step by the "
        "database itself; this is for after a restore or a dictionary change). --check only reports."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Report problems with the index; change nothing."
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="The database to use (default: default)."
        )

    def handle(self, *args, check: bool = False, database: str = DEFAULT_DB_ALIAS, **options):
        connection = connections[database]
        if not search_index.is_installed(connection):
            raise CommandError("The search index is not installed: run manage.py migrate first.")
        if check:
            found = search_index.problems(connection)
            if found:
                raise CommandError("\n".join(found) + "\nRun manage.py rebuild_search_index to repair it.")
            self.stdout.write("The search index is complete and matches the stored texts.")
            return
        with transaction.atomic(using=database):
            repaired = search_index.repair(connection)  # rebuilds when it had to put triggers back
            if not repaired:
                search_index.rebuild(connection)
        if repaired:
            self.stdout.write(f"Recreated {', '.join(repaired)}.")
        self.stdout.write(f"Rebuilt the search index ({connection.vendor}).")
