import json

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

FIXTURES = settings.BASE_DIR / "fixtures"


class Command(BaseCommand):
    help = "Import the editions bundled in fixtures/ (idempotent: files already imported are left alone)."

    def handle(self, *args, **options):
        manifest = json.loads((FIXTURES / "editions.json").read_text(encoding="utf-8"))
        for entry in manifest["editions"]:
            call_command(
                "import_edition",
                str(FIXTURES / entry["file"]),
                provenance=entry["provenance"],
                user="bundled editions",
                stdout=self.stdout,
            )
