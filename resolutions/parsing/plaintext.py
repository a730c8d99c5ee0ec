"""Reading an edition from a plain-text file (the layout of the seed README).

One line is one paragraph (line numbers are 1-based: ``where="line N"``).
Word's plain-text export writes footnotes inline: ``organizations[footnoteRef:2]1``
marks the reference (footnote id 2, displayed number 1) and the block
``[2: 1 <tab>text ]`` on some line holds the footnote's text. The reference
becomes ``[^1]`` and the block is cut out of its line. Consecutive lines
that start and end with ``|`` are one table, a row a line and its cells
between the bars (``| Post | Grade |``), as the Word and HTML readers give
a table. Structure is then decided by resolutions.parsing.structure, as
for every other format.
"""

from __future__ import annotations

import re

from resolutions.document import ParsedEdition, ParseError, SourceParagraph, normalize_space
from resolutions.parsing.safety import Limits
from resolutions.parsing.structure import build_edition

FOOTNOTE_REFERENCE = re.compile(r"\[footnoteRef:(?P<id>[0-9]{1,4})\](?P<shown>[0-9]{0,4})")
# The footnote's text may hold one level of brackets: "[see [1]]".
FOOTNOTE_BLOCK = re.compile(
    r"\[(?P<id>[0-9]{1,4}):[ \t\u00a0]*(?P<shown>[0-9]{1,4})[ \t\u00a0]+"
    r"(?P<text>[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\]"
)
TABLE_ROW = re.compile(r"\s*\|(?P<cells>.*)\|\s*")
# Control characters other than tab, line feed, carriage return and form
# feed never occur in a text export; they mean a binary file.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def parse_text(
    data: bytes, *, source_name: str = "", body: str | None = None, limits: Limits | None = None
) -> ParsedEdition:
    """Parse one edition from the bytes of a plain-text file."""
    paragraphs, footnotes = read_text(data, source_name=source_name)
    return build_edition(paragraphs, footnotes, source_name=source_name, body=body, limits=limits)


def read_text(data: bytes, *, source_name: str = "") -> tuple[list[SourceParagraph], dict[str, str]]:
    """The file's paragraphs and its footnotes by displayed number, before
    any structure is decided (what the Word and HTML readers give too)."""
    lines = _lines(data, source_name)
    footnotes, texts_by_id = _cut_footnote_blocks(lines, source_name)
    paragraphs: list[SourceParagraph] = []
    for n, text in enumerate(lines, start=1):
        text = _mark_references(text, texts_by_id, f"line {n}", source_name)
        row = TABLE_ROW.fullmatch(text)
        if row is None:
            paragraphs.append(SourceParagraph(text, f"line {n}"))
            continue
        cells = tuple(cell.strip() for cell in row["cells"].split("|"))
        previous = paragraphs[-1] if paragraphs else None
        if previous is not None and previous.rows and previous.where == f"line {n - len(previous.rows)}":
            paragraphs[-1] = SourceParagraph("", previous.where, rows=(*previous.rows, cells))
        else:
            paragraphs.append(SourceParagraph("", f"line {n}", rows=(cells,)))
    return paragraphs, footnotes


def _lines(data: bytes, source_name: str) -> list[str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(
            f"not a UTF-8 text file (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            where=f"line {line}",
            source=source_name,
        ) from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        control = CONTROL.search(line)
        if control is not None:
            raise ParseError(
                f"not a UTF-8 text file (control character U+{ord(control.group()):04X})",
                where=f"line {number}",
                source=source_name,
            )
    if not normalize_space(text):
        raise ParseError("empty file", where="line 1", source=source_name)
    return lines


def _cut_footnote_blocks(lines: list[str], source_name: str) -> tuple[dict[str, str], dict[str, str]]:
    """Remove the footnote blocks from `lines` (in place); return the
    footnotes by displayed number and the displayed number by footnote id."""
    footnotes: dict[str, str] = {}
    shown_by_id: dict[str, str] = {}
    for index, line in enumerate(lines):
        for block in FOOTNOTE_BLOCK.finditer(line):
            where = f"line {index + 1}"
            if block["id"] in shown_by_id or block["shown"] in footnotes:
                raise ParseError(
                    f"footnote {block['id']} (shown as {block['shown']}) is given twice",
                    where=where,
                    source=source_name,
                )
            shown_by_id[block["id"]] = block["shown"]
            footnotes[block["shown"]] = normalize_space(block["text"])
        lines[index] = FOOTNOTE_BLOCK.sub(" ", line)
    return footnotes, shown_by_id


def _mark_references(text: str, shown_by_id: dict[str, str], where: str, source_name: str) -> str:
    """Write each ``[footnoteRef:id]n`` as ``[^n]``."""

    def replace(reference: re.Match[str]) -> str:
        shown = shown_by_id.get(reference["id"])
        printed = reference["shown"]
        if shown is None and not printed:
            raise ParseError(
                f"footnote reference {reference.group()} has no footnote text",
                where=where,
                source=source_name,
            )
        if shown is not None and printed and printed != shown:
            raise ParseError(
                f"footnote reference {reference.group()} shows {printed}, but footnote {reference['id']} "
                f"is numbered {shown}",
                where=where,
                source=source_name,
            )
        return f"[^{shown or printed}]"

    return FOOTNOTE_REFERENCE.sub(replace, text)
