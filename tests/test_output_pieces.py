"""What a reader sees of a clause's operations, side by side and inline
(resolutions.output.pieces), on hand-built operations.

An unchanged piece holds both texts, which may differ in white space: the
old side shows the old text, the new side the new text, and inline each
edge of the piece takes its white space from the text of the change beside
it, so that no word ever runs into a mark.
"""

from __future__ import annotations

import pytest

from resolutions.output.pieces import display_pieces, inline_equal
from resolutions.redline import Op, Tag

EQ, DEL, INS = Tag.EQUAL, Tag.DELETE, Tag.INSERT


def equal(old: str, new: str) -> Op:
    return Op(EQ, old, new)


def deleted(text: str) -> Op:
    return Op(DEL, text, "")


def inserted(text: str) -> Op:
    return Op(INS, "", text)


# "a b c" -> "a c": the space after "b" went with the deletion's old side.
DELETION = [equal("a ", "a "), deleted("b"), equal(" c", "c")]
# "x, y and z" -> "x, y, w and z": the space after "y" moved after "w".
INSERTION = [equal("x, y ", "x, y"), inserted(", w"), equal("and z", " and z")]


def test_the_old_side_shows_the_old_text_with_its_deletions():
    assert display_pieces(DELETION, "old") == [(EQ, "a "), (DEL, "b"), (EQ, " c")]
    assert display_pieces(INSERTION, "old") == [(EQ, "x, y "), (EQ, "and z")]


def test_the_new_side_shows_the_new_text_with_its_insertions():
    assert display_pieces(DELETION, "new") == [(EQ, "a "), (EQ, "c")]
    assert display_pieces(INSERTION, "new") == [(EQ, "x, y"), (INS, ", w"), (EQ, " and z")]


def test_inline_next_to_a_deletion_an_edge_takes_the_old_texts_white_space():
    assert display_pieces(DELETION) == [(EQ, "a "), (DEL, "b"), (EQ, " c")]


def test_inline_next_to_an_insertion_an_edge_takes_the_new_texts_white_space():
    assert display_pieces(INSERTION) == [(EQ, "x, y"), (INS, ", w"), (EQ, " and z")]


def test_inline_next_to_a_replacement_an_edge_keeps_whichever_text_has_white_space():
    # "a b" -> "a,c" and "a,b" -> "a c": a space on either side stays.
    assert display_pieces([equal("a ", "a"), deleted("b"), inserted(",c")]) == [
        (EQ, "a "),
        (DEL, "b"),
        (INS, ",c"),
    ]
    assert display_pieces([equal("a", "a "), deleted(",b"), inserted("c")]) == [
        (EQ, "a "),
        (DEL, ",b"),
        (INS, "c"),
    ]
    assert display_pieces([deleted("b"), inserted("c"), equal(" d", "d")]) == [
        (DEL, "b"),
        (INS, "c"),
        (EQ, " d"),
    ]


def test_inline_each_edge_of_a_piece_between_two_changes_follows_its_own_neighbour():
    # Before it a deletion (old space: none), after it an insertion (new space: two).
    ops = [deleted("x"), equal("mid ", " mid  "), inserted("y")]

    assert inline_equal(ops, 1) == "mid  "


def test_inline_a_white_space_piece_takes_the_space_of_the_change_beside_it():
    # "  x y" -> " y" and " y" -> "  x y": the leading white space alone.
    assert display_pieces([equal("  ", " "), deleted("x"), equal(" y", "y")]) == [
        (EQ, "  "),
        (DEL, "x"),
        (EQ, " y"),
    ]
    assert display_pieces([equal(" ", "  "), inserted("x"), equal("y", " y")]) == [
        (EQ, "  "),
        (INS, "x"),
        (EQ, " y"),
    ]
    # After the last change, the trailing white space alone.
    assert display_pieces([equal("a ", "a "), deleted("b"), equal(" ", "\t")]) == [
        (EQ, "a "),
        (DEL, "b"),
        (EQ, " "),
    ]


def test_inline_an_unchanged_clause_is_its_new_text():
    assert display_pieces([equal("to act", "to  act")]) == [(EQ, "to  act")]


def test_a_change_that_opens_the_clause_still_gives_the_next_piece_its_space():
    assert display_pieces([deleted("x"), equal(" y", "y")]) == [(DEL, "x"), (EQ, " y")]
    assert display_pieces([equal("y ", "y"), inserted("x")]) == [(EQ, "y"), (INS, "x")]


def test_a_piece_with_nothing_to_show_on_a_side_is_left_out():
    # "" -> "\tnew text": the old side shows nothing at all.
    ops = [equal("", "\t"), inserted("new text")]

    assert display_pieces(ops, "old") == []
    assert display_pieces(ops, "new") == [(EQ, "\t"), (INS, "new text")]
    assert display_pieces(ops) == [(EQ, "\t"), (INS, "new text")]


def test_an_unknown_side_is_refused_with_the_sides_there_are():
    with pytest.raises(ValueError) as error:
        display_pieces(DELETION, "left")

    assert str(error.value) == "unknown redline side 'left': use one of inline, old, new, tracked"
