"""What every page's frame (templates/base.html) links to: the site's own
pages and its static files, as `site.*` in every template.

These addresses are the same on every request of a worker, yet reversing
them and asking the static storage for each hashed name, for every page,
was a twentieth of a clause page's time. They are worked out once per
script prefix (a site served under a path prefix gets its own), and the
static names once per worker: a deployment that changes a file starts new
workers.
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType

from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse

PAGES = {
    "index": "resolutions:index",
    "search": "resolutions:search",
    "cite": "resolutions:cite",
    "link": "resolutions:link",
}
STATIC = {
    "favicon": "img/favicon.svg",
    "stylesheet": "css/site.css",
    "htmx": "js/vendor/htmx-2.0.11.min.js",
    "script": "js/site.js",
}


def site_links(request: HttpRequest) -> dict:
    return {"site": links_under(get_script_prefix())}


@lru_cache(maxsize=16)
def links_under(script_prefix: str) -> MappingProxyType:
    """The frame's addresses under this script prefix, which reverse() and
    static() put in front."""
    return MappingProxyType(
        {name: reverse(pattern) for name, pattern in PAGES.items()}
        | {name: static(path) for name, path in STATIC.items()}
    )
