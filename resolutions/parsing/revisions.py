"""Paragraphs that carry revision marks, and the two editions they stand for.

Both rich readers (.docx and HTML) describe a document as marked paragraphs:
runs of text that are unchanged, inserted or deleted, and a paragraph mark
that may itself be inserted or deleted. This module turns that into the
paragraphs of one side: "base" (every change rejected) or "revised" (every
change accepted), then numbers the footnotes in the order that side shows
their references, which is how Word numbers them.

A table is one marked paragraph holding rows of cells, each cell its own
marked paragraphs; a row may itself be inserted or deleted. It never merges
with its neighbours (a paragraph mark cannot join text into a table), and
its cells' paragraphs are seen by the automatic numbering in document
order, as Word counts them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from resolutions.document import SourceParagraph, normalize_space

Mark = Literal["", "ins", "del"]
Side = Literal["base", "revised"]

# What each side leaves out.
HIDDEN: dict[Side, Mark] = {"base": "ins", "revised": "del"}


class Unchanged(enum.Enum):
    """The numbering of a paragraph whose numbering no change altered."""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED


@dataclass(frozen=True)
class Piece:
    """A stretch of text, or a footnote reference when `footnote` is set
    (the key under which the reader filed the footnote's text)."""

    text: str
    mark: Mark = ""
    footnote: str = ""


@dataclass(frozen=True)
class MarkedParagraph:
    pieces: tuple[Piece, ...]
    where: str
    # The paragraph mark's own revision: a deleted mark joins the paragraph
    # to the next one in the revised side, an inserted one in the base side.
    mark: Mark = ""
    role: str = ""
    # Opaque to this module: the reader's key for automatic numbering, and
    # the one the base side shows when a tracked change altered it.
    numbering: tuple[str, int] | None = None
    numbering_before: tuple[str, int] | None | Unchanged = UNCHANGED
    # A table: its rows (pieces are empty then).
    rows: tuple[MarkedRow, ...] | None = None


@dataclass(frozen=True)
class MarkedRow:
    # Each cell as the paragraphs it holds.
    cells: tuple[tuple[MarkedParagraph, ...], ...]
    # A whole row inserted or deleted.
    mark: Mark = ""


@dataclass(frozen=True)
class MarkedDocument:
    paragraphs: tuple[MarkedParagraph, ...]
    # Footnote key -> the footnote's paragraphs.
    footnotes: Mapping[str, tuple[MarkedParagraph, ...]] = field(default_factory=dict)
    # Gives each paragraph one side shows its automatic number, "" for none;
    # it sees blank paragraphs too, since Word numbers them.
    labels: Callable[[list[MarkedParagraph]], list[str]] | None = None

    def has_marks(self) -> bool:
        body = _flat(self.paragraphs)
        every = [*body, *(p for note in self.footnotes.values() for p in note)]
        rows = any(row.mark for p in self.paragraphs for row in p.rows or ())
        renumbered = any(p.numbering_before not in (UNCHANGED, p.numbering) for p in body)
        return rows or renumbered or any(p.mark or any(piece.mark for piece in p.pieces) for p in every)


def whole_mark(pieces: Iterable[Piece]) -> Mark:
    """The mark all of a paragraph's text carries ("" if not all the same):
    a paragraph wholly inserted is an inserted paragraph where the file
    cannot mark the paragraph itself."""
    marks = {piece.mark for piece in pieces if piece.footnote or piece.text.strip()}
    return marks.pop() if len(marks) == 1 and "" not in marks else ""


def common_mark(paragraphs: Iterable[MarkedParagraph]) -> Mark:
    """The mark every paragraph with text carries ("" if they differ): a
    table row is inserted or deleted when all its paragraphs are."""
    marks = {p.mark for p in paragraphs if not _is_blank(p)}
    return marks.pop() if len(marks) == 1 and "" not in marks else ""


def view(paragraphs: Sequence[MarkedParagraph], side: Side) -> list[MarkedParagraph]:
    """The paragraphs one side shows, without marks.

    A paragraph whose mark the side hides flows into the next one; the merged
    paragraph keeps the properties of the paragraph whose mark survives,
    because in Word the mark is what holds them.
    """
    hidden = HIDDEN[side]
    result: list[MarkedParagraph] = []
    pending: list[Piece] = []
    first_where = ""
    for paragraph in paragraphs:
        if paragraph.rows is not None:
            if pending:  # text whose mark is hidden stops at the table
                result.append(MarkedParagraph(tuple(pending), first_where))
                pending, first_where = [], ""
            rows = tuple(
                MarkedRow(tuple(tuple(view(cell, side)) for cell in row.cells))
                for row in paragraph.rows
                if row.mark != hidden
            )
            if rows:
                result.append(MarkedParagraph((), paragraph.where, rows=rows))
            continue
        pending.extend(Piece(p.text, "", p.footnote) for p in paragraph.pieces if p.mark != hidden)
        first_where = first_where or paragraph.where
        if paragraph.mark == hidden:
            continue
        numbering = paragraph.numbering
        if side == "base" and paragraph.numbering_before is not UNCHANGED:
            numbering = paragraph.numbering_before
        result.append(MarkedParagraph(tuple(pending), first_where, "", paragraph.role, numbering))
        pending, first_where = [], ""
    if pending:
        # The document's last mark was hidden: what is left still shows.
        result.append(MarkedParagraph(tuple(pending), first_where))
    return result


def _is_blank(paragraph: MarkedParagraph) -> bool:
    return not any(piece.footnote or piece.text.strip() for piece in paragraph.pieces)


def _flat(paragraphs: Sequence[MarkedParagraph]) -> list[MarkedParagraph]:
    """Every paragraph in document order, those of table cells included."""
    result: list[MarkedParagraph] = []
    for paragraph in paragraphs:
        if paragraph.rows is None:
            result.append(paragraph)
        else:
            result.extend(p for row in paragraph.rows for cell in row.cells for p in cell)
    return result


def side_paragraphs(document: MarkedDocument, side: Side) -> tuple[list[SourceParagraph], dict[str, str]]:
    """One side's paragraphs for build_edition, and its footnotes by
    displayed number."""
    shown = view(document.paragraphs, side)
    flat = _flat(shown)
    numbers = document.labels(flat) if document.labels else [""] * len(flat)
    label_of = {id(paragraph): label for paragraph, label in zip(flat, numbers, strict=True)}
    displayed: dict[str, str] = {}  # footnote key -> displayed number

    def text(paragraph: MarkedParagraph) -> str:
        return "".join(
            f"[^{displayed.setdefault(p.footnote, str(len(displayed) + 1))}]" if p.footnote else p.text
            for p in paragraph.pieces
        )

    def cell_text(cell: tuple[MarkedParagraph, ...]) -> str:
        # A cell has no label of its own: a numbered paragraph in it shows
        # its number before its text, as Word shows it.
        return normalize_space(" ".join(" ".join(filter(None, (label_of[id(p)], text(p)))) for p in cell))

    result: list[SourceParagraph] = []
    for paragraph in shown:
        if paragraph.rows is not None:
            rows = tuple(tuple(cell_text(cell) for cell in row.cells) for row in paragraph.rows)
            if any(any(row) for row in rows):
                result.append(SourceParagraph(text="", where=paragraph.where, rows=rows))
            continue
        if _is_blank(paragraph):
            continue
        result.append(
            SourceParagraph(
                text=text(paragraph),
                where=paragraph.where,
                role=paragraph.role,
                label=label_of[id(paragraph)],
            )
        )
    footnotes: dict[str, str] = {}
    for key, number in displayed.items():
        note = view(document.footnotes.get(key, ()), side)
        footnotes[number] = " ".join(
            "".join(p.text for p in paragraph.pieces if not p.footnote) for paragraph in note
        ).strip()
    return result, footnotes
