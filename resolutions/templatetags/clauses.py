"""Showing a clause's text as printed (no changes marked)."""

from django import template

from resolutions.document import FOOTNOTE_REF, normalize_space
from resolutions.output.html import highlighted_html, text_html

register = template.Library()

# The same rendering the redline uses for unchanged text, so a clause looks
# the same on the edition page and in a comparison.
register.filter("clause_text", text_html)


@register.filter
def plain_text(text: str) -> str:
    """For link previews and <title>: no footnote markers."""
    return normalize_space(FOOTNOTE_REF.sub("", text))


@register.filter
def highlighted(hit) -> str:
    """A search hit's text, matched words marked, escaped."""
    return highlighted_html(hit.pieces, hit.version.edition.get_absolute_url())
