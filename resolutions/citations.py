"""How delegates cite a clause: "Resolution 102 (Rev. Busan, 2014), noting b)".

Plain functions on plain values, so the clause page, the copy button, the
link-preview description and the command line all say it the same way.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString

from resolutions.document import Kind


def section_name(heading_text: str) -> str:
    """A heading as cited: without the comma or colon that ends it in print."""
    return heading_text.rstrip(" ,:;")


def clause_reference(kind: str, label: str, heading_text: str, path: str = "") -> tuple[str, str]:
    """(italic part, plain part) of a clause's reference within its
    resolution: ("noting", "b)"), ("", "title"), ("", "footnote 1").
    `path` (document.clause_paths) numbers a section's several paragraphs:
    "resolves/2" is "resolves, paragraph 2"."""
    if kind in (Kind.RESOLUTION_LINE, Kind.TITLE, Kind.PREAMBLE):
        return "", {"resolution": "resolution line", "title": "title", "preamble": "preamble"}[kind]
    if kind == Kind.FOOTNOTE:
        return "", f"footnote {label}"
    if kind == Kind.HEADING:
        return section_name(heading_text), ""
    if kind == Kind.PARAGRAPH:
        _, numbered, paragraph = path.rpartition("/")
        return section_name(heading_text), f"paragraph {paragraph}" if numbered else ""
    return section_name(heading_text), label


def citation_text(resolution_number: int, designation: str, reference: tuple[str, str]) -> str:
    italic, plain = reference
    where = " ".join(part for part in (italic, plain) if part)
    return f"Resolution {resolution_number} ({designation}), {where}"


def citation_html(resolution_number: int, designation: str, reference: tuple[str, str]) -> SafeString:
    italic, plain = reference
    if italic and plain:
        where = format_html("<i>{}</i> {}", italic, plain)
    elif italic:
        where = format_html("<i>{}</i>", italic)
    else:
        where = plain
    return format_html("Resolution {} ({}), {}", resolution_number, designation, where)


def citation_with_link(citation: str, url: str) -> str:
    """What a copy button copies as plain text: the citation, then its
    permalink, "Resolution 102 (Rev. Busan, 2014), noting b), https://…/"."""
    return f"{citation}, {url}"


def citation_with_link_html(citation: SafeString, url: str) -> SafeString:
    """The same as rich text: the section word in italics, the permalink a link."""
    return format_html('{}, <a href="{}">{}</a>', citation, url, url)
