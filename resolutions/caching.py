"""HTTP caching of the public pages: validators, and a shared page cache.

Every public page shows the editions of one resolution (the index: of all
of them), so what it shows can only change when one of those editions is
published, replaced or withdrawn. A page's *stamp* captures exactly that:
how many editions there are, the highest id, the newest import time and the
latest withdrawal (a publish adds a row, a replacement rewrites its time, a
withdrawal removes a row and adds a `Withdrawal`, whose time is needed
because the count and highest id go back to what they were before the
withdrawn edition was published, and Last-Modified must not go back). One
aggregate query gives it, before any page is built.

- `ETag` is a hash of the stamp, the build (templates and static files) and
  what the request asks for (scheme and host, since pages carry absolute
  permalinks; path, query, htmx fragment or full page);
  `Last-Modified` is the newest import or withdrawal. `If-None-Match` and
  `If-Modified-Since` get a 304 without the page being built.
- The rendered page is kept in Django's cache (`CACHE_URL`: Redis when
  there are several servers) under its ETag. A publish changes the stamp of
  that resolution's pages only, so they all miss at once and every other
  resolution's pages stay cached; stale entries expire by their timeout.
- An htmx fragment and the full page of the same address have different
  ETags and cache keys, and every answer says `Vary: HX-Request`, so that
  no cache in between can confuse them. The host and scheme are part of the
  key too: pages carry absolute permalinks.
- Only what a public view answers 200, without a cookie, is kept, for
  `RESOLUTIONS_PAGE_CACHE_SECONDS` (0 while developing: template edits
  show; ETags and 304s still work). Pages are kept uncompressed and
  compressed on the way out (resolutions.compression), for each client's
  Accept-Encoding.
- A cache that fails (Redis down or slow) is a logged miss, never an error
  page: the database alone can serve every page.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponse]


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


# Edition.objects(.filter(resolution__body=, resolution__number=))
# .aggregate(Count("id"), Max("id"), Max("imported_at")) and the latest
# Withdrawal's time, in the SQL that SQLite and PostgreSQL both read
# (tests/test_caching.py holds them equal to the ORM's). The withdrawal is
# a subquery: joined, it would repeat the edition rows it is counting.
_OF_RESOLUTION = ' INNER JOIN "resolutions_resolution" r ON {table}."resolution_id" = r."id" WHERE r."body" = %s AND r."number" = %s'
STAMP_SQL = (
    'SELECT COUNT(e."id"), MAX(e."id"), MAX(e."imported_at"), '
    '(SELECT MAX(w."withdrawn_at") FROM "resolutions_withdrawal" w{withdrawals}) '
    'FROM "resolutions_edition" e{editions}'
)
STAMP_ALL = STAMP_SQL.format(withdrawals="", editions="")
STAMP_ONE = STAMP_SQL.format(
    withdrawals=_OF_RESOLUTION.format(table="w"), editions=_OF_RESOLUTION.format(table="e")
)


def stored_datetime(value: datetime | str | None) -> datetime | None:
    """An aggregate's datetime as the ORM would give it: SQLite returns the
    stored text, naive UTC; PostgreSQL an aware datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value


@dataclass(frozen=True)
class Stamp:
    count: int
    last_id: int
    newest: datetime | None
    # The latest withdrawal: a withdrawal puts the counts back where they
    # were before that edition was published, and the pages must still change.
    withdrawn: datetime | None = None

    @classmethod
    def of(cls, body: str | None = None, number: int | None = None) -> Stamp:
        # Every request asks this, cached page or not; the same aggregate
        # through the ORM spent 45% of a cached page's time compiling the
        # query (cProfile: get_aggregation), so it is written out once here.
        if number is not None and not -(2**63) <= number < 2**63:
            return cls(0, 0, None)  # no such resolution (the database would refuse the number)
        with connection.cursor() as cursor:
            if body is None:
                cursor.execute(STAMP_ALL)
            else:
                cursor.execute(STAMP_ONE, [body.lower(), number, body.lower(), number])
            count, last_id, newest, withdrawn = cursor.fetchone()
        return cls(count, last_id or 0, stored_datetime(newest), stored_datetime(withdrawn))

    @property
    def changed(self) -> datetime | None:
        """When what the page shows last changed: Last-Modified."""
        return max(filter(None, (self.newest, self.withdrawn)), default=None)

    def etag(self, request: HttpRequest, variant: str = "") -> str:
        parts = (
            BUILD,
            str(self.count),
            str(self.last_id),
            self.newest.isoformat() if self.newest else "",
            self.withdrawn.isoformat() if self.withdrawn else "",
            request.scheme,
            request.get_host(),  # a Host not allowed is a 400 here, before any key is made
            request.path,
            request.META.get("QUERY_STRING", ""),
            "fragment" if request.headers.get("HX-Request") else "page",
            "restore" if request.headers.get("HX-History-Restore-Request") else "",
        )
        asked = "|".join((*parts, variant) if variant else parts)
        return hashlib.sha256(asked.encode()).hexdigest()[:32]


def cached_page(view: View | None = None, *, variant: str = "") -> View | Callable[[View], View]:
    """Validators, 304s and the shared cache for a public view whose
    arguments name a resolution (`body`, `number`), or none (the index).

    `variant` tells apart two answers at one address: a page's JSON, which
    the page's own address answers to `Accept: application/json`
    (`@cached_page(variant="json")`), is not the page."""
    if view is None:
        return lambda view: cached_page(view, variant=variant)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        body = kwargs.get("body")
        stamp = Stamp.of(body, kwargs.get("number")) if body is not None else Stamp.of()
        etag = quote_etag(stamp.etag(request, variant))
        # HTTP dates count whole seconds.
        last_modified = int(stamp.changed.timestamp()) if stamp.changed else None
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return with_validators(not_modified, etag, last_modified)
        key = f"page:{etag}"
        response = cache_get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                with_validators(response, etag, last_modified)
            if storable(response):
                cache_set(key, response)
        return response

    return wrapper


def storable(response: HttpResponse) -> bool:
    return (
        settings.RESOLUTIONS_PAGE_CACHE_SECONDS > 0
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "public" in response.get("Cache-Control", "")
    )


def cache_get(key: str) -> HttpResponse | None:
    try:
        return cache.get(key)
    except Exception as error:  # noqa: BLE001 -- any cache failure is a miss
        logger.warning("page cache: cannot read (%s); rendering the page", error)
        return None


def cache_set(key: str, response: HttpResponse) -> None:
    try:
        cache.set(key, response, settings.RESOLUTIONS_PAGE_CACHE_SECONDS)
    except Exception as error:  # noqa: BLE001
        logger.warning("page cache: cannot store (%s)", error)


def with_validators(response: HttpResponse, etag: str, last_modified: int | None) -> HttpResponse:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    patch_vary_headers(response, ["HX-Request"])
    if "Cache-Control" not in response:
        response["Cache-Control"] = "public, max-age=300"
    return response
