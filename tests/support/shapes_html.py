"""The HTML twin of a described resolution (tests.support.shapes): items as
nested lists, their labels shown by the lists, not typed.

<ol> for numbers (a numbered list inside a numbered item shows 2.1),
<ol type="a"> and <ol type="i"> for letters and roman numbers, <ul> for
bullets and a <ul> whose list-style-type is a quoted "–" for dashes; a
sub-list sits inside its parent's <li>, and so does a continuation
paragraph (a second <p> of the item). A bis item is an <li> without a
marker (list-style-type: none) whose label is typed, the item after it
given its number with `value`; a list started past 1 has `start`. Headings
close every list. Tables are <table>s with a header row of <th>.
Footnotes are written as Word's "save as web page" writes them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from resolutions.document import normalize_space
from resolutions.parsing.structure import looks_like_heading
from tests.support.shapes import Block, Description, Level, Piece, Tracked, describe, row_diff, word_diff

REFERENCE = re.compile(r"\[\^(\d+)\]")
LIST_TAGS = {
    "decimal": '<ol class="numbers">',
    "lowerLetter": '<ol type="a">',
    "lowerRoman": '<ol type="i">',
}


def _inline(text: str) -> str:
    out, position = [], 0
    for reference in REFERENCE.finditer(text):
        out.append(html.escape(text[position : reference.start()]))
        n = reference.group(1)
        out.append(
            f'<a style="mso-footnote-id:ftn{n}" href="#_ftn{n}" name="_ftnref{n}" title="">'
            f"<span class=MsoFootnoteReference>[{n}]</span></a>"
        )
        position = reference.end()
    out.append(html.escape(text[position:]))
    return "".join(out).replace("\t", " ")


@dataclass
class _Open:
    """A list being written: its level, run and how many items it counted."""

    level: Level
    run: int | None
    count: int = 0

    @property
    def tag(self) -> str:
        return "ul" if self.level.format == "bullet" else "ol"

    def opening(self, start: int) -> str:
        if self.level.format == "bullet":
            return "<ul>" if self.level.character == "•" else "<ul style=\"list-style-type: '–'\">"
        tag = LIST_TAGS[self.level.format]
        return tag.replace(">", f' start="{start}">') if start != 1 else tag


def _marked(pieces: Sequence[Piece]) -> str:
    return "".join(f"<{mark}>{_inline(text)}</{mark}>" if mark else _inline(text) for text, mark in pieces)


class _Writer:
    """Writes blocks as nested lists. `tracked` (a page of two editions):
    numbers are left to the lists alone, since a `value` would hold on both
    sides, and a bis item is a paragraph of its sibling's item, which no
    side counts."""

    def __init__(self, *, tracked: bool = False) -> None:
        self.out: list[str] = []
        self.open: list[_Open] = []
        self.tracked = tracked

    def close(self, depth: int) -> None:
        """Close the lists deeper than `depth` levels."""
        while len(self.open) > depth:
            self.out.append(f"</li></{self.open.pop().tag}>")

    def item(self, block: Block, pieces: Sequence[Piece], run: int | None) -> None:
        level = block.level
        assert level is not None
        self.close(block.depth + 1)
        current = self.open[-1] if len(self.open) == block.depth + 1 else None
        if current is not None and (current.level != level or current.run != run):
            self.close(block.depth)
            current = None
        if current is None:
            if len(self.open) < block.depth:
                self.paragraph([(f"{block.label}\t", ""), *pieces])
                return
            current = _Open(level, run, block.position - 1 if block.position else 0)
            self.open.append(current)
            self.out.append(current.opening(block.position or 1))
        else:
            self.out.append("</li>")
        current.count += 1
        value = not self.tracked and block.position and block.position != current.count
        if value:
            current.count = block.position
        self.out.append(f'<li value="{block.position}">' if value else "<li>")
        self.out.append(_marked(pieces))

    def typed(self, block: Block, pieces: Sequence[Piece]) -> None:
        """A bis item: in its list, without a marker, its label typed."""
        if len(self.open) < block.depth + 1:
            self.paragraph(pieces)
            return
        self.close(block.depth + 1)
        if self.tracked:
            self.paragraph(pieces)
            return
        self.open[-1].count += 1
        self.out.append(f'</li><li style="list-style-type: none">{_marked(pieces)}')

    def paragraph(self, pieces: Sequence[Piece]) -> None:
        self.out.append(f"<p>{_marked(pieces)}</p>")

    def table(self, rows: Sequence[tuple[Sequence[Sequence[Piece]], str]]) -> None:
        """Rows of cells (each its pieces); a row's own mark is its cells'."""
        (head, _), *body = rows
        cells = "".join(f"<th>{_marked(cell)}</th>" for cell in head)
        lines = [f"<table border=1><thead><tr>{cells}</tr></thead><tbody>"]
        lines += ["<tr>" + "".join(f"<td>{_marked(c)}</td>" for c in row) + "</tr>" for row, _ in body]
        self.out.append("\n".join([*lines, "</tbody></table>"]))

    def block(self, block: Block, pieces: Sequence[Piece], run: int | None) -> None:
        if block.numbered:
            self.item(block, pieces, run)
        elif block.label:
            self.typed(block, [(f"{block.label} ", pieces[0][1]), *pieces] if not self.tracked else pieces)
        elif looks_like_heading(normalize_space(block.text)):
            self.close(0)
            self.paragraph(pieces)
        else:
            self.paragraph(pieces)  # inside the open item, if any: it continues it
        self.out.append("\n")


def html_from_description(description: Description) -> bytes:
    writer = _Writer()
    for block in description.blocks:
        if block.rows:
            writer.table([([[(cell, "")] for cell in row], "") for row in block.rows])
        else:
            writer.block(block, [(block.text, "")], block.run)
    writer.close(0)
    return _page("".join(writer.out), {n: [(text, "")] for n, text in description.footnotes.items()})


def tracked_html_twin(old_data: bytes, new_data: bytes) -> bytes:
    """Two text editions as one page marked with <ins> and <del> (as
    tests.support.shapes_docx.tracked_docx_twin does for Word)."""
    old, new = describe(old_data), describe(new_data)
    tracked = Tracked(old, new)
    writer = _Writer(tracked=True)
    notes: dict[str, list[Piece]] = {}
    # Footnote keys of the page: the new edition's numbers; the old one's
    # past 100, for references only the old edition has.
    for before, after in tracked.pairs:
        shown = after or before
        assert shown is not None
        if shown.rows:
            if before is not None and after is not None:
                rows = row_diff(before.rows, after.rows)
            else:
                mark = "ins" if after is not None else "del"
                rows = [([[(cell, mark)] for cell in row], mark) for row in shown.rows]
            writer.table(rows)
            writer.out.append("\n")
            continue
        if before is not None and after is not None:
            pieces = word_diff(_typed(before), _typed(after))
        else:
            pieces = [(_typed(shown), "ins" if after is not None else "del")]
        written = []
        for text, mark in pieces:
            for reference in REFERENCE.findall(text):
                if mark == "del":
                    notes.setdefault(str(100 + int(reference)), [(old.footnotes[reference], "del")])
                elif mark == "ins":
                    notes.setdefault(reference, [(new.footnotes[reference], "ins")])
                else:
                    notes.setdefault(
                        reference, word_diff(old.footnotes.get(reference, ""), new.footnotes[reference])
                    )
            if mark == "del":
                text = REFERENCE.sub(lambda m: f"[^{100 + int(m.group(1))}]", text)
            written.append((text, mark))
        run = after.run if after is not None else tracked.run_of(shown, "old")
        writer.block(shown, written, run)
    writer.close(0)
    return _page("".join(writer.out), notes)


def _typed(block: Block) -> str:
    """A paragraph's text, its label typed when its list cannot show it."""
    return f"{block.label} {block.text}" if block.label and not block.numbered else block.text


def _page(body: str, footnotes: Mapping[str, Sequence[Piece]]) -> bytes:
    notes = "".join(
        f"<div style='mso-element:footnote' id=ftn{n}><p class=MsoFootnoteText>"
        f'<a style="mso-footnote-id:ftn{n}" href="#_ftnref{n}" name="_ftn{n}" title="">'
        f"<span class=MsoFootnoteReference>[{n}]</span></a> {_marked(pieces)}</p></div>"
        for n, pieces in footnotes.items()
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Resolution</title></head>\n'
        f"<body>\n{body}<div style='mso-element:footnote-list'><hr>{notes}</div></body></html>\n"
    ).encode()


def html_twin(data: bytes) -> bytes:
    """The HTML twin of a text edition."""
    return html_from_description(describe(data))
