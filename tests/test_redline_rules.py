"""Each clean-up rule of the redline engine on a small hand-built case, with
its exact operations (resolutions.redline).

Every expected value below was worked out by hand from the rule (the
comments give the steps), so that breaking the rule breaks the test: where
the raw comparison puts a change, where the rule moves it, and why.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resolutions.document import Kind, ParsedClause
from resolutions.output.text import wdiff
from resolutions.redline import (
    ABSORB_FACTOR,
    CONFETTI_CHANGES,
    REWRITE_SIMILARITY,
    Block,
    ClauseChange,
    Op,
    Status,
    Tag,
    boundary_score,
    cleaned_blocks,
    compare_clause,
    counts_as_change,
    diff_texts,
    is_confetti,
    is_punctuation,
    is_word,
    kept_share,
    raw_blocks,
    slide_to_word_boundaries,
    tokenize,
    unique_anchors,
    words,
)

EQ, DEL, INS = Tag.EQUAL, Tag.DELETE, Tag.INSERT


def ops(*pieces: tuple[Tag, str] | tuple[Tag, str, str]) -> list[Op]:
    """(EQUAL, old, new), (DELETE, old) and (INSERT, new) as operations."""
    result = []
    for tag, *texts in pieces:
        if tag == EQ:
            result.append(Op(EQ, *texts))
        elif tag == DEL:
            result.append(Op(DEL, texts[0], ""))
        else:
            result.append(Op(INS, "", texts[0]))
    return result


def item(text: str, label: str = "") -> ParsedClause:
    return ParsedClause(Kind.ITEM, text, label)


# --- sliding a pure insertion or deletion to white space ------------------------------------


def test_it_slides_an_insertion_left_to_white_space():
    # The common start "with ITU -" leaves the raw insertion "D, ITU-" between
    # "-" and "T", with no white space on either edge; two tokens to the left,
    # "ITU-D," starts after "with " and ends before " ITU-T".
    old, new = "with ITU-T and ITU-R", "with ITU-D, ITU-T and ITU-R"

    assert diff_texts(old, new) == ops(
        (EQ, "with ", "with "), (INS, "ITU-D,"), (EQ, "ITU-T and ITU-R", " ITU-T and ITU-R")
    )
    assert wdiff(diff_texts(old, new)) == "with {+ITU-D,+} ITU-T and ITU-R"


def test_it_slides_a_deletion_left_to_white_space():
    old, new = "with ITU-D, ITU-T and ITU-R", "with ITU-T and ITU-R"

    assert diff_texts(old, new) == ops(
        (EQ, "with ", "with "), (DEL, "ITU-D,"), (EQ, " ITU-T and ITU-R", "ITU-T and ITU-R")
    )
    assert wdiff(diff_texts(old, new)) == "with [-ITU-D,-] ITU-T and ITU-R"


def test_it_slides_an_insertion_right_to_white_space():
    # "States" is the one word found once in each text, so it anchors the
    # comparison and the raw insertion starts right after it: ", Associates"
    # between "States" and ", and". One token to the right, "Associates," has
    # white space on both sides.
    old, new = "States, and Sector Members", "all States, Associates, and Sector Members"

    assert diff_texts(old, new) == ops(
        (INS, "all"),
        (EQ, "States, ", " States, "),
        (INS, "Associates,"),
        (EQ, "and Sector Members", " and Sector Members"),
    )
    assert wdiff(diff_texts(old, new)) == "{+all+} States, {+Associates,+} and Sector Members"


def test_it_slides_a_deletion_right_to_white_space():
    old, new = "all States, Associates, and Sector Members", "States, and Sector Members"

    assert diff_texts(old, new) == ops(
        (DEL, "all"),
        (EQ, " States, ", "States, "),
        (DEL, "Associates,"),
        (EQ, " and Sector Members", "and Sector Members"),
    )


def test_it_slides_a_change_right_onto_the_end_of_the_text():
    # The raw insertion ", Assembly" sits between "Council" and the final ",";
    # one token to the right, "Assembly," ends the text, which counts as white
    # space, and the final equal run vanishes.
    old, new = "the Council,", "its Council, Assembly,"

    assert diff_texts(old, new) == ops(
        (DEL, "the"), (INS, "its"), (EQ, " Council,", " Council, "), (INS, "Assembly,")
    )
    assert wdiff(diff_texts(old, new)) == "[-the-]{+its+} Council, {+Assembly,+}"


def test_a_change_that_stays_put_does_not_stop_the_next_one_from_sliding():
    # The first insertion is the one of "x, y and z" below, which cannot move;
    # the second is the one of "States, and Sector Members" above.
    old = "x, y and z; States, and Sector Members"
    new = "x, y, w and z; all States, Associates, and Sector Members"

    assert (
        wdiff(diff_texts(old, new)) == "x, y{+, w+} and z; {+all+} States, {+Associates,+} and Sector Members"
    )


def test_it_leaves_a_change_in_place_when_no_other_place_is_equivalent():
    # ", w" could only move if "y" or "and" were repeated at its other edge.
    assert wdiff(diff_texts("x, y and z", "x, y, w and z")) == "x, y{+, w+} and z"


def test_among_equally_clean_places_the_leftmost_wins_for_an_insertion():
    # "outcomes include the" (raw, after the common "the") and "the outcomes
    # include" (one to the left) both start and end on white space: the
    # leftmost wins, so the phrase starts with its function word as ITU writes it.
    old, new = "the reports", "the outcomes include the reports"

    assert diff_texts(old, new) == ops((INS, "the outcomes include"), (EQ, "the reports", " the reports"))


def test_among_equally_clean_places_the_leftmost_wins_for_a_deletion():
    old = "Resolution 101 (Rev. Busan, 2014) and Resolution 102 (Rev. Busan, 2014)"
    new = "Resolution 102 (Rev. Busan, 2014)"

    assert diff_texts(old, new) == ops(
        (DEL, "Resolution 101 (Rev. Busan, 2014) and"),
        (EQ, " Resolution 102 (Rev. Busan, 2014)", "Resolution 102 (Rev. Busan, 2014)"),
    )


def test_a_change_between_two_changes_leaves_a_token_of_the_run_on_its_left():
    # Raw: [-on-]{+to+} the [-the-] reports {+and+}. Sliding the deletion left
    # onto the first "the" scores as well, but would leave no equal run
    # between the two changes: the run keeps one token.
    a, b = tokenize("on the the reports"), tokenize("to the reports and")
    blocks = [
        Block(False, 0, 1, 0, 1),
        Block(True, 1, 2, 1, 2),
        Block(False, 2, 3, 2, 2),
        Block(True, 3, 4, 2, 3),
        Block(False, 4, 4, 3, 4),
    ]

    assert slide_to_word_boundaries(blocks, a, b) == blocks
    # The same after an unchanged start: the change that follows it is the fourth block.
    a, b = tokenize("report on the the reports"), tokenize("report to the reports and")
    blocks = [
        Block(True, 0, 1, 0, 1),
        *(
            block._replace(
                old_start=block.old_start + 1,
                old_end=block.old_end + 1,
                new_start=block.new_start + 1,
                new_end=block.new_end + 1,
            )
            for block in blocks
        ),
    ]

    assert slide_to_word_boundaries(blocks, a, b) == blocks


def test_a_change_between_two_changes_leaves_a_token_of_the_run_on_its_right():
    # "p(" [-(-] "(" [-r-]{+s+}: one token to the right, the deletion would
    # have white space on both edges, but the run before [-r-] would vanish.
    a, b = tokenize("p( ( r"), tokenize("p( s")
    blocks = [
        Block(True, 0, 1, 0, 1),
        Block(False, 1, 2, 1, 1),
        Block(True, 2, 3, 1, 2),
        Block(False, 3, 4, 2, 3),
    ]

    assert slide_to_word_boundaries(blocks, a, b) == blocks


def test_an_equal_run_at_the_end_of_the_text_may_vanish_into_a_sliding_change():
    a, b = tokenize("p( ("), tokenize("p(")
    blocks = [Block(True, 0, 1, 0, 1), Block(False, 1, 2, 1, 1), Block(True, 2, 3, 1, 2)]

    assert slide_to_word_boundaries(blocks, a, b) == [Block(True, 0, 2, 0, 2), Block(False, 2, 3, 2, 2)]


@pytest.mark.parametrize(
    ("start", "end", "score"),
    [
        (0, 1, 2),  # "with": the start of the text, then a space
        (1, 3, 1),  # "ITU-": a space before, none after
        (2, 4, 0),  # "-D": none before, none after
        (3, 5, 1),  # "D,": none before, a space after
        (1, 5, 2),  # "ITU-D,"
        (6, 12, 1),  # "-T and ITU-R": none before, the end of the text after
        (5, 12, 2),  # "ITU-T and ITU-R"
    ],
)
def test_the_boundary_score_counts_the_edges_that_fall_on_white_space(start, end, score):
    tokens = tokenize("with ITU-D, ITU-T and ITU-R")
    assert tokens.keys == ["with", "ITU", "-", "D", ",", "ITU", "-", "T", "and", "ITU", "-", "R"]

    assert boundary_score(tokens, start, end) == score


# --- absorbing a short unchanged run between two changes ----------------------------------


def test_punctuation_between_two_changes_is_absorbed_into_one_change():
    # "," alone is kept between "Guadalajara"/"Busan" and "2010"/"2014":
    # punctuation only, so the two changes become one.
    assert diff_texts("(Guadalajara, 2010)", "(Busan, 2014)") == ops(
        (EQ, "(", "("), (DEL, "Guadalajara, 2010"), (INS, "Busan, 2014"), (EQ, ")", ")")
    )


def test_a_run_exactly_half_the_size_of_both_changes_is_absorbed_even_when_the_first_change_opens_the_clause():
    # [-Dedicated-]{+Council Working+} (2 words) Group (1) [-of all members-]{+for
    # every member+} (3): ABSORB_FACTOR * 1 <= min(2, 3), so one change; the
    # first change is the first block of the clause.
    assert ABSORB_FACTOR == 2
    old = "Dedicated Group of all members shall meet"
    new = "Council Working Group for every member shall meet"

    assert diff_texts(old, new) == ops(
        (DEL, "Dedicated Group of all members"),
        (INS, "Council Working Group for every member"),
        (EQ, " shall meet", " shall meet"),
    )


def test_a_run_absorbed_between_changes_that_end_the_clause():
    old = "shall meet with the Dedicated Group of all members"
    new = "shall meet with the Council Working Group for every member"

    assert wdiff(diff_texts(old, new)) == (
        "shall meet with the [-Dedicated Group of all members-]{+Council Working Group for every member+}"
    )


def test_a_run_longer_than_half_the_smaller_change_is_kept():
    # [-shall-]{+should+} (1 word) report (1) [-annually-]{+regularly+} (1): 2 > 1.
    assert wdiff(diff_texts("shall report annually", "should report regularly")) == (
        "[-shall-]{+should+} report [-annually-]{+regularly+}"
    )


def test_a_merged_change_goes_on_to_absorb_the_run_before_it():
    # [-the Dedicated-]{+a Council+} (2 words) Group (1) [-a-]{+b+} (1) ","
    # [-c-]{+d+} (1): "Group" stays at first (2 > 1), then "," is absorbed,
    # which makes [-a, c-]{+b, d+} a change of 2 words: now "Group" goes too.
    old = "the Dedicated Group a, c and"
    new = "a Council Group b, d and"

    assert wdiff(diff_texts(old, new)) == "[-the Dedicated Group a, c-]{+a Council Group b, d+} and"


# --- a clause rewritten beyond recognition ------------------------------------------------------


def test_three_changes_keeping_exactly_half_the_characters_stay_three_changes():
    # Kept: "of" and "to", 4 characters on each side, 8 of the 16 non-space
    # characters of both texts: a share of exactly REWRITE_SIMILARITY.
    assert (CONFETTI_CHANGES, REWRITE_SIMILARITY) == (3, 0.5)
    old, new = "aa of b to c", "dd of e to f"

    assert wdiff(diff_texts(old, new)) == "[-aa-]{+dd+} of [-b-]{+e+} to [-c-]{+f+}"
    assert not compare_clause(item(old), item(new)).rewritten


def test_three_changes_keeping_less_than_half_the_characters_are_one_replacement():
    # One more character changed: 8 of 17 kept, under 0.5.
    old, new = "aaa of b to c", "dd of e to f"

    assert diff_texts(old, new) == ops((DEL, "aaa of b to c"), (INS, "dd of e to f"))
    assert compare_clause(item(old), item(new)).rewritten


def test_two_changes_are_never_confetti_however_little_they_keep():
    # 4 of 20 characters kept, but only two changes.
    assert wdiff(diff_texts("aaaa of bbbb", "cccc of dddd")) == "[-aaaa-]{+cccc+} of [-bbbb-]{+dddd+}"


def test_the_confetti_rule_counts_changes_and_the_share_both_texts_keep():
    a, b = tokenize("aa of b to c"), tokenize("dd of e to f")
    blocks = cleaned_blocks(a, b)

    assert [block.equal for block in blocks] == [False, True, False, True, False]
    assert kept_share(blocks, a.keys, b.keys) == 0.5
    assert not is_confetti(blocks, a.keys, b.keys)
    assert is_confetti(blocks, a.keys, ["dd", "of", "e", "to", "ff"])  # 8 of 17


def test_a_whole_replacement_keeps_the_white_space_around_it_apart():
    assert diff_texts(" a b ", "") == ops((EQ, " ", ""), (DEL, "a b"), (EQ, " ", ""))
    assert diff_texts("", "\tnew text") == ops((EQ, "", "\t"), (INS, "new text"))


# --- anchors: words found once in each text --------------------------------------------------


def test_it_anchors_on_the_heaviest_chain_of_unique_words_when_they_moved():
    # After the common "the" and "shall report", the unique words of the
    # middle pair up out of order: Council (old 0, new 5), and (1, 3), the
    # (2, 4), Secretary (3, 0), General (5, 2). The heaviest chain in the same
    # order on both sides is Secretary + General (16 characters), not and + the
    # (6) nor Council (7); the rest is deleted and inserted around it.
    old = "the Council and the Secretary-General shall report"
    new = "the Secretary-General and the Council shall report"

    assert unique_anchors(
        ["Council", "and", "the", "Secretary", "-", "General"],
        ["Secretary", "-", "General", "and", "the", "Council"],
    ) == [(3, 0), (5, 2)]
    assert diff_texts(old, new) == ops(
        (DEL, "the Council and"),
        (EQ, " the Secretary-General ", "the Secretary-General "),
        (INS, "and the Council"),
        (EQ, "shall report", " shall report"),
    )


def test_the_heaviest_chain_weighs_characters_not_words():
    # "a" and "b" (2 characters in order) against "Reports" (7) moved ahead.
    assert unique_anchors(["a", "b", "Reports"], ["Reports", "a", "b"]) == [(2, 0)]
    # Three one-letter words in order lose to one word of four letters moved
    # ahead of them; of two letters each, they win.
    assert unique_anchors(["x", "y", "z", "Wide"], ["Wide", "x", "y", "z"]) == [(3, 0)]
    assert unique_anchors(["xx", "yy", "zz", "Wide"], ["Wide", "xx", "yy", "zz"]) == [(0, 1), (1, 2), (2, 3)]


def test_the_heaviest_chain_can_start_with_the_first_pair():
    assert unique_anchors(["Council", "of", "to"], ["Council", "to", "of"]) == [(0, 0), (2, 1)]


def test_unique_words_in_order_all_anchor_and_marks_never_do():
    assert unique_anchors(["the", ",", "Group", "of", "the"], ["Group", ",", "of"]) == [(2, 0), (3, 2)]


def test_raw_blocks_alternate_equal_runs_and_changes():
    assert raw_blocks(["a", "b", "c"], ["a", "x", "c", "d"]) == [
        Block(True, 0, 1, 0, 1),
        Block(False, 1, 2, 1, 2),
        Block(True, 2, 3, 2, 3),
        Block(False, 3, 3, 3, 4),
    ]


# --- white space before the first token and after the last ---------------------------------


def test_white_space_before_a_first_change_is_an_unchanged_piece_of_its_own():
    assert diff_texts(" shall report", " should report") == ops(
        (EQ, " ", " "), (DEL, "shall"), (INS, "should"), (EQ, " report", " report")
    )


def test_white_space_after_a_last_change_is_an_unchanged_piece_of_its_own():
    assert diff_texts("to report annually ", "to report yearly  ") == ops(
        (EQ, "to report ", "to report "), (DEL, "annually"), (INS, "yearly"), (EQ, " ", "  ")
    )


# --- every field of a clause's change ------------------------------------------------------------


def test_a_modified_relettered_moved_clause_has_every_field_set():
    change = compare_clause(
        item("to report annually;", "c)"),
        item("to report regularly, to the Council[^1];", "b)"),
        moved=True,
    )

    assert change == ClauseChange(
        status=Status.MOD,
        old_label="c)",
        new_label="b)",
        ops=tuple(
            ops(
                (EQ, "to report ", "to report "),
                (DEL, "annually"),
                (INS, "regularly, to the Council[^1]"),
                (EQ, ";", ";"),
            )
        ),
        label_ops=tuple(ops((DEL, "c"), (INS, "b"), (EQ, ")", ")"))),
        relabelled=True,
        moved=True,
        rewritten=False,
        words_deleted=1,
        # regularly , to the Council [^1]: words, marks and the reference alike
        words_inserted=6,
    )
    assert change.flags == ["relettered", "moved"]


def test_an_added_clause_has_every_field_set():
    change = compare_clause(None, item("to meet twice a year,", "4"))

    assert change == ClauseChange(
        status=Status.ADD,
        old_label="",
        new_label="4",
        ops=(Op(INS, "", "to meet twice a year,"),),
        label_ops=(Op(INS, "", "4"),),
        relabelled=False,
        moved=False,
        rewritten=False,
        words_deleted=0,
        words_inserted=6,
    )


def test_a_deleted_clause_has_every_field_set():
    change = compare_clause(item("that the Dedicated Group would", "d)"), None)

    assert change == ClauseChange(
        status=Status.SUP,
        old_label="d)",
        new_label="",
        ops=(Op(DEL, "that the Dedicated Group would", ""),),
        label_ops=(Op(DEL, "d)", ""),),
        relabelled=False,
        moved=False,
        rewritten=False,
        words_deleted=5,
        words_inserted=0,
    )


def test_an_unchanged_unlabelled_clause_has_no_label_operations():
    change = compare_clause(ParsedClause(Kind.PARAGRAPH, "to act"), ParsedClause(Kind.PARAGRAPH, "to  act"))

    assert change == ClauseChange(
        status=Status.NOC,
        old_label="",
        new_label="",
        ops=(Op(EQ, "to act", "to  act"),),
        label_ops=(),
        relabelled=False,
        moved=False,
        rewritten=False,
        words_deleted=0,
        words_inserted=0,
    )


def test_words_of_separate_changes_are_counted_apart():
    # [-shall-]{+should+} report [-annually-]{+regularly+}: two words each way,
    # not "shallannually".
    change = compare_clause(item("shall report annually"), item("should report regularly"))

    assert (change.words_deleted, change.words_inserted) == (2, 2)


def test_a_whole_replacement_with_white_space_kept_around_it_is_rewritten():
    change = compare_clause(item("x y z "), item("p q "))

    assert change.ops == (Op(DEL, "x y z", ""), Op(INS, "", "p q"), Op(EQ, " ", " "))
    assert change.rewritten


def test_comparing_no_clause_with_no_clause_is_refused():
    with pytest.raises(ValueError) as error:
        compare_clause(None, None)

    assert str(error.value) == "compare_clause needs a clause on at least one side"


def test_words_are_letters_digits_or_underscores_and_references_count_as_words():
    keys = ["a", "É", "2", "_x", ",", "§", "[^1]"]

    assert [is_word(key) for key in keys] == [True, True, True, True, False, False, False]
    assert [is_punctuation(key) for key in keys] == [False, False, False, False, True, True, False]
    assert words(keys, 0, len(keys)) == 5
    assert words(keys, 4, 6) == 0


def test_two_empty_texts_keep_everything():
    assert kept_share([], [], []) == 1.0


def test_a_clause_sharing_no_word_with_its_counterpart_is_rewritten_even_as_one_change():
    change = compare_clause(item("x y z", "a)"), item("p q", "a)"))

    assert change.ops == (Op(DEL, "x y z", ""), Op(INS, "", "p q"))
    assert (change.rewritten, change.relabelled, change.words_deleted, change.words_inserted) == (
        True,
        False,
        3,
        2,
    )


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("relabelled", [False, True])
@pytest.mark.parametrize("moved", [False, True])
def test_a_change_is_any_status_but_noc_or_a_new_label_or_a_new_place(status, relabelled, moved):
    expected = status is not Status.NOC or relabelled or moved

    assert counts_as_change(status, relabelled, moved) is expected


def test_two_empty_texts_give_no_operations():
    assert diff_texts("", "") == []


def test_words_of_separate_changes_are_counted_apart_after_punctuation():
    # [-shall,-] report [-annually-]{+regularly+}.: three tokens deleted
    # (shall , annually), none of them glued to the next change's first word.
    change = compare_clause(item("shall, report annually."), item("report regularly."))

    assert wdiff(change.ops) == "[-shall,-] report [-annually-]{+regularly+}."
    assert (change.words_deleted, change.words_inserted) == (3, 1)


def test_words_of_separate_insertions_are_counted_apart_after_punctuation():
    change = compare_clause(item("report."), item("shall, report regularly."))

    assert wdiff(change.ops) == "{+shall,+} report {+regularly+}."
    assert (change.words_deleted, change.words_inserted) == (0, 3)


def heaviest_common_order(old: list[str], new: list[str]) -> int:
    """By brute force: the most characters of words, each found once in both
    texts, that can be kept in the same order on both sides."""
    shared = [word for word in old if word in new]
    best = 0
    for size in range(len(shared) + 1):
        for kept in itertools.combinations(shared, size):  # in old's order
            if [new.index(w) for w in kept] == sorted(new.index(w) for w in kept):
                best = max(best, sum(len(w) for w in kept))
    return best


distinct_words = st.lists(
    st.sampled_from(["ab", "cde", "fg", "hijk", "l", "mn", "opqrs", "tu"]), unique=True, max_size=8
)


@given(distinct_words, st.randoms(use_true_random=False))
def test_moved_unique_words_keep_the_heaviest_chain_in_order_on_both_sides(old, random):
    new = list(old)
    random.shuffle(new)

    anchors = unique_anchors(old, new)

    assert [j for _, j in anchors] == sorted(j for _, j in anchors)
    assert all(old[i] == new[j] for i, j in anchors)
    assert sum(len(old[i]) for i, _ in anchors) == heaviest_common_order(old, new)
