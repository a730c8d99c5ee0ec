"""Deciding the structure of a resolution edition, for every source format.

Readers (plain text, Word, HTML) turn a file into SourceParagraphs and a
footnote table; `build_edition` is the one place that decides what each
paragraph is, so that every format follows the same rules.

The rules, in order:

1. Front matter is positional. The first non-blank paragraph must be the
   resolution line, ``RESOLUTION 102 (Rev. Busan, 2014)`` or a first
   adoption's ``RESOLUTION 200 (Busan, 2014)``; an assembly's
   ``RESOLUTION ITU-R 2-8`` takes the years of its revisions from the next
   line, ``(1993-1995-2019)`` (the last is the edition's year). The next
   paragraph is the title, the one after it the preamble (``The
   Plenipotentiary Conference of the International Telecommunication Union
   (Busan, 2014),``, ``The World Telecommunication Standardization Assembly
   (Hammamet, 2016),``), whose conference name tells the body unless the
   caller passes one.
2. A paragraph with a label (from automatic numbering, or printed at its
   start: ``a)``, ``aa)``, ``a bis)``, ``i)``, ``1``, ``1bis``, ``2.1``,
   ``–``, ``•``, then white space) is an item. Labels follow their sequence
   at their level: a), b) ... z), aa), bb) ...; i), ii), iii) ...; 1, 2, 3
   ...; 2.1, 2.2 ...; a ``bis``/``ter`` label may follow its base; dashes
   and bullets repeat. Nesting is decided by the labels alone, never by
   indentation, in ITU's order: under a number, letters, roman numbers,
   its own dotted numbers (2.1 under 2) or dashes; under a letter, roman
   numbers or dashes; under a roman number, dashes; under a paragraph,
   dashes (CHILD_STYLES). A label is read, in this order, as the next one
   of the innermost level, as the first one of a level under the item just
   read, or as the next one of an outer level ("i)" after "h)" is a letter,
   after "a)" a roman one). More than Limits.max_depth levels are refused.
   Within a level, letters and numbers do not mix. A label that is two
   labels run together (``cb)`` for c) -> b), ``21`` for 2 -> 1) or that
   repeats the one before it is what a revision-marked document looks like
   once its marks are lost, and the error says so.
3. An unlabelled paragraph is decided by structure first, and by shape only
   where structure leaves a choice, never by a list of heading words (real
   resolutions have "Deeply concerned", "further resolves", "encourages
   Member States", "instructs the Secretary-General, in consultation with
   the Directors of the Bureaux," and headings ending in a comma):
   - right after the preamble or after an item, it opens a new section
     (kind HEADING), unless it is no heading in shape and what follows it
     could not be its section's content (the next label of the items, a
     heading, the end): then it continues the item (kind PARAGRAPH, its
     `parent` the item), as does an unlabelled paragraph after that one;
   - right after a heading, it is that section's paragraph (kind PARAGRAPH);
   - right after a paragraph, it is a heading if it is shaped like one: at
     most HEADING_MAX_LENGTH characters and not ending in ``;``, ``.`` or
     ``:`` (a sentence that continues or ends); otherwise another paragraph
     of the same section.
   A role given by the source's styling ("heading", "body") overrides 3.
   Structure wins over shape: a finished sentence right after an item is
   still taken as a heading, and ParsedEdition.notes says so.
4. A line in capitals naming an annex (``ANNEX TO RESOLUTION 71 (REV.
   DUBAI, 2018)``, ``ANNEX A``, ``APPENDIX 1 TO ANNEX 2``, ``ATTACHMENT``;
   document.ANNEX_LINE) opens an annex: a section whose heading is that
   line, whose first short unlabelled line is its title (ANNEX_TITLE), and
   where everything up to the next annex belongs: numbered headings and
   paragraphs are items (``1 Introduction``, ``2.1 ...``), and unnumbered
   paragraphs continue the item before them.
5. A table (a paragraph with `rows`) is a TABLE clause holding its first
   row, and a ROW clause per further row, its `parent` the table; cells
   are joined by document.CELL_SEPARATOR.
6. Footnotes become Kind.FOOTNOTE clauses after every other clause, in number
   order; every ``[^n]`` needs a footnote n and every footnote a reference.

Anything else is a ParseError naming where it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NoReturn

from resolutions.document import (
    ANNEX_LINE,
    CELL_SEPARATOR,
    FOOTNOTE_REF,
    Kind,
    ParsedClause,
    ParsedEdition,
    ParseError,
    SourceParagraph,
    normalize_space,
)
from resolutions.parsing.safety import Limits, check_clause_bounds

# The longest real heading (the CWG-Internet one) has 188 characters; the
# shortest unlabelled paragraphs of the bundled editions have close to 400.
HEADING_MAX_LENGTH = 220

REVISION_MARKED = "looks like a revision-marked document (deleted and inserted text run together)"

RESOLUTION_LINE = re.compile(
    r"RESOLUTION\s+(?P<number>[0-9]{1,5})\s*\((?P<designation>[^()]*)\)", re.IGNORECASE
)
# A Radiocommunication Assembly's resolution carries its revision in its
# number and the year of each revision on the next line (or the same):
# "RESOLUTION ITU-R 2-8" / "(1993-1995-1997-2000-2003-2007-2012-2015-2019)".
RA_LINE = re.compile(
    r"RESOLUTION\s+(?P<designation>ITU-R\s+(?P<number>[0-9]{1,5})(?:-(?P<revision>[0-9]{1,2}))?)"
    r"(?:\s+(?P<years>\([0-9]{4}(?:\s*-\s*[0-9]{4})*\)))?",
    re.IGNORECASE,
)
RA_YEARS = re.compile(r"\([0-9]{4}(?:\s*-\s*[0-9]{4})*\)")
# The city must hold a letter; "Busan,2014" (no space) is tolerated.
DESIGNATION = re.compile(
    r"(?:Rev\.\s*)?(?P<city>[^,]*[^\W\d_][^,]*?)\s*,\s*(?P<year>[0-9]{4})", re.IGNORECASE
)
# A year with more text run onto it: "Guadalajara, 2010Busan,2014".
RUN_TOGETHER_YEAR = re.compile(r"[0-9]{4}\s*[^\W\d_]")

# The conference named in the preamble decides the body.
BODIES = {
    "plenipotentiary conference": "pp",
    "world telecommunication standardization assembly": "wtsa",
    "world telecommunication development conference": "wtdc",
    "radiocommunication assembly": "ra",
}

SUFFIXES = ("bis", "ter", "quater", "quinquies")
_SUFFIX = "|".join(SUFFIXES)
# Labels as printed: "a)", "aa)", "a bis)", "i)", "iv)", "1", "1bis",
# "2.1", "2.1.3", "–", "•". Bases are short so that a paragraph opening
# with a year ("2014 plenipotentiary ...") is text.
LABELS = {
    "letter": re.compile(rf"(?P<base>[a-z]{{1,3}})(?:\s?(?P<suffix>{_SUFFIX}))?\)"),
    "roman": re.compile(rf"(?P<base>[ivxl]{{1,6}})(?:\s?(?P<suffix>{_SUFFIX}))?\)"),
    "number": re.compile(rf"(?P<base>[0-9]{{1,3}})(?:\s?(?P<suffix>{_SUFFIX}))?"),
    "dotted": re.compile(rf"(?P<base>[0-9]{{1,3}}(?:\.[0-9]{{1,3}})+)(?:\s?(?P<suffix>{_SUFFIX}))?"),
    "bullet": re.compile(r"(?P<base>[–—•·-])(?P<suffix>)"),
}
# A label at the start of a paragraph, then its text; a number or a bullet
# needs white space after it, a letter label is closed by its parenthesis.
PRINTED_LABEL = re.compile(
    rf"(?P<label>(?:[a-z]{{1,3}}|[ivxl]{{1,6}})(?:\s?(?:{_SUFFIX}))?\)"
    rf"|[0-9]{{1,3}}(?:\.[0-9]{{1,3}})*(?:\s?(?:{_SUFFIX}))?(?=\s)"
    r"|[–—•·-](?=\s))\s*(?P<text>.*)"
)
ROMAN = re.compile(r"(?=[ivxl])(?P<tens>xl|l?x{0,3})(?P<units>ix|iv|v?i{0,3})")
ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50}

# Which label styles may open a level under an item of each style: ITU
# nests 1 -> a) -> i), a) -> i), 2 -> 2.1 -> 2.1.1, and a dash or bullet
# list under anything. A dash list may also hang from a paragraph.
CHILD_STYLES = {
    "number": ("letter", "roman", "dotted", "bullet"),
    "letter": ("roman", "bullet"),
    "roman": ("bullet",),
    "dotted": ("dotted", "letter", "bullet"),
    "bullet": (),
    "paragraph": ("bullet",),
}

FOOTNOTE_NUMBER = re.compile(r"[0-9]{1,4}")

MIN_YEAR, MAX_YEAR = 1865, 2100


@dataclass(frozen=True)
class Label:
    """A label's place in its sequence: style "letter" or "number", the
    position of its base (None for a letter run that is no label, such as
    "cb"), and its bis/ter rank (0 for none)."""

    printed: str
    style: str
    base: str
    position: int | None
    rank: int
    # A dotted number's parts: (2, 1, 3) for 2.1.3; (n,) for a number.
    parts: tuple[int, ...] = ()


def build_edition(
    paragraphs: Sequence[SourceParagraph],
    footnotes: Mapping[str, str],
    *,
    source_name: str = "",
    body: str | None = None,
    limits: Limits | None = None,
) -> ParsedEdition:
    """Decide the structure of one edition (see the module docstring),
    within `limits` (default: Limits()'s clause count and length)."""
    content = [p for p in paragraphs if normalize_space(p.text) or p.rows]
    if not content:
        where = paragraphs[0].where if paragraphs else ""
        raise ParseError("empty document: no text at all", where=where, source=source_name)
    check_clause_bounds(content, footnotes, limits or Limits(), source=source_name)
    error = _ErrorFactory(source_name)

    resolution = content[0]
    assembly = RA_LINE.fullmatch(normalize_space(resolution.text))
    if assembly is not None:
        if (
            not assembly["years"]
            and len(content) > 1
            and RA_YEARS.fullmatch(normalize_space(content[1].text))
        ):
            years = content[1]
            resolution = SourceParagraph(f"{resolution.text} {years.text}", resolution.where)
            content = [resolution, *content[2:]]
        number, city, year, designation = _read_assembly_line(resolution, error)
    else:
        number, city, year, designation = _read_resolution_line(resolution, content, error)
    if len(content) < 3:
        raise error("the resolution line must be followed by a title and a preamble", content[-1].where)
    title, preamble = content[1], content[2]
    edition_body = body or _body_from_preamble(preamble, error)

    clauses = [
        ParsedClause(Kind.RESOLUTION_LINE, normalize_space(resolution.text), where=resolution.where),
        _front_clause(Kind.TITLE, title, error),
        _front_clause(Kind.PREAMBLE, preamble, error),
    ]
    notes: list[str] = []
    _read_sections(content[3:], clauses, notes, error, limits or Limits())
    clauses.extend(_footnote_clauses(clauses, footnotes, error))
    return ParsedEdition(
        body=edition_body,
        number=number,
        city=city,
        year=year,
        designation=designation,
        title=clauses[1].text,
        clauses=tuple(clauses),
        source_name=source_name,
        notes=tuple(notes),
    )


class _ErrorFactory:
    """Makes ParseErrors that all name the same source file."""

    def __init__(self, source: str):
        self.source = source

    def __call__(self, reason: str, where: str) -> ParseError:
        return ParseError(reason, where=where, source=self.source)


def _read_resolution_line(
    paragraph: SourceParagraph, content: Sequence[SourceParagraph], error: _ErrorFactory
) -> tuple[int, str, int, str]:
    text = normalize_space(paragraph.text)
    match = RESOLUTION_LINE.fullmatch(text)
    if match is None:
        later = next((p for p in content[1:] if RESOLUTION_LINE.fullmatch(normalize_space(p.text))), None)
        if later is not None:
            raise error(f"text before the RESOLUTION line ({later.where}): {_quote(text)}", paragraph.where)
        raise error(
            f"no RESOLUTION line: expected 'RESOLUTION <number> (<City>, <year>)' first, "
            f"found {_quote(text)}",
            paragraph.where,
        )
    designation = normalize_space(match["designation"])
    parts = DESIGNATION.fullmatch(designation)
    if parts is None:
        if RUN_TOGETHER_YEAR.search(designation):
            raise error(f"{REVISION_MARKED}: resolution line reads ({designation})", paragraph.where)
        raise error(
            f"the resolution line's designation ({designation}) is not '<City>, <year>' "
            "or 'Rev. <City>, <year>'",
            paragraph.where,
        )
    year = int(parts["year"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise error(f"the resolution line's year {year} is not a plausible ITU year", paragraph.where)
    return int(match["number"]), parts["city"], year, designation


def _read_assembly_line(paragraph: SourceParagraph, error: _ErrorFactory) -> tuple[int, str, int, str]:
    """An RA resolution line: the number, no city (an assembly's
    resolutions do not print one), the last year of revision, and the
    designation as cited ("ITU-R 2-8")."""
    match = RA_LINE.fullmatch(normalize_space(paragraph.text))
    assert match is not None
    if not match["years"]:
        raise error(
            "an ITU-R resolution line needs the years of its revisions after it, as '(1993-1995-2019)'",
            paragraph.where,
        )
    year = int(re.findall(r"[0-9]{4}", match["years"])[-1])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise error(f"the resolution line's year {year} is not a plausible ITU year", paragraph.where)
    designation = "ITU-R " + match["number"] + (f"-{match['revision']}" if match["revision"] else "")
    return int(match["number"]), "", year, designation


def _front_clause(kind: Kind, paragraph: SourceParagraph, error: _ErrorFactory) -> ParsedClause:
    text = normalize_space(paragraph.text)
    if paragraph.label or PRINTED_LABEL.fullmatch(text):
        raise error(f"expected the {kind.value}, found a labelled item {_quote(text)}", paragraph.where)
    return ParsedClause(kind, text, where=paragraph.where)


def _body_from_preamble(preamble: SourceParagraph, error: _ErrorFactory) -> str:
    text = normalize_space(preamble.text).lower()
    for name, body in BODIES.items():
        if name in text:
            return body
    raise error(
        "cannot tell the ITU body: the preamble names none of "
        + ", ".join(name.title() for name in BODIES)
        + "; give the body explicitly",
        preamble.where,
    )


def _read_sections(
    paragraphs: Sequence[SourceParagraph],
    clauses: list[ParsedClause],
    notes: list[str],
    error: _ErrorFactory,
    limits: Limits,
) -> None:
    """Append headings, items and paragraphs to `clauses` (rules 2 to 5)."""
    reader = _SectionReader(clauses, notes, error, limits)
    for position, paragraph in enumerate(paragraphs):
        reader.read(paragraph, paragraphs[position + 1] if position + 1 < len(paragraphs) else None)
    if reader.section is None:
        raise error("no sections after the preamble", clauses[-1].where)
    if clauses[-1].kind == Kind.HEADING:
        raise error(f"the heading {_quote(clauses[-1].text)} has nothing under it", clauses[-1].where)


@dataclass
class _Level:
    """One level of labelled items in the current section: its style, the
    last label read at it, the labels seen (for repeats), the clause its
    items hang from (None: the section) and the last item's index."""

    style: str
    last: Label
    seen: dict[str, str]
    parent: int | None
    item: int


class _SectionReader:
    """Rules 2 to 5, one paragraph at a time, with the levels of items
    open in the current section."""

    def __init__(self, clauses: list[ParsedClause], notes: list[str], error: _ErrorFactory, limits: Limits):
        self.clauses, self.notes, self.error, self.limits = clauses, notes, error, limits
        self.section: int | None = None
        self.annex = False
        self.levels: list[_Level] = []

    def read(self, paragraph: SourceParagraph, following: SourceParagraph | None) -> None:
        clauses, error = self.clauses, self.error
        text = normalize_space(paragraph.text)
        if paragraph.rows:
            self._table(paragraph)
            return
        # An annex's line and title may be styled like the resolution's own
        # (Word's ResNo and Restitle): the words and the place decide.
        if paragraph.role != "body" and not paragraph.label and ANNEX_LINE.fullmatch(text):
            self._open_section(text, paragraph.where, annex=True)
            return
        if paragraph.role == "title" and self.annex and clauses[-1].kind == Kind.HEADING:
            clauses.append(ParsedClause(Kind.ANNEX_TITLE, text, section=self.section, where=paragraph.where))
            return
        if (
            paragraph.role in ("resolution", "title")
            or RESOLUTION_LINE.fullmatch(text)
            or RA_LINE.fullmatch(text)
        ):
            raise error(
                f"a second resolution line or title after the preamble: {_quote(text)}; "
                "one file holds one resolution",
                paragraph.where,
            )
        label, text = _split_label(paragraph, text, error)
        previous = clauses[-1].kind
        if not self.annex and (
            paragraph.role == "heading"
            or (
                label is None
                and _opens_section(paragraph, text, previous)
                and not self._continues(text, following)
            )
        ):
            if previous in (Kind.ITEM, Kind.TABLE, Kind.ROW) and not looks_like_heading(text):
                self.notes.append(f"{paragraph.where}: unlabelled text after an item taken as a heading")
            self._open_section(text, paragraph.where, annex=False)
            return
        if self.section is None:
            raise error(f"{_quote(text)} comes before any section heading", paragraph.where)
        if label is None:
            self._paragraph(text, paragraph.where, previous)
            return
        self._item(label, text, paragraph.where)

    def _open_section(self, text: str, where: str, *, annex: bool) -> None:
        self.section, self.annex, self.levels = len(self.clauses), annex, []
        self.clauses.append(ParsedClause(Kind.HEADING, text, where=where))

    def _continues(self, text: str, following: SourceParagraph | None) -> bool:
        """Rule 3's exception: after an item, a paragraph that is no heading
        in shape continues the item when what follows it cannot be under it
        as a section: the next label of the items, a heading, the end."""
        if self.clauses[-1].kind not in (Kind.ITEM, Kind.PARAGRAPH) or not self.levels:
            return False
        if looks_like_heading(text):
            return False
        if following is None:
            return True
        after = normalize_space(following.text)
        if following.rows or ANNEX_LINE.fullmatch(after):
            return True
        if following.label or PRINTED_LABEL.fullmatch(after):
            try:
                label, _ = _split_label(following, after, self.error)
            except ParseError:
                return False
            return label is not None and self._place(label, continuing_only=True) is not None
        return following.role == "heading" or looks_like_heading(after)

    def _paragraph(self, text: str, where: str, previous: Kind) -> None:
        clauses = self.clauses
        parent: int | None = None
        if previous == Kind.PARAGRAPH:
            parent = clauses[-1].parent
        elif previous == Kind.ITEM or (self.annex and self.levels):
            # Under the innermost item that can hold text: not a dash.
            while self.levels and self.levels[-1].style == "bullet":
                self.levels.pop()
            parent = self.levels[-1].item if self.levels else None
        if self.annex and previous == Kind.HEADING and looks_like_heading(text):
            clauses.append(ParsedClause(Kind.ANNEX_TITLE, text, section=self.section, where=where))
            return
        clauses.append(ParsedClause(Kind.PARAGRAPH, text, section=self.section, where=where, parent=parent))

    def _item(self, label: Label, text: str, where: str) -> None:
        clauses = self.clauses
        placed = self._place(label)
        if placed is None:
            self._refuse(label, where)
        depth, chosen, parent = placed
        if depth >= self.limits.max_depth:
            raise self.error(
                f"item {chosen.printed} is nested {depth + 1} levels deep, more than the "
                f"{self.limits.max_depth} allowed",
                where,
            )
        if not text:
            raise self.error(f"item {chosen.printed} has no text", where)
        index = len(clauses)
        if depth < len(self.levels) and self.levels[depth].style == chosen.style:
            del self.levels[depth + 1 :]
            level = self.levels[depth]
            level.last, level.item = chosen, index
            if chosen.style != "bullet":
                level.seen[chosen.printed] = where
        else:
            del self.levels[depth:]
            self.levels.append(_Level(chosen.style, chosen, {chosen.printed: where}, parent, index))
        clauses.append(
            ParsedClause(
                Kind.ITEM, text, label=chosen.printed, section=self.section, where=where, parent=parent
            )
        )

    def _place(self, label: Label, *, continuing_only: bool = False) -> tuple[int, Label, int | None] | None:
        """Where the label goes: (depth of its level, the label as read
        there, the clause it hangs from). The next label of the innermost
        level first, then a first label under the last item (or a dash
        under the paragraph just read), then the next label of an outer
        level; None when none fits (rule 2)."""
        readings = interpretations(label.printed)
        depths = range(len(self.levels) - 1, -1, -1)
        return (
            self._continuing(readings, depths[:1])
            or (None if continuing_only else self._opening(readings))
            or self._continuing(readings, depths[1:])
        )

    def _continuing(
        self, readings: Sequence[Label], depths: Sequence[int]
    ) -> tuple[int, Label, int | None] | None:
        """The first of `depths` whose level the label continues."""
        for depth in depths:
            level = self.levels[depth]
            for reading in readings:
                if reading.style == level.style and _follows(reading, level.last):
                    return depth, reading, level.parent
        return None

    def _opening(self, readings: Sequence[Label]) -> tuple[int, Label, int | None] | None:
        """The label as the first of a new level: under the item or the
        paragraph just read, or the section's first."""
        levels, previous = self.levels, self.clauses[-1]
        if previous.kind == Kind.PARAGRAPH and previous.section == self.section:
            dashes = [reading for reading in readings if reading.style in CHILD_STYLES["paragraph"]]
            if dashes:
                return (len(levels) if previous.parent is not None else 0), dashes[0], len(self.clauses) - 1
        elif levels and previous.kind == Kind.ITEM:
            inner = levels[-1]
            for reading in readings:
                if reading.style in CHILD_STYLES[inner.style] and _starts(reading, inner.last):
                    return len(levels), reading, inner.item
        if not levels:
            first = [reading for reading in readings if _starts(reading, None)]
            if first:
                return 0, first[0], None
        return None

    def _refuse(self, label: Label, where: str) -> NoReturn:
        """The error for a label that fits nowhere, against the innermost
        level of a style it can be read in (else the innermost level)."""
        readings = interpretations(label.printed) or [label]
        for depth in range(len(self.levels) - 1, -1, -1):
            level = self.levels[depth]
            same = [reading for reading in readings if reading.style == level.style]
            if same:
                break
        else:
            depth, same = len(self.levels) - 1, readings
        level = self.levels[depth] if self.levels else None
        heading = self.clauses[self.section].text
        place = _quote(heading)
        if level is not None and level.parent is not None:
            place += " " + self.clauses[level.parent].label
        _check_label(
            same[0], level.last if level else None, level.seen if level else {}, place, where, self.error
        )
        raise self.error(f"label {label.printed} does not fit under {place}", where)

    def _table(self, paragraph: SourceParagraph) -> None:
        """Rule 5: a table is a clause holding its first row, and one child
        clause per further row; cells are kept apart by CELL_SEPARATOR."""
        if self.section is None:
            raise self.error("a table comes before any section heading", paragraph.where)
        rows = [CELL_SEPARATOR.join(normalize_space(cell) for cell in row) for row in paragraph.rows]
        if not any(normalize_space(cell) for row in paragraph.rows for cell in row):
            raise self.error("the table has no text in any cell", paragraph.where)
        table = len(self.clauses)
        self.clauses.append(ParsedClause(Kind.TABLE, rows[0], section=self.section, where=paragraph.where))
        for row in rows[1:]:
            self.clauses.append(
                ParsedClause(Kind.ROW, row, section=self.section, where=paragraph.where, parent=table)
            )


def _split_label(paragraph: SourceParagraph, text: str, error: _ErrorFactory) -> tuple[Label | None, str]:
    """The paragraph's label (from numbering, else printed) and its text."""
    if paragraph.role == "heading":
        return None, text
    if paragraph.label:
        printed = normalize_space(paragraph.label)
    else:
        match = PRINTED_LABEL.fullmatch(text)
        if match is None:
            return None, text
        printed, text = match["label"], match["text"]
    label = parse_label(printed)
    if label is None:
        raise error(
            f"label {printed!r} is not a resolution label (a), aa), a bis), 1, 1bis)", paragraph.where
        )
    return label, text


def parse_label(printed: str) -> Label | None:
    """A printed label's place in its sequence; None if it is not a label.
    Where it can be read in several styles ("i)", "v)", "x)": letters or
    roman numbers), the letter; `interpretations` gives them all."""
    readings = interpretations(printed)
    return readings[0] if readings else None


def interpretations(printed: str) -> list[Label]:
    """Every style the printed label can be read in, letters first."""
    readings = []
    for style, pattern in LABELS.items():
        match = pattern.fullmatch(printed)
        if match is None:
            continue
        base = match["base"]
        if style == "roman" and ROMAN.fullmatch(base) is None:
            continue
        rank = SUFFIXES.index(match["suffix"]) + 1 if match["suffix"] else 0
        parts = tuple(int(part) for part in base.split(".")) if style in ("number", "dotted") else ()
        readings.append(Label(printed, style, base, _position(style, base), rank, parts))
    return readings


def _position(style: str, base: str) -> int | None:
    """1 for "a", "i" and "1", 27 for "aa", 28 for "bb", 4 for "iv", 3 for
    "2.3"; None for "cb"; bullets are all 1."""
    if style == "number":
        return int(base)
    if style == "dotted":
        return int(base.rsplit(".", 1)[1])
    if style == "bullet":
        return 1
    if style == "roman":
        values = [ROMAN_VALUES[c] for c in base]
        return sum(-v if v < w else v for v, w in zip(values, [*values[1:], 0], strict=True))
    if len(set(base)) != 1:
        return None
    return 26 * (len(base) - 1) + ord(base[0]) - ord("a") + 1


def letters(position: int) -> str:
    """The letters of a label's position, as ITU and Word both count: a..z,
    then aa..zz, aaa..: the letter repeats (the inverse of `_position`)."""
    return chr(ord("a") + (position - 1) % 26) * ((position - 1) // 26 + 1)


def roman(position: int) -> str:
    """Lower-case roman numerals, for "i)" labels (the inverse of `_position`)."""
    result = ""
    for value, numeral in ((50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while position >= value:
            result, position = result + numeral, position - value
    return result


def _printed(style: str, position: int, parts: tuple[int, ...] = ()) -> str:
    if style == "number":
        return str(position)
    if style == "dotted":
        return ".".join(str(part) for part in (*parts[:-1], position))
    if style == "roman":
        return f"{roman(position)})"
    return f"{letters(position)})"


def _opens_section(paragraph: SourceParagraph, text: str, previous: Kind) -> bool:
    """Rule 3, for an unlabelled paragraph."""
    if paragraph.role == "body":
        return False
    if previous in (Kind.PREAMBLE, Kind.ITEM):
        return True
    if previous == Kind.HEADING:
        return False
    return looks_like_heading(text)


def looks_like_heading(text: str) -> bool:
    """Short, and not a sentence that continues or ends (rule 3)."""
    return len(text) <= HEADING_MAX_LENGTH and not text.endswith((";", ".", ":"))


def _check_label(
    label: Label,
    last: Label | None,
    seen: Mapping[str, str],
    place: str,
    where: str,
    error: _ErrorFactory,
) -> None:
    """Rule 2: a label must be the one its level's sequence expects."""
    section = f"under {place}"
    if label.printed in seen:
        hint = f"; {REVISION_MARKED}" if last is not None and last.printed == label.printed else ""
        raise error(f"label {label.printed} repeated {section} (first at {seen[label.printed]}){hint}", where)
    if last is not None and {label.style, last.style} == {"letter", "number"} and label.position is not None:
        raise error(f"label {label.printed} mixes letter and number labels {section}", where)
    expected = _expected(label.style, last)
    if _follows(label, last):
        return
    hint = f"; {REVISION_MARKED}" if _run_together(label, expected) else ""
    raise error(
        f"label {label.printed} out of sequence {section}: expected {' or '.join(expected)}{hint}", where
    )


def _follows(label: Label, last: Label | None) -> bool:
    if label.position is None:
        return False
    if last is None:
        return _starts(label, None)
    if label.style != last.style or last.position is None:
        return False
    if label.style == "bullet":
        return label.base == last.base
    if label.style == "dotted" and label.parts[:-1] != last.parts[:-1]:
        return False
    next_base = label.position == last.position + 1 and label.rank == 0
    next_suffix = label.position == last.position and label.rank == last.rank + 1
    return next_base or next_suffix


def _starts(label: Label, parent: Label | None) -> bool:
    """Whether the label opens a level: a), i), 1, a dash; 2.1 under 2."""
    if label.rank != 0 or label.position != 1:
        return False
    if label.style != "dotted":
        return True
    prefix = parent.parts if parent is not None and parent.style in ("number", "dotted") else None
    return label.parts[:-1] == prefix if prefix is not None else len(label.parts) == 2


def _expected(style: str, last: Label | None) -> list[str]:
    """The printed labels that may come next, for the message."""
    if last is None or last.position is None:
        return [_printed(style, 1, (1, 1))]
    following = [_printed(last.style, last.position + 1, last.parts)]
    if last.rank < len(SUFFIXES):
        suffix = SUFFIXES[last.rank]
        numeric = last.style in ("number", "dotted")
        following.append(f"{last.base}{suffix}" if numeric else f"{last.base} {suffix})")
    return following


def _run_together(label: Label, expected: Sequence[str]) -> bool:
    """Whether the label is an old and a new label printed as one, which is
    how a revision-marked document reads once its marks are lost: "cb)" for
    c) -> b), "21" for 2 -> 1. Only letters and plain numbers: "iii)"
    where "ii)" was expected is a gap, not "ii)" and "i)" run together,
    and "1.2" is no "1" and "2"."""
    if label.style not in ("letter", "number"):
        return False
    base = label.base
    for candidate in expected:
        wanted = candidate.rstrip(")")
        if len(base) > len(wanted) and (base.startswith(wanted) or base.endswith(wanted)):
            return True
    return False


def _footnote_clauses(
    clauses: Sequence[ParsedClause], footnotes: Mapping[str, str], error: _ErrorFactory
) -> list[ParsedClause]:
    """Rule 6: footnote clauses, each referenced and each reference resolved."""
    for number in footnotes:
        if not FOOTNOTE_NUMBER.fullmatch(number):
            raise error(f"footnote number {number!r} is not a number", f"footnote {number}")
    referenced: set[str] = set()
    for clause in clauses:
        for number in FOOTNOTE_REF.findall(clause.text):
            if number not in footnotes:
                raise error(f"footnote reference [^{number}] has no footnote text", clause.where)
            referenced.add(number)
    result = []
    for number in sorted(footnotes, key=int):
        where = f"footnote {number}"
        if number not in referenced:
            raise error(f"footnote {number} is never referenced in the text", where)
        text = normalize_space(footnotes[number])
        if not text:
            raise error(f"footnote {number} has no text", where)
        result.append(ParsedClause(Kind.FOOTNOTE, text, label=number, where=where))
    return result


def _quote(text: str, limit: int = 60) -> str:
    """A paragraph quoted in a message, cut so that the message stays short."""
    return f"'{text if len(text) <= limit else text[: limit - 1] + '…'}'"
