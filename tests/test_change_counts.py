"""Each edition's change counts since the one before it are stored when an
edition is published, replaced or withdrawn (EditionChanges, written by
importing.record_changes), counted by comparison.change_counts, the count
the comparison page shows; the resolution page reads them instead of
comparing every clause of every step."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from resolutions.comparison import compare_editions, resolution_timeline, stored_counts
from resolutions.importing import import_edition, record_changes, withdraw_edition
from resolutions.models import Edition, EditionChanges, Resolution
from resolutions.parsing import parse_text
from tests.test_pagecache import publish_dubai
from tests.test_views import small  # noqa: F401  (a fixture)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def steps(resolution: Resolution) -> list[tuple[Edition, Edition]]:
    editions = list(resolution.editions.chronological().select_related("changes"))
    return list(zip(editions, editions[1:], strict=False))


def assert_stored_counts_are_the_comparisons() -> int:
    """Every step of every resolution has its counts stored against its
    present previous edition, equal to the comparison page's; how many steps."""
    checked = 0
    for resolution in Resolution.objects.all():
        for older, newer in steps(resolution):
            assert stored_counts(older, newer) == compare_editions(older, newer).counts, (older, newer)
            checked += 1
    assert EditionChanges.objects.count() == checked
    return checked


def resolution_page() -> str:
    return Client().get("/pp/102/").content.decode()


def test_publishing_stores_each_steps_counts_as_the_comparison_counts_them(bundled, small):  # noqa: F811
    assert assert_stored_counts_are_the_comparisons() == 2  # 102 and 999, 2010 -> 2014 each


def test_publishing_a_third_edition_stores_its_counts_and_keeps_the_earlier_ones(bundled, tmp_path):
    earlier = EditionChanges.objects.get(edition__year=2014)
    publish_dubai(tmp_path)
    assert assert_stored_counts_are_the_comparisons() == 2
    assert EditionChanges.objects.get(edition__year=2014) == earlier
    assert EditionChanges.objects.get(edition__year=2018).previous.year == 2014


def test_replacing_an_edition_counts_its_changes_again(bundled):
    before = EditionChanges.objects.get(edition__year=2014)
    assert before.modified > 0
    # The 2010 text published as 2014's: only the preamble (which names
    # the conference) changed since 2010.
    data = (
        (FIXTURES / "pp-102-2010.txt")
        .read_bytes()
        .replace(b"(Rev. Guadalajara, 2010)", b"(Rev. Busan, 2014)")
        .replace(b"(Guadalajara, 2010),", b"(Busan, 2014),")
    )
    import_edition(parse_text(data), data, source_name="as-2010.txt", imported_by="test", replace=True)
    assert assert_stored_counts_are_the_comparisons() == 1
    after = EditionChanges.objects.get(edition__year=2014)
    assert (after.added, after.deleted, after.modified, after.relabelled_or_moved_only) == (0, 0, 1, 0)
    assert "1 clause changed" in resolution_page()


def test_withdrawing_the_newest_edition_takes_its_counts_with_it(bundled, tmp_path):
    page = resolution_page()
    publish_dubai(tmp_path)
    withdraw_edition(Edition.objects.get(year=2018), withdrawn_by="test", reason="a test")
    assert not EditionChanges.objects.filter(edition__year=2018).exists()
    assert assert_stored_counts_are_the_comparisons() == 1
    assert resolution_page() == page


def test_the_edition_after_one_that_is_gone_is_counted_against_its_new_previous(bundled, tmp_path):
    # Only the newest edition can be withdrawn today; were a middle one
    # taken away, the next would follow the one before it.
    publish_dubai(tmp_path)
    resolution = Resolution.objects.get(number=102)
    Edition.objects.get(year=2014).delete()
    assert not EditionChanges.objects.filter(edition__year=2018).exists()  # it named 2014
    old, new = Edition.objects.chronological()
    expected = compare_editions(old, new).counts
    assert resolution_timeline(resolution).steps[0].counts == expected  # counted, not stored
    record_changes(resolution)
    assert stored_counts(*steps(resolution)[0]) == expected
    assert assert_stored_counts_are_the_comparisons() == 1


def test_the_resolution_page_reads_the_stored_counts_and_no_clause(bundled, django_assert_num_queries):
    with CaptureQueriesContext(connection) as queries:
        Client().get("/pp/102/")
    assert not [query for query in queries if "clauseversion" in query["sql"]]
    # The cache stamp, the editions with their resolution and their counts.
    assert len(queries) == 2


def test_a_step_without_stored_counts_is_counted_and_shown_alike(bundled, tmp_path):
    publish_dubai(tmp_path)
    page = resolution_page()
    EditionChanges.objects.filter(edition__year=2014).delete()
    cache.clear()  # the page cache is keyed by the editions, which did not change
    assert resolution_page() == page
    assert Client().get("/pp/102.json").json()["changes"][0]["counts"] == {
        name: getattr(compare_editions(*Edition.objects.chronological()[:2]).counts, name)
        for name in ("changed", "added", "deleted", "modified", "relabelled_or_moved_only", "unchanged")
    }


def test_the_migration_counts_the_editions_stored_before_it(bundled, small):  # noqa: F811
    stored = sorted(EditionChanges.objects.values_list("edition", "previous", "added", "deleted", "modified"))
    EditionChanges.objects.all().delete()
    migration = importlib.import_module("resolutions.migrations.0007_edition_changes")
    migration.count_stored_editions(apps, None)
    assert sorted(EditionChanges.objects.values_list("edition", "previous", "added", "deleted", "modified")) == (
        stored
    )
    assert_stored_counts_are_the_comparisons()


@pytest.mark.parametrize("number", [102, 999])
def test_the_resolution_page_shows_the_comparison_pages_counts(bundled, small, number):  # noqa: F811
    old, new = Edition.objects.filter(resolution__number=number).chronological()
    counts = compare_editions(old, new).counts
    compare_page = Client().get(f"/pp/{number}/compare/{old.year}/{new.year}/").content.decode()
    sentence = (
        f"{counts.added} added (ADD), {counts.deleted} deleted (SUP), {counts.modified} modified (MOD)"
    )
    assert sentence in compare_page
    assert sentence in Client().get(f"/pp/{number}/").content.decode()


def test_a_resolution_without_editions_still_has_its_page(bundled, django_assert_num_queries):
    Resolution.objects.create(body="pp", number=4242, title="A resolution whose editions were all withdrawn")
    with django_assert_num_queries(3):  # the cache stamp, no editions, the resolution itself
        response = Client().get("/pp/4242/")
    assert response.status_code == 200
    assert "A resolution whose editions were all withdrawn" in response.content.decode()
