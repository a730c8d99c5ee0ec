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
- The page as it was sent (compressed for the client's Accept-Encoding,
  headers and all) is kept in Django's cache (`CACHE_URL`: Redis when there
  are several servers) by `PageCacheMiddleware`, which sits just below
  WhiteNoise. A page asked for again is answered there, before the rest of
  the middleware, the URL resolver and the view: one cache read and the
  stamp query, which the kept page's own stamp must still equal. A page
  served from cache thus costs about what a static file costs (issue 9),
  where the same page kept by the view still went through a dozen
  middleware and was compressed again on every request.
- The kept page's key is what the answer varies on, and nothing else:
  scheme and host (pages carry absolute permalinks), path and query,
  HX-Request and HX-History-Restore-Request (an htmx fragment and the full
  page are never confused), Accept (a page or its JSON) and the chosen
  content coding. The stamp is not in the key but checked against the kept
  entry: the middleware cannot know which resolution an address shows
  before the view has said so, and the entry remembers it. A publish
  changes the stamp of that resolution's pages only, so they all miss at
  once and every other resolution's pages stay cached; stale entries are
  overwritten or expire by their timeout.
- An htmx fragment and the full page of the same address also have
  different ETags, and every answer says `Vary: HX-Request`, so that no
  cache in between can confuse them either.
- Only what a public view answers 200, without a cookie, is kept, for
  `RESOLUTIONS_PAGE_CACHE_SECONDS` (0 while developing: template edits
  show; ETags and 304s still work).
- A cache that fails (Redis down or slow) is a logged miss, never an error
  page: the database alone can serve every page.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django_http_compression.middleware import best_coding

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
STAMP_ONE = (
    'SELECT COUNT(e."id"), MAX(e."id"), MAX(e."imported_at"), '
    '(SELECT MAX(w."withdrawn_at") FROM "resolutions_withdrawal" w '
    'INNER JOIN "resolutions_resolution" r ON w."resolution_id" = r."id" WHERE r."body" = %s AND r."number" = %s) '
    'FROM "resolutions_edition" e '
    'INNER JOIN "resolutions_resolution" r ON e."resolution_id" = r."id" WHERE r."body" = %s AND r."number" = %s'
)
# The whole collection's, for the home page: each aggregate a query of its
# own, which the databases answer from an index (the primary key, the
# index on imported_at) or a count, where the three together made SQLite
# read every edition (0.17-0.35 ms with a thousand editions, on every
# request of the home page, cached or not, against 0.01 ms).
STAMP_ALL = (
    'SELECT (SELECT COUNT(*) FROM "resolutions_edition"), (SELECT MAX("id") FROM "resolutions_edition"), '
    '(SELECT MAX("imported_at") FROM "resolutions_edition"), '
    '(SELECT MAX("withdrawn_at") FROM "resolutions_withdrawal")'
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


@dataclass(frozen=True)
class Scope:
    """Which editions a page shows (a resolution's, or all of them for
    `body` None) and which of the answers at its address it is: what the
    page cache must know to tell whether a kept page is still right."""

    body: str | None
    number: int | None
    variant: str = ""

    def stamp(self) -> Stamp:
        return Stamp.of(self.body, self.number) if self.body is not None else Stamp.of()


def cached_page(view: View | None = None, *, variant: str = "") -> View | Callable[[View], View]:
    """Validators and 304s for a public view whose arguments name a
    resolution (`body`, `number`), or none (the index), and the scope that
    lets PageCacheMiddleware keep the page.

    `variant` tells apart two answers at one address: a page's JSON, which
    the page's own address answers to `Accept: application/json`
    (`@cached_page(variant="json")`), is not the page."""
    if view is None:
        return lambda view: cached_page(view, variant=variant)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        scope = Scope(kwargs.get("body"), kwargs.get("number"), variant)
        stamp = scope.stamp()
        etag = stamp.etag(request, variant)
        # HTTP dates count whole seconds.
        last_modified = int(stamp.changed.timestamp()) if stamp.changed else None
        not_modified = get_conditional_response(request, etag=quote_etag(etag), last_modified=last_modified)
        if not_modified is not None:
            return with_validators(not_modified, quote_etag(etag), last_modified)
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            with_validators(response, quote_etag(etag), last_modified)
            response.page_cache = KeptPage(scope, stamp)
        return response

    return wrapper


@dataclass(frozen=True)
class KeptPage:
    """A page as PageCacheMiddleware keeps it: the response as it went out,
    with the scope and stamp it was built under."""

    scope: Scope
    stamp: Stamp
    response: HttpResponse | None = None

    def is_current(self) -> bool:
        return self.scope.stamp() == self.stamp


class PageCacheMiddleware:
    """Keeps what a `cached_page` view answered, as sent, and answers the
    same request from it while the page's stamp is unchanged (see the
    module's docstring). It sits below WhiteNoise and above compression,
    so that what it keeps is already compressed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or settings.RESOLUTIONS_PAGE_CACHE_SECONDS <= 0:
            return self.get_response(request)
        try:
            key = page_key(request)
        except DisallowedHost:
            return self.get_response(request)  # answered 400 where it always was
        kept = cache_get(key)
        if kept is not None and kept.is_current():
            changed = kept.stamp.changed
            last_modified = int(changed.timestamp()) if changed else None
            etag = kept.response["ETag"]
            not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
            return (
                kept.response if not_modified is None else with_validators(not_modified, etag, last_modified)
            )
        response = self.get_response(request)
        page = getattr(response, "page_cache", None)
        if page is not None:
            # The kept page holds the response, not the response the kept
            # page: otherwise every entry pickles its scope and stamp twice.
            del response.page_cache
            if storable(response):
                cache_set(key, replace(page, response=response))
        return response


def page_key(request: HttpRequest) -> str:
    """What a public page's answer varies on (its Vary header), and the
    build, as a key."""
    meta = request.META
    asked = "|".join(
        (
            BUILD,
            request.scheme,
            request.get_host(),
            request.path,
            meta.get("QUERY_STRING", ""),
            meta.get("HTTP_HX_REQUEST", ""),
            meta.get("HTTP_HX_HISTORY_RESTORE_REQUEST", ""),
            meta.get("HTTP_ACCEPT", ""),
            best_coding(meta.get("HTTP_ACCEPT_ENCODING", "")),
        )
    )
    return "page:" + hashlib.sha256(asked.encode()).hexdigest()[:32]


def storable(response: HttpResponse) -> bool:
    return (
        settings.RESOLUTIONS_PAGE_CACHE_SECONDS > 0
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "cookie" not in response.get("Vary", "").lower()
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
