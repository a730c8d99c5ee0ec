"""Seeded synthetic pairs of editions with known truth, for the alignment
tests and benchmarks, and the measures that score an alignment against it.

The old edition is made of sections of pseudo-words (a Zipf-like vocabulary,
so unrelated clauses share common words as real ones do), some clauses being
near-copies of a neighbour. The new edition applies what revisions do:
deletions, insertions, light rewrites, rewrites beyond recognition (truth: a
deletion plus an addition), moves within and across sections, renamed
headings, added and deleted sections; labels are then lettered afresh, so
everything after a deletion or insertion is relettered.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from resolutions.alignment import Match
from resolutions.document import Kind, ParsedClause

FUNCTION_WORDS = ("the", "of", "to", "and", "in", "on", "for", "with", "as", "that", "by", "all", ",", ";")
OPENERS = ("that", "to", "the", "to continue to", "noting that", "in accordance with")
VERBS = ("instructs", "invites", "resolves", "encourages", "requests", "noting", "considering", "recalling")

# Chances, per clause or per section, of each revision.
DELETE, REWRITE, EDIT, MOVE_ACROSS, MOVE_WITHIN = 0.05, 0.03, 0.14, 0.03, 0.02
INSERT, NEAR_COPY = 0.3, 0.1
RENAME_HEADING, REPLACE_HEADING, DELETE_SECTION, ADD_SECTION = 0.04, 0.02, 0.02, 0.03


@dataclass(frozen=True)
class SyntheticPair:
    old: tuple[ParsedClause, ...]
    new: tuple[ParsedClause, ...]
    # (old index, new index) of every clause present in both editions.
    truth: frozenset[tuple[int, int]]


@dataclass
class _Member:
    identity: int
    text: str


@dataclass
class _Section:
    identity: int
    heading: str
    numbered: bool  # "1", "2" rather than "a)", "b)"
    paragraph: bool  # one unlabelled paragraph rather than items
    members: list[_Member] = field(default_factory=list)


class _Writer:
    """Pseudo-text from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
        self.vocabulary = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(3000)})
        rng.shuffle(self.vocabulary)
        # Zipf-like: the n-th most frequent word is n times rarer than the first.
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(self.vocabulary))))
        self.phrases = [self.words(rng.randint(2, 6)) for _ in range(300)]
        self.next_identity = 0

    def identity(self) -> int:
        self.next_identity += 1
        return self.next_identity

    def words(self, count: int) -> list[str]:
        return [
            self.rng.choice(FUNCTION_WORDS)
            if self.rng.random() < 0.35
            else self.rng.choices(self.vocabulary, cum_weights=self.cumulative)[0]
            for _ in range(count)
        ]

    def clause(self) -> str:
        """Words and stock phrases ("Member States", "within the mandate of
        ITU"), as real clauses share them."""
        length = max(4, min(80, int(self.rng.lognormvariate(3.2, 0.5))))
        words = [self.rng.choice(OPENERS)]
        while len(words) < length:
            if self.rng.random() < 0.4:
                words.extend(
                    self.rng.choices(self.phrases, cum_weights=self.cumulative[: len(self.phrases)])[0]
                )
            else:
                words.extend(self.words(1))
        return " ".join(words)

    def heading(self) -> str:
        return " ".join([self.rng.choice(VERBS), "the", *self.words(self.rng.randint(1, 4))])

    def edit(self, text: str, rate: float) -> str:
        """Replace, insert or delete about `rate` of the words."""
        words = text.split()
        for _ in range(max(1, round(rate * len(words)))):
            at = self.rng.randrange(len(words))
            operation = self.rng.random()
            if operation < 0.5:
                words[at] = self.words(1)[0]
            elif operation < 0.75 or len(words) < 3:
                words.insert(at, self.words(1)[0])
            else:
                del words[at]
        return " ".join(words)


def synthetic_pair(clauses: int, seed: int) -> SyntheticPair:
    """About `clauses` clauses in the old edition, revised into a new one."""
    rng = random.Random(seed)
    writer = _Writer(rng)
    old_sections = _old_sections(writer, clauses)
    new_sections = _revise(writer, old_sections)
    front = [(Kind.RESOLUTION_LINE, -1), (Kind.TITLE, -2), (Kind.PREAMBLE, -3)]
    preamble = "The Plenipotentiary Conference of the International Telecommunication Union (Antalya, 2006),"
    old_front = ["RESOLUTION 7 (Rev. Antalya, 2006)", writer.clause(), preamble]
    new_front = [
        "RESOLUTION 7 (Rev. Guadalajara, 2010)",
        writer.edit(old_front[1], 0.1),
        old_front[2].replace("Antalya, 2006", "Guadalajara, 2010"),
    ]
    footnotes = [_Member(writer.identity(), writer.clause()) for _ in range(1 + clauses // 300)]
    new_footnotes = [
        _Member(f.identity, writer.edit(f.text, 0.1) if rng.random() < 0.3 else f.text) for f in footnotes
    ]
    old, old_ids = _flatten(zip(front, old_front, strict=True), old_sections, footnotes)
    new, new_ids = _flatten(zip(front, new_front, strict=True), new_sections, new_footnotes)
    where_new = {identity: j for j, identity in enumerate(new_ids)}
    truth = frozenset((i, where_new[identity]) for i, identity in enumerate(old_ids) if identity in where_new)
    return SyntheticPair(tuple(old), tuple(new), truth)


def _old_sections(writer: _Writer, clauses: int) -> list[_Section]:
    rng = writer.rng
    sections: list[_Section] = []
    headings: set[str] = set()
    total = 0
    while total < clauses:
        heading = writer.heading()
        if heading in headings:
            continue
        headings.add(heading)
        paragraph = rng.random() < 0.1
        section = _Section(writer.identity(), heading, rng.random() < 0.5, paragraph)
        for _ in range(1 if paragraph else rng.randint(1, 25)):
            if section.members and rng.random() < NEAR_COPY:
                text = writer.edit(rng.choice(section.members).text, 0.1)
            else:
                text = writer.clause()
            section.members.append(_Member(writer.identity(), text))
        sections.append(section)
        total += 1 + len(section.members)
    return sections


def _revise(writer: _Writer, old_sections: list[_Section]) -> list[_Section]:
    rng = writer.rng
    headings = {section.heading for section in old_sections}
    sections: list[_Section] = []
    for old_section in old_sections:
        if rng.random() < DELETE_SECTION:
            continue
        heading = old_section.heading
        chance = rng.random()
        if chance < RENAME_HEADING + REPLACE_HEADING:
            renamed = writer.edit(heading, 0.2) if chance < RENAME_HEADING else writer.heading()
            heading = renamed if renamed not in headings else heading
            headings.add(heading)
        section = _Section(old_section.identity, heading, old_section.numbered, old_section.paragraph)
        for member in old_section.members:
            chance = rng.random()
            if chance < DELETE:
                continue
            if chance < DELETE + REWRITE:
                section.members.append(_Member(writer.identity(), writer.clause()))
            elif chance < DELETE + REWRITE + EDIT:
                section.members.append(
                    _Member(member.identity, writer.edit(member.text, rng.uniform(0.03, 0.35)))
                )
            else:
                section.members.append(_Member(member.identity, member.text))
        if not section.paragraph and rng.random() < INSERT:
            for _ in range(rng.randint(1, 2)):
                section.members.insert(
                    rng.randint(0, len(section.members)), _Member(writer.identity(), writer.clause())
                )
        sections.append(section)
        if rng.random() < ADD_SECTION:
            heading = writer.heading()
            if heading not in headings:
                headings.add(heading)
                added = _Section(writer.identity(), heading, rng.random() < 0.5, False)
                added.members = [
                    _Member(writer.identity(), writer.clause()) for _ in range(rng.randint(1, 8))
                ]
                sections.append(added)
    _move(writer, sections)
    return sections


def _move(writer: _Writer, sections: list[_Section]) -> None:
    """Move some clauses within their section and some, lightly edited, to another."""
    rng = writer.rng
    targets = [section for section in sections if not section.paragraph]
    for section in sections:
        for member in list(section.members):
            chance = rng.random()
            if chance < MOVE_ACROSS + MOVE_WITHIN and targets and not section.paragraph:
                section.members.remove(member)
                target = rng.choice(targets) if chance < MOVE_ACROSS else section
                if target is not section:
                    member = _Member(member.identity, writer.edit(member.text, rng.uniform(0, 0.08)))
                target.members.insert(rng.randint(0, len(target.members)), member)


def _flatten(
    front: Iterable[tuple[tuple[Kind, int], str]], sections: Sequence[_Section], footnotes: Sequence[_Member]
) -> tuple[list[ParsedClause], list[int]]:
    """The clauses of one edition, and the identity of each."""
    clauses: list[ParsedClause] = []
    identities: list[int] = []
    for (kind, identity), text in front:
        clauses.append(ParsedClause(kind, text))
        identities.append(identity)
    for section in sections:
        heading = len(clauses)
        clauses.append(ParsedClause(Kind.HEADING, section.heading))
        identities.append(section.identity)
        for position, member in enumerate(section.members, start=1):
            if section.paragraph:
                clauses.append(ParsedClause(Kind.PARAGRAPH, member.text, section=heading))
            else:
                label = str(position) if section.numbered else _letters(position) + ")"
                clauses.append(ParsedClause(Kind.ITEM, member.text, label=label, section=heading))
            identities.append(member.identity)
    for number, footnote in enumerate(footnotes, start=1):
        clauses.append(ParsedClause(Kind.FOOTNOTE, footnote.text, label=str(number)))
        identities.append(footnote.identity)
    return clauses, identities


def _letters(position: int) -> str:
    """a ... z, then aa, bb ... as ITU letters items."""
    return chr(ord("a") + (position - 1) % 26) * ((position - 1) // 26 + 1)


def matched_pairs(matches: Iterable[Match]) -> set[tuple[int, int]]:
    return {(m.old, m.new) for m in matches if m.old is not None and m.new is not None}


def f1(found: set[tuple[int, int]], truth: Iterable[tuple[int, int]]) -> float:
    """F1 of the pairs found against the true pairs (1.0 when both are empty)."""
    truth = set(truth)
    if not found and not truth:
        return 1.0
    correct = len(found & truth)
    return 2 * correct / (len(found) + len(truth))


def section_label_pairs(old: Sequence[ParsedClause], new: Sequence[ParsedClause]) -> set[tuple[int, int]]:
    """The naive alignment to beat: the same kind of front matter, the same
    heading text, or the same label under the same heading text."""

    def keys(clauses: Sequence[ParsedClause]) -> dict[tuple[str, str, str], int]:
        result: dict[tuple[str, str, str], int] = {}
        for i, clause in enumerate(clauses):
            heading = clauses[clause.section].text if clause.section is not None else ""
            if clause.kind == Kind.HEADING:
                key = ("heading", clause.text, "")
            elif clause.kind in (Kind.ITEM, Kind.PARAGRAPH):
                key = ("member", heading, clause.label)
            else:
                key = (clause.kind.value, "", clause.label)
            result.setdefault(key, i)
        return result

    old_keys, new_keys = keys(old), keys(new)
    return {(old_keys[key], j) for key, j in new_keys.items() if key in old_keys}
