"""The shape of a resolution edition as plain data, shared by every parser,
the alignment, the redline engine and the importer.

No ORM here: parsers produce these objects, the importer turns them into rows,
and the viewer turns rows back into them when it needs to align or compare.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field


class Kind(enum.StrEnum):
    RESOLUTION_LINE = "resolution"
    TITLE = "title"
    PREAMBLE = "preamble"
    HEADING = "heading"
    ITEM = "item"
    PARAGRAPH = "paragraph"
    FOOTNOTE = "footnote"
    # The title line right after an annex's heading ("ANNEX TO RESOLUTION 71 ...").
    ANNEX_TITLE = "annex-title"
    # A table: the clause holds its first row, its ROW children the others.
    TABLE = "table"
    ROW = "row"


# The parts of a resolution that stand outside any section.
FRONT_MATTER = (Kind.RESOLUTION_LINE, Kind.TITLE, Kind.PREAMBLE)

# The kinds that sit in a section, under its heading: what the alignment
# pairs within sections and the pages lay out in a section's body.
SECTION_BODY = (Kind.ITEM, Kind.PARAGRAPH, Kind.ANNEX_TITLE, Kind.TABLE, Kind.ROW)

# Between the cells of a table row, in a TABLE or ROW clause's text: a
# punctuation mark, so that the redline sees a cell boundary as a token.
CELL_SEPARATOR = " | "

# An annex, appendix or attachment opens with a line in capitals:
# "ANNEX TO RESOLUTION 71 (REV. DUBAI, 2018)", "ANNEX A", "APPENDIX 1 TO
# ANNEX 2", "ATTACHMENT". ITU's layout prints these words; they are not a
# list of section headings.
ANNEX_LINE = re.compile(
    r"(?P<kind>ANNEX|APPENDIX|ATTACHMENT)(?:\s+(?P<name>[A-Z0-9]{1,4}))?"
    r"(?P<to>\s+TO\s+(?:(?:ANNEX|APPENDIX)\s+(?P<of>[A-Z0-9]{1,4})|RESOLUTION\b[^a-z]*))?"
)

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
    # Index of the clause this one is nested under (an item under an item,
    # a paragraph continuing an item, a row of a table); None for a clause
    # directly in its section, and outside sections.
    parent: int | None = None


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
    """ "c)" -> "c", "1bis" -> "1bis", "a bis)" -> "a-bis"; "2.1" -> "2-1".
    (slugify keeps letters and digits only, so the closing bracket goes too.)"""
    return slugify(label)


BULLETS = ("–", "—", "-", "•", "·")


def is_bullet(label: str) -> bool:
    return label in BULLETS


def annex_slug(heading_text: str) -> str | None:
    """The section slug of an annex heading ("annex", "annex-a",
    "appendix-1-to-annex-2", "attachment"); None for any other heading."""
    match = ANNEX_LINE.fullmatch(normalize_space(heading_text))
    if match is None:
        return None
    parts = [match["kind"], match["name"] or ""]
    if match["of"]:
        parts += ["to", "annex" if "ANNEX" in match["to"] else "appendix", match["of"]]
    return slugify(" ".join(parts))


def _segment(clauses: Sequence[ParsedClause], index: int, ordinal: int) -> str:
    """A nested clause's own part of its path: "a" for a), "1" for 2.1
    under 2, "bullet-2" for the second dash, "para-2" for the paragraph
    continuing an item (the item's own text is its first), "row-2" (the
    table clause itself is its first row)."""
    clause = clauses[index]
    if clause.kind == Kind.ROW:
        return f"row-{ordinal + 1}"
    if clause.kind == Kind.PARAGRAPH:
        return f"para-{ordinal + 1}"
    if is_bullet(clause.label):
        return f"bullet-{ordinal}"
    if "." in clause.label:
        parts = clause.label.split(".")  # each part slugified: "2.1)" is 2 and 1
        if clause.parent is not None and clauses[clause.parent].kind == Kind.ITEM:
            return slugify(parts[-1])
        return "/".join(slugify(part) for part in parts)
    return label_slug(clause.label)


def clause_paths(clauses: Sequence[ParsedClause]) -> list[str]:
    """The permanent address of each clause within its edition.

    "resolution", "title", "preamble"; a heading is "<section>/heading"; an
    item "<section>/<label>"; a section's only unlabelled paragraph is
    "<section>" itself, several are "<section>/1", "<section>/2"; footnotes
    "footnote/<n>". Section slugs come from the heading text; an annex's
    from its kind and name ("annex", "annex-a"), and its title line is
    "<annex>/title". A nested clause is its parent's path and its own
    segment (`_segment`): "resolves/1/a/i", "annex/2/1" for 2.1 under 2,
    "resolves/2/bullet-1", "resolves/3/para-2"; a table is
    "<section>/table-<n>", its rows "<table>/row-<n>". A path that would
    repeat within the edition gets "-2", so paths are always unique.
    """
    places = _Places(clauses)
    paths: list[str] = []
    used: set[str] = set()
    for index in range(len(clauses)):
        path = places.path(index, paths)
        unique, n = path, 2
        while unique in used:
            unique, n = f"{path}-{n}", n + 1
        used.add(unique)
        paths.append(unique)
    return paths


class _Places:
    """What `clause_paths` needs to know about the whole edition: each
    section's slug, and each clause's ordinal among its siblings of the
    same sort (paragraphs, dashes, tables, rows) under the same parent or,
    for those directly in a section, in the same section."""

    RESERVED = {"resolution", "title", "preamble", "footnote"}

    def __init__(self, clauses: Sequence[ParsedClause]):
        self.clauses = clauses
        self.slugs: dict[int | None, str] = {}
        for index, clause in enumerate(clauses):
            if clause.kind == Kind.HEADING:
                base = annex_slug(clause.text) or slugify(clause.text) or "section"
                slug, n = base, 2
                while slug in self.slugs.values() or slug in self.RESERVED:
                    slug, n = f"{base}-{n}", n + 1
                self.slugs[index] = slug
        self.siblings: dict[tuple, list[int]] = {}
        for index, clause in enumerate(clauses):
            self.siblings.setdefault(self._group(clause), []).append(index)

    def _group(self, clause: ParsedClause) -> tuple:
        sort = "bullet" if is_bullet(clause.label) else clause.kind.value
        if clause.parent is not None:
            return (clause.parent, sort)
        return ("section", clause.section, sort)

    def ordinal(self, index: int) -> int:
        """1 for the first of its siblings of its sort."""
        return self.siblings[self._group(self.clauses[index])].index(index) + 1

    def path(self, index: int, paths: Sequence[str]) -> str:
        clause = self.clauses[index]
        section = self.slugs.get(clause.section, "text")
        if clause.kind in FRONT_MATTER and clause.section is None:
            return clause.kind.value
        if clause.kind == Kind.HEADING:
            return f"{self.slugs[index]}/heading"
        if clause.kind == Kind.FOOTNOTE:
            return f"footnote/{label_slug(clause.label) or index + 1}"
        if clause.kind == Kind.ANNEX_TITLE:
            return f"{self.slugs.get(clause.section, 'annex')}/title"
        if clause.kind == Kind.TABLE:
            return f"{section}/table-{self.ordinal(index)}"
        if clause.parent is not None and clause.parent < index:
            return f"{paths[clause.parent]}/{_segment(self.clauses, index, self.ordinal(index))}"
        if clause.kind == Kind.ITEM and is_bullet(clause.label):
            return f"{section}/bullet-{self.ordinal(index)}"
        if clause.kind == Kind.ITEM and clause.label:
            return f"{section}/{_segment(self.clauses, index, 0)}"
        paragraphs = self.siblings[self._group(clause)]
        if clause.section is None or len(paragraphs) == 1:
            return section
        return f"{section}/{self.ordinal(index)}"


def cited_labels(clauses: Sequence[ParsedClause]) -> list[str]:
    """How each clause's place below its section heading is cited, as ITU
    writes it: "b)", "1 a) i)" for a nested item, "2.1" for an annex
    paragraph (its number says it all), "2, indent 1" for a dash, "3,
    paragraph 2" for a paragraph continuing an item; "" where the heading
    alone is cited."""
    result: list[str] = []
    counts: dict[tuple[int, str], int] = {}
    for clause in clauses:
        own = clause.label
        if clause.parent is None or clause.kind in (Kind.TABLE, Kind.ROW):
            result.append("" if clause.kind == Kind.ROW else own)
            continue
        group = "bullet" if is_bullet(own) else clause.kind.value
        n = counts[(clause.parent, group)] = counts.get((clause.parent, group), 0) + 1
        above = result[clause.parent]
        if clause.kind == Kind.PARAGRAPH:
            result.append(f"{above}, paragraph {n + 1}" if above else f"paragraph {n + 1}")
        elif is_bullet(own):
            result.append(f"{above}, indent {n}" if above else f"indent {n}")
        elif "." in own:
            result.append(own)
        else:
            result.append(f"{above} {own}" if above else own)
    return result


def nesting_depths(clauses: Sequence[ParsedClause]) -> list[int]:
    """How many parents each clause has: 0 for a heading or a clause directly
    in its section, 1 for an item under an item, and so on (the depth stored
    with each clause version)."""
    depths: list[int] = []
    for clause in clauses:
        depths.append(depths[clause.parent] + 1 if clause.parent is not None else 0)
    return depths


def path_anchor(path: str) -> str:
    """The HTML id of a clause on an edition page: "noting/b" -> "noting-b"."""
    return path.replace("/", "-")
