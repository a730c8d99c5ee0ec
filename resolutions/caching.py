"""HTTP caching of the public pages: validators, and a shared page cache.

Every public page shows the editions of one resolution (the index: of all
of them), so what it shows can only change when one of those editions is
published, replaced or withdrawn. A page's *stamp* captures exactly that:
how many editions there are, the highest id and the newest import time (a
publish adds a row, a replacement rewrites its time, a withdrawal removes a
row). One aggregate query gives it, before any page is built.

- `ETag` is a hash of the stamp, the build (templates and static files) and
  what the request asks for (path, query, htmx fragment or full page);
  `Last-Modified` is the newest import. `If-None-Match` and
  `If-Modified-Since` get a 304 without the page being built.
- The rendered page is kept in Django's cache (`CACHE_URL`: Redis when
  there are several servers) under its ETag. A publish changes the stamp of
  that resolution's pages only, so they all miss at once and every other
  resolution's pages stay cached; stale entries expire by their timeout.
- An htmx fragment and the full page of the same address have different
  ETags and cache keys, and every answer says `Vary: HX-Request`, so that
  no cache in between can confuse them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag

from resolutions.models import Edition

# How long a rendered page stays in the shared cache. Correctness does not
# depend on it (a publish changes the keys); it only bounds the memory that
# superseded pages hold.
PAGE_TIMEOUT = 24 * 3600


def build_id() -> str:
    """What the code makes of a page: a hash of the templates and static
    files, so that a deployment that changes the HTML changes every ETag."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for folder in ("templates", "static/css", "static/js"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


BUILD = build_id()


@dataclass(frozen=True)
class Stamp:
    count: int
    last_id: int
    newest: datetime | None

    @classmethod
    def of(cls, body: str | None = None, number: int | None = None) -> Stamp:
        editions = Edition.objects.all()
        if body is not None:
            editions = editions.filter(resolution__body=body.lower(), resolution__number=number)
        found = editions.aggregate(count=Count("id"), last_id=Max("id"), newest=Max("imported_at"))
        return cls(found["count"], found["last_id"] or 0, found["newest"])

    def etag(self, request: HttpRequest) -> str:
        asked = "|".join(
            (
                BUILD,
                str(self.count),
                str(self.last_id),
                self.newest.isoformat() if self.newest else "",
                request.path,
                request.META.get("QUERY_STRING", ""),
                "fragment" if request.headers.get("HX-Request") else "page",
                "restore" if request.headers.get("HX-History-Restore-Request") else "",
            )
        )
        return hashlib.sha256(asked.encode()).hexdigest()[:32]


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Validators, 304s and the shared cache for a public view whose
    arguments name a resolution (`body`, `number`), or none (the index)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        body = kwargs.get("body")
        stamp = Stamp.of(body, kwargs.get("number")) if body is not None else Stamp.of()
        etag = quote_etag(stamp.etag(request))
        # HTTP dates count whole seconds.
        last_modified = int(stamp.newest.timestamp()) if stamp.newest else None
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return with_validators(not_modified, etag, last_modified)
        key = f"page:{etag}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                with_validators(response, etag, last_modified)
                cache.set(key, response, PAGE_TIMEOUT)
        return response

    return wrapper


def with_validators(response: HttpResponse, etag: str, last_modified: int | None) -> HttpResponse:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    patch_vary_headers(response, ["HX-Request"])
    if "Cache-Control" not in response:
        response["Cache-Control"] = "public, max-age=300"
    return response
