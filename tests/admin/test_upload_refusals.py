"""Uploads that are refused: duplicates, bad and hostile files, oversized ones; each refusal is the reader's message on the form, and nothing is kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from resolutions.models import Draft
from resolutions.parsing import parse_text
from tests.support.admin import (
    UPLOAD,
    counts,
    dubai_docx,
    fixture,
    form_errors,
    page,
    publish,
    stored_files,
    upload,
)
from tests.support.builders import docx_from_edition, html_from_edition


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
