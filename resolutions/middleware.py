"""What every response gets, whatever view made it.

- A strict Content-Security-Policy, the same on the public pages and in the
  admin: Django 5.2's admin loads its scripts from files and passes data in
  data-* attributes, the upload pages follow the site's own rules, so the
  admin needs no 'unsafe-inline' either (the browser tests visit its pages
  and fail on any violation). Its one inline <style>, in a change list
  with actions neither on top nor at the bottom, is never used here.
- Addresses whose digits are not ASCII are not found: Python's int() reads
  "２０１０" (full-width) and "٢٠١٠" (Arabic-Indic) as 2010, so without this
  the admin's object ids and any view that parses a path segment would
  answer for a URL the site never built.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

# Everything the public pages need comes from this origin: no inline script
# or style, no eval (htmx runs with allowEval off), no framing.
PUBLIC_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", PUBLIC_CSP)
        return response


# A decimal digit that is not one of 0-9.
NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")


class AsciiDigitsMiddleware:
    """404 for a path holding a decimal digit other than 0-9. Stored clause
    paths are ASCII slugs, so no real address is refused."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NON_ASCII_DIGIT.search(request.path_info):
            raise Http404("Numbers in addresses are written with the digits 0-9.")
        return self.get_response(request)
