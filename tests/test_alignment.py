from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resolutions.alignment import (
    ACROSS_SECTIONS_THRESHOLD,
    SAME_SECTION_THRESHOLD,
    UNCERTAIN_BELOW,
    AlignmentError,
    align,
    longest_increasing,
    merge_order,
    similarity,
)
from resolutions.document import Kind, ParsedClause, clause_paths
from resolutions.parsing.plaintext import parse_text
from tests.support.editions import (
    ASSIST,
    FORUMS,
    FRONT,
    LIAISE,
    PARTICIPATE,
    REPORT,
    SURVEILLANCE,
    edition,
    row_of,
    rows,
)
from tests.support.synthetic import f1, matched_pairs, section_label_pairs, synthetic_pair

FIXTURES = Path(__file__).parent.parent / "fixtures"

# --- small editions ---------------------------------------------------------------------------


def test_it_matches_an_unchanged_edition_clause_for_clause_with_full_scores():
    clauses = edition(
        ("noting", [f"a)\t{REPORT}", f"b)\t{LIAISE}"]), ("resolves", [FORUMS]), footnotes=[ASSIST]
    )

    matches = align(clauses, clauses)

    assert [(m.old, m.new) for m in matches] == [(i, i) for i in range(len(clauses))]
    assert all(m.score == 1.0 and not m.relabelled and not m.moved for m in matches)


def test_it_reletters_clauses_after_a_deletion_without_calling_them_moved():
    old = edition(("noting", [f"a)\t{REPORT}", f"b)\t{LIAISE}", f"c)\t{FORUMS}", f"d)\t{PARTICIPATE}"]))
    new = edition(("noting", [f"a)\t{REPORT}", f"b)\t{FORUMS}", f"c)\t{PARTICIPATE}"]))

    matches = align(old, new)

    assert rows(matches, old, new) == [
        *FRONT,
        ("noting/heading", "noting/heading"),
        ("noting/a", "noting/a"),
        ("noting/b", None),
        ("noting/c", "noting/b"),
        ("noting/d", "noting/c"),
    ]
    relettered = [row_of(matches, new, "noting/b"), row_of(matches, new, "noting/c")]
    assert all(m.relabelled and not m.moved and m.score == 1.0 for m in relettered)
    assert not row_of(matches, new, "noting/a").relabelled


def test_it_flags_a_clause_moved_to_another_section_as_moved():
    old = edition(
        ("considering", [f"a)\t{REPORT}", f"b)\t{LIAISE}"]), ("resolves", [f"1\t{FORUMS}", f"2\t{ASSIST}"])
    )
    new = edition(
        ("considering", [f"a)\t{REPORT}"]), ("resolves", [f"1\t{FORUMS}", f"2\t{ASSIST}", f"3\t{LIAISE}"])
    )

    matches = align(old, new)

    moved = row_of(matches, new, "resolves/3")
    assert clause_paths(old)[moved.old] == "considering/b"
    assert moved.moved and moved.relabelled
    assert [m.new for m in matches if m.moved] == [moved.new]


def test_it_flags_only_the_clause_that_left_the_order_of_its_section():
    old = edition(("noting", [f"a)\t{REPORT}", f"b)\t{LIAISE}", f"c)\t{FORUMS}", f"d)\t{PARTICIPATE}"]))
    new = edition(("noting", [f"a)\t{REPORT}", f"b)\t{FORUMS}", f"c)\t{PARTICIPATE}", f"d)\t{LIAISE}"]))

    matches = align(old, new)

    assert [clause_paths(old)[m.old] for m in matches if m.moved] == ["noting/b"]
    assert all(m.score == 1.0 for m in matches)


def test_it_flags_only_the_heading_of_a_section_that_moved_as_a_whole():
    considering = ("considering", [f"a)\t{REPORT}", f"b)\t{LIAISE}"])
    resolves = ("resolves", [f"1\t{FORUMS}", f"2\t{ASSIST}"])
    old, new = edition(considering, resolves), edition(resolves, considering)

    matches = align(old, new)

    assert [clause_paths(new)[m.new] for m in matches if m.moved] == ["resolves/heading"]


def test_it_pairs_a_renamed_heading_by_the_items_under_it():
    old = edition(
        ("noting", [f"a)\t{REPORT}"]), ("invites the Dedicated Group", [f"1\t{LIAISE}", f"2\t{FORUMS}"])
    )
    new = edition(
        ("noting", [f"a)\t{REPORT}"]), ("bearing in mind", [f"1\t{LIAISE}", f"2\t{FORUMS} 2014-2018"])
    )

    matches = align(old, new)

    heading = row_of(matches, new, "bearing-in-mind/heading")
    assert clause_paths(old)[heading.old] == "invites-the-dedicated-group/heading"
    assert heading.score < UNCERTAIN_BELOW and heading.uncertain
    assert not any(m.moved for m in matches)


def test_it_does_not_pair_a_deleted_section_with_an_added_one_that_only_looks_alike():
    old = edition(("noting", [f"a)\t{REPORT}"]), ("invites Member States", [f"1\t{PARTICIPATE}"]))
    new = edition(("noting", [f"a)\t{REPORT}"]), ("invites Sector Members", [f"1\t{SURVEILLANCE}"]))

    assert rows(align(old, new), old, new)[-4:] == [
        ("invites-member-states/heading", None),
        ("invites-member-states/1", None),
        (None, "invites-sector-members/heading"),
        (None, "invites-sector-members/1"),
    ]


def test_it_pairs_the_survivor_of_two_near_identical_clauses_by_its_wording_not_its_label():
    twin = REPORT.replace("activities undertaken", "achievements")
    old = edition(("instructs the Council", [f"1\t{REPORT}", f"2\t{twin}", f"3\t{LIAISE}"]))
    new = edition(("instructs the Council", [f"1\t{twin}; ", f"2\t{LIAISE}"]))
    assert similarity(twin, REPORT) > SAME_SECTION_THRESHOLD

    matches = align(old, new)

    assert rows(matches, old, new)[-3:] == [
        ("instructs-the-council/1", None),
        ("instructs-the-council/2", "instructs-the-council/1"),
        ("instructs-the-council/3", "instructs-the-council/2"),
    ]


def test_it_keeps_two_near_identical_clauses_apart_when_both_change_alike():
    twin = REPORT.replace("activities undertaken", "achievements")
    old = edition(("instructs the Council", [f"1\t{REPORT}", f"2\t{twin}"]))
    new = edition(("instructs the Council", [f"1\t{REPORT}, as appropriate", f"2\t{twin}, as appropriate"]))

    assert rows(align(old, new), old, new)[-2:] == [
        ("instructs-the-council/1", "instructs-the-council/1"),
        ("instructs-the-council/2", "instructs-the-council/2"),
    ]


def test_it_never_trades_an_unchanged_clause_for_two_weaker_pairs():
    # Crossing the pairs would score more in total (0.76 + 0.55 against 1.0 alone).
    results = "to report annually to the Council and to the Assembly on the results of the studies"
    groups = "to report to the membership on the activities undertaken by the study groups on these subjects"
    old = edition(("noting", [f"a)\t{REPORT}", f"b)\t{results}"]))
    new = edition(("noting", [f"a)\t{REPORT}", f"b)\t{groups}"]))
    assert similarity(REPORT, groups) + similarity(results, REPORT) > 1.0

    assert rows(align(old, new), old, new)[-3:] == [
        ("noting/a", "noting/a"),
        ("noting/b", None),
        (None, "noting/b"),
    ]


def test_it_keeps_a_clause_rewritten_under_its_label_while_it_stays_similar_enough():
    rewritten = (
        "to liaise with the regional telecommunication organizations and the other relevant "
        "international organizations on the implementation of this resolution"
    )
    old = edition(("noting", [f"a)\t{REPORT}", f"b)\t{LIAISE}"]))
    new = edition(("noting", [f"a)\t{REPORT}", f"b)\t{rewritten}"]))

    match = row_of(align(old, new), new, "noting/b")

    assert clause_paths(old)[match.old] == "noting/b"
    assert SAME_SECTION_THRESHOLD <= match.score == similarity(LIAISE, rewritten) < 0.6
    assert match.uncertain


def test_it_replaces_a_clause_rewritten_beyond_recognition_by_a_deletion_and_an_addition():
    rewritten = "to cooperate with all relevant ITU study groups and regional organizations on this matter"
    old = edition(("noting", [f"a)\t{REPORT}", f"b)\t{LIAISE}", f"c)\t{FORUMS}"]))
    new = edition(("noting", [f"a)\t{REPORT}", f"b)\t{rewritten}", f"c)\t{FORUMS}"]))
    assert 0.4 < similarity(LIAISE, rewritten) < SAME_SECTION_THRESHOLD

    assert rows(align(old, new), old, new)[-4:] == [
        ("noting/a", "noting/a"),
        ("noting/b", None),
        (None, "noting/b"),
        ("noting/c", "noting/c"),
    ]


def test_it_pairs_a_clause_across_sections_only_when_nearly_the_same():
    changed = LIAISE.replace("regional telecommunication organizations", "regional organizations")
    old = edition(("considering", [f"a)\t{REPORT}", f"b)\t{LIAISE}"]), ("resolves", [f"1\t{FORUMS}"]))
    near = edition(("considering", [f"a)\t{REPORT}"]), ("resolves", [f"1\t{FORUMS}", f"2\t{changed}"]))
    rewritten = (
        "to liaise with the regional organizations and to cooperate pursuant to this resolution and 71"
    )
    far = edition(("considering", [f"a)\t{REPORT}"]), ("resolves", [f"1\t{FORUMS}", f"2\t{rewritten}"]))
    assert similarity(LIAISE, changed) >= ACROSS_SECTIONS_THRESHOLD
    assert SAME_SECTION_THRESHOLD < similarity(LIAISE, rewritten) < ACROSS_SECTIONS_THRESHOLD

    assert ("considering/b", "resolves/2") in rows(align(old, near), old, near)
    assert ("considering/b", None) in rows(align(old, far), old, far)


def test_it_pairs_front_matter_by_kind_however_much_it_changed():
    old = edition(("noting", [f"a)\t{REPORT}"]))
    new = [ParsedClause(Kind.TITLE, "A wholly new title") if c.kind == Kind.TITLE else c for c in old]

    title = align(old, new)[1]

    assert (title.old, title.new) == (1, 1)
    assert title.score < SAME_SECTION_THRESHOLD


def test_it_pairs_footnotes_by_their_text_when_their_numbers_change():
    old = edition(("noting", [f"a)\t{REPORT}"]), footnotes=[LIAISE, ASSIST])
    new = edition(("noting", [f"a)\t{REPORT}"]), footnotes=[f"{ASSIST}.", LIAISE])

    matches = align(old, new)

    assert rows(matches, old, new)[-2:] == [("footnote/2", "footnote/1"), ("footnote/1", "footnote/2")]
    assert all(m.relabelled for m in matches[-2:])


def test_it_respects_forced_matches_and_aligns_the_rest_around_them():
    old = edition(("noting", [f"a)\t{REPORT}", f"b)\t{LIAISE}", f"c)\t{FORUMS}", f"d)\t{PARTICIPATE}"]))
    new = edition(("noting", [f"a)\t{REPORT}", f"b)\t{FORUMS}", f"c)\t{PARTICIPATE}"]))
    paths = clause_paths(new)
    noting_b, noting_c = paths.index("noting/b"), paths.index("noting/c")

    matches = align(old, new, forced={noting_b: clause_paths(old).index("noting/b"), noting_c: None})

    assert rows(matches, old, new)[-5:] == [
        ("noting/a", "noting/a"),
        ("noting/b", "noting/b"),
        ("noting/c", None),
        ("noting/d", None),
        (None, "noting/c"),
    ]
    assert row_of(matches, new, "noting/b").score == similarity(LIAISE, FORUMS)


def test_it_marks_every_clause_added_when_the_old_edition_is_empty():
    new = edition(("noting", [f"a)\t{REPORT}"]), footnotes=[ASSIST])

    assert [(m.old, m.new, m.score) for m in align([], new)] == [(None, j, 0.0) for j in range(len(new))]


def test_it_marks_every_clause_deleted_when_the_new_edition_is_empty():
    old = edition(("noting", [f"a)\t{REPORT}"]))

    assert [(m.old, m.new) for m in align(old, [])] == [(i, None) for i in range(len(old))]


@pytest.mark.parametrize(
    ("forced", "message"),
    [
        ({9: 3}, "there is no new clause 9"),
        ({4: 12}, 'new clause 4 (line 5, "a) to report annually'),
        ({3: 4}, 'new clause 3 (line 4, "noting") is a heading and cannot be old clause 4'),
        ({4: 4, 5: 4}, "is forced onto both new clauses 4"),
    ],
)
def test_it_refuses_impossible_forced_matches_naming_the_clauses(forced, message):
    clauses = edition(("noting", [f"a)\t{REPORT}", f"b)\t{LIAISE}"]))

    with pytest.raises(AlignmentError) as error:
        align(clauses, clauses, forced=forced)

    assert message in str(error.value)


def test_it_refuses_a_clause_whose_section_is_not_a_heading():
    clauses = edition(("noting", [f"a)\t{REPORT}"]))
    broken = [*clauses, ParsedClause(Kind.ITEM, LIAISE, "b)", section=4, where="line 6")]

    with pytest.raises(AlignmentError, match=r'new clause 5 \(line 6, "b\) to liaise.*section 4 is not'):
        align(clauses, broken)


# --- order of the rows --------------------------------------------------------------------------


def test_merge_order_puts_each_deleted_clause_right_after_its_old_neighbour():
    assert merge_order("ABCDE", "AXDC") == [
        ("A", "A"),
        ("B", None),
        (None, "X"),
        ("D", "D"),
        ("E", None),
        ("C", "C"),
    ]


def test_merge_order_puts_deleted_clauses_that_open_the_old_edition_first():
    assert merge_order("ABC", "XC") == [("A", None), ("B", None), (None, "X"), ("C", "C")]


def test_merge_order_refuses_repeated_identities():
    with pytest.raises(AlignmentError, match="old clause identities repeat 'A'"):
        merge_order("ABA", "A")


@given(st.lists(st.integers(0, 40), unique=True), st.lists(st.integers(0, 40), unique=True))
def test_merge_order_keeps_new_order_and_each_deleted_identity_after_its_old_predecessor(old_ids, new_ids):
    merged = merge_order(old_ids, new_ids)

    assert [new for _, new in merged if new is not None] == new_ids
    assert sorted(old for old, _ in merged if old is not None) == sorted(old_ids)
    position = {old: at for at, (old, _) in enumerate(merged) if old is not None}
    for k, identity in enumerate(old_ids):
        if identity not in new_ids:
            assert position[identity] == (position[old_ids[k - 1]] + 1 if k else 0)


def test_align_returns_new_order_with_each_deleted_clause_after_its_old_neighbour():
    pair = synthetic_pair(300, seed=7)

    matches = align(pair.old, pair.new)

    assert [m.new for m in matches if m.new is not None] == list(range(len(pair.new)))
    assert sorted(m.old for m in matches if m.old is not None) == list(range(len(pair.old)))
    deleted = [at for at, m in enumerate(matches) if m.new is None]
    assert deleted
    for at in deleted:
        if matches[at].old:
            assert matches[at - 1].old == matches[at].old - 1


@given(st.lists(st.integers(0, 20)))
def test_longest_increasing_finds_an_increasing_run_as_long_as_any(values):
    positions = sorted(longest_increasing(values))

    chosen = [values[p] for p in positions]
    assert all(a < b for a, b in zip(chosen, chosen[1:], strict=False))
    # Quadratic reference: the longest strictly increasing run ending at each position.
    ending = [1] * len(values)
    for j in range(len(values)):
        for i in range(j):
            if values[i] < values[j]:
                ending[j] = max(ending[j], ending[i] + 1)
    assert len(positions) == max(ending, default=0)


# --- Resolution 102, 2010 -> 2014 -------------------------------------------------------------


@cache
def resolution_102() -> tuple[tuple[ParsedClause, ...], tuple[ParsedClause, ...]]:
    old = parse_text((FIXTURES / "pp-102-2010.txt").read_bytes(), source_name="pp-102-2010.txt")
    new = parse_text((FIXTURES / "pp-102-2014.txt").read_bytes(), source_name="pp-102-2014.txt")
    return old.clauses, new.clauses


OLD_CWG = "invites-the-dedicated-group-on-international-internet-related-public-policy"
NEW_CWG = "instructs-the-council-working-group-on-international-internet-related-public"
COUNCIL = "instructs-the-council"
# Every row of the comparison that is not a clause paired with its same-path counterpart.
RES_102_CHANGES = {
    ("noting/b", None),
    ("noting/c", "noting/b"),
    ("noting/d", None),
    (None, "noting/c"),
    (None, "noting/d"),
    *((None, f"recalling/{path}") for path in ("heading", "a", "b", "c")),
    *((None, f"deeply-concerned/{path}") for path in ("heading", "a", "b", "c")),
    (None, "instructs-the-directors-of-the-bureaux/4"),
    *((f"{OLD_CWG}/{path}", f"{NEW_CWG}/{path}") for path in ("heading", "1", "2")),
    *((None, f"{NEW_CWG}/{label}") for label in ("3", "4", "5")),
    (f"{COUNCIL}/1", None),
    (f"{COUNCIL}/2", f"{COUNCIL}/1"),
    (f"{COUNCIL}/3", f"{COUNCIL}/2"),
    (f"{COUNCIL}/4", f"{COUNCIL}/3"),
    (None, "invites-member-states/3"),
}
# New paths of the pairs whose text the redline changes ([-...-]{+...+} inside them).
RES_102_MODIFIED = {
    "resolution",
    "preamble",
    "considering/h",
    "emphasizing/c",
    "emphasizing/d",
    "noting/a",
    "noting/e",
    "resolves",
    "instructs-the-secretary-general/1",
    "instructs-the-secretary-general/3",
    "instructs-the-secretary-general/7",
    "instructs-the-directors-of-the-bureaux/1",
    "instructs-the-directors-of-the-bureaux/3",
    "instructs-the-director-of-the-telecommunication-standardization-bureau/1",
    "instructs-the-director-of-the-telecommunication-development-bureau/1",
    f"{NEW_CWG}/heading",
    f"{NEW_CWG}/2",
    f"{COUNCIL}/2",
    f"{COUNCIL}/3",
    "invites-member-states/2",
}


def expected_res_102_rows() -> set[tuple[str | None, str | None]]:
    old, new = resolution_102()
    changed_old = {old_path for old_path, _ in RES_102_CHANGES}
    changed_new = {new_path for _, new_path in RES_102_CHANGES}
    unchanged = {path for path in clause_paths(old) if path not in changed_old} & set(clause_paths(new))
    assert not unchanged & changed_new
    return RES_102_CHANGES | {(path, path) for path in unchanged}


def test_it_pins_the_complete_mapping_of_resolution_102_from_2010_to_2014():
    old, new = resolution_102()

    found = rows(align(old, new), old, new)

    assert len(found) == len(set(found))
    assert set(found) == expected_res_102_rows()


def test_it_scores_below_one_exactly_the_pairs_of_resolution_102_the_redline_changes():
    old, new = resolution_102()
    paths = clause_paths(new)

    matches = align(old, new)

    below_one = {paths[m.new] for m in matches if m.old is not None and m.new is not None and m.score < 1.0}
    assert below_one == RES_102_MODIFIED
    assert all(m.score >= SAME_SECTION_THRESHOLD for m in matches if m.old is not None and m.new is not None)


def test_it_flags_the_relettered_clauses_of_resolution_102_as_relabelled_and_none_as_moved():
    old, new = resolution_102()
    paths = clause_paths(new)

    matches = align(old, new)

    assert {paths[m.new] for m in matches if m.relabelled} == {
        "noting/b",
        f"{COUNCIL}/1",
        f"{COUNCIL}/2",
        f"{COUNCIL}/3",
    }
    assert not any(m.moved for m in matches)


def test_it_shows_the_deleted_clauses_of_resolution_102_after_their_old_neighbours():
    old, new = resolution_102()

    found = rows(align(old, new), old, new)

    noting = found.index(("noting/a", "noting/a"))
    assert found[noting : noting + 6] == [
        ("noting/a", "noting/a"),
        ("noting/b", None),
        ("noting/c", "noting/b"),
        ("noting/d", None),
        (None, "noting/c"),
        (None, "noting/d"),
    ]
    council = found.index((f"{COUNCIL}/heading", f"{COUNCIL}/heading"))
    assert found[council + 1] == (f"{COUNCIL}/1", None)


def test_it_beats_section_and_label_matching_on_resolution_102():
    old, new = resolution_102()
    old_index = {path: i for i, path in enumerate(clause_paths(old))}
    new_index = {path: j for j, path in enumerate(clause_paths(new))}
    truth = {(old_index[o], new_index[n]) for o, n in expected_res_102_rows() if o and n}
    # The clauses the revision touched, where the two methods can differ.
    touched_old = {old_index[o] for o, _ in RES_102_CHANGES if o}
    touched_new = {new_index[n] for _, n in RES_102_CHANGES if n}

    def touched(pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
        return {(o, n) for o, n in pairs if o in touched_old or n in touched_new}

    ours, naive = matched_pairs(align(old, new)), section_label_pairs(old, new)

    print(
        f"Resolution 102: F1 {f1(ours, truth):.3f} aligned, {f1(naive, truth):.3f} by (section, label) "
        f"({len(naive - truth)} wrong pairs); on the touched clauses {f1(touched(ours), touched(truth)):.3f} "
        f"and {f1(touched(naive), touched(truth)):.3f}"
    )
    assert ours == truth
    assert f1(touched(naive), touched(truth)) < f1(naive, truth) < 1.0


# --- synthetic revisions ------------------------------------------------------------------------


def test_the_synthetic_revisions_hold_every_hard_case():
    pair = synthetic_pair(1000, seed=0)
    old, new = pair.old, pair.new
    heading_pairs = {(o, n) for o, n in pair.truth if old[o].kind == Kind.HEADING}
    members = [(o, n) for o, n in pair.truth if old[o].kind == Kind.ITEM and new[n].kind == Kind.ITEM]

    assert sum(old[o].label != new[n].label for o, n in members) > 100  # relettered
    assert sum((old[o].section, new[n].section) not in heading_pairs for o, n in members) > 10  # moved across
    assert sum(old[o].text != new[n].text for o, n in heading_pairs) > 2  # renamed headings
    assert sum(0.5 < similarity(old[o].text, new[n].text) < 0.8 for o, n in members) > 20  # rewritten
    assert len(old) - len(pair.truth) > 40 and len(new) - len(pair.truth) > 40  # deleted, added


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_it_finds_the_true_pairs_of_a_thousand_clause_synthetic_revision(seed):
    pair = synthetic_pair(1000, seed=seed)

    score = f1(matched_pairs(align(pair.old, pair.new)), pair.truth)
    naive = f1(section_label_pairs(pair.old, pair.new), pair.truth)

    print(f"synthetic 1,000 clauses, seed {seed}: F1 {score:.4f} aligned, {naive:.3f} by (section, label)")
    assert score >= 0.97
