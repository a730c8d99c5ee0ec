"""Benchmark of the public pages, at the scale of the whole collection.

    .venv/bin/python tests/bench/bench_pages.py [--quick]

Every page is requested in process through the same stack a server runs
(Django's handler with every middleware, WhiteNoise included; DEBUG off),
uncached and then served from the page cache, and next to it a static file
of the same size served by the same stack: the ratio says how close a page
is to the cost of a file. Each figure is min / median / max over repeated
runs after a warm-up, all in one process, so that ratios are comparable on
a noisy machine. SQL queries are counted per page: they must not grow with
the resolution or the collection.

Sizes: Resolution 102 as bundled; one synthetic resolution of 600 clauses;
then the synthetic corpus (200 resolutions x 5 editions x 60 clauses, from
`generate_corpus`) loaded with the bulk import, after which the home and
resolution pages and Resolution 102's pages are measured again. `--quick`
loads 20 resolutions instead of 200, for a run in a minute. Last, a fresh
process renders every page of that collection once and prints its peak
memory (bench_memory.py).

The database is a fresh SQLite file in a temporary folder, removed at the
end; nothing of the developer's own database is touched.
"""

from __future__ import annotations

import atexit
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-pages-"))
# At exit, failed or not, and for profile_page too, which imports this
# module for its setup; bench_memory has finished with the database by then.
atexit.register(shutil.rmtree, WORK, ignore_errors=True)
os.environ.update(
    DJANGO_SETTINGS_MODULE="config.settings",
    DJANGO_DEBUG="0",
    DJANGO_SECRET_KEY="bench-only-" + "x" * 40,
    DJANGO_ALLOWED_HOSTS="testserver",
    # Plain http, as behind a TLS-terminating proxy: the production default
    # would answer every request with a 301 to https.
    DJANGO_SECURE_SSL_REDIRECT="0",
    DJANGO_UPLOAD_ROOT=str(WORK / "uploads"),
)

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.DATABASES["default"]["NAME"] = str(WORK / "bench.sqlite3")
settings.STATIC_ROOT = WORK / "static"
django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from resolutions.corpus import write_corpus  # noqa: E402
from resolutions.models import Edition  # noqa: E402

RUNS, WARMUP = 15, 3


def quiet(*args, **kwargs) -> None:
    call_command(*args, stdout=io.StringIO(), stderr=io.StringIO(), **kwargs)


def timed(call, runs: int = RUNS) -> list[float]:
    for _ in range(WARMUP):
        call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def figures(times: list[float]) -> str:
    return f"{min(times):6.2f} / {statistics.median(times):6.2f} / {max(times):6.2f}"


def counting(queries: list[str]):
    def wrapper(execute, sql, *args):
        queries.append(sql)
        return execute(sql, *args)

    return wrapper


def pages_of(number: int, years: list[int], clause: str) -> dict[str, str]:
    old, new = years[-2], years[-1]
    compare = f"/pp/{number}/compare/{old}/{new}/"
    return {
        "resolution": f"/pp/{number}/",
        "edition": f"/pp/{number}/{new}/",
        "edition, changes": f"/pp/{number}/{new}/?changes=since-previous",
        "compare inline": compare,
        "compare side by side": compare + "?view=side-by-side",
        "compare changes only": compare + "?changes=only",
        "compare side, changes": compare + "?view=side-by-side&changes=only",
        "clause + history": f"/pp/{number}/{new}/{clause}/",
    }


class Bench:
    def __init__(self) -> None:
        self.client = Client()
        self.rows: list[tuple] = []
        self.static_sizes: dict[str, int] = {}

    def measure(self, size: str, pages: dict[str, str]) -> None:
        for name, url in pages.items():
            response = self.client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            body = len(response.content)
            queries = []
            cache.clear()
            # execute_wrapper rather than CaptureQueriesContext: the test client's
            # request_started signal resets the query log mid-capture.
            with connection.execute_wrapper(counting(queries)):
                self.client.get(url)

            def uncached(url=url):
                cache.clear()
                self.client.get(url)

            cold = timed(uncached)
            warm = timed(lambda url=url: self.client.get(url))
            self.rows.append((size, name, url, body, len(queries), cold, warm))

    def static_files(self) -> None:
        """A static file of each page's size, served by the same stack. Written
        into STATIC_ROOT before the stack that serves them is built (WhiteNoise
        indexes its files once, at start)."""
        for row in self.rows:
            path = settings.STATIC_ROOT / "bench" / f"{row[3]}.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"x" * row[3])
        client = Client()
        self.static_times = {}
        for row in self.rows:
            url = f"/static/bench/{row[3]}.html"
            assert client.get(url).status_code == 200, url
            self.static_times[row[3]] = timed(lambda url=url: client.get(url))

    def report(self) -> None:
        print(
            f"{'size':<22} {'page':<24} {'bytes':>8} {'SQL':>4}  {'uncached ms (min/med/max)':>26}  "
            f"{'cached ms':>26}  {'static file ms':>26}  static/cached"
        )
        for size, name, _url, body, sql, cold, warm in self.rows:
            static = self.static_times[body]
            ratio = statistics.median(static) / statistics.median(warm)
            print(
                f"{size:<22} {name:<24} {body:>8} {sql:>4}  {figures(cold):>26}  {figures(warm):>26}  "
                f"{figures(static):>26}  {ratio:6.0%}"
            )


def main(quick: bool = False) -> None:
    quiet("migrate", "--noinput")
    quiet("collectstatic", "--noinput")
    bench = Bench()

    quiet("load_bundled_editions")
    res102 = pages_of(102, [2010, 2014], "noting/b")
    bench.measure("Res. 102", {"home": "/", **res102})

    big = WORK / "big"
    write_corpus(big, resolutions=1, editions=2, clauses=600, first_number=600, seed=6)
    files = sorted(big.glob("*.txt"))
    start = time.perf_counter()
    quiet("import_edition", str(files[0]))
    first = time.perf_counter() - start
    start = time.perf_counter()
    quiet("import_edition", str(files[1]))
    aligned = time.perf_counter() - start
    print(
        f"Import a 600-clause edition: {first:.2f} s; import and align the next against it: {aligned:.2f} s"
    )
    years = sorted(Edition.objects.filter(resolution__number=600).values_list("year", flat=True))
    bench.measure("600 clauses", pages_of(600, years, "resolves/1"))

    resolutions = 20 if quick else 200
    corpus = WORK / "corpus"
    write_corpus(corpus, resolutions=resolutions, editions=5, clauses=60)
    start = time.perf_counter()
    quiet("import_edition", str(corpus))
    loaded = time.perf_counter() - start
    editions = Edition.objects.count()
    print(
        f"Load the synthetic corpus ({resolutions} resolutions x 5 editions x 60 clauses) with the bulk "
        f"import: {loaded:.1f} s ({loaded / (resolutions * 5) * 1000:.0f} ms an edition); "
        f"{editions} editions stored in all"
    )
    years = sorted(Edition.objects.filter(resolution__number=1000).values_list("year", flat=True))
    scale = f"corpus ({resolutions} res.)"
    bench.measure(scale, {"home": "/", **pages_of(1000, years, "recognizing/a")})
    bench.measure(scale, {f"Res. 102 {name}": url for name, url in res102.items()})

    bench.static_files()
    bench.report()
    connection.close()
    memory = Path(__file__).with_name("bench_memory.py")
    subprocess.run([sys.executable, str(memory), settings.DATABASES["default"]["NAME"], str(settings.STATIC_ROOT)], check=True)


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
