"""Reading untrusted uploads without letting them hurt the server.

Every limit is checked before the expensive work it protects: the upload size
before anything else, the zip's central directory before anything is inflated,
each member with a bounded read (declared sizes are the attacker's to choose),
and XML only through a parser that never fetches, never expands entities and
refuses a DTD outright. Every refusal is a ParseError saying what and where.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from resolutions.document import ParseError, SourceParagraph, normalize_space

MB = 1024 * 1024

# libxml2 refuses deeper nesting unless huge_tree is set; kept as a constant
# so that messages and the HTML walk agree with the parser.
MAX_DEPTH = 256


@dataclass(frozen=True)
class Limits:
    """How much an upload may cost. These defaults are the only ones:
    config/settings.py reads them for its RESOLUTIONS_* settings, and Django
    callers build one with `Limits.from_settings(settings)`, so that this
    module never imports Django."""

    upload_max_bytes: int = 10 * MB
    docx_max_uncompressed_bytes: int = 50 * MB
    docx_max_entries: int = 500
    # A member this much larger than its compressed form is a zip bomb: real
    # Word XML compresses about 10:1. Small members are exempt because tiny
    # repetitive parts legitimately reach high ratios.
    max_compression_ratio: int = 200
    ratio_exempt_bytes: int = 1 * MB
    # What one page may cost: every clause of an edition is on its page and
    # in its comparisons. Real resolutions have under 200 clauses of under
    # 1,000 characters.
    max_clauses: int = 2_000
    max_clause_chars: int = 10_000
    # Levels of items under items: ITU goes 1 -> a) -> i) -> dash, and
    # annexes to 2.1.3.4; deeper is a malformed or hostile file. The readers
    # hold Word's numbering levels and HTML's nested lists to it too.
    max_depth: int = 6
    # A table is one clause whose every cell is compared and shown: real
    # resolutions' tables have tens of rows of a few columns.
    max_table_cells: int = 2_000

    @classmethod
    def from_settings(cls, settings: Any) -> Limits:
        defaults = cls()
        return cls(
            upload_max_bytes=getattr(settings, "RESOLUTIONS_UPLOAD_MAX_BYTES", defaults.upload_max_bytes),
            docx_max_uncompressed_bytes=getattr(
                settings, "RESOLUTIONS_DOCX_MAX_UNCOMPRESSED_BYTES", defaults.docx_max_uncompressed_bytes
            ),
            docx_max_entries=getattr(settings, "RESOLUTIONS_DOCX_MAX_ENTRIES", defaults.docx_max_entries),
            max_clauses=getattr(settings, "RESOLUTIONS_MAX_CLAUSES", defaults.max_clauses),
            max_clause_chars=getattr(settings, "RESOLUTIONS_MAX_CLAUSE_CHARS", defaults.max_clause_chars),
        )

    def check_table_cells(self, count: int, *, where: str, source: str) -> None:
        """Refuse a table, Word's or HTML's, once it has read more cells than allowed."""
        if count > self.max_table_cells:
            raise ParseError(
                f"the table has more than the {self.max_table_cells:,} cells allowed",
                where=where,
                source=source,
            )


def size_text(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n} bytes"


def check_upload_size(data: bytes, limits: Limits, *, source: str = "") -> None:
    if len(data) > limits.upload_max_bytes:
        raise ParseError(
            f"the file is {size_text(len(data))} ({len(data):,} bytes), "
            f"more than the {size_text(limits.upload_max_bytes)} allowed",
            source=source,
        )
    if not data.strip():
        raise ParseError("the file is empty", source=source)


def check_clause_bounds(
    paragraphs: Sequence[SourceParagraph], footnotes: Mapping[str, str], limits: Limits, *, source: str = ""
) -> None:
    """Refuse an edition with too many clauses, or a clause too long, before
    its structure is worked out. `paragraphs` are the non-blank ones: each
    becomes one clause, as does each footnote, so the count is exact."""
    count = sum(max(len(p.rows), 1) for p in paragraphs) + len(footnotes)
    if count > limits.max_clauses:
        raise ParseError(
            f"the edition has {count:,} clauses, more than the {limits.max_clauses:,} allowed",
            source=source,
        )
    texts = [(p.where, p.text) for p in paragraphs] + [(f"footnote {n}", t) for n, t in footnotes.items()]
    texts += [(p.where, " | ".join(row)) for p in paragraphs for row in p.rows]
    for where, text in texts:
        length = len(normalize_space(text))
        if length > limits.max_clause_chars:
            raise ParseError(
                f"this clause has {length:,} characters, more than the {limits.max_clause_chars:,} "
                "allowed for one clause",
                where=where,
                source=source,
            )


# ---------------------------------------------------------------- zip files


# What zipfile raises on a damaged archive: a corrupt directory or stream, a
# seek outside the file, an unsupported compression method or encryption.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    zlib.error,
    NotImplementedError,
    RuntimeError,
)


def _unsafe_name(name: str) -> bool:
    # Both separators count: a Windows-made archive may use backslashes, and
    # a drive letter is an absolute path there.
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or bool(re.match(r"^[A-Za-z]:", name))


class SafeZip:
    """A zip archive whose directory has been vetted; members are read by
    name with a bounded read and a shared budget for the whole archive."""

    def __init__(self, data: bytes, limits: Limits, *, source: str = ""):
        self.source = source
        self.limits = limits
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except ZIP_ERRORS as error:
            raise ParseError(
                f"the file is a truncated or corrupt zip archive ({error})", source=source
            ) from None
        if len(infos) > limits.docx_max_entries:
            raise ParseError(
                f"the archive has {len(infos)} entries, more than the {limits.docx_max_entries} allowed",
                source=source,
            )
        for info in infos:
            if _unsafe_name(info.filename):
                raise ParseError(f"the archive holds an unsafe entry name {info.filename!r}", source=source)
            if info.flag_bits & 0x1:
                raise ParseError("the archive is encrypted: save it without a password", source=source)
        declared = sum(info.file_size for info in infos)
        if declared > limits.docx_max_uncompressed_bytes:
            raise ParseError(
                f"the archive would inflate to {size_text(declared)}, "
                f"more than the {size_text(limits.docx_max_uncompressed_bytes)} allowed",
                source=source,
            )
        for info in infos:
            ratio = info.file_size // max(info.compress_size, 1)
            if info.file_size > limits.ratio_exempt_bytes and ratio > limits.max_compression_ratio:
                raise ParseError(
                    f"entry {info.filename!r} inflates {ratio} times its compressed size (a zip bomb?)",
                    source=source,
                )
        self._names = {posixpath.normpath(info.filename): info for info in infos}
        self._budget = limits.docx_max_uncompressed_bytes

    def names(self) -> list[str]:
        return list(self._names)

    def entries(self) -> list[zipfile.ZipInfo]:
        """The vetted entries in archive order, for writing a copy of it."""
        return list(self._names.values())

    def has(self, name: str) -> bool:
        return name in self._names

    def read(self, name: str) -> bytes:
        """The member's bytes, never more than what is left of the budget,
        whatever the archive declares."""
        info = self._names.get(name)
        if info is None:
            raise ParseError(f"the archive has no {name}", source=self.source)
        try:
            with self._zip.open(info) as member:
                data = member.read(self._budget + 1)
        except ZIP_ERRORS as error:
            raise ParseError(f"cannot inflate this entry ({error})", where=name, source=self.source) from None
        if len(data) > self._budget:
            allowed = size_text(self.limits.docx_max_uncompressed_bytes)
            raise ParseError(
                f"the archive inflates to more than the {allowed} allowed",
                where=name,
                source=self.source,
            )
        self._budget -= len(data)
        return data


# ---------------------------------------------------------------- XML


def _xml_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


# A DTD can only appear before the root element; looking for it in the bytes
# refuses it before libxml2 spends anything on it. UTF-16 parts are caught
# after parsing by the docinfo check.
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)


def _parser_reason(message: str, language: str) -> str:
    """libxml2's message, reworded when it is one of its resource limits."""
    lowered = message.lower()
    if "depth" in lowered:
        return f"the {language} nests deeper than {MAX_DEPTH} levels"
    if "huge" in lowered or "too long" in lowered:
        return f"the {language} holds a text node larger than 10 MB"
    return f"the {language} is not well-formed ({message.strip()})"


def parse_xml(data: bytes, *, where: str, source: str = "") -> etree._Element:
    """The root of an XML part, read with entities, DTDs and the network off."""
    if _DOCTYPE.search(data):
        raise ParseError("the XML declares a DTD (<!DOCTYPE>), which is refused", where=where, source=source)
    try:
        root = etree.fromstring(data, _xml_parser())
    except etree.XMLSyntaxError as error:
        raise ParseError(_parser_reason(str(error), "XML"), where=where, source=source) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise ParseError("the XML declares a DTD (<!DOCTYPE>), which is refused", where=where, source=source)
    return root


# ---------------------------------------------------------------- HTML


# HTML has no use for a DTD's internal subset; libxml2 would show it as text.
_HTML_ENTITIES = re.compile(rb"<!ENTITY|<!DOCTYPE[^>\[]*\[", re.I)


def parse_html(data: bytes, *, source: str = "", encoding: str | None = None) -> etree._Element:
    """The <html> root of a page, read without network access. libxml2's HTML
    parser recovers from resource limits by silently dropping content, so its
    fatal errors are turned into refusals instead."""
    if _HTML_ENTITIES.search(data):
        raise ParseError("the HTML declares entities (<!ENTITY>), which is refused", source=source)
    parser = lxml_html.HTMLParser(
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
        default_doctype=False,
        encoding=encoding,
    )
    try:
        root = lxml_html.document_fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise ParseError(f"the HTML cannot be read ({error})", source=source) from None
    for entry in parser.error_log:
        if entry.level_name == "FATAL" or entry.type_name == "ERR_RESOURCE_LIMIT":
            reason = _parser_reason(entry.message, "HTML")
            raise ParseError(reason, where=f"line {entry.line}", source=source)
    return root
