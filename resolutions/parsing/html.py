"""Reading an HTML edition: a saved ITU web page or Word's "save as web page".

Paragraphs come from block elements (text directly inside a block that also
holds blocks forms a paragraph of its own, as a browser shows it). A
paragraph's role comes from Word's exported class names (class="Call") or,
failing that, from being italic throughout (ITU prints headings in italics).
<ins>/<del> are revision marks; Word's footnotes (<a href="#_ftn1"> and
<div id="ftn1">) become footnotes. The result is a MarkedDocument, as for
.docx, so both formats make their two sides the same way.

Lists number their items as a browser does, written as ITU prints them:
<ol type="a"> gives a), b) ...; type="i" i), ii) ...; type="1" (or none)
1, 2 ..., and a numbered list inside an item of a numbered list 2.1, 2.2 ...
(as annex paragraphs are numbered); `start`, `value` and an inline
list-style-type (none, lower-alpha, a quoted "–" ...) are honoured; <ul>
items are labelled "•" (or "–"). The label goes to an item's first
paragraph only, so that a second <p> in an <li> continues the item; an item
whose text already starts with its label (typed as well) keeps that one.
Items are counted on each side of a revision-marked page apart, as Word
renumbers a list once its changes are accepted. A <table> is one paragraph
of rows of cells; a table of one cell is a frame and reads as its
paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from resolutions.document import ParseError, normalize_space
from resolutions.parsing import revisions
from resolutions.parsing.conventions import BULLET, STYLE_ROLES, RevisionMarks, bullet_label
from resolutions.parsing.docx import format_number
from resolutions.parsing.revisions import Mark, MarkedDocument, MarkedParagraph, MarkedRow, Piece
from resolutions.parsing.safety import Limits, parse_html

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

# A list's numbering: the type attribute, or an inline list-style-type.
LIST_TYPES = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}
LIST_STYLE_TYPES = {
    "decimal": "decimal",
    "lower-alpha": "lowerLetter",
    "lower-latin": "lowerLetter",
    "upper-alpha": "upperLetter",
    "upper-latin": "upperLetter",
    "lower-roman": "lowerRoman",
    "upper-roman": "upperRoman",
    "none": "none",
    "disc": "bullet",
    "circle": "bullet",
    "square": "bullet",
}
LIST_STYLE = re.compile(
    r"list-style(?:-type)?\s*:\s*(?:(?P<keyword>[a-z-]+)|[\"'](?P<string>[^\"']*)[\"'])", re.IGNORECASE
)
TABLE_SECTIONS = {"thead", "tbody", "tfoot"}


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
    numbering: tuple[str, int] | None = None
    pieces: list[Piece] = field(default_factory=list)
    italic: list[bool] = field(default_factory=list)

    def finish(self) -> MarkedParagraph:
        shown = [i for p, i in zip(self.pieces, self.italic, strict=True) if p.footnote or p.text.strip()]
        # ITU prints section headings in italics: a wholly italic paragraph
        # is one, unless a class name already said what it is.
        role = self.role or ("heading" if shown and all(shown) else "")
        # HTML cannot mark a paragraph itself, least of all an item of a
        # list (<ins> may not hold an <li>): a paragraph wholly inserted
        # (deleted) is an inserted (deleted) paragraph, so that the other
        # side neither shows nor counts it.
        mark = self.mark or revisions.whole_mark(self.pieces)
        return MarkedParagraph(tuple(self.pieces), self.where, mark, role, self.numbering)


@dataclass(frozen=True)
class _List:
    """One <ol> or <ul>: how its items are labelled, where it counts from,
    and the list whose item holds it (for 2.1 under 2)."""

    format: str  # a w:numFmt name: "decimal", "lowerLetter", ..., "bullet", "none"
    start: int
    parent: str | None
    character: str = BULLET  # a bullet list's label


# An item's numbering key is (list key, explicit value): value 0 means the
# item counts on from the one before, UNLABELLED that it counts but shows
# no label (list-style-type: none on the item).
UNLABELLED = -1


class _Lists:
    """The page's lists, and the labels their items show on one side."""

    def __init__(self) -> None:
        self.lists: dict[str, _List] = {}

    def add(self, found: _List) -> str:
        key = str(len(self.lists))
        self.lists[key] = found
        return key

    def labels(self, paragraphs: list[MarkedParagraph]) -> list[str]:
        counts: dict[str, int] = {}
        shown: dict[str, str] = {}  # list key -> the label of its latest item
        result: list[str] = []
        for paragraph in paragraphs:
            found = self.lists.get(paragraph.numbering[0]) if paragraph.numbering else None
            if found is None or paragraph.numbering is None:
                result.append("")
                continue
            key, value = paragraph.numbering
            counts[key] = value if value > 0 else counts.get(key, found.start - 1) + 1
            label = "" if value == UNLABELLED else self._render(found, counts[key], shown)
            shown[key] = label
            typed = "".join(p.text for p in paragraph.pieces).lstrip()
            if label and normalize_space(typed).startswith(f"{label} "):
                label = ""  # typed in the text as well
            result.append(label)
        return result

    def _render(self, found: _List, n: int, shown: dict[str, str]) -> str:
        if found.format == "bullet":
            return found.character
        if found.format == "none":
            return ""
        number = format_number(n, found.format)
        if found.format != "decimal":
            return f"{number})"
        parent = self.lists.get(found.parent or "")
        if parent is not None and parent.format == "decimal" and shown.get(found.parent or ""):
            return f"{shown[found.parent or '']}.{number}"
        return number


def _list_format(element: etree._Element, tag: str) -> tuple[str, str]:
    """(numFmt, bullet character) of an <ol>/<ul>/<li>; ("", "") when it
    says nothing."""
    style = LIST_STYLE.search(element.get("style") or "")
    if style is not None and style["string"] is not None:
        character = bullet_label(style["string"])
        return ("bullet", character) if character else ("none", "")
    if style is not None and style["keyword"].lower() in LIST_STYLE_TYPES:
        return LIST_STYLE_TYPES[style["keyword"].lower()], BULLET
    kind = element.get("type") or ""
    if tag == "ol" and kind in LIST_TYPES:
        return LIST_TYPES[kind], ""
    if tag == "ul" and kind.lower() in LIST_STYLE_TYPES:
        return "bullet", BULLET
    return "", ""


def _number(value: str | None) -> int:
    """A start or value attribute, within Word's own range of numbers."""
    try:
        return min(max(int((value or "").strip()), 0), 32767)
    except ValueError:
        return 0


class _Reader:
    """Walks the tree once, cutting paragraphs at every block boundary."""

    def __init__(
        self, marks: RevisionMarks, footnote_keys: set[str], source: str, limits: Limits, lists: _Lists
    ):
        self.marks = marks
        self.footnote_keys = footnote_keys
        self.source = source
        self.limits = limits
        self.lists = lists
        self.paragraphs: list[MarkedParagraph] = []
        self.current: _Paragraph | None = None
        # The innermost block's role and mark, for the paragraphs it opens.
        self.blocks: list[tuple[str, Mark]] = [("", "")]
        # The lists the walk is inside (keys of self.lists), innermost last,
        # and the numbering the next paragraph takes (an item's first).
        self.open_lists: list[str] = []
        self.item: tuple[str, int] | None = None
        # Inside a table cell, a table reads as its cells' paragraphs.
        self.in_cell = False

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
            self.current = _Paragraph(f"line {element.sourceline or 1}", mark, role, self.item)
            self.item = None
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
        if tag == "table" and not self.in_cell:
            self._table(element, mark)
            return
        is_block = tag in BLOCKS
        if is_block:
            self._flush()
            self.blocks.append((_class_role(element), mark or ""))
        if tag in ("ol", "ul"):
            self._open_list(element, tag)
        elif tag == "li":
            self._open_item(element)
        self._content(element, tag, mark, italic)
        if is_block:
            self._flush()
            self.blocks.pop()
        if tag in ("ol", "ul"):
            self.open_lists.pop()
        if tag == "li":
            self.item = None  # an item without text of its own labels nothing

    def _content(self, element: etree._Element, tag: str, mark: Mark | None, italic: bool) -> None:
        """What `element` shows: a footnote reference, a tab, a line break,
        or its text and children."""
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

    def _open_list(self, element: etree._Element, tag: str) -> None:
        where = f"line {element.sourceline or 1}"
        if len(self.open_lists) >= self.limits.max_depth:
            raise ParseError(
                f"the lists nest deeper than the {self.limits.max_depth} levels allowed",
                where=where,
                source=self.source,
            )
        number_format, character = _list_format(element, tag)
        if not number_format:
            number_format, character = ("decimal", "") if tag == "ol" else ("bullet", BULLET)
        start = _number(element.get("start")) if element.get("start") is not None else 1
        parent = self.open_lists[-1] if self.open_lists else None
        self.open_lists.append(self.lists.add(_List(number_format, start, parent, character or BULLET)))

    def _open_item(self, element: etree._Element) -> None:
        if not self.open_lists:
            return  # an item outside any list shows no label
        value = _number(element.get("value")) if element.get("value") is not None else 0
        if _list_format(element, "li")[0] == "none":
            value = UNLABELLED
        self.item = (self.open_lists[-1], value)

    def _table(self, element: etree._Element, mark: Mark | None) -> None:
        """A table as one paragraph of rows, each cell read as paragraphs of
        its own (a table inside a cell gives its cells' paragraphs)."""
        self._flush()
        where = f"line {element.sourceline or 1}"
        outer, item = self.paragraphs, self.item
        rows: list[MarkedRow] = []
        count = 0
        self.in_cell = True
        for row in _table_rows(element):
            cells = []
            for cell in row:
                if _tag(cell) not in ("td", "th"):
                    continue
                count += 1
                self.limits.check_table_cells(count, where=where, source=self.source)
                self.paragraphs, self.item = [], None
                self.walk(cell, mark)
                self._flush()
                length = sum(len(piece.text) for p in self.paragraphs for piece in p.pieces)
                if length > self.limits.max_clause_chars:
                    raise ParseError(
                        f"a cell of the table has {length:,} characters, more than the "
                        f"{self.limits.max_clause_chars:,} allowed for one clause",
                        where=where,
                        source=self.source,
                    )
                cells.append(tuple(self.paragraphs))
            # HTML cannot mark a row: one whose paragraphs are all
            # inserted (deleted) is an inserted (deleted) row.
            rows.append(MarkedRow(tuple(cells), revisions.common_mark(p for cell in cells for p in cell)))
        self.in_cell = False
        self.paragraphs, self.item = outer, item
        if len(rows) == 1 and len(rows[0].cells) == 1:
            self.paragraphs.extend(rows[0].cells[0])  # a frame around paragraphs, not a table
        elif rows:
            self.paragraphs.append(MarkedParagraph((), where, rows=tuple(rows)))

    def _reference(self, element: etree._Element, key: str, mark: Mark | None) -> None:
        if key not in self.footnote_keys:
            raise ParseError(
                f"footnote reference [{key}] points to no footnote text on the page",
                where=f"line {element.sourceline or 1}",
                source=self.source,
            )
        if mark is not None:
            self._add(Piece("", mark, footnote=key), element, False)


def _table_rows(table: etree._Element) -> list[etree._Element]:
    """The table's own rows, through <thead>, <tbody> and <tfoot>."""
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in TABLE_SECTIONS:
            rows.extend(row for row in child if _tag(row) == "tr")
    return rows


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
    data: bytes,
    *,
    source: str = "",
    marks: RevisionMarks = RevisionMarks.TRACKED,
    limits: Limits | None = None,
) -> MarkedDocument:
    """The page's paragraphs and footnotes, marks included."""
    limits = limits or Limits()
    lists = _Lists()
    root = parse_html(data, source=source, encoding=_encoding(data))
    containers: dict[str, etree._Element] = {}
    for element in root.iter():
        match = FOOTNOTE_ID.fullmatch(element.get("id") or "") if isinstance(element.tag, str) else None
        if match is not None:
            containers.setdefault(match.group(1), element)
    keys = set(containers)
    footnotes = {
        key: _Reader(marks, keys, source, limits, lists).read(element) for key, element in containers.items()
    }
    paragraphs = _Reader(marks, keys, source, limits, lists).read(root)
    return MarkedDocument(paragraphs=paragraphs, footnotes=footnotes, labels=lists.labels)
