"""How long `align` takes: Resolution 102 (2010 -> 2014) and synthetic
revisions of 100, 1,000 and 10,000 clauses.

Run from the project root: .venv/bin/python tests/bench/bench_alignment.py
Prints min / median / max milliseconds, and for the synthetic sizes the
growth of the fastest run against the growth of the size (exponent 1.0 =
linear); the fastest run, because other work on the machine only adds time.
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from resolutions.alignment import align  # noqa: E402
from resolutions.document import ParsedClause  # noqa: E402
from resolutions.parsing.plaintext import parse_text  # noqa: E402
from tests.support.synthetic import f1, matched_pairs, synthetic_pair  # noqa: E402


def timings(old: Sequence[ParsedClause], new: Sequence[ParsedClause], runs: int) -> list[float]:
    """Milliseconds of each run."""
    result = []
    for _ in range(runs):
        start = time.perf_counter()
        align(old, new)
        result.append((time.perf_counter() - start) * 1000)
    return result


def line(name: str, clauses: int, times: list[float], extra: str = "") -> str:
    median = statistics.median(times)
    return (
        f"{name:<28} {clauses:>6} clauses  min {min(times):8.1f}  median {median:8.1f}  "
        f"max {max(times):8.1f} ms  ({median / clauses * 100:.2f} ms per 100 clauses){extra}"
    )


def main() -> None:
    old = parse_text((ROOT / "fixtures" / "pp-102-2010.txt").read_bytes()).clauses
    new = parse_text((ROOT / "fixtures" / "pp-102-2014.txt").read_bytes()).clauses
    print(line("Resolution 102, 2010->2014", len(old), timings(old, new, 50)))

    previous: tuple[int, float] | None = None
    for size, runs in ((100, 30), (1_000, 10), (10_000, 5)):
        pairs = [synthetic_pair(size, seed) for seed in range(3)]
        times = [t for pair in pairs for t in timings(pair.old, pair.new, runs)]
        clauses = round(statistics.mean(len(pair.old) for pair in pairs))
        score = min(f1(matched_pairs(align(pair.old, pair.new)), pair.truth) for pair in pairs)
        fastest = min(times)
        growth = ""
        if previous is not None:
            size_ratio, time_ratio = clauses / previous[0], fastest / previous[1]
            exponent = math.log(time_ratio) / math.log(size_ratio)  # time ~ size^k; 1.0 is linear
            growth = f"  x{size_ratio:.1f} clauses -> x{time_ratio:.1f} time (exponent {exponent:.2f})"
        print(line(f"synthetic {size:,} (3 seeds)", clauses, times, f"  F1 >= {score:.4f}{growth}"))
        previous = (clauses, fastest)


if __name__ == "__main__":
    main()
