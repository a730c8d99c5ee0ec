"""Deciding the structure of a resolution edition, for every source format.

Readers (plain text, Word, HTML) turn a file into SourceParagraphs and a
footnote table; `build_edition` is the one place that decides what each
paragraph is, so that every format follows the same rules.

The rules, in order:

1. Front matter is positional. The first non-blank paragraph must be the
   resolution line, ``RESOLUTION 102 (Rev. Busan, 2014)``; the next is the
   title, the one after it the preamble (``The Plenipotentiary Conference of
   the International Telecommunication Union (Busan, 2014),``), whose
   conference name tells the body unless the caller passes one.
2. A paragraph with a label (from automatic numbering, or printed at its
   start: ``a)``, ``aa)``, ``a bis)``, ``1``, ``1bis``, then white space) is
   an item of the current section. Labels must follow their sequence within
   a section: a), b) ... z), aa), bb) ...; or 1, 2, 3 ...; a ``bis``/``ter``
   label may follow its base. Letters and numbers do not mix. A label that
   is two labels run together (``cb)`` for c) -> b), ``21`` for 2 -> 1) or
   that repeats the one before it is what a revision-marked document looks
   like once its marks are lost, and the error says so.
3. An unlabelled paragraph is decided by structure first, and by shape only
   where structure leaves a choice, never by a list of heading words (real
   resolutions have "Deeply concerned", "further resolves", "encourages
   Member States", and headings ending in a comma):
   - right after the preamble or after an item, it opens a new section
     (kind HEADING);
   - right after a heading, it is that section's paragraph (kind PARAGRAPH);
   - right after a paragraph, it is a heading if it is shaped like one: at
     most HEADING_MAX_LENGTH characters and not ending in ``;``, ``.`` or
     ``:`` (a sentence that continues or ends); otherwise another paragraph
     of the same section.
   A role given by the source's styling ("heading", "body") overrides 3.
   Structure wins over shape: a finished sentence right after an item is
   still taken as a heading, and ParsedEdition.notes says so.
4. Footnotes become Kind.FOOTNOTE clauses after every other clause, in number
   order; every ``[^n]`` needs a footnote n and every footnote a reference.

Anything else is a ParseError naming where it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from resolutions.document import (
    FOOTNOTE_REF,
    Kind,
    ParsedClause,
    ParsedEdition,
    ParseError,
    SourceParagraph,
    normalize_space,
)

# The longest real heading (the CWG-Internet one) has 188 characters; the
# shortest unlabelled paragraphs of the bundled editions have close to 400.
HEADING_MAX_LENGTH = 220

REVISION_MARKED = "looks like a revision-marked document (deleted and inserted text run together)"

RESOLUTION_LINE = re.compile(
    r"RESOLUTION\s+(?P<number>[0-9]{1,5})\s*\((?P<designation>[^()]*)\)", re.IGNORECASE
)
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
# Labels as printed: "a)", "aa)", "a bis)", "1", "1bis". Bases are short so
# that a paragraph opening with a year ("2014 plenipotentiary ...") is text.
LABELS = {
    "letter": re.compile(rf"(?P<base>[a-z]{{1,3}})(?:\s?(?P<suffix>{_SUFFIX}))?\)"),
    "number": re.compile(rf"(?P<base>[0-9]{{1,3}})(?:\s?(?P<suffix>{_SUFFIX}))?"),
}
# A label at the start of a paragraph, then its text; a number needs white
# space after it, a letter label is closed by its parenthesis.
PRINTED_LABEL = re.compile(
    rf"(?P<label>[a-z]{{1,3}}(?:\s?(?:{_SUFFIX}))?\)|[0-9]{{1,3}}(?:\s?(?:{_SUFFIX}))?(?=\s))\s*(?P<text>.*)"
)

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


def build_edition(
    paragraphs: Sequence[SourceParagraph],
    footnotes: Mapping[str, str],
    *,
    source_name: str = "",
    body: str | None = None,
) -> ParsedEdition:
    """Decide the structure of one edition (see the module docstring)."""
    content = [p for p in paragraphs if normalize_space(p.text)]
    if not content:
        where = paragraphs[0].where if paragraphs else ""
        raise ParseError("empty document: no text at all", where=where, source=source_name)
    error = _ErrorFactory(source_name)

    resolution = content[0]
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
    _read_sections(content[3:], clauses, notes, error)
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
) -> None:
    """Append headings, items and paragraphs to `clauses` (rules 2 and 3)."""
    section: int | None = None
    last_label: Label | None = None
    seen_labels: dict[str, str] = {}  # label -> where, within the current section
    for paragraph in paragraphs:
        text = normalize_space(paragraph.text)
        if paragraph.role in ("resolution", "title") or RESOLUTION_LINE.fullmatch(text):
            raise error(
                f"a second resolution line or title after the preamble: {_quote(text)}; "
                "one file holds one resolution",
                paragraph.where,
            )
        label, text = _split_label(paragraph, text, error)
        previous = clauses[-1].kind
        if paragraph.role == "heading" or (label is None and _opens_section(paragraph, text, previous)):
            if previous == Kind.ITEM and not looks_like_heading(text):
                notes.append(f"{paragraph.where}: unlabelled text after an item taken as a heading")
            section, last_label, seen_labels = len(clauses), None, {}
            clauses.append(ParsedClause(Kind.HEADING, text, where=paragraph.where))
            continue
        if section is None:
            raise error(f"{_quote(text)} comes before any section heading", paragraph.where)
        if label is None:
            clauses.append(ParsedClause(Kind.PARAGRAPH, text, section=section, where=paragraph.where))
            continue
        heading = clauses[section].text
        _check_label(label, last_label, seen_labels, heading, paragraph.where, error)
        if not text:
            raise error(f"item {label.printed} has no text", paragraph.where)
        seen_labels[label.printed] = paragraph.where
        last_label = label
        clauses.append(
            ParsedClause(Kind.ITEM, text, label=label.printed, section=section, where=paragraph.where)
        )
    if section is None:
        raise error("no sections after the preamble", clauses[-1].where)
    if clauses[-1].kind == Kind.HEADING:
        raise error(f"the heading {_quote(clauses[-1].text)} has nothing under it", clauses[-1].where)


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
    """A printed label's place in its sequence; None if it is not a label."""
    for style, pattern in LABELS.items():
        match = pattern.fullmatch(printed)
        if match is not None:
            rank = SUFFIXES.index(match["suffix"]) + 1 if match["suffix"] else 0
            return Label(printed, style, match["base"], _position(style, match["base"]), rank)
    return None


def _position(style: str, base: str) -> int | None:
    """1 for "a" and "1", 27 for "aa", 28 for "bb"; None for "cb"."""
    if style == "number":
        return int(base)
    if len(set(base)) != 1:
        return None
    return 26 * (len(base) - 1) + ord(base[0]) - ord("a") + 1


def letters(position: int) -> str:
    """The letters of a label's position, as ITU and Word both count: a..z,
    then aa..zz, aaa..: the letter repeats (the inverse of `_position`)."""
    return chr(ord("a") + (position - 1) % 26) * ((position - 1) // 26 + 1)


def _printed(style: str, position: int) -> str:
    return str(position) if style == "number" else f"{letters(position)})"


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
    heading: str,
    where: str,
    error: _ErrorFactory,
) -> None:
    """Rule 2: a label must be the one its section's sequence expects."""
    section = f"under {_quote(heading)}"
    if label.printed in seen:
        hint = f"; {REVISION_MARKED}" if last is not None and last.printed == label.printed else ""
        raise error(f"label {label.printed} repeated {section} (first at {seen[label.printed]}){hint}", where)
    if last is not None and label.style != last.style and label.position is not None:
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
        return label.position == 1 and label.rank == 0
    if label.style != last.style or last.position is None:
        return False
    next_base = label.position == last.position + 1 and label.rank == 0
    next_suffix = label.position == last.position and label.rank == last.rank + 1
    return next_base or next_suffix


def _expected(style: str, last: Label | None) -> list[str]:
    """The printed labels that may come next, for the message."""
    if last is None or last.position is None:
        return [_printed(style, 1)]
    following = [_printed(last.style, last.position + 1)]
    if last.rank < len(SUFFIXES):
        suffix = SUFFIXES[last.rank]
        following.append(f"{last.base}{suffix}" if last.style == "number" else f"{last.base} {suffix})")
    return following


def _run_together(label: Label, expected: Sequence[str]) -> bool:
    """Whether the label is an old and a new label printed as one, which is
    how a revision-marked document reads once its marks are lost: "cb)" for
    c) -> b), "21" for 2 -> 1."""
    base = label.base
    for candidate in expected:
        wanted = candidate.rstrip(")")
        if len(base) > len(wanted) and (base.startswith(wanted) or base.endswith(wanted)):
            return True
    return False


def _footnote_clauses(
    clauses: Sequence[ParsedClause], footnotes: Mapping[str, str], error: _ErrorFactory
) -> list[ParsedClause]:
    """Rule 4: footnote clauses, each referenced and each reference resolved."""
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
