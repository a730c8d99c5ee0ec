"""The plain data every part shares (resolutions.document): clause paths,
their anchors, slugs, sections and parse errors."""

from __future__ import annotations

import pytest

from resolutions.document import (
    Kind,
    ParsedClause,
    ParsedEdition,
    ParseError,
    cited_labels,
    clause_paths,
    label_slug,
    nesting_depths,
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


# --- the paths and citations of the nested shapes, clause by clause --------------------------


def nested(label: str, section: int, parent: int, kind: Kind = Kind.ITEM) -> ParsedClause:
    return ParsedClause(kind, "text", label, section, parent=parent)


def test_a_dotted_number_directly_in_a_section_is_a_path_of_its_parts():
    clauses = (heading("Tasks"), item("2.1", 0), item("2.2", 0))

    assert clause_paths(clauses)[1:] == ["tasks/2/1", "tasks/2/2"]


def test_a_dotted_number_under_its_parent_takes_its_last_part():
    clauses = (
        heading("Tasks"),
        item("2", 0),
        nested("2.1", 0, 1),
        nested("2.1.1", 0, 2),
        nested("2.1.2", 0, 2),
    )

    assert clause_paths(clauses)[1:] == ["tasks/2", "tasks/2/1", "tasks/2/1/1", "tasks/2/1/2"]
    assert cited_labels(clauses)[1:] == ["2", "2.1", "2.1.1", "2.1.2"]


def test_dashes_directly_in_a_section_are_counted_from_one():
    clauses = (heading("noting"), paragraph(0), item("–", 0), item("–", 0))

    assert clause_paths(clauses)[1:] == ["noting", "noting/bullet-1", "noting/bullet-2"]


def test_dashes_are_counted_apart_from_the_lettered_items_beside_them():
    clauses = (heading("resolves"), item("2", 0), nested("a)", 0, 1), nested("–", 0, 1), nested("–", 0, 1))

    assert clause_paths(clauses)[2:] == ["resolves/2/a", "resolves/2/bullet-1", "resolves/2/bullet-2"]
    assert cited_labels(clauses)[2:] == ["2 a)", "2, indent 1", "2, indent 2"]


def test_an_annex_title_outside_any_section_is_the_annex_title():
    clauses = (ParsedClause(Kind.ANNEX_TITLE, "Terms of reference"),)

    assert clause_paths(clauses) == ["annex/title"]


def test_what_continues_an_unlabelled_paragraph_is_cited_by_its_number_alone():
    clauses = (
        heading("considering"),
        paragraph(0),
        nested("", 0, 1, Kind.PARAGRAPH),
        nested("", 0, 1, Kind.PARAGRAPH),
        nested("a)", 0, 1),
    )

    assert cited_labels(clauses)[1:] == ["", "paragraph 2", "paragraph 3", "a)"]


def test_a_table_row_is_cited_by_its_table_never_by_a_label_of_its_own():
    clauses = (heading("Staffing"), ParsedClause(Kind.TABLE, "", section=0), nested("x", 0, 1, Kind.ROW))

    assert cited_labels(clauses)[1:] == ["", ""]


def test_a_clause_is_as_deep_as_it_has_parents():
    clauses = (
        heading("resolves"),
        item("1", 0),
        nested("a)", 0, 1),
        nested("i)", 0, 2),
        nested("ii)", 0, 2),
        item("2", 0),
        nested("–", 0, 5),
    )

    assert nesting_depths(clauses) == [0, 0, 1, 2, 2, 0, 1]
