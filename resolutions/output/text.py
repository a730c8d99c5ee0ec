"""A comparison as plain text, in the wdiff convention: "[-deleted-]{+inserted+}".

What the `redline` command prints. Labels are marked the way the pages mark
them: an added clause's label is inserted, a deleted one's deleted, a
relettered one's changed ("[-c-]{+b+})").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from resolutions.comparison import Comparison, Row
from resolutions.output.pieces import Side, display_pieces
from resolutions.redline import Op, Tag, has_changes

WDIFF = {Tag.EQUAL: "{}", Tag.DELETE: "[-{}-]", Tag.INSERT: "{{+{}+}}"}


def wdiff(ops: Sequence[Op]) -> str:
    """The operations in the wdiff convention, inline."""
    return "".join(WDIFF[tag].format(text) for tag, text in display_pieces(ops, Side.INLINE))


def row_text(row: Row) -> str:
    """One clause: its ITU status, reference and flags, then its redline."""
    change = row.change
    italic, plain = row.version.reference
    if has_changes(change.label_ops):
        plain = wdiff(change.label_ops)
    head = " ".join(part for part in (change.status.value, italic, plain) if part)
    if change.flags:
        head += f" ({', '.join(change.flags)})"
    return f"{head}\n    {wdiff(change.ops)}\n"


def comparison_text(comparison: Comparison, rows: Iterable[Row] | None = None) -> str:
    """The heading line, then each row (all of them unless `rows` picks some)."""
    lines = [
        f"Resolution {comparison.old_edition.resolution.number}: "
        f"{comparison.old_edition.citation_designation} → {comparison.new_edition.citation_designation}\n"
    ]
    lines.extend(row_text(row) for row in (comparison.rows if rows is None else rows))
    return "".join(lines)
