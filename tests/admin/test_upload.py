"""Uploading each format: a file that reads becomes a draft, shown for review; nothing reaches the site before it is published."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from resolutions.importing import sha256_of
from resolutions.models import ClauseVersion, Draft, Edition, SourceFile
from resolutions.parsing import parse_text
from tests.support.admin import (
    counts,
    dubai_docx,
    fixture,
    only_2010,
    page,
    publish,
    stored_files,
    upload,
    upload_draft,
)
from tests.support.builders import docx_from_edition, html_from_edition, tracked_docx_from_redline
from tests.support.wdiff import redline_text


@pytest.mark.django_db
def test_uploading_a_text_edition_shows_its_review_and_writes_no_edition(client):
    only_2010(None)
    before = counts()
    response = upload(client, fixture("pp-102-2014.txt"), "pp-102-2014.txt")
    draft = Draft.objects.get()
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()
    review = client.get(draft.get_absolute_url())
    html = page(review)
    assert review.status_code == 200
    assert "Resolution 102 (Rev. Busan,2014)" in html
    assert "Resolution 102 (Rev. Guadalajara, 2010), as published" in html
    assert (draft.number, draft.city, draft.year, draft.body) == (102, "Busan", 2014, "pp")
    assert counts()[:4] == before[:4]
    assert client.get("/pp/102/2014/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("build", "name", "format"),
    [
        (lambda edition: docx_from_edition(edition), "busan.docx", "docx"),
        (lambda edition: docx_from_edition(edition, styled=False, auto_numbering=True), "plain.docx", "docx"),
        (lambda edition: html_from_edition(edition), "busan.htm", "html"),
    ],
)
def test_a_word_or_web_page_edition_is_reviewed_like_plain_text(client, build, name, format):
    only_2010(None)
    data = build(parse_text(fixture("pp-102-2014.txt")))
    draft = upload_draft(client, data, name)
    html = page(client.get(draft.get_absolute_url()))
    text = page(client.get(Draft.objects.get(pk=draft.pk).get_absolute_url()))
    assert draft.source.format == format
    assert "Resolution 102 (Rev. Busan,2014)" in html
    # The same alignment as the plain text: noting c) of 2010 is noting b) now.
    assert re.search(r"<i>noting</i> b\)</th>\s*<td class=\"match-old\"><i>noting</i> c\)", text)


@pytest.mark.django_db
def test_a_tracked_changes_file_with_both_editions_new_publishes_both(client):
    data = tracked_docx_from_redline(redline_text())
    draft = upload_draft(client, data, "res102-revision-marked.docx")
    html = page(client.get(draft.get_absolute_url()))
    assert "not on the site yet: it will be published first" in html
    assert "the base text in this file" in html
    response = publish(client, draft)
    assert response.status_code == 302
    assert sorted(Edition.objects.values_list("year", flat=True)) == [2010, 2014]
    noting_c_2010 = ClauseVersion.objects.get(edition__year=2010, path="noting/c")
    assert ClauseVersion.objects.get(edition__year=2014, path="noting/b").clause_id == noting_c_2010.clause_id
    source = SourceFile.objects.get()
    assert sorted(source.editions.values_list("year", flat=True)) == [2010, 2014]
    assert not Draft.objects.exists()


@pytest.mark.django_db
def test_a_tracked_changes_file_whose_base_is_stored_is_matched_against_the_stored_base(client):
    only_2010(None)
    data = tracked_docx_from_redline(redline_text())
    draft = upload_draft(client, data, "res102-revision-marked.docx")
    html = page(client.get(draft.get_absolute_url()))
    assert "already published as Resolution 102 (Rev. Guadalajara, 2010)" in html
    publish(client, draft)
    edition = Edition.objects.get(year=2014)
    assert edition.source_sha256 == sha256_of(data)
    assert Edition.objects.get(year=2010).source_name == "pp-102-2010.txt"
    assert list(SourceFile.objects.get().editions.all()) == [edition]


@pytest.mark.django_db
def test_underline_and_strike_through_are_read_as_changes_only_when_asked(client):
    only_2010(None)
    data = tracked_docx_from_redline(redline_text(), formatting=True)
    draft = upload_draft(client, data, "proposal.docx", marks="formatting")
    assert draft.marks == "formatting"
    html = page(client.get(draft.get_absolute_url()))
    assert "Resolution 102 (Rev. Busan,2014)" in html
    assert "already published as Resolution 102 (Rev. Guadalajara, 2010)" in html


@pytest.mark.django_db
def test_text_from_the_upload_is_escaped_on_the_review(client):
    data = fixture("pp-102-2010.txt").replace(
        b"all relevant resolutions of the Plenipotentiary Conference;",
        b"all relevant <script>alert(1)</script> resolutions;",
    )
    draft = upload_draft(client, data, "<b>name</b>.txt")
    html = page(client.get(draft.get_absolute_url()))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>name</b>" not in html


@pytest.mark.django_db
def test_the_file_is_kept_privately_under_a_name_of_the_servers_choosing(client, bundled, uploads, settings):
    data = dubai_docx()
    draft = upload_draft(client, data, "../../etc/Res 102 (Dubai).docx")
    source = draft.source
    stored = stored_files(uploads)
    assert len(stored) == 1
    assert re.fullmatch(r"[0-9a-f]{32}\.docx", stored[0].name)
    assert stored[0].read_bytes() == data
    assert (source.sha256, source.size, source.uploaded_by) == (sha256_of(data), len(data), "publisher")
    assert source.original_name == "Res 102 (Dubai).docx"
    assert not str(uploads).startswith(str(settings.STATIC_ROOT))
    for url in (
        f"/{stored[0].name}",
        f"/media/{stored[0].name}",
        f"/uploads/{stored[0].name}",
        f"/static/{stored[0].name}",
    ):
        assert Client().get(url).status_code == 404


def test_the_default_upload_location_is_outside_the_static_files():
    from django.conf import settings

    location = Path(settings.STORAGES["default"]["OPTIONS"]["location"]).resolve()
    assert location != Path(settings.STATIC_ROOT).resolve()
    assert Path(settings.STATIC_ROOT).resolve() not in location.parents
    assert all(Path(d).resolve() not in [location, *location.parents] for d in settings.STATICFILES_DIRS)
