"""Reading Resolution 102, and the nested shapes of tests/data/shapes/ (items
under items, an annex, dashes, a table), in every format: min / median /
max per file.

Run: .venv/bin/python tests/bench/bench_parsing.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from resolutions.parsing.formats import read_upload  # noqa: E402
from resolutions.parsing.plaintext import parse_text  # noqa: E402
from tests.support.builders import docx_from_edition, html_from_edition, tracked_docx_from_redline  # noqa: E402
from tests.support.shapes_docx import docx_twin, tracked_docx_twin  # noqa: E402
from tests.support.shapes_html import html_twin, tracked_html_twin  # noqa: E402
from tests.support.wdiff import redline_text  # noqa: E402


def timed(read, runs: int = 100) -> list[float]:
    result = []
    for _ in range(runs):
        start = time.perf_counter()
        read()
        result.append((time.perf_counter() - start) * 1000)
    return result


def main() -> None:
    text = (ROOT / "fixtures" / "pp-102-2014.txt").read_bytes()
    edition = parse_text(text)
    files = {
        "plain text": text,
        "Word .docx": docx_from_edition(edition),
        "HTML": html_from_edition(edition),
        "tracked-changes .docx (2 editions)": tracked_docx_from_redline(redline_text()),
    }
    print("Reading Resolution 102 (Rev. Busan, 2014)")
    report(files)
    shapes = ROOT / "tests" / "data" / "shapes"
    old, new = (shapes / "pp-999-2018.txt").read_bytes(), (shapes / "pp-999-2022.txt").read_bytes()
    print("Reading Resolution 999 (Rev. Bucharest, 2022): three levels of items, an annex, a table")
    report(
        {
            "plain text": new,
            "Word .docx, automatic numbering": docx_twin(new),
            "HTML, nested lists": html_twin(new),
            "tracked-changes .docx (2 editions)": tracked_docx_twin(old, new),
            "<ins>/<del> HTML (2 editions)": tracked_html_twin(old, new),
        }
    )


def report(files: dict[str, bytes]) -> None:
    for name, data in files.items():
        times = timed(lambda data=data: read_upload(data, filename="bench"))
        print(
            f"  {name:<36} {len(data):>7} bytes  min {min(times):6.2f}  "
            f"median {statistics.median(times):6.2f}  max {max(times):6.2f} ms"
        )


if __name__ == "__main__":
    main()
