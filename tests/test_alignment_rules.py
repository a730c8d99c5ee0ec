"""Each rule of the alignment on a small hand-built pair of editions, with
its exact rows (resolutions.alignment).

Similarities are worked out by hand where a threshold is at stake: for
token lists of lengths m and n sharing a longest common subsequence of k
tokens, Indel's similarity is 2k / (m + n).
"""

from __future__ import annotations

import numpy as np
import pytest

from resolutions.alignment import (
    ACROSS_SECTIONS_THRESHOLD,
    LABEL_BONUS,
    SAME_SECTION_THRESHOLD,
    SECTION_THRESHOLD,
    AlignmentError,
    Match,
    _Aligner,
    align,
    merge_order,
    similarity,
)
from resolutions.document import Kind, ParsedClause, clause_paths
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

# Similar to LIAISE (0.55): enough within a section, not across sections.
LIAISE_REWRITTEN = (
    "to liaise with the regional telecommunication organizations and the other relevant "
    "international organizations on the implementation of this resolution"
)


def moved_paths(matches: list[Match], new: list[ParsedClause]) -> list[str]:
    paths = clause_paths(new)
    return [paths[m.new] for m in matches if m.moved]


# --- forced matches ------------------------------------------------------------------------------


def test_it_accepts_forced_matches_onto_the_first_clause_of_either_edition():
    # Clause 0 of each edition is a heading (no front matter): unforced, the
    # two sections share nothing and nothing pairs; forced, the headings pair
    # and their paragraphs, too different to pair, are deleted and added.
    old = [ParsedClause(Kind.HEADING, "noting"), ParsedClause(Kind.PARAGRAPH, REPORT, section=0)]
    new = [ParsedClause(Kind.HEADING, "considering"), ParsedClause(Kind.PARAGRAPH, SURVEILLANCE, section=0)]
    assert similarity(REPORT, SURVEILLANCE) < SAME_SECTION_THRESHOLD

    assert align(old, new) == [
        Match(0, None, 0.0, False, False),
        Match(1, None, 0.0, False, False),
        Match(None, 0, 0.0, False, False),
        Match(None, 1, 0.0, False, False),
    ]
    assert align(old, new, forced={0: 0}) == [
        Match(0, 0, 0.0, False, False),
        Match(1, None, 0.0, False, False),
        Match(None, 1, 0.0, False, False),
    ]


def test_a_forced_new_clause_does_not_stop_the_forced_matches_after_it():
    old = edition(("noting", [f"a)\t{REPORT}", f"b)\t{LIAISE}", f"c)\t{FORUMS}", f"d)\t{PARTICIPATE}"]))
    new = edition(("noting", [f"a)\t{REPORT}", f"b)\t{FORUMS}", f"c)\t{PARTICIPATE}"]))
    paths = clause_paths(new)
    # The "new clause" entry comes first.
    forced = {paths.index("noting/c"): None, paths.index("noting/b"): clause_paths(old).index("noting/b")}

    assert rows(align(old, new, forced=forced), old, new)[-5:] == [
        ("noting/a", "noting/a"),
        ("noting/b", "noting/b"),
        ("noting/c", None),
        ("noting/d", None),
        (None, "noting/c"),
    ]


def test_a_forced_new_clause_does_not_stop_the_checking_of_the_forced_matches_after_it():
    clauses = edition(("noting", [f"a)\t{REPORT}", f"b)\t{LIAISE}"]))

    with pytest.raises(AlignmentError) as error:
        align(clauses, clauses, forced={5: None, 4: 12})

    assert str(error.value) == (
        'forced match for new clause 4 (line 5, "a) to report annually to the Council on…"): '
        "there is no old clause 12 (the old edition has 6)"
    )


def test_a_forced_heading_match_pairs_the_two_sections():
    # Unforced, "noting" and "considering" share no word and their
    # paragraphs score 0.55: the sections do not pair, and across sections
    # 0.55 is too little. Forced, the paragraphs pair as one section's.
    old = edition(("noting", [LIAISE]))
    new = edition(("considering", [LIAISE_REWRITTEN]))
    assert SAME_SECTION_THRESHOLD < similarity(LIAISE, LIAISE_REWRITTEN) < ACROSS_SECTIONS_THRESHOLD

    assert rows(align(old, new), old, new)[3:] == [
        ("noting/heading", None),
        ("noting", None),
        (None, "considering/heading"),
        (None, "considering"),
    ]
    matches = align(old, new, forced={3: 3})
    assert rows(matches, old, new)[3:] == [
        ("noting/heading", "considering/heading"),
        ("noting", "considering"),
    ]
    assert not any(m.moved for m in matches)


def test_a_forced_match_is_kept_however_little_the_texts_share():
    old = edition(("noting", [f"a)\t{REPORT}"]))
    new = edition(("noting", [f"a)\t{SURVEILLANCE}"]))

    assert row_of(align(old, new, forced={4: 4}), new, "noting/a") == Match(
        4, 4, similarity(REPORT, SURVEILLANCE), False, False
    )


# --- sections ------------------------------------------------------------------------------------


def test_two_sections_exactly_at_the_section_threshold_pair():
    # The headings share nothing (0) and the one item each is the same (1.0):
    # Dice = 2 * (0 + 1.0) / (2 + 2) = 0.5, the threshold itself.
    old = edition(("noting", [f"a)\t{REPORT}"]), ("invites the Dedicated Group", [f"1\t{LIAISE}"]))
    new = edition(("noting", [f"a)\t{REPORT}"]), ("considering", [f"1\t{LIAISE}"]))
    assert SECTION_THRESHOLD == 0.5

    matches = align(old, new)

    assert rows(matches, old, new)[-2:] == [
        ("invites-the-dedicated-group/heading", "considering/heading"),
        ("invites-the-dedicated-group/1", "considering/1"),
    ]
    assert not any(m.moved for m in matches)


def test_two_sections_just_under_the_section_threshold_do_not_pair():
    # A second item under the new heading: Dice = 2 * 1.0 / (2 + 3) = 0.4.
    # The unchanged item still pairs, across sections, and is moved.
    old = edition(("noting", [f"a)\t{REPORT}"]), ("invites the Dedicated Group", [f"1\t{LIAISE}"]))
    new = edition(("noting", [f"a)\t{REPORT}"]), ("considering", [f"1\t{LIAISE}", f"2\t{FORUMS}"]))

    matches = align(old, new)

    assert rows(matches, old, new)[-4:] == [
        ("invites-the-dedicated-group/heading", None),
        (None, "considering/heading"),
        ("invites-the-dedicated-group/1", "considering/1"),
        (None, "considering/2"),
    ]
    assert moved_paths(matches, new) == ["considering/1"]


def test_a_paragraph_exactly_at_the_same_section_threshold_pairs():
    # "to report on time" and "to report in full": 2 * 2 / (4 + 4) = 0.5.
    old = edition(("resolves", ["to report on time"]))
    new = edition(("resolves", ["to report in full"]))
    assert similarity("to report on time", "to report in full") == SAME_SECTION_THRESHOLD

    assert row_of(align(old, new), new, "resolves") == Match(4, 4, 0.5, False, False)


def test_a_clause_in_another_section_pairs_exactly_at_the_across_sections_threshold():
    # 5 tokens each, 4 in common: 2 * 4 / (5 + 5) = 0.8; with one more token, 8 / 11.
    before = "to liaise with regional organizations"
    at, under = "to liaise with regional bodies", "to liaise with all regional bodies"
    old = edition(("considering", [f"a)\t{REPORT}", f"b)\t{before}"]), ("resolves", [f"1\t{FORUMS}"]))
    assert similarity(before, at) == ACROSS_SECTIONS_THRESHOLD > similarity(before, under)

    for text, expected in ((at, ("considering/b", "resolves/2")), (under, ("considering/b", None))):
        new = edition(("considering", [f"a)\t{REPORT}"]), ("resolves", [f"1\t{FORUMS}", f"2\t{text}"]))
        assert expected in rows(align(old, new), old, new)


def test_it_flags_every_clause_moved_into_another_section():
    old = edition(
        ("considering", [f"a)\t{REPORT}", f"b)\t{LIAISE}", f"c)\t{ASSIST}"]), ("resolves", [f"1\t{FORUMS}"])
    )
    new = edition(
        ("considering", [f"a)\t{REPORT}"]), ("resolves", [f"1\t{FORUMS}", f"2\t{LIAISE}", f"3\t{ASSIST}"])
    )

    matches = align(old, new)

    assert moved_paths(matches, new) == ["resolves/2", "resolves/3"]
    assert [(m.score, m.relabelled) for m in matches if m.moved] == [(1.0, True), (1.0, True)]


def test_it_still_orders_the_clauses_after_one_moved_into_another_section():
    # considering b) goes to resolves; after it in the new edition, resolves 1
    # went to the end of its section.
    old = edition(
        ("considering", [f"a)\t{REPORT}", f"b)\t{LIAISE}"]),
        ("resolves", [f"1\t{FORUMS}", f"2\t{ASSIST}", f"3\t{PARTICIPATE}"]),
    )
    new = edition(
        ("considering", [f"a)\t{REPORT}"]),
        ("resolves", [f"1\t{LIAISE}", f"2\t{ASSIST}", f"3\t{PARTICIPATE}", f"4\t{FORUMS}"]),
    )

    assert moved_paths(align(old, new), new) == ["resolves/1", "resolves/4"]


# --- labels break ties -----------------------------------------------------------------------


def test_between_two_equally_similar_clauses_the_one_with_the_same_label_wins():
    # The old edition has the same wording twice; the new one keeps it as 2.
    old = edition(("resolves", [f"1\t{REPORT}", f"2\t{REPORT}"]))
    new = edition(("resolves", [f"1\t{PARTICIPATE}", f"2\t{REPORT}"]))

    matches = align(old, new)

    assert rows(matches, old, new)[-3:] == [
        ("resolves/1", None),
        (None, "resolves/1"),
        ("resolves/2", "resolves/2"),
    ]
    assert not row_of(matches, new, "resolves/2").relabelled


def test_the_label_bonus_goes_only_to_equal_non_empty_labels_of_pairs_above_the_threshold():
    old = [
        ParsedClause(Kind.HEADING, "resolves"),
        ParsedClause(Kind.ITEM, REPORT, "1", 0),
        ParsedClause(Kind.PARAGRAPH, REPORT, "", 0),
        ParsedClause(Kind.ITEM, SURVEILLANCE, "2", 0),
    ]
    new = [*old[:1], ParsedClause(Kind.PARAGRAPH, REPORT, "", 0), ParsedClause(Kind.ITEM, REPORT, "2", 0)]
    surveillance = similarity(SURVEILLANCE, REPORT)
    assert 0 < surveillance < SAME_SECTION_THRESHOLD

    weights = _Aligner(old, new, {}, set())._weights([1, 2, 3], [1, 2], SAME_SECTION_THRESHOLD)

    # Rows: old 1), the old paragraph, old 2); columns: the new paragraph, new 2).
    # Old 2) scores under the threshold: 0, with or without its label.
    np.testing.assert_array_equal(weights, [[1.0, 1.0], [1.0, 1.0], [0.0, 0.0]])
    weights = _Aligner(old, new, {}, set())._weights([1, 3], [2], 0.0)
    np.testing.assert_array_equal(weights, [[1.0], [surveillance + LABEL_BONUS]])


# --- rows -------------------------------------------------------------------------------------------


def test_added_and_deleted_rows_score_nothing_and_carry_no_flags():
    old = edition(("noting", [f"a)\t{REPORT}", f"b)\t{LIAISE}"]))
    new = edition(("noting", [f"a)\t{REPORT}", f"b)\t{SURVEILLANCE}"]))

    assert align(old, new)[-3:] == [
        Match(4, 4, 1.0, False, False),
        Match(5, None, 0.0, False, False),
        Match(None, 5, 0.0, False, False),
    ]


def test_front_matter_pairs_in_order_even_when_one_edition_lacks_a_part():
    old = [clause for clause in edition(("noting", [f"a)\t{REPORT}"])) if clause.kind != Kind.TITLE]
    old = [ParsedClause(c.kind, c.text, c.label, c.section and c.section - 1, c.where) for c in old]
    new = edition(("noting", [f"a)\t{REPORT}"]))

    assert rows(align(old, new), old, new) == [
        FRONT[0],
        (None, "title"),
        FRONT[2],
        ("noting/heading", "noting/heading"),
        ("noting/a", "noting/a"),
    ]


# --- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("section", [-1, 1, 3])
def test_a_section_outside_the_edition_is_a_clear_alignment_error(section):
    # -1 would read the last clause, a heading, from the end; 1 is the item
    # itself; 3 is one past the end.
    clauses = [
        ParsedClause(Kind.HEADING, "noting"),
        ParsedClause(Kind.ITEM, "first", "a)", section),
        ParsedClause(Kind.HEADING, "resolves"),
    ]

    with pytest.raises(AlignmentError) as error:
        align([], clauses)

    message = str(error.value)
    assert message == f'new clause 1 ("a) first"): its section {section} is not the index of a heading'


def test_merge_order_refuses_an_identity_that_means_absent_and_names_the_side():
    with pytest.raises(AlignmentError) as error:
        merge_order(["A"], ["A", None])

    assert str(error.value) == "new clause identity at position 1 is None, which means absent"
    with pytest.raises(AlignmentError) as error:
        merge_order(["A"], ["B", "A", "B"])

    assert str(error.value) == "new clause identities repeat 'B' (at position 2)"


def test_impossible_forced_matches_just_past_the_end_are_clear_errors():
    clauses = edition(("noting", [f"a)\t{REPORT}", f"b)\t{LIAISE}"]))

    for forced, message in (
        ({6: 3}, "forced match: there is no new clause 6 (the new edition has 6)"),
        (
            {4: 6},
            'forced match for new clause 4 (line 5, "a) to report annually to the Council on…"): '
            "there is no old clause 6 (the old edition has 6)",
        ),
    ):
        with pytest.raises(AlignmentError) as error:
            align(clauses, clauses, forced=forced)
        assert str(error.value) == message


@pytest.mark.parametrize(
    ("heading", "quoted"),
    [
        ("invites the Member States of the Council", "invites the Member States of the Council"),
        ("invites the Member States of the Councils", "invites the Member States of the Counci…"),
    ],
)
def test_a_clause_is_quoted_whole_up_to_40_characters(heading, quoted):
    clauses = edition((heading, [f"a)\t{REPORT}"]))

    with pytest.raises(AlignmentError) as error:
        align(clauses, clauses, forced={3: 4})

    assert str(error.value) == (
        f'forced match: new clause 3 (line 4, "{quoted}") is a heading and cannot be old clause 4 '
        '(line 5, "a) to report annually to the Council on…"), a item'
    )


def test_a_clause_of_the_old_edition_with_a_wrong_section_is_named_as_old():
    with pytest.raises(AlignmentError) as error:
        align([ParsedClause(Kind.HEADING, "noting"), ParsedClause(Kind.ITEM, "first", "a)", 3)], [])

    assert str(error.value) == 'old clause 1 ("a) first"): its section 3 is not the index of a heading'


def test_a_section_whose_items_were_all_forced_elsewhere_still_pairs_by_its_heading():
    # The item is forced onto its counterpart; the headings, "noting" and
    # "considering", then have nothing to pair on and the item has moved section.
    old = [ParsedClause(Kind.HEADING, "noting"), ParsedClause(Kind.ITEM, REPORT, "a)", 0)]
    new = [ParsedClause(Kind.HEADING, "considering"), ParsedClause(Kind.ITEM, REPORT, "a)", 0)]

    assert align(old, new, forced={1: 1}) == [
        Match(0, None, 0.0, False, False),
        Match(None, 0, 0.0, False, False),
        Match(1, 1, 1.0, False, True),
    ]


def test_text_outside_any_section_pairs_with_text_outside_any_section():
    text = [ParsedClause(Kind.PARAGRAPH, REPORT)]

    assert align(text, text) == [Match(0, 0, 1.0, False, False)]


def test_front_matter_out_of_order_is_moved():
    old = edition(("noting", [f"a)\t{REPORT}"]))
    new = [old[1], old[0], *old[2:]]

    assert moved_paths(align(old, new), new) == ["title"]
