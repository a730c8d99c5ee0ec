"""Fuzzing every reader with mutated valid files: each input is either read
or refused with a ParseError, and nothing else ever escapes.

1,050 cases in all (see max_examples), a few seconds on two cores. The
valid files include the nested shapes of tests/data/shapes/ (items under
items, annexes, dashes, tables) as text, Word with automatic numbering and
HTML with nested lists.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolutions.document import ParsedEdition, ParseError, clause_paths
from resolutions.parsing import Reading, read_upload
from resolutions.parsing.plaintext import parse_text
from tests.support.builders import docx_from_edition, html_from_edition, tracked_docx_from_redline, zip_bytes
from tests.support.shapes_docx import docx_twin
from tests.support.shapes_html import html_twin
from tests.support.wdiff import redline_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SHAPES = Path(__file__).resolve().parent / "data" / "shapes"
# Nested items, an annex with dotted numbers, dashes and a table; bis items.
NESTED = ("pp-999-2018.txt", "wtsa-801-2016.txt")

# Fragments that push a reader towards its edge cases when spliced in.
TOKENS = [
    b"<", b">", b"&", b"&amp;", b"&#0;", b"&#xD800;", b"\x00", b"\xff\xfe", b"\xc3", b"\t", b"\n", b"\r",
    b"\xc2\xa0", b"<!DOCTYPE x>", b'<!ENTITY a "b">', b"<![CDATA[", b"]]>", b"<!--", b"-->",
    b"</w:p>", b"<w:p>", b"<w:tab/>", b"<w:del>", b"</w:ins>", b'<w:numPr><w:numId w:val="1"/></w:numPr>',
    b'<w:footnoteReference w:id="9"/>', b"<p>", b"</div>", b"<ins>", b"</del>", b'<a href="#_ftn7">',
    b"<i>", b"RESOLUTION 7 (Rev. Geneva, 2022)\n", b"a)\t", b"1bis\t", b"[^1]", b"[footnoteRef:2]1",
    b"[3: 3 \tnote]", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<html>",
    # Nested lists, numbering and tables.
    b'<w:ilvl w:val="8"/>', b'<w:ilvl w:val="2"/>', b'<w:lvlRestart w:val="0"/>', b"<w:isLgl/>",
    b'<w:startOverride w:val="99"/>', b'<w:numStyleLink w:val="x"/>', b'<w:lvlText w:val="%1.%2.%9"/>',
    b"<w:tbl>", b"</w:tbl>", b"<w:tr>", b"<w:tc>", b"</w:tc>", b"<w:vMerge/>", b"<ol>", b"<ol type=i>",
    b"<ul>", b"<li>", b"</li>", b"</ol>", b'<li value="0">', b"<table>", b"<tr>", b"<td>", b"</td>",
    b"2.1\t", b"i)\t", b"\xe2\x80\x93\t", b"| a | b |\n", b"ANNEX 1\n",
]  # fmt: skip

FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)


@st.composite
def mutated(draw: st.DrawFn, originals: list[bytes]) -> bytes:
    """One of `originals`, changed in one to five places."""
    data = bytearray(draw(st.sampled_from(originals)))
    for _ in range(draw(st.integers(1, 5))):
        operation = draw(st.sampled_from(["flip", "delete", "insert", "duplicate", "truncate"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if operation == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif operation == "delete":
            del data[at : at + draw(st.integers(1, 200))]
        elif operation == "insert":
            data[at:at] = draw(st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=16))
        elif operation == "duplicate":
            data[at:at] = data[at : at + draw(st.integers(1, 400))]
        elif operation == "truncate":
            del data[at:]
    return bytes(data)


@cache
def text_files() -> list[bytes]:
    return [(FIXTURES / name).read_bytes() for name in ("pp-102-2010.txt", "pp-102-2014.txt")]


@cache
def nested_text_files() -> list[bytes]:
    return [(SHAPES / name).read_bytes() for name in NESTED]


@cache
def word_files() -> list[bytes]:
    editions = [parse_text(data) for data in text_files()]
    return [
        docx_from_edition(editions[0]),
        docx_from_edition(editions[1], styled=False, auto_numbering=True),
        tracked_docx_from_redline(redline_text()),
        *(docx_twin(data) for data in nested_text_files()),
    ]


@cache
def web_pages() -> list[bytes]:
    editions = [parse_text(data) for data in text_files()]
    return [
        html_from_edition(editions[0]),
        html_from_edition(editions[1], headings="italic"),
        *(html_twin(data) for data in nested_text_files()),
    ]


@cache
def word_parts() -> list[dict[str, bytes]]:
    result = []
    for data in word_files():
        archive = zipfile.ZipFile(io.BytesIO(data))
        result.append({name: archive.read(name) for name in archive.namelist()})
    return result


def read_or_refuse(data: bytes, filename: str, marks: str = "tracked") -> None:
    try:
        reading = read_upload(data, filename=filename, marks=marks)
    except ParseError as error:
        assert error.reason  # a refusal always says why
    else:
        assert isinstance(reading, Reading)
        assert isinstance(reading.revised, ParsedEdition)


@settings(FUZZ, max_examples=300)
@given(data=st.data())
def test_the_plain_text_reader_reads_or_refuses_mutated_text(data):
    text = data.draw(mutated(text_files() + nested_text_files()))
    try:
        edition = parse_text(text, source_name="fuzz.txt")
    except ParseError as error:
        assert error.reason
    else:
        assert edition.clauses


@settings(FUZZ, max_examples=250)
@given(data=st.data(), marks=st.sampled_from(["tracked", "formatting"]))
def test_the_word_reader_reads_or_refuses_mutated_xml_parts(data, marks):
    parts = dict(data.draw(st.sampled_from(word_parts())))
    name = data.draw(st.sampled_from(sorted(parts)))
    parts[name] = data.draw(mutated([parts[name]]))
    read_or_refuse(zip_bytes(parts), "fuzz.docx", marks)


@settings(FUZZ, max_examples=200)
@given(data=st.data())
def test_the_word_reader_reads_or_refuses_mutated_zip_archives(data):
    read_or_refuse(data.draw(mutated(word_files())), "fuzz.docx")


@settings(FUZZ, max_examples=300)
@given(data=st.data(), marks=st.sampled_from(["tracked", "formatting"]))
def test_the_html_reader_reads_or_refuses_mutated_pages(data, marks):
    read_or_refuse(data.draw(mutated(web_pages())), "fuzz.htm", marks)


SHAPES = Path(__file__).resolve().parent / "data" / "shapes"


@cache
def shaped_files() -> list[bytes]:
    """The nested, annexed and tabled test editions (issue 13)."""
    return [path.read_bytes() for path in sorted(SHAPES.glob("*.txt"))]


@settings(FUZZ, max_examples=300)
@given(data=st.data())
def test_the_plain_text_reader_reads_or_refuses_mutated_nested_and_annexed_text(data):
    text = data.draw(mutated(shaped_files()))
    try:
        edition = parse_text(text, source_name="fuzz.txt")
    except ParseError as error:
        assert error.reason
    else:
        # Whatever was read nests soundly: a parent comes before its
        # children, in the same section, and paths stay unique.
        for index, clause in enumerate(edition.clauses):
            if clause.parent is not None:
                assert clause.parent < index
                assert edition.clauses[clause.parent].section == clause.section
        paths = clause_paths(edition.clauses)
        assert len(set(paths)) == len(paths)


LABELS = ["1", "2", "2bis", "3", "a)", "b)", "a bis)", "c)", "i)", "ii)", "iii)", "iv)", "–", "•",
          "1.1", "1.2", "2.1", "2.1.1", "2.2", "h)", "i bis)", "v)", "x)"]  # fmt: skip


@settings(FUZZ, max_examples=400)
@given(
    body=st.lists(
        st.tuples(
            st.sampled_from([*LABELS, "", "ANNEX A", "| x | y |"]), st.sampled_from(["x;", "y:", "z,", "w."])
        ),
        max_size=30,
    )
)
def test_any_sequence_of_labels_is_read_or_refused_with_a_line(body):
    lines = ["RESOLUTION 7 (Geneva, 2022)", "T", "The Plenipotentiary Conference (Geneva, 2022),", "resolves"]
    for label, text in body:
        lines.append(label if label.startswith(("ANNEX", "|")) else f"{label}\t{text}" if label else text)
    try:
        edition = parse_text("\n".join(lines).encode(), source_name="labels.txt")
    except ParseError as error:
        assert error.reason and error.where.startswith("line ")
    else:
        assert all(clause.parent is None or clause.parent < n for n, clause in enumerate(edition.clauses))
