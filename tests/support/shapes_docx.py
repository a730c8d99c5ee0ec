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
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Pt

from tests.support.builders import ITU_STYLES, W
from tests.support.shapes import Block, Description, Level, describe

INDENT = 567  # twips: 1 cm, ITU's hanging indent
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
REFERENCE = re.compile(r"(\[\^\d+\])")


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
    """numbering.xml: abstract definitions shared by runs of the same shape."""

    def __init__(self, description: Description):
        self.abstracts: dict[tuple, int] = {}
        self.nums: list[tuple[int, int | None]] = []  # (abstractNumId, start override)
        self.run_num: dict[int, int] = {}
        starts = {b.run: b.start for b in description.blocks if b.numbered and b.depth == 0}
        for run, levels in enumerate(description.runs):
            shape = tuple(sorted(levels.items()))
            restarted = shape in self.abstracts
            abstract = self.abstracts.setdefault(shape, len(self.abstracts))
            start = starts.get(run, 1)
            self.nums.append((abstract, start if restarted or start != 1 else None))
            self.run_num[run] = len(self.nums)
        self.bullets: dict[str, int] = {}

    def bullet_num(self, character: str) -> int:
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


def _runs(text: str, footnote_ids: Mapping[str, str]) -> str:
    out = []
    for piece in REFERENCE.split(text):
        if REFERENCE.fullmatch(piece):
            out.append(
                '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                f'<w:footnoteReference w:id="{footnote_ids[piece[2:-1]]}"/></w:r>'
            )
        elif piece:
            for n, part in enumerate(piece.split("\t")):
                if n:
                    out.append("<w:r><w:tab/></w:r>")
                if part:
                    out.append(f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>')
    return "".join(out)


def _footnotes_xml(footnotes: Mapping[str, str], ids: Mapping[str, str]) -> bytes:
    notes = "".join(
        f'<w:footnote w:id="{ids[number]}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteRef/></w:r><w:r><w:tab/></w:r><w:r><w:t xml:space="preserve">{escape(text)}</w:t>'
        "</w:r></w:p></w:footnote>"
        for number, text in footnotes.items()
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        f"</w:r></w:p></w:footnote>{notes}</w:footnotes>"
    ).encode()


def docx_from_description(description: Description, *, styles: Mapping[int, str] | None = None) -> bytes:
    """The .docx. `styles` gives some blocks (by index) one of ITU's
    paragraph styles (ResNo, Restitle, Normalaftertitle, Call); the rest
    are Normal, so that only their text tells what they are."""
    document = Document()
    for style_id, name in ITU_STYLES.items():
        if styles and style_id in styles.values():
            style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.element.set(f"{{{W}}}styleId", style_id)
            style.font.italic = style_id == "Call"
    document.styles["Normal"].font.size = Pt(11)
    lists = _Lists(description)
    # Word's footnote ids need not be the numbers shown: id n + 1 for n.
    ids = {number: str(int(number) + 1) for number in description.footnotes}
    body = document.element.body
    for index, block in enumerate(description.blocks):
        if block.rows:
            _table(document, block)
            continue
        text = f"{block.label}\t{block.text}" if block.label and not block.numbered else block.text
        properties = ""
        if styles and index in styles:
            properties += f'<w:pStyle w:val="{styles[index]}"/>'
        if block.numbered and block.level is not None:
            num = (
                lists.bullet_num(block.level.character)
                if block.level.format == "bullet"
                else lists.run_num[block.run or 0]
            )
            properties += f'<w:numPr><w:ilvl w:val="{block.depth}"/><w:numId w:val="{num}"/></w:numPr>'
        elif block.label:
            properties += f'<w:ind w:left="{INDENT * (block.depth + 1)}" w:hanging="{INDENT}"/>'
        paragraph = parse_xml(f'<w:p xmlns:w="{W}"><w:pPr>{properties}</w:pPr>{_runs(text, ids)}</w:p>')
        body.insert(len(body) - 1, paragraph)  # before the section properties
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for child in parse_xml(lists.xml()):
        numbering.append(child)
    if description.footnotes:
        part = Part(
            PackURI("/word/footnotes.xml"),
            FOOTNOTES_TYPE,
            _footnotes_xml(description.footnotes, ids),
            document.part.package,
        )
        document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document, block: Block) -> None:
    columns = max(len(row) for row in block.rows)
    table = document.add_table(rows=len(block.rows), cols=columns)
    table.style = document.styles["Table Grid"]
    for cells, row in zip(block.rows, table.rows, strict=True):
        for text, cell in zip(cells, row.cells, strict=False):
            cell.text = text


def docx_twin(data: bytes, *, styles: Mapping[int, str] | None = None) -> bytes:
    """The Word twin of a text edition."""
    return docx_from_description(describe(data), styles=styles)
