"""Compressed pages, except those that carry a secret.

django-http-compression (Adam Johnson's, like django-htmx) picks zstd,
brotli or gzip from Accept-Encoding and pads responses against length
attacks. A page that carries a CSRF token is still left uncompressed:
BREACH recovers a secret from the compressed size of pages that reflect
attacker-chosen text beside it, and padding only slows it down. Public pages
hold no secret (no session, no token), so they are always compressed; the
admin never is.

A page from the page cache (resolutions.caching) was kept as it was sent,
compressed: it is not compressed again.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django_http_compression.middleware import HttpCompressionMiddleware


def carries_a_secret(request: HttpRequest, response: HttpResponseBase) -> bool:
    # Rendering a token sets the CSRF cookie on the response (Django renews
    # it whenever the token is used), whatever the URL.
    return request.path.startswith("/admin/") or settings.CSRF_COOKIE_NAME in response.cookies


class CompressionMiddleware(HttpCompressionMiddleware):
    def maybe_compress(self, request: HttpRequest, response: HttpResponseBase) -> None:
        if not carries_a_secret(request, response):
            super().maybe_compress(request, response)
