"""The shape of a resolution edition as plain data, shared by every parser,
the alignment, the redline engine and the importer.

No ORM here: parsers produce these objects, the importer turns them into rows,
and the viewer turns rows back into them when it needs to align or compare.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass, field


class Kind(enum.StrEnum):
    RESOLUTION_LINE = "resolution"
    TITLE = "title"
    PREAMBLE = "preamble"
    HEADING = "heading"
    ITEM = "item"
    PARAGRAPH = "paragraph"
    FOOTNOTE = "footnote"


# The parts of a resolution that stand outside any section.
FRONT_MATTER = (Kind.RESOLUTION_LINE, Kind.TITLE, Kind.PREAMBLE)

# A footnote reference inside clause text: "organizations[^1] involved".
# One token for the redline engine, rendered as a superscript link.
FOOTNOTE_REF = re.compile(r"\[\^(\d+)\]")

# What the alignment and the redline engine compare: words (\w+), footnote
# references ("[^12]", one token, so that a renumbered footnote is one
# change) and each punctuation mark on its own. Everything else is white
# space, which is never compared. One capture group, so that split() keeps
# the tokens and findall() returns them.
TOKEN = re.compile(r"(\[\^\d+\]|\w+|[^\w\s])")


class ParseError(ValueError):
    """Input that cannot be read as a resolution edition.

    `where` says where in the source ("line 12", "paragraph 40",
    "word/document.xml"), so that the message alone lets an admin find it.
    """

    def __init__(self, reason: str, *, where: str = "", source: str = ""):
        self.reason = reason
        self.where = where
        self.source = source
        super().__init__(self.message)

    @property
    def message(self) -> str:
        location = ", ".join(part for part in (self.source, self.where) if part)
        return f"{location}: {self.reason}" if location else self.reason


@dataclass(frozen=True)
class SourceParagraph:
    """One paragraph as a reader of the source file sees it, before any
    structure is decided. Every format's reader produces these; one builder
    (resolutions.parsing.structure) turns them into a ParsedEdition."""

    # The visible text; footnote references already written as "[^n]".
    text: str
    # Where it is in the source, for messages: "line 12", "paragraph 40".
    where: str
    # What the source's styling says it is: "" (let the text decide),
    # "resolution", "title", "heading" or "body".
    role: str = ""
    # A label produced by automatic numbering, when it is not in the text.
    label: str = ""
    # A table: its rows, each a tuple of cell texts (`text` is "" then).
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class ParsedClause:
    kind: Kind
    text: str
    # As printed, including its punctuation: "c)", "4", "1bis", "a bis)".
    label: str = ""
    # Index (in ParsedEdition.clauses) of the heading this clause sits under;
    # None for front matter, headings and footnotes.
    section: int | None = None
    # Where the clause came from, for messages: "line 12", "paragraph 40".
    where: str = ""


@dataclass(frozen=True)
class ParsedEdition:
    body: str  # "pp", "wtsa", "wtdc", "ra" (models.Body)
    number: int
    city: str
    year: int
    designation: str  # as printed in the resolution line: "Rev. Busan, 2014"
    title: str
    clauses: tuple[ParsedClause, ...]
    source_name: str = ""
    notes: tuple[str, ...] = field(default=())

    def sections(self) -> dict[int, list[int]]:
        """Heading index -> indexes of the clauses under it, in order."""
        result: dict[int, list[int]] = {
            index: [] for index, clause in enumerate(self.clauses) if clause.kind == Kind.HEADING
        }
        for index, clause in enumerate(self.clauses):
            if clause.section is not None:
                result[clause.section].append(index)
        return result


def normalize_space(text: str) -> str:
    """Collapse every run of white space (including U+00A0) into one space."""
    return " ".join(text.replace("\u00a0", " ").split())


def slugify(text: str, max_length: int = 80) -> str:
    """ASCII, lower-case, hyphenated; cut at a word boundary so that long
    headings still give readable URLs."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length and slug:
            break
        slug = candidate
    return slug


def label_slug(label: str) -> str:
    """ "c)" -> "c", "1bis" -> "1bis", "a bis)" -> "a-bis"."""
    return slugify(label.rstrip(")"))


def clause_paths(clauses: tuple[ParsedClause, ...] | list[ParsedClause]) -> list[str]:
    """The permanent address of each clause within its edition.

    "resolution", "title", "preamble"; a heading is "<section>/heading"; an
    item "<section>/<label>"; a section's only unlabelled paragraph is
    "<section>" itself, several are "<section>/1", "<section>/2"; footnotes
    "footnote/<n>". Section slugs come from the heading text. A path that
    would repeat within the edition gets "-2", so paths are always unique.
    """
    section_slugs: dict[int, str] = {}
    seen: set[str] = set()
    for index, clause in enumerate(clauses):
        if clause.kind == Kind.HEADING:
            base = slugify(clause.text) or "section"
            slug, n = base, 2
            while slug in seen or slug in {"resolution", "title", "preamble", "footnote"}:
                slug, n = f"{base}-{n}", n + 1
            seen.add(slug)
            section_slugs[index] = slug

    paragraphs_per_section: dict[int, list[int]] = {}
    for index, clause in enumerate(clauses):
        if clause.kind == Kind.PARAGRAPH and clause.section is not None:
            paragraphs_per_section.setdefault(clause.section, []).append(index)

    paths: list[str] = []
    used: set[str] = set()
    for index, clause in enumerate(clauses):
        if clause.kind in FRONT_MATTER:
            path = clause.kind.value
        elif clause.kind == Kind.HEADING:
            path = f"{section_slugs[index]}/heading"
        elif clause.kind == Kind.FOOTNOTE:
            path = f"footnote/{label_slug(clause.label) or index + 1}"
        elif clause.kind == Kind.ITEM and clause.label:
            path = f"{section_slugs[clause.section]}/{label_slug(clause.label)}"
        else:
            siblings = paragraphs_per_section.get(clause.section, [index])
            slug = section_slugs.get(clause.section, "text")
            path = slug if len(siblings) == 1 else f"{slug}/{siblings.index(index) + 1}"
        unique, n = path, 2
        while unique in used:
            unique, n = f"{path}-{n}", n + 1
        used.add(unique)
        paths.append(unique)
    return paths


def path_anchor(path: str) -> str:
    """The HTML id of a clause on an edition page: "noting/b" -> "noting-b"."""
    return path.replace("/", "-")
