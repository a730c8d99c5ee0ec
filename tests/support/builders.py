"""Building .docx and .html files in memory, for tests.

Word files are written with zipfile and plain XML strings, as Word lays them
out, so that tests control every element the readers see: styles, automatic
numbering, footnotes and tracked changes. Nothing here imports the readers.
"""

from __future__ import annotations

import html
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence

from resolutions.document import Kind, ParsedEdition
from tests.support.wdiff import MARK

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REVISION = 'w:author="ITU" w:date="2014-11-07T00:00:00Z"'
_ids = itertools.count(1)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{main}"/>'
    "</Types>"
)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)

# The style (Word) or class (its web export) ITU gives each part; the rest is Normal.
ITU_STYLE_OF = {
    Kind.RESOLUTION_LINE: "ResNo",
    Kind.TITLE: "Restitle",
    Kind.PREAMBLE: "Normalaftertitle",
    Kind.HEADING: "Call",
}
# ITU's paragraph styles as Word stores them: the id may differ from the name.
ITU_STYLES = {
    "ResNo": "ResNo",
    "Restitle": "Restitle",
    "Normalaftertitle": "Normal after title",
    "Call": "Call",
}


def part(root: str, inner: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{root} xmlns:w="{W}">{inner}</w:{root}>'
    )


def zip_bytes(parts: Mapping[str, str | bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_package(
    paragraphs: str | Sequence[str],
    *,
    styles: str | None = None,
    numbering: str | None = None,
    footnotes: str | None = None,
    main_content_type: str = DOCX_MAIN,
    extra: Mapping[str, str | bytes] | None = None,
) -> bytes:
    """A .docx whose body holds `paragraphs` (w:p XML strings)."""
    body = paragraphs if isinstance(paragraphs, str) else "".join(paragraphs)
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": CONTENT_TYPES.format(main=main_content_type),
        "_rels/.rels": RELS,
        "word/document.xml": part("document", f"<w:body>{body}<w:sectPr/></w:body>"),
    }
    for name, content in (("styles", styles), ("numbering", numbering), ("footnotes", footnotes)):
        if content is not None:
            parts[f"word/{name}.xml"] = content
    parts.update(extra or {})
    return zip_bytes(parts)


# ---------------------------------------------------------------- pieces of WordprocessingML


def _revision(tag: str, inner: str) -> str:
    return f'<w:{tag} w:id="{next(_ids)}" {REVISION}>{inner}</w:{tag}>'


def _text_element(text: str, deleted: bool) -> str:
    tag = "w:delText" if deleted else "w:t"
    return f'<{tag} xml:space="preserve">{html.escape(text, quote=False)}</{tag}>'


def run(
    text: str, *, mark: str = "", properties: str = "", footnote_ids: Mapping[str, str] | None = None
) -> str:
    """One w:r per stretch of `text`: tabs become w:tab, "[^n]" a footnote
    reference to footnote_ids[n]; `mark` "ins"/"del" wraps it as a tracked
    change, "moveTo"/"moveFrom" as a move."""
    deleted = mark in ("del", "moveFrom")
    rpr = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    runs = []
    for piece in re.split(r"(\t|\[\^\w+\])", text):
        if piece == "\t":
            runs.append(f"<w:r>{rpr}<w:tab/></w:r>")
        elif piece.startswith("[^"):
            note_id = (footnote_ids or {})[piece[2:-1]]
            runs.append(
                f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/>{properties}</w:rPr>'
                f'<w:footnoteReference w:id="{note_id}"/></w:r>'
            )
        elif piece:
            runs.append(f"<w:r>{rpr}{_text_element(piece, deleted)}</w:r>")
    inner = "".join(runs)
    return _revision(mark, inner) if mark and inner else inner


def paragraph(*runs: str, style: str = "", numbering: tuple[int, int] | None = None, mark: str = "") -> str:
    """A w:p; `mark` "ins"/"del" marks its paragraph mark as inserted/deleted."""
    properties = f'<w:pStyle w:val="{style}"/>' if style else ""
    if numbering is not None:
        properties += f'<w:numPr><w:ilvl w:val="{numbering[1]}"/><w:numId w:val="{numbering[0]}"/></w:numPr>'
    if mark:
        properties += f'<w:rPr><w:{mark} w:id="{next(_ids)}" {REVISION}/></w:rPr>'
    ppr = f"<w:pPr>{properties}</w:pPr>" if properties else ""
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def styles_part(styles: Mapping[str, str] = ITU_STYLES, based_on: Mapping[str, str] | None = None) -> str:
    """Paragraph styles by id -> name; `based_on` id -> parent id."""
    inner = "".join(
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        + (f'<w:basedOn w:val="{(based_on or {})[style_id]}"/>' if style_id in (based_on or {}) else "")
        + "</w:style>"
        for style_id, name in styles.items()
    )
    return part("styles", inner)


def numbering_part(
    lists: Mapping[int, Sequence[tuple[str, str, int]]],
    instances: Mapping[int, int],
    restarted: Iterable[int] = (),
) -> str:
    """abstractNumId -> levels (numFmt, lvlText, start); numId -> abstractNumId.
    Instances of one abstract list share its counters, as in Word; those in
    `restarted` start again at their first paragraph (Word's "Restart
    numbering": a start override of level 0)."""
    restarted = set(restarted)
    abstract = "".join(
        f'<w:abstractNum w:abstractNumId="{abstract_id}">'
        + "".join(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl>'
            for level, (fmt, text, start) in enumerate(levels)
        )
        + "</w:abstractNum>"
        for abstract_id, levels in lists.items()
    )
    nums = "".join(
        f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
        + (
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{lists[abstract_id][0][2]}"/></w:lvlOverride>'
            if num_id in restarted
            else ""
        )
        + "</w:num>"
        for num_id, abstract_id in instances.items()
    )
    return part("numbering", abstract + nums)


def footnotes_part(notes: Mapping[str, str]) -> str:
    """Footnote id -> text, after the two separator footnotes Word writes."""
    separators = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        "</w:r></w:p></w:footnote>"
    )
    inner = "".join(
        f'<w:footnote w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
        f"{run(chr(9) + text)}</w:p></w:footnote>"
        for note_id, text in notes.items()
    )
    return part("footnotes", separators + inner)


# ---------------------------------------------------------------- whole editions


def _footnote_ids(edition: ParsedEdition) -> dict[str, str]:
    # Word's ids start after its two separators and need not match the
    # displayed numbers: id n+1 for footnote n keeps the reader honest.
    return {c.label: str(int(c.label) + 1) for c in edition.clauses if c.kind == Kind.FOOTNOTE}


def _simple_sequence(labels: Sequence[str]) -> str | None:
    """ "letter" for a), b), c) ...; "number" for 1, 2, 3 ...; else None."""
    if labels == [f"{chr(ord('a') + i)})" for i in range(len(labels))] and len(labels) <= 26:
        return "letter"
    if labels == [str(i + 1) for i in range(len(labels))]:
        return "number"
    return None


def docx_from_edition(edition: ParsedEdition, *, styled: bool = True, auto_numbering: bool = False) -> bytes:
    """The edition as Word would hold it. Styled: ITU's paragraph styles
    (ResNo, Restitle, Normal after title, Call). Unstyled: every paragraph
    Normal, so only the text tells. With auto_numbering, every section
    labelled a), b) ... or 1, 2 ... gets its labels from Word's numbering
    (one list per section, restarted as Word's "Restart numbering" does)
    instead of the text."""
    ids = _footnote_ids(edition)
    sections = edition.sections()
    numbered: dict[int, int] = {}  # heading index -> numId
    formats: dict[int, str] = {}
    if auto_numbering:
        for heading, members in sections.items():
            labels = [edition.clauses[i].label for i in members]
            sequence = _simple_sequence(labels) if all(labels) else None
            if sequence:
                numbered[heading] = len(numbered) + 1
                formats[numbered[heading]] = sequence
    body = []
    for clause in edition.clauses:
        if clause.kind == Kind.FOOTNOTE:
            continue
        style = ITU_STYLE_OF.get(clause.kind, "") if styled else ""
        if clause.kind == Kind.ITEM and clause.section in numbered:
            body.append(
                paragraph(run(clause.text, footnote_ids=ids), numbering=(numbered[clause.section], 0))
            )
        elif clause.kind == Kind.ITEM:
            body.append(paragraph(run(f"{clause.label}\t{clause.text}", footnote_ids=ids), style=style))
        else:
            body.append(paragraph(run(clause.text, footnote_ids=ids), style=style))
    notes = {ids[c.label]: c.text for c in edition.clauses if c.kind == Kind.FOOTNOTE}
    numbering = numbering_part(
        {1: [("lowerLetter", "%1)", 1)], 2: [("decimal", "%1", 1)]},
        {num_id: 1 if fmt == "letter" else 2 for num_id, fmt in formats.items()},
        restarted=formats,
    )
    return docx_package(
        body,
        styles=styles_part() if styled else None,
        numbering=numbering if numbered else None,
        footnotes=footnotes_part(notes) if notes else None,
    )


def html_from_edition(edition: ParsedEdition, *, headings: str = "class") -> bytes:
    """The edition as Word's "save as web page" writes it: class names for
    ITU's styles, tabs as mso-tab-count spans, footnotes as _ftn links and
    ftn divs; plus a script, a style sheet and comments to be ignored.
    headings="italic" drops the class names and marks headings with <i>."""

    def inline(text: str) -> str:
        out = []
        for piece in re.split(r"(\t|\[\^\w+\])", text):
            if piece == "\t":
                out.append("<span style='mso-tab-count:1'>&nbsp;&nbsp;&nbsp; </span>")
            elif piece.startswith("[^"):
                n = piece[2:-1]
                out.append(
                    f'<a style="mso-footnote-id:ftn{n}" href="#_ftn{n}" name="_ftnref{n}" title="">'
                    f"<span class=MsoFootnoteReference>[{n}]</span></a>"
                )
            else:
                out.append(html.escape(piece))
        return "".join(out)

    lines = []
    for clause in edition.clauses:
        text = f"{clause.label}\t{clause.text}" if clause.kind == Kind.ITEM else clause.text
        if clause.kind == Kind.FOOTNOTE:
            continue
        if clause.kind == Kind.HEADING and headings == "italic":
            lines.append(f"<p class=MsoNormal><i>{inline(text)}</i></p>")
        else:
            css = ITU_STYLE_OF.get(clause.kind, "MsoNormal") if headings == "class" else "MsoNormal"
            lines.append(f"<p class={css}>{inline(text)}</p>\n<!-- [if gte mso 9]><xml>x</xml> -->")
    notes = "".join(
        f"<div style='mso-element:footnote' id=ftn{c.label}><p class=MsoFootnoteText>"
        f'<a style="mso-footnote-id:ftn{c.label}" href="#_ftnref{c.label}" name="_ftn{c.label}" title="">'
        f"<span class=MsoFootnoteReference>[{c.label}]</span></a> {html.escape(c.text)}</p></div>"
        for c in edition.clauses
        if c.kind == Kind.FOOTNOTE
    )
    page = (
        "<!DOCTYPE html>\n<html xmlns:o='urn:schemas-microsoft-com:office:office'>\n<head>"
        '<meta http-equiv=Content-Type content="text/html; charset=utf-8">'
        "<style>p.Call {font-style: italic} /* RESOLUTION 999 (Nowhere, 1999) */</style>"
        "<script>document.write('RESOLUTION 999 (Nowhere, 1999)')</script></head>\n"
        "<body lang=EN-GB><div class=WordSection1>\n" + "\n".join(lines) + "\n</div>\n"
        "<div style='mso-element:footnote-list'><br clear=all><hr align=left size=1 width=\"33%\">"
        + notes
        + "</div></body></html>"
    )
    return page.encode("utf-8")


# ---------------------------------------------------------------- the redline as tracked changes

# Word's plain-text export of a footnote, as in the seed file:
# "organizations[footnoteRef:2]1" and "[2: 1 <tab>including ... ]".
INLINE_REFERENCE = re.compile(r"\[footnoteRef:(\d+)\]\d*")
INLINE_NOTE = re.compile(r"\[(\d+):\s*\d+\s+([^\[\]]*)\]")


def _marked_segments(redline: str) -> list[tuple[str, str]]:
    """The redline as (text, mark) segments, mark "", "del" or "ins"."""
    segments: list[tuple[str, str]] = []
    position = 0
    for match in MARK.finditer(redline):
        segments.append((redline[position : match.start()], ""))
        if match.group(1) is not None:
            segments.append((match.group(1), "del"))
        else:
            segments.append((match.group(2), "ins"))
        position = match.end()
    segments.append((redline[position:], ""))
    return [(text, mark) for text, mark in segments if text]


def tracked_docx_from_redline(redline: str, *, formatting: bool = False) -> bytes:
    """One .docx holding both sides of a wdiff redline as tracked changes:
    deletions as w:del/w:delText, insertions as w:ins, each line a paragraph
    whose mark carries the mark of its line break (so that whole lines added
    are inserted paragraphs, whole lines removed deleted ones). The inline
    footnotes of Word's text export become real footnotes.

    formatting=True writes ITU's other convention instead: insertions
    underlined, deletions struck through, no tracked changes at all."""
    notes = {note_id: text for note_id, text in INLINE_NOTE.findall(redline)}
    paragraphs: list[str] = []
    current: list[str] = []
    for text, mark in _marked_segments(INLINE_NOTE.sub("", redline)):
        lines = text.split("\n")
        for index, line in enumerate(lines):
            if index > 0:  # the line break ending the previous line
                paragraphs.append(paragraph(*current, mark="" if formatting else mark))
                current = []
            current.extend(_runs_with_references(line, mark, formatting))
    if any(current):
        paragraphs.append(paragraph(*current))
    return docx_package(paragraphs, footnotes=footnotes_part(notes) if notes else None)


FORMATTING = {"": "", "ins": '<w:u w:val="single"/>', "del": "<w:strike/>"}


def _runs_with_references(text: str, mark: str, formatting: bool) -> Iterable[str]:
    """Runs for one line's stretch of text, its inline footnote references
    made real references to the footnote of the same id."""
    options = {"properties": FORMATTING[mark]} if formatting else {"mark": mark}
    position = 0
    for reference in INLINE_REFERENCE.finditer(text):
        yield run(text[position : reference.start()], **options)
        note_id = reference.group(1)
        yield run(f"[^{note_id}]", footnote_ids={note_id: note_id}, **options)
        position = reference.end()
    yield run(text[position:], **options)
