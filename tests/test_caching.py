"""HTTP caching of the public pages (resolutions.caching): validators, 304s,
the shared page cache, and invalidation by publishing."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from resolutions.importing import import_edition
from resolutions.parsing import parse_text
from tests.conftest import FIXTURES
from tests.support.dubai import dubai_redline
from tests.support.wdiff import sides
from tests.test_views import small  # noqa: F401 -- a second resolution, Resolution 999

COMPARE = "/pp/102/compare/2010/2014/"
PAGES = ["/", "/pp/102/", "/pp/102/2014/", "/pp/102/2014/noting/b/", COMPARE, COMPARE + "?view=side-by-side"]


@pytest.fixture(autouse=True)
def page_cache(settings):
    """Pages are kept as in production (the setting is 0 while developing)."""
    settings.RESOLUTIONS_PAGE_CACHE_SECONDS = 600


@pytest.fixture
def client():
    return Client()


def publish_dubai_2018() -> None:
    text = sides(dubai_redline())[1].encode()
    import_edition(parse_text(text), text, source_name="pp-102-2018.txt", imported_by="test")


def queries(client, url, **headers) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    return len(captured), response


@pytest.mark.parametrize("url", PAGES)
def test_public_pages_carry_validators_and_answer_304(bundled, client, url):
    response = client.get(url)
    etag, modified = response["ETag"], response["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    assert "public" in response["Cache-Control"] and "HX-Request" in response["Vary"]
    count, again = queries(client, url, if_none_match=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    assert count == 1  # only the stamp: the page is not built
    assert client.get(url, headers={"if_modified_since": modified}).status_code == 304
    assert client.get(url, headers={"if_none_match": '"something-else"'}).status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_a_page_served_from_the_cache_is_the_same_page_for_one_query(bundled, client, url):
    first = client.get(url)
    count, second = queries(client, url)
    assert count == 1
    assert second.content == first.content and second["ETag"] == first["ETag"]


def test_publishing_changes_exactly_the_pages_of_that_resolution(bundled, small, client):  # noqa: F811
    ours = [COMPARE, "/pp/102/", "/pp/102/2014/"]
    theirs = ["/pp/999/", "/pp/999/compare/2010/2014/"]
    before = {url: client.get(url) for url in ours + theirs}
    publish_dubai_2018()
    for url in ours:
        after = client.get(url)
        assert after["ETag"] != before[url]["ETag"], url
    assert b"Rev. Dubai, 2018" in client.get("/pp/102/").content
    # The 2014 page now says it is superseded: the cached copy was not served.
    assert b"notice-superseded" in client.get("/pp/102/2014/").content
    for url in theirs:
        count, after = queries(client, url)
        assert after["ETag"] == before[url]["ETag"], url
        assert count == 1 and after.content == before[url].content  # still served from the cache


def test_an_htmx_fragment_and_the_full_page_never_stand_for_each_other(bundled, client):
    full = client.get(COMPARE)
    fragment = client.get(COMPARE, headers={"hx_request": "true"})
    full_again = client.get(COMPARE)
    assert full.content.startswith(b"<!DOCTYPE html>") and full_again.content == full.content
    assert not fragment.content.startswith(b"<!DOCTYPE html>")
    assert fragment["ETag"] != full["ETag"]
    # A fragment's validator does not validate the full page.
    assert client.get(COMPARE, headers={"if_none_match": fragment["ETag"]}).status_code == 200
    restore = client.get(COMPARE, headers={"hx_request": "true", "hx_history_restore_request": "true"})
    assert restore.content.startswith(b"<!DOCTYPE html>")


def test_replacing_an_edition_changes_its_pages(bundled, client):
    before = client.get("/pp/102/2014/")
    data = (FIXTURES / "pp-102-2014.txt").read_bytes()
    changed = data.replace(b"to protect their sovereignty", b"to protect their full sovereignty")
    assert changed != data
    import_edition(
        parse_text(changed), changed, source_name="pp-102-2014.txt", imported_by="test", replace=True
    )
    after = client.get("/pp/102/2014/")
    assert after["ETag"] != before["ETag"]
    assert b"their full sovereignty" in after.content


def test_a_redline_is_computed_once_per_pair_of_texts_whichever_page_shows_it(bundled, client, monkeypatch):
    from django.core.cache import cache

    from resolutions import redline

    # Both memos of a pair's redline: its operations and the whole change.
    redline.text_ops.cache_clear()
    redline._clause_change.cache_clear()
    calls = []
    real = redline.diff_texts
    monkeypatch.setattr(redline, "diff_texts", lambda old, new: calls.append((old, new)) or real(old, new))
    client.get(COMPARE)
    first = len(calls)
    assert first > 50
    cache.clear()  # the pages are built again, the redlines are not
    client.get(COMPARE + "?view=side-by-side")
    client.get("/pp/102/2014/noting/a/")
    client.get("/pp/102/2014/?changes=since-previous")
    assert len(calls) == first
    assert len(set(calls)) == len(calls)


def test_a_page_asked_under_another_host_name_is_built_for_that_name(bundled, client, settings):
    # The "Cite as" line holds the absolute permalink: a page cached for one
    # host name must not be served under another.
    settings.ALLOWED_HOSTS = ["itu.example", "www.itu.example"]
    first = client.get("/pp/102/2014/noting/b/", HTTP_HOST="itu.example").content.decode()
    second = client.get("/pp/102/2014/noting/b/", HTTP_HOST="www.itu.example").content.decode()
    assert 'href="http://itu.example/pp/102/2014/noting/b/"' in first
    assert 'href="http://www.itu.example/pp/102/2014/noting/b/"' in second
    assert "itu.example/pp" not in second.replace("www.itu.example/pp", "")


def test_the_stamp_is_the_aggregate_the_orm_would_give(bundled, small):  # noqa: F811
    from django.db.models import Count, Max

    from resolutions.caching import Stamp
    from resolutions.importing import withdraw_edition
    from resolutions.models import Edition, Withdrawal

    def assert_stamps_agree():
        for body, number in ((None, None), ("pp", 102), ("pp", 999), ("pp", 4242), ("pp", 10**20)):
            editions, withdrawals = Edition.objects.all(), Withdrawal.objects.all()
            if body is not None:
                editions = editions.filter(resolution__body=body, resolution__number=number)
                withdrawals = withdrawals.filter(resolution__body=body, resolution__number=number)
            found = editions.aggregate(count=Count("id"), last_id=Max("id"), newest=Max("imported_at"))
            withdrawn = withdrawals.aggregate(latest=Max("withdrawn_at"))["latest"]
            stamp = Stamp.of(body, number) if body is not None else Stamp.of()
            assert stamp == Stamp(found["count"], found["last_id"] or 0, found["newest"], withdrawn)
            assert (stamp.count > 0) == (number in (None, 102, 999))

    assert_stamps_agree()
    newest = Edition.objects.filter(resolution__number=102).order_by("year").last()
    withdraw_edition(newest, withdrawn_by="test", reason="a test")
    assert Stamp.of("pp", 102).withdrawn is not None
    assert Stamp.of("pp", 999).withdrawn is None
    assert_stamps_agree()
