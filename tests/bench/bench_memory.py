"""Peak memory of one worker that has rendered every page of a collection.

    .venv/bin/python tests/bench/bench_memory.py DATABASE STATIC_ROOT

Run by bench_pages (after it has loaded the synthetic corpus) in a process
of its own, as a fresh server worker would be: Django set up as in
production (DEBUG off, the page cache in the process's memory), then every
public page requested once through the WSGI application a server calls:
the home page; each resolution's page; each edition's page, as printed and
with its changes; each comparison of consecutive editions, inline and side
by side; and the clause page of every clause of each resolution's newest
edition. Prints the process's peak resident size, after start and after
each kind of page; issue 9 asks for 150 MB.

The peak is the kernel's VmHWM of this process, not getrusage's ru_maxrss:
Linux carries ru_maxrss across exec, so a benchmark started by a bigger
process (bench_pages, 240 MB) reported its parent's peak. Pages go straight
to the WSGI handler, not through django.test.Client, whose per-request
template_rendered receivers leave a weakref.finalize behind for every page
(12 MB over the 20,000 pages of the full corpus) that no server has.
"""

from __future__ import annotations

import io
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

from django.conf import settings  # noqa: E402


def peak_mb() -> float:
    """The most memory this process has held, in MB (VmHWM; ru_maxrss where
    there is no /proc)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024  # kilobytes


def pages() -> dict[str, list[str]]:
    """Every public page's address, by kind."""
    from resolutions.models import ClauseVersion, Resolution

    kinds: dict[str, list[str]] = {
        "home": ["/"],
        "resolution": [],
        "edition": [],
        "edition, changes": [],
        "compare inline": [],
        "compare side by side": [],
        "clause": [],
    }
    newest = {}
    for resolution in Resolution.objects.prefetch_related("editions").order_by("number"):
        editions = sorted(resolution.editions.all(), key=lambda edition: edition.year)
        kinds["resolution"].append(resolution.get_absolute_url())
        newest[editions[-1].pk] = editions[-1]
        for edition in editions:
            kinds["edition"].append(edition.get_absolute_url())
            kinds["edition, changes"].append(edition.get_absolute_url() + "?changes=since-previous")
        for old, new in zip(editions, editions[1:], strict=False):
            compare = f"/{resolution.body}/{resolution.number}/compare/{old.year}/{new.year}/"
            kinds["compare inline"].append(compare)
            kinds["compare side by side"].append(compare + "?view=side-by-side")
    # Only the paths: the versions' texts, 12,000 of them, would be the
    # benchmark's memory rather than the worker's.
    paths = ClauseVersion.objects.filter(edition__in=list(newest)).values_list("edition_id", "path")
    kinds["clause"] = [newest[edition].clause_url(path) for edition, path in paths.iterator()]
    return kinds


def get(application, url: str) -> int:
    path, _, query = url.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    status = []
    response = application(environ, lambda line, headers: status.append(line))
    try:
        for _chunk in response:
            pass
    finally:
        response.close()
    return int(status[0].split()[0])


def main(database: str, static_root: str) -> None:
    settings.DATABASES["default"]["NAME"] = database
    settings.STATIC_ROOT = Path(static_root)
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()  # django.setup(), as config/wsgi.py
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 -- the views imported, as by a worker's first request
    print(f"Memory of one worker after start (imports, URLs): {peak_mb():.0f} MB")
    kinds = pages()
    start = time.perf_counter()
    for kind, urls in kinds.items():
        began = time.perf_counter()
        for url in urls:
            status = get(application, url)
            assert status == 200, (url, status)
        print(
            f"  peak after {len(urls):>6,} {kind + ' pages':<26} {peak_mb():4.0f} MB ({time.perf_counter() - began:.0f} s)"
        )
    seconds = time.perf_counter() - start
    from resolutions.models import Resolution

    print(
        f"Peak memory of one worker after rendering every page once "
        f"({sum(map(len, kinds.values())):,} pages, {Resolution.objects.count()} resolutions, "
        f"{seconds:.0f} s): {peak_mb():.0f} MB (target <= 150 MB)"
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
