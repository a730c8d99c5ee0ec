"""The engine measured against ITU's own redline of Resolution 102.

ITU's change regions come from tests/data/res102-redline.txt. The engine
runs over its two sides in two ways:

- line by line: the lines of the 2010 and 2014 sides correspond one to one,
  except whole lines ITU added or deleted, which are whole ADD and SUP
  changes; this needs nothing but the engine;
- per aligned clause, as the product does: both sides parsed
  (resolutions.parsing.plaintext), their clauses aligned
  (resolutions.alignment), each pair compared with compare_clause, label
  and text.

Its changes are mapped back to character offsets on each side and compared
with ITU's regions in three ways:

- regions touched (the issue's yardstick): every ITU region is touched by an
  engine change (recall), every engine change touches an ITU region
  (precision);
- regions exact: an ITU region and an engine change mark exactly the same
  non-space characters on both sides;
- characters: the non-space characters marked changed, on each side.

Run with `pytest -s` to see the figures; tests/bench/bench_redline.py
prints them too, next to a plain word-level difflib diff of the whole text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from resolutions.alignment import align
from resolutions.document import ParsedClause
from resolutions.parsing.plaintext import parse_text
from resolutions.redline import compare_clause, diff_texts
from tests.support.spans import Span, change_spans
from tests.support.wdiff import Region, redline_text, regions, sides

# Every place where the engine's marks differ from ITU's, character by
# character: (side, the characters marked by only one of the two, the words
# just before them on that side), each with why it is acceptable.
ACCEPTED_DIFFERENCES = [
    # noting e): ITU writes [-that the Dedicated Group -]{+that CWG-Internet +},
    # deleting an unchanged "that" and inserting it again.
    ("old", "that", "Council; e)"),
    ("new", "that", "process; e)"),
    # emphasizing c): ITU deletes the final ";" and inserts it again at the
    # end of its addition; the engine keeps it and inserts before it.
    ("old", ";", "public policy issues"),
    ("new", ";", "has not been implemented"),
    # instructs the Secretary-General 7: ITU writes [-of the Dedicated
    # Group-]{+and the international ...+}, deleting and re-inserting "the";
    # the engine writes [-of-]{+and+} the [-Dedicated Group-]{+international ...+}.
    ("old", "the", "the reports of"),
    ("new", "the", "the reports and"),
    # instructs the Director of the BDT 1: ITU writes [-2010--]2014{+-2018+},
    # the engine [-2010-2014-]{+2014-2018+}, which the issue allows (case 10).
    ("old", "2014", "the period 2010-"),
    ("new", "2014", "for the period"),
]


@dataclass(frozen=True)
class Line:
    start: int
    text: str
    # Every character, line end included, inside one of ITU's regions.
    whole_change: bool


@dataclass(frozen=True)
class Difference:
    side: str
    text: str
    before: str  # the text just before it on that side, for naming it


@dataclass(frozen=True)
class Agreement:
    regions_touched_recall: float
    regions_touched_precision: float
    regions_exact_recall: float
    regions_exact_precision: float
    old_char_precision: float
    old_char_recall: float
    new_char_precision: float
    new_char_recall: float
    missed_regions: tuple[Region, ...]
    unmatched_changes: tuple[Span, ...]
    char_differences: tuple[Difference, ...]

    def char_figures(self) -> list[float]:
        return [self.old_char_precision, self.old_char_recall, self.new_char_precision, self.new_char_recall]

    def report(self, name: str) -> str:
        return (
            f"{name:<26} regions touched R {self.regions_touched_recall:6.1%}"
            f" P {self.regions_touched_precision:6.1%}"
            f" | exact R {self.regions_exact_recall:6.1%} P {self.regions_exact_precision:6.1%}"
            f" | chars old P {self.old_char_precision:6.1%} R {self.old_char_recall:6.1%}"
            f" new P {self.new_char_precision:6.1%} R {self.new_char_recall:6.1%}"
        )


def itu() -> tuple[str, str, tuple[Region, ...]]:
    text = redline_text()
    old, new = sides(text)
    return old, new, tuple(regions(text))


def split_lines(text: str, spans: list[tuple[int, int]]) -> list[Line]:
    marked = bytearray(len(text))
    for start, end in spans:
        marked[start:end] = b"\1" * (end - start)
    lines, position = [], 0
    for line in text.splitlines(keepends=True):
        lines.append(Line(position, line, all(marked[position : position + len(line)])))
        position += len(line)
    return lines


def line_pairs(old: str, new: str, itu_regions: tuple[Region, ...]) -> list[tuple[Line | None, Line | None]]:
    """The lines of both sides in order: (old, new) for corresponding lines,
    (old, None) for a line ITU deleted whole, (None, new) for one it added."""
    old_lines = split_lines(old, [(r.old_start, r.old_end) for r in itu_regions])
    new_lines = split_lines(new, [(r.new_start, r.new_end) for r in itu_regions])
    pairs: list[tuple[Line | None, Line | None]] = []
    p = q = 0
    while p < len(old_lines) or q < len(new_lines):
        if p < len(old_lines) and old_lines[p].whole_change:
            pairs.append((old_lines[p], None))
            p += 1
        elif q < len(new_lines) and new_lines[q].whole_change:
            pairs.append((None, new_lines[q]))
            q += 1
        else:
            pairs.append((old_lines[p], new_lines[q]))
            p, q = p + 1, q + 1
    return pairs


def engine_changes(old: str, new: str, itu_regions: tuple[Region, ...]) -> list[Span]:
    """The engine's changes over the whole document, as offsets on each side."""
    changes: list[Span] = []
    old_at = new_at = 0
    for old_line, new_line in line_pairs(old, new, itu_regions):
        old_text = old_line.text if old_line else ""
        new_text = new_line.text if new_line else ""
        for span in change_spans(diff_texts(old_text, new_text)):
            changes.append(
                Span(
                    old_at + span.old_start,
                    old_at + span.old_end,
                    new_at + span.new_start,
                    new_at + span.new_end,
                )
            )
        old_at += len(old_text)
        new_at += len(new_text)
    return changes


def clause_changes(old: str, new: str, itu_regions: tuple[Region, ...]) -> list[Span]:
    """The engine's changes, per aligned clause, as offsets on each side."""
    old_clauses = parse_text(old.encode()).clauses
    new_clauses = parse_text(new.encode()).clauses
    changes: list[Span] = []
    # Where the previous clause ended on each side: the place of a clause
    # that side does not have.
    old_at = new_at = 0
    for match in align(old_clauses, new_clauses):
        old_clause = old_clauses[match.old] if match.old is not None else None
        new_clause = new_clauses[match.new] if match.new is not None else None
        change = compare_clause(old_clause, new_clause, moved=match.moved)
        old_place, new_place = source_offsets(old_clause, old), source_offsets(new_clause, new)
        # The clause as one string: label, a space, text.
        old_shift = len(change.old_label) + 1 if change.old_label else 0
        new_shift = len(change.new_label) + 1 if change.new_label else 0
        for ops, shifts in ((change.label_ops, (0, 0)), (change.ops, (old_shift, new_shift))):
            for span in change_spans(ops):
                changes.append(
                    Span(
                        *map_span(old_place, span.old_start + shifts[0], span.old_end + shifts[0], old_at),
                        *map_span(new_place, span.new_start + shifts[1], span.new_end + shifts[1], new_at),
                    )
                )
        old_at = max(old_place.values(), default=old_at - 1) + 1
        new_at = max(new_place.values(), default=new_at - 1) + 1
    return changes


def source_offsets(clause: ParsedClause | None, side: str) -> dict[int, int]:
    """Character of "label text" -> offset in the side's text, for the
    characters found there (the parser rewrites footnote markers and white
    space; a clause absent from this side maps nothing)."""
    if clause is None:
        return {}
    string = f"{clause.label} {clause.text}" if clause.label else clause.text
    if clause.where.startswith("line "):
        lines = side.splitlines(keepends=True)
        number = int(clause.where.split()[1])
        start, source = sum(map(len, lines[: number - 1])), lines[number - 1]
    else:  # a footnote, cut out of the line that holds it
        start = side.index(clause.text[:40])
        source = side[start : start + len(clause.text) + 20]
    matcher = difflib.SequenceMatcher(None, string, source, autojunk=False)
    return {a + k: start + b + k for a, b, size in matcher.get_matching_blocks() for k in range(size)}


def map_span(place: dict[int, int], start: int, end: int, default: int) -> tuple[int, int]:
    """A span of the clause string as a span of the side's text; an empty
    span at `default` when there is nothing of it on this side."""
    found = [place[i] for i in range(start, end) if i in place]
    if found:
        return min(found), max(found) + 1
    before = [place[i] + 1 for i in range(start - 1, -1, -1) if i in place][:1]
    return (before[0], before[0]) if before else (default, default)


def baseline_changes(old: str, new: str, itu_regions: tuple[Region, ...] = ()) -> list[Span]:
    """A plain word-level difflib diff of the whole text, with its defaults."""
    old_words = list(re.finditer(r"\S+", old))
    new_words = list(re.finditer(r"\S+", new))
    matcher = difflib.SequenceMatcher(None, [w.group() for w in old_words], [w.group() for w in new_words])

    def offsets(words: list[re.Match[str]], start: int, end: int, length: int) -> tuple[int, int]:
        if start < end:
            return words[start].start(), words[end - 1].end()
        at = words[start].start() if start < len(words) else length
        return at, at

    return [
        Span(*offsets(old_words, i1, i2, len(old)), *offsets(new_words, j1, j2, len(new)))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def merge_adjacent(old: str, new: str, changes: list[Span]) -> list[Span]:
    """Changes apart only by white space on both sides are one, as
    tests.support.wdiff.regions counts ITU's adjacent marks as one region (the
    engine leaves line ends out of a whole added or deleted line)."""
    merged: list[Span] = []
    for change in changes:
        if (
            merged
            and not old[merged[-1].old_end : change.old_start].strip()
            and not new[merged[-1].new_end : change.new_start].strip()
        ):
            merged[-1] = merged[-1]._replace(old_end=change.old_end, new_end=change.new_end)
        else:
            merged.append(change)
    return merged


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    # An empty span (the place of a pure insertion or deletion) is a point:
    # it touches a span that contains it, or starts or ends there.
    if a_start < a_end and b_start < b_end:
        return a_start < b_end and b_start < a_end
    return a_start <= b_end and b_start <= a_end


def touches(region: Region, change: Span) -> bool:
    return overlaps(region.old_start, region.old_end, change.old_start, change.old_end) or overlaps(
        region.new_start, region.new_end, change.new_start, change.new_end
    )


def marked(text: str, start: int, end: int) -> frozenset[int]:
    return frozenset(i for i in range(start, end) if not text[i].isspace())


def runs(text: str, positions: set[int]) -> list[Difference]:
    """The runs of characters at these positions; positions apart only by
    white space belong to one run."""
    found: list[tuple[int, int]] = []
    for i in sorted(positions):
        if found and (found[-1][1] == i or text[found[-1][1] : i].isspace()):
            found[-1] = (found[-1][0], i + 1)
        else:
            found.append((i, i + 1))
    return [
        Difference("", text[start:end], " ".join(text[max(0, start - 40) : start].split()))
        for start, end in found
    ]


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def agreement(old: str, new: str, itu_regions: tuple[Region, ...], changes: list[Span]) -> Agreement:
    changes = merge_adjacent(old, new, changes)
    missed = tuple(r for r in itu_regions if not any(touches(r, c) for c in changes))
    unmatched = tuple(c for c in changes if not any(touches(r, c) for r in itu_regions))
    itu_spans = merge_adjacent(
        old, new, [Span(r.old_start, r.old_end, r.new_start, r.new_end) for r in itu_regions]
    )
    itu_keys = {(marked(old, r.old_start, r.old_end), marked(new, r.new_start, r.new_end)) for r in itu_spans}
    engine_keys = {
        (marked(old, c.old_start, c.old_end), marked(new, c.new_start, c.new_end)) for c in changes
    }
    figures: dict[str, float] = {}
    differences: list[Difference] = []
    for side, text, itu_keys_side, engine_keys_side in (
        ("old", old, [k[0] for k in itu_keys], [k[0] for k in engine_keys]),
        ("new", new, [k[1] for k in itu_keys], [k[1] for k in engine_keys]),
    ):
        by_itu = set().union(*itu_keys_side)
        by_engine = set().union(*engine_keys_side)
        figures[f"{side}_char_precision"] = ratio(len(by_itu & by_engine), len(by_engine))
        figures[f"{side}_char_recall"] = ratio(len(by_itu & by_engine), len(by_itu))
        differences += [Difference(side, run.text, run.before) for run in runs(text, by_itu ^ by_engine)]
    return Agreement(
        regions_touched_recall=1 - ratio(len(missed), len(itu_regions)),
        regions_touched_precision=1 - ratio(len(unmatched), len(changes)),
        regions_exact_recall=ratio(len(itu_keys & engine_keys), len(itu_keys)),
        regions_exact_precision=ratio(len(itu_keys & engine_keys), len(engine_keys)),
        missed_regions=missed,
        unmatched_changes=unmatched,
        char_differences=tuple(differences),
        **figures,
    )


Method = Callable[[str, str, tuple[Region, ...]], list[Span]]
METHODS: dict[str, Method] = {
    "engine, line by line": engine_changes,
    "engine, per aligned clause": clause_changes,
    "difflib words, whole text": baseline_changes,
}
ENGINE = ["engine, line by line", "engine, per aligned clause"]


def measured(method: str) -> Agreement:
    old, new, itu_regions = itu()
    return agreement(old, new, itu_regions, METHODS[method](old, new, itu_regions))


@pytest.fixture(scope="module")
def agreements() -> dict[str, Agreement]:
    """Every method measured once per test run, never kept between runs: a
    runner that forks one process per run (mutmut does, once per mutant)
    would otherwise hand each run the figures of the code before it changed."""
    return {method: measured(method) for method in METHODS}


@pytest.fixture(scope="module", autouse=True)
def print_figures(agreements):
    yield
    print()
    for method, result in agreements.items():
        print(result.report(method))


@pytest.mark.parametrize("method", ENGINE)
def test_every_itu_region_is_touched_by_an_engine_change(agreements, method):
    assert agreements[method].missed_regions == ()


@pytest.mark.parametrize("method", ENGINE)
def test_nearly_every_engine_change_touches_an_itu_region(agreements, method):
    result = agreements[method]
    assert result.regions_touched_precision >= 0.97, result.unmatched_changes


@pytest.mark.parametrize("method", ENGINE)
def test_characters_marked_agree_with_itu_on_both_sides(agreements, method):
    result = agreements[method]
    assert min(result.char_figures()) >= 0.95, result.report(method)


def is_accepted(difference: Difference, accepted: tuple[str, str, str]) -> bool:
    side, text, before = accepted
    return difference.side == side and difference.text == text and difference.before.endswith(before)


@pytest.mark.parametrize("method", ENGINE)
def test_each_difference_from_itu_is_a_named_acceptable_one(agreements, method):
    found = agreements[method].char_differences
    unexplained = [d for d in found if not any(is_accepted(d, a) for a in ACCEPTED_DIFFERENCES)]
    no_longer_seen = [a for a in ACCEPTED_DIFFERENCES if not any(is_accepted(d, a) for d in found)]
    assert unexplained == []
    assert no_longer_seen == []


@pytest.mark.parametrize("method", ENGINE)
def test_the_engine_agrees_with_itu_clearly_better_than_a_whole_text_difflib_diff(agreements, method):
    engine, baseline = agreements[method], agreements["difflib words, whole text"]
    assert engine.regions_exact_recall >= baseline.regions_exact_recall + 0.25, baseline.report("difflib")
    assert engine.regions_exact_precision >= baseline.regions_exact_precision + 0.25, baseline.report(
        "difflib"
    )
    assert min(engine.char_figures()) >= min(baseline.char_figures()) + 0.05, baseline.report("difflib")
