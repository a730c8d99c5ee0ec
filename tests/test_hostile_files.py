"""Hostile uploads, built here rather than committed: each is refused with a
message saying what is wrong, and nothing but ParseError escapes. Run with
-s to see how long each refusal takes (printed, never asserted)."""

from __future__ import annotations

import base64
import io
import os
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from resolutions.document import ParseError
from resolutions.parsing import Limits, read_upload
from tests.support.builders import (
    RELS,
    W,
    docx_from_edition,
    docx_package,
    html_from_edition,
    paragraph,
    part,
    run,
    zip_bytes,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MB = 1024 * 1024


def refused(data: bytes, message: str, *, filename: str = "hostile.docx", **options) -> ParseError:
    """Read `data`, expecting a ParseError whose message contains `message`;
    print how long the refusal took."""
    started = time.perf_counter()
    with pytest.raises(ParseError) as caught:
        read_upload(data, filename=filename, **options)
    print(f"\n{filename}: refused in {time.perf_counter() - started:.3f} s: {caught.value.message}")
    assert message in caught.value.message
    return caught.value


def document_with(xml: str) -> bytes:
    """A .docx whose word/document.xml is `xml`, verbatim."""
    return docx_package([], extra={"word/document.xml": xml})


def valid_docx() -> bytes:
    from resolutions.parsing.plaintext import parse_text

    return docx_from_edition(parse_text((FIXTURES / "pp-102-2014.txt").read_bytes()))


# ---------------------------------------------------------------- XML attacks


def test_an_external_entity_reading_a_local_file_is_refused_and_never_read():
    secret = Path("/etc/passwd").read_text(errors="replace").splitlines()[0]
    xml = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>RESOLUTION 1 (Rev. X, 2000) &xxe;</w:t>'
        "</w:r></w:p></w:body></w:document>"
    )
    error = refused(document_with(xml), "declares a DTD (<!DOCTYPE>), which is refused", filename="xxe.docx")
    assert secret not in error.message
    assert error.where == "word/document.xml"


def test_an_external_entity_in_a_web_page_is_refused_and_never_read():
    secret = Path("/etc/passwd").read_text(errors="replace").splitlines()[0]
    page = (
        b'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><html><body>'
        b"<p>RESOLUTION 1 (Rev. Geneva, 2000)</p><p>&xxe;</p></body></html>"
    )
    error = refused(page, "the HTML declares entities (<!ENTITY>), which is refused", filename="xxe.htm")
    assert secret not in error.message


def test_billion_laughs_is_refused():
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    xml = f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]><w:document xmlns:w="{W}">&lol9;</w:document>'
    refused(document_with(xml), "declares a DTD", filename="laughs.docx")


def test_quadratic_blowup_is_refused():
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "{"x" * 50_000}">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>{"&a;" * 50_000}</w:t></w:r></w:p></w:body>'
        "</w:document>"
    )
    refused(document_with(xml), "declares a DTD", filename="quadratic.docx")


def test_a_dtd_in_any_other_part_is_refused_too():
    styles = '<?xml version="1.0"?><!DOCTYPE s SYSTEM "http://example.com/evil.dtd"><w:styles/>'
    data = docx_package([paragraph(run("x"))], extra={"word/styles.xml": styles})
    error = refused(data, "declares a DTD", filename="styles.docx")
    assert error.where == "word/styles.xml"


def test_nesting_deeper_than_256_levels_is_refused():
    xml = (
        f'<w:document xmlns:w="{W}"><w:body>' + "<w:sdt>" * 300 + "</w:sdt>" * 300 + "</w:body></w:document>"
    )
    refused(document_with(xml), "nests deeper than 256 levels", filename="deep.docx")


def test_nesting_deeper_than_256_levels_in_html_is_refused():
    page = b"<html><body>" + b"<div>" * 300 + b"RESOLUTION" + b"</div>" * 300 + b"</body></html>"
    refused(page, "nests deeper than 256 levels", filename="deep.htm")


def test_an_11_mb_text_node_is_refused():
    # Random text, so that it compresses too little to look like a zip bomb
    # and reaches the XML parser, under the 10 MB upload limit.
    text = base64.b64encode(os.urandom(11 * MB * 3 // 4)).decode()
    xml = f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>'
    refused(document_with(xml), "text node larger than 10 MB", filename="huge-text.docx")


def test_an_11_mb_text_node_in_html_is_refused_even_under_a_raised_upload_limit():
    page = b"<html><body><p>" + b"x" * (11 * MB) + b"</p></body></html>"
    refused(page, "more than the 10.0 MB allowed", filename="huge-text.htm")
    refused(
        page, "text node larger than 10 MB", filename="huge-text.htm", limits=Limits(upload_max_bytes=20 * MB)
    )


# ---------------------------------------------------------------- zip attacks


def test_a_zip_bomb_is_refused_before_anything_is_inflated():
    bomb = zip_bytes({"[Content_Types].xml": "", "word/document.xml": b"\0" * (60 * MB)})
    refused(bomb, "would inflate to 60.0 MB, more than the 50.0 MB allowed", filename="bomb.docx")


def test_a_high_ratio_member_is_refused_as_a_zip_bomb():
    bomb = zip_bytes({"word/document.xml": b" " * (20 * MB)})
    refused(bomb, "inflates", filename="ratio.docx")
    with pytest.raises(ParseError, match="a zip bomb"):
        read_upload(bomb, filename="ratio.docx")


def test_a_member_lying_about_its_size_is_never_read_past_it():
    xml = f'<w:document xmlns:w="{W}"><w:body>' + "<w:p/>" * 400_000 + "</w:body></w:document>"
    data = bytearray(zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": xml}))
    # Claim 100 bytes in the central directory entry of word/document.xml.
    entry = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 4)
    data[entry + 24 : entry + 28] = struct.pack("<I", 100)
    refused(bytes(data), "cannot inflate this entry", filename="liar.docx")


def test_twenty_thousand_entries_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for n in range(20_000):
            archive.writestr(f"word/media/{n}.xml", b"")
    refused(
        buffer.getvalue(), "the archive has 20000 entries, more than the 500 allowed", filename="many.docx"
    )


@pytest.mark.parametrize("name", ["../../etc/cron.d/evil", "/etc/passwd", "word/../../x.xml", "C:\\evil.xml"])
def test_unsafe_entry_names_are_refused(name):
    data = docx_package([paragraph(run("x"))], extra={name: b"x"})
    refused(data, f"unsafe entry name {name!r}", filename="traversal.docx")


def test_an_encrypted_zip_entry_is_refused():
    data = bytearray(valid_docx())
    directory = data.index(b"PK\x01\x02")
    data[directory + 8] |= 0x1  # the general-purpose "encrypted" flag
    refused(bytes(data), "the archive is encrypted", filename="locked.docx")


def test_a_truncated_zip_is_refused():
    data = valid_docx()
    refused(data[: len(data) // 2], "truncated or corrupt zip archive", filename="truncated.docx")


def test_a_corrupt_member_is_refused():
    data = bytearray(valid_docx())
    start = data.index(b"word/document.xml") + len(b"word/document.xml")
    data[start + 50 : start + 150] = bytes(100)
    refused(bytes(data), "word/document.xml", filename="corrupt.docx")


def test_an_unknown_compression_method_is_refused():
    data = bytearray(zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<x/>"}))
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        position = -1
        while (position := data.find(signature, position + 1)) != -1:
            data[position + offset : position + offset + 2] = struct.pack("<H", 99)
    refused(bytes(data), "cannot inflate this entry", filename="method.docx")


# ---------------------------------------------------------------- what people upload by mistake


def test_a_legacy_or_encrypted_word_file_is_refused():
    refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096), "save it as .docx", filename="old.doc")


def test_a_macro_enabled_document_is_refused():
    data = zip_bytes({"word/document.xml": "<x/>", "word/vbaProject.bin": b"macro", "_rels/.rels": RELS})
    refused(data, "macro-enabled Word file (.docm)", filename="macro.docm")


def test_html_renamed_docx_says_it_is_html():
    from resolutions.parsing.plaintext import parse_text

    page = html_from_edition(parse_text((FIXTURES / "pp-102-2014.txt").read_bytes()))
    reading = read_upload(page, filename="renamed.docx")
    assert "is an HTML web page, not a Word document" in reading.revised.notes[0]
    minutes = page.replace(b"<p class=ResNo>RESOLUTION", b"<p class=ResNo>MINUTES")
    error = refused(minutes, "no RESOLUTION line", filename="renamed.docx")
    assert "(renamed.docx is an HTML web page, not a Word document)" in error.message


def test_text_that_is_not_utf8_is_refused():
    refused("RESOLUTION 1 (Genève, 2000)".encode("utf-16-le"), "not a UTF-8 text file", filename="u16.txt")


def test_an_empty_file_is_refused():
    refused(b"", "the file is empty", filename="empty.docx")


def test_a_file_that_is_not_a_resolution_is_refused():
    refused(b"Dear colleagues,\nplease find attached\n", "no RESOLUTION line", filename="letter.txt")


def test_an_oversized_upload_is_refused():
    refused(
        b"x" * (10 * MB + 1),
        "the file is 10.0 MB (10,485,761 bytes), more than the 10.0 MB allowed",
        filename="big.txt",
    )


def test_a_zip_with_garbage_before_an_empty_directory_is_not_a_word_document():
    data = b"PK\x03\x04" + zlib.compress(b"not really a zip") + b"PK\x05\x06" + bytes(18)
    refused(data, "not a Word document: it has no word/document.xml", filename="garbage.docx")


def test_a_directory_declaring_more_than_the_uncompressed_limit_is_refused():
    data = bytearray(valid_docx())
    entry = data.index(b"PK\x01\x02")
    data[entry + 24 : entry + 28] = struct.pack("<I", 60 * MB)
    refused(bytes(data), "would inflate to 60.", filename="declared.docx")


# ---------------------------------------------------------------- nested lists, numbering and tables


def _deep_numbering(levels: int) -> str:
    return part(
        "numbering",
        '<w:abstractNum w:abstractNumId="1">'
        + "".join(
            f'<w:lvl w:ilvl="{n}"><w:numFmt w:val="decimal"/><w:lvlText w:val="%{n % 9 + 1}"/></w:lvl>'
            for n in range(levels)
        )
        + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>',
    )


def test_word_numbering_deeper_than_the_limit_is_refused_naming_the_paragraph():
    data = docx_package(
        [paragraph(run("RESOLUTION 1 (Rev. Geneva, 2000)")), paragraph(run("x"), numbering=(1, 30_000))],
        numbering=_deep_numbering(3),
    )
    error = refused(
        data, "numbered at level 30001, deeper than the 6 levels allowed", filename="deep-list.docx"
    )
    assert error.where == "paragraph 2"


def test_html_lists_nested_deeper_than_the_limit_are_refused_naming_the_line():
    page = b"<html><body><p>RESOLUTION 1 (Rev. Geneva, 2000)</p>\n" + b"<ul><li>x" * 40 + b"</li></ul>" * 40
    error = refused(page, "the lists nest deeper than the 6 levels allowed", filename="deep-list.htm")
    assert error.where == "line 2"


def test_a_word_table_of_more_cells_than_allowed_is_refused_naming_where_it_starts():
    cells = "<w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>" * 100
    data = docx_package(
        [paragraph(run("RESOLUTION 1 (Rev. Geneva, 2000)")), f"<w:tbl>{f'<w:tr>{cells}</w:tr>' * 30}</w:tbl>"]
    )
    error = refused(data, "the table has more than the 2,000 cells allowed", filename="huge-table.docx")
    assert error.where == "paragraph 2"


def test_an_html_table_of_a_hundred_thousand_cells_is_refused_naming_its_line():
    page = (
        b"<html><body><p>RESOLUTION 1 (Rev. Geneva, 2000)</p>\n<table>"
        + (b"<tr>" + b"<td>x</td>" * 100 + b"</tr>") * 1000
        + b"</table></body></html>"
    )
    error = refused(page, "the table has more than the 2,000 cells allowed", filename="huge-table.htm")
    assert error.where == "line 2"


def test_tables_of_many_rows_within_the_cell_limit_are_refused_by_the_clause_limit():
    # Each row is a clause: two tables of 1,000 rows are more than 2,000.
    rows = "".join(f"<tr><td>row {n}</td></tr>" for n in range(1_000))
    edition = (FIXTURES / "pp-102-2014.txt").read_text()
    page = (
        "<html><body>"
        + "".join(f"<p>{line}</p>" for line in edition.splitlines()[:6])
        + f"<table>{rows}</table><table>{rows}</table></body></html>"
    ).encode()
    refused(page, "clauses, more than the 2,000 allowed", filename="long-table.htm")


# ---------------------------------------------------------------- nesting and tables


def nested_text(body: list[str]) -> bytes:
    front = [
        "RESOLUTION 7 (Geneva, 2022)",
        "T",
        "The Plenipotentiary Conference (Geneva, 2022),",
        "ANNEX A",
        "T",
    ]
    return "\n".join([*front, *body]).encode()


def test_numbering_ten_thousand_levels_deep_is_refused_at_the_limit():
    labels = [".".join(["1"] * depth) for depth in range(1, 10_000)]
    started = time.perf_counter()
    with pytest.raises(ParseError) as caught:
        read_upload(nested_text([f"{label}\tx" for label in labels[:1500]]), filename="deep.txt")
    print(f"\ndeep.txt: refused in {time.perf_counter() - started:.3f} s: {caught.value.message}")
    assert caught.value.where == "line 12"
    assert "is nested 7 levels deep, more than the 6 allowed" in caught.value.reason


def test_a_table_of_more_rows_than_clauses_allowed_is_refused_before_it_is_built():
    rows = [f"| {n} | x |" for n in range(2_500)]
    refused(
        nested_text(rows), "the edition has 2,505 clauses, more than the 2,000 allowed", filename="rows.txt"
    )


def test_a_table_cell_longer_than_a_clause_may_be_is_refused():
    refused(
        nested_text(["| a | b |", f"| {'x' * 11_000} | y |"]),
        "more than the 10,000 allowed",
        filename="cell.txt",
    )


def test_a_table_with_no_text_at_all_is_refused():
    refused(nested_text(["|  |  |", "| |  |"]), "the table has no text in any cell", filename="empty.txt")
