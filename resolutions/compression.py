"""Compressed pages, except those that carry a secret.

django-http-compression (Adam Johnson's, like django-htmx) picks zstd,
brotli or gzip from Accept-Encoding and pads responses against length
attacks. A page that carries a CSRF token is still left uncompressed:
BREACH recovers a secret from the compressed size of pages that reflect
attacker-chosen text beside it, and padding only slows it down. Public pages
hold no secret (no session, no token), so they are always compressed; the
admin never is.

A page from the page cache (resolutions.caching) is the same bytes for the
same ETag, so its compressed bytes are kept too, in the same cache, under
the ETag and the coding: compressing 90 KB with brotli took four times as
long as serving the cached page, and kept a cached page at a fraction of
a static file's throughput (WhiteNoise serves precompressed files).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django_http_compression.middleware import HttpCompressionMiddleware, best_coding

from resolutions.caching import cache_get, cache_set, storable


def carries_a_secret(request: HttpRequest, response: HttpResponseBase) -> bool:
    # Rendering a token sets the CSRF cookie on the response (Django renews
    # it whenever the token is used), whatever the URL.
    return request.path.startswith("/admin/") or settings.CSRF_COOKIE_NAME in response.cookies


class CompressionMiddleware(HttpCompressionMiddleware):
    def maybe_compress(self, request: HttpRequest, response: HttpResponseBase) -> None:
        if carries_a_secret(request, response):
            return
        etag = response.get("ETag", "")
        coding = best_coding(request.headers.get("accept-encoding", ""))
        if (
            coding == "identity"
            or not etag
            or "content-encoding" in response.headers
            or not storable(response)
        ):
            super().maybe_compress(request, response)
            return
        key = f"compressed:{coding}:{etag}"
        kept = cache_get(key)
        if kept is not None:
            # The library's own answer, bytes and headers, as it gave them
            # the first time (its X-Noise padding included: a public page
            # has no secret to guard).
            response.content = kept["content"]
            for header, value in kept["headers"].items():
                response.headers[header] = value
            return
        before = dict(response.headers)
        super().maybe_compress(request, response)
        changed = {header: value for header, value in response.headers.items() if before.get(header) != value}
        cache_set(key, {"content": response.content, "headers": changed})
