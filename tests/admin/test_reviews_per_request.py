"""Each admin request reads the draft's file once and reviews it (aligns it
and redlines every row) at most once: the review is the expensive part of
every page, and it used to be made up to three times per request."""

from __future__ import annotations

from dataclasses import dataclass
from unittest import mock

import pytest
from django.urls import reverse

import resolutions.drafts
import resolutions.importing
from tests.support.admin import HTMX, dubai_docx, new_index, old_index_2014, publish_key, upload
from tests.support.dubai import NEW_NOTING_E


@dataclass
class Work:
    reads: mock.MagicMock
    alignments: mock.MagicMock
    redlines: mock.MagicMock

    @property
    def counts(self) -> tuple[int, int, int]:
        return self.reads.call_count, self.alignments.call_count, self.redlines.call_count


@pytest.fixture
def work():
    """Counts what a request does: file reads (parsing), alignments, and
    redlines of the whole file (the end of a review)."""
    with (
        mock.patch.object(resolutions.drafts, "read_file", wraps=resolutions.drafts.read_file) as reads,
        mock.patch.object(resolutions.importing, "align", wraps=resolutions.importing.align) as alignments,
        mock.patch.object(
            resolutions.drafts, "review_rows", wraps=resolutions.drafts.review_rows
        ) as redlines,
    ):
        yield Work(reads, alignments, redlines)


def reset(work: Work) -> None:
    for counter in (work.reads, work.alignments, work.redlines):
        counter.reset_mock()


def test_the_review_page_reviews_the_draft_once(client, dubai, work):
    assert client.get(dubai.get_absolute_url()).status_code == 200
    assert work.counts == (1, 1, 1)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_the_row_editor_reviews_the_draft_once(client, dubai, work, headers):
    response = client.get(f"{dubai.get_absolute_url()}?edit=3", **headers)
    assert response.status_code == 200
    assert work.counts == (1, 1, 1)


def test_saving_the_details_reads_the_file_once_and_reviews_nothing(client, dubai, work):
    details = {"body": "pp", "number": 102, "city": "Dubai (UAE)", "year": 2018}
    response = client.post(reverse("admin:resolutions_draft_details", args=[dubai.pk]), details)
    assert response.status_code == 302
    assert work.counts == (1, 0, 0)


def test_invalid_details_review_the_draft_once_to_show_them(client, dubai, work):
    details = {"body": "pp", "number": 102, "city": "", "year": 18}
    response = client.post(reverse("admin:resolutions_draft_details", args=[dubai.pk]), details)
    assert response.status_code == 200
    assert work.counts == (1, 1, 1)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["redirect", "htmx"])
def test_a_re_match_reviews_the_draft_once_with_the_new_match(client, dubai, work, headers):
    new_e, old_e = new_index(dubai, "e)", NEW_NOTING_E[:20]), old_index_2014("e)", "that CWG-Internet")
    reset(work)
    url = reverse("admin:resolutions_draft_match", args=[dubai.pk])
    response = client.post(url, {"new": new_e, "old": old_e}, **headers)
    assert response.status_code == (200 if headers else 302)
    assert work.counts == (1, 1, 1)


def test_a_forged_re_match_reviews_the_draft_once_to_explain(client, dubai, work):
    url = reverse("admin:resolutions_draft_match", args=[dubai.pk])
    assert client.post(url, {"new": 3, "old": "9999"}).status_code == 200
    assert work.counts == (1, 1, 1)


def test_an_impossible_re_match_is_refused_before_aligning_and_the_draft_reviewed_once(client, dubai, work):
    heading, item = new_index(dubai, "", "noting"), old_index_2014("a)", "the decision to convene")
    reset(work)
    url = reverse("admin:resolutions_draft_match", args=[dubai.pk])
    assert client.post(url, {"new": heading, "old": item}).status_code == 200
    # The refused match is checked at the start of the alignment and costs
    # nothing; the matching as it stands is then aligned once.
    assert (work.reads.call_count, work.redlines.call_count) == (1, 1)
    assert work.alignments.call_count == 2


def test_publishing_reads_the_file_once_and_reviews_nothing(client, dubai, work):
    key = publish_key(dubai)
    reset(work)
    response = client.post(reverse("admin:resolutions_draft_publish", args=[dubai.pk]), {"reviewed": key})
    assert response.status_code == 302
    # The one alignment is the importer's, inside the publishing transaction.
    assert work.counts == (1, 1, 0)


def test_discarding_reads_nothing(client, dubai, work):
    assert client.post(reverse("admin:resolutions_draft_discard", args=[dubai.pk])).status_code == 302
    assert work.counts == (0, 0, 0)


@pytest.mark.django_db
def test_uploading_reads_the_file_once_and_reviews_nothing(client, bundled, work):
    assert upload(client, dubai_docx(), "dubai.docx").status_code == 302
    assert work.counts == (1, 0, 0)
