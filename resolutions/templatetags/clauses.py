"""Showing a clause's text as printed (no changes marked), and how to cite it."""

from functools import lru_cache

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from resolutions.citations import MEMO_SIZE
from resolutions.document import FOOTNOTE_REF, normalize_space
from resolutions.output.html import (
    CiteAs,
    ClauseMarkup,
    cells_of,
    contents_html,
    highlighted_html,
    reference_html,
    text_html,
)

register = template.Library()

# The same rendering the redline uses for unchanged text, so a clause looks
# the same on the edition page and in a comparison.
register.filter("clause_text", text_html)


@register.filter
def plain_text(text: str) -> str:
    """For link previews and <title>: no footnote markers."""
    return normalize_space(FOOTNOTE_REF.sub("", text))


@register.filter
@lru_cache(maxsize=MEMO_SIZE)
def link_preview(text: str) -> str:
    """A clause's text as a page's description and link preview: its plain
    text, at most 240 characters. Kept: a page gives it twice."""
    return Truncator(plain_text(text)).chars(240)


register.filter("cells", cells_of)


@register.simple_tag(takes_context=True)
def cite_as(context, version) -> CiteAs:
    """`{% cite_as version as cite %}`: the clause's citation with its
    permalink, absolute for the host the page was asked from (a citation is
    pasted into documents, far from this site)."""
    return CiteAs.of(version, context["request"].build_absolute_uri)


def clause_markup(context) -> ClauseMarkup:
    """The page's ClauseMarkup, made once a render: the change badges' link
    is one reverse() for the whole page."""
    state = context.render_context
    if "clause_markup" not in state:
        previous, edition = context.get("previous"), context.get("edition")
        changes_url = (
            reverse(
                "resolutions:compare",
                args=[edition.resolution.body, edition.resolution.number, previous.year, edition.year],
            )
            if previous is not None and edition is not None
            else ""
        )
        state["clause_markup"] = ClauseMarkup(
            context["request"].build_absolute_uri,
            changes_url,
            previous.citation_designation if previous is not None else "",
        )
    return state["clause_markup"]


@register.simple_tag(takes_context=True)
def clause_block(context, version, row=None) -> SafeString:
    """`{% clause_block version row %}`: a clause as the edition page prints
    it, its change since the previous edition marked when `row` (a
    comparison.Row) is given."""
    return clause_markup(context).clause(version, row)


@register.simple_tag
def contents_list(contents, footnotes) -> SafeString:
    """`{% contents_list contents footnotes as contents_list %}`: an
    edition's contents, made once for the two places the page shows it."""
    return contents_html(contents, bool(footnotes))


@register.simple_tag(takes_context=True)
def edition_entries(context, entries) -> SafeString:
    """`{% edition_entries entries %}`: an edition's clauses, as
    (version, row or None) pairs."""
    return clause_markup(context).entries(entries)


# A clause's reference within its resolution, the section in italics:
# ("noting", "b)") -> "<i>noting</i> b)".
register.filter("reference_html", reference_html)


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
