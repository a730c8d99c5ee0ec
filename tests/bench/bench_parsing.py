"""Reading Resolution 102 in every format: min / median / max per file.

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
    for name, data in files.items():
        times = timed(lambda data=data: read_upload(data, filename="bench"))
        print(
            f"  {name:<36} {len(data):>7} bytes  min {min(times):6.2f}  "
            f"median {statistics.median(times):6.2f}  max {max(times):6.2f} ms"
        )


if __name__ == "__main__":
    main()
