"""Reading a Word .docx, tracked changes included.

python-docx drops revision marks, so the package is read with zipfile and
lxml directly (through resolutions.parsing.safety). The result is a
MarkedDocument: paragraphs whose runs are unchanged, inserted or deleted,
with their role from ITU's paragraph styles and their automatic number from
word/numbering.xml; resolutions.parsing.revisions makes the two sides of it.

Automatic numbers are counted as Word counts them: one counter per level of
an abstract list definition, shared by every list instance (w:num) that uses
it, so that a second instance continues the first unless it overrides the
start (which is how Word's "Restart numbering" writes it); a level restarts
when a shallower one counts (w:lvlRestart may say which, or never); a style
may carry the numbering and pick its level (w:lvl/w:pStyle). A bullet's
label is its character, a dash "–" or a bullet "•", as the text layout
writes it. A table (w:tbl) is one paragraph of rows of cells; a table of a
single cell is a frame around paragraphs and reads as those paragraphs.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from resolutions.document import ParseError
from resolutions.parsing.conventions import SKIPPED_STYLES, STYLE_ROLES, RevisionMarks, bullet_label
from resolutions.parsing.revisions import (
    Mark,
    MarkedDocument,
    MarkedParagraph,
    MarkedRow,
    Piece,
    common_mark,
    whole_mark,
)
from resolutions.parsing.safety import Limits, SafeZip, parse_xml
from resolutions.parsing.structure import letters

DOCUMENT = "word/document.xml"
STYLES = "word/styles.xml"
NUMBERING = "word/numbering.xml"
FOOTNOTES = "word/footnotes.xml"
CONTENT_TYPES = "[Content_Types].xml"

# Transitional OOXML (what Word writes) and Strict OOXML name the same
# vocabulary differently; everything below works on local names once the
# document's namespace is known to be one of these.
W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)

# Elements that only group runs: their content reads as if they were absent.
TRANSPARENT = {"hyperlink", "smartTag", "sdt", "sdtContent", "fldSimple", "customXml", "dir", "bdo"}
INSERTED = {"ins", "moveTo"}
DELETED = {"del", "moveFrom"}
# Footnotes Word keeps for its own layout, not written by the author.
SPECIAL_FOOTNOTES = {"separator", "continuationSeparator", "continuationNotice"}
OFF = {"0", "false", "off", "none"}


def _local(element: etree._Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


@dataclass
class _Context:
    w: str  # the WordprocessingML namespace, braced
    marks: RevisionMarks
    source: str
    footnote_ids: set[str] = field(default_factory=set)

    def attr(self, element: etree._Element, name: str) -> str | None:
        return element.get(f"{self.w}{name}")

    def val(self, element: etree._Element | None) -> str:
        """An element's w:val, "" when the element or the attribute is absent."""
        return (self.attr(element, "val") or "") if element is not None else ""

    def child(self, element: etree._Element | None, name: str) -> etree._Element | None:
        return None if element is None else element.find(f"{self.w}{name}")


def _combine(outer: Mark, inner: Mark) -> Mark | None:
    """Nested marks: text inserted and then deleted shows on neither side."""
    if outer and inner and outer != inner:
        return None
    return outer or inner


def _is_on(ctx: _Context, element: etree._Element | None) -> bool:
    if element is None:
        return False
    return ctx.val(element).lower() not in OFF


def _formatting_mark(ctx: _Context, run_properties: etree._Element | None) -> Mark:
    """ITU's proposal convention: underline inserts, strike-through deletes."""
    if ctx.marks != RevisionMarks.FORMATTING or run_properties is None:
        return ""
    if _is_on(ctx, ctx.child(run_properties, "strike")) or _is_on(ctx, ctx.child(run_properties, "dstrike")):
        return "del"
    if _is_on(ctx, ctx.child(run_properties, "u")):
        return "ins"
    return ""


def _run(ctx: _Context, run: etree._Element, mark: Mark, out: list[Piece]) -> None:
    properties = ctx.child(run, "rPr")
    if _is_on(ctx, ctx.child(properties, "vanish")):
        return  # hidden text is not part of what the reader sees
    combined = _combine(mark, _formatting_mark(ctx, properties))
    if combined is None:
        return
    for child in run:
        name = _local(child)
        if name in ("t", "delText"):
            out.append(Piece(child.text or "", combined))
        elif name in ("tab", "ptab"):
            out.append(Piece("\t", combined))
        elif name in ("br", "cr"):
            out.append(Piece(" ", combined))
        elif name == "noBreakHyphen":
            out.append(Piece("-", combined))
        elif name == "footnoteReference":
            key = ctx.attr(child, "id") or ""
            if key not in ctx.footnote_ids:
                raise ParseError(
                    f"a footnote reference points to footnote id {key!r}, which {FOOTNOTES} does not hold",
                    where=DOCUMENT,
                    source=ctx.source,
                )
            out.append(Piece("", combined, footnote=key))
        # w:sym, w:instrText (field codes), w:footnoteRef (a footnote's own
        # number), drawings and the rest carry no text of the resolution.


def _content(ctx: _Context, element: etree._Element, mark: Mark, out: list[Piece]) -> None:
    for child in element:
        name = _local(child)
        if name == "r":
            _run(ctx, child, mark, out)
        elif name in INSERTED or name in DELETED:
            inner = _combine(mark, "ins" if name in INSERTED else "del")
            if inner is not None:
                _content(ctx, child, inner, out)
        elif name in TRANSPARENT:
            _content(ctx, child, mark, out)


def _paragraph_mark(ctx: _Context, paragraph: etree._Element, pieces: list[Piece]) -> Mark:
    mark_properties = ctx.child(ctx.child(paragraph, "pPr"), "rPr")
    if ctx.child(mark_properties, "del") is not None:
        return "del"
    if ctx.child(mark_properties, "ins") is not None:
        return "ins"
    if ctx.marks == RevisionMarks.FORMATTING:
        # Nobody formats a paragraph mark on purpose: a paragraph whose whole
        # text is underlined (struck) is an inserted (deleted) paragraph.
        return whole_mark(pieces)
    return ""


def _in_text_box(paragraph: etree._Element) -> bool:
    return any(_local(ancestor) == "txbxContent" for ancestor in paragraph.iterancestors())


# ---------------------------------------------------------------- styles


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str
    numbering: tuple[str | None, int | None]


def _numbering_properties(ctx: _Context, properties: etree._Element | None) -> tuple[str | None, int | None]:
    numbering = ctx.child(properties, "numPr")
    if numbering is None:
        return None, None
    num_id = ctx.child(numbering, "numId")
    level = ctx.val(ctx.child(numbering, "ilvl"))
    return (ctx.val(num_id) if num_id is not None else None, int(level) if level.isdigit() else None)


def _styles(ctx: _Context, root: etree._Element | None, kind: str = "paragraph") -> dict[str, _Style]:
    """The styles of one type ("paragraph", or "numbering" for list styles)."""
    if root is None:
        return {}
    styles: dict[str, _Style] = {}
    for style in root.iter(f"{ctx.w}style"):
        style_id = ctx.attr(style, "styleId")
        if not style_id or (ctx.attr(style, "type") or "paragraph") != kind:
            continue
        styles[style_id] = _Style(
            name=ctx.val(ctx.child(style, "name")),
            based_on=ctx.val(ctx.child(style, "basedOn")),
            numbering=_numbering_properties(ctx, ctx.child(style, "pPr")),
        )
    return styles


def _style_chain(styles: dict[str, _Style], style_id: str) -> Iterable[tuple[str, _Style | None]]:
    """The style and those it is based on; a cycle in basedOn stops it."""
    seen: set[str] = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        style = styles.get(style_id)
        yield style_id, style
        style_id = style.based_on if style else ""


def _key(name: str) -> str:
    return re.sub(r"\s+", "", name).lower()


def _role(styles: dict[str, _Style], style_id: str) -> str:
    for chain_id, style in _style_chain(styles, style_id):
        for candidate in (style.name if style else "", chain_id):
            role = STYLE_ROLES.get(_key(candidate))
            if role:
                return role
    return ""


def _skipped(styles: dict[str, _Style], style_id: str) -> bool:
    """Whether the paragraph's style (or one it is based on) is one whose
    paragraphs are not the resolution's text (conventions.SKIPPED_STYLES)."""
    return any(
        _key(candidate) in SKIPPED_STYLES
        for chain_id, style in _style_chain(styles, style_id)
        for candidate in (style.name if style else "", chain_id)
    )


def _paragraph_numbering(
    ctx: _Context, styles: dict[str, _Style], properties: etree._Element | None, numbering: Numbering
) -> tuple[str, int] | None:
    """The list and level of a paragraph with these properties (w:pPr)."""
    style_id = ctx.val(ctx.child(properties, "pStyle"))
    num_id, level = _numbering_properties(ctx, properties)
    chain = list(_style_chain(styles, style_id))
    for _, style in chain:
        if style is not None:
            num_id = num_id if num_id is not None else style.numbering[0]
            level = level if level is not None else style.numbering[1]
    if num_id is None or num_id == "0":  # numId 0 is Word's "numbering removed"
        return None
    # A list level may name the style it numbers: the paragraph's own style
    # first, then those it is based on (Heading 2 takes its list from
    # Heading 1 but its level from itself).
    for chain_id, _ in chain if level is None else ():
        level = numbering.level_of_style(num_id, chain_id)
        if level is not None:
            break
    return num_id, level or 0


# ---------------------------------------------------------------- numbering


# The longest number Word can show is the letters of its largest counter
# (32767: "xxx...", 1,261 letters); a level text that repeats "%1" makes
# longer ones, which only a hostile file has.
MAX_LABEL = 2_000


@dataclass(frozen=True)
class _Level:
    format: str
    text: str
    start: int
    # w:lvlRestart: the 1-based level whose counting restarts this one;
    # None for Word's default (any shallower level), 0 for never.
    restart: int | None = None
    # w:isLgl: every number in this level's text is shown in decimal.
    legal: bool = False
    # w:pStyle: the paragraph style this level belongs to.
    style: str = ""
    # w:lvlPicBulletId: a picture bullet, whose w:lvlText may be empty.
    picture: bool = False


def _roman(n: int) -> str:
    result = ""
    for value, numeral in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        count, n = divmod(n, value)
        result += numeral * count
    return result


def format_number(n: int, number_format: str) -> str:
    """A counter as Word displays it in the given w:numFmt."""
    if number_format in ("lowerLetter", "upperLetter"):
        letter = letters(n) if n > 0 else ""
        return letter.upper() if number_format == "upperLetter" else letter
    if number_format in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman.upper() if number_format == "upperRoman" else roman
    if number_format == "decimalZero":
        return f"{n:02d}"
    return str(n)


@dataclass(frozen=True)
class _List:
    """One list instance (w:num): the abstract definition it counts in, its
    levels (overrides applied) and the levels whose start it overrides."""

    abstract: str
    levels: dict[int, _Level]
    restarts: frozenset[int] = frozenset()


class Numbering:
    """word/numbering.xml: the numbers Word shows before paragraphs (see the
    module docstring for how they are counted)."""

    def __init__(
        self,
        ctx: _Context | None = None,
        root: etree._Element | None = None,
        list_styles: dict[str, _Style] | None = None,
    ):
        self._lists: dict[str, _List] = {}
        self._source = ctx.source if ctx is not None else ""
        if ctx is None or root is None:
            return
        abstract: dict[str, dict[int, _Level]] = {}
        links: dict[str, str] = {}  # abstractNumId -> the list style it takes its levels from
        for definition in root.iter(f"{ctx.w}abstractNum"):
            key = ctx.attr(definition, "abstractNumId") or ""
            abstract[key] = self._levels(ctx, definition)
            link = ctx.val(ctx.child(definition, "numStyleLink"))
            if link:
                links[key] = link
        instances = {ctx.attr(instance, "numId") or "": instance for instance in root.iter(f"{ctx.w}num")}
        for num_id, instance in instances.items():
            key = ctx.val(ctx.child(instance, "abstractNumId"))
            # A list defined by a list style: its levels are those of the
            # list the style points to (one step; Word allows no chains).
            style = (list_styles or {}).get(links.get(key, ""))
            target = instances.get(style.numbering[0] or "") if style is not None else None
            if target is not None:
                key = ctx.val(ctx.child(target, "abstractNumId"))
            self._lists[num_id] = self._instance(ctx, instance, key, abstract.get(key, {}))

    @classmethod
    def _instance(
        cls, ctx: _Context, instance: etree._Element, abstract_id: str, abstract: dict[int, _Level]
    ) -> _List:
        """A w:num: its abstract list's levels with its overrides applied."""
        levels = dict(abstract)
        restarts: set[int] = set()
        for override in instance.iter(f"{ctx.w}lvlOverride"):
            level = _int(ctx.attr(override, "ilvl"), 0)
            if ctx.child(override, "lvl") is not None:
                levels.update(cls._levels(ctx, override))
                restarts.add(level)
            start = ctx.child(override, "startOverride")
            if start is not None and level in levels:
                levels[level] = dataclasses.replace(levels[level], start=_int(ctx.val(start), 1))
                restarts.add(level)
        return _List(abstract_id, levels, frozenset(restarts))

    @staticmethod
    def _levels(ctx: _Context, parent: etree._Element) -> dict[int, _Level]:
        levels: dict[int, _Level] = {}
        for level in parent.findall(f"{ctx.w}lvl"):
            number_format = ctx.child(level, "numFmt")
            restart = ctx.child(level, "lvlRestart")
            levels[_int(ctx.attr(level, "ilvl"), 0)] = _Level(
                format=ctx.val(number_format) or "decimal",
                text=ctx.val(ctx.child(level, "lvlText")),
                start=_int(ctx.val(ctx.child(level, "start")), 1),
                restart=_int(ctx.val(restart), 0) if restart is not None else None,
                legal=_is_on(ctx, ctx.child(level, "isLgl")),
                style=ctx.val(ctx.child(level, "pStyle")),
                picture=ctx.child(level, "lvlPicBulletId") is not None,
            )
        return levels

    def level_of_style(self, num_id: str, style_id: str) -> int | None:
        """The level a paragraph style is tied to in a list (w:lvl/w:pStyle)."""
        found = self._lists.get(num_id)
        levels = found.levels if found is not None else {}
        return next((number for number, level in sorted(levels.items()) if level.style == style_id), None)

    def labels(self, paragraphs: list[MarkedParagraph]) -> list[str]:
        counters: dict[str, dict[int, int]] = {}  # abstractNumId -> level -> count
        started: set[tuple[str, int]] = set()  # (numId, level) whose start override was applied
        result: list[str] = []
        for paragraph in paragraphs:
            found = self._lists.get(paragraph.numbering[0]) if paragraph.numbering else None
            if found is None or paragraph.numbering is None or paragraph.numbering[1] not in found.levels:
                result.append("")
                continue
            num_id, level = paragraph.numbering
            counts = counters.setdefault(found.abstract, {})
            if level in found.restarts and (num_id, level) not in started:
                started.add((num_id, level))
                counts.pop(level, None)
            counts[level] = counts.get(level, found.levels[level].start - 1) + 1
            for deeper in [lvl for lvl in counts if lvl > level]:
                if _restarts(found.levels.get(deeper), deeper, level):
                    del counts[deeper]
            label = self._render(found.levels, level, counts)
            if len(label) > MAX_LABEL:
                raise ParseError(
                    f"the automatic number of this paragraph is {len(label):,} characters long "
                    f"(word/numbering.xml), more than the {MAX_LABEL:,} a number may have",
                    where=paragraph.where,
                    source=self._source,
                )
            result.append(label)
        return result

    @staticmethod
    def _render(levels: dict[int, _Level], level: int, counts: dict[int, int]) -> str:
        shown = levels[level]
        if shown.format == "bullet":
            return bullet_label(shown.text or ("\u2022" if shown.picture else ""))
        if shown.format == "none":
            return ""

        def placeholder(match: re.Match[str]) -> str:
            referenced = int(match.group(1)) - 1
            other = levels.get(referenced, shown)
            number_format = "decimal" if shown.legal and other.format != "bullet" else other.format
            return format_number(counts.get(referenced, other.start), number_format)

        return re.sub(r"%([1-9])", placeholder, shown.text).strip()


def _restarts(deeper: _Level | None, deeper_level: int, counted: int) -> bool:
    """Whether counting at level `counted` restarts `deeper` (w:lvlRestart:
    a 1-based level, 0 for never; one deeper than itself is ignored)."""
    restart = deeper.restart if deeper is not None else None
    if restart is None or restart > deeper_level:
        return True
    return restart != 0 and counted < restart


def _int(value: str | None, default: int) -> int:
    """An integer attribute, kept within Word's own range (0..32767) so that a
    hostile start value cannot make a label millions of letters long."""
    try:
        return min(max(int(value), 0), 32767) if value else default
    except ValueError:
        return default


# ---------------------------------------------------------------- package


def check_package(package: SafeZip, source: str) -> None:
    """A plain Word document: not macro-enabled, with a main part."""
    content_types = package.read(CONTENT_TYPES) if package.has(CONTENT_TYPES) else b""
    has_macros = any(name.lower().endswith("vbaproject.bin") for name in package.names())
    if has_macros or b"macroenabled" in content_types.lower():
        raise ParseError(
            "this is a macro-enabled Word file (.docm): save it as a plain .docx (Word Document)",
            source=source,
        )
    if not package.has(DOCUMENT):
        raise ParseError(f"this zip archive is not a Word document: it has no {DOCUMENT}", source=source)


def _optional_part(package: SafeZip, name: str, source: str) -> etree._Element | None:
    return parse_xml(package.read(name), where=name, source=source) if package.has(name) else None


class _Blocks:
    """Reads a container's block content (paragraphs and tables) in order.

    Paragraphs are numbered as they stand in the part, table cells and text
    boxes included, so that "paragraph 40" is the 40th w:p whatever holds it.
    """

    def __init__(
        self,
        ctx: _Context,
        styles: dict[str, _Style],
        numbering: Numbering,
        limits: Limits,
        container: etree._Element,
        where: str,
    ):
        self.ctx = ctx
        self.styles = styles
        self.numbering = numbering
        self.limits = limits
        self.where = where
        self.numbers = {p: n for n, p in enumerate(container.iter(f"{ctx.w}p"), start=1)}

    def read(self, container: etree._Element, *, tables: bool = True) -> tuple[MarkedParagraph, ...]:
        """`tables` False reads a table as the paragraphs of its cells."""
        result: list[MarkedParagraph] = []
        for child in container:
            name = _local(child)
            if name == "p":
                paragraph = self.paragraph(child)
                if paragraph is not None:
                    result.append(paragraph)
            elif name == "tbl":
                result.extend(self.table(child) if tables else self._cell_paragraphs(child))
            elif name in TRANSPARENT:
                result.extend(self.read(child, tables=tables))
        return tuple(result)

    def _cell_paragraphs(self, table: etree._Element) -> list[MarkedParagraph]:
        return [
            p for row in self._rows(table) for cell in self._cells(row) for p in self.read(cell, tables=False)
        ]

    def _where(self, element: etree._Element) -> str:
        first = element if _local(element) == "p" else next(element.iter(f"{self.ctx.w}p"), None)
        return f"{self.where} {self.numbers[first]}" if first is not None else self.where

    def paragraph(self, paragraph: etree._Element) -> MarkedParagraph | None:
        ctx = self.ctx
        if _in_text_box(paragraph):
            return None  # text boxes are layout, not the resolution's text
        style_id = ctx.val(ctx.child(ctx.child(paragraph, "pPr"), "pStyle"))
        if _skipped(self.styles, style_id):
            return None
        pieces: list[Piece] = []
        _content(ctx, paragraph, "", pieces)
        where = self._where(paragraph)
        properties = ctx.child(paragraph, "pPr")
        numbering = _paragraph_numbering(ctx, self.styles, properties, self.numbering)
        # A tracked change of the paragraph's properties (w:pPrChange) keeps
        # the properties before it: a level or list changed with tracking.
        before = ctx.child(ctx.child(properties, "pPrChange"), "pPr")
        numbering_before = (
            _paragraph_numbering(ctx, self.styles, before, self.numbering)
            if before is not None
            else numbering
        )
        for shown in (numbering, numbering_before):
            if shown is not None and shown[1] >= self.limits.max_depth:
                raise ParseError(
                    f"the paragraph is numbered at level {shown[1] + 1}, deeper than the "
                    f"{self.limits.max_depth} levels allowed",
                    where=where,
                    source=ctx.source,
                )
        return MarkedParagraph(
            pieces=tuple(pieces),
            where=where,
            mark=_paragraph_mark(ctx, paragraph, pieces),
            role=_role(self.styles, style_id),
            numbering=numbering,
            numbering_before=numbering_before,
        )

    def _rows(self, table: etree._Element) -> list[etree._Element]:
        return _children(table, "tr")

    def _cells(self, row: etree._Element) -> list[etree._Element]:
        return _children(row, "tc")

    def table(self, table: etree._Element) -> list[MarkedParagraph]:
        ctx = self.ctx
        where = self._where(table)
        rows: list[MarkedRow] = []
        count = 0
        for row in self._rows(table):
            cells = []
            for cell in self._cells(row):
                count += 1
                self.limits.check_table_cells(count, where=where, source=ctx.source)
                merge = ctx.child(ctx.child(cell, "tcPr"), "vMerge")
                paragraphs = self.read(cell, tables=False)
                if merge is not None and ctx.val(merge) != "restart":
                    paragraphs = ()  # the lower part of a merged cell shows nothing of its own
                self._check_cell(paragraphs, where)
                cells.append(paragraphs)
            rows.append(MarkedRow(tuple(cells), self._row_mark(row, cells)))
        if len(rows) == 1 and len(rows[0].cells) == 1:
            return list(rows[0].cells[0])  # a frame around paragraphs, not a table
        return [MarkedParagraph((), where, rows=tuple(rows))] if rows else []

    def _check_cell(self, paragraphs: tuple[MarkedParagraph, ...], where: str) -> None:
        length = sum(len(piece.text) for p in paragraphs for piece in p.pieces)
        if length > self.limits.max_clause_chars:
            raise ParseError(
                f"a cell of the table has {length:,} characters, more than the "
                f"{self.limits.max_clause_chars:,} allowed for one clause",
                where=where,
                source=self.ctx.source,
            )

    def _row_mark(self, row: etree._Element, cells: list[tuple[MarkedParagraph, ...]]) -> Mark:
        properties = self.ctx.child(row, "trPr")
        if self.ctx.child(properties, "del") is not None:
            return "del"
        if self.ctx.child(properties, "ins") is not None:
            return "ins"
        if self.ctx.marks == RevisionMarks.FORMATTING:
            # As for a paragraph: a row wholly underlined (struck) is an
            # inserted (deleted) row.
            return common_mark(p for cell in cells for p in cell)
        return ""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    """The `name` children of `element`, looking through content controls
    and custom XML that wrap rows or cells."""
    result = []
    for child in element:
        local = _local(child)
        if local == name:
            result.append(child)
        elif local in TRANSPARENT:
            result.extend(_children(child, name))
    return result


def read_docx(
    data: bytes,
    *,
    source: str = "",
    marks: RevisionMarks = RevisionMarks.TRACKED,
    limits: Limits | None = None,
) -> MarkedDocument:
    """The document's paragraphs, footnotes and numbering, marks included."""
    package = SafeZip(data, limits or Limits(), source=source)
    check_package(package, source)
    document = parse_xml(package.read(DOCUMENT), where=DOCUMENT, source=source)
    namespace = etree.QName(document).namespace
    if namespace not in W_NAMESPACES:
        raise ParseError(
            f"the main part is not WordprocessingML ({namespace})", where=DOCUMENT, source=source
        )
    ctx = _Context(w=f"{{{namespace}}}", marks=marks, source=source)
    limits = limits or Limits()
    styles_root = _optional_part(package, STYLES, source)
    styles = _styles(ctx, styles_root)
    numbering = Numbering(
        ctx, _optional_part(package, NUMBERING, source), _styles(ctx, styles_root, "numbering")
    )

    footnotes: dict[str, tuple[MarkedParagraph, ...]] = {}
    notes_root = _optional_part(package, FOOTNOTES, source)
    if notes_root is not None:
        ctx.footnote_ids = {
            ctx.attr(note, "id") or ""
            for note in notes_root.iter(f"{ctx.w}footnote")
            if ctx.attr(note, "type") not in SPECIAL_FOOTNOTES
        }
        for note in notes_root.iter(f"{ctx.w}footnote"):
            key = ctx.attr(note, "id") or ""
            if key in ctx.footnote_ids:
                reader = _Blocks(ctx, styles, numbering, limits, note, f"footnote {key}, paragraph")
                footnotes[key] = reader.read(note, tables=False)

    body = ctx.child(document, "body")
    if body is None:
        raise ParseError("the document has no body", where=DOCUMENT, source=source)
    return MarkedDocument(
        paragraphs=_Blocks(ctx, styles, numbering, limits, body, "paragraph").read(body),
        footnotes=footnotes,
        labels=numbering.labels,
    )
