"""Public HTML is compressed (zstd, brotli or gzip, whichever the browser
prefers); pages that carry a CSRF token, the admin's, never are (BREACH).
Run with -s to see the sizes (printed, never asserted)."""

from __future__ import annotations

import gzip

import brotli
import pytest
from backports import zstd
from django.contrib.auth.models import User
from django.test import Client

DECODE = {"gzip": gzip.decompress, "br": brotli.decompress, "zstd": zstd.decompress}
PAGES = [
    "/",
    "/pp/102/",
    "/pp/102/2014/",
    "/pp/102/compare/2010/2014/",
    "/pp/102/compare/2010/2014/?view=side-by-side",
]


@pytest.mark.parametrize("coding", ["gzip", "br", "zstd"])
@pytest.mark.parametrize("url", PAGES)
def test_public_pages_are_compressed_as_the_browser_asks(bundled, url, coding):
    plain = Client().get(url)
    packed = Client().get(url, HTTP_ACCEPT_ENCODING=coding)
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == coding
    assert "accept-encoding" in packed["Vary"].lower()
    assert DECODE[coding](packed.content) == plain.content
    assert len(packed.content) < len(plain.content) * 0.6
    print(f"\n{url} {coding}: {len(plain.content):,} -> {len(packed.content):,} bytes")


def test_a_browser_gets_its_preferred_coding(bundled):
    response = Client().get("/pp/102/2014/", HTTP_ACCEPT_ENCODING="gzip, deflate, br, zstd")
    assert response["Content-Encoding"] == "zstd"
    response = Client().get("/pp/102/2014/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "br"


def test_htmx_fragments_are_compressed_too(bundled):
    response = Client().get("/pp/102/compare/2010/2014/", HTTP_ACCEPT_ENCODING="gzip", HTTP_HX_REQUEST="true")
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).strip().startswith(b'<div id="comparison">')


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/resolutions/edition/", "/admin/resolutions/draft/upload/"]
)
def test_admin_pages_which_carry_a_csrf_token_are_never_compressed(bundled, url):
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x"))
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br, zstd")
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert b"csrfmiddlewaretoken" in response.content or b'action="/admin/logout/"' in response.content


def test_the_sign_in_page_is_never_compressed(db):
    response = Client().get("/admin/login/", HTTP_ACCEPT_ENCODING="gzip, br, zstd")
    assert b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response


def test_any_response_that_sets_the_csrf_cookie_is_left_uncompressed(rf):
    from django.http import HttpResponse

    from resolutions.compression import carries_a_secret

    response = HttpResponse("<p>a form</p>" * 100)
    assert not carries_a_secret(rf.get("/pp/102/"), response)
    response.set_cookie("csrftoken", "x")
    assert carries_a_secret(rf.get("/pp/102/"), response)
