"""Small editions as lists of clauses, for the alignment's tests, and the
alignment read back as clause paths."""

from __future__ import annotations

from collections.abc import Sequence

from resolutions.alignment import Match
from resolutions.document import Kind, ParsedClause, clause_paths

REPORT = "to report annually to the Council on the activities undertaken on these subjects"
LIAISE = (
    "to liaise and to cooperate with the regional telecommunication organizations pursuant to this resolution"
)
FORUMS = "to organize international and regional forums and carry out necessary activities for the period"
PARTICIPATE = "to participate in the discussions on international management of Internet resources"
ASSIST = "to provide assistance, within available resources, to Member States, if so requested"
SURVEILLANCE = "at the negative impact of mass surveillance on the sovereign right of states"


def edition(*sections: tuple[str, Sequence[str]], footnotes: Sequence[str] = ()) -> list[ParsedClause]:
    """Front matter, then each section: its heading and its items written
    "a)\\ttext" (a line without a tab is the section's paragraph); then footnotes."""
    clauses = [
        ParsedClause(Kind.RESOLUTION_LINE, "RESOLUTION 102 (Rev. Busan, 2014)", where="line 1"),
        ParsedClause(
            Kind.TITLE, "ITU's role with regard to international public policy issues", where="line 2"
        ),
        ParsedClause(Kind.PREAMBLE, "The Plenipotentiary Conference (Busan, 2014),", where="line 3"),
    ]
    for heading, items in sections:
        section = len(clauses)
        clauses.append(ParsedClause(Kind.HEADING, heading, where=f"line {section + 1}"))
        for item in items:
            label, _, text = item.rpartition("\t")
            kind = Kind.ITEM if label else Kind.PARAGRAPH
            clauses.append(ParsedClause(kind, text, label, section, where=f"line {len(clauses) + 1}"))
    for number, text in enumerate(footnotes, start=1):
        clauses.append(ParsedClause(Kind.FOOTNOTE, text, str(number), where=f"footnote {number}"))
    return clauses


def rows(
    matches: Sequence[Match], old: Sequence[ParsedClause], new: Sequence[ParsedClause]
) -> list[tuple[str | None, str | None]]:
    """The alignment as (old path, new path) rows, in its order."""
    old_paths, new_paths = clause_paths(old), clause_paths(new)
    return [
        (
            old_paths[m.old] if m.old is not None else None,
            new_paths[m.new] if m.new is not None else None,
        )
        for m in matches
    ]


def row_of(matches: Sequence[Match], new: Sequence[ParsedClause], path: str) -> Match:
    paths = clause_paths(new)
    return next(m for m in matches if m.new is not None and paths[m.new] == path)


FRONT = [("resolution", "resolution"), ("title", "title"), ("preamble", "preamble")]
