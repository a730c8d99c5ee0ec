"""Showing a clause's text as printed (no changes marked), and how to cite it."""

from dataclasses import dataclass

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from resolutions.citations import citation_with_link, citation_with_link_html
from resolutions.document import CELL_SEPARATOR, FOOTNOTE_REF, normalize_space
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
def cells(text: str) -> list[str]:
    """A table row's cells (a TABLE or ROW clause's text)."""
    return text.split(CELL_SEPARATOR)


@dataclass(frozen=True)
class CiteAs:
    url: str  # the permalink, absolute
    text: str
    html: SafeString


@register.simple_tag(takes_context=True)
def cite_as(context, version) -> CiteAs:
    """`{% cite_as version as cite %}`: the clause's citation with its
    permalink, absolute for the host the page was asked from (a citation is
    pasted into documents, far from this site)."""
    url = context["request"].build_absolute_uri(version.get_absolute_url())
    return CiteAs(
        url, citation_with_link(version.citation, url), citation_with_link_html(version.citation_html, url)
    )


@register.filter
def reference_html(reference: tuple[str, str]) -> SafeString:
    """A clause's reference within its resolution, the section in italics:
    ("noting", "b)") -> "<i>noting</i> b)"."""
    italic, plain = reference
    if italic and plain:
        return format_html("<i>{}</i> {}", italic, plain)
    return format_html("<i>{}</i>", italic) if italic else format_html("{}", plain)


@register.filter
def highlighted(hit) -> str:
    """A search hit's text, matched words marked, escaped."""
    return highlighted_html(hit.pieces, hit.version.edition.get_absolute_url())


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """`{% absolute_url url %}`: the address with the scheme and host the page
    was asked from, for rel=canonical (search engines want it absolute; the
    page cache keys pages by scheme and host already)."""
    return context["request"].build_absolute_uri(path)
