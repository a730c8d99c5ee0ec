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
from collections.abc import Mapping
from dataclasses import dataclass

from resolutions.document import normalize_space
from resolutions.parsing.structure import looks_like_heading
from tests.support.shapes import Block, Description, Level, describe

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


class _Writer:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.open: list[_Open] = []

    def close(self, depth: int) -> None:
        """Close the lists deeper than `depth` levels."""
        while len(self.open) > depth:
            self.out.append(f"</li></{self.open.pop().tag}>")

    def item(self, block: Block) -> None:
        level = block.level
        assert level is not None
        self.close(block.depth + 1)
        current = self.open[-1] if len(self.open) == block.depth + 1 else None
        if current is not None and (current.level != level or current.run != block.run):
            self.close(block.depth)
            current = None
        if current is None:
            if len(self.open) < block.depth:
                self.paragraph(f"{block.label}\t{block.text}")
                return
            current = _Open(level, block.run, block.position - 1 if block.position else 0)
            self.open.append(current)
            self.out.append(current.opening(block.position or 1))
        else:
            self.out.append("</li>")
        current.count += 1
        value = block.position and block.position != current.count
        if value:
            current.count = block.position
        self.out.append(f'<li value="{block.position}">' if value else "<li>")
        self.out.append(_inline(block.text))

    def typed(self, block: Block) -> None:
        """A bis item: in its list, without a marker, its label typed."""
        if len(self.open) < block.depth + 1:
            self.paragraph(f"{block.label}\t{block.text}")
            return
        self.close(block.depth + 1)
        self.open[-1].count += 1
        self.out.append(f'</li><li style="list-style-type: none">{_inline(block.label + " " + block.text)}')

    def paragraph(self, text: str) -> None:
        self.out.append(f"<p>{_inline(text)}</p>")

    def table(self, rows: tuple[tuple[str, ...], ...]) -> None:
        head, *body = rows
        cells = "".join(f"<th>{html.escape(cell)}</th>" for cell in head)
        lines = [f"<table border=1><thead><tr>{cells}</tr></thead><tbody>"]
        lines += ["<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in body]
        self.out.append("\n".join([*lines, "</tbody></table>"]))


def html_from_description(description: Description) -> bytes:
    writer = _Writer()
    for block in description.blocks:
        if block.rows:
            writer.table(block.rows)
        elif block.numbered:
            writer.item(block)
        elif block.label:
            writer.typed(block)
        elif looks_like_heading(normalize_space(block.text)):
            writer.close(0)
            writer.paragraph(block.text)
        else:
            writer.paragraph(block.text)  # inside the open item, if any: it continues it
        writer.out.append("\n")
    writer.close(0)
    return _page("".join(writer.out), description.footnotes)


def _page(body: str, footnotes: Mapping[str, str]) -> bytes:
    notes = "".join(
        f"<div style='mso-element:footnote' id=ftn{n}><p class=MsoFootnoteText>"
        f'<a style="mso-footnote-id:ftn{n}" href="#_ftnref{n}" name="_ftn{n}" title="">'
        f"<span class=MsoFootnoteReference>[{n}]</span></a> {html.escape(text)}</p></div>"
        for n, text in footnotes.items()
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Resolution</title></head>\n'
        f"<body>\n{body}<div style='mso-element:footnote-list'><hr>{notes}</div></body></html>\n"
    ).encode()


def html_twin(data: bytes) -> bytes:
    """The HTML twin of a text edition."""
    return html_from_description(describe(data))
