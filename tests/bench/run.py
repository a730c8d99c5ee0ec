"""`make bench`: every benchmark, one after the other, in one run so that
the ratios between sizes are measured under the same load.

The page benchmark sets Django up its own way (DEBUG off, a database of its
own), so it runs in a process of its own, after the others; `make bench
BENCH_ARGS=--quick` loads 20 synthetic resolutions instead of 200. Then
bench_served starts gunicorn on a free port and compares, with wrk, a
cached page's throughput with a static file's of the same bytes; last,
bench_lighthouse scores the comparison and an edition with Lighthouse
(skipped, saying why, without node, npm or Chromium).
"""

import subprocess
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

print("\n== Pages ==", flush=True)
subprocess.run([sys.executable, str(Path(__file__).with_name("bench_pages.py")), *sys.argv[1:]], check=True)

print("\n== Served from cache through gunicorn, against a static file (wrk) ==", flush=True)
subprocess.run([sys.executable, str(Path(__file__).with_name("bench_served.py"))], check=True)

print("\n== Lighthouse: the comparison and an edition, as a phone and as a desktop ==", flush=True)
subprocess.run([sys.executable, str(Path(__file__).with_name("bench_lighthouse.py"))], check=True)
