"""How long a search takes: the bundled Resolution 102 (160 clauses), then
about 50,000 synthetic clauses (125 resolutions x 4 editions x 100 clauses).

    .venv/bin/python tests/bench/bench_search.py                 # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search \\
        .venv/bin/python tests/bench/bench_search.py             # PostgreSQL (creates test_bench_search)

Prints min / median / max milliseconds of: the search itself (count per
edition and the first page of 20 hits: four queries), the whole page
through Django's test client (form, filters, rendering) and the htmx answer
a delegate gets while typing (the results partial), for a common word,
two words, a phrase, a rare word, an exclusion and the filters; and how long
writing the 50,000 clauses took with the index kept by the database.

Synthetic texts draw words from the bundled editions with a Zipf-like
frequency, so common words match thousands of clauses as they would in
the real collection; each edition rewrites a few words of a tenth of its
clauses, so "changed in" has something to find.
"""

from __future__ import annotations

import io
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from resolutions.models import Clause, ClauseVersion, Edition, Resolution  # noqa: E402
from resolutions.search import PAGE_SIZE, Results, parse_query  # noqa: E402
from tests.bench.bench_parsing import timed as timed_runs  # noqa: E402

RUNS = 7
YEARS = (2010, 2014, 2018, 2022)
CITIES = {2010: "Guadalajara", 2014: "Busan", 2018: "Dubai", 2022: "Bucharest"}
RESOLUTIONS, CLAUSES = 125, 100

SEARCHES = [
    ("common word", {"q": "internet"}),
    ("two words", {"q": "international cooperation"}),
    ("phrase", {"q": '"domain names"'}),
    ("rare word", {"q": "ccTLD"}),
    ("word, minus a word", {"q": "policy -internet"}),
    ("one resolution", {"q": "internet", "resolution": "pp-102"}),
    ("latest editions", {"q": "internet", "latest": "on"}),
    ("changed in 2014", {"q": "internet", "new": "2014"}),
]


def timed(run: Callable[[], object]) -> list[float]:
    run()  # warm the caches: the figures are for a site in use
    return timed_runs(run, runs=RUNS)


def figures(times: list[float]) -> str:
    return f"min {min(times):7.1f}  median {statistics.median(times):7.1f}  max {max(times):7.1f} ms"


def report(title: str) -> None:
    client = Client()
    print(f"{title}: {ClauseVersion.objects.count():,} clause versions in {Edition.objects.count()} editions")
    for name, params in SEARCHES:

        def engine(params=params):
            results = Results(parse_query(params["q"]))
            return results.count(), results[0:PAGE_SIZE]

        page = timed(lambda params=params: client.get("/search/", params))
        matches = client.get("/search/", params).context["results"].total
        line = f"  {name:<20} {matches:>6} matches  "
        live = timed(lambda params=params: client.get("/search/", params, HTTP_HX_REQUEST="true"))
        if len(params) == 1:
            print(line + f"search  {figures(timed(engine))}")
            line = " " * len(line)
        print(line + f"page    {figures(page)}")
        print(" " * len(line) + f"htmx    {figures(live)}")


def vocabulary() -> tuple[list[str], list[float]]:
    words = re.findall(r"[A-Za-z]+", (ROOT / "fixtures" / "pp-102-2014.txt").read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts, key=counts.get, reverse=True)
    return ranked, [1 / (rank + 1) for rank in range(len(ranked))]


def synthetic_collection(rng: random.Random) -> float:
    """Write the synthetic resolutions; seconds it took."""
    words, weights = vocabulary()

    def sentence() -> str:
        return "to " + " ".join(rng.choices(words, weights, k=rng.randint(12, 45))) + ";"

    start = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        resolutions = Resolution.objects.bulk_create(
            Resolution(body="pp", number=1000 + n, title=" ".join(rng.choices(words, weights, k=8)))
            for n in range(RESOLUTIONS)
        )
        for resolution in resolutions:
            clauses = Clause.objects.bulk_create(Clause(resolution=resolution) for _ in range(CLAUSES))
            texts = [sentence() for _ in clauses]
            for year in YEARS:
                edition = Edition.objects.create(
                    resolution=resolution,
                    city=CITIES[year],
                    year=year,
                    designation=f"Rev. {CITIES[year]}, {year}",
                    title=resolution.title,
                    source_name="synthetic",
                    source_sha256="0" * 64,
                    imported_at=now,
                    imported_by="bench",
                )
                heading = ClauseVersion.objects.create(
                    clause=clauses[0], edition=edition, order=0, kind="heading", path="resolves/heading",
                    section_slug="resolves", text="resolves",
                )  # fmt: skip
                ClauseVersion.objects.bulk_create(
                    ClauseVersion(
                        clause=clause,
                        edition=edition,
                        order=index,
                        kind="item",
                        section=heading,
                        section_slug="resolves",
                        label=str(index),
                        path=f"resolves/{index}",
                        text=texts[index],
                    )  # fmt: skip
                    for index, clause in enumerate(clauses[1:], start=1)
                )
                for index in rng.sample(range(1, CLAUSES), CLAUSES // 10):  # the next edition's changes
                    text = texts[index].split()
                    text[rng.randrange(1, len(text))] = rng.choice(words)
                    texts[index] = " ".join(text)
    elapsed = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum (or a site's maintenance) would
    return elapsed


def main() -> None:
    setup_test_environment()
    scratch = tempfile.TemporaryDirectory()
    if connection.vendor == "sqlite":  # a file, as in production, not Django's in-memory test database
        connection.settings_dict["TEST"]["NAME"] = str(Path(scratch.name) / "bench.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    # The work of a search, not the page cache's (every publish empties it).
    no_cache = override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    )
    no_cache.enable()
    try:
        print(f"Search on {connection.vendor}, {RUNS} runs each, after one warm-up")
        call_command("load_bundled_editions", stdout=io.StringIO())
        report("Bundled Resolution 102")
        seconds = synthetic_collection(random.Random(102))
        rows = RESOLUTIONS * len(YEARS) * CLAUSES
        print(f"Writing {rows:,} synthetic clause versions, indexed as written: {seconds:.1f} s")
        report("Bundled + synthetic")
    finally:
        no_cache.disable()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        scratch.cleanup()


if __name__ == "__main__":
    main()
