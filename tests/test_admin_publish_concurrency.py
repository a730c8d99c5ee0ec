"""Publishing while others publish and read: real threads, each with its own
database connection (SQLite in WAL with IMMEDIATE transactions, as in
production; PostgreSQL when DATABASE_URL says so). Threads wait for each
other on events, never on timers."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.db import connections
from django.test import Client
from django.urls import reverse

import resolutions.importing
from resolutions.drafts import create_draft, review_draft
from resolutions.models import Draft, Edition, SourceFile
from tests.support.builders import tracked_docx_from_redline
from tests.support.bundled import import_bundled_editions
from tests.support.dubai import dubai_redline

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("uploads")]


@pytest.fixture
def stored_2014():
    import_bundled_editions()


def admin_client() -> Client:
    client = Client()
    client.force_login(User.objects.get_or_create(username="root", is_staff=True, is_superuser=True)[0])
    return client


def in_threads(*tasks: Callable[[], object]) -> list[object]:
    """Run the tasks at once, each in a thread with its own connection;
    their results (or the exception each raised), in order."""
    results: list[object] = [None] * len(tasks)
    start = threading.Barrier(len(tasks))

    def run(index: int, task: Callable[[], object]) -> None:
        try:
            start.wait()
            results[index] = task()
        except BaseException as error:  # noqa: BLE001 (reported to the test)
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, task)) for i, task in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def draft_of(data: bytes, name: str) -> Draft:
    return create_draft(data, filename=name, user="root")


def publish_request(draft: Draft, client: Client) -> Callable[[], object]:
    key = review_draft(draft).plan.review_key
    url = reverse("admin:resolutions_draft_publish", args=[draft.pk])

    def post():
        response = client.post(url, {"reviewed": key})
        return response.status_code, [str(m) for m in get_messages(response.wsgi_request)]

    return post


def test_two_admins_publishing_the_same_draft_at_once_publish_it_once(stored_2014):
    draft = draft_of(tracked_docx_from_redline(dubai_redline()), "dubai.docx")
    first, second = admin_client(), admin_client()
    results = in_threads(publish_request(draft, first), publish_request(draft, second))
    assert not any(isinstance(result, BaseException) for result in results), results
    assert [status for status, _ in results] == [302, 302]
    outcomes = sorted(" ".join(messages) for _, messages in results)
    assert sum("Imported Resolution 102 (Rev. Dubai, 2018)" in outcome for outcome in outcomes) == 1
    assert sum("published or discarded meanwhile" in outcome for outcome in outcomes) == 1
    assert Edition.objects.filter(year=2018).count() == 1
    assert not Draft.objects.exists()


def test_two_drafts_of_the_same_edition_published_at_once_give_one_edition(stored_2014):
    one = draft_of(tracked_docx_from_redline(dubai_redline()), "one.docx")
    other = draft_of(
        tracked_docx_from_redline(dubai_redline().replace("every year+}", "each year+}")), "other.docx"
    )
    results = in_threads(publish_request(one, admin_client()), publish_request(other, admin_client()))
    assert not any(isinstance(result, BaseException) for result in results), results
    messages = [" ".join(messages) for _, messages in results]
    assert sum("Imported Resolution 102 (Rev. Dubai, 2018)" in m for m in messages) == 1
    assert sum("Nothing was published" in m for m in messages) == 1
    edition = Edition.objects.get(year=2018)
    published = SourceFile.objects.get(published_at__isnull=False)
    assert edition.source_sha256 == published.sha256
    # The loser's draft is still there, for its admin to replace or discard.
    assert Draft.objects.count() == 1


def test_readers_keep_getting_pages_while_an_edition_is_being_published(stored_2014, monkeypatch):
    draft = draft_of(tracked_docx_from_redline(dubai_redline()), "dubai.docx")
    written, release = threading.Event(), threading.Event()
    write = resolutions.importing._write

    def write_then_wait(*args, **kwargs):
        edition = write(*args, **kwargs)
        written.set()  # every row written, the transaction still open
        release.wait()
        return edition

    monkeypatch.setattr(resolutions.importing, "_write", write_then_wait)
    publisher = threading.Thread(
        target=lambda: (publish_request(draft, admin_client())(), connections.close_all())
    )
    publisher.start()
    try:
        assert written.wait(timeout=60), "the publish never reached its write"
        reader = Client()
        during = [reader.get(url) for url in ("/pp/102/", "/pp/102/2014/", "/pp/102/2018/")]
    finally:
        release.set()
        publisher.join()
    assert [response.status_code for response in during] == [200, 200, 404]
    assert "Dubai" not in during[0].content.decode()
    assert Client().get("/pp/102/2018/").status_code == 200
