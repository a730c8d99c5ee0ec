"""What a reader sees of one clause's comparison, piece by piece.

Plain module, shared by every writer (wdiff text, HTML, exports), so that
they mark the same words with the same white space around the marks.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from resolutions.document import CELL_SEPARATOR, TOKEN
from resolutions.redline import Op, Tag, split_space


class Side(enum.StrEnum):
    """Which text a rendering shows: both with their changes, or one side."""

    INLINE = "inline"  # deletions and insertions together
    OLD = "old"  # the old text with its deletions
    NEW = "new"  # the new text with its insertions
    # Deletions and insertions, exact to the white space: rejecting every
    # change gives the old text, accepting every change the new text. What a
    # revision-marked document (the Word export) needs.
    TRACKED = "tracked"


SIDES = tuple(Side)


def display_pieces(ops: Sequence[Op], side: str = Side.INLINE) -> list[tuple[Tag, str]]:
    """What a reader sees, piece by piece, for every renderer (wdiff, HTML).

    "old" shows the old text with its deletions, "new" the new text with its
    insertions, exactly. "inline" shows both; see inline_equal for the white
    space of its unchanged pieces. "tracked" shows both too, exactly: see
    tracked_equal.
    """
    if side not in SIDES:
        raise ValueError(f"unknown redline side {side!r}: use one of {', '.join(Side)}")
    pieces: list[tuple[Tag, str]] = []
    for n, op in enumerate(ops):
        if op.tag == Tag.EQUAL and side == Side.TRACKED and op.old != op.new:
            pieces.extend(tracked_equal(op))
            continue
        if op.tag == Tag.EQUAL:
            text = op.old if side == Side.OLD else op.new if side != Side.INLINE else inline_equal(ops, n)
        elif (op.tag == Tag.DELETE and side == Side.NEW) or (op.tag == Tag.INSERT and side == Side.OLD):
            continue
        else:
            text = op.old or op.new
        if text:
            pieces.append((op.tag, text))
    return pieces


def inline_equal(ops: Sequence[Op], n: int) -> str:
    """An unchanged piece between changes, as the inline view shows it.

    It follows the new text, but each edge takes its white space from the
    text the neighbouring change belongs to: the old text's next to a pure
    deletion ("a b c" -> "a c" reads "a [-b-] c", not "a [-b-]c"), the new
    text's next to a pure insertion ("a, y{+, w+} and"), either next to a
    replacement, so that words never run into a mark.
    """
    op = ops[n]
    before, after = change_kind(ops, n, -1), change_kind(ops, n, 1)
    if not before and not after:  # an unchanged clause
        return op.new
    old_lead, _, old_trail = split_space(op.old)
    new_lead, core, new_trail = split_space(op.new)
    if not core:
        return edge_space(op.old, op.new, before or after)
    return edge_space(old_lead, new_lead, before) + core + edge_space(old_trail, new_trail, after)


def change_kind(ops: Sequence[Op], n: int, step: int) -> set[Tag]:
    """The tags of the change next to ops[n] in that direction (empty if none)."""
    tags: set[Tag] = set()
    n += step
    while 0 <= n < len(ops) and ops[n].tag != Tag.EQUAL:
        tags.add(ops[n].tag)
        n += step
    return tags


def edge_space(old_space: str, new_space: str, change: set[Tag]) -> str:
    if change == {Tag.DELETE}:
        return old_space
    if change == {Tag.INSERT}:
        return new_space
    return new_space or old_space


def tracked_equal(op: Op) -> list[tuple[Tag, str]]:
    """An unchanged piece whose white space differs between the texts
    ("x ,y" and "x, y"), for a revision-marked document: the tokens
    unchanged, each gap that differs deleted and inserted, so that neither
    side gains or loses a space. Rare, and invisible but for the space."""
    old_parts, new_parts = TOKEN.split(op.old), TOKEN.split(op.new)
    if old_parts[1::2] != new_parts[1::2]:  # not an equal piece after all
        return [(tag, text) for tag, text in ((Tag.DELETE, op.old), (Tag.INSERT, op.new)) if text]
    pieces: list[tuple[Tag, str]] = []
    # split() alternates gaps (even positions) and tokens (odd), on both sides.
    for old, new in zip(old_parts, new_parts, strict=True):
        for tag, text in ((Tag.EQUAL, old),) if old == new else ((Tag.DELETE, old), (Tag.INSERT, new)):
            if not text:
                continue
            if pieces and pieces[-1][0] == tag:
                pieces[-1] = (tag, pieces[-1][1] + text)
            else:
                pieces.append((tag, text))
    return pieces


def table_cells(pieces: Sequence[tuple[Tag, str]]) -> list[list[tuple[Tag, str]]]:
    """A table row's pieces cell by cell, split at each cell separator
    (document.CELL_SEPARATOR, whose spaces go with it), whatever the
    separator's own change: for the page and the Word export alike."""
    separator = CELL_SEPARATOR.strip()
    cells: list[list[tuple[Tag, str]]] = [[]]
    for tag, text in pieces:
        parts = text.split(separator)
        for n, part in enumerate(parts):
            if n:
                cells.append([])
                part = part.lstrip()
            if n < len(parts) - 1:
                part = part.rstrip()
            if part:
                cells[-1].append((tag, part))
    return cells
