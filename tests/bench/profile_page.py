"""Where a page's time goes: pyinstrument over repeated uncached requests.

    .venv/bin/python tests/bench/profile_page.py URL [URL ...] [--big] [--runs N] [--html FILE]

Sets Django up as bench_pages does (DEBUG off, a fresh SQLite database in a
temporary folder, removed at exit, the bundled editions loaded; `--big`
also imports the 600-clause synthetic resolution as number 600), clears
the page cache before each request, and prints pyinstrument's call tree of
all the runs together (`--html` writes it to FILE as well). A companion to `make bench`, which says how long; this says why.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_pages  # noqa: E402  (sets Django up)
from pyinstrument import Profiler  # noqa: E402

from resolutions.corpus import write_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--big", action="store_true")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--html", type=Path)
    args = parser.parse_args()
    bench_pages.quiet("migrate", "--noinput")
    bench_pages.quiet("collectstatic", "--noinput")
    bench_pages.quiet("load_bundled_editions")
    if args.big:
        big = bench_pages.WORK / "big"
        write_corpus(big, resolutions=1, editions=2, clauses=600, first_number=600, seed=6)
        for path in sorted(big.glob("*.txt")):
            bench_pages.quiet("import_edition", str(path))
    client = bench_pages.Client()
    for url in args.urls:
        assert client.get(url).status_code == 200, url
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(args.runs):
            for url in args.urls:
                bench_pages.cache.clear()
                client.get(url)
    if args.html:
        args.html.write_text(profiler.output_html())
    print(profiler.output_text(unicode=True, show_all=False))


if __name__ == "__main__":
    main()
