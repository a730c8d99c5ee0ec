"""Admins upload an edition, review how it was read and matched, correct a
match, then publish or discard it; nothing reaches the site before."""

from __future__ import annotations

import functools
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from resolutions.importing import import_edition, sha256_of
from resolutions.models import Clause, ClauseVersion, Draft, Edition, Resolution, SourceFile
from resolutions.parsing import parse_text
from tests.support.builders import docx_from_edition, html_from_edition, tracked_docx_from_redline
from tests.support.dubai import ADDED_CLAUSE, NEW_NOTING_E, dubai_redline
from tests.support.wdiff import redline_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
UPLOAD = "/admin/resolutions/draft/upload/"
HTMX = {"HTTP_HX_REQUEST": "true"}

pytestmark = pytest.mark.usefixtures("uploads")


def stored_files(location: Path) -> list[Path]:
    return sorted(path for path in location.rglob("*") if path.is_file()) if location.exists() else []


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def only_2010(db) -> None:
    data = fixture("pp-102-2010.txt")
    import_edition(parse_text(data), data, source_name="pp-102-2010.txt", imported_by="test")


@functools.cache
def dubai_docx() -> bytes:
    """Built once: each build numbers its revisions anew, so its sha256 differs."""
    return tracked_docx_from_redline(dubai_redline())


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count() for model in (Resolution, Edition, Clause, ClauseVersion, SourceFile, Draft)
    )


def page(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def upload(client: Client, data: bytes, name: str, **fields):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data), "marks": "tracked", **fields})


def upload_draft(client: Client, data: bytes, name: str, **fields) -> Draft:
    response = upload(client, data, name, **fields)
    assert response.status_code == 302, form_errors(response)
    return Draft.objects.get(source__sha256=sha256_of(data))


def form_errors(response) -> str:
    return " ".join(re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page(response), re.S))


def row_html(html: str, anchor: str) -> str:
    match = re.search(rf'<tr id="{anchor}".*?</tr>', html, re.S)
    assert match, f"no row {anchor}"
    return match.group(0)


def new_index(draft: Draft, label: str, text_start: str) -> int:
    from resolutions.drafts import draft_reading

    clauses = draft_reading(draft).revised.clauses
    return next(i for i, c in enumerate(clauses) if c.label == label and c.text.startswith(text_start))


def old_index_2014(label: str, text_start: str) -> int:
    edition = Edition.objects.get(year=2014)
    versions = ClauseVersion.objects.in_edition(edition)
    return next(i for i, v in enumerate(versions) if v.label == label and v.text.startswith(text_start))


@pytest.fixture
def publisher(db) -> User:
    """Staff with the publish permission (and the admin's view permissions), not a superuser."""
    user = User.objects.create_user("publisher", password="x", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="resolutions",
            codename__in=["publish_edition", "view_edition", "view_draft", "view_sourcefile"],
        )
    )
    return user


@pytest.fixture
def client(publisher) -> Client:
    client = Client()
    client.force_login(publisher)
    return client


# ---------------------------------------------------------------- uploading each format


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


# ---------------------------------------------------------------- the review


@pytest.fixture
def dubai(client, bundled) -> Draft:
    return upload_draft(client, dubai_docx(), "Res102-Dubai.docx")


def test_the_review_lists_every_clause_in_order_with_its_section_label_and_match(client, dubai):
    html = page(client.get(dubai.get_absolute_url()))
    new_rows = re.findall(r'<tr id="new-(\d+)"', html)
    assert [int(n) for n in new_rows] == list(range(len(new_rows)))
    assert "Resolution 102 (Rev. Busan, 2014), as published" in html
    row = row_html(html, f"new-{new_index(dubai, '4', ADDED_CLAUSE[:20])}")
    assert "<i>instructs the Council</i> 4" in row
    assert "new clause" in row
    assert "mark-add" in row


def test_uncertain_matches_are_highlighted_with_their_score(client, dubai):
    html = page(client.get(dubai.get_absolute_url()))
    row = row_html(html, f"new-{new_index(dubai, 'b)', 'about the absence')}")
    assert "match-uncertain" in row
    assert re.search(r"5\d%\s*<strong[^>]*>uncertain</strong>", row)
    certain = row_html(html, f"new-{new_index(dubai, '6', 'to report every year')}")
    assert "match-uncertain" not in certain
    assert "93%" in certain


def test_the_review_shows_the_redline_that_would_be_published(client, dubai):
    html = page(client.get(dubai.get_absolute_url()))
    row = row_html(html, f"new-{new_index(dubai, '6', 'to report every year')}")
    assert (
        '<del class="change change-del"><span class="visually-hidden">deleted: </span>annually</del>' in row
    )
    assert (
        '<ins class="change change-ins"><span class="visually-hidden">inserted: </span>every year</ins>'
        in row
    )


def rematch(client: Client, draft: Draft, new: int, old: str, **extra):
    return client.post(draft.get_absolute_url(), {"action": "match", "new": new, "old": old}, **extra)


def test_re_matching_a_clause_without_javascript_redirects_to_the_updated_review(client, dubai):
    new_e = new_index(dubai, "e)", NEW_NOTING_E[:20])
    old_e = old_index_2014("e)", "that CWG-Internet")
    assert "new clause" in row_html(page(client.get(dubai.get_absolute_url())), f"new-{new_e}")
    response = rematch(client, dubai, new_e, str(old_e))
    assert response.status_code == 302
    assert response["Location"] == f"{dubai.get_absolute_url()}#new-{new_e}"
    dubai.refresh_from_db()
    assert dubai.forced == {str(new_e): old_e}
    row = row_html(page(client.get(dubai.get_absolute_url())), f"new-{new_e}")
    assert "your match" in row
    assert "mark-mod" in row
    assert "that CWG-Internet shall include" in row  # the old text, struck through now


def test_re_matching_with_htmx_answers_with_the_updated_matching_only(client, dubai):
    new_e = new_index(dubai, "e)", NEW_NOTING_E[:20])
    old_e = old_index_2014("e)", "that CWG-Internet")
    response = rematch(client, dubai, new_e, str(old_e), **HTMX)
    html = page(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="matching"')
    assert "<html" not in html
    assert "Matching updated" in html
    assert "your match" in row_html(html, f"new-{new_e}")
    # The old noting e) is no longer a deleted row of its own.
    assert f'id="old-{old_e}"' not in html


def test_a_clause_can_be_made_new_and_then_matched_automatically_again(client, dubai):
    index = new_index(dubai, "6", "to report every year")
    rematch(client, dubai, index, "new")
    row = row_html(page(client.get(dubai.get_absolute_url())), f"new-{index}")
    assert "mark-add" in row
    rematch(client, dubai, index, "auto")
    dubai.refresh_from_db()
    assert dubai.forced == {}
    assert "mark-mod" in row_html(page(client.get(dubai.get_absolute_url())), f"new-{index}")


def test_an_impossible_match_is_explained_and_not_kept(client, dubai):
    heading = new_index(dubai, "", "noting")
    item = old_index_2014("a)", "the decision to convene")
    response = rematch(client, dubai, heading, str(item))
    assert response.status_code == 200
    assert "That match cannot be made" in page(response)
    assert "is a heading and cannot be old clause" in page(response)
    dubai.refresh_from_db()
    assert dubai.forced == {}


@pytest.mark.parametrize("old", ["9999", "x", "-1"])
def test_a_forged_match_is_refused(client, dubai, old):
    response = rematch(client, dubai, 3, old)
    assert response.status_code == 200
    assert "There is no old clause" in page(response)
    dubai.refresh_from_db()
    assert dubai.forced == {}


def test_change_match_opens_the_row_editor_with_or_without_htmx(client, dubai):
    index = new_index(dubai, "e)", NEW_NOTING_E[:20])
    full = page(client.get(f"{dubai.get_absolute_url()}?edit={index}"))
    assert '<select name="old"' in row_html(full, f"new-{index}")
    assert "<html" in full
    fragment = page(client.get(f"{dubai.get_absolute_url()}?edit={index}", **HTMX))
    assert fragment.lstrip().startswith(f'<tr id="new-{index}"')
    assert '<select name="old"' in fragment
    assert 'name="csrfmiddlewaretoken"' in fragment


def test_the_details_can_be_corrected_and_survive_a_reload(client, dubai):
    response = client.post(
        dubai.get_absolute_url(),
        {
            "action": "details",
            "body": "pp",
            "number": 102,
            "city": "Dubai (UAE)",
            "year": 2018,
            "provenance": "Final Acts",
        },
    )
    assert response.status_code == 302
    dubai.refresh_from_db()
    assert (dubai.city, dubai.provenance) == ("Dubai (UAE)", "Final Acts")
    publish(Client_for(dubai), dubai)
    edition = Edition.objects.get(year=2018)
    assert edition.city == "Dubai (UAE)"
    assert edition.provenance == "Final Acts"


def Client_for(draft: Draft) -> Client:  # noqa: N802 (reads as a constructor)
    client = Client()
    client.force_login(User.objects.get(username=draft.created_by))
    return client


def test_corrections_are_reset_when_the_details_change_what_is_matched_against(client, dubai):
    rematch(client, dubai, new_index(dubai, "6", "to report every year"), "new")
    response = client.post(
        dubai.get_absolute_url(),
        {"action": "details", "body": "pp", "number": 999, "city": "Dubai", "year": 2018},
    )
    assert any("your corrections were reset" in m for m in messages_of(response))
    dubai.refresh_from_db()
    assert (dubai.number, dubai.forced) == (999, {})
    # Resolution 999 has no stored edition: the file's own base text is the one matched against.
    assert "Resolution 999 (Rev. Busan,2014), the base text in this file" in page(
        client.get(dubai.get_absolute_url())
    )


def test_invalid_details_are_shown_and_not_saved(client, dubai):
    response = client.post(
        dubai.get_absolute_url(), {"action": "details", "body": "pp", "number": 102, "city": "", "year": 18}
    )
    assert response.status_code == 200
    assert "Please correct the details below" in page(response)
    dubai.refresh_from_db()
    assert (dubai.city, dubai.year) == ("Dubai", 2018)


def test_the_review_says_when_the_edition_cannot_be_published(client, dubai):
    client.post(
        dubai.get_absolute_url(),
        {"action": "details", "body": "pp", "number": 102, "city": "Dubai", "year": 2012},
    )
    html = page(client.get(dubai.get_absolute_url()))
    assert "already has a later edition" in html
    assert '<input type="submit" class="default" value="Publish" disabled>' in html


# ---------------------------------------------------------------- publishing and discarding


def publish(client: Client, draft: Draft, **fields):
    from resolutions.drafts import review_draft

    key = review_draft(Draft.objects.get(pk=draft.pk)).plan.review_key
    return client.post(
        reverse("admin:resolutions_draft_publish", args=[draft.pk]), {"reviewed": key, **fields}
    )


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


def publish_key(draft: Draft) -> str:
    from resolutions.drafts import review_draft

    return review_draft(draft).plan.review_key


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


def test_discarding_removes_the_draft_its_record_and_its_file(
    client, dubai, uploads, django_capture_on_commit_callbacks
):
    assert len(stored_files(uploads)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:resolutions_draft_discard", args=[dubai.pk]))
    assert response.status_code == 302
    assert not Draft.objects.exists()
    assert not SourceFile.objects.exists()
    assert stored_files(uploads) == []
    assert not Edition.objects.filter(year=2018).exists()


def test_publishing_a_draft_that_is_gone_says_so(client, dubai):
    client.post(reverse("admin:resolutions_draft_discard", args=[dubai.pk]))
    response = client.post(reverse("admin:resolutions_draft_publish", args=[dubai.pk]), {"reviewed": "x"})
    assert response.status_code == 302
    assert any("published or discarded meanwhile" in m for m in messages_of(response))
    assert not Edition.objects.filter(year=2018).exists()


def test_get_never_publishes_or_discards(client, dubai):
    assert client.get(reverse("admin:resolutions_draft_publish", args=[dubai.pk])).status_code == 302
    assert client.get(reverse("admin:resolutions_draft_discard", args=[dubai.pk])).status_code == 302
    assert Draft.objects.filter(pk=dubai.pk).exists()
    assert not Edition.objects.filter(year=2018).exists()


# ---------------------------------------------------------------- expiry


def test_an_expired_draft_is_discarded_when_opened(
    client, dubai, uploads, django_capture_on_commit_callbacks
):
    Draft.objects.filter(pk=dubai.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(dubai.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == UPLOAD
    assert any("expired" in m for m in messages_of(response))
    assert not Draft.objects.exists()
    assert stored_files(uploads) == []


def test_an_expired_draft_cannot_be_published(client, dubai):
    key = publish_key(dubai)
    Draft.objects.filter(pk=dubai.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    client.post(reverse("admin:resolutions_draft_publish", args=[dubai.pk]), {"reviewed": key})
    assert not Edition.objects.filter(year=2018).exists()


def test_working_on_a_draft_pushes_its_expiry_back(client, dubai, settings):
    Draft.objects.filter(pk=dubai.pk).update(expires_at=timezone.now() + timedelta(minutes=5))
    rematch(client, dubai, 3, "new")
    dubai.refresh_from_db()
    assert dubai.expires_at > timezone.now() + timedelta(hours=settings.RESOLUTIONS_DRAFT_LIFETIME_HOURS - 1)


def test_purge_drafts_discards_only_expired_drafts(
    client, bundled, uploads, django_capture_on_commit_callbacks
):
    old = upload_draft(client, dubai_docx(), "old.docx")
    fresh = upload_draft(client, fixture("pp-102-2014.txt").replace(b"regards", b"regard"), "fresh.txt")
    Draft.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_drafts", stdout=out)
    assert "Discarded 1 expired draft." in out.getvalue()
    assert list(Draft.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert [path.name for path in stored_files(uploads)] == [Path(fresh.source.file.name).name]


# ---------------------------------------------------------------- duplicates, bad and hostile files


@pytest.mark.django_db
def test_a_file_already_imported_is_refused(client, bundled):
    before = counts()
    response = upload(client, fixture("pp-102-2014.txt"), "again.txt")
    assert response.status_code == 200
    assert "This file is already imported: it is Resolution 102 (Rev. Busan, 2014)" in form_errors(response)
    assert counts() == before


def test_a_file_already_under_review_is_refused(client, dubai):
    response = upload(client, dubai_docx(), "copy.docx")
    assert "This file is already under review" in form_errors(response)
    assert Draft.objects.count() == 1


def test_a_file_whose_edition_was_published_through_the_admin_is_refused(client, dubai):
    publish(client, dubai)
    response = upload(client, dubai_docx(), "again.docx")
    assert "This file is already imported: it is Resolution 102 (Rev. Dubai, 2018)" in form_errors(response)


def legacy_doc() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)


def docm() -> bytes:
    from tests.support.builders import RELS, zip_bytes

    return zip_bytes({"word/document.xml": "<x/>", "word/vbaProject.bin": b"macro", "_rels/.rels": RELS})


def renamed_html() -> bytes:
    page_ = html_from_edition(parse_text(fixture("pp-102-2014.txt")))
    return page_.replace(b"<p class=ResNo>RESOLUTION", b"<p class=ResNo>MINUTES")


def truncated_zip() -> bytes:
    data = docx_from_edition(parse_text(fixture("pp-102-2014.txt")))
    return data[: len(data) // 2]


def xxe() -> bytes:
    from tests.support.builders import W, docx_package

    xml = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>RESOLUTION 1 (Rev. X, 2000) &xxe;</w:t>'
        "</w:r></w:p></w:body></w:document>"
    )
    return docx_package([], extra={"word/document.xml": xml})


def zip_bomb() -> bytes:
    from tests.support.builders import zip_bytes

    return zip_bytes({"[Content_Types].xml": "", "word/document.xml": b"\0" * (60 * 1024 * 1024)})


BAD_FILES = {
    "legacy or encrypted Word": (
        legacy_doc,
        "old.doc",
        "old.doc: this is a legacy .doc or an encrypted Word file",
    ),
    "macro-enabled": (docm, "macro.docm", "macro-enabled Word file (.docm)"),
    "HTML renamed .docx": (
        renamed_html,
        "renamed.docx",
        "(renamed.docx is an HTML web page, not a Word document)",
    ),
    "truncated zip": (truncated_zip, "cut.docx", "truncated or corrupt zip archive"),
    "not UTF-8": (
        lambda: "RESOLUTION 1 (Genève, 2000)".encode("utf-16-le"),
        "u16.txt",
        "not a UTF-8 text file",
    ),
    "empty": (lambda: b"", "empty.docx", "the file is empty"),
    "not a resolution": (
        lambda: b"Dear colleagues,\nplease find attached\n",
        "letter.txt",
        "no RESOLUTION line",
    ),
    "external entity": (xxe, "xxe.docx", "declares a DTD (<!DOCTYPE>), which is refused"),
    "zip bomb": (zip_bomb, "bomb.docx", "would inflate to 60.0 MB, more than the 50.0 MB allowed"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_or_hostile_file_gets_the_readers_message_on_the_form_and_changes_nothing(
    client, bundled, uploads, case
):
    build, name, message = BAD_FILES[case]
    before = counts()
    response = upload(client, build(), name)
    assert response.status_code == 200
    errors = form_errors(response)
    assert message.replace("<", "&lt;").replace(">", "&gt;") in errors
    assert counts() == before
    assert stored_files(uploads) == []


@pytest.mark.django_db
def test_an_external_entity_never_leaks_the_file_it_names(client):
    secret = Path("/etc/passwd").read_text(errors="replace").splitlines()[0]
    response = upload(client, xxe(), "xxe.docx")
    assert secret not in page(response)


@pytest.mark.django_db
def test_an_oversized_upload_is_refused_with_its_size(client, uploads):
    data = b"RESOLUTION 1 (Geneva, 2000)\n" + b"x" * (10 * 1024 * 1024)
    response = upload(client, data, "big.txt")
    assert response.status_code == 200
    assert "big.txt: the file is 10.0 MB (10,485,788 bytes), more than the 10.0 MB allowed." in form_errors(
        response
    )
    assert counts() == (0, 0, 0, 0, 0, 0)
    assert stored_files(uploads) == []


@pytest.mark.django_db
def test_the_upload_limit_follows_the_setting(client, settings):
    settings.RESOLUTIONS_UPLOAD_MAX_BYTES = 1000
    response = upload(client, fixture("pp-102-2014.txt"), "pp-102-2014.txt")
    assert re.search(
        r"the file is \d+ bytes \([\d,]+ bytes\), more than the 1000 bytes allowed", form_errors(response)
    )
    assert not Draft.objects.exists()


@pytest.mark.django_db
def test_an_upload_without_a_file_says_so(client):
    response = client.post(UPLOAD, {"marks": "tracked"})
    assert response.status_code == 200
    assert "This field is required." in form_errors(response)


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


# ---------------------------------------------------------------- where the file goes


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


# ---------------------------------------------------------------- who may


@pytest.mark.django_db
def test_staff_without_the_permission_can_neither_upload_nor_review_nor_publish(bundled, client, dubai):
    clerk = User.objects.create_user("clerk", password="x", is_staff=True)
    other = Client()
    other.force_login(clerk)
    before = counts()
    for url in (UPLOAD, dubai.get_absolute_url()):
        assert other.get(url).status_code == 403
    assert (
        upload(other, fixture("pp-102-2014.txt").replace(b"regards", b"regard"), "x.txt").status_code == 403
    )
    for name in ("publish", "discard"):
        assert other.post(reverse(f"admin:resolutions_draft_{name}", args=[dubai.pk])).status_code == 403
    assert counts() == before


@pytest.mark.django_db
def test_visitors_are_sent_to_the_admin_login(bundled, dubai):
    response = Client().get(dubai.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert Client().post(UPLOAD).status_code == 302
    assert not Edition.objects.filter(year=2018).exists()


@pytest.mark.django_db
def test_a_superuser_may_upload(admin_client, bundled):
    response = upload(admin_client, dubai_docx(), "dubai.docx")
    assert response.status_code == 302


@pytest.mark.django_db
def test_every_form_is_protected_against_cross_site_requests(publisher, bundled):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(publisher)
    data = dubai_docx()
    refused = csrf_client.post(UPLOAD, {"file": SimpleUploadedFile("d.docx", data), "marks": "tracked"})
    assert refused.status_code == 403
    assert not Draft.objects.exists()

    form = page(csrf_client.get(UPLOAD))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    accepted = csrf_client.post(
        UPLOAD, {"file": SimpleUploadedFile("d.docx", data), "marks": "tracked", "csrfmiddlewaretoken": token}
    )
    assert accepted.status_code == 302
    draft = Draft.objects.get()
    for url, data_ in (
        (draft.get_absolute_url(), {"action": "match", "new": 3, "old": "new"}),
        (
            draft.get_absolute_url(),
            {"action": "details", "body": "pp", "number": 1, "city": "X", "year": 2018},
        ),
        (reverse("admin:resolutions_draft_publish", args=[draft.pk]), {"reviewed": publish_key(draft)}),
        (reverse("admin:resolutions_draft_discard", args=[draft.pk]), {}),
    ):
        assert csrf_client.post(url, data_).status_code == 403
    draft.refresh_from_db()
    assert (draft.forced, draft.number) == ({}, 102)
    assert not Edition.objects.filter(year=2018).exists()


# ---------------------------------------------------------------- the admin around it


@pytest.mark.django_db
def test_the_edition_list_links_to_the_upload_for_publishers_only(client, bundled):
    html = page(client.get(reverse("admin:resolutions_edition_changelist")))
    assert f'href="{UPLOAD}"' in html
    assert 'href="/pp/102/2014/"' in html
    viewer = User.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_edition"))
    other = Client()
    other.force_login(viewer)
    assert f'href="{UPLOAD}"' not in page(other.get(reverse("admin:resolutions_edition_changelist")))


@pytest.mark.django_db
def test_editions_are_read_only_in_the_admin(admin_client, bundled):
    edition = Edition.objects.get(year=2014)
    url = reverse("admin:resolutions_edition_change", args=[edition.pk])
    html = page(admin_client.get(url))
    assert 'name="city"' not in html
    admin_client.post(url, {"city": "Elsewhere"})
    assert Edition.objects.get(year=2014).city == "Busan"
    assert admin_client.get(reverse("admin:resolutions_edition_delete", args=[edition.pk])).status_code == 403


def test_a_published_source_file_cannot_be_deleted_in_the_admin(admin_client, client, dubai):
    publish(client, dubai)
    source = SourceFile.objects.get()
    url = reverse("admin:resolutions_sourcefile_delete", args=[source.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert SourceFile.objects.filter(pk=source.pk).exists()
    html = page(admin_client.get(reverse("admin:resolutions_sourcefile_change", args=[source.pk])))
    assert source.file.name in html
    assert f'href="/{source.file.name}"' not in html


def test_deleting_a_draft_in_the_admin_removes_its_file(
    admin_client, dubai, uploads, django_capture_on_commit_callbacks
):
    url = reverse("admin:resolutions_draft_delete", args=[dubai.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not SourceFile.objects.exists()
    assert stored_files(uploads) == []


def test_a_draft_whose_stored_file_is_gone_says_so_and_publishes_nothing(client, dubai):
    dubai.source.file.storage.delete(dubai.source.file.name)
    html = page(client.get(dubai.get_absolute_url()))
    assert "the uploaded file is missing from the server&#x27;s storage" in html
    assert '<input type="submit" class="default" value="Publish" disabled>' in html
    response = client.post(reverse("admin:resolutions_draft_publish", args=[dubai.pk]), {"reviewed": "x"})
    assert response.status_code == 302
    assert any("Nothing was published" in m and "missing" in m for m in messages_of(response))
    assert not Edition.objects.filter(year=2018).exists()


def test_the_summary_links_to_each_uncertain_match(client, dubai):
    html = page(client.get(dubai.get_absolute_url()))
    resolution_line = new_index(dubai, "", "RESOLUTION 102")
    concerned_b = new_index(dubai, "b)", "about the absence")
    assert "2 uncertain matches" in html
    assert f'<a href="#new-{resolution_line}">resolution line</a>' in html
    assert f'<a href="#new-{concerned_b}">Deeply concerned b)</a>' in html
