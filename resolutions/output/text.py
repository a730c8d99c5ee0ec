"""Plain text: a comparison in the wdiff convention, an edition in the import layout.

`comparison_text` is what the `redline` command prints ("[-deleted-]{+inserted+}").
Labels are marked the way the pages mark them: an added clause's label is
inserted, a deleted one's deleted, a relettered one's changed ("[-c-]{+b+})").

`edition_text` writes one edition the way `parsing.plaintext` reads it (the
layout of the bundled fixtures/pp-102-*.txt, Word's plain-text export): one
paragraph a line, a label and a tab before an item's text, and each
footnote as Word writes it, "organizations[footnoteRef:1]1" where it is
referred to and its text in a block "[1: 1<tab>text]" at the end of the
line that first refers to it. Importing the download gives the same clauses
back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from resolutions.comparison import Comparison, Row
from resolutions.document import FOOTNOTE_REF, Kind
from resolutions.models import ClauseVersion
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


def edition_text(versions: Sequence[ClauseVersion]) -> str:
    """One edition's clause versions (in order) in the import layout."""
    footnotes = {version.label: version.text for version in versions if version.kind == Kind.FOOTNOTE}
    written: set[str] = set()
    lines = []
    for version in versions:
        if version.kind == Kind.FOOTNOTE:
            continue
        text = FOOTNOTE_REF.sub(lambda match: f"[footnoteRef:{match[1]}]{match[1]}", version.text)
        blocks = []
        for number in FOOTNOTE_REF.findall(version.text):
            if number not in written:
                written.add(number)
                blocks.append(f" [{number}: {number}\t{footnotes[number]}]")
        if version.kind in (Kind.TABLE, Kind.ROW):
            # A table row as the plain-text reader reads one: "| a | b |".
            lines.append(f"| {text} |")
        else:
            lines.append(f"{version.label}\t{text}" if version.label else text)
        lines[-1] += "".join(blocks)
    return "\n".join(lines) + "\n"
