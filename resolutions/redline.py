"""The redline engine: what a careful secretariat editor would mark between
two editions of a clause.

Plain module, no ORM and no templates. Every view (inline, side by side,
history, exports, the command line) renders the operations computed here;
nothing else compares texts.

How it works, clause by clause (never the whole document as one string: per
clause the cost is linear in the number of clauses, one string is quadratic):

1. Tokens are words (``\\w+``), footnote references (``[^1]``) and each
   punctuation mark on its own, as MediaWiki's wikidiff2 does. White space
   is kept with the token before it but never compared, so double spaces
   and U+00A0 give no marks, and a change never splits a word.
2. Words found once in each text anchor the comparison (patience diff);
   rapidfuzz's Indel (longest common subsequence over the tokens, the
   fastest of the measured candidates) compares the stretches between them.
3. A clean-up pass makes the marks read like a lawyer's redline: a pure
   insertion or deletion slides to where its edges fall on white space; an
   unchanged run between two changes is absorbed when it is punctuation only
   or when the changes on both sides are at least twice its length; the
   deletion comes before the insertion.
4. A clause rewritten beyond REWRITE_SIMILARITY is shown as one deletion and
   one insertion rather than a confetti of fragments.

The operations keep every character: the equal and deleted pieces give back
the old text exactly, the equal and inserted pieces the new text exactly.
Changed pieces never start or end with white space; that white space is in
the neighbouring equal pieces, so renderers can put it outside the marks.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate
from typing import NamedTuple

from rapidfuzz.distance import Indel

from resolutions.document import TOKEN, ParsedClause

# A clause whose changes leave at least CONFETTI_CHANGES pieces, and keep
# less than REWRITE_SIMILARITY of its non-space characters (counting both
# texts, after clean-up), is shown as one deletion and one insertion. From
# Resolution 102 (tests/bench/bench_redline.py prints the figures): every
# clause ITU marked with three changes or more keeps at least 0.78; pairing
# clauses with unrelated ones, 97% of the pairs with three changes or more
# keep less than 0.5 (86% less than 0.2), their kept pieces being stray
# "the", "Internet" or "of the Tunis Agenda". 0.5 is "more rewritten than
# kept", well clear of both. With one or two changes there is no confetti
# to avoid: "[-shall-]{+should+} report [-annually-]{+regularly+}" keeps only
# 0.3 and reads best as it is.
REWRITE_SIMILARITY = 0.5
CONFETTI_CHANGES = 3

# An unchanged run between two changes is absorbed when both changes are at
# least this many times its length. diff-match-patch uses 1, which merges
# "[-shall-]{+should+} report [-annually-]{+regularly+}" into one block.
ABSORB_FACTOR = 2


class Tag(enum.StrEnum):
    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"


class Status(enum.StrEnum):
    """ITU's vocabulary for what happened to a clause."""

    ADD = "ADD"  # new clause
    SUP = "SUP"  # deleted ("suppressed") clause
    MOD = "MOD"  # text changed
    NOC = "NOC"  # no change

    @property
    def description(self) -> str:
        """What the mark means, for a reader who does not know ITU's words."""
        return STATUS_DESCRIPTIONS[self]


STATUS_DESCRIPTIONS = {
    Status.ADD: "Added clause",
    Status.SUP: "Deleted clause",
    Status.MOD: "Modified text",
    Status.NOC: "No change",
}


class Op(NamedTuple):
    """One piece of a comparison. An equal piece has both texts (they differ
    at most in white space); a deletion only `old`, an insertion only `new`."""

    tag: Tag
    old: str
    new: str


@dataclass(frozen=True)
class ClauseChange:
    """What happened to one clause between two editions."""

    status: Status
    old_label: str
    new_label: str
    # The text's operations, and the label's ("[-c-]{+b+})"); label_ops is
    # empty when neither edition has a label.
    ops: tuple[Op, ...]
    label_ops: tuple[Op, ...]
    # The label changed (relettered or renumbered).
    relabelled: bool
    # The alignment placed the clause somewhere else in the new edition.
    moved: bool
    # Shown as a whole replacement (see REWRITE_SIMILARITY).
    rewritten: bool
    # Tokens (words and punctuation marks, as the engine compares them)
    # deleted and inserted in the text: cheap change counts for the viewer.
    words_deleted: int
    words_inserted: int

    @property
    def changed(self) -> bool:
        """A change a reader is shown and counted: see counts_as_change."""
        return counts_as_change(self.status, self.relabelled, self.moved)

    @property
    def punctuation_only(self) -> bool:
        """Modified, but only in punctuation: a change a reader could miss."""
        changed = [op.old or op.new for op in self.ops if op.tag != Tag.EQUAL]
        return self.status == Status.MOD and not any(
            is_word(key) for text in changed for key in TOKEN.findall(text)
        )

    @property
    def relabel_word(self) -> str:
        """How ITU says the label changed: numbers are renumbered, letters relettered."""
        return "renumbered" if self.new_label[:1].isdigit() else "relettered"

    # Cached: a pair's change is made once and shown by page after page
    # (_clause_change), each asking its notes.
    @cached_property
    def flags(self) -> list[str]:
        """The margin notes beside the status: "relettered", "moved",
        "punctuation only" (a change of a comma is easy to miss)."""
        flags = (
            (self.relabel_word, self.relabelled),
            ("moved", self.moved),
            ("punctuation only", self.punctuation_only),
        )
        return [flag for flag, on in flags if on]

    @property
    def old_text(self) -> str:
        return side_text(self.ops, "old")

    @property
    def new_text(self) -> str:
        return side_text(self.ops, "new")


class Block(NamedTuple):
    """A run of tokens: equal (same length on both sides) or a change.
    Indexes are token positions in the old and new token lists."""

    equal: bool
    old_start: int
    old_end: int
    new_start: int
    new_end: int


class Tokens(NamedTuple):
    text: str
    keys: list[str]  # what is compared
    gaps: list[str]  # the white space after each key
    # bounds[2 * i] is where token i starts, bounds[2 * i + 1] where it ends
    # and its gap starts; bounds[2 * len(keys)] is the end of the text.
    bounds: list[int]

    def text_between(self, start: int, end: int) -> str:
        """Tokens start..end-1 with their gaps, as in the text."""
        return self.text[self.bounds[2 * start] : self.bounds[2 * end]]

    def split_last_gap(self, start: int, end: int) -> tuple[str, str]:
        """Tokens start..end-1 without the gap after the last, and that gap."""
        if start == end:
            return "", ""
        return (
            self.text[self.bounds[2 * start] : self.bounds[2 * end - 1]],
            self.text[self.bounds[2 * end - 1] : self.bounds[2 * end]],
        )


def tokenize(text: str) -> Tokens:
    # split() is the fastest way through the text: it gives the leading
    # white space, then each token followed by the white space after it.
    parts = TOKEN.split(text)
    return Tokens(text, parts[1::2], parts[2::2], list(accumulate(map(len, parts))))


def diff_texts(old: str, new: str) -> list[Op]:
    """The operations that turn `old` into `new`, cleaned up for reading."""
    if old == new:  # most clauses of a new edition
        return [Op(Tag.EQUAL, old, new)] if old else []
    if not old.strip() or not new.strip():  # an added or a deleted clause
        return whole_replacement(old, new)
    a, b = tokenize(old), tokenize(new)
    blocks = cleaned_blocks(a, b)
    if is_confetti(blocks, a.keys, b.keys):
        return whole_replacement(old, new)
    return build_ops(blocks, a, b)


def whole_replacement(old: str, new: str) -> list[Op]:
    """All of `old` deleted and all of `new` inserted, white space around
    them kept aside as everywhere else."""
    old_lead, old_core, old_trail = split_space(old)
    new_lead, new_core, new_trail = split_space(new)
    ops = [
        Op(Tag.EQUAL, old_lead, new_lead),
        Op(Tag.DELETE, old_core, ""),
        Op(Tag.INSERT, "", new_core),
        Op(Tag.EQUAL, old_trail, new_trail),
    ]
    return [op for op in ops if op.old or op.new]


def cleaned_blocks(a: Tokens, b: Tokens) -> list[Block]:
    """The comparison after clean-up, before any whole replacement."""
    blocks = slide_to_word_boundaries(raw_blocks(a.keys, b.keys), a, b)
    return absorb_short_runs(blocks, a.keys, b.keys)


def raw_blocks(old: Sequence[str], new: Sequence[str]) -> list[Block]:
    """Equal runs and changes, each run of deletions and insertions as one change."""
    blocks: list[Block] = []
    i = j = 0
    for run_i, run_j, size in equal_runs(old, new):
        if run_i > i or run_j > j:
            blocks.append(Block(False, i, run_i, j, run_j))
        blocks.append(Block(True, run_i, run_i + size, run_j, run_j + size))
        i, j = run_i + size, run_j + size
    if i < len(old) or j < len(new):
        blocks.append(Block(False, i, len(old), j, len(new)))
    return blocks


def equal_runs(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, int, int]]:
    """(old position, new position, length) of each run of tokens kept, in order.

    Words found once in each text anchor the comparison first (patience
    diff); Indel then compares the stretches between anchors. Without the
    anchors, a longest common subsequence is as happy to keep a frequent
    "and" as a rarer "IDNs" and writes "{+IDNs+} and [-IDNs-]"; with them
    the quadratic part only ever sees the short stretches between anchors.
    """
    # The unchanged start and end are kept whatever the comparison inside
    # finds; leaving them out keeps the work to the edited part.
    start, old_end, new_end = 0, len(old), len(new)
    while start < old_end and start < new_end and old[start] == new[start]:
        start += 1
    while old_end > start and new_end > start and old[old_end - 1] == new[new_end - 1]:
        old_end, new_end = old_end - 1, new_end - 1
    runs = [(0, 0, start)] if start else []
    i = j = start
    for anchor_i, anchor_j in unique_anchors(old[start:old_end], new[start:new_end]):
        anchor_i, anchor_j = start + anchor_i, start + anchor_j
        if i < anchor_i and j < anchor_j:
            for code in Indel.opcodes(old[i:anchor_i], new[j:anchor_j]):
                if code.tag == "equal":
                    add_run(runs, i + code.src_start, j + code.dest_start, code.src_end - code.src_start)
        add_run(runs, anchor_i, anchor_j, 1)
        i, j = anchor_i + 1, anchor_j + 1
    if i < old_end and j < new_end:
        for code in Indel.opcodes(old[i:old_end], new[j:new_end]):
            if code.tag == "equal":
                add_run(runs, i + code.src_start, j + code.dest_start, code.src_end - code.src_start)
    if old_end < len(old):
        add_run(runs, old_end, new_end, len(old) - old_end)
    return runs


def add_run(runs: list[tuple[int, int, int]], i: int, j: int, size: int) -> None:
    """Append, extending the previous run when this one continues it."""
    if runs and runs[-1][0] + runs[-1][2] == i and runs[-1][1] + runs[-1][2] == j:
        runs[-1] = (runs[-1][0], runs[-1][1], runs[-1][2] + size)
    else:
        runs.append((i, j, size))


def unique_anchors(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, int]]:
    """Positions of the words found exactly once in each text, keeping the
    heaviest chain (by characters) that is in the same order in both.

    Weighing by length lets "reports" win over an equally unique "of" when
    only one of them can be kept. A Fenwick tree over new positions gives
    the best chain ending before each position in O(log n).
    """
    old_once, new_once = once(old), once(new)
    pairs = sorted(
        (old_once[key], new_once[key]) for key in old_once.keys() & new_once.keys() if is_word(key)
    )
    new_positions = [j for _, j in pairs]
    if new_positions == sorted(new_positions):  # the usual case: all in order
        return pairs
    # tree[k]: (weight, pair index) of the heaviest chain ending in its range.
    tree: list[tuple[int, int]] = [(0, -1)] * (len(new) + 1)
    back = [-1] * len(pairs)
    best: tuple[int, int] = (0, -1)
    for index, (i, j) in enumerate(pairs):
        before, k = (0, -1), j
        while k > 0:
            before = max(before, tree[k])
            k -= k & -k
        back[index] = before[1]
        chain = (before[0] + len(old[i]), index)
        best = max(best, chain)
        k = j + 1
        while k <= len(new):
            tree[k] = max(tree[k], chain)
            k += k & -k
    anchors: list[tuple[int, int]] = []
    index = best[1]
    while index >= 0:
        anchors.append(pairs[index])
        index = back[index]
    return anchors[::-1]


def once(keys: Sequence[str]) -> dict[str, int]:
    """Token -> position, for the tokens found exactly once."""
    counts = Counter(keys)
    return {key: pos for pos, key in enumerate(keys) if counts[key] == 1}


def slide_to_word_boundaries(blocks: list[Block], a: Tokens, b: Tokens) -> list[Block]:
    """Move each pure insertion or deletion to its best equivalent place.

    "a, b, c" from "a, c" can be "a{+, b+}, c" or "a, {+b,+} c": the same
    tokens, but only the second starts and ends where the text has white
    space. Among equally good places the leftmost wins, so that the shifted
    phrase starts with its function word, as ITU writes
    "{+the outcomes of ... include +}the reports".
    """
    blocks = list(blocks)
    last = len(blocks) - 1
    # Only a change with an equal run on both sides can move: what it gives
    # up on one side the other run takes.
    for n in range(1, last):
        block, before, after = blocks[n], blocks[n - 1], blocks[n + 1]
        if block.old_start == block.old_end:
            tokens, start, end = b, block.new_start, block.new_end
        elif block.new_start == block.new_end:
            tokens, start, end = a, block.old_start, block.old_end
        else:
            continue
        keys = tokens.keys
        # An equal run between two changes keeps at least one token, so that
        # blocks still alternate; one at either end of the text may vanish.
        room_left = room(before, between_changes=n - 1 > 0)
        room_right = room(after, between_changes=n + 1 < last)
        left = right = 0
        while left < room_left and keys[start - left - 1] == keys[end - left - 1]:
            left += 1
        while right < room_right and keys[start + right] == keys[end + right]:
            right += 1
        if not left and not right:
            continue
        shift = max(range(-left, right + 1), key=lambda s: (boundary_score(tokens, start + s, end + s), -s))
        blocks[n - 1] = before._replace(old_end=before.old_end + shift, new_end=before.new_end + shift)
        blocks[n] = Block(False, *(position + shift for position in block[1:]))
        blocks[n + 1] = after._replace(old_start=after.old_start + shift, new_start=after.new_start + shift)
    return [block for block in blocks if block.old_start < block.old_end or block.new_start < block.new_end]


def room(neighbour: Block, between_changes: bool) -> int:
    """How many tokens a change may take from the equal run beside it."""
    return neighbour.old_end - neighbour.old_start - between_changes


def boundary_score(tokens: Tokens, start: int, end: int) -> int:
    """How many of the two edges of tokens[start:end] fall on white space."""
    starts_clean = start == 0 or bool(tokens.gaps[start - 1])
    ends_clean = end == len(tokens.keys) or bool(tokens.gaps[end - 1])
    return starts_clean + ends_clean


def absorb_short_runs(blocks: list[Block], old: Sequence[str], new: Sequence[str]) -> list[Block]:
    """Merge change / short equal run / change into one change.

    One pass with a stack: a merged change is larger, so it may now absorb
    the run before it too; checking backwards after each merge keeps the
    pass linear in the number of blocks.
    """
    result: list[Block] = []
    for block in blocks:
        while (
            not block.equal
            and len(result) >= 2
            and result[-1].equal
            and should_absorb(result[-2], result[-1], block, old, new)
        ):
            result.pop()
            before = result.pop()
            block = Block(False, before.old_start, block.old_end, before.new_start, block.new_end)
        result.append(block)
    return result


def should_absorb(before: Block, run: Block, after: Block, old: Sequence[str], new: Sequence[str]) -> bool:
    if all(is_punctuation(key) for key in old[run.old_start : run.old_end]):
        return True
    length = words(old, run.old_start, run.old_end)
    return ABSORB_FACTOR * length <= min(change_size(before, old, new), change_size(after, old, new))


def is_word(key: str) -> bool:
    # What \w matches: a letter, a digit or the underscore.
    return key[0].isalnum() or key[0] == "_"


def is_punctuation(key: str) -> bool:
    return not is_word(key) and not key.startswith("[^")


def change_size(block: Block, old: Sequence[str], new: Sequence[str]) -> int:
    return max(words(old, block.old_start, block.old_end), words(new, block.new_start, block.new_end))


def words(keys: Sequence[str], start: int, end: int) -> int:
    """Words and footnote references among keys start..end-1: a run is weighed by what a reader
    reads, so one short word between two one-word changes stays unmarked."""
    return sum(1 for key in keys[start:end] if not is_punctuation(key))


def chars(keys: Sequence[str], start: int, end: int) -> int:
    """Non-space characters of keys start..end-1."""
    return sum(map(len, keys[start:end]))


def is_confetti(blocks: list[Block], old: Sequence[str], new: Sequence[str]) -> bool:
    """Many changes, and too little left unchanged to read as an edit."""
    changes = sum(1 for block in blocks if not block.equal)
    return changes >= CONFETTI_CHANGES and kept_share(blocks, old, new) < REWRITE_SIMILARITY


def kept_share(blocks: list[Block], old: Sequence[str], new: Sequence[str]) -> float:
    """The share of both texts' non-space characters left unchanged."""
    total = chars(old, 0, len(old)) + chars(new, 0, len(new))
    kept = 2 * sum(chars(old, b.old_start, b.old_end) for b in blocks if b.equal)
    return kept / total if total else 1.0


def build_ops(blocks: list[Block], a: Tokens, b: Tokens) -> list[Op]:
    """Turn token blocks back into text, keeping every character.

    The white space after a changed run is moved to the next equal piece (or
    to a white-space-only equal piece at the end), so that changes never
    start or end with white space.
    """
    ops: list[Op] = []
    # The white space before the first token.
    pending_old, pending_new = a.text[: a.bounds[0]], b.text[: b.bounds[0]]
    for block in blocks:
        if block.equal:
            ops.append(
                Op(
                    Tag.EQUAL,
                    pending_old + a.text_between(block.old_start, block.old_end),
                    pending_new + b.text_between(block.new_start, block.new_end),
                )
            )
            pending_old = pending_new = ""
            continue
        if pending_old or pending_new:
            ops.append(Op(Tag.EQUAL, pending_old, pending_new))
        deleted, pending_old = a.split_last_gap(block.old_start, block.old_end)
        inserted, pending_new = b.split_last_gap(block.new_start, block.new_end)
        if deleted:
            ops.append(Op(Tag.DELETE, deleted, ""))
        if inserted:
            ops.append(Op(Tag.INSERT, "", inserted))
    if pending_old or pending_new:
        ops.append(Op(Tag.EQUAL, pending_old, pending_new))
    return ops


def compare_clause(
    old: ParsedClause | None, new: ParsedClause | None, *, moved: bool = False
) -> ClauseChange:
    """Compare one clause with its counterpart in the other edition.

    None on one side means the clause was added (old is None) or deleted
    (new is None); `moved` comes from the alignment, which alone knows where
    a clause stood.
    """
    if old is None and new is None:
        raise ValueError("compare_clause needs a clause on at least one side")
    return _clause_change(
        old.text if old else None,
        old.label if old else "",
        new.text if new else None,
        new.label if new else "",
        moved,
    )


# How many pairs of texts a worker keeps redlined (text_ops, _clause_change):
# every page of the largest resolution (600 clauses: 1,100 pairs of texts and
# of labels) three times over. Whole pages are the page cache's to keep; at
# 20,000 pairs text_ops held 21 MB of a worker that had shown the whole
# collection (issue 9 asks for 150 MB in all; tests/bench/bench_memory.py).
PAIR_MEMO_SIZE = 4096


# What compare_clause reads of a clause is its text and label alone: so a
# pair's change is computed once, as text_ops is, for every page that shows
# the pair (a comparison asked it once for each of its hundred rows).
@lru_cache(maxsize=PAIR_MEMO_SIZE)
def _clause_change(
    old_text: str | None, old_label: str, new_text: str | None, new_label: str, moved: bool
) -> ClauseChange:
    """compare_clause of a clause with these texts and labels (None: absent)."""
    old, new = old_text is not None, new_text is not None
    ops = text_ops(old_text or "", new_text or "")
    label_ops = text_ops(old_label, new_label)
    status = text_status(old_text, new_text)
    # Apart, so that the last word of one change and the first of the next
    # are not counted as one.
    deleted = " ".join(op.old for op in ops if op.tag == Tag.DELETE)
    inserted = " ".join(op.new for op in ops if op.tag == Tag.INSERT)
    return ClauseChange(
        status=status,
        old_label=old_label,
        new_label=new_label,
        ops=ops,
        label_ops=label_ops,
        relabelled=old and new and texts_differ(old_label, new_label),
        moved=moved,
        rewritten=status == Status.MOD and is_whole_replacement(ops),
        words_deleted=len(TOKEN.findall(deleted)),
        words_inserted=len(TOKEN.findall(inserted)),
    )


@lru_cache(maxsize=PAIR_MEMO_SIZE)
def text_ops(old: str, new: str) -> tuple[Op, ...]:
    """diff_texts, computed once per pair of texts and reused: the key is
    the two texts themselves, so every page, command and export that shows
    the same pair of clause texts shares one computation. The pages of a
    resolution show the same pairs again and again (the comparison, each
    clause's history, the edition's changes)."""
    return tuple(diff_texts(old, new))


def clause_status(old: ParsedClause | None, new: ParsedClause | None) -> Status:
    """ADD, SUP, MOD or NOC, without computing the redline: the text changed
    exactly when its tokens did, since white space is never compared (a
    property test holds this to has_changes(diff_texts(...)))."""
    return text_status(old.text if old is not None else None, new.text if new is not None else None)


def text_status(old_text: str | None, new_text: str | None) -> Status:
    """clause_status of a clause with these texts (None: absent)."""
    if old_text is None:
        return Status.ADD
    if new_text is None:
        return Status.SUP
    return Status.MOD if texts_differ(old_text, new_text) else Status.NOC


def counts_as_change(status: Status, relabelled: bool, moved: bool) -> bool:
    """The one definition of "a change" between two editions: the clause was
    added, deleted or modified, or keeps its text but was relettered or
    moved. The summary, the change navigator and the timeline all count this."""
    return status != Status.NOC or relabelled or moved


def texts_differ(old: str, new: str) -> bool:
    return old != new and TOKEN.findall(old) != TOKEN.findall(new)


def has_changes(ops: Iterable[Op]) -> bool:
    return any(op.tag != Tag.EQUAL for op in ops)


def is_whole_replacement(ops: Sequence[Op]) -> bool:
    """A deletion and an insertion with nothing but white space kept."""
    tags = {op.tag for op in ops if op.tag != Tag.EQUAL or op.old.strip() or op.new.strip()}
    return tags == {Tag.DELETE, Tag.INSERT}


def split_space(text: str) -> tuple[str, str, str]:
    """Leading white space, the rest, trailing white space."""
    core = text.strip()
    if not core:
        return text, "", ""
    start = text.index(core)
    return text[:start], core, text[start + len(core) :]


def side_text(ops: Iterable[Op], side: str) -> str:
    """The old or the new text the operations stand for, exactly."""
    return "".join(op.old if side == "old" else op.new for op in ops)
