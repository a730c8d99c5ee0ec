"""Public pages are kept in the cache and shown fresh as soon as an edition
is published, whoever publishes it; nothing of the admin's, nothing with a
cookie and no error page is ever kept; a broken cache is only a miss."""

from __future__ import annotations

import gzip
import io
import logging

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from tests.support.builders import tracked_docx_from_redline
from tests.support.dubai import dubai_redline


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.RESOLUTIONS_PAGE_CACHE_SECONDS = 600
    cache.clear()


def publish_dubai(tmp_path) -> None:
    path = tmp_path / "dubai.docx"
    path.write_bytes(tracked_docx_from_redline(dubai_redline()))
    call_command("import_edition", str(path), stdout=io.StringIO())


@pytest.mark.parametrize(
    "url", ["/", "/pp/102/", "/pp/102/2014/", "/pp/102/compare/2010/2014/", "/pp/102/2014/noting/b/"]
)
def test_a_page_asked_again_is_served_from_the_cache_with_one_query(bundled, url, django_assert_num_queries):
    first = Client().get(url)
    with django_assert_num_queries(1):  # which editions the page shows: the key
        again = Client().get(url)
    assert again.content == first.content
    assert again["Cache-Control"] == first["Cache-Control"]


def test_a_published_edition_shows_at_once_on_cached_pages(bundled, tmp_path):
    before = Client().get("/pp/102/").content.decode()
    assert "Dubai" not in before and "Dubai" not in Client().get("/").content.decode()
    publish_dubai(tmp_path)
    assert "Rev. Dubai, 2018" in Client().get("/pp/102/").content.decode()
    assert "Rev. Dubai, 2018" in Client().get("/").content.decode()
    assert Client().get("/pp/102/latest/")["Location"] == "/pp/102/2018/"


def test_a_withdrawn_edition_is_gone_at_once_from_cached_pages(bundled, tmp_path):
    from resolutions.importing import withdraw_edition
    from resolutions.models import Edition

    publish_dubai(tmp_path)
    assert "Rev. Dubai, 2018" in Client().get("/pp/102/").content.decode()
    assert "Rev. Dubai, 2018" in Client().get("/").content.decode()
    assert Client().get("/pp/102/2018/").status_code == 200
    withdraw_edition(Edition.objects.get(year=2018), withdrawn_by="test", reason="a test")
    assert "Rev. Dubai, 2018" not in Client().get("/pp/102/").content.decode()
    assert "Rev. Dubai, 2018" not in Client().get("/").content.decode()
    assert Client().get("/pp/102/2018/").status_code == 410
    assert Client().get("/pp/102/latest/")["Location"] == "/pp/102/2014/"


def test_the_full_page_and_its_htmx_fragment_are_kept_apart(bundled):
    url = "/pp/102/compare/2010/2014/"
    fragment = Client().get(url, HTTP_HX_REQUEST="true").content
    full = Client().get(url).content
    assert full.startswith(b"<!DOCTYPE html>") and not fragment.startswith(b"<!DOCTYPE html>")
    assert Client().get(url, HTTP_HX_REQUEST="true").content == fragment
    assert Client().get(url).content == full


def test_a_cached_page_is_compressed_for_whoever_asks(bundled):
    plain = Client().get("/pp/102/2014/").content
    packed = Client().get("/pp/102/2014/", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain
    assert Client().get("/pp/102/2014/").content == plain


def test_not_found_pages_are_not_kept(bundled, django_assert_num_queries):
    Client().get("/pp/102/2014/noting/zz/")
    response = Client().get("/pp/102/2014/noting/zz/")
    assert response.status_code == 404
    assert not [key for key in cache._cache if "page:" in key]


def test_admin_pages_are_never_kept(bundled):
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x"))
    client.get("/admin/resolutions/edition/")
    assert not [key for key in cache._cache if "admin" in key or "page:" in key]
    other = Client().get("/admin/resolutions/edition/")
    assert other.status_code == 302  # not the signed-in admin's page


def test_what_is_kept_is_only_what_views_call_public(bundled):
    Client().get("/pp/102/2014/")
    Client().get("/healthz")
    Client().get("/pp/102/latest/")
    kept = [key for key in cache._cache if "page:" in key]
    assert len(kept) == 1


def test_a_cache_that_does_not_answer_is_a_miss_not_an_error(bundled, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with caplog.at_level(logging.WARNING, logger="resolutions.caching"):
        response = Client().get("/pp/102/2014/")
    assert response.status_code == 200
    assert "page cache: cannot read" in caplog.text


def test_without_a_cache_time_nothing_is_kept(bundled, settings, django_assert_num_queries):
    settings.RESOLUTIONS_PAGE_CACHE_SECONDS = 0
    Client().get("/")
    with django_assert_num_queries(3):  # the stamp, the resolutions, their editions: built again
        response = Client().get("/")
    assert response.has_header("ETag")  # validators all the same


def test_a_host_that_is_not_allowed_is_refused_before_any_key_is_made(bundled, caplog):
    response = Client(HTTP_HOST="attacker.example").get("/pp/102/2014/")
    assert response.status_code == 400
    assert "page cache" not in caplog.text


@pytest.mark.parametrize("coding", ["br", "gzip", "zstd"])
def test_a_cached_page_is_compressed_once_and_then_served_as_kept(bundled, coding, monkeypatch):
    import django_http_compression.middleware as library

    from tests.test_compression import DECODE

    url = "/pp/102/compare/2010/2014/"
    plain = Client().get(url).content
    first = Client().get(url, HTTP_ACCEPT_ENCODING=coding)
    calls = []
    for name in ("gzip_compress", "brotli_compress", "zstd_compress"):
        monkeypatch.setattr(library, name, lambda *args, name=name, **kwargs: calls.append(name))
    again = Client().get(url, HTTP_ACCEPT_ENCODING=coding)
    assert calls == []  # nothing compressed the second time
    assert again.content == first.content and DECODE[coding](again.content) == plain
    for header in ("Content-Encoding", "Content-Length", "ETag", "Vary"):
        assert again[header] == first[header]
    # Another coding is compressed afresh, not taken for the one kept.
    other = "gzip" if coding != "gzip" else "br"
    monkeypatch.undo()
    assert DECODE[other](Client().get(url, HTTP_ACCEPT_ENCODING=other).content) == plain


def test_a_kept_page_is_answered_before_the_rest_of_the_middleware_and_the_view(bundled, monkeypatch):
    from resolutions.middleware import AsciiDigitsMiddleware

    url = "/pp/102/compare/2010/2014/"
    client = Client()
    first = client.get(url, HTTP_ACCEPT_ENCODING="br")

    def below_the_page_cache(self, request):
        raise AssertionError("a kept page went down the middleware")

    monkeypatch.setattr(AsciiDigitsMiddleware, "__call__", below_the_page_cache)
    again = client.get(url, HTTP_ACCEPT_ENCODING="br")
    assert again.status_code == 200 and again.content == first.content
    # What the middleware above it adds is still added.
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert again["X-Content-Type-Options"] == "nosniff"
    with pytest.raises(AssertionError, match="went down the middleware"):
        client.get(url, HTTP_ACCEPT_ENCODING="gzip")  # not kept in that coding: built


def test_a_page_kept_by_another_build_of_the_site_is_built_again(bundled, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from resolutions import caching

    url = "/pp/102/2014/"
    before = Client().get(url)
    monkeypatch.setattr(caching, "BUILD", "a-later-deployment")
    with CaptureQueriesContext(connection) as queries:
        after = Client().get(url)
    assert len(queries) > 1  # the stamp, then the edition: built, not taken from the cache
    assert after["ETag"] != before["ETag"]


def test_an_answer_that_varies_on_the_cookie_is_never_kept():
    from django.http import HttpResponse

    from resolutions.caching import storable, with_validators

    response = with_validators(HttpResponse("page"), '"tag"', None)
    assert storable(response)
    response["Vary"] = "HX-Request, Cookie"
    assert not storable(response)


ASKED_WITH = {
    "page": {},
    "fragment": {"HTTP_HX_REQUEST": "true"},
    "restore": {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"},
    "json": {"HTTP_ACCEPT": "application/json"},
    "gzip": {"HTTP_ACCEPT_ENCODING": "gzip"},
}


def test_the_kept_page_depends_on_every_header_it_varies_on(bundled):
    url = "/pp/102/compare/2010/2014/"
    answers = {name: Client().get(url, **headers) for name, headers in ASKED_WITH.items()}
    assert len({answer.content for answer in answers.values()}) == 4  # a restore gets the full page
    assert answers["restore"].content == answers["page"].content
    for name, headers in ASKED_WITH.items():
        again = Client().get(url, **headers)
        assert again.content == answers[name].content, name
        assert again["Content-Type"] == answers[name]["Content-Type"], name


def test_a_kept_page_is_stored_without_a_second_copy_inside_its_response(bundled):
    import pickle

    from resolutions.caching import KeptPage

    Client().get("/pp/102/2014/")
    [stored] = [value for key, value in cache._cache.items() if "page:" in key]
    kept = pickle.loads(stored)
    assert isinstance(kept, KeptPage) and kept.response is not None
    assert not hasattr(kept.response, "page_cache")
