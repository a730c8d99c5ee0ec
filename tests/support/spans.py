"""Where each change of a redline lies, in character offsets: what the
agreement test compares with ITU's own marks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from resolutions.redline import Op, Tag


class Span(NamedTuple):
    """Where one change (consecutive deletions and insertions) lies:
    character offsets into the old and the new text."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int


def change_spans(ops: Iterable[Op]) -> list[Span]:
    spans: list[Span] = []
    old_pos = new_pos = 0
    in_change = False
    for op in ops:
        if op.tag != Tag.EQUAL:
            if not in_change:
                spans.append(Span(old_pos, old_pos, new_pos, new_pos))
            old_pos += len(op.old)
            new_pos += len(op.new)
            spans[-1] = spans[-1]._replace(old_end=old_pos, new_end=new_pos)
        else:
            old_pos += len(op.old)
            new_pos += len(op.new)
        in_change = op.tag != Tag.EQUAL
    return spans
