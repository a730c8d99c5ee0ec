"""The rules of resolutions.parsing.structure one at a time, each on a
hand-built edition whose outcome is asserted exactly: the kind, label,
section, parent and place of every clause, and the whole message of every
error (issue 14: each case kills mutants that the edition-level tests let
through)."""

from __future__ import annotations

import pytest

from resolutions.document import ParseError, SourceParagraph, annex_slug, cited_labels
from resolutions.parsing.safety import Limits
from resolutions.parsing.structure import build_edition, interpretations, roman

FRONT = [
    "RESOLUTION 102 (Rev. Busan, 2014)",
    "A title",
    "The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),",
]
LONG = "It continues the item before it with a sentence long enough to be no heading. " * 4


def numbered(*body: str | SourceParagraph) -> list[SourceParagraph]:
    """The front matter and `body`, as paragraphs 1, 2, 3 ...; a
    SourceParagraph in `body` keeps its role, label and rows."""
    result = []
    for n, item in enumerate([*FRONT, *body], start=1):
        if isinstance(item, SourceParagraph):
            result.append(SourceParagraph(item.text, f"paragraph {n}", item.role, item.label, item.rows))
        else:
            result.append(SourceParagraph(item, f"paragraph {n}"))
    return result


def build(*body: str | SourceParagraph, limits: Limits | None = None):
    return build_edition(numbered(*body), {}, limits=limits)


def message(*body: str | SourceParagraph, limits: Limits | None = None, **kwargs) -> str:
    with pytest.raises(ParseError) as caught:
        build_edition(numbered(*body), {}, limits=limits, **kwargs)
    return str(caught.value)


def clauses(edition) -> list[tuple[str, str, str, int | None, int | None, str]]:
    """(kind, label, text, section, parent, where) of every clause after the
    front matter; sections and parents are indexes into edition.clauses."""
    return [(c.kind.value, c.label, c.text, c.section, c.parent, c.where) for c in edition.clauses[3:]]


def table(*rows: tuple[str, ...]) -> SourceParagraph:
    return SourceParagraph("", "", rows=rows)


# ---- Front matter and the messages' source


def test_an_error_names_the_paragraph_alone_when_no_source_name_is_given():
    assert message("noting", "a)") == "paragraph 5: item a) has no text"


def test_an_empty_document_is_refused_naming_its_file_and_first_paragraph():
    with pytest.raises(ParseError) as caught:
        build_edition(
            [SourceParagraph(" ", "line 1"), SourceParagraph("", "line 2")], {}, source_name="x.txt"
        )
    assert str(caught.value) == "x.txt, line 1: empty document: no text at all"


def test_a_too_large_edition_is_refused_naming_its_file():
    assert message("noting", "a) x", limits=Limits(max_clauses=4), source_name="x.txt") == (
        "x.txt: the edition has 5 clauses, more than the 4 allowed"
    )


def test_an_itu_r_line_alone_is_refused_for_want_of_its_years():
    with pytest.raises(ParseError) as caught:
        build_edition([SourceParagraph("RESOLUTION ITU-R 2-8", "line 1")], {})
    assert str(caught.value) == (
        "line 1: an ITU-R resolution line needs the years of its revisions after it, as '(1993-1995-2019)'"
    )


def test_an_itu_r_line_and_its_years_alone_lack_a_title_and_a_preamble():
    lines = [SourceParagraph("RESOLUTION ITU-R 2-8", "line 1"), SourceParagraph("(1993-2019)", "line 2")]
    with pytest.raises(ParseError) as caught:
        build_edition(lines, {})
    assert str(caught.value) == "line 1: the resolution line must be followed by a title and a preamble"


def ra(years: str, number: str = "ITU-R 97"):
    lines = [
        SourceParagraph(f"RESOLUTION {number}", "line 1"),
        SourceParagraph(years, "line 2"),
        SourceParagraph("A title", "line 3"),
        SourceParagraph("The Radiocommunication Assembly,", "line 4"),
        SourceParagraph("noting", "line 5"),
        SourceParagraph("a) x", "line 6"),
    ]
    return build_edition(lines, {})


def test_an_itu_r_line_takes_its_years_from_the_next_line_and_keeps_its_own_place():
    edition = ra("(1993-2019)", "ITU-R 97-2")
    assert (edition.year, edition.designation, edition.city) == (2019, "ITU-R 97-2", "")
    assert (edition.clauses[0].text, edition.clauses[0].where) == (
        "RESOLUTION ITU-R 97-2 (1993-2019)",
        "line 1",
    )


def test_an_itu_r_resolution_never_revised_is_cited_by_its_number_alone():
    assert ra("(2019)").designation == "ITU-R 97"


def test_an_itu_r_line_accepts_the_first_and_the_last_plausible_years():
    assert (ra("(1865)").year, ra("(2100)").year) == (1865, 2100)


def test_an_itu_r_line_refuses_an_implausible_year_naming_its_line():
    with pytest.raises(ParseError) as caught:
        ra("(1990-2101)")
    assert str(caught.value) == "line 1: the resolution line's year 2101 is not a plausible ITU year"


# ---- Headings, their text quoted


def test_a_last_heading_with_nothing_under_it_is_named_in_the_error():
    assert message("noting", "a) x", "Last heading") == (
        "paragraph 6: the heading 'Last heading' has nothing under it"
    )


def test_a_quoted_text_of_exactly_sixty_characters_is_not_cut():
    heading = "h" * 60
    assert message("noting", "a) x", heading) == f"paragraph 6: the heading '{heading}' has nothing under it"
    assert message("noting", "a) x", heading + "h") == (
        f"paragraph 6: the heading '{'h' * 59}…' has nothing under it"
    )


# ---- Continuation paragraphs (rule 3's exception)


def test_a_long_paragraph_ending_the_document_continues_the_item_before_it():
    assert clauses(build("noting", "1 x", LONG)) == [
        ("heading", "", "noting", None, None, "paragraph 4"),
        ("item", "1", "x", 3, None, "paragraph 5"),
        ("paragraph", "", LONG.strip(), 3, 4, "paragraph 6"),
    ]


def test_a_long_paragraph_before_a_table_or_an_annex_continues_the_item():
    before_table = build("noting", "1 x", LONG, table(("a", "b")))
    assert clauses(before_table)[2:] == [
        ("paragraph", "", LONG.strip(), 3, 4, "paragraph 6"),
        ("table", "", "a | b", 3, None, "paragraph 7"),
    ]
    before_annex = build("noting", "1 x", LONG, "ANNEX A", "1 Introduction")
    assert [c[:5] for c in clauses(before_annex)] == [
        ("heading", "", "noting", None, None),
        ("item", "1", "x", 3, None),
        ("paragraph", "", LONG.strip(), 3, 4),
        ("heading", "", "ANNEX A", None, None),
        ("item", "1", "Introduction", 6, None),
    ]
    # Even an annex line ending like a sentence, which alone would not end the item's text.
    annex = "ANNEX TO RESOLUTION 102 (REV. BUSAN, 2014)."
    before_sentence_annex = build("noting", "1 x", LONG, annex, "1 Introduction")
    assert [c[:5] for c in clauses(before_sentence_annex)][2:4] == [
        ("paragraph", "", LONG.strip(), 3, 4),
        ("heading", "", annex, None, None),
    ]


def test_a_long_paragraph_before_a_styled_heading_continues_the_item_whatever_the_heading_s_shape():
    edition = build("noting", "1 x", LONG, SourceParagraph("further resolves:", "", role="heading"), "a) y")
    assert [c[:5] for c in clauses(edition)] == [
        ("heading", "", "noting", None, None),
        ("item", "1", "x", 3, None),
        ("paragraph", "", LONG.strip(), 3, 4),
        ("heading", "", "further resolves:", None, None),
        ("item", "a)", "y", 6, None),
    ]


def test_a_long_paragraph_before_a_label_that_would_open_a_level_is_a_heading():
    edition = build("noting", "1 x", LONG, "a) y")
    assert [c[:5] for c in clauses(edition)] == [
        ("heading", "", "noting", None, None),
        ("item", "1", "x", 3, None),
        ("heading", "", LONG.strip(), None, None),
        ("item", "a)", "y", 5, None),
    ]
    assert edition.notes == ("paragraph 6: unlabelled text after an item taken as a heading",)


def test_a_bad_label_after_a_long_paragraph_is_reported_as_a_parse_error():
    bad = SourceParagraph("x", "", label="iiii)")
    assert message("noting", "1 x", LONG, bad) == (
        "paragraph 7: label 'iiii)' is not a resolution label (a), aa), a bis), 1, 1bis)"
    )


def test_a_paragraph_after_a_continuation_hangs_from_the_same_item():
    edition = build(
        "noting",
        "1 x",
        "2 y",
        SourceParagraph("First.", "", role="body"),
        SourceParagraph("Second.", "", role="body"),
    )
    assert [c[:5] for c in clauses(edition)][3:] == [
        ("paragraph", "", "First.", 3, 5),
        ("paragraph", "", "Second.", 3, 5),
    ]


def test_in_an_annex_every_unnumbered_paragraph_hangs_from_the_item_before_it():
    edition = build("noting", "a) x", "ANNEX A", "The title", "1 Introduction", "First text.", "Second text.")
    assert clauses(edition)[2:] == [
        ("heading", "", "ANNEX A", None, None, "paragraph 6"),
        ("annex-title", "", "The title", 5, None, "paragraph 7"),
        ("item", "1", "Introduction", 5, None, "paragraph 8"),
        ("paragraph", "", "First text.", 5, 7, "paragraph 9"),
        ("paragraph", "", "Second text.", 5, 7, "paragraph 10"),
    ]


def test_a_styled_annex_title_keeps_its_section_and_place():
    edition = build(
        "noting", "a) x", "ANNEX A", SourceParagraph("The title", "", role="title"), "1 Introduction"
    )
    assert clauses(edition)[3] == ("annex-title", "", "The title", 5, None, "paragraph 7")


def test_an_annex_line_styled_as_body_text_is_a_paragraph():
    edition = build("noting", "a) x", "b) y", SourceParagraph("ANNEX A", "", role="body"))
    assert clauses(edition)[3] == ("paragraph", "", "ANNEX A", 3, 5, "paragraph 7")


def test_a_continuation_after_a_dash_hangs_from_the_item_holding_the_dashes():
    edition = build("noting", "1 x", "– d", LONG)
    assert [c[:5] for c in clauses(edition)] == [
        ("heading", "", "noting", None, None),
        ("item", "1", "x", 3, None),
        ("item", "–", "d", 3, 4),
        ("paragraph", "", LONG.strip(), 3, 4),
    ]


def test_a_continuation_after_a_dash_opening_the_section_hangs_from_the_section():
    edition = build("noting", "– d", LONG)
    assert [c[:5] for c in clauses(edition)][1:] == [
        ("item", "–", "d", 3, None),
        ("paragraph", "", LONG.strip(), 3, None),
    ]


def test_a_paragraph_after_a_table_after_an_item_hangs_from_the_section():
    edition = build("noting", "1 x", table(("a", "b"), ("c", "d")), "A sentence after the table.")
    assert clauses(edition)[1:] == [
        ("item", "1", "x", 3, None, "paragraph 5"),
        ("table", "", "a | b", 3, None, "paragraph 6"),
        ("row", "", "c | d", 3, 5, "paragraph 6"),
        ("paragraph", "", "A sentence after the table.", 3, None, "paragraph 7"),
    ]


# ---- Depth: where a first item opens its level


def test_the_first_item_of_a_section_is_at_depth_zero():
    assert [c[:5] for c in clauses(build("noting", "a) x", limits=Limits(max_depth=1)))] == [
        ("heading", "", "noting", None, None),
        ("item", "a)", "x", 3, None),
    ]


def test_a_dash_under_a_paragraph_of_the_section_is_at_depth_zero():
    edition = build("noting", "A sentence.", "– d", limits=Limits(max_depth=1))
    assert [c[:5] for c in clauses(edition)][1:] == [
        ("paragraph", "", "A sentence.", 3, None),
        ("item", "–", "d", 3, 4),
    ]


def test_a_dash_under_a_paragraph_after_a_table_is_at_depth_zero():
    edition = build("noting", "1 x", table(("a",)), "A sentence.", "– d", limits=Limits(max_depth=1))
    assert [c[:5] for c in clauses(edition)][4:] == [("item", "–", "d", 3, 6)]


def test_an_item_one_level_too_deep_is_refused_with_its_depth():
    assert message("noting", "1 x", "a) y", limits=Limits(max_depth=1)) == (
        "paragraph 6: item a) is nested 2 levels deep, more than the 1 allowed"
    )


# ---- Labels after a table do not nest under the item before it


def test_a_letter_after_a_table_cannot_open_a_level_under_the_item_before_it():
    assert message("noting", "1 x", table(("a",)), "a) y") == (
        "paragraph 7: label a) mixes letter and number labels under 'noting'"
    )


def test_a_dash_after_a_table_cannot_open_a_level_under_the_item_before_it():
    assert message("noting", "1 x", table(("a",)), "– y") == (
        "paragraph 7: label – out of sequence under 'noting': expected 2 or 1bis"
    )


def test_a_number_after_a_table_after_dotted_items_must_continue_them():
    assert message("noting", "1.1 x", table(("a",)), "2 y") == (
        "paragraph 7: label 2 out of sequence under 'noting': expected 1.2 or 1.1bis"
    )


# ---- Tables


def test_a_table_keeps_its_section_and_place_for_every_row():
    edition = build("noting", "A sentence.", table(("a", " b "), ("", "c")))
    assert clauses(edition)[2:] == [
        ("table", "", "a | b", 3, None, "paragraph 6"),
        ("row", "", " | c", 3, 5, "paragraph 6"),
    ]


def test_a_table_before_any_heading_is_refused_naming_its_place():
    assert message(table(("a",)), "noting", "a) x") == "paragraph 4: a table comes before any section heading"


def test_a_table_without_text_is_refused_naming_its_place():
    assert (
        message("noting", "a) x", table(("", " "), ("",))) == "paragraph 6: the table has no text in any cell"
    )


# ---- Dotted numbers


def test_dotted_numbers_may_open_a_section_and_nest_to_three_parts():
    edition = build("noting", "1.1 x", "1.2 y", "1.2.1 z", "1.2.2 w", "1.3 v")
    assert [c[:5] for c in clauses(edition)][1:] == [
        ("item", "1.1", "x", 3, None),
        ("item", "1.2", "y", 3, None),
        ("item", "1.2.1", "z", 3, 5),
        ("item", "1.2.2", "w", 3, 5),
        ("item", "1.3", "v", 3, None),
    ]


def test_a_three_part_number_cannot_open_a_section():
    assert (
        message("noting", "1.1.1 x")
        == "paragraph 5: label 1.1.1 out of sequence under 'noting': expected 1.1"
    )


def test_a_dotted_number_opens_a_level_only_under_its_own_number():
    assert [c[:5] for c in clauses(build("noting", "1 x", "2 y", "2.1 z"))][3:] == [
        ("item", "2.1", "z", 3, 5)
    ]
    assert message("noting", "1 x", "2.1 y") == (
        "paragraph 6: label 2.1 out of sequence under 'noting': expected 2 or 1bis"
    )


def test_a_dotted_number_continues_only_its_own_prefix():
    assert message("noting", "1.1 x", "2.2 y") == (
        "paragraph 6: label 2.2 out of sequence under 'noting': expected 1.2 or 1.1bis"
    )


def test_a_gap_in_three_part_numbers_names_the_next_one():
    assert message("noting", "1 x", "1.1 y", "1.1.1 z", "1.1.3 w") == (
        "paragraph 8: label 1.1.3 out of sequence under 'noting' 1.1: expected 1.1.2 or 1.1.1bis"
    )


# ---- Letters and roman numbers


def test_roman_numbers_count_by_subtraction_under_a_letter():
    edition = build("noting", "a) x", *(f"{r}) t" for r in ("i", "ii", "iii", "iv", "v", "vi", "vii")))
    assert [c[1] for c in clauses(edition)][1:] == ["a)", "i)", "ii)", "iii)", "iv)", "v)", "vi)", "vii)"]
    assert [c[4] for c in clauses(edition)][2:] == [4] * 7


def test_a_roman_gap_names_the_next_roman_number():
    assert message("noting", "a) x", "i) y", "ii) z", "iii) w", "v) v") == (
        "paragraph 9: label v) out of sequence under 'noting' a): expected iv) or iii bis)"
    )


@pytest.mark.parametrize(
    ("position", "numeral"),
    [
        (1, "i"),
        (4, "iv"),
        (5, "v"),
        (9, "ix"),
        (10, "x"),
        (14, "xiv"),
        (40, "xl"),
        (49, "xlix"),
        (50, "l"),
        (88, "lxxxviii"),
    ],
)
def test_roman_writes_each_numeral_as_itu_prints_it(position, numeral):
    assert roman(position) == numeral


def test_roman_and_the_label_reading_are_inverses():
    # Labels hold at most six numerals ("xxxiii)"), as ITU's lists never go near.
    for position in (p for p in range(1, 90) if len(roman(p)) <= 6):
        readings = [r for r in interpretations(f"{roman(position)})") if r.style == "roman"]
        assert [r.position for r in readings] == [position]


def test_a_four_i_label_is_no_roman_number():
    assert message("noting", "a) x", "i) y", "iiii) z") == (
        "paragraph 7: label 'iiii)' is not a resolution label (a), aa), a bis), 1, 1bis)"
    )


def test_the_letter_after_y_is_z():
    letters = [f"{chr(c)}) t" for c in range(ord("a"), ord("y") + 1)]
    assert message("noting", *letters, "zzz) t").startswith(
        "paragraph 30: label zzz) out of sequence under 'noting': expected z) or y bis)"
    )


# ---- Errors of a label that fits nowhere


def test_a_label_out_of_sequence_is_checked_against_the_level_of_its_own_style():
    assert message("noting", "1 x", "a) y", "i) z", "c) w") == (
        "paragraph 8: label c) out of sequence under 'noting' 1: expected b) or a bis)"
    )
    assert message("noting", "a) x", "i) y", "c) w") == (
        "paragraph 7: label c) out of sequence under 'noting': expected b) or a bis)"
    )


def test_a_label_of_no_open_style_is_checked_against_the_innermost_level():
    assert message("noting", "1 x", "a) y", "1.3 z") == (
        "paragraph 7: label 1.3 out of sequence under 'noting' 1: expected b) or a bis)"
    )


def test_a_repeated_label_names_where_it_first_was_without_the_revision_hint():
    assert message("noting", "a) x", "b) y", "a) z") == (
        "paragraph 7: label a) repeated under 'noting' (first at paragraph 5)"
    )


def test_a_letter_among_numbers_is_refused_naming_its_place():
    assert message("noting", "1 x", "a) y", "b) z", "2 w", "3 v", "a bis) u") == (
        "paragraph 10: label a bis) mixes letter and number labels under 'noting'"
    )


# ---- Annex slugs (document.py)


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("ANNEX", "annex"),
        ("ANNEX A", "annex-a"),
        ("APPENDIX 1 TO ANNEX 2", "appendix-1-to-annex-2"),
        ("ANNEX B TO APPENDIX 3", "annex-b-to-appendix-3"),
        ("ANNEX TO RESOLUTION 71 (REV. DUBAI, 2018)", "annex"),
        ("Annex A", None),
    ],
)
def test_an_annex_slug_names_the_annex_and_what_it_is_attached_to(heading, slug):
    assert annex_slug(heading) == slug


def test_dashes_and_continuing_paragraphs_of_one_item_are_counted_apart_when_cited():
    edition = build("noting", "1 x", "– d", "– e", LONG)
    assert cited_labels(edition.clauses)[3:] == ["", "1", "1, indent 1", "1, indent 2", "1, paragraph 2"]
