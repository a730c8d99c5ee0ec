"""Reading an HTML edition: a saved ITU web page or Word's "save as web page".

Paragraphs come from block elements (text directly inside a block that also
holds blocks forms a paragraph of its own, as a browser shows it). A
paragraph's role comes from Word's exported class names (class="Call") or,
failing that, from being italic throughout (ITU prints headings in italics).
<ins>/<del> are revision marks; Word's footnotes (<a href="#_ftn1"> and
<div id="ftn1">) become footnotes. The result is a MarkedDocument, as for
.docx, so both formats make their two sides the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from resolutions.document import ParseError
from resolutions.parsing.conventions import STYLE_ROLES, RevisionMarks
from resolutions.parsing.revisions import Mark, MarkedDocument, MarkedParagraph, Piece
from resolutions.parsing.safety import parse_html

BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
# Never part of the text a reader sees.
SKIPPED = {"head", "script", "style", "template", "noscript", "object", "iframe", "svg", "math", "button"}
ITALIC = {"i", "em"}

# Word exports footnote n as <div id="ftn1"> referenced by <a href="#_ftn1">,
# with a link back (href="#_ftnref1") before its text; Pandoc-style pages
# use fn1 / fnref1. The number in the id is the key.
FOOTNOTE_ID = re.compile(r"_?(?:ftn|fn)(\d+)")
FOOTNOTE_LINK = re.compile(r"#_?(?:ftn|fn)(\d+)")
BACK_LINK = re.compile(r"#_?(?:ftnref|fnref)\d+")

WHITE_SPACE = re.compile(r"[ \t\n\r\f]+")


def _tag(element: etree._Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _class_role(element: etree._Element) -> str:
    for name in (element.get("class") or "").split():
        role = STYLE_ROLES.get(name.lower())
        if role:
            return role
    return ""


@dataclass
class _Paragraph:
    """A paragraph being collected; `italic` runs parallel to `pieces`."""

    where: str
    mark: Mark
    role: str
    pieces: list[Piece] = field(default_factory=list)
    italic: list[bool] = field(default_factory=list)

    def finish(self) -> MarkedParagraph:
        shown = [i for p, i in zip(self.pieces, self.italic, strict=True) if p.footnote or p.text.strip()]
        # ITU prints section headings in italics: a wholly italic paragraph
        # is one, unless a class name already said what it is.
        role = self.role or ("heading" if shown and all(shown) else "")
        return MarkedParagraph(tuple(self.pieces), self.where, self.mark, role)


class _Reader:
    """Walks the tree once, cutting paragraphs at every block boundary."""

    def __init__(self, marks: RevisionMarks, footnote_keys: set[str], source: str):
        self.marks = marks
        self.footnote_keys = footnote_keys
        self.source = source
        self.paragraphs: list[MarkedParagraph] = []
        self.current: _Paragraph | None = None
        # The innermost block's role and mark, for the paragraphs it opens.
        self.blocks: list[tuple[str, Mark]] = [("", "")]

    def read(self, element: etree._Element) -> tuple[MarkedParagraph, ...]:
        self.walk(element)
        self._flush()
        return tuple(self.paragraphs)

    def _flush(self) -> None:
        if self.current is not None and self.current.pieces:
            self.paragraphs.append(self.current.finish())
        self.current = None

    def _add(self, piece: Piece, element: etree._Element, italic: bool) -> None:
        if self.current is None:
            role, mark = self.blocks[-1]
            self.current = _Paragraph(f"line {element.sourceline or 1}", mark, role)
        self.current.pieces.append(piece)
        self.current.italic.append(italic)

    def _text(self, text: str | None, element: etree._Element, mark: Mark | None, italic: bool) -> None:
        if text and mark is not None:
            self._add(Piece(WHITE_SPACE.sub(" ", text), mark), element, italic)

    def _mark(self, tag: str) -> Mark:
        if tag == "ins" or (self.marks == RevisionMarks.FORMATTING and tag == "u"):
            return "ins"
        if tag == "del" or (self.marks == RevisionMarks.FORMATTING and tag in ("s", "strike")):
            return "del"
        return ""

    def walk(self, element: etree._Element, mark: Mark | None = "", italic: bool = False) -> None:
        """Read `element` and what it holds; `mark` None means text shown on
        neither side (inserted, then deleted)."""
        tag = _tag(element)
        inner = self._mark(tag)
        if inner and mark is not None:
            mark = None if mark and mark != inner else inner
        italic = italic or tag in ITALIC
        is_block = tag in BLOCKS
        if is_block:
            self._flush()
            self.blocks.append((_class_role(element), mark or ""))
        href = (element.get("href") or "") if tag == "a" else ""
        link = FOOTNOTE_LINK.fullmatch(href)
        if BACK_LINK.fullmatch(href):
            pass  # a footnote's link back to its reference
        elif link is not None:
            self._reference(element, link.group(1), mark)
        elif "mso-tab-count" in (element.get("style") or ""):
            if mark is not None:  # how Word exports a tab
                self._add(Piece("\t", mark), element, italic)
        elif tag == "br":
            self._text(" ", element, mark, italic)
        else:
            self._text(element.text, element, mark, italic)
            for child in element:
                if _readable(child):
                    self.walk(child, mark, italic)
                # The tail belongs to this element, under its marks.
                self._text(child.tail, element, mark, italic)
        if is_block:
            self._flush()
            self.blocks.pop()

    def _reference(self, element: etree._Element, key: str, mark: Mark | None) -> None:
        if key not in self.footnote_keys:
            raise ParseError(
                f"footnote reference [{key}] points to no footnote text on the page",
                where=f"line {element.sourceline or 1}",
                source=self.source,
            )
        if mark is not None:
            self._add(Piece("", mark, footnote=key), element, False)


def _readable(element: etree._Element) -> bool:
    if not isinstance(element.tag, str) or _tag(element) in SKIPPED:
        return False
    return FOOTNOTE_ID.fullmatch(element.get("id") or "") is None  # footnotes are read apart


def _encoding(data: bytes) -> str | None:
    """UTF-8 for a page that declares no charset but is valid UTF-8: libxml2
    would otherwise take it for Latin-1."""
    if re.search(rb"charset|encoding=", data[:4096], re.I) or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "utf-8"


def read_html(
    data: bytes, *, source: str = "", marks: RevisionMarks = RevisionMarks.TRACKED
) -> MarkedDocument:
    """The page's paragraphs and footnotes, marks included."""
    root = parse_html(data, source=source, encoding=_encoding(data))
    containers: dict[str, etree._Element] = {}
    for element in root.iter():
        match = FOOTNOTE_ID.fullmatch(element.get("id") or "") if isinstance(element.tag, str) else None
        if match is not None:
            containers.setdefault(match.group(1), element)
    keys = set(containers)
    footnotes = {key: _Reader(marks, keys, source).read(element) for key, element in containers.items()}
    paragraphs = _Reader(marks, keys, source).read(root)
    return MarkedDocument(paragraphs=paragraphs, footnotes=footnotes)
