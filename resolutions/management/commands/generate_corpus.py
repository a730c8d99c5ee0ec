from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from resolutions.corpus import CONFERENCES, write_corpus


class Command(BaseCommand):
    help = (
        "Write a synthetic collection of resolutions (plain text, one file per edition) for benchmarks "
        "and load tests; load it with import_edition FOLDER. The same seed gives the same files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--resolutions", type=int, default=200)
        parser.add_argument("--editions", type=int, default=5, choices=range(1, len(CONFERENCES) + 1))
        parser.add_argument("--clauses", type=int, default=60, help="Clauses in each first edition.")
        parser.add_argument("--seed", type=int, default=102)
        parser.add_argument("--first-number", type=int, default=1000, help="The first resolution's number.")

    def handle(self, *args, folder: Path, resolutions, editions, clauses, seed, first_number, **options):
        paths = write_corpus(
            folder,
            resolutions=resolutions,
            editions=editions,
            clauses=clauses,
            seed=seed,
            first_number=first_number,
        )
        self.stdout.write(f"Wrote {len(paths)} editions of {resolutions} resolutions to {folder}.")
