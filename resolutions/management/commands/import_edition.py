"""Import editions from files: one file, or many files and folders at once.

With many, every file is read first (nothing written), then the editions
are imported in each resolution's chronological order, each in its own
transaction, so that one refused file does not stop the others; a summary
ends the run, and the exit status is 1 when any file was refused. A progress
bar (tqdm) is drawn when standard error is a terminal.

A file with consistency warnings (resolutions.consistency: a preamble
naming another city or year than the resolution line, years out of order,
a clause count changed by more than half) is imported, and each warning is
printed ("Warning: ...", after the file's name in a bulk import). There is
no flag to accept them: whoever runs the command reads its output, and a
collection of historical editions must not stop at the first preamble that
names its conference differently. The admin, who publishes one file at a
time, must acknowledge them instead.
"""

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from resolutions.document import ParseError
from resolutions.importing import ImportRefused, import_read_file, read_file
from resolutions.models import Body
from resolutions.parsing import Reading, RevisionMarks, SourceFormat

SUFFIXES = {format.suffix for format in SourceFormat} | {".htm"}


class Command(BaseCommand):
    help = (
        "Import editions of resolutions from files: plain text in the layout of the bundled "
        "editions, Word .docx (tracked changes included) or HTML, recognised by content. Give one "
        "file, or several files and folders: they are imported in each resolution's chronological "
        "order. Every file is recorded (and a copy kept) as an upload in the admin is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths",
            nargs="+",
            type=Path,
            metavar="path",
            help="A file, or folders of .txt, .docx and .html files.",
        )
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

    def handle(self, *args, paths: list[Path], body, marks, provenance, user, replace, **options):
        self.options = {"provenance": provenance, "imported_by": user, "replace": replace}
        self.reading = {"body": body, "marks": RevisionMarks(marks)}
        if len(paths) == 1 and not paths[0].is_dir():
            self.import_one(paths[0])
        else:
            self.import_many(list(files_in(paths)))

    def import_one(self, path: Path) -> None:
        data, reading = self.read(path)
        for result in self.imported(path, data, reading):
            self.stdout.write(result.message)
            for warning in result.warnings:
                self.stdout.write(self.style.WARNING(f"Warning: {warning}"))

    def import_many(self, paths: list[Path]) -> None:
        readings: list[tuple[Path, bytes, Reading]] = []
        refused: list[str] = []
        for path in self.progress(paths, "Reading"):
            try:
                readings.append((path, *self.read(path)))
            except CommandError as error:
                refused.append(str(error))
        # Each resolution's editions oldest first: every clause keeps one identity.
        readings.sort(key=lambda item: (item[2].revised.body, item[2].revised.number, item[2].revised.year))
        imported = skipped = with_warnings = 0
        warned: list[str] = []
        for path, data, reading in self.progress(readings, "Importing"):
            try:
                results = self.imported(path, data, reading)
            except CommandError as error:
                refused.append(str(error))
                continue
            if any(result.changed for result in results):
                imported += 1
                warnings = [warning for result in results if result.changed for warning in result.warnings]
                warned += [f"{path}: {warning}" for warning in warnings]
                with_warnings += bool(warnings)
            else:
                skipped += 1
        self.stdout.write(
            f"{len(paths)} files: {imported} imported, {skipped} skipped as already present, "
            f"{len(refused)} refused."
        )
        if warned:
            self.stdout.write(f"{with_warnings} imported with warnings:")
        for warning in warned:
            self.stdout.write(self.style.WARNING(f"Warning: {warning}"))
        for reason in refused:
            self.stderr.write(f"refused: {reason}")
        if refused:
            raise CommandError(
                f"{len(refused)} of {len(paths)} files were refused; the others were imported."
            )

    def read(self, path: Path) -> tuple[bytes, Reading]:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: cannot read the file ({error.strerror}).") from error
        try:
            return data, read_file(data, filename=path.name, **self.reading)
        except ParseError as error:
            raise CommandError(f"{path}: {located(error)}") from error

    def imported(self, path: Path, data: bytes, reading: Reading):
        try:
            return import_read_file(reading, data, filename=path.name, **self.options)
        except ParseError as error:
            raise CommandError(f"{path}: {located(error)}") from error
        except ImportRefused as error:
            raise CommandError(f"{path}: {error}") from error

    def progress(self, items: Iterable, description: str) -> Iterable:
        return tqdm(items, desc=description, unit="file", file=sys.stderr, disable=not sys.stderr.isatty())


def located(error: ParseError) -> str:
    return f"{error.where}: {error.reason}" if error.where else error.reason


def files_in(paths: Iterable[Path]) -> Iterator[Path]:
    """The files named, and those of a known kind inside the folders named, in name order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield path
