"""A pasted document with its citations linked: as HTML for the page (and
the rich-text copy), and as plain text with each permalink after its
citation, for where links cannot go.

Writers only: `citation_lookup.link_paragraphs` found and resolved the
citations; every piece of the document's text is escaped here.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from resolutions.citation_lookup import LinkedDocument, Piece


def piece_html(piece: Piece) -> SafeString | str:
    if piece.found is None or not piece.found.url:
        return piece.text
    classes = "citation-link citation-flagged" if piece.found.lookup.flagged else "citation-link"
    return format_html('<a class="{}" href="{}">{}</a>', classes, piece.found.url, piece.text)


def linked_html(document: LinkedDocument) -> SafeString:
    """One <p> per paragraph, each resolved citation a link to its permalink."""
    return format_html_join(
        "\n",
        "<p>{}</p>",
        (
            (format_html("{}" * len(row), *(piece_html(piece) for piece in row)),)
            for row in document.paragraphs
        ),
    )


def linked_plain_text(document: LinkedDocument) -> str:
    """Paragraphs separated by a blank line; " <URL>" after each citation."""
    return "\n\n".join(
        "".join(
            f"{piece.text} <{piece.found.url}>" if piece.found is not None and piece.found.url else piece.text
            for piece in row
        )
        for row in document.paragraphs
    )
