"""Which clause of one edition is which clause of the next.

`align` takes the clauses of an earlier edition and of a newly parsed one and
decides, for each new clause, which old clause it continues (unchanged,
modified, relettered, moved) or that it is new; every old clause left over is
deleted. The steps, each only over what the previous ones left:

1. Matches forced by the admin review.
2. Front matter pairs by kind (resolution line, title, preamble), in order.
3. Footnotes pair by similarity among footnotes.
4. Sections pair by heading: a heading text found once on each side pairs
   at once; the other headings pair by the similarity of the whole section
   (heading and items together), so a renamed heading is still the same
   section when its items match.
5. Within each pair of sections, items and paragraphs pair by similarity,
   at every depth at once (document.SECTION_BODY): a nested item keeps its
   identity when relettered, moved under another parent, or when its parent
   is added or deleted; table rows pair only with table rows.
6. What is left over pairs across sections, with a stricter threshold: a
   clause that changed section *and* wording is easily confused with another.

Similarity is word-level (Indel on token lists, 1.0 for identical text), and
each pairing step is one assignment problem: the pairs that maximise the
total similarity, keeping only those at or above the step's threshold. A
text found exactly once on each side is paired before the assignment, so that
an unchanged clause is never traded for two near-copies that score more
together. Labels only break ties: they shift whenever a clause is inserted or
deleted, so they are weak evidence.

No ORM here: the importer stores the result as clause identities, and the
viewer orders any two editions by those identities with `merge_order`.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from resolutions.document import FRONT_MATTER, SECTION_BODY, TOKEN, Kind, ParsedClause, normalize_space

# Two clauses of paired sections (or two footnotes) below this similarity are
# a deletion and an addition, not one clause rewritten.
SAME_SECTION_THRESHOLD = 0.5
# A clause found in another section must be this close: different clauses on
# one topic share much wording, like the deleted "instructs the Council 1 (to
# revise ... make the Dedicated Group into a Council working group)" of
# Resolution 102 and the new "noting c) (Resolution 1336 ... made the Dedicated
# Group into a Council Working Group)", which an earlier measurement (words
# folded to lower case) saw pair at a threshold of 0.6.
ACROSS_SECTIONS_THRESHOLD = 0.8
# Two sections whose headings differ are the same section when heading and
# items together are at least this similar (Dice over heading and items).
SECTION_THRESHOLD = 0.5
# The review highlights matches below this score: a clause rewritten this much
# may as well be a new clause replacing the old one.
UNCERTAIN_BELOW = 0.8
# Added to the similarity of two clauses with the same label, for the
# assignment only: enough to settle ties, too little to outweigh any
# difference in wording.
LABEL_BONUS = 0.001
# A similarity is a ratio of whole numbers: one this close under a threshold
# is on it, and only rounding put it under. rapidfuzz checks a cutoff in less
# than double precision (a cutoff of 0.8 drops a pair scoring exactly 0.8),
# and a section's Dice, a sum of similarities, rounds too.
ROUNDING = 1e-6


K = TypeVar("K", bound=Hashable)
Tokens = tuple[str, ...]


class AlignmentError(ValueError):
    """Clauses or forced matches that cannot be aligned; the message says
    which clause."""


@dataclass(frozen=True)
class Match:
    """One row of the alignment: a pair of clauses, an added or a deleted one."""

    old: int | None  # index into the old clauses; None: added
    new: int | None  # index into the new clauses; None: deleted
    score: float  # similarity of the pair, 1.0 for identical text; 0 when added or deleted
    relabelled: bool  # the label changed: "c)" -> "b)"
    moved: bool  # out of order among its peers, or into another section

    @property
    def uncertain(self) -> bool:
        """A pair the admin review should look at."""
        return self.old is not None and self.new is not None and self.score < UNCERTAIN_BELOW


def tokens(text: str) -> Tokens:
    return tuple(TOKEN.findall(text))


def similarity(a: str, b: str) -> float:
    """Word-level similarity of two texts, 0..1; 1.0 when only white space differs."""
    return _score(tokens(a), tokens(b))


def _score(a: Tokens, b: Tokens) -> float:
    return float(Indel.normalized_similarity(a, b))


def align(
    old: Sequence[ParsedClause],
    new: Sequence[ParsedClause],
    *,
    forced: Mapping[int, int | None] | None = None,
) -> list[Match]:
    """Align two editions' clauses (see the module docstring).

    `forced` maps a new index to the old index it must match, or to None for
    "a new clause"; everything else is aligned around it.

    Guaranteed order of the result: the new edition's order, with each
    deleted old clause right after the row of the old clause before it (a
    run of deleted clauses stays together, in old order; deleted clauses
    that open the old edition come first). This is `merge_order`'s order.
    """
    _check_sections(old, "old")
    _check_sections(new, "new")
    pairs = _forced_pairs(old, new, forced or {})
    aligner = _Aligner(old, new, pairs, set(forced or {}))
    pairs.update(aligner.run())
    return _matches(old, new, pairs, aligner.score)


def merge_order(old_ids: Sequence[K], new_ids: Sequence[K]) -> list[tuple[K | None, K | None]]:
    """The rows of a comparison of two editions, given their clause identities.

    An identity in both sequences is one row `(id, id)`, in new order; one
    only in `new_ids` is added `(None, id)`; one only in `old_ids` is deleted
    `(id, None)` and goes right after the row of the old identity before it
    (a run of deleted identities stays together; those that open the old
    sequence come first).
    """
    _check_unique(old_ids, "old")
    _check_unique(new_ids, "new")
    in_new, in_old = set(new_ids), set(old_ids)
    # Deleted identities grouped by the surviving old identity they follow.
    deleted_after: dict[K | None, list[K]] = defaultdict(list)
    anchor: K | None = None
    for identity in old_ids:
        if identity in in_new:
            anchor = identity
        else:
            deleted_after[anchor].append(identity)

    rows: list[tuple[K | None, K | None]] = [(identity, None) for identity in deleted_after[None]]
    for identity in new_ids:
        if identity in in_old:
            rows.append((identity, identity))
            rows.extend((deleted, None) for deleted in deleted_after[identity])
        else:
            rows.append((None, identity))
    return rows


def longest_increasing(values: Sequence[int]) -> set[int]:
    """Positions (into `values`) of one longest strictly increasing subsequence.

    Patience sorting, O(n log n): the clauses outside it are the ones that moved.
    """
    tails: list[int] = []  # smallest tail value of an increasing run of each length
    tail_at: list[int] = []  # position of that tail
    previous: list[int] = [-1] * len(values)
    for position, value in enumerate(values):
        length = bisect.bisect_left(tails, value)
        if length == len(tails):
            tails.append(value)
            tail_at.append(position)
        else:
            tails[length] = value
            tail_at[length] = position
        previous[position] = tail_at[length - 1] if length else -1
    result: set[int] = set()
    position = tail_at[-1] if tail_at else -1
    while position >= 0:
        result.add(position)
        position = previous[position]
    return result


class _Aligner:
    """Steps 2-6 of the module docstring over the clauses not yet decided."""

    def __init__(
        self,
        old: Sequence[ParsedClause],
        new: Sequence[ParsedClause],
        forced_pairs: Mapping[int, int],
        decided_new: set[int],
    ) -> None:
        self.old, self.new = old, new
        self.old_tokens = [tokens(clause.text) for clause in old]
        self.new_tokens = [tokens(clause.text) for clause in new]
        taken_old = set(forced_pairs.values())
        self.free_old = [i for i in range(len(old)) if i not in taken_old]
        self.free_new = [j for j in range(len(new)) if j not in decided_new]
        # Sections already paired by forced heading matches: old heading -> new heading.
        self.forced_sections = {o: n for n, o in forced_pairs.items() if new[n].kind == Kind.HEADING}

    def run(self) -> dict[int, int]:
        pairs: dict[int, int] = {}
        for kind in FRONT_MATTER:
            old_of_kind, new_of_kind = self._free(kind)
            pairs.update(zip(new_of_kind, old_of_kind, strict=False))
        pairs.update(self._pair(*self._free(Kind.FOOTNOTE)))

        old_members = self._members(self.old, self.free_old)
        new_members = self._members(self.new, self.free_new)
        sections = self._pair_sections(old_members, new_members)
        pairs.update({n: o for o, n in sections.items() if o is not None and n is not None})
        for old_section, new_section in sections.items():
            pairs.update(self._pair(old_members.get(old_section, []), new_members.get(new_section, [])))
        taken_old = set(pairs.values())
        leftover_old = [i for members in old_members.values() for i in members if i not in taken_old]
        leftover_new = [j for members in new_members.values() for j in members if j not in pairs]
        pairs.update(self._pair(leftover_old, leftover_new, ACROSS_SECTIONS_THRESHOLD))
        return pairs

    def _free(self, kind: Kind) -> tuple[list[int], list[int]]:
        return (
            [i for i in self.free_old if self.old[i].kind == kind],
            [j for j in self.free_new if self.new[j].kind == kind],
        )

    @staticmethod
    def _members(clauses: Sequence[ParsedClause], free: list[int]) -> dict[int | None, list[int]]:
        """Section heading (None: outside any section) -> its undecided items and paragraphs.
        Every heading is a key, decided or not, so that its section can pair."""
        members: dict[int | None, list[int]] = {
            i: [] for i, clause in enumerate(clauses) if clause.kind == Kind.HEADING
        }
        for i in free:
            if clauses[i].kind in SECTION_BODY:
                members.setdefault(clauses[i].section, []).append(i)
        return members

    def _pair_sections(
        self, old_members: dict[int | None, list[int]], new_members: dict[int | None, list[int]]
    ) -> dict[int | None, int | None]:
        """Old heading -> new heading (None -> None for clauses outside any section)."""

        def dice(old_headings: list[int], new_headings: list[int]) -> np.ndarray:
            """What two sections share over what they hold, heading and items
            alike; the items pair by aligning all those sections' items at once."""
            shared = self._similarities(old_headings, new_headings, 0.0)
            row = {o: r for r, o in enumerate(old_headings)}
            column = {n: c for c, n in enumerate(new_headings)}
            section_of_old = {i: o for o in old_headings for i in old_members[o]}
            section_of_new = {j: n for n in new_headings for j in new_members[n]}
            for j, i in self._pair(list(section_of_old), list(section_of_new)).items():
                shared[row[section_of_old[i]], column[section_of_new[j]]] += self.score(i, j)
            old_sizes = np.array([1 + len(old_members[o]) for o in old_headings])
            new_sizes = np.array([1 + len(new_members[n]) for n in new_headings])
            return 2 * shared / np.add.outer(old_sizes, new_sizes)

        sections: dict[int | None, int | None] = {None: None, **self.forced_sections}
        headings = self._pair(*self._free(Kind.HEADING), SECTION_THRESHOLD, weigh=dice)
        sections.update({o: n for n, o in headings.items()})
        return sections

    def _pair(
        self,
        old: list[int],
        new: list[int],
        threshold: float = SAME_SECTION_THRESHOLD,
        weigh: Callable[[list[int], list[int]], np.ndarray] | None = None,
    ) -> dict[int, int]:
        """New index -> old index: identical texts found once on each side,
        then the assignment over the rest, weighed by `weigh` (by default the
        similarity of the texts, labels breaking ties)."""
        pairs = self._identical(old, new)
        taken = set(pairs.values())
        old = [i for i in old if i not in taken]
        new = [j for j in new if j not in pairs]
        if old and new:
            weights = weigh(old, new) if weigh else self._weights(old, new, threshold)
            pairs.update({new[column]: old[row] for row, column in _assignment(weights, threshold)})
        return pairs

    def _weights(self, old: list[int], new: list[int], threshold: float) -> np.ndarray:
        weights = self._similarities(old, new, threshold)
        old_families = np.array([_family(self.old[i].kind) for i in old])
        same_family = np.equal.outer(old_families, np.array([_family(self.new[j].kind) for j in new]))
        weights = np.where(same_family, weights, 0.0)
        old_labels = np.array([self.old[i].label for i in old])
        same_label = np.equal.outer(old_labels, np.array([self.new[j].label for j in new]))
        weights += np.where((weights > 0) & same_label & (old_labels != "")[:, None], LABEL_BONUS, 0.0)
        return weights

    def _identical(self, old: list[int], new: list[int]) -> dict[int, int]:
        """New index -> old index for texts that occur exactly once among
        `old` and once among `new`."""
        old_counts = Counter(self.old_tokens[i] for i in old)
        new_counts = Counter(self.new_tokens[j] for j in new)
        unique_old = {self.old_tokens[i]: i for i in old if old_counts[self.old_tokens[i]] == 1}
        return {
            j: unique_old[self.new_tokens[j]]
            for j in new
            if new_counts[self.new_tokens[j]] == 1 and self.new_tokens[j] in unique_old
        }

    def _similarities(self, old: list[int], new: list[int], threshold: float) -> np.ndarray:
        """Similarity matrix (old rows, new columns); 0 below the threshold,
        which also lets rapidfuzz skip pairs whose lengths rule it out."""
        return process.cdist(
            [self.old_tokens[i] for i in old],
            [self.new_tokens[j] for j in new],
            scorer=Indel.normalized_similarity,
            score_cutoff=max(0.0, threshold - ROUNDING),
            dtype=np.float64,
        )

    def score(self, o: int, n: int) -> float:
        return _score(self.old_tokens[o], self.new_tokens[n])


def _assignment(weights: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """(row, column) pairs maximising the total weight, each weighing at least
    the threshold (and more than nothing)."""
    # Imported on first use: scipy.optimize is 48 MB of every server
    # worker's memory, and only an import or an upload aligns; the pages
    # pair clauses by their stored identity (make bench, bench_memory).
    from scipy.optimize import linear_sum_assignment

    rows, columns = linear_sum_assignment(weights, maximize=True)
    return [
        (int(row), int(column))
        for row, column in zip(rows, columns, strict=True)
        if weights[row, column] > 0 and weights[row, column] >= threshold - ROUNDING
    ]


def _matches(
    old: Sequence[ParsedClause],
    new: Sequence[ParsedClause],
    pairs: dict[int, int],
    score: Callable[[int, int], float],
) -> list[Match]:
    """The result rows, in `merge_order`'s order, with scores and flags."""
    moved = moved_clauses(old, new, pairs)
    rows: list[Match] = []
    new_of = {o: n for n, o in pairs.items()}
    old_ids = list(range(len(old)))
    # A matched new clause takes its old index as identity; an added one its
    # own, kept apart by a negative sign.
    new_ids = [pairs.get(j, -1 - j) for j in range(len(new))]
    for old_id, new_id in merge_order(old_ids, new_ids):
        if new_id is None:
            rows.append(Match(old_id, None, 0.0, False, False))
        elif old_id is None:
            rows.append(Match(None, -1 - new_id, 0.0, False, False))
        else:
            o, n = old_id, new_of[old_id]
            rows.append(
                Match(
                    o,
                    n,
                    score(o, n),
                    old[o].label.strip() != new[n].label.strip(),
                    n in moved,
                )
            )
    return rows


def moved_clauses(
    old: Sequence[ParsedClause], new: Sequence[ParsedClause], pairs: dict[int, int]
) -> set[int]:
    """New indexes of matched clauses that moved: into another section, or
    out of the longest increasing run of old positions among their peers
    (the front matter, the headings, the footnotes, or one section's items),
    or under a parent that is not the match of its old parent. A section
    that moved as a whole moves only its heading."""
    sections: dict[int | None, int | None] = {None: None}
    sections.update({o: n for n, o in pairs.items() if new[n].kind == Kind.HEADING})
    pairs_back = {o: n for n, o in pairs.items()}
    moved: set[int] = set()
    peers: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    for n in sorted(pairs):
        o = pairs[n]
        if new[n].kind in SECTION_BODY:
            # An old section without a pair has no place in the new edition.
            if old[o].section not in sections or sections[old[o].section] != new[n].section:
                moved.add(n)
                continue
            # Nor has a clause whose parent is not its old parent's match:
            # it moved under another item (or its parent was added or deleted).
            if old[o].parent is not None or new[n].parent is not None:
                old_parent = old[o].parent
                # A deleted parent's match is "gone", never "no parent".
                parent_now = pairs_back.get(old_parent, -1) if old_parent is not None else None
                if parent_now != new[n].parent:
                    moved.add(n)
                    continue
            peers[("section", new[n].section)].append(n)
        else:
            peers[("front" if new[n].kind in FRONT_MATTER else new[n].kind.value, None)].append(n)
    for group in peers.values():
        in_order = longest_increasing([pairs[n] for n in group])
        moved.update(n for position, n in enumerate(group) if position not in in_order)
    return moved


def _forced_pairs(
    old: Sequence[ParsedClause], new: Sequence[ParsedClause], forced: Mapping[int, int | None]
) -> dict[int, int]:
    """The admin's matches, checked: new index -> old index."""
    pairs: dict[int, int] = {}
    claimed: dict[int, int] = {}
    for n, o in forced.items():
        if not 0 <= n < len(new):
            raise AlignmentError(f"forced match: there is no new clause {n} (the new edition has {len(new)})")
        if o is None:
            continue
        if not 0 <= o < len(old):
            raise AlignmentError(
                f"forced match for new clause {_describe(new, n)}: there is no old clause {o} "
                f"(the old edition has {len(old)})"
            )
        if o in claimed:
            raise AlignmentError(
                f"forced match: old clause {_describe(old, o)} is forced onto both new clauses "
                f"{_describe(new, claimed[o])} and {_describe(new, n)}"
            )
        if _family(old[o].kind) != _family(new[n].kind):
            raise AlignmentError(
                f"forced match: new clause {_describe(new, n)} is a {new[n].kind.value} and cannot "
                f"be old clause {_describe(old, o)}, a {old[o].kind.value}"
            )
        claimed[o] = n
        pairs[n] = o
    return pairs


def _family(kind: Kind) -> str:
    """Kinds that may be the same clause in two editions: an item may become
    a section's paragraph, but a heading stays a heading and a table row a
    table row."""
    return "body" if kind in (Kind.ITEM, Kind.PARAGRAPH, Kind.ANNEX_TITLE) else kind.value


def _check_sections(clauses: Sequence[ParsedClause], side: str) -> None:
    for i, clause in enumerate(clauses):
        section = clause.section
        if section is None:
            continue
        if not (0 <= section < len(clauses) and clauses[section].kind == Kind.HEADING):
            raise AlignmentError(
                f"{side} clause {_describe(clauses, i)}: its section {section} is not the index of a heading"
            )


def _check_unique(ids: Sequence[Hashable], side: str) -> None:
    seen: set[Hashable] = set()
    for position, identity in enumerate(ids):
        if identity is None:
            raise AlignmentError(f"{side} clause identity at position {position} is None, which means absent")
        if identity in seen:
            raise AlignmentError(f"{side} clause identities repeat {identity!r} (at position {position})")
        seen.add(identity)


def _describe(clauses: Sequence[ParsedClause], index: int) -> str:
    """For messages: 12 (line 40, "c) that the ...")."""
    clause = clauses[index]
    text = normalize_space(f"{clause.label} {clause.text}")
    quoted = text if len(text) <= 40 else text[:39] + "…"
    where = f"{clause.where}, " if clause.where else ""
    return f'{index} ({where}"{quoted}")'
