"""`make bench`: every benchmark, one after the other, in one run so that
the ratios between sizes are measured under the same load."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench import bench_alignment, bench_parsing, bench_redline, bench_search  # noqa: E402

for title, bench in (
    ("Parsing", bench_parsing),
    ("Alignment", bench_alignment),
    ("Redline", bench_redline),
    ("Search", bench_search),
):
    print(f"\n== {title} ==")
    bench.main()
