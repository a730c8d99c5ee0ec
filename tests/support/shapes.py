"""A resolution described as a list of blocks, for building its Word and
HTML twins (tests.support.shapes_docx, tests.support.shapes_html).

`describe` reads a text edition of tests/data/shapes/ into blocks: each
line's printed label split from its text, and, for the labelled ones, where
automatic numbering would put it: the run of items it counts in (a list
restarted at its first item), its depth, and the number format Word or a
browser would need to show that label. The nesting is worked out here from
the labels alone (1 -> a) -> i), 2 -> 2.1, dashes under anything), with a
stack, independently of the structure builder: the twins are inputs of the
readers, and the test that reads them compares against the text edition.

A label that numbering could not show where it stands (a bis/ter label, or
a number out of its sequence) is `typed`: the twin writes it in the text,
as ITU's secretariat types "a bis)" between automatically numbered items.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from resolutions.document import SourceParagraph, normalize_space
from resolutions.parsing.plaintext import read_text
from resolutions.parsing.structure import looks_like_heading

# A label as the text layout prints it, then white space and the text.
LABEL = re.compile(
    r"(?P<label>[0-9]{1,3}(?:\.[0-9]{1,3})*(?:\s?(?:bis|ter|quater))?(?=\s)"
    r"|[a-z]{1,4}(?:\s?(?:bis|ter|quater))?\)"
    r"|[–•](?=\s))\s*(?P<text>.*)",
    re.DOTALL,
)
ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
SUFFIX = re.compile(r"\s?(?:bis|ter|quater)\)?$")


@dataclass(frozen=True)
class Level:
    """What numbering shows at one depth of a run: a w:numFmt name
    ("decimal", "lowerLetter", "lowerRoman", "bullet") and, for decimal,
    how many numbers the label holds ("2.1" holds two)."""

    format: str
    parts: int = 1
    character: str = ""  # a bullet's


@dataclass
class Block:
    text: str = ""
    label: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    # For a label numbering shows: its run, depth, level and position.
    run: int | None = None
    depth: int = 0
    level: Level | None = None
    position: int = 0
    # A run's first item may start past 1 (a list continued after a gap).
    start: int = 1
    typed: bool = False
    # Where the text edition has it: "line 12".
    where: str = ""

    @property
    def numbered(self) -> bool:
        return self.level is not None and not self.typed


@dataclass
class Description:
    blocks: list[Block]
    footnotes: dict[str, str] = field(default_factory=dict)

    # Each run's numbered levels by depth (bullets are lists of their own).
    runs: list[dict[int, Level]] = field(default_factory=list)


def _reading(label: str, sibling: tuple[Level, int] | None) -> tuple[Level, int] | None:
    """The level a label shows and its position there, None for a bis/ter
    label; `sibling` is the last one shown at the depth it may continue (to
    tell letter i) after h) from roman i))."""
    if label in ("–", "•"):
        return Level("bullet", character=label), 0
    if SUFFIX.search(label):
        return None
    if label[0].isdigit():
        numbers = label.split(".")
        return Level("decimal", len(numbers)), int(numbers[-1])
    base = label.rstrip(")")
    letter = 26 * (len(base) - 1) + ord(base[0]) - ord("a") + 1 if len(set(base)) == 1 else None
    if sibling is not None and sibling[0].format == "lowerLetter" and letter == sibling[1] + 1:
        return Level("lowerLetter"), letter
    if base in ROMAN:
        return Level("lowerRoman"), ROMAN.index(base) + 1
    return (Level("lowerLetter"), letter) if letter is not None else None


class _Nesting:
    """Works out depths with a stack of (level, last position) per depth."""

    def __init__(self) -> None:
        self.stack: list[tuple[Level, int]] = []
        self.run = -1
        self.runs: list[dict[int, Level]] = []

    def place(self, block: Block) -> None:
        label = block.label
        sibling = next(
            (d for d in range(len(self.stack) - 1, -1, -1) if _same_kind(self.stack[d][0], label)), None
        )
        reading = _reading(label, self.stack[sibling] if sibling is not None else None)
        if reading is None:  # bis, ter: typed, at the depth of its base
            block.typed, block.run = True, self.run
            block.depth = sibling if sibling is not None else len(self.stack)
            return
        level, position = reading
        depth = self._depth(level, position, sibling)
        if depth is None:
            block.typed, block.run, block.depth = True, self.run, len(self.stack)
            return
        if level.format != "bullet":
            if depth == 0 and not self.stack:
                self.run += 1
                self.runs.append({})
                block.start = position
            shown = self.runs[self.run].setdefault(depth, level)
            if shown != level:  # one level shows one format in Word
                block.typed, block.run, block.depth = True, self.run, depth
                return
        del self.stack[depth:]
        self.stack.append((level, position))
        block.run, block.depth, block.level, block.position = self.run, depth, level, position

    def _depth(self, level: Level, position: int, sibling: int | None) -> int | None:
        continues = sibling is not None and self.stack[sibling][0] == level
        if continues and (level.format == "bullet" or position == self.stack[sibling][1] + 1):
            return sibling
        if level.format != "bullet" and position != 1 and self.stack:
            return None  # numbering cannot show it here
        if level.format != "bullet":
            while self.stack and self.stack[-1][0].format == "bullet":
                self.stack.pop()  # nothing numbered hangs from a dash
            if any(shown == level for shown, _ in self.stack):
                self.stack.clear()  # the same kind again from 1: a new list
        if level.format == "decimal" and level.parts > 1:
            return level.parts - 1 if len(self.stack) >= level.parts - 1 else None
        return len(self.stack)

    def reset(self) -> None:
        """A heading: the lists before it are over."""
        self.stack.clear()


def describe(data: bytes) -> Description:
    """The blocks of a text edition (see the module docstring)."""
    paragraphs, footnotes = read_text(data)
    blocks: list[Block] = []
    nesting = _Nesting()
    for paragraph in paragraphs:
        block = _block(paragraph)
        if block is None:
            continue
        blocks.append(block)
        if block.label:
            nesting.place(block)
        elif not block.rows and looks_like_heading(normalize_space(block.text)):
            nesting.reset()
    return Description(blocks, dict(footnotes), nesting.runs)


def _same_kind(level: Level, label: str) -> bool:
    """Whether `label` could be a sibling of the items shown at `level`."""
    if label in ("–", "•"):
        return level.format == "bullet" and level.character == label
    bare = SUFFIX.sub("", label)
    if bare[0].isdigit():
        return level.format == "decimal" and level.parts == len(bare.split("."))
    base = bare.rstrip(")")
    if level.format == "lowerRoman":
        return base in ROMAN
    return level.format == "lowerLetter" and len(set(base)) == 1


def _block(paragraph: SourceParagraph) -> Block | None:
    if paragraph.rows:
        return Block(rows=paragraph.rows, where=paragraph.where)
    text = paragraph.text.strip()
    if not normalize_space(text):
        return None
    match = LABEL.fullmatch(text)
    if match is None:
        return Block(text=text, where=paragraph.where)
    return Block(text=match["text"].strip(), label=match["label"], where=paragraph.where)


# ---------------------------------------------------------------- two editions

# A stretch of text and its mark: "" (both editions), "del" (the first
# only) or "ins" (the second only).
Piece = tuple[str, str]
WORDS = re.compile(r"(\[\^\d+\]|\s+|\w+|[^\w\s])")


def word_diff(old: str, new: str) -> list[Piece]:
    """`new` against `old` as unchanged, deleted and inserted words."""
    before, after = WORDS.split(old), WORDS.split(new)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            pieces.append(("".join(before[i1:i2]), ""))
            continue
        if i2 > i1:
            pieces.append(("".join(before[i1:i2]), "del"))
        if j2 > j1:
            pieces.append(("".join(after[j1:j2]), "ins"))
    return [piece for piece in pieces if piece[0]]


def _key(block: Block) -> tuple:
    return (block.label, block.text, block.rows)


def _place(block: Block) -> tuple:
    """Where a block stands: blocks of one place can be one paragraph of a
    marked twin, numbered alike on both sides (a typed label must match)."""
    return (block.level, block.depth, block.numbered, bool(block.rows), "" if block.numbered else block.label)


class Tracked:
    """Two editions' blocks paired for a revision-marked twin.

    `pairs`: (old block, new block) in document order, one of them None for
    a block deleted or inserted whole; blocks of the same place whose text
    changed are paired, to be written once with their changed words marked.
    `runs`: the lists of the twin, the new edition's runs first, each old
    run that shares an item with one of them merged into it, the others
    after; `old_runs` says which twin run each old run became.
    """

    def __init__(self, old: Description, new: Description):
        self.old, self.new = old, new
        matcher = difflib.SequenceMatcher(
            None, [_key(b) for b in old.blocks], [_key(b) for b in new.blocks], autojunk=False
        )
        self.pairs: list[tuple[Block | None, Block | None]] = []
        for operation, i1, i2, j1, j2 in matcher.get_opcodes():
            if operation == "equal":
                self.pairs.extend(zip(old.blocks[i1:i2], new.blocks[j1:j2], strict=True))
                continue
            self._changed(old.blocks[i1:i2], new.blocks[j1:j2])
        shared = {
            o.run: n.run
            for o, n in self.pairs
            if o and n and o.numbered and o.level and o.level.format != "bullet"
        }
        self.runs: list[dict[int, Level]] = [dict(levels) for levels in new.runs]
        self.starts = starts(new)
        self.old_runs: dict[int, int] = {}
        for run, levels in enumerate(old.runs):
            target = shared.get(run)
            if target is not None:
                for depth, level in levels.items():
                    self.runs[target].setdefault(depth, level)
                self.old_runs[run] = target
            else:
                self.old_runs[run] = len(self.runs)
                self.starts[len(self.runs)] = starts(old).get(run, 1)
                self.runs.append(dict(levels))

    def _changed(self, olds: list[Block], news: list[Block]) -> None:
        """A stretch that differs: blocks in the same places paired, and
        elsewhere the new blocks before the old ones, so that an item
        added at the end of a list stays in it when a heading after the
        list is replaced."""
        places = difflib.SequenceMatcher(
            None, [_place(b) for b in olds], [_place(b) for b in news], autojunk=False
        )
        for operation, i1, i2, j1, j2 in places.get_opcodes():
            if operation == "equal":
                self.pairs.extend(zip(olds[i1:i2], news[j1:j2], strict=True))
                continue
            self.pairs.extend((None, block) for block in news[j1:j2])
            self.pairs.extend((block, None) for block in olds[i1:i2])

    def run_of(self, block: Block, side: str) -> int | None:
        """The twin run a block of one side ("old", "new") numbers in."""
        if block.run is None or side == "new":
            return block.run
        return self.old_runs.get(block.run, 0)


def starts(description: Description) -> dict[int, int]:
    """Where each run's numbers start (a run may start past 1)."""
    return {b.run: b.start for b in description.blocks if b.numbered and b.depth == 0 and b.run is not None}


def row_diff(
    before: tuple[tuple[str, ...], ...], after: tuple[tuple[str, ...], ...]
) -> list[tuple[list[list[Piece]], str]]:
    """Table rows of two editions as rows of cells (each its pieces), each
    row with its mark: rows of the same width whose cells changed are
    written once, with their changed words marked."""
    rows: list[tuple[list[list[Piece]], str]] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = list(before[i1:i2]), list(after[j1:j2])
        if operation == "equal":
            rows.extend(([[(cell, "")] for cell in row], "") for row in news)
            continue
        while olds and news and len(olds[0]) == len(news[0]):
            pair = zip(olds.pop(0), news.pop(0), strict=True)
            rows.append(([word_diff(a, b) or [("", "")] for a, b in pair], ""))
        rows.extend(([[(cell, "del")] for cell in row], "del") for row in olds)
        rows.extend(([[(cell, "ins")] for cell in row], "ins") for row in news)
    return rows
