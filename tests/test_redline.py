"""The redline engine on plain strings and clauses (resolutions.redline)."""

from __future__ import annotations

import itertools
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resolutions.document import Kind, ParsedClause
from resolutions.output.data import change_as_dict
from resolutions.output.pieces import display_pieces
from resolutions.output.text import wdiff as to_wdiff
from resolutions.redline import (
    Op,
    Status,
    Tag,
    clause_status,
    compare_clause,
    diff_texts,
    has_changes,
    side_text,
    texts_differ,
)
from tests.support.spans import change_spans
from tests.support.wdiff import sides

WORD_CHARACTER = re.compile(r"\w")


def wdiff(old: str, new: str) -> str:
    return to_wdiff(diff_texts(old, new))


def changes(ops: list[Op]) -> list[Op]:
    return [op for op in ops if op.tag != Tag.EQUAL]


# What a secretariat editor would mark, in the wdiff convention: the cases
# of the issue first, then the clean-up's rules. (id, old, new, expected)
MARKED = [
    ("the conference in brackets is one change", "(Guadalajara, 2010)", "(Busan, 2014)",
     "([-Guadalajara, 2010-]{+Busan, 2014+})"),
    ("one changed word", "the fourth World", "the fifth World", "the [-fourth-]{+fifth+} World"),
    ("a changed year, whole", "at its 2009 session", "at its 2011 session", "at its [-2009-]{+2011+} session"),
    ("a punctuation mark alone", "this resolution,", "this resolution;", "this resolution[-,-]{+;+}"),
    ("a change of case", "of the Group;", "of the group;", "of the [-Group-]{+group+};"),
    ("a renamed body is one change", "to the Dedicated Group concerning", "to the CWG-Internet concerning",
     "to the [-Dedicated Group-]{+CWG-Internet+} concerning"),
    ("a word between changes under twice its length stays", "shall report annually",
     "should report regularly", "[-shall-]{+should+} report [-annually-]{+regularly+}"),
    ("an insertion between whole words", "future development,",
     "future development and of the future internet,", "future development {+and of the future internet+},"),
    ("a word between one-word changes stays, as ITU marks it", "invites the Dedicated Group",
     "instructs the Council Working Group", "[-invites-]{+instructs+} the [-Dedicated-]{+Council Working+} Group"),
    ("a word between changes of two words or more goes", "the Dedicated Group of all members",
     "the Council Working Group for every member", "the [-Dedicated Group of all members-]{+Council Working Group for every member+}"),
    ("punctuation between changes goes however short they are", "items a-b and", "items c-d and",
     "items [-a-b-]{+c-d+} and"),
    ("a footnote reference is one token", "organizations[^1] involved", "organizations[^12] involved",
     "organizations[-[^1]-]{+[^12]+} involved"),
    ("a footnote reference is never absorbed as punctuation", "alpha[^1] beta", "gamma[^1] delta",
     "[-alpha-]{+gamma+}[^1] [-beta-]{+delta+}"),
    ("a pure deletion keeps the space on both sides of its mark", "a b c", "a c", "a [-b-] c"),
    ("an insertion slides to start and end on white space", "red, blue", "red, green, blue",
     "red, {+green,+} blue"),
    ("an insertion ending at a comma stays glued to the word before", "x, y and z", "x, y, w and z",
     "x, y{+, w+} and z"),
    ("a word found once in each text anchors the comparison", "such as ENUM, and  IDNs, as well",
     "such as ENUM,  IDNs and OTT services, as well", "such as ENUM, [-and-]  IDNs {+and OTT services+}, as well"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "expected"), [case[1:] for case in MARKED], ids=[case[0] for case in MARKED]
)
def test_it_marks_what_a_secretariat_editor_would(old, new, expected):
    assert wdiff(old, new) == expected


def test_it_marks_nothing_for_double_spaces_and_non_breaking_spaces():
    ops = diff_texts("involve  all governments\u00a0on", "involve all governments on")
    assert changes(ops) == []
    assert to_wdiff(ops) == "involve all governments on"


def test_it_never_cuts_inside_a_number():
    ops = diff_texts("period 2010-2014", "period 2014-2018")
    assert to_wdiff(ops) in {"period [-2010--]2014{+-2018+}", "period [-2010-2014-]{+2014-2018+}"}
    for side in ("old", "new"):
        pieces = [text for _, text in display_pieces(ops, side)]
        # A digit on both sides of a cut would be "201[-0-]{+4+}".
        assert not any(a[-1].isdigit() and b[0].isdigit() for a, b in itertools.pairwise(pieces))


def test_it_shows_a_rewritten_clause_as_one_deletion_and_one_insertion():
    # Instructs the Secretary-General 2 (2010) against 5 (2014): the same
    # boilerplate, another clause; the raw comparison keeps stray pieces.
    old = (
        "to take the necessary steps for ITU to continue to play a facilitating role in the coordination "
        "of international public policy issues pertaining to the Internet, as expressed in § 35 d) of the "
        "Tunis Agenda, interacting as necessary with other intergovernmental organizations in these domains;"
    )
    new = (
        "to continue to take the necessary steps in ITU's own internal process towards enhanced cooperation "
        "on international public policy issues pertaining to the Internet as expressed in § 71 of the Tunis "
        "Agenda, involving all stakeholders, in their respective roles and responsibilities;"
    )
    ops = diff_texts(old, new)
    assert [op.tag for op in changes(ops)] == [Tag.DELETE, Tag.INSERT]
    assert compare_clause(ParsedClause(Kind.ITEM, old), ParsedClause(Kind.ITEM, new)).rewritten


def test_it_keeps_the_separate_marks_of_a_clause_itu_edited_in_several_places():
    old = (
        "the decision to convene the fourth World Telecommunication Policy Forum, in particular Opinion 1 "
        "in regard to international Internet-related public policy issues pertaining to the Internet, and "
        "taking into consideration Resolutions 47, 48, 49, 50 and 52 (Rev. Johannesburg, 2008);"
    )
    new = (
        "the decision to convene the fifth World Telecommunication Policy Forum, in particular Opinion 1 "
        "in regard to international Internet-related public policy matters, and "
        "taking into consideration Resolutions 47, 48, 49, 101, 102 and 133 (Rev. Johannesburg, 2008);"
    )
    change = compare_clause(ParsedClause(Kind.ITEM, old), ParsedClause(Kind.ITEM, new))
    assert len(change_spans(change.ops)) == 4
    assert not change.rewritten


def test_a_relettered_clause_is_a_label_change_with_no_marks_in_its_text():
    change = compare_clause(
        ParsedClause(Kind.ITEM, "X", label="c)"), ParsedClause(Kind.ITEM, "X", label="b)")
    )
    assert to_wdiff(change.label_ops) == "[-c-]{+b+})"
    assert changes(list(change.ops)) == []
    assert change.relabelled
    assert change.status == Status.NOC


def test_the_deletion_comes_before_the_insertion():
    ops = diff_texts("one two three", "one four three")
    assert [op.tag for op in ops] == [Tag.EQUAL, Tag.DELETE, Tag.INSERT, Tag.EQUAL]


def test_a_text_rewritten_in_one_or_two_places_is_never_shown_as_a_whole_replacement():
    change = compare_clause(
        ParsedClause(Kind.ITEM, "shall report annually"), ParsedClause(Kind.ITEM, "should report regularly")
    )
    assert not change.rewritten
    assert len(change_spans(change.ops)) == 2


# Statuses and the clause summary.


def test_a_new_clause_is_add_and_all_inserted():
    change = compare_clause(None, ParsedClause(Kind.ITEM, "to meet twice a year,", label="4"))
    assert change.status == Status.ADD
    assert to_wdiff(change.ops) == "{+to meet twice a year,+}"
    assert to_wdiff(change.label_ops) == "{+4+}"
    assert not change.relabelled


def test_a_deleted_clause_is_sup_and_all_deleted():
    change = compare_clause(ParsedClause(Kind.ITEM, "that the Dedicated Group would", label="d)"), None)
    assert change.status == Status.SUP
    assert to_wdiff(change.ops) == "[-that the Dedicated Group would-]"


def test_a_changed_clause_is_mod_and_an_unchanged_one_noc():
    old = ParsedClause(Kind.PARAGRAPH, "to seek the appropriate means")
    assert compare_clause(old, ParsedClause(Kind.PARAGRAPH, "to seek appropriate means")).status == Status.MOD
    assert (
        compare_clause(old, ParsedClause(Kind.PARAGRAPH, "to seek  the appropriate means")).status
        == Status.NOC
    )


def test_the_moved_flag_comes_from_the_caller():
    clause = ParsedClause(Kind.ITEM, "text", label="a)")
    assert compare_clause(clause, clause, moved=True).moved
    assert not compare_clause(clause, clause).moved


def test_headings_title_preamble_and_footnotes_are_compared_like_any_clause():
    for kind in (Kind.HEADING, Kind.TITLE, Kind.PREAMBLE, Kind.FOOTNOTE, Kind.RESOLUTION_LINE):
        change = compare_clause(
            ParsedClause(kind, "invites the Group"), ParsedClause(kind, "instructs the Group")
        )
        assert to_wdiff(change.ops) == "[-invites-]{+instructs+} the Group"


def test_it_counts_the_words_and_marks_deleted_and_inserted():
    change = compare_clause(
        ParsedClause(Kind.ITEM, "to the Dedicated Group concerning"),
        ParsedClause(Kind.ITEM, "to the CWG-Internet concerning"),
    )
    assert (change.words_deleted, change.words_inserted) == (2, 3)


def test_the_change_serialises_to_json_and_back():
    change = compare_clause(
        ParsedClause(Kind.ITEM, "the fourth World", label="c)"),
        ParsedClause(Kind.ITEM, "the fifth World", label="b)"),
        moved=True,
    )
    data = json.loads(json.dumps(change_as_dict(change)))
    assert data["status"] == "MOD"
    assert data["relabelled"] and data["moved"]
    assert data["ops"][1] == {"tag": "delete", "old": "fourth", "new": ""}
    assert "".join(op["new"] for op in data["ops"]) == "the fifth World"


def test_comparing_nothing_with_nothing_is_a_clear_error():
    with pytest.raises(ValueError, match="at least one side"):
        compare_clause(None, None)


def test_an_unknown_side_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown redline side 'left'"):
        display_pieces(diff_texts("a", "b"), "left")


def test_the_old_and_new_sides_show_each_text_exactly_with_its_own_marks():
    old, new = "the  fourth World,", "the fifth World;"
    ops = diff_texts(old, new)
    assert "".join(text for _, text in display_pieces(ops, "old")) == old
    assert "".join(text for _, text in display_pieces(ops, "new")) == new
    assert {tag for tag, _ in display_pieces(ops, "old")} == {Tag.EQUAL, Tag.DELETE}
    assert {tag for tag, _ in display_pieces(ops, "new")} == {Tag.EQUAL, Tag.INSERT}


# Properties over random texts.

WORDS = ["the", "The", "of", "Group", "ITU", "2010", "2014", "CWG", "Internet", "a", "b", "é", "x_y"]
MARKS = [",", ";", ".", "(", ")", "-", "§", "<", "&", "[^1]", "[^2]"]
SPACES = [" ", " ", " ", "  ", "\u00a0", "\t", "\n", ""]
piece = st.tuples(st.sampled_from(WORDS + MARKS), st.sampled_from(SPACES)).map("".join)
texts = st.lists(piece, max_size=40).map("".join)
# A second text that shares most of the first, as editions do.
pairs = texts.flatmap(
    lambda old: st.tuples(
        st.just(old),
        st.lists(
            st.one_of(st.just(old[: len(old) // 2]), st.just(old[len(old) // 2 :]), piece), max_size=8
        ).map("".join),
    )
)
any_pair = st.one_of(pairs, st.tuples(texts, texts))


@settings(max_examples=300, deadline=None)
@given(any_pair)
def test_the_operations_give_back_both_texts_exactly(pair):
    old, new = pair
    ops = diff_texts(old, new)
    assert side_text(ops, "old") == old
    assert side_text(ops, "new") == new


@settings(max_examples=300, deadline=None)
@given(any_pair)
def test_no_change_splits_a_word_or_a_footnote_reference_or_starts_with_space(pair):
    old, new = pair
    ops = diff_texts(old, new)
    for side, text in (("old", old), ("new", new)):
        position = 0
        for op in ops:
            piece_text = op.old if side == "old" else op.new
            if op.tag != Tag.EQUAL and piece_text:
                assert piece_text == piece_text.strip()
            position += len(piece_text)
            if 0 < position < len(text):
                assert not (WORD_CHARACTER.match(text[position - 1]) and WORD_CHARACTER.match(text[position]))
                for match in re.finditer(r"\[\^\d+\]", text):
                    assert not match.start() < position < match.end()


@settings(max_examples=300, deadline=None)
@given(any_pair)
def test_the_wdiff_text_reads_back_as_both_texts_but_for_white_space(pair):
    old, new = pair
    read_old, read_new = sides(wdiff(old, new))
    assert "".join(read_old.split()) == "".join(old.split())
    assert "".join(read_new.split()) == "".join(new.split())


@settings(max_examples=200, deadline=None)
@given(texts)
def test_a_text_compared_with_itself_has_no_marks(text):
    assert changes(diff_texts(text, text)) == []


@settings(max_examples=200, deadline=None)
@given(any_pair)
def test_each_change_is_a_deletion_then_an_insertion_between_equal_pieces(pair):
    ops = diff_texts(*pair)
    tags = "".join({"equal": "=", "delete": "-", "insert": "+"}[op.tag] for op in ops)
    assert "==" not in tags
    assert "--" not in tags and "++" not in tags and "+-" not in tags


@settings(max_examples=300, deadline=None)
@given(any_pair)
def test_the_cheap_status_agrees_with_the_redline(pair):
    old, new = pair
    assert texts_differ(old, new) == has_changes(diff_texts(old, new))
    status = clause_status(ParsedClause(Kind.ITEM, old), ParsedClause(Kind.ITEM, new))
    assert status == compare_clause(ParsedClause(Kind.ITEM, old), ParsedClause(Kind.ITEM, new)).status


@settings(max_examples=300, deadline=None)
@given(any_pair)
def test_the_tracked_side_rejected_gives_the_old_text_and_accepted_the_new_text_exactly(pair):
    """What a revision-marked document needs (the Word export): white space
    included, since a space lost or gained would join or split words."""
    old, new = pair
    pieces = display_pieces(diff_texts(old, new), "tracked")
    assert "".join(text for tag, text in pieces if tag != Tag.INSERT) == old
    assert "".join(text for tag, text in pieces if tag != Tag.DELETE) == new
    changed = [text for tag, text in pieces if tag != Tag.EQUAL]
    inline = [text for tag, text in display_pieces(diff_texts(old, new), "inline") if tag != Tag.EQUAL]
    # The same words are marked as on the pages; only white space may add marks.
    assert [text for text in changed if text.strip()] == inline
