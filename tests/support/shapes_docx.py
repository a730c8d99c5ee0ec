"""The Word twin of a described resolution (tests.support.shapes): a real
.docx written with python-docx, its labels shown by Word's automatic
numbering (w:numPr pointing into a numbering.xml written here), not typed.

As Word writes a document: one multi-level list definition (w:abstractNum)
per shape of list (1 -> a) -> i); 1 -> 1.1; a) -> i) ...), each run of
items a list instance (w:num) of it, the second and later instances
restarted with a start override as Word's "Restart numbering" does; dash
and bullet items in bullet lists of their own, their level giving the
indent; bis items and continuation paragraphs unnumbered, indented like
their item; footnotes in word/footnotes.xml; tables as w:tbl.

`tracked_docx_twin` writes two editions as one document with Word's
tracked changes: paragraphs the editions share once, changed words as
w:del / w:ins inside them, whole paragraphs and table rows inserted or
deleted with their marks, so that rejecting every change gives the first
edition and accepting them the second, automatic numbers included.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Pt

from tests.support.builders import ITU_STYLES, REVISION, W
from tests.support.shapes import (
    Block,
    Description,
    Level,
    Piece,
    Tracked,
    describe,
    row_diff,
    starts,
    word_diff,
)

INDENT = 567  # twips: 1 cm, ITU's hanging indent
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
REFERENCE = re.compile(r"(\[\^\d+\])")
_revisions = itertools.count(1000)


def _level_xml(depth: int, level: Level) -> str:
    if level.format == "bullet":
        fmt, text = "bullet", level.character
    elif level.format == "decimal":
        fmt = "decimal"
        first = depth + 1 - level.parts
        text = ".".join(f"%{n + 1}" for n in range(first, depth + 1))
    else:
        fmt, text = level.format, f"%{depth + 1})"
    return (
        f'<w:lvl w:ilvl="{depth}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{escape(text, {chr(34): "&quot;"})}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{INDENT * (depth + 1)}" w:hanging="{INDENT}"/></w:pPr></w:lvl>'
    )


class _Lists:
    """numbering.xml: one list instance per run of items, instances of runs
    of the same shape sharing their abstract definition."""

    def __init__(self, runs: Sequence[Mapping[int, Level]], starts: Mapping[int, int]):
        self.abstracts: dict[tuple, int] = {}
        self.nums: list[tuple[int, int | None]] = []  # (abstractNumId, start override)
        self.run_num: dict[int, int] = {}
        for run, levels in enumerate(runs):
            shape = tuple(sorted(levels.items()))
            restarted = shape in self.abstracts
            abstract = self.abstracts.setdefault(shape, len(self.abstracts))
            start = starts.get(run, 1)
            self.nums.append((abstract, start if restarted or start != 1 else None))
            self.run_num[run] = len(self.nums)
        self.bullets: dict[str, int] = {}

    def num(self, block: Block, run: int | None) -> int:
        assert block.level is not None
        if block.level.format != "bullet":
            return self.run_num[run or 0]
        character = block.level.character
        if character not in self.bullets:
            shape = (("bullet", character),)
            abstract = self.abstracts.setdefault(shape, len(self.abstracts))
            self.nums.append((abstract, None))
            self.bullets[character] = len(self.nums)
        return self.bullets[character]

    def xml(self) -> str:
        abstracts = []
        for shape, abstract in self.abstracts.items():
            if shape and shape[0][0] == "bullet":
                levels = "".join(_level_xml(d, Level("bullet", character=shape[0][1])) for d in range(6))
            else:
                levels = "".join(_level_xml(depth, level) for depth, level in shape)
            abstracts.append(
                f'<w:abstractNum w:abstractNumId="{abstract}"><w:multiLevelType w:val="multilevel"/>'
                f"{levels}</w:abstractNum>"
            )
        nums = "".join(
            f'<w:num w:numId="{n}"><w:abstractNumId w:val="{abstract}"/>'
            + (
                f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
                if start is not None
                else ""
            )
            + "</w:num>"
            for n, (abstract, start) in enumerate(self.nums, start=1)
        )
        return f'<w:numbering xmlns:w="{W}">{"".join(abstracts)}{nums}</w:numbering>'


def _runs(pieces: Sequence[Piece]) -> str:
    out = []
    for text, mark in pieces:
        tag = "w:delText" if mark == "del" else "w:t"
        runs = []
        for piece in REFERENCE.split(text):
            if REFERENCE.fullmatch(piece):
                runs.append(
                    '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                    f'<w:footnoteReference w:id="{piece[2:-1]}"/></w:r>'
                )
                continue
            for n, part in enumerate(piece.split("\t")):
                if n:
                    runs.append("<w:r><w:tab/></w:r>")
                if part:
                    runs.append(f'<w:r><{tag} xml:space="preserve">{escape(part)}</{tag}></w:r>')
        inner = "".join(runs)
        out.append(
            f'<w:{mark} w:id="{next(_revisions)}" {REVISION}>{inner}</w:{mark}>' if mark and inner else inner
        )
    return "".join(out)


def _mark(mark: str) -> str:
    return f'<w:rPr><w:{mark} w:id="{next(_revisions)}" {REVISION}/></w:rPr>' if mark else ""


@dataclass
class _Body:
    """The document being written: paragraphs and tables as XML, lists,
    footnotes by Word id (as pieces) and the styles given."""

    lists: _Lists
    styles: Mapping[int, str] = field(default_factory=dict)
    xml: list[str] = field(default_factory=list)
    footnotes: dict[str, list[Piece]] = field(default_factory=dict)

    def paragraph(
        self, block: Block, pieces: Sequence[Piece], *, run: int | None, mark: str = "", index: int = -1
    ) -> None:
        properties = f'<w:pStyle w:val="{self.styles[index]}"/>' if index in self.styles else ""
        if block.numbered:
            num = self.lists.num(block, run)
            properties += f'<w:numPr><w:ilvl w:val="{block.depth}"/><w:numId w:val="{num}"/></w:numPr>'
        elif block.label:
            properties += f'<w:ind w:left="{INDENT * (block.depth + 1)}" w:hanging="{INDENT}"/>'
        self.xml.append(f"<w:p><w:pPr>{properties}{_mark(mark)}</w:pPr>{_runs(pieces)}</w:p>")

    def table(self, rows: Sequence[tuple[Sequence[Sequence[Piece]], str]]) -> None:
        """Rows of cells (each its pieces), each row with its mark."""
        columns = max(len(cells) for cells, _ in rows)
        grid = "".join(f'<w:gridCol w:w="{9000 // columns}"/>' for _ in range(columns))
        lines = [
            '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>"
        ]
        for cells, mark in rows:
            row_mark = f'<w:trPr><w:{mark} w:id="{next(_revisions)}" {REVISION}/></w:trPr>' if mark else ""
            lines.append(
                f"<w:tr>{row_mark}"
                + "".join(f"<w:tc><w:p>{_runs(pieces)}</w:p></w:tc>" for pieces in cells)
                + "</w:tr>"
            )
        self.xml.append("".join(lines) + "</w:tbl>")


def _text(block: Block) -> str:
    """What a paragraph holds: a label numbering cannot show is typed."""
    return f"{block.label}\t{block.text}" if block.label and not block.numbered else block.text


def _footnote_ids(text: str, ids: Mapping[str, str]) -> str:
    return REFERENCE.sub(lambda m: f"[^{ids[m.group()[2:-1]]}]", text)


def _save(body: _Body) -> bytes:
    document = Document()
    for style_id, name in ITU_STYLES.items():
        if style_id in body.styles.values():
            style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.element.set(f"{{{W}}}styleId", style_id)
            style.font.italic = style_id == "Call"
    document.styles["Normal"].font.size = Pt(11)
    element = document.element.body
    for xml in body.xml:  # before the section properties
        element.insert(len(element) - 1, parse_xml(f'<w:body xmlns:w="{W}">{xml}</w:body>')[0])
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for child in parse_xml(body.lists.xml()):
        numbering.append(child)
    if body.footnotes:
        notes = "".join(
            f'<w:footnote w:id="{key}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f"<w:footnoteRef/></w:r><w:r><w:tab/></w:r>{_runs(pieces)}</w:p></w:footnote>"
            for key, pieces in body.footnotes.items()
        )
        xml = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
            f"</w:r></w:p></w:footnote>{notes}</w:footnotes>"
        )
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, xml.encode(), document.part.package)
        document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_from_description(description: Description, *, styles: Mapping[int, str] | None = None) -> bytes:
    """The .docx. `styles` gives some blocks (by index) one of ITU's
    paragraph styles (ResNo, Restitle, Normalaftertitle, Call); the rest
    are Normal, so that only their text tells what they are."""
    body = _Body(_Lists(description.runs, starts(description)), dict(styles or {}))
    # Word's footnote ids need not be the numbers shown: id n + 1 for n.
    ids = {number: str(int(number) + 1) for number in description.footnotes}
    for number, text in description.footnotes.items():
        body.footnotes[ids[number]] = [(text, "")]
    for index, block in enumerate(description.blocks):
        if block.rows:
            body.table([([[(cell, "")] for cell in row], "") for row in block.rows])
        else:
            body.paragraph(block, [(_footnote_ids(_text(block), ids), "")], run=block.run, index=index)
    return _save(body)


def docx_twin(data: bytes, *, styles: Mapping[int, str] | None = None) -> bytes:
    """The Word twin of a text edition."""
    return docx_from_description(describe(data), styles=styles)


# ---------------------------------------------------------------- two editions, tracked


def tracked_docx_twin(old_data: bytes, new_data: bytes) -> bytes:
    """Two text editions as one .docx with tracked changes (see the module
    docstring): rejecting every change reads as `old_data`, accepting every
    change as `new_data`."""
    old, new = describe(old_data), describe(new_data)
    tracked = Tracked(old, new)
    body = _Body(_Lists(tracked.runs, tracked.starts))
    new_ids = {number: str(int(number) + 1) for number in new.footnotes}
    old_ids = {number: str(int(number) + 101) for number in old.footnotes}
    for before, after in tracked.pairs:
        if before is not None and after is not None:
            _write_pair(body, before, after, old, new, old_ids, new_ids)
        elif before is not None:
            _write_one(
                body,
                before,
                "del",
                tracked.run_of(before, "old"),
                old_ids,
                old,
            )
        elif after is not None:
            _write_one(body, after, "ins", after.run, new_ids, new)
    return _save(body)


def _write_one(
    body: _Body, block: Block, mark: str, run: int | None, ids: Mapping[str, str], side: Description
) -> None:
    for number in REFERENCE.findall(block.text):
        body.footnotes.setdefault(ids[number[2:-1]], [(side.footnotes[number[2:-1]], mark)])
    if block.rows:
        body.table([([[(cell, mark)] for cell in row], mark) for row in block.rows])
    else:
        body.paragraph(block, [(_footnote_ids(_text(block), ids), mark)], run=run, mark=mark)


def _write_pair(
    body: _Body,
    before: Block,
    after: Block,
    old: Description,
    new: Description,
    old_ids: Mapping[str, str],
    new_ids: Mapping[str, str],
) -> None:
    if after.rows:
        body.table(row_diff(before.rows, after.rows))
        return
    pieces = word_diff(_text(before), _text(after))
    written: list[Piece] = []
    for text, mark in pieces:
        ids = old_ids if mark == "del" else new_ids
        for reference in REFERENCE.findall(text):
            number = reference[2:-1]
            if mark:
                body.footnotes.setdefault(
                    ids[number], [((old if mark == "del" else new).footnotes[number], mark)]
                )
            else:
                note = word_diff(old.footnotes.get(number, ""), new.footnotes[number])
                body.footnotes.setdefault(ids[number], note)
        written.append((_footnote_ids(text, ids), mark))
    body.paragraph(after, written, run=after.run)
