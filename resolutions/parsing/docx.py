"""Reading a Word .docx, tracked changes included.

python-docx drops revision marks, so the package is read with zipfile and
lxml directly (through resolutions.parsing.safety). The result is a
MarkedDocument: paragraphs whose runs are unchanged, inserted or deleted,
with their role from ITU's paragraph styles and their automatic number from
word/numbering.xml; resolutions.parsing.revisions makes the two sides of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from resolutions.document import ParseError
from resolutions.parsing.conventions import STYLE_ROLES, RevisionMarks
from resolutions.parsing.revisions import Mark, MarkedDocument, MarkedParagraph, Piece
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
        marks = {piece.mark for piece in pieces if piece.footnote or piece.text.strip()}
        if len(marks) == 1 and "" not in marks:
            return marks.pop()
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


def _styles(ctx: _Context, root: etree._Element | None) -> dict[str, _Style]:
    if root is None:
        return {}
    styles: dict[str, _Style] = {}
    for style in root.iter(f"{ctx.w}style"):
        style_id = ctx.attr(style, "styleId")
        if not style_id or ctx.attr(style, "type") not in (None, "paragraph"):
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


def _paragraph_numbering(
    ctx: _Context, styles: dict[str, _Style], paragraph: etree._Element, style_id: str
) -> tuple[str, int] | None:
    num_id, level = _numbering_properties(ctx, ctx.child(paragraph, "pPr"))
    for _, style in _style_chain(styles, style_id):
        if style is not None:
            num_id = num_id if num_id is not None else style.numbering[0]
            level = level if level is not None else style.numbering[1]
    if num_id is None or num_id == "0":  # numId 0 is Word's "numbering removed"
        return None
    return num_id, level or 0


# ---------------------------------------------------------------- numbering


@dataclass(frozen=True)
class _Level:
    format: str
    text: str
    start: int


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


class Numbering:
    """word/numbering.xml, enough of it to show the numbers a reader sees in
    the simple cases: one counter per list (numId) and level, deeper levels
    restarting when a shallower one counts."""

    def __init__(self, ctx: _Context | None = None, root: etree._Element | None = None):
        self._lists: dict[str, dict[int, _Level]] = {}
        if ctx is None or root is None:
            return
        abstract: dict[str, dict[int, _Level]] = {}
        for definition in root.iter(f"{ctx.w}abstractNum"):
            abstract[ctx.attr(definition, "abstractNumId") or ""] = self._levels(ctx, definition)
        for instance in root.iter(f"{ctx.w}num"):
            levels = dict(abstract.get(ctx.val(ctx.child(instance, "abstractNumId")), {}))
            for override in instance.iter(f"{ctx.w}lvlOverride"):
                level = _int(ctx.attr(override, "ilvl"), 0)
                start = ctx.child(override, "startOverride")
                if start is not None and level in levels:
                    old = levels[level]
                    levels[level] = _Level(old.format, old.text, _int(ctx.val(start), old.start))
                replaced = ctx.child(override, "lvl")
                if replaced is not None:
                    levels.update(self._levels(ctx, override))
            self._lists[ctx.attr(instance, "numId") or ""] = levels

    @staticmethod
    def _levels(ctx: _Context, parent: etree._Element) -> dict[int, _Level]:
        levels: dict[int, _Level] = {}
        for level in parent.findall(f"{ctx.w}lvl"):
            number_format = ctx.child(level, "numFmt")
            text = ctx.child(level, "lvlText")
            start = ctx.child(level, "start")
            levels[_int(ctx.attr(level, "ilvl"), 0)] = _Level(
                format=ctx.val(number_format) or "decimal",
                text=ctx.val(text),
                start=_int(ctx.val(start), 1),
            )
        return levels

    def labels(self, paragraphs: list[MarkedParagraph]) -> list[str]:
        counters: dict[str, dict[int, int]] = {}
        result: list[str] = []
        for paragraph in paragraphs:
            levels = self._lists.get(paragraph.numbering[0], {}) if paragraph.numbering else {}
            if paragraph.numbering is None or paragraph.numbering[1] not in levels:
                result.append("")
                continue
            num_id, level = paragraph.numbering
            counts = counters.setdefault(num_id, {})
            counts[level] = counts.get(level, levels[level].start - 1) + 1
            for deeper in [lvl for lvl in counts if lvl > level]:
                del counts[deeper]
            result.append(self._render(levels, level, counts))
        return result

    @staticmethod
    def _render(levels: dict[int, _Level], level: int, counts: dict[int, int]) -> str:
        if levels[level].format in ("bullet", "none"):
            return ""  # a bullet is not a label

        def placeholder(match: re.Match[str]) -> str:
            referenced = int(match.group(1)) - 1
            shown = levels.get(referenced, levels[level])
            return format_number(counts.get(referenced, shown.start), shown.format)

        return re.sub(r"%([1-9])", placeholder, levels[level].text).strip()


def _int(value: str | None, default: int) -> int:
    """An integer attribute, kept within Word's own range (0..32767) so that a
    hostile start value cannot make a label millions of letters long."""
    try:
        return min(max(int(value), 0), 32767) if value else default
    except ValueError:
        return default


# ---------------------------------------------------------------- package


def _check_package(package: SafeZip, source: str) -> None:
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


def _paragraphs(
    ctx: _Context, container: etree._Element, styles: dict[str, _Style], where: str
) -> tuple[MarkedParagraph, ...]:
    result: list[MarkedParagraph] = []
    for index, paragraph in enumerate(container.iter(f"{ctx.w}p"), start=1):
        if _in_text_box(paragraph):
            continue  # text boxes are layout, not the resolution's text
        pieces: list[Piece] = []
        _content(ctx, paragraph, "", pieces)
        style_id = ctx.val(ctx.child(ctx.child(paragraph, "pPr"), "pStyle"))
        result.append(
            MarkedParagraph(
                pieces=tuple(pieces),
                where=f"{where} {index}",
                mark=_paragraph_mark(ctx, paragraph, pieces),
                role=_role(styles, style_id),
                numbering=_paragraph_numbering(ctx, styles, paragraph, style_id),
            )
        )
    return tuple(result)


def read_docx(
    data: bytes,
    *,
    source: str = "",
    marks: RevisionMarks = RevisionMarks.TRACKED,
    limits: Limits | None = None,
) -> MarkedDocument:
    """The document's paragraphs, footnotes and numbering, marks included."""
    package = SafeZip(data, limits or Limits(), source=source)
    _check_package(package, source)
    document = parse_xml(package.read(DOCUMENT), where=DOCUMENT, source=source)
    namespace = etree.QName(document).namespace
    if namespace not in W_NAMESPACES:
        raise ParseError(
            f"the main part is not WordprocessingML ({namespace})", where=DOCUMENT, source=source
        )
    ctx = _Context(w=f"{{{namespace}}}", marks=marks, source=source)
    styles = _styles(ctx, _optional_part(package, STYLES, source))
    numbering = Numbering(ctx, _optional_part(package, NUMBERING, source))

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
                footnotes[key] = _paragraphs(ctx, note, styles, f"footnote {key}, paragraph")

    body = ctx.child(document, "body")
    if body is None:
        raise ParseError("the document has no body", where=DOCUMENT, source=source)
    return MarkedDocument(
        paragraphs=_paragraphs(ctx, body, styles, "paragraph"),
        footnotes=footnotes,
        labels=numbering.labels,
    )
