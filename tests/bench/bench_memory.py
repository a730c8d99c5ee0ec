"""Peak memory of one worker that has rendered every page of a collection.

    .venv/bin/python tests/bench/bench_memory.py DATABASE STATIC_ROOT

Run by bench_pages (after it has loaded the synthetic corpus) in a process
of its own, as a fresh server worker would be: Django set up as in
production (DEBUG off, the page cache in the process's memory), then every
public page requested once: the home page; each resolution's page; each
edition's page, as printed and with its changes; each comparison of
consecutive editions, inline and side by side; and the clause page of
every clause of each resolution's newest edition. Prints the process's
peak resident size (getrusage ru_maxrss); issue 9 asks for 150 MB.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.update(
    DJANGO_SETTINGS_MODULE="config.settings",
    DJANGO_DEBUG="0",
    DJANGO_SECRET_KEY="bench-only-" + "x" * 40,
    DJANGO_ALLOWED_HOSTS="testserver",
    DJANGO_SECURE_SSL_REDIRECT="0",
)

import django  # noqa: E402
from django.conf import settings  # noqa: E402


def main(database: str, static_root: str) -> None:
    settings.DATABASES["default"]["NAME"] = database
    settings.STATIC_ROOT = Path(static_root)
    django.setup()
    from django.test import Client

    from resolutions.models import ClauseVersion, Resolution

    client = Client()
    urls, newest = ["/"], []
    for resolution in Resolution.objects.prefetch_related("editions").order_by("number"):
        editions = sorted(resolution.editions.all(), key=lambda edition: edition.year)
        urls.append(resolution.get_absolute_url())
        newest.append(editions[-1].pk)
        for edition in editions:
            urls += [edition.get_absolute_url(), edition.get_absolute_url() + "?changes=since-previous"]
        for old, new in zip(editions, editions[1:], strict=False):
            compare = f"/{resolution.body}/{resolution.number}/compare/{old.year}/{new.year}/"
            urls += [compare, compare + "?view=side-by-side"]
    urls += [
        version.get_absolute_url()
        for version in ClauseVersion.objects.filter(edition__in=newest).select_related("edition__resolution")
    ]
    start = time.perf_counter()
    for url in urls:
        status = client.get(url).status_code
        assert status == 200, (url, status)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(
        f"Peak memory of one worker after rendering every page once ({len(urls):,} pages, "
        f"{Resolution.objects.count()} resolutions, {seconds:.0f} s): {peak_mb:.0f} MB (target <= 150 MB)"
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
