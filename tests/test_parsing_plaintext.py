"""Reading an edition from plain text (resolutions.parsing.plaintext)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolutions.document import Kind, ParsedEdition, ParseError
from resolutions.parsing import parse_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_2014 = (ROOT / "fixtures" / "pp-102-2014.txt").read_bytes()
REVISION_MARKED = (ROOT / "tests" / "data" / "res102-revision-marked.txt").read_bytes()

MINIMAL = (
    "RESOLUTION 1 (Rev. Busan, 2014)\n"
    "A title\n"
    "The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),\n"
    "noting\n"
    "a)\tsomething;\n"
)


def error_of(data: bytes, **kwargs) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_text(data, **kwargs)
    return caught.value


def with_lines(data: bytes, **replacements: bytes) -> bytes:
    """`data` with some lines replaced: with_lines(d, line_1=b"...")."""
    lines = data.split(b"\n")
    for key, line in replacements.items():
        lines[int(key.removeprefix("line_")) - 1] = line
    return b"\n".join(lines)


def test_it_reads_a_minimal_edition_with_line_numbers_as_where():
    edition = parse_text(MINIMAL.encode(), source_name="r1.txt")
    assert [(c.kind, c.where) for c in edition.clauses] == [
        (Kind.RESOLUTION_LINE, "line 1"),
        (Kind.TITLE, "line 2"),
        (Kind.PREAMBLE, "line 3"),
        (Kind.HEADING, "line 4"),
        (Kind.ITEM, "line 5"),
    ]
    assert edition.source_name == "r1.txt"


def test_it_accepts_a_byte_order_mark_and_windows_line_ends():
    plain = parse_text(MINIMAL.encode())
    assert parse_text(b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode()) == plain
    assert parse_text(MINIMAL.replace("\n", "\r").encode()) == plain


def test_blank_lines_are_ignored_but_keep_their_line_numbers():
    edition = parse_text(MINIMAL.replace("noting\n", "\n \u00a0\nnoting\n\n").encode())
    assert [c.where for c in edition.clauses[3:]] == ["line 6", "line 8"]


def test_the_body_argument_overrides_the_preamble():
    assert parse_text(MINIMAL.encode(), body="ra").body == "ra"


def test_it_rejects_bytes_that_are_not_utf8_naming_the_line():
    error = error_of(MINIMAL.encode().replace(b"something", b"caf\xe9"), source_name="bad.txt")
    assert (error.where, error.source) == ("line 5", "bad.txt")
    assert error.reason.startswith("not a UTF-8 text file")


def test_it_rejects_nul_bytes_as_not_text():
    error = error_of(MINIMAL.encode().replace(b"A title", b"A\x00title"))
    assert (error.where, error.reason.startswith("not a UTF-8 text file")) == ("line 2", True)


def test_it_rejects_a_utf16_file_as_not_text():
    assert error_of(MINIMAL.encode("utf-16")).reason.startswith("not a UTF-8 text file")


@pytest.mark.parametrize("data", [b"", b"\n\n", b" \t\r\n\xc2\xa0\n"])
def test_it_rejects_an_empty_file(data):
    error = error_of(data)
    assert (error.where, error.reason) == ("line 1", "empty file")


def test_it_rejects_a_file_without_resolution_line_naming_the_first_line():
    error = error_of(b"\n\nDear colleagues,\nplease find attached\n")
    assert error.where == "line 3"
    assert "no RESOLUTION line" in error.reason


# Footnotes


def footnoted(paragraph: str) -> bytes:
    return (MINIMAL + "resolves\n" + paragraph + "\n").encode()


def test_an_inline_footnote_becomes_a_reference_and_a_footnote_clause():
    edition = parse_text(
        footnoted("to work with organizations[footnoteRef:2]1 involved, [2: 1 \tsuch as\u00a0ICANN. ] ")
    )
    paragraph, footnote = edition.clauses[-2:]
    assert paragraph.text == "to work with organizations[^1] involved,"
    assert (footnote.kind, footnote.label, footnote.text) == (Kind.FOOTNOTE, "1", "such as ICANN.")


def test_a_footnote_block_may_stand_on_another_line_and_hold_brackets():
    edition = parse_text(
        footnoted("to work with organizations[footnoteRef:7]3 involved.") + b"[7: 3 see [RFC 1]]\n"
    )
    assert edition.clauses[-2].text == "to work with organizations[^3] involved."
    assert edition.clauses[-1].text == "see [RFC 1]"


def test_a_reference_without_displayed_number_takes_the_footnotes_number():
    edition = parse_text(footnoted("organizations[footnoteRef:2] involved [2: 1 text]"))
    assert edition.clauses[-2].text == "organizations[^1] involved"


def test_it_rejects_a_reference_showing_another_number_than_its_footnote():
    error = error_of(footnoted("organizations[footnoteRef:2]4 involved [2: 1 text]"))
    assert error.where == "line 7"
    assert "shows 4, but footnote 2 is numbered 1" in error.reason


def test_it_rejects_a_reference_without_footnote_text_naming_its_line():
    for paragraph in ("organizations[footnoteRef:2] involved", "organizations[footnoteRef:2]1 involved"):
        error = error_of(footnoted(paragraph))
        assert error.where == "line 7" and "has no footnote text" in error.reason


def test_it_rejects_a_footnote_never_referenced():
    error = error_of(footnoted("organizations involved [2: 1 text]"))
    assert error.reason == "footnote 1 is never referenced in the text"


def test_it_rejects_a_footnote_given_twice():
    error = error_of(footnoted("organizations[footnoteRef:2]1 [2: 1 text] [3: 1 again]"))
    assert error.where == "line 7" and "given twice" in error.reason


# Revision-marked input


def test_it_rejects_the_real_revision_marked_document_at_its_resolution_line():
    error = error_of(REVISION_MARKED, source_name="res102.txt")
    assert error.where == "line 1"
    assert "looks like a revision-marked document" in error.reason
    assert "Guadalajara, 2010Busan,2014" in error.reason


def test_with_its_resolution_line_mended_it_is_rejected_at_the_first_cb():
    data = with_lines(REVISION_MARKED, line_1=b"RESOLUTION 102 (Rev. Busan, 2014)")
    error = error_of(data)
    assert error.where == "line 35"
    assert error.reason.startswith("label cb) out of sequence under 'noting': expected c)")
    assert "looks like a revision-marked document" in error.reason


def test_with_cb_mended_it_is_rejected_at_the_repeated_label():
    data = with_lines(REVISION_MARKED, line_1=b"RESOLUTION 102 (Rev. Busan, 2014)", line_35=b"c)\tx")
    error = error_of(data)
    assert error.where == "line 37"
    assert "label c) repeated under 'noting' (first at line 35)" in error.reason


def test_run_together_renumbering_is_called_revision_marked():
    data = with_lines(FIXTURE_2014, line_83=b"21\tto consider the reports of CWG-Internet")
    error = error_of(data)
    assert error.where == "line 83"
    assert "label 21 out of sequence under 'instructs the Council'" in error.reason
    assert "looks like a revision-marked document" in error.reason


# Robustness


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_fixture_bytes_parse_or_raise_a_parse_error(data):
    mutated = bytearray(FIXTURE_2014)
    for _ in range(data.draw(st.integers(1, 8), label="mutations")):
        position = data.draw(st.integers(0, len(mutated)), label="position")
        action = data.draw(st.sampled_from(["insert", "delete", "replace", "cut"]), label="action")
        chunk = data.draw(
            st.one_of(
                st.binary(max_size=4),
                st.sampled_from(
                    [b"\n", b"\t", b"a) ", b"1 ", b"[^1]", b"[footnoteRef:2]", b"[2: 1 x]", b"\xc2\xa0"]
                ),
            ),
            label="chunk",
        )
        if action == "insert":
            mutated[position:position] = chunk
        elif action == "delete":
            del mutated[position : position + len(chunk) + 1]
        elif action == "replace":
            mutated[position : position + len(chunk)] = chunk
        else:
            del mutated[position:]
    try:
        edition = parse_text(bytes(mutated))
    except ParseError as error:
        assert error.reason and (error.where.startswith(("line ", "footnote ")))
        return
    assert isinstance(edition, ParsedEdition)
