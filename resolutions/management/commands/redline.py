import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resolutions.comparison import Row, compare_editions
from resolutions.models import Body, Edition
from resolutions.output.data import rows_as_dicts
from resolutions.output.text import comparison_text


class Command(BaseCommand):
    help = (
        "Print what changed in a resolution between two editions, clause by clause, "
        "in the wdiff convention ([-deleted-]{+inserted+})."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("number", type=int, help="The resolution's number, e.g. 102.")
        parser.add_argument("old_year", type=int)
        parser.add_argument("new_year", type=int)
        parser.add_argument("--body", choices=Body.values, default=Body.PP)
        parser.add_argument(
            "--clause", help='One clause, by its anchor or path in either edition: "noting-b" or "noting/b".'
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(
        self, *args, number: int, old_year: int, new_year: int, body: str, clause: str | None, **options
    ):
        editions = {
            edition.year: edition
            for edition in Edition.objects.for_resolution(body, number).select_related("resolution")
        }
        if not editions:
            raise CommandError(f"There is no {body.upper()} Resolution {number}.")
        for year in (old_year, new_year):
            if year not in editions:
                known = ", ".join(str(year) for year in sorted(editions))
                raise CommandError(f"Resolution {number} has no edition of {year} (editions: {known}).")
        comparison = compare_editions(editions[old_year], editions[new_year])
        rows = list(comparison.rows)
        if clause:
            rows = [row for row in rows if _names(row, clause)]
            if not rows:
                raise CommandError(
                    f"Neither edition of Resolution {number} has a clause {clause!r} "
                    '(use its anchor, e.g. "noting-b", or its path, e.g. "noting/b").'
                )
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows_as_dicts(rows), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(comparison_text(comparison, rows))


def _names(row: Row, wanted: str) -> bool:
    wanted = wanted.strip("/").lower()
    return any(version and wanted in (version.path, version.anchor) for version in (row.old, row.new))
