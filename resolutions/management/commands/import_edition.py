from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resolutions.document import ParseError
from resolutions.importing import ImportRefused, import_edition
from resolutions.models import Body
from resolutions.parsing.plaintext import parse_text


class Command(BaseCommand):
    help = "Import one edition of a resolution from a file (plain text in the layout of the bundled editions)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--body",
            choices=Body.values,
            help="The conference that adopted it, when the preamble does not say.",
        )
        parser.add_argument("--provenance", default="", help="Where the text comes from.")
        parser.add_argument("--user", default="import_edition", help="Who is importing it (recorded).")
        parser.add_argument(
            "--replace", action="store_true", help="Replace an existing edition imported from another file."
        )

    def handle(self, *args, path: Path, body: str | None, provenance: str, user: str, replace: bool, **options):
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: cannot read the file ({error.strerror}).") from error
        try:
            parsed = parse_text(data, source_name=path.name, body=body)
            result = import_edition(
                parsed, data, source_name=path.name, imported_by=user, provenance=provenance, replace=replace
            )
        except ParseError as error:
            raise CommandError(f"{path}: {error.where + ': ' if error.where else ''}{error.reason}") from error
        except ImportRefused as error:
            raise CommandError(f"{path}: {error}") from error
        self.stdout.write(result.message)
