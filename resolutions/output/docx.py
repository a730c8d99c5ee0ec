"""Word exports: a comparison as a revision-marked .docx, an edition as a clean one.

A delegate drafting a MOD proposal starts from ITU's own layout with Word's
real tracked changes in it, so that Word and LibreOffice show (and let them
accept, reject or keep editing) exactly the marks the comparison page shows.

Two steps, kept apart:

1. Plain data. `comparison_paragraphs` and `edition_paragraphs` turn a
   `Comparison` (or an edition's clause versions) into `Paragraph`s: what
   kind of clause, how deep it sits, and its pieces, each unchanged,
   deleted or inserted (`pieces.display_pieces(..., Side.TRACKED)`, so that
   rejecting every change gives the old text and accepting every change the
   new text, to the space). Nothing here compares texts.
2. Writing. `WordWriter` lays the paragraphs out with python-docx (the
   package, styles, page, header and footer, plain runs) and adds through
   lxml what python-docx has no API for: `w:ins` / `w:del` (and
   `w:moveFrom` / `w:moveTo`) around runs and on paragraph marks, the
   footnotes part with real footnote references, and the settings that
   turn change tracking on.

The layout is ITU's, with its style names, so that the project's own .docx
reader (and any ITU template) recognises each part: "ResNo" for the
resolution line, "Restitle", "Normal after title" for the preamble, "Call"
(italic) for section headings, items with the label hanging before a tab,
footnotes as footnotes. The ADD / SUP / MOD of each changed clause stands
before it in a "Proposal" paragraph, as ITU proposals carry it ("MOD<tab>
noting b)"); readers of ITU documents skip that style, since it says what
happens to the clause and is not its text.

Every clause is a `Paragraph` with a `depth` (ClauseVersion.depth: 1 for
a) under 1, 2 for i) under 1 a)); its indentation comes from the depth
alone. A table clause and its rows are one Word table, each cell with its
own tracked changes, an added or deleted row marked as a whole.

Revisions are authored as the later edition ("Rev. Busan, 2014") and dated
1 January of its year: the only date an edition has, and a fixed one, so the
same comparison always gives the same bytes (and the same ETag).
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, Twips
from docx.text.paragraph import Paragraph as DocxParagraph

from resolutions.alignment import longest_increasing
from resolutions.comparison import Comparison, Row
from resolutions.document import FOOTNOTE_REF, SECTION_BODY, Kind
from resolutions.models import ClauseVersion, Edition
from resolutions.output.pieces import Side, display_pieces, table_cells
from resolutions.redline import Tag

Piece = tuple[Tag, str]
# A piece of text, or a footnote reference by the footnote's id.
Segment = tuple[Tag, str | int]

CONTENT_TYPE_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# ITU's measures, in twips (1/1440 inch): the label's hanging indent and the
# tab after it, the page margins of its templates.
INDENT = 794
FOOTNOTE_INDENT = 284
MARGIN_SIDES, MARGIN_TOP_BOTTOM = 1134, 1418
A4 = (11906, 16838)
PRODUCT = "ITU resolutions compared"
# Each zip entry's time: python-docx stamps the time of saving, which would
# make every download different bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# The paragraph style of each kind of clause (ITU's names); items and
# paragraphs are Normal, indented by depth.
STYLE_OF = {
    Kind.RESOLUTION_LINE: "ResNo",
    Kind.TITLE: "Restitle",
    Kind.PREAMBLE: "Normal after title",
    Kind.HEADING: "Call",
}
PROPOSAL_STYLE = "Proposal"
FOOTNOTE_TEXT, FOOTNOTE_REFERENCE = "footnote text", "footnote reference"
# The settings python-docx's template may hold after each one this module
# adds, in the schema's order (CT_Settings).
SETTINGS_AFTER = {
    "trackRevisions": (
        "w:doNotTrackMoves", "w:doNotTrackFormatting", "w:documentProtection", "w:autoFormatOverride",
        "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop", "w:autoHyphenation",
        "w:characterSpacingControl", "w:footnotePr", "w:endnotePr", "w:compat",
    ),
    "footnotePr": ("w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:themeFontLang"),
}  # fmt: skip


# ---------------------------------------------------------------- plain data


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of an export.

    `pieces` hold the label, the tab after it and the text, each piece
    unchanged, deleted or inserted; footnote references stay "[^n]" in the
    text. `revision` is what happened to the paragraph as a whole (INSERT:
    an added clause, whose paragraph mark is inserted too; DELETE: a deleted
    one); `move` names the pair of places of a clause that moved ("" for
    none); `mark` is the proposal mark before it: (status, italic part,
    plain part) as in "MOD <tab> *noting* b)".
    """

    kind: str
    pieces: tuple[Piece, ...]
    depth: int = 0
    revision: Tag = Tag.EQUAL
    move: str = ""
    mark: tuple[str, str, str] | None = None

    @property
    def labelled(self) -> bool:
        """Whether either side has a label (and so a tab after it)."""
        return any(text == "\t" for _, text in self.pieces)


@dataclass(frozen=True)
class Footnote:
    """A footnote of the export: its id in footnotes.xml and its text."""

    id: int
    paragraph: Paragraph


@dataclass(frozen=True)
class Export:
    """A whole document as plain data: paragraphs and footnotes, and which
    footnote a reference "[^n]" points to on each side (old, new); the two
    are the same for a single edition."""

    paragraphs: tuple[Paragraph, ...]
    footnotes: tuple[Footnote, ...]
    old_notes: Mapping[str, int]
    new_notes: Mapping[str, int]


def label_pieces(old_label: str, new_label: str, label_ops) -> list[Piece]:
    """The label's pieces and the tab after it, on each side that has one."""
    pieces = display_pieces(label_ops, Side.TRACKED)
    if old_label and new_label:
        pieces.append((Tag.EQUAL, "\t"))
    elif old_label or new_label:
        pieces.append((Tag.DELETE if old_label else Tag.INSERT, "\t"))
    return pieces


def row_pieces(row: Row) -> tuple[Piece, ...]:
    change = row.change
    return (
        *label_pieces(change.old_label, change.new_label, change.label_ops),
        *display_pieces(change.ops, Side.TRACKED),
    )


def version_pieces(version: ClauseVersion, tag: Tag = Tag.EQUAL) -> tuple[Piece, ...]:
    """One side's clause, every piece with the same tag."""
    pieces = [(tag, version.label), (tag, "\t")] if version.label else []
    return tuple(piece for piece in (*pieces, (tag, version.text)) if piece[1])


def row_mark(row: Row) -> tuple[str, str, str] | None:
    """ "MOD", *noting*, "b) (relettered)": for a row that changed."""
    if not row.changed:
        return None
    italic, plain = row.version.reference
    flags = row.change.flags
    if flags:
        plain = f"{plain} ({', '.join(flags)})".strip()
    return row.change.status.value, italic, plain


def tracked_order(rows: Sequence[Row]) -> list[tuple[Row, str]]:
    """Where each row goes in a revision-marked document: (row, part).

    Rows come in the new edition's order, deleted clauses beside their old
    neighbours (`alignment.merge_order`), so the new text reads in order. The
    old text must too: a clause whose old place is out of order is written
    twice, moved away from its old place ("from", right after the old clause
    before it) and moved to its new one ("to"). Other parts: "both" (in
    both editions, in order), "added", "deleted".
    """
    with_old = [n for n, row in enumerate(rows) if row.old is not None]
    in_order = {with_old[p] for p in longest_increasing([rows[n].old.order for n in with_old])}
    entries: list[tuple[Row, str]] = []
    for n, row in enumerate(rows):
        if row.old is None:
            entries.append((row, "added"))
        elif n in in_order:
            entries.append((row, "both" if row.new is not None else "deleted"))
        elif row.new is not None:
            entries.append((row, "to"))
    displaced = sorted((rows[n] for n in with_old if n not in in_order), key=lambda row: row.old.order)
    for row in displaced:
        place = 0
        for position, (other, part) in enumerate(entries):
            if part in ("both", "deleted", "from") and other.old.order < row.old.order:
                place = position + 1
        entries.insert(place, (row, "from" if row.new is not None else "deleted"))
    return entries


def row_paragraph(row: Row, part: str, move: str) -> Paragraph:
    if part == "from":
        return Paragraph(
            row.old.kind,
            version_pieces(row.old, Tag.DELETE),
            revision=Tag.DELETE,
            move=move,
            depth=row.old.depth,
        )
    if part == "to":
        return Paragraph(
            row.new.kind,
            version_pieces(row.new, Tag.INSERT),
            revision=Tag.INSERT,
            move=move,
            mark=row_mark(row),
            depth=row.new.depth,
        )
    revision = {"added": Tag.INSERT, "deleted": Tag.DELETE}.get(part, Tag.EQUAL)
    return Paragraph(
        row.kind, row_pieces(row), revision=revision, mark=row_mark(row), depth=row.version.depth
    )


def comparison_export(comparison: Comparison) -> Export:
    """A comparison as the paragraphs and footnotes of a revision-marked document."""
    body = [row for row in comparison.rows if row.kind != Kind.FOOTNOTE]
    paragraphs = []
    for row, part in tracked_order(body):
        move = f"move{row.version.clause_id}" if part in ("from", "to") else ""
        paragraphs.append(row_paragraph(row, part, move))
    footnotes, old_notes, new_notes = [], {}, {}
    for number, row in enumerate((row for row in comparison.rows if row.kind == Kind.FOOTNOTE), start=1):
        revision = Tag.INSERT if row.old is None else Tag.DELETE if row.new is None else Tag.EQUAL
        pieces = tuple(display_pieces(row.change.ops, Side.TRACKED))
        footnotes.append(Footnote(number, Paragraph(Kind.FOOTNOTE, pieces, revision=revision)))
        if row.old is not None:
            old_notes[row.old.label] = number
        if row.new is not None:
            new_notes[row.new.label] = number
    return Export(tuple(paragraphs), tuple(footnotes), old_notes, new_notes)


def edition_export(versions: Sequence[ClauseVersion]) -> Export:
    """One edition's clause versions (in order) as a clean document."""
    paragraphs = tuple(
        Paragraph(version.kind, version_pieces(version), depth=version.depth)
        for version in versions
        if version.kind != Kind.FOOTNOTE
    )
    notes = [version for version in versions if version.kind == Kind.FOOTNOTE]
    footnotes = tuple(
        Footnote(number, Paragraph(Kind.FOOTNOTE, ((Tag.EQUAL, note.text),)))
        for number, note in enumerate(notes, start=1)
    )
    ids = {note.label: number for number, note in enumerate(notes, start=1)}
    return Export(paragraphs, footnotes, ids, ids)


def segments(
    pieces: Iterable[Piece], old_notes: Mapping[str, int], new_notes: Mapping[str, int]
) -> list[Segment]:
    """The pieces with each footnote reference "[^n]" resolved to the
    footnote it points to on its side (old for deleted text, new for
    inserted text): text, or the footnote's id. An unchanged "[^n]" whose
    number points to another footnote on each side is a deleted and an
    inserted reference."""
    result: list[Segment] = []
    for tag, text in pieces:
        for index, part in enumerate(FOOTNOTE_REF.split(text)):
            if not index % 2:
                if part:
                    result.append((tag, part))
            elif tag == Tag.DELETE:
                result.append((tag, old_notes[part]))
            elif tag == Tag.INSERT or old_notes[part] == new_notes[part]:
                result.append((tag, new_notes[part]))
            else:
                result.extend(((Tag.DELETE, old_notes[part]), (Tag.INSERT, new_notes[part])))
    return keep_renumbered_references(result)


def keep_renumbered_references(items: Sequence[Segment]) -> list[Segment]:
    """Word numbers footnotes itself, so a reference that only changed its
    number ("organizations[^2]" -> "bodies[^1]", the same footnote) stays
    one unchanged reference: where a change deletes and inserts a reference
    to the same footnote at its start or its end, that reference is taken
    out of the change."""
    result: list[Segment] = []
    n = 0
    while n < len(items):
        if items[n][0] == Tag.EQUAL:
            result.append(items[n])
            n += 1
            continue
        end = n
        while end < len(items) and items[end][0] != Tag.EQUAL:
            end += 1
        deleted = [item for item in items[n:end] if item[0] == Tag.DELETE]
        inserted = [item for item in items[n:end] if item[0] == Tag.INSERT]
        head: list[Segment] = []
        tail: list[Segment] = []
        if deleted and inserted and isinstance(deleted[0][1], int) and deleted[0][1] == inserted[0][1]:
            head.append((Tag.EQUAL, deleted.pop(0)[1]))
            inserted.pop(0)
        if deleted and inserted and isinstance(deleted[-1][1], int) and deleted[-1][1] == inserted[-1][1]:
            tail.append((Tag.EQUAL, deleted.pop()[1]))
            inserted.pop()
        result.extend([*head, *deleted, *inserted, *tail])
        n = end
    return result


# ---------------------------------------------------------------- writing


def revision_date(edition: Edition) -> datetime:
    return datetime(edition.year, 1, 1, tzinfo=UTC)


class WordWriter:
    """Writes an `Export` as a .docx in ITU's layout.

    `author` and `date` sign every revision; `track` turns Word's change
    tracking on, so that what the delegate edits next is tracked as well.
    """

    def __init__(self, *, title: str, header: str, author: str, date: datetime, track: bool):
        self.author = author
        self.date = date.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.document = docx.Document()
        self._revision_ids = itertools.count(1)
        self._defaults()
        self._styles()
        self._page(header)
        self._properties(title, date)
        if track:
            self._setting(OxmlElement("w:trackRevisions"))
        # The template's one empty paragraph: the export starts with its own.
        for paragraph in self.document.paragraphs:
            paragraph._p.getparent().remove(paragraph._p)

    # -- the document's furniture

    def _defaults(self) -> None:
        """Times New Roman 12 pt, British English, no spacing after, for
        everything (the template's defaults are Calibri and US English)."""
        styles = self.document.styles.element
        run_defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        fonts = run_defaults.find(qn("w:rFonts"))
        for attribute in list(fonts.attrib):
            del fonts.attrib[attribute]
        for name in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(name), "Times New Roman")
        for name in ("w:sz", "w:szCs"):
            run_defaults.find(qn(name)).set(qn("w:val"), "24")
        run_defaults.find(qn("w:lang")).set(qn("w:val"), "en-GB")
        spacing = (
            styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
        )
        for attribute in list(spacing.attrib):
            del spacing.attrib[attribute]
        spacing.set(qn("w:after"), "0")

    def _styles(self) -> None:
        styles = self.document.styles
        normal = styles["Normal"].paragraph_format
        normal.space_before = Pt(6)
        normal.tab_stops.add_tab_stop(Twips(INDENT))

        def paragraph_style(name: str, *, before: int, bold=False, italic=False, size=None, center=False):
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.style_id = name.replace(" ", "")
            style.paragraph_format.space_before = Pt(before)
            style.font.bold, style.font.italic = bold or None, italic or None
            if size:
                style.font.size = Pt(size)
            if center:
                style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            return style

        resno = paragraph_style("ResNo", before=24, size=14, center=True)
        resno.font.all_caps = True
        resno.paragraph_format.keep_with_next = True
        paragraph_style(
            "Restitle", before=12, bold=True, size=14, center=True
        ).paragraph_format.keep_with_next = True
        paragraph_style("Normal after title", before=14)
        call = paragraph_style("Call", before=8, italic=True)
        call.paragraph_format.keep_with_next = True
        call.paragraph_format.left_indent = Twips(INDENT)
        paragraph_style(PROPOSAL_STYLE, before=12, bold=True).paragraph_format.keep_with_next = True

        note = paragraph_style(FOOTNOTE_TEXT, before=3, size=10)
        note.style_id = "FootnoteText"
        note.paragraph_format.left_indent = Twips(FOOTNOTE_INDENT)
        note.paragraph_format.first_line_indent = Twips(-FOOTNOTE_INDENT)
        note.paragraph_format.tab_stops.add_tab_stop(Twips(FOOTNOTE_INDENT))
        reference = styles.add_style(FOOTNOTE_REFERENCE, WD_STYLE_TYPE.CHARACTER)
        reference.style_id = "FootnoteReference"
        reference.font.superscript = True

    def _page(self, header: str) -> None:
        section = self.document.sections[0]
        section.page_width, section.page_height = Twips(A4[0]), Twips(A4[1])
        section.left_margin = section.right_margin = Twips(MARGIN_SIDES)
        section.top_margin = section.bottom_margin = Twips(MARGIN_TOP_BOTTOM)
        head = section.header.paragraphs[0]
        head.text = header
        head.runs[0].font.size = Pt(9)
        foot = section.footer.paragraphs[0]
        foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
        page = OxmlElement("w:fldSimple")
        page.set(qn("w:instr"), "PAGE")
        page.append(self._plain_run(foot, "1"))
        foot._p.append(page)

    def _properties(self, title: str, date: datetime) -> None:
        core = self.document.core_properties
        core.title, core.author, core.last_modified_by = title, PRODUCT, PRODUCT
        core.created = core.modified = date.replace(tzinfo=None)
        core.revision = 1
        core.comments = ""
        # The template's thumbnail shows an empty page; a preview of this
        # document would have to be rendered, so there is none.
        package = self.document.part.package
        for key, relationship in list(package.rels.items()):
            if relationship.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
                package.rels.pop(key)
        preview = self.document.settings.element.find(qn("w:savePreviewPicture"))
        if preview is not None:
            preview.getparent().remove(preview)

    def _setting(self, element) -> None:
        """Add a setting where the schema's element order puts it (Word
        refuses a settings part out of order)."""
        tag = element.tag.split("}")[-1]
        self.document.settings.element.insert_element_before(element, *SETTINGS_AFTER[tag])

    # -- revisions

    def _revision(self, tag: str) -> OxmlElement:
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(next(self._revision_ids)))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date)
        return element

    def _wrapper(self, tag: Tag, move: str) -> OxmlElement | None:
        if tag == Tag.EQUAL:
            return None
        if move:
            return self._revision("w:moveTo" if tag == Tag.INSERT else "w:moveFrom")
        return self._revision("w:ins" if tag == Tag.INSERT else "w:del")

    def _mark_paragraph(self, paragraph: DocxParagraph, revision: Tag, move: str) -> None:
        """An added (deleted) clause's paragraph mark is inserted (deleted)
        too, so that rejecting (accepting) every change leaves no empty
        paragraph behind."""
        wrapper = self._wrapper(revision, move)
        if wrapper is None:
            return
        properties = paragraph._p.get_or_add_pPr()
        mark = OxmlElement("w:rPr")
        properties.insert_element_before(mark, "w:sectPr", "w:pPrChange")
        mark.append(wrapper)

    def _move_range(self, paragraph: DocxParagraph, revision: Tag, move: str) -> tuple:
        """Word pairs the two places of a moved clause by the name of the
        ranges around them."""
        kind = "moveTo" if revision == Tag.INSERT else "moveFrom"
        start = self._revision(f"w:{kind}RangeStart")
        start.set(qn("w:name"), move)
        end = OxmlElement(f"w:{kind}RangeEnd")
        end.set(qn("w:id"), start.get(qn("w:id")))
        paragraph._p.append(start)
        return end

    # -- runs

    def _plain_run(
        self, paragraph: DocxParagraph, text: str, *, deleted: bool = False, **font
    ) -> OxmlElement:
        """A run made by python-docx (tabs and spaces as Word writes them),
        detached from its paragraph so the caller can put it in a revision."""
        run = paragraph.add_run(text)
        for name, value in font.items():
            setattr(run.font, name, value)
        element = run._r
        element.getparent().remove(element)
        if deleted:
            for text_element in element.iter(qn("w:t")):
                text_element.tag = qn("w:delText")
        return element

    def _reference_run(self, note_id: int, *, own: bool = False) -> OxmlElement:
        """A footnote reference in the text, or (own) a footnote's own number."""
        run = OxmlElement("w:r")
        properties = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), "FootnoteReference")
        properties.append(style)
        run.append(properties)
        if own:
            run.append(OxmlElement("w:footnoteRef"))
        else:
            reference = OxmlElement("w:footnoteReference")
            reference.set(qn("w:id"), str(note_id))
            run.append(reference)
        return run

    def _fill(self, target: DocxParagraph, paragraph: Paragraph, notes: tuple[Mapping, Mapping]) -> None:
        """The paragraph's runs; neighbouring runs with the same change share
        one revision, so a delegate accepts or rejects a change in one go."""
        end = self._move_range(target, paragraph.revision, paragraph.move) if paragraph.move else None
        wrapper, last = None, Tag.EQUAL
        for tag, content in segments(paragraph.pieces, *notes):
            if tag != last or wrapper is None:
                wrapper, last = self._wrapper(tag, paragraph.move), tag
                if wrapper is not None:
                    target._p.append(wrapper)
            if isinstance(content, int):
                run = self._reference_run(content)
            else:
                run = self._plain_run(target, content, deleted=tag == Tag.DELETE)
            (target._p if wrapper is None else wrapper).append(run)
        if end is not None:
            target._p.append(end)
        self._mark_paragraph(target, paragraph.revision, paragraph.move)

    # -- paragraphs

    def _paragraph(self, style: str | None) -> DocxParagraph:
        """A new body paragraph in `style` (a name this writer defined, whose
        id is the name without spaces). The id is set directly: python-docx
        finds a style by name by scanning the template's hundreds of styles,
        which took most of an export's time."""
        paragraph = self.document.add_paragraph()
        if style:
            paragraph._p.style = style.replace(" ", "")
        return paragraph

    def add_mark(self, status: str, italic: str, plain: str) -> None:
        """ITU's proposal line before a changed clause: "MOD<tab>noting b)"."""
        line = self._paragraph(PROPOSAL_STYLE)
        line._p.append(self._plain_run(line, f"{status}\t"))
        if italic:
            line._p.append(self._plain_run(line, italic, italic=True, bold=False))
        if plain:
            line._p.append(self._plain_run(line, f" {plain}" if italic else plain, bold=False))

    def add(self, paragraph: Paragraph, notes: tuple[Mapping, Mapping]) -> None:
        if paragraph.mark is not None:
            self.add_mark(*paragraph.mark)
        target = self._paragraph(STYLE_OF.get(paragraph.kind))
        fmt = target.paragraph_format
        labelled = paragraph.labelled
        if paragraph.kind == Kind.HEADING:
            if paragraph.depth:
                fmt.left_indent = Twips(INDENT * (paragraph.depth + 1))
        elif paragraph.kind in SECTION_BODY:
            # The label hangs in the margin of its depth; the text starts at
            # the tab after it.
            left = INDENT * (paragraph.depth + (1 if labelled else 0))
            if left:
                fmt.left_indent = Twips(left)
            if labelled:
                fmt.first_line_indent = Twips(-INDENT)
                fmt.tab_stops.add_tab_stop(Twips(left))
        self._fill(target, paragraph, notes)

    def add_footnotes(self, footnotes: Sequence[Footnote], notes: tuple[Mapping, Mapping]) -> None:
        """The footnotes part: Word's two separators, then each footnote,
        its own number, a tab and its text."""
        if not footnotes:
            return
        root = parse_xml(
            f"<w:footnotes {nsdecls('w', 'r')}>"
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
            "</w:p></w:footnote></w:footnotes>"
        )
        for footnote in footnotes:
            element = OxmlElement("w:footnote")
            element.set(qn("w:id"), str(footnote.id))
            p = OxmlElement("w:p")
            element.append(p)
            root.append(element)
            target = DocxParagraph(p, self.document)
            p.style = "FootnoteText"
            paragraph = footnote.paragraph
            number = self._wrapper(paragraph.revision, "")
            own = [self._reference_run(footnote.id, own=True), self._plain_run(target, "\t")]
            if number is None:
                p.extend(own)
            else:
                number.extend(own)
                p.append(number)
            self._fill(target, paragraph, notes)
        part = XmlPart(
            PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, root, self.document.part.package
        )
        self.document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        properties = parse_xml(
            f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        )
        self._setting(properties)

    def add_table(self, rows: Sequence[Paragraph], notes: tuple[Mapping, Mapping]) -> None:
        """A table clause and its rows as a Word table, a cell per cell:
        each cell's text keeps its own changes, and an added (deleted) row
        is marked as one, so that accepting or rejecting leaves no empty row."""
        cells_of = [[tuple(cell) for cell in table_cells(row.pieces)] for row in rows]
        table = self.document.add_table(rows=0, cols=max(len(cells) for cells in cells_of))
        grid = OxmlElement("w:tblStyle")
        grid.set(qn("w:val"), "TableGrid")  # the template's style with cell borders
        table._tbl.tblPr.insert(0, grid)
        for row, cells in zip(rows, cells_of, strict=True):
            word_row = table.add_row()
            wrapper = self._wrapper(row.revision, "")
            if wrapper is not None:
                word_row._tr.get_or_add_trPr().append(wrapper)
            for cell, pieces in zip(word_row.cells, cells, strict=False):
                target = cell.paragraphs[0]
                self._fill(
                    target, dataclasses.replace(row, pieces=pieces, move="", revision=Tag.EQUAL), notes
                )

    def write(self, export: Export) -> bytes:
        notes = (export.old_notes, export.new_notes)
        paragraphs = list(export.paragraphs)
        while paragraphs:
            paragraph = paragraphs.pop(0)
            if paragraph.kind != Kind.TABLE:
                self.add(paragraph, notes)
                continue
            if paragraph.mark is not None:
                self.add_mark(*paragraph.mark)
            rows = [paragraph]
            while paragraphs and paragraphs[0].kind == Kind.ROW:
                rows.append(paragraphs.pop(0))
            self.add_table(rows, notes)
        self.add_footnotes(export.footnotes, notes)
        buffer = io.BytesIO()
        self.document.save(buffer)
        return fixed_zip_times(buffer.getvalue())


def fixed_zip_times(data: bytes) -> bytes:
    """The same package with one fixed time on every entry (see ZIP_TIME)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(
                zipfile.ZipInfo(info.filename, date_time=ZIP_TIME), source.read(info), zipfile.ZIP_DEFLATED
            )
    return buffer.getvalue()


def comparison_docx(comparison: Comparison) -> bytes:
    """The comparison as Word tracked changes, authored as the later edition."""
    old, new = comparison.old_edition, comparison.new_edition
    number = new.resolution.number
    title = f"Resolution {number}: {old.citation_designation} → {new.citation_designation}"
    writer = WordWriter(
        title=title,
        header=f"{title} (revision marks)",
        author=new.citation_designation,
        date=revision_date(new),
        track=True,
    )
    return writer.write(comparison_export(comparison))


def edition_docx(edition: Edition, versions: Iterable[ClauseVersion]) -> bytes:
    """One edition, clean, in the same layout."""
    title = f"Resolution {edition.resolution.number} ({edition.citation_designation})"
    writer = WordWriter(
        title=title,
        header=title,
        author=edition.citation_designation,
        date=revision_date(edition),
        track=False,
    )
    return writer.write(edition_export(list(versions)))
