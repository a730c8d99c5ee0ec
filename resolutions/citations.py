"""How delegates cite a clause: "Resolution 102 (Rev. Busan, 2014), noting b)".

Plain functions on plain values, so the clause page, the copy button, the
link-preview description and the command line all say it the same way.
"""

from __future__ import annotations

from functools import lru_cache

from django.utils.html import format_html
from django.utils.safestring import SafeString

from resolutions.document import ANNEX_LINE, Kind, normalize_space

# Pure functions of a few short strings, asked for every clause of every
# page (its history link, its citation, its copy buttons): kept, as the
# redline's markup is (output.html.HTML_MEMO_SIZE). A few pages' worth of the
# largest resolution: whole pages are the page cache's to keep, and with
# 8,192 entries in each of these memos a worker that had shown the whole
# collection held 199 MB (issue 9 asks for 150).
MEMO_SIZE = 2048


@lru_cache(maxsize=MEMO_SIZE)
def annex_name(heading_text: str) -> str:
    """An annex as cited: "Annex", "Annex A", "Appendix 1 to Annex 2";
    "" for a heading that is no annex's."""
    match = ANNEX_LINE.fullmatch(normalize_space(heading_text))
    if match is None:
        return ""
    name = " ".join(filter(None, [match["kind"].capitalize(), match["name"]]))
    if match["of"]:
        name += f" to {'Annex' if 'ANNEX' in match['to'] else 'Appendix'} {match['of']}"
    return name


def section_name(heading_text: str) -> str:
    """A heading as cited: without the comma or colon that ends it in print."""
    return heading_text.rstrip(" ,:;")


@lru_cache(maxsize=MEMO_SIZE)
def clause_reference(kind: str, label: str, heading_text: str, path: str = "") -> tuple[str, str]:
    """(italic part, plain part) of a clause's reference within its
    resolution: ("noting", "b)"), ("", "title"), ("", "footnote 1").
    `path` (document.clause_paths) numbers a section's several paragraphs:
    "resolves/2" is "resolves, paragraph 2"."""
    if kind in (Kind.RESOLUTION_LINE, Kind.TITLE, Kind.PREAMBLE):
        return "", {"resolution": "resolution line", "title": "title", "preamble": "preamble"}[kind]
    if kind == Kind.FOOTNOTE:
        return "", f"footnote {label}"
    annex = annex_name(heading_text)
    if annex:
        return "", _annex_place(kind, label, path) or annex
    if kind == Kind.HEADING:
        return section_name(heading_text), ""
    if kind in (Kind.TABLE, Kind.ROW):
        return section_name(heading_text), _table_place(path)
    if kind == Kind.PARAGRAPH and not label:
        _, numbered, paragraph = path.rpartition("/")
        return section_name(heading_text), f"paragraph {paragraph}" if numbered else ""
    return section_name(heading_text), label


def _annex_place(kind: str, label: str, path: str) -> str:
    """Within an annex: "§ 2.1", "title", "table 1, row 2"; "" for its heading."""
    if kind == Kind.HEADING:
        return ""
    if kind == Kind.ANNEX_TITLE:
        return "title"
    if kind in (Kind.TABLE, Kind.ROW):
        return _table_place(path)
    if label:
        return f"§ {label}"
    _, numbered, paragraph = path.rpartition("/")
    return f"paragraph {paragraph}" if numbered else ""


def _table_place(path: str) -> str:
    """ "annex/table-1/row-2" -> "table 1, row 2"."""
    parts = [part.replace("-", " ") for part in path.split("/") if part.startswith(("table-", "row-"))]
    return ", ".join(parts)


def resolution_name(resolution_number: int, designation: str, annex: str = "") -> str:
    """ "Resolution 102 (Rev. Busan, 2014)", "Resolution ITU-R 2-8" (an
    assembly's designation is its number and revision), "Annex to
    Resolution 71 (Rev. Dubai, 2018)"."""
    if designation.startswith("ITU-R"):
        name = f"Resolution {designation}"
    else:
        name = f"Resolution {resolution_number} ({designation})"
    return f"{annex} to {name}" if annex else name


def citation_text(
    resolution_number: int, designation: str, reference: tuple[str, str], annex: str = ""
) -> str:
    """`annex` (`annex_name`) for a clause of an annex: "Annex to
    Resolution 71 (Rev. Dubai, 2018), § 2.1"."""
    italic, plain = reference
    if annex and plain == annex:
        return resolution_name(resolution_number, designation, annex)
    where = " ".join(part for part in (italic, plain) if part)
    return f"{resolution_name(resolution_number, designation, annex)}, {where}"


@lru_cache(maxsize=MEMO_SIZE)
def citation_html(
    resolution_number: int, designation: str, reference: tuple[str, str], annex: str = ""
) -> SafeString:
    italic, plain = reference
    name = resolution_name(resolution_number, designation, annex)
    if annex and plain == annex:
        return format_html("{}", name)
    if italic and plain:
        where = format_html("<i>{}</i> {}", italic, plain)
    elif italic:
        where = format_html("<i>{}</i>", italic)
    else:
        where = plain
    return format_html("{}, {}", name, where)


def citation_with_link(citation: str, url: str) -> str:
    """What a copy button copies as plain text: the citation, then its
    permalink, "Resolution 102 (Rev. Busan, 2014), noting b), https://…/"."""
    return f"{citation}, {url}"


def citation_with_link_html(citation: SafeString, url: str) -> SafeString:
    """The same as rich text: the section word in italics, the permalink a link."""
    return format_html('{}, <a href="{}">{}</a>', citation, url, url)
