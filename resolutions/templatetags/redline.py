"""Rendering the redline engine's operations as HTML.

    {% load redline %}
    {{ change|redline:"inline" }}        deletions and insertions together
    {{ change|redline:"old" }}           the old text with its deletions
    {{ change|redline:"new" }}           the new text with its insertions
    {{ change|redline_label:"inline" }}  the label: "[-c-]{+b+})"

`change` is a ClauseChange, or any sequence of Op. Every piece of text is
escaped; the only markup is built here with format_html, never by joining
strings and marking them safe.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from resolutions.document import FOOTNOTE_REF
from resolutions.redline import ClauseChange, Op, Tag, display_pieces

register = template.Library()

# The text before each change, for screen readers: strike-through and
# underline are not announced.
MARKUP = {
    Tag.DELETE: '<del class="change change-del"><span class="visually-hidden">deleted: </span>{}</del>',
    Tag.INSERT: '<ins class="change change-ins"><span class="visually-hidden">inserted: </span>{}</ins>',
}
FOOTNOTE_LINK = '<sup class="footnote-ref"><a href="#footnote-{}">{}</a></sup>'


@register.filter
def redline(value: ClauseChange | Sequence[Op], side: str = "inline") -> SafeString:
    """A clause's text with its changes marked."""
    return render_ops(value.ops if isinstance(value, ClauseChange) else value, side)


@register.filter
def redline_label(change: ClauseChange, side: str = "inline") -> SafeString:
    """A clause's label with its change marked, when relettered."""
    return render_ops(change.label_ops, side)


def render_ops(ops: Sequence[Op], side: str = "inline") -> SafeString:
    pieces = [piece_html(tag, text) for tag, text in display_pieces(ops, side)]
    # One format string of bare placeholders: every piece is escaped unless
    # it is markup built here (SafeString).
    return format_html("{}" * len(pieces), *pieces)


def piece_html(tag: Tag, text: str) -> str:
    content = text_html(text)
    return content if tag == Tag.EQUAL else format_html(MARKUP[tag], content)


def text_html(text: str) -> str:
    """Each footnote reference "[^1]" as a superscript link; the rest is left
    for format_html, which escapes whatever is not yet safe."""
    if "[^" not in text:  # most pieces: no markup to build
        return text
    # split() alternates text and the captured footnote numbers.
    pieces = [
        format_html(FOOTNOTE_LINK, piece, piece) if index % 2 else piece
        for index, piece in enumerate(FOOTNOTE_REF.split(text))
    ]
    return format_html("{}" * len(pieces), *pieces)
