"""Reading an uploaded edition, whatever its format.

The format is decided by the file's content, never by its name alone: a
name is a claim, the first bytes are a fact. Word and HTML files may carry
revision marks, in which case they hold two editions: `base` (every change
rejected) and `revised` (every change accepted).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import PurePath

from resolutions.document import ParsedEdition, ParseError
from resolutions.parsing.conventions import RevisionMarks, SourceFormat
from resolutions.parsing.docx import read_docx
from resolutions.parsing.html import read_html
from resolutions.parsing.plaintext import parse_text
from resolutions.parsing.revisions import MarkedDocument, Side, side_paragraphs
from resolutions.parsing.safety import Limits, check_upload_size
from resolutions.parsing.structure import build_edition

ZIP = (b"PK\x03\x04", b"PK\x05\x06")
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Formats people upload by mistake, each with the advice that helps.
REFUSED = {
    OLE: "this is a legacy .doc or an encrypted Word file: save it as .docx (Word Document), "
    "without a password",
    b"%PDF-": "this is a PDF: upload the .docx, the web page or the text instead",
    b"{\\rtf": "this is an RTF file: save it as .docx (Word Document)",
}
HTML_START = re.compile(
    rb"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL
)
MHTML_START = re.compile(rb"(?:[\w-]+:[^\n]*\n)*MIME-Version:", re.IGNORECASE)
WORD_EXTENSIONS = {".docx", ".docm", ".doc", ".dotx"}


@dataclass(frozen=True)
class Reading:
    """What one upload holds: the revised edition, and the base edition when
    the file carries revision marks."""

    format: SourceFormat
    revised: ParsedEdition
    base: ParsedEdition | None = None


def detect_format(data: bytes, *, filename: str = "") -> SourceFormat:
    """The format, from the content; refuses what cannot be an edition with
    a message saying what the file is."""
    for signature, reason in REFUSED.items():
        if data.startswith(signature):
            raise ParseError(reason, source=filename)
    if data.startswith(ZIP):
        return SourceFormat.DOCX
    head = data[:4096].removeprefix(b"\xef\xbb\xbf").lstrip()
    if HTML_START.match(head):
        return SourceFormat.HTML
    if MHTML_START.match(head):
        raise ParseError(
            "this is a single-file web page (MHTML): save it as .docx or as a plain web page (.htm)",
            source=filename,
        )
    return SourceFormat.TEXT


def read_upload(
    data: bytes,
    *,
    filename: str,
    body: str | None = None,
    marks: RevisionMarks | str = RevisionMarks.TRACKED,
    limits: Limits | None = None,
) -> Reading:
    """Read one uploaded file. `marks` says how a Word or HTML file marks its
    changes (see RevisionMarks)."""
    try:
        marks = RevisionMarks(marks)
    except ValueError:
        raise ValueError(f"marks must be one of {[m.value for m in RevisionMarks]}, not {marks!r}") from None
    check_upload_size(data, limits or Limits(), source=filename)
    kind = detect_format(data, filename=filename)
    if kind == SourceFormat.TEXT:
        return Reading(kind, parse_text(data, source_name=filename, body=body, limits=limits))
    if kind == SourceFormat.DOCX:
        document = read_docx(data, source=filename, marks=marks, limits=limits)
        return _editions(kind, document, filename, body, limits)
    if PurePath(filename).suffix.lower() not in WORD_EXTENSIONS:
        return _editions(
            kind, read_html(data, source=filename, marks=marks, limits=limits), filename, body, limits
        )
    # Word's "save as web page" under a Word name is common enough to read
    # rather than refuse; the note (or the refusal) says what happened.
    note = f"{filename} is an HTML web page, not a Word document"
    try:
        reading = _editions(
            kind, read_html(data, source=filename, marks=marks, limits=limits), filename, body, limits
        )
    except ParseError as error:
        raise ParseError(f"{error.reason} ({note})", where=error.where, source=error.source) from None
    return Reading(
        reading.format,
        _with_note(reading.revised, f"{note}; it was read as HTML"),
        _with_note(reading.base, f"{note}; it was read as HTML") if reading.base else None,
    )


def _with_note(edition: ParsedEdition, note: str) -> ParsedEdition:
    return dataclasses.replace(edition, notes=(note, *edition.notes))


def _editions(
    kind: SourceFormat, document: MarkedDocument, source: str, body: str | None, limits: Limits | None
) -> Reading:
    if not document.has_marks():
        return Reading(kind, _build(document, "revised", source, body, limits))
    return Reading(
        kind,
        _build(document, "revised", source, body, limits, marked=True),
        _build(document, "base", source, body, limits, marked=True),
    )


def _build(
    document: MarkedDocument,
    side: Side,
    source: str,
    body: str | None,
    limits: Limits | None,
    marked: bool = False,
) -> ParsedEdition:
    paragraphs, footnotes = side_paragraphs(document, side)
    try:
        return build_edition(paragraphs, footnotes, source_name=source, body=body, limits=limits)
    except ParseError as error:
        if not marked:
            raise
        # Say which side failed: the paragraph numbers alone do not tell.
        view = "every change accepted" if side == "revised" else "every change rejected"
        raise ParseError(
            f"{error.reason} (in the {side} text, {view})", where=error.where, source=error.source
        ) from None
