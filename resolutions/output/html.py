"""A clause's comparison as HTML: deletions in <del>, insertions in <ins>,
footnote references as superscript links.

Every piece of text is escaped; the only markup is built here with
format_html, never by joining strings and marking them safe. The templates
reach this through the `comparison_html` template library.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.html import format_html
from django.utils.safestring import SafeString

from resolutions.document import FOOTNOTE_REF, TOKEN
from resolutions.output.pieces import Side, display_pieces, table_cells
from resolutions.redline import ClauseChange, Op, Tag, is_punctuation

if TYPE_CHECKING:
    from resolutions.search import Piece

# The text before each change, for screen readers: strike-through and
# underline are not announced.
MARKUP = {
    Tag.DELETE: '<del class="change change-del"><span class="visually-hidden">deleted: </span>{}</del>',
    Tag.INSERT: '<ins class="change change-ins"><span class="visually-hidden">inserted: </span>{}</ins>',
}
# A change of punctuation alone ("," -> ";") is a few pixels wide: it gets a
# class that widens it, so that it can be seen and pointed at.
PUNCTUATION_MARKUP = {
    Tag.DELETE: '<del class="change change-del change-punct"><span class="visually-hidden">deleted: </span>{}</del>',
    Tag.INSERT: '<ins class="change change-ins change-punct"><span class="visually-hidden">inserted: </span>{}</ins>',
}
FOOTNOTE_LINK = '<sup class="footnote-ref"><a href="{}#footnote-{}">{}</a></sup>'


def ops_html(ops: Sequence[Op], side: str = Side.INLINE) -> SafeString:
    pieces = [piece_html(tag, text) for tag, text in display_pieces(ops, side)]
    # One format string of bare placeholders: every piece is escaped unless
    # it is markup built here (SafeString).
    return format_html("{}" * len(pieces), *pieces)


def cells_html(ops: Sequence[Op], side: str = Side.INLINE) -> SafeString:
    """A table row's comparison cell by cell: each cell's changes marked in
    its own <span class="table-cell">, split at each cell separator (a
    separator added or deleted, with its cell, splits the same way)."""
    cells = [[piece_html(tag, text) for tag, text in cell] for cell in table_cells(display_pieces(ops, side))]
    spans = [
        format_html('<span class="table-cell">{}</span>', format_html("{}" * len(cell), *cell))
        for cell in cells
    ]
    return format_html('<span class="table-cells">{}</span>', format_html("{}" * len(spans), *spans))


def piece_html(tag: Tag, text: str) -> str:
    content = text_html(text)
    if tag == Tag.EQUAL:
        return content
    markup = PUNCTUATION_MARKUP if all(is_punctuation(key) for key in TOKEN.findall(text)) else MARKUP
    return format_html(markup[tag], content)


def text_html(text: str, page: str = "") -> str:
    """Each footnote reference "[^1]" as a superscript link to the footnote
    on `page` (this page by default); the rest is left for format_html,
    which escapes whatever is not yet safe."""
    if "[^" not in text:  # most pieces: no markup to build
        return text
    # split() alternates text and the captured footnote numbers.
    pieces = [
        format_html(FOOTNOTE_LINK, page, piece, piece) if index % 2 else piece
        for index, piece in enumerate(FOOTNOTE_REF.split(text))
    ]
    return format_html("{}" * len(pieces), *pieces)


def highlighted_html(pieces: Sequence[Piece], page: str = "") -> SafeString:
    """A search result's text with the matched words in <mark>; footnote
    references link to the footnotes on `page` (the clause's edition)."""
    parts = [
        format_html("<mark>{}</mark>", text_html(piece.text, page))
        if piece.marked
        else text_html(piece.text, page)
        for piece in pieces
    ]
    return format_html("{}" * len(parts), *parts)


def status_html(change: ClauseChange, *, in_comparison: bool = False) -> SafeString:
    """A clause's ITU mark (ADD / SUP / MOD / NOC) and its margin notes
    ("relettered", "moved"), each with a title that says what it means.

    In a comparison row an unchanged clause's NOC mark is hidden (CSS
    .row-quiet), so it gets no title, which no one could see. Built here
    rather than in a template: a comparison shows one per row, and as an
    include it was a quarter of the page's rendering."""
    status = change.status
    titled = not in_comparison or change.changed
    parts = [
        format_html('<span class="mark mark-{}" title="{}">{}</span>', status.lower(), status.description, status)
        if titled
        else format_html('<span class="mark mark-{}">{}</span>', status.lower(), status)
    ]
    for flag in change.flags:
        title = (
            "Moved to another place"
            if flag == "moved"
            else f"Label changed from {change.old_label} to {change.new_label}"
        )
        parts.append(format_html('<span class="mark mark-flag" title="{}">{}</span>', title, flag))
    return format_html("{}" * len(parts), *parts)
