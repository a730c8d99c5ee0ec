"""The bundled editions, stored for a test.

`make run` loads them with the import command, which also records each
file as an upload (a SourceFile and a kept copy). Tests of uploads count
the records and copies their own uploads make, so here the editions are
stored without them; the command's records are tested with the command.
"""

from __future__ import annotations

import json
from pathlib import Path

from resolutions.importing import import_edition
from resolutions.parsing import parse_text

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"


def import_bundled_editions() -> None:
    manifest = json.loads((FIXTURES / "editions.json").read_text(encoding="utf-8"))
    for entry in manifest["editions"]:
        data = (FIXTURES / entry["file"]).read_bytes()
        import_edition(
            parse_text(data, source_name=entry["file"]),
            data,
            source_name=entry["file"],
            imported_by="bundled editions",
            provenance=entry["provenance"],
        )
