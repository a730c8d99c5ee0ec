from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resolutions.document import ParseError
from resolutions.importing import ImportRefused, import_file
from resolutions.models import Body
from resolutions.parsing import RevisionMarks


class Command(BaseCommand):
    help = (
        "Import an edition of a resolution from a file: plain text in the layout of the bundled "
        "editions, Word .docx (tracked changes included) or HTML, recognised by content. The file is "
        "recorded (and a copy kept) as an upload in the admin is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--body",
            choices=Body.values,
            help="The conference that adopted it, when the preamble does not say.",
        )
        parser.add_argument(
            "--marks",
            choices=[marks.value for marks in RevisionMarks],
            default=RevisionMarks.TRACKED.value,
            help="How a Word or HTML file marks changes: Word's tracked changes (default), or "
            "underline for insertions and strike-through for deletions as in ITU proposals.",
        )
        parser.add_argument("--provenance", default="", help="Where the text comes from.")
        parser.add_argument("--user", default="import_edition", help="Who is importing it (recorded).")
        parser.add_argument(
            "--replace", action="store_true", help="Replace an existing edition imported from another file."
        )

    def handle(self, *args, path: Path, body, marks, provenance, user, replace, **options):
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: cannot read the file ({error.strerror}).") from error
        try:
            results = import_file(
                data,
                filename=path.name,
                imported_by=user,
                provenance=provenance,
                replace=replace,
                body=body,
                marks=RevisionMarks(marks),
            )
        except ParseError as error:
            where = f"{error.where}: " if error.where else ""
            raise CommandError(f"{path}: {where}{error.reason}") from error
        except ImportRefused as error:
            raise CommandError(f"{path}: {error}") from error
        for result in results:
            self.stdout.write(result.message)
