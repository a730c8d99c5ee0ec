"""The plain data every part shares (resolutions.document): clause paths,
their anchors, slugs, sections and parse errors."""

from __future__ import annotations

import pytest

from resolutions.document import (
    Kind,
    ParsedClause,
    ParsedEdition,
    ParseError,
    clause_paths,
    label_slug,
    normalize_space,
    path_anchor,
    slugify,
)

FRONT = [
    ParsedClause(Kind.RESOLUTION_LINE, "RESOLUTION 102 (Rev. Busan, 2014)"),
    ParsedClause(Kind.TITLE, "ITU's role"),
    ParsedClause(Kind.PREAMBLE, "The Plenipotentiary Conference (Busan, 2014),"),
]


def heading(text: str) -> ParsedClause:
    return ParsedClause(Kind.HEADING, text)


def item(label: str, section: int) -> ParsedClause:
    return ParsedClause(Kind.ITEM, "text", label, section)


def paragraph(section: int | None) -> ParsedClause:
    return ParsedClause(Kind.PARAGRAPH, "text", section=section)


def footnote(label: str) -> ParsedClause:
    return ParsedClause(Kind.FOOTNOTE, "a note", label)


# --- clause paths --------------------------------------------------------------------------------


def test_every_kind_of_clause_has_its_own_path():
    clauses = [
        *FRONT,
        heading("noting"),  # 3
        item("a)", 3),
        item("a bis)", 3),
        heading("resolves"),  # 6
        paragraph(6),
        item("1", 6),
        heading("invites Member States"),  # 9
        paragraph(9),
        paragraph(9),
        footnote("1"),
        footnote(""),  # 13: no number, so its place, counted from 1
    ]

    assert clause_paths(clauses) == [
        "resolution",
        "title",
        "preamble",
        "noting/heading",
        "noting/a",
        "noting/a-bis",
        "resolves/heading",
        "resolves",
        "resolves/1",
        "invites-member-states/heading",
        "invites-member-states/1",
        "invites-member-states/2",
        "footnote/1",
        "footnote/14",
    ]


def test_a_heading_repeated_or_named_like_another_part_gets_a_numbered_slug():
    clauses = [
        heading("noting"),
        item("a)", 0),
        heading("noting"),
        item("a)", 2),
        heading("Noting"),
        heading("Title"),
        heading("Footnote"),
        heading("Resolution"),
        heading("Preamble"),
        heading("§ —"),  # no letter to slug: "section"
        heading("¶"),
    ]

    assert clause_paths(clauses) == [
        "noting/heading",
        "noting/a",
        "noting-2/heading",
        "noting-2/a",
        "noting-3/heading",
        "title-2/heading",
        "footnote-2/heading",
        "resolution-2/heading",
        "preamble-2/heading",
        "section/heading",
        "section-2/heading",
    ]


def test_a_path_that_would_repeat_gets_a_number():
    clauses = [
        heading("noting"),
        item("a)", 0),
        item("a)", 0),
        item("a)", 0),
        heading("resolves"),  # 4
        paragraph(4),
        paragraph(4),
        item("1", 4),
        item("2", 4),
    ]

    assert clause_paths(clauses) == [
        "noting/heading",
        "noting/a",
        "noting/a-2",
        "noting/a-3",
        "resolves/heading",
        "resolves/1",
        "resolves/2",
        "resolves/1-2",
        "resolves/2-2",
    ]


def test_text_outside_any_section_is_text_and_an_item_without_a_label_is_addressed_like_a_paragraph():
    clauses = [paragraph(None), paragraph(None), heading("noting"), ParsedClause(Kind.ITEM, "text", "", 2)]

    assert clause_paths(clauses) == ["text", "text-2", "noting/heading", "noting"]


def test_an_anchor_is_its_path_with_hyphens():
    assert [path_anchor(path) for path in ("noting/a-bis", "resolves", "footnote/1")] == [
        "noting-a-bis",
        "resolves",
        "footnote-1",
    ]


# --- slugs ---------------------------------------------------------------------------------------------


def test_a_slug_is_lower_case_ascii_words_joined_by_hyphens():
    assert slugify("Instructs the Secretary-General, 2014") == "instructs-the-secretary-general-2014"
    assert slugify("Résolution élargie") == "resolution-elargie"
    assert slugify("§ —") == ""


def test_a_long_slug_is_cut_at_the_last_word_that_fits():
    assert slugify("one two three", max_length=7) == "one-two"
    assert slugify("one two three", max_length=6) == "one"
    # A first word longer than the limit is kept whole.
    assert slugify("internationalization policy", max_length=5) == "internationalization"
    # 80 characters by default.
    assert slugify(f"{'x' * 40} {'y' * 39}") == f"{'x' * 40}-{'y' * 39}"
    assert slugify(f"{'x' * 40} {'y' * 40}") == "x" * 40


def test_a_label_slug_drops_the_parenthesis_and_keeps_the_rest():
    assert [label_slug(label) for label in ("c)", "1bis", "a bis)", "IX)", "")] == [
        "c",
        "1bis",
        "a-bis",
        "ix",
        "",
    ]


def test_white_space_of_any_kind_collapses_to_one_space():
    assert normalize_space(" a\u00a0 b\t\nc  ") == "a b c"


# --- sections --------------------------------------------------------------------------------------------


def test_an_edition_lists_the_clauses_of_each_section_in_order():
    clauses = (
        *FRONT,
        heading("noting"),
        item("a)", 3),
        item("b)", 3),
        heading("resolves"),
        paragraph(6),
        footnote("1"),
    )
    edition = ParsedEdition("pp", 102, "Busan", 2014, "Rev. Busan, 2014", "ITU's role", clauses)

    assert edition.sections() == {3: [4, 5], 6: [7]}
    empty = ParsedEdition(
        "pp", 102, "Busan", 2014, "Rev. Busan, 2014", "ITU's role", (*FRONT, heading("noting"))
    )
    assert empty.sections() == {3: []}


# --- parse errors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "source", "message"),
    [
        ("line 12", "res102.txt", "res102.txt, line 12: no title"),
        ("line 12", "", "line 12: no title"),
        ("", "res102.docx", "res102.docx: no title"),
        ("", "", "no title"),
    ],
)
def test_a_parse_error_says_where_it_is_before_what_it_is(where, source, message):
    error = ParseError("no title", where=where, source=source)

    assert (error.reason, error.where, error.source) == ("no title", where, source)
    assert error.message == str(error) == message


def test_a_parse_error_without_a_place_is_its_reason_alone():
    error = ParseError("no title")

    assert (error.where, error.source, str(error)) == ("", "", "no title")
