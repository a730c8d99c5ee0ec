"""Benchmark of the redline engine, next to a plain difflib baseline.

    .venv/bin/python tests/bench/bench_redline.py

Prints, each as min / median / max: the time per clause pair, for the whole
of Resolution 102 and for a resolution 100 times larger; how the cost grows
with the number of clauses and with clause length; what a cache by the two
texts would save; the figures REWRITE_SIMILARITY was chosen from; and the
agreement with ITU's own redline (tests/test_redline_agreement.py).

Clause pairs are Resolution 102's, parsed from both sides of ITU's redline
and aligned, as the product does. "Engine" is compare_clause (tokenize,
diff, clean-up) plus the inline HTML; "difflib" is SequenceMatcher over
white-space-separated words with its defaults, no HTML.
"""

from __future__ import annotations

import difflib
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from resolutions.alignment import align  # noqa: E402
from resolutions.document import Kind, ParsedClause  # noqa: E402
from resolutions.output.html import ops_html as render_ops  # noqa: E402
from resolutions.parsing.plaintext import parse_text  # noqa: E402
from resolutions.redline import (  # noqa: E402
    CONFETTI_CHANGES,
    REWRITE_SIMILARITY,
    Status,
    cleaned_blocks,
    compare_clause,
    kept_share,
    tokenize,
)
from tests.test_redline_agreement import METHODS, itu, measured  # noqa: E402

Pair = tuple[ParsedClause | None, ParsedClause | None, bool]


def clause_pairs() -> list[Pair]:
    old, new, _ = itu()
    old_clauses, new_clauses = parse_text(old.encode()).clauses, parse_text(new.encode()).clauses
    return [
        (
            old_clauses[m.old] if m.old is not None else None,
            new_clauses[m.new] if m.new is not None else None,
            m.moved,
        )
        for m in align(old_clauses, new_clauses)
    ]


def engine(pairs: list[Pair]) -> None:
    for old, new, moved in pairs:
        render_ops(compare_clause(old, new, moved=moved).ops)


WORDS = re.compile(r"\S+")


def difflib_words(old: str, new: str) -> None:
    difflib.SequenceMatcher(None, WORDS.findall(old), WORDS.findall(new)).get_opcodes()


def difflib_pairs(pairs: list[Pair]) -> None:
    for old, new, _ in pairs:
        difflib_words(old.text if old else "", new.text if new else "")


def timings(run: Callable[[], object], repeat: int, number: int = 1) -> list[float]:
    """Seconds per call, `repeat` times (each the mean of `number` calls)."""
    result = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            run()
        result.append((time.perf_counter() - start) / number)
    return result


def spread(seconds: list[float], unit: float, name: str) -> str:
    values = [s / unit for s in seconds]
    return f"{min(values):9.1f} {statistics.median(values):9.1f} {max(values):9.1f} {name}"


def row(label: str, engine_times: list[float], baseline_times: list[float], unit: float, name: str) -> None:
    print(
        f"{label:<34} engine {spread(engine_times, unit, name)}   difflib {spread(baseline_times, unit, name)}"
    )


def per_pair(pairs: list[Pair], repeat: int = 5, number: int = 50) -> tuple[list[float], list[float]]:
    """Each pair's time (best of `repeat`), for the engine and the baseline."""
    engine_times, baseline_times = [], []
    for pair in pairs:
        engine_times.append(min(timings(lambda pair=pair: engine([pair]), repeat, number)))
        baseline_times.append(min(timings(lambda pair=pair: difflib_pairs([pair]), repeat, number)))
    return engine_times, baseline_times


def words(count: int, vocabulary: int, rng: random.Random) -> list[str]:
    return [f"w{rng.randrange(vocabulary)}" for _ in range(count)]


def edited(text: list[str], rng: random.Random, rate: float = 0.1) -> list[str]:
    return [f"x{rng.randrange(10**6)}" if rng.random() < rate else word for word in text]


def main() -> None:
    pairs = clause_pairs()
    changed = [p for p in pairs if compare_clause(p[0], p[1]).status == Status.MOD]
    old_side, new_side, _ = itu()
    print(f"Resolution 102: {len(pairs)} clause pairs, {len(changed)} changed (MOD)\n")
    print(f"{'':34} {'':6} {'min':>9} {'median':>9} {'max':>9}")

    # Per clause pair.
    e, b = per_pair(changed)
    row("per changed clause pair", e, b, 1e-6, "µs")
    e, b = per_pair(pairs)
    row("per clause pair, all", e, b, 1e-6, "µs")

    # The whole resolution, and one 100 times larger, compared clause by
    # clause; difflib also over the whole text, as a naive viewer would.
    engine_whole = timings(lambda: engine(pairs), 30)
    row("whole Resolution 102", engine_whole, timings(lambda: difflib_pairs(pairs), 30), 1e-3, "ms")
    row(
        "  (difflib over the whole text)",
        engine_whole,
        timings(lambda: difflib_words(old_side, new_side), 30),
        1e-3,
        "ms",
    )
    large = pairs * 100
    row(
        "synthetic, 100x larger",
        timings(lambda: engine(large), 5),
        timings(lambda: difflib_pairs(large), 5),
        1e-3,
        "ms",
    )
    print(f"{'  (difflib over the whole text)':<34} not run: quadratic, see below")

    # Growth is read from the best of several runs: other work on a shared
    # machine only ever adds time.
    print("\nCost with the number of clauses (best run, per clause):")
    for factor in (1, 10, 100):
        many = pairs * factor
        best = min(timings(lambda many=many: engine(many), 5))
        line = f"  {len(many):6} clauses: engine {best / len(many) * 1e6:6.1f} µs per clause"
        if factor <= 10:  # 30x already takes about a minute
            whole = min(
                timings(lambda f=factor: difflib_words(old_side * f, new_side * f), 1 if factor > 1 else 5)
            )
            line += f"   difflib whole text {whole / len(many) * 1e6:8.1f} µs per clause"
        print(line)

    print("\nCost with clause length (engine, best run, per token):")
    rng = random.Random(102)
    for label, vocabulary in (("prose-like, rich vocabulary", 5000), ("few distinct words, no anchors", 20)):
        for length in (50, 200, 800, 3200):
            old_words = words(length, vocabulary, rng)
            old_text, new_text = " ".join(old_words), " ".join(edited(old_words, rng))
            pair = [(ParsedClause(Kind.ITEM, old_text), ParsedClause(Kind.ITEM, new_text), False)]
            best = min(timings(lambda pair=pair: engine(pair), 5, 3))
            print(f"  {label:<32} {length:5} tokens: {best / length * 1e6:6.2f} µs per token")

    print("\nA cache by the two texts (whole Resolution 102, min / median):")
    cached = lru_cache(maxsize=None)(lambda old, new: compare_clause(old, new))
    engine_only = [(o, n) for o, n, _ in pairs]
    uncached = timings(lambda: [compare_clause(o, n) for o, n in engine_only], 30)
    for o, n in engine_only:
        cached(o, n)
    # Texts read again from the database are new strings, whose hash is
    # computed again on the first lookup: time lookups of fresh copies.
    copies = [[(fresh(o), fresh(n)) for o, n in engine_only] for _ in range(30)]
    hits = timings(lambda: [cached(o, n) for o, n in copies.pop()], 30)
    print(
        f"  computing every clause: {min(uncached) * 1e3:.2f} / {statistics.median(uncached) * 1e3:.2f} ms;"
        f" all cache hits: {min(hits) * 1e3:.2f} / {statistics.median(hits) * 1e3:.2f} ms"
    )

    print(
        f"\nWhole replacement (at least {CONFETTI_CHANGES} changes, kept share below {REWRITE_SIMILARITY}):"
    )
    real = [share_and_changes(o.text, n.text) for o, n, _ in changed]
    many_changes = [share for share, count in real if count >= CONFETTI_CHANGES]
    print(f"  clauses ITU marked with {CONFETTI_CHANGES}+ changes: lowest kept share {min(many_changes):.2f}")
    unrelated = [
        share_and_changes(o.text, n.text)
        for i, (o, _, _) in enumerate(changed + pairs)
        for j, (_, n, _) in enumerate(pairs)
        if o and n and i != j and o.text != n.text
    ]
    confetti = [share for share, count in unrelated if count >= CONFETTI_CHANGES]
    below = sum(share < REWRITE_SIMILARITY for share in confetti) / len(confetti)
    low = sum(share < 0.2 for share in confetti) / len(confetti)
    print(
        f"  unrelated clause pairs with {CONFETTI_CHANGES}+ changes: {len(confetti)},"
        f" {below:.0%} keep less than {REWRITE_SIMILARITY}, {low:.0%} less than 0.2"
    )

    print("\nAgreement with ITU's redline of Resolution 102:")
    for method in METHODS:
        print("  " + measured(method).report(method))


def fresh(clause: ParsedClause | None) -> ParsedClause | None:
    if clause is None:
        return None
    text = (clause.text + ".")[:-1]  # an equal string, not the same object
    return ParsedClause(clause.kind, text, clause.label, clause.section, clause.where)


def share_and_changes(old: str, new: str) -> tuple[float, int]:
    a, b = tokenize(old), tokenize(new)
    blocks = cleaned_blocks(a, b)
    return kept_share(blocks, a.keys, b.keys), sum(not block.equal for block in blocks)


if __name__ == "__main__":
    main()
