"""Public pages kept in the cache, shown fresh the moment an edition lands.

A page is stored only when its view declared it `Cache-Control: public`
(resolutions.views.public), answered 200 and set no cookie, so nothing of
the admin's and nothing personal is ever kept. Keys follow Django's own
scheme (URL, plus the headers the page varies on, such as HX-Request), with
one addition: they name the editions stored, as their count and highest id.
Editions change only by being imported, replaced or deleted, each of which
changes that stamp, so a publish on any server, or by `import_edition` from
a shell, makes every server miss and render the new pages at once, even when
each worker has its own memory cache. Old entries are never read again and
expire. The stamp costs one indexed query a request.

A cache that fails (Redis down or slow) is a miss, logged, never an error
page: the database alone can serve every page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_cache_key, learn_cache_key

from resolutions.models import Edition

logger = logging.getLogger(__name__)

NOT_PAGES = ("/admin/", "/healthz", "/static/")


def editions_stamp() -> str:
    figures = Edition.objects.aggregate(count=Count("id"), last=Max("id"))
    return f"{figures['count']}.{figures['last'] or 0}"


def storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "public" in response.get("Cache-Control", "")
        and "*" not in response.get("Vary", "")
    )


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.RESOLUTIONS_PAGE_CACHE_SECONDS
        if not seconds or request.method not in ("GET", "HEAD") or request.path.startswith(NOT_PAGES):
            return self.get_response(request)
        request.get_host()  # a Host not allowed is a 400, before any key is made of it
        cache = caches["default"]
        prefix = f"pages.{editions_stamp()}"
        try:
            key = get_cache_key(request, prefix, "GET", cache=cache)
            cached = cache.get(key) if key is not None else None
        except Exception as error:  # noqa: BLE001 (any cache failure is a miss)
            logger.warning("page cache: cannot read (%s); rendering the page", error)
            return self.get_response(request)
        if cached is not None:
            return cached
        response = self.get_response(request)
        if request.method == "GET" and storable(response):
            try:
                cache.set(learn_cache_key(request, response, seconds, prefix, cache=cache), response, seconds)
            except Exception as error:  # noqa: BLE001
                logger.warning("page cache: cannot store (%s)", error)
        return response
