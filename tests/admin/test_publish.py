"""Publishing a draft: the edition written, the file kept as its record, the draft ended."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from resolutions.importing import import_edition
from resolutions.models import ClauseVersion, Draft, Edition, SourceFile
from resolutions.parsing import parse_text
from tests.support.admin import (
    counts,
    dubai_docx,
    fixture,
    messages_of,
    new_index,
    old_index_2014,
    page,
    publish,
    publish_key,
    rematch,
    stored_files,
    upload_draft,
)
from tests.support.builders import tracked_docx_from_redline
from tests.support.dubai import NEW_NOTING_E, dubai_redline


def test_publishing_writes_the_edition_keeps_the_file_and_ends_the_draft(client, dubai, uploads):
    response = publish(client, dubai)
    edition = Edition.objects.get(year=2018)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:resolutions_edition_change", args=[edition.pk])
    assert any("Imported Resolution 102 (Rev. Dubai, 2018)" in m for m in messages_of(response))
    assert (edition.city, edition.imported_by, edition.source_name) == (
        "Dubai",
        "publisher",
        "Res102-Dubai.docx",
    )
    source = SourceFile.objects.get()
    assert source.published_at is not None
    assert list(source.editions.all()) == [edition]
    assert source.produced == "Resolution 102 (Rev. Dubai, 2018)"
    assert not Draft.objects.exists()
    assert len(stored_files(uploads)) == 1
    assert Client().get("/pp/102/2018/").status_code == 200
    assert Client().get("/pp/102/compare/2014/2018/").status_code == 200


def test_a_published_re_match_becomes_the_clause_identity(client, dubai):
    new_e = new_index(dubai, "e)", NEW_NOTING_E[:20])
    rematch(client, dubai, new_e, str(old_index_2014("e)", "that CWG-Internet")))
    publish(client, dubai)
    old = ClauseVersion.objects.get(edition__year=2014, path="noting/e")
    new = ClauseVersion.objects.get(edition__year=2018, path="noting/e")
    assert new.clause_id == old.clause_id
    assert new.match_score is not None and new.match_score < 0.5


def test_without_the_re_match_the_rewritten_clause_is_a_new_identity(client, dubai):
    publish(client, dubai)
    old = ClauseVersion.objects.get(edition__year=2014, path="noting/e")
    new = ClauseVersion.objects.get(edition__year=2018, path="noting/e")
    assert new.clause_id != old.clause_id


def test_publishing_is_refused_when_the_stored_editions_changed_since_the_review(client, dubai):
    key = publish_key(dubai)
    # Another admin replaces 2014 meanwhile: the matching reviewed is stale.
    data = fixture("pp-102-2014.txt").replace(b"in this regards", b"in this regard")
    import_edition(parse_text(data), data, source_name="corrected.txt", imported_by="other", replace=True)
    before = counts()
    response = client.post(reverse("admin:resolutions_draft_publish", args=[dubai.pk]), {"reviewed": key})
    assert response.status_code == 302
    assert any("changed while this draft was under review" in m for m in messages_of(response))
    assert counts() == before


def test_a_published_edition_is_replaced_only_when_asked_and_its_record_is_kept(client, bundled, uploads):
    first = upload_draft(client, dubai_docx(), "first.docx")
    publish(client, first)
    original = Edition.objects.get(year=2018)
    corrected = tracked_docx_from_redline(dubai_redline().replace("every year+}", "each year+}"))
    second = upload_draft(client, corrected, "second.docx")
    html = page(client.get(second.get_absolute_url()))
    assert "Replace the published Resolution 102 (Rev. Dubai, 2018)" in html

    response = publish(client, second)
    assert any("already exists" in m for m in messages_of(response))
    assert Edition.objects.get(year=2018).pk == original.pk

    publish(client, second, replace="on")
    replacement = Edition.objects.get(year=2018)
    assert replacement.source_name == "second.docx"
    assert f"Replaces the file first.docx (sha256 {original.source_sha256})" in replacement.provenance
    old_record = SourceFile.objects.get(original_name="first.docx")
    assert old_record.published_at is not None
    assert old_record.produced == "Resolution 102 (Rev. Dubai, 2018)"
    assert list(SourceFile.objects.get(original_name="second.docx").editions.all()) == [replacement]
    assert len(stored_files(uploads)) == 2


def test_publishing_a_draft_that_is_gone_says_so(client, dubai):
    client.post(reverse("admin:resolutions_draft_discard", args=[dubai.pk]))
    response = client.post(reverse("admin:resolutions_draft_publish", args=[dubai.pk]), {"reviewed": "x"})
    assert response.status_code == 302
    assert any("published or discarded meanwhile" in m for m in messages_of(response))
    assert not Edition.objects.filter(year=2018).exists()
