"""Detecting an upload's format by its content, and the key promise of the
readers: Resolution 102 reads the same from text, Word and HTML, with or
without styles, automatic numbering or tracked changes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from resolutions.document import Kind, ParsedEdition, ParseError
from resolutions.parsing.docx import read_docx
from resolutions.parsing.formats import detect_format, read_upload
from resolutions.parsing.plaintext import parse_text
from resolutions.parsing.safety import Limits
from tests.support.builders import (
    DOCM_MAIN,
    docx_from_edition,
    docx_package,
    html_from_edition,
    paragraph,
    run,
    tracked_docx_from_redline,
)
from tests.support.wdiff import redline_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EDITIONS = {2010: "pp-102-2010.txt", 2014: "pp-102-2014.txt"}


def from_text(year: int) -> ParsedEdition:
    return parse_text((FIXTURES / EDITIONS[year]).read_bytes(), source_name=EDITIONS[year])


def content(edition: ParsedEdition) -> tuple:
    """Everything an edition says, leaving out where each clause was found
    (lines in a text file, paragraphs in Word) and the file's name."""
    clauses = tuple((c.kind, c.label, c.text, c.section) for c in edition.clauses)
    return (
        edition.body,
        edition.number,
        edition.city,
        edition.year,
        edition.designation,
        edition.title,
        clauses,
    )


# ---------------------------------------------------------------- equivalence


BUILDERS = {
    "styled docx": lambda edition: docx_from_edition(edition),
    "unstyled docx with automatic numbering": lambda edition: docx_from_edition(
        edition, styled=False, auto_numbering=True
    ),
    "html with word's class names": lambda edition: html_from_edition(edition),
    "html with italic headings": lambda edition: html_from_edition(edition, headings="italic"),
}


@pytest.mark.parametrize("year", sorted(EDITIONS))
@pytest.mark.parametrize("variant", sorted(BUILDERS))
def test_every_format_of_an_edition_reads_the_same_as_its_text(year, variant):
    expected = from_text(year)
    suffix = ".docx" if "docx" in variant else ".htm"
    reading = read_upload(BUILDERS[variant](expected), filename=f"res102{suffix}")
    assert content(reading.revised) == content(expected)
    assert reading.base is None
    assert reading.format == suffix.strip(".").replace("htm", "html")


def test_the_unstyled_docx_really_takes_labels_from_automatic_numbering():
    # Guards the equivalence above: it must not pass because the builder
    # quietly wrote every label into the text.
    edition = from_text(2014)
    document = read_docx(docx_from_edition(edition, styled=False, auto_numbering=True))
    numbered = [p for p in document.paragraphs if p.numbering is not None]
    items = [c for c in edition.clauses if c.kind == Kind.ITEM]
    assert len(numbered) > len(items) / 2
    assert all(not p.pieces[0].text.startswith(("a)", "b)", "1\t")) for p in numbered)


def test_one_tracked_changes_docx_holds_both_editions():
    data = tracked_docx_from_redline(redline_text())
    reading = read_upload(data, filename="res102-marked.docx")
    assert reading.base is not None
    assert content(reading.base) == content(from_text(2010))
    assert content(reading.revised) == content(from_text(2014))


def test_the_tracked_changes_docx_uses_every_kind_of_mark():
    document = zipfile.ZipFile(io.BytesIO(tracked_docx_from_redline(redline_text()))).read(
        "word/document.xml"
    )
    for element in (b"<w:del ", b"<w:delText", b"<w:ins ", b"<w:rPr><w:ins ", b"<w:rPr><w:del "):
        assert element in document


def test_underline_and_strike_through_hold_both_editions_when_asked_for():
    data = tracked_docx_from_redline(redline_text(), formatting=True)
    reading = read_upload(data, filename="proposal.docx", marks="formatting")
    assert reading.base is not None
    assert content(reading.base) == content(from_text(2010))
    assert content(reading.revised) == content(from_text(2014))


def test_underline_and_strike_through_are_never_taken_for_marks_unasked():
    data = tracked_docx_from_redline(redline_text(), formatting=True)
    with pytest.raises(ParseError, match="revision-marked"):
        read_upload(data, filename="proposal.docx")


def test_an_error_in_one_side_says_which_side():
    data = docx_package(
        [
            paragraph(run("RESOLUTION 102 (Rev. Busan, 2014)")),
            paragraph(run("Title")),
            paragraph(run("The Plenipotentiary Conference (Busan, 2014),")),
            paragraph(run("resolves")),
            paragraph(run("1\tto act;")),
            paragraph(run("2\tto report", mark="ins"), mark="ins"),
            paragraph(run("3\tto close")),
        ]
    )
    with pytest.raises(ParseError, match=r"out of sequence.*in the base text, every change rejected"):
        read_upload(data, filename="x.docx")


# ---------------------------------------------------------------- detection


def text_bytes(year: int = 2014) -> bytes:
    return (FIXTURES / EDITIONS[year]).read_bytes()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"PK\x03\x04rest", "docx"),
        (b"<!DOCTYPE html><html>", "html"),
        (b"\xef\xbb\xbf \n <HTML lang=en>", "html"),
        (b'<?xml version="1.0"?>\n<!-- saved -->\n<html xmlns="http://www.w3.org/1999/xhtml">', "html"),
        (b"RESOLUTION 102 (Rev. Busan, 2014)\n", "text"),
        (b"<htmlish> is not a tag\n", "text"),
    ],
)
def test_it_detects_the_format_by_content(data, kind):
    assert detect_format(data, filename="upload.txt") == kind


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "legacy .doc or an encrypted Word file"),
        (b"%PDF-1.7\n", "this is a PDF"),
        (b"{\\rtf1\\ansi", "RTF"),
        (b"From: <Saved by Blink>\nMIME-Version: 1.0\n", "MHTML"),
    ],
)
def test_it_refuses_other_document_formats_saying_what_they_are(data, message):
    with pytest.raises(ParseError, match=message) as error:
        read_upload(data, filename="res102.docx")
    assert error.value.source == "res102.docx"


def test_html_named_docx_is_read_as_html_with_a_note():
    reading = read_upload(html_from_edition(from_text(2014)), filename="res102.docx")
    assert reading.format == "html"
    assert content(reading.revised) == content(from_text(2014))
    assert "res102.docx is an HTML web page, not a Word document" in reading.revised.notes[0]


def test_a_text_file_is_read_whatever_its_name():
    reading = read_upload(text_bytes(), filename="res102.htm")
    assert reading.format == "text"
    assert content(reading.revised) == content(from_text(2014))


def test_a_zip_that_is_not_a_word_document_is_refused():
    data = docx_package([], extra={})
    data = _without(data, "word/document.xml")
    with pytest.raises(ParseError, match="not a Word document: it has no word/document.xml"):
        read_upload(data, filename="archive.zip")


def _without(data: bytes, name: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
    return buffer.getvalue()


def test_a_macro_enabled_document_is_refused_by_its_content_type():
    data = docx_package([paragraph(run("x"))], main_content_type=DOCM_MAIN)
    with pytest.raises(ParseError, match=r"macro-enabled Word file \(\.docm\)"):
        read_upload(data, filename="res102.docx")


def test_a_document_carrying_a_macro_project_is_refused():
    data = docx_package([paragraph(run("x"))], extra={"word/vbaProject.bin": b"\x00macro"})
    with pytest.raises(ParseError, match=r"\.docm"):
        read_upload(data, filename="res102.docx")


@pytest.mark.parametrize("data", [b"", b" \n\t \r\n"])
def test_an_empty_file_is_refused(data):
    with pytest.raises(ParseError, match="the file is empty"):
        read_upload(data, filename="empty.txt")


def test_text_that_is_not_utf8_is_refused():
    with pytest.raises(ParseError, match="not a UTF-8 text file") as error:
        read_upload("RESOLUTION 102 (Genève, 2014)\n".encode("latin-1"), filename="res.txt")
    assert error.value.where == "line 1"


def test_utf8_text_with_a_byte_order_mark_is_read():
    reading = read_upload(b"\xef\xbb\xbf" + text_bytes(), filename="res102.txt")
    assert content(reading.revised) == content(from_text(2014))


@pytest.mark.parametrize(
    "data",
    [
        docx_package([paragraph(run("Minutes of the meeting")), paragraph(run("Item one"))]),
        b"<html><body><p>Minutes of the meeting</p><p>Item one</p></body></html>",
        b"Minutes of the meeting\nItem one\n",
    ],
    ids=["docx", "html", "text"],
)
def test_a_file_that_is_not_a_resolution_is_refused(data):
    with pytest.raises(ParseError, match="no RESOLUTION line") as error:
        read_upload(data, filename="minutes")
    assert error.value.where in ("paragraph 1", "line 1")


def test_an_upload_over_the_size_limit_is_refused_before_reading():
    with pytest.raises(ParseError, match="more than the 100 bytes allowed"):
        read_upload(text_bytes(), filename="res102.txt", limits=Limits(upload_max_bytes=100))


def test_the_body_given_by_the_caller_is_used():
    reading = read_upload(docx_from_edition(from_text(2014)), filename="r.docx", body="wtsa")
    assert reading.revised.body == "wtsa"


def test_an_unknown_marks_convention_is_a_programming_error():
    with pytest.raises(ValueError, match="marks must be one of"):
        read_upload(text_bytes(), filename="r.txt", marks="colour")


def test_limits_come_from_django_settings(settings):
    settings.RESOLUTIONS_UPLOAD_MAX_BYTES = 1234
    settings.RESOLUTIONS_DOCX_MAX_UNCOMPRESSED_BYTES = 5678
    settings.RESOLUTIONS_DOCX_MAX_ENTRIES = 9
    limits = Limits.from_settings(settings)
    assert (limits.upload_max_bytes, limits.docx_max_uncompressed_bytes, limits.docx_max_entries) == (
        1234,
        5678,
        9,
    )
