"""The structure rules every format shares (resolutions.parsing.structure)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resolutions.document import Kind, ParsedClause, ParsedEdition, ParseError, SourceParagraph, clause_paths
from resolutions.parsing.structure import build_edition, looks_like_heading

FRONT = [
    "RESOLUTION 102 (Rev. Busan, 2014)",
    "A title",
    "The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),",
]


def paragraphs(*lines: str) -> list[SourceParagraph]:
    return [SourceParagraph(text, f"paragraph {n}") for n, text in enumerate(lines, start=1)]


def build(*body: str, footnotes: dict[str, str] | None = None, **kwargs) -> ParsedEdition:
    return build_edition(paragraphs(*FRONT, *body), footnotes or {}, **kwargs)


def outline(edition: ParsedEdition) -> list[tuple[str, str, str]]:
    """(kind, label, text) of every clause after the front matter."""
    return [(c.kind.value, c.label, c.text) for c in edition.clauses[3:]]


def error_of(*body: str, footnotes: dict[str, str] | None = None, **kwargs) -> ParseError:
    with pytest.raises(ParseError) as caught:
        build(*body, footnotes=footnotes, **kwargs)
    return caught.value


# Front matter


def test_it_reads_number_city_year_and_designation_of_a_revised_resolution():
    edition = build("noting", "a)\tsomething;")
    assert (edition.number, edition.city, edition.year) == (102, "Busan", 2014)
    assert edition.designation == "Rev. Busan, 2014"
    assert edition.title == "A title"
    assert [c.kind for c in edition.clauses[:3]] == [Kind.RESOLUTION_LINE, Kind.TITLE, Kind.PREAMBLE]


def test_it_tolerates_stray_spaces_and_no_space_after_the_comma():
    edition = build_edition(
        paragraphs(" RESOLUTION  102  (Rev.\u00a0Busan,2014)", *FRONT[1:], "noting", "a) x"), {}
    )
    assert (edition.city, edition.year, edition.designation) == ("Busan", 2014, "Rev. Busan,2014")
    assert edition.clauses[0].text == "RESOLUTION 102 (Rev. Busan,2014)"


def test_it_reads_an_unrevised_resolution_line():
    edition = build_edition(paragraphs("RESOLUTION 200 (Busan, 2014)", *FRONT[1:], "noting", "a) x"), {})
    assert (edition.number, edition.city, edition.year, edition.designation) == (
        200,
        "Busan",
        2014,
        "Busan, 2014",
    )


@pytest.mark.parametrize(
    ("conference", "body"),
    [
        ("The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),", "pp"),
        ("The World Telecommunication Standardization Assembly (Hammamet, 2016),", "wtsa"),
        ("The World Telecommunication Development Conference (Buenos Aires, 2017),", "wtdc"),
        ("The ITU Radiocommunication Assembly,", "ra"),
    ],
)
def test_it_takes_the_body_from_the_conference_named_in_the_preamble(conference, body):
    edition = build_edition(paragraphs(FRONT[0], FRONT[1], conference, "noting", "a) x"), {})
    assert edition.body == body


def test_a_body_given_by_the_caller_overrides_the_preamble():
    assert build("noting", "a) x", body="wtsa").body == "wtsa"


def test_it_rejects_a_preamble_naming_no_body_when_none_is_given():
    lines = paragraphs(FRONT[0], FRONT[1], "The Conference,", "noting", "a) x")
    with pytest.raises(ParseError) as caught:
        build_edition(lines, {})
    assert caught.value.where == "paragraph 3"
    assert "cannot tell the ITU body" in caught.value.reason
    assert build_edition(lines, {}, body="pp").body == "pp"


def test_it_rejects_an_empty_document():
    with pytest.raises(ParseError, match="empty"):
        build_edition(paragraphs("", "  \u00a0 "), {})
    with pytest.raises(ParseError, match="empty"):
        build_edition([], {})


def test_it_rejects_a_document_without_a_resolution_line():
    with pytest.raises(ParseError) as caught:
        build_edition(paragraphs("Some memo", "with text"), {}, source_name="memo.txt")
    assert "no RESOLUTION line" in caught.value.reason
    assert caught.value.message.startswith("memo.txt, paragraph 1:")


def test_it_rejects_text_before_the_resolution_line():
    with pytest.raises(ParseError) as caught:
        build_edition(paragraphs("Page 1", *FRONT, "noting", "a) x"), {})
    assert caught.value.where == "paragraph 1"
    assert "before the RESOLUTION line (paragraph 2)" in caught.value.reason


def test_it_calls_a_run_together_designation_revision_marked():
    with pytest.raises(ParseError) as caught:
        build_edition(paragraphs("RESOLUTION 102 (Rev. Guadalajara, 2010Busan,2014)", *FRONT[1:]), {})
    assert "looks like a revision-marked document" in caught.value.reason


@pytest.mark.parametrize("designation", ["Rev. Busan", "2014", "Rev. Busan, 14", "Busan, 1492"])
def test_it_rejects_a_designation_without_city_and_plausible_year(designation):
    with pytest.raises(ParseError) as caught:
        build_edition(paragraphs(f"RESOLUTION 1 ({designation})", *FRONT[1:], "noting", "a) x"), {})
    assert caught.value.where == "paragraph 1"
    assert "revision-marked" not in caught.value.reason


def test_it_needs_a_title_and_a_preamble():
    with pytest.raises(ParseError, match="title and a preamble"):
        build_edition(paragraphs(FRONT[0], FRONT[1]), {})


def test_it_rejects_a_labelled_item_in_place_of_the_title():
    with pytest.raises(ParseError, match="expected the title"):
        build_edition(paragraphs(FRONT[0], "a)\tfirst item", FRONT[2], "noting", "a) x"), {})


# Sections


def test_an_unlabelled_line_after_an_item_opens_a_section_and_after_a_heading_is_its_paragraph():
    edition = build(
        "further resolves",
        "that the Council shall consider this matter at its next session,",
        "requests the Secretary-General",
        "1\tto report;",
        "2\tto act.",
        "encourages Member States",
        "to take part.",
    )
    assert outline(edition) == [
        ("heading", "", "further resolves"),
        ("paragraph", "", "that the Council shall consider this matter at its next session,"),
        ("heading", "", "requests the Secretary-General"),
        ("item", "1", "to report;"),
        ("item", "2", "to act."),
        ("heading", "", "encourages Member States"),
        ("paragraph", "", "to take part."),
    ]
    assert [edition.clauses[c.section].text for c in edition.clauses[3:] if c.section] == [
        "further resolves",
        "requests the Secretary-General",
        "requests the Secretary-General",
        "encourages Member States",
    ]


def test_a_short_line_not_ending_a_sentence_after_a_paragraph_is_a_heading():
    edition = build("resolves", "to explore ways and means;", "Deeply concerned", "a) about this,")
    assert [kind for kind, _, _ in outline(edition)] == ["heading", "paragraph", "heading", "item"]


def test_a_line_ending_a_sentence_after_a_paragraph_is_another_paragraph():
    edition = build("resolves", "to do this;", "to do that.", "instructs the Council", "1 to act.")
    assert [kind for kind, _, _ in outline(edition)] == [
        "heading",
        "paragraph",
        "paragraph",
        "heading",
        "item",
    ]
    assert clause_paths(edition.clauses)[4:6] == ["resolves/1", "resolves/2"]


def test_a_long_sentence_after_a_paragraph_is_another_paragraph_even_ending_in_a_comma():
    long_sentence = "to explore ways and means " * 10 + "for the global community,"
    edition = build("resolves", "to do this;", long_sentence)
    assert [kind for kind, _, _ in outline(edition)] == ["heading", "paragraph", "paragraph"]


def test_a_heading_ending_in_a_comma_after_items_is_a_heading():
    heading = (
        "invites the Dedicated Group on international Internet-related public policy issues, as an integral "
        "part of the Council Working Group on the World Summit on the Information Society,"
    )
    edition = build("noting", "a) x;", heading, "1 to consider;")
    assert outline(edition)[2] == ("heading", "", heading)
    assert edition.clauses[-1].section == 5


def test_heading_shape_is_short_and_not_a_finished_sentence():
    assert looks_like_heading("requests the Secretary-General")
    assert looks_like_heading("invites Member States,")
    assert not looks_like_heading("to take part;")
    assert not looks_like_heading("to take part.")
    assert not looks_like_heading("to " + "take part " * 30)


def test_it_notes_a_sentence_after_an_item_that_it_takes_as_a_heading():
    edition = build("noting", "a) x;", "this reads like a continuation of the item.", "to do this.")
    assert outline(edition)[2][0] == "heading"
    assert edition.notes == ("paragraph 6: unlabelled text after an item taken as a heading",)
    assert build("noting", "a) x;", "resolves", "to do this.").notes == ()


def test_roles_from_styling_override_the_text():
    lines = [
        *paragraphs(*FRONT),
        SourceParagraph("noting", "p4", role="heading"),
        SourceParagraph("a) looks labelled but is styled as a heading", "p5", role="heading"),
        SourceParagraph("short line", "p6", role="body"),
        SourceParagraph("resolves", "p7", role=""),
        SourceParagraph("first", "p8", label="1"),
        SourceParagraph("second", "p9", label="2"),
    ]
    edition = build_edition(lines, {})
    assert outline(edition) == [
        ("heading", "", "noting"),
        ("heading", "", "a) looks labelled but is styled as a heading"),
        ("paragraph", "", "short line"),
        ("heading", "", "resolves"),
        ("item", "1", "first"),
        ("item", "2", "second"),
    ]


def test_it_normalises_white_space_and_ignores_blank_paragraphs():
    edition = build("  noting ", "", "a) \tsome\u00a0text  here ; ", "   ")
    assert outline(edition) == [("heading", "", "noting"), ("item", "a)", "some text here ;")]


def test_it_rejects_an_item_before_any_heading():
    error = error_of("a)\tfirst item", "noting", "a) x")
    assert error.where == "paragraph 4"
    assert "before any section heading" in error.reason


def test_it_rejects_a_heading_with_nothing_under_it_at_the_end():
    error = error_of("noting", "a) x", "resolves")
    assert (error.where, "nothing under it" in error.reason) == ("paragraph 6", True)


def test_it_rejects_a_document_with_no_sections():
    with pytest.raises(ParseError, match="no sections"):
        build_edition(paragraphs(*FRONT), {})


def test_it_rejects_a_second_resolution_line():
    error = error_of("noting", "a) x", "RESOLUTION 103 (Busan, 2014)", "title")
    assert (error.where, "one file holds one resolution" in error.reason) == ("paragraph 6", True)


# Labels


def labels(edition: ParsedEdition) -> list[str]:
    return [c.label for c in edition.clauses if c.kind == Kind.ITEM]


def test_it_stores_labels_as_printed_including_bis_and_ter():
    edition = build(
        "noting", "a) x", "a bis) y", "b) z", "resolves", "1 one", "1bis two", "1ter three", "2 four"
    )
    assert labels(edition) == ["a)", "a bis)", "b)", "1", "1bis", "1ter", "2"]
    assert clause_paths(edition.clauses)[5] == "noting/a-bis"


def test_it_continues_letters_with_doubled_letters_after_z():
    letters = [f"{chr(c)}) item" for c in range(ord("a"), ord("z") + 1)]
    edition = build("noting", *letters, "aa) more", "bb) more")
    assert labels(edition)[-3:] == ["z)", "aa)", "bb)"]


def test_each_section_restarts_its_sequence():
    assert labels(build("noting", "a) x", "b) y", "resolves", "a) z")) == ["a)", "b)", "a)"]


def test_it_calls_a_run_together_letter_label_revision_marked():
    error = error_of("noting", "a) x", "b) y", "cb) z")
    assert error.where == "paragraph 7"
    assert "label cb) out of sequence under 'noting': expected c) or b bis)" in error.reason
    assert "looks like a revision-marked document" in error.reason
    assert "looks like a revision-marked document" in error_of("noting", "a) x", "cb) z").reason


def test_it_calls_a_run_together_number_revision_marked():
    first = error_of("instructs the Council", "21 to act")
    assert "expected 1;" in first.reason and "looks like a revision-marked document" in first.reason
    after = error_of("instructs the Council", "1 to act", "21 to act")
    assert (after.where, "looks like a revision-marked document" in after.reason) == ("paragraph 6", True)


def test_it_calls_two_consecutive_equal_labels_revision_marked():
    error = error_of("noting", "a) x", "b) y", "c) z", "d) old", "d) new")
    assert error.where == "paragraph 9"
    assert "label d) repeated under 'noting' (first at paragraph 8)" in error.reason
    assert "looks like a revision-marked document" in error.reason


def test_it_rejects_a_label_repeated_later_in_its_section_without_blaming_revision_marks():
    error = error_of("noting", "a) x", "b) y", "a) z")
    assert "label a) repeated" in error.reason
    assert "revision-marked" not in error.reason


def test_it_rejects_a_gap_in_the_sequence_without_blaming_revision_marks():
    error = error_of("noting", "a) x", "c) y")
    assert "out of sequence" in error.reason and "expected b)" in error.reason
    assert "revision-marked" not in error.reason


@pytest.mark.parametrize("bad", ["2 x", "b) x", "1bis x", "a bis) x"])
def test_a_section_must_start_at_its_first_label(bad):
    assert "out of sequence" in error_of("noting", bad).reason


def test_a_section_may_not_mix_letters_and_numbers():
    assert "mixes letter and number labels" in error_of("noting", "a) x", "2 y").reason


def test_it_rejects_a_numbering_label_of_unknown_shape():
    lines = [*paragraphs(*FRONT, "noting"), SourceParagraph("text", "p5", label="1.")]
    with pytest.raises(ParseError, match="not a resolution label") as caught:
        build_edition(lines, {})
    assert caught.value.where == "p5"


def test_it_rejects_an_item_without_text():
    error = error_of("noting", "a)")
    assert (error.where, error.reason) == ("paragraph 5", "item a) has no text")


def test_a_blank_paragraph_is_ignored_even_with_a_numbering_label():
    lines = [
        *paragraphs(*FRONT, "noting"),
        SourceParagraph(" ", "p5", label="a)"),
        SourceParagraph("x", "p6"),
    ]
    assert outline(build_edition(lines, {})) == [("heading", "", "noting"), ("paragraph", "", "x")]


def test_a_year_at_the_start_of_a_paragraph_is_not_a_label():
    edition = build("resolves", "2014 shall be the year of this.")
    assert outline(edition)[1] == ("paragraph", "", "2014 shall be the year of this.")


# Footnotes


def test_footnotes_follow_all_other_clauses_in_number_order():
    edition = build(
        "noting",
        "a) organizations[^2] involved",
        "b) the Internet[^1] and[^10]",
        footnotes={"10": "ten", "1": " first\u00a0note ", "2": "second"},
    )
    footnotes = edition.clauses[-3:]
    assert [(c.kind, c.label, c.text, c.section) for c in footnotes] == [
        (Kind.FOOTNOTE, "1", "first note", None),
        (Kind.FOOTNOTE, "2", "second", None),
        (Kind.FOOTNOTE, "10", "ten", None),
    ]
    assert clause_paths(edition.clauses)[-3:] == ["footnote/1", "footnote/2", "footnote/10"]


def test_it_rejects_a_reference_without_footnote_text():
    error = error_of("noting", "a) organizations[^1] involved")
    assert (error.where, error.reason) == ("paragraph 5", "footnote reference [^1] has no footnote text")


def test_it_rejects_a_footnote_never_referenced():
    error = error_of("noting", "a) x", footnotes={"1": "text"})
    assert (error.where, error.reason) == ("footnote 1", "footnote 1 is never referenced in the text")


@pytest.mark.parametrize(("number", "text"), [("x", "text"), ("1", "  ")])
def test_it_rejects_a_footnote_without_number_or_text(number, text):
    error = error_of("noting", f"a) x[^{number}]", footnotes={number: text})
    assert error.where == f"footnote {number}"


# Each rule at its edge, with the exact message an admin reads


def reason_of(lines: list[SourceParagraph], **kwargs) -> tuple[str, str]:
    with pytest.raises(ParseError) as caught:
        build_edition(lines, {}, **kwargs)
    return caught.value.where, caught.value.reason


@pytest.mark.parametrize("year", [1865, 2100])
def test_the_first_and_last_plausible_years_are_accepted(year):
    edition = build_edition(paragraphs(f"RESOLUTION 1 (Busan, {year})", *FRONT[1:], "noting", "a) x"), {})
    assert edition.year == year


@pytest.mark.parametrize("year", [1864, 2101])
def test_a_year_just_outside_the_plausible_ones_is_refused(year):
    lines = paragraphs(f"RESOLUTION 1 (Busan, {year})", *FRONT[1:], "noting", "a) x")
    assert reason_of(lines) == (
        "paragraph 1",
        f"the resolution line's year {year} is not a plausible ITU year",
    )


def test_the_messages_about_the_resolution_line_quote_what_was_found():
    assert reason_of(paragraphs("RESOLUTION 1 (Rev. Busan)", *FRONT[1:])) == (
        "paragraph 1",
        "the resolution line's designation (Rev. Busan) is not '<City>, <year>' or 'Rev. <City>, <year>'",
    )
    assert reason_of(paragraphs("RESOLUTION 102 (Rev. Guadalajara, 2010Busan,2014)", *FRONT[1:])) == (
        "paragraph 1",
        "looks like a revision-marked document (deleted and inserted text run together): "
        "resolution line reads (Rev. Guadalajara, 2010Busan,2014)",
    )
    assert reason_of(paragraphs("Some memo", "with text")) == (
        "paragraph 1",
        "no RESOLUTION line: expected 'RESOLUTION <number> (<City>, <year>)' first, found 'Some memo'",
    )
    assert reason_of(paragraphs("Page 1", *FRONT)) == (
        "paragraph 1",
        "text before the RESOLUTION line (paragraph 2): 'Page 1'",
    )


def test_an_empty_document_names_its_first_paragraph():
    assert reason_of(paragraphs(" ", "")) == ("paragraph 1", "empty document: no text at all")
    assert reason_of([]) == ("", "empty document: no text at all")


def test_a_document_cut_short_names_its_last_paragraph():
    assert reason_of(paragraphs(FRONT[0], "", FRONT[1])) == (
        "paragraph 3",
        "the resolution line must be followed by a title and a preamble",
    )
    # Three paragraphs are enough to go on, and what is missing is the sections.
    assert reason_of(paragraphs(*FRONT)) == ("paragraph 3", "no sections after the preamble")


def test_a_labelled_title_or_preamble_is_refused_whether_printed_or_numbered():
    assert reason_of(paragraphs(FRONT[0], FRONT[1], "1 The Conference,", "noting", "a) x"), body="pp") == (
        "paragraph 3",
        "expected the preamble, found a labelled item '1 The Conference,'",
    )
    lines = [*paragraphs(FRONT[0]), SourceParagraph("A title", "p2", label="1"), *paragraphs(*FRONT[2:])]
    assert reason_of(lines) == ("p2", "expected the title, found a labelled item 'A title'")


def test_the_front_matter_is_kept_with_its_white_space_normalised_and_its_place():
    lines = [
        SourceParagraph(text, f"line {n}")
        for n, text in enumerate([FRONT[0], " A  title ", FRONT[2], "noting", "a) x"], 1)
    ]
    edition = build_edition(lines, {}, source_name="res.txt")
    assert [(c.kind, c.text, c.where) for c in edition.clauses[:3]] == [
        (Kind.RESOLUTION_LINE, FRONT[0], "line 1"),
        (Kind.TITLE, "A title", "line 2"),
        (Kind.PREAMBLE, FRONT[2], "line 3"),
    ]
    assert (edition.title, edition.source_name, edition.notes) == ("A title", "res.txt", ())


def test_the_body_is_read_from_the_preamble_in_any_case_or_asked_for_by_name():
    assert (
        build_edition(
            paragraphs(FRONT[0], FRONT[1], "THE RADIOCOMMUNICATION ASSEMBLY,", "noting", "a) x"), {}
        ).body
        == "ra"
    )
    assert reason_of(paragraphs(FRONT[0], FRONT[1], "The Conference,", "noting", "a) x")) == (
        "paragraph 3",
        "cannot tell the ITU body: the preamble names none of Plenipotentiary Conference, "
        "World Telecommunication Standardization Assembly, World Telecommunication Development Conference, "
        "Radiocommunication Assembly; give the body explicitly",
    )


@pytest.mark.parametrize("role", ["resolution", "title"])
def test_a_paragraph_styled_as_a_resolution_line_or_title_after_the_preamble_is_refused(role):
    lines = [*paragraphs(*FRONT, "noting", "a) x"), SourceParagraph("ITU's role", "p6", role=role)]
    assert reason_of(lines) == (
        "p6",
        "a second resolution line or title after the preamble: 'ITU's role'; one file holds one resolution",
    )


def test_text_before_any_heading_is_quoted_and_cut_when_long():
    long_text = "to take part in the work of the Council Working Group on international issues"
    assert reason_of(paragraphs(*FRONT, f"a) {long_text}")) == (
        "paragraph 4",
        f"'{long_text[:59]}…' comes before any section heading",
    )
    # Styled as body, an unlabelled paragraph cannot open the first section either.
    lines = [*paragraphs(*FRONT), SourceParagraph("to act", "p4", role="body")]
    assert reason_of(lines) == ("p4", "'to act' comes before any section heading")


def test_a_body_paragraph_after_an_item_stays_in_the_items_section():
    lines = [*paragraphs(*FRONT, "noting", "a) x;"), SourceParagraph("short line", "p6", role="body")]
    edition = build_edition(lines, {})
    assert outline(edition)[-1] == ("paragraph", "", "short line")
    assert edition.clauses[-1].section == 3


def test_a_numbering_label_is_read_with_its_white_space_normalised():
    lines = [*paragraphs(*FRONT, "noting"), SourceParagraph("x", "p5", label=" a\u00a0bis) ")]
    with pytest.raises(ParseError) as caught:
        build_edition(lines, {})
    assert caught.value.reason == "label a bis) out of sequence under 'noting': expected a)"
    lines = [*paragraphs(*FRONT, "noting"), SourceParagraph("x", "p5", label=" a) ")]
    assert labels(build_edition(lines, {})) == ["a)"]


def test_a_numbering_label_of_unknown_shape_is_quoted():
    lines = [*paragraphs(*FRONT, "noting"), SourceParagraph("text", "p5", label="1.")]
    assert reason_of(lines) == ("p5", "label '1.' is not a resolution label (a), aa), a bis), 1, 1bis)")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        # What may follow: the next letter or number, or the next suffix of the last label.
        (["a) x", "a ter) y"], "label a ter) out of sequence under 'noting': expected b) or a bis)"),
        (["1 x", "3 y"], "label 3 out of sequence under 'noting': expected 2 or 1bis"),
        (
            ["1 x", "1bis y", "1ter y", "1quater y", "1quinquies y", "3 z"],
            "label 3 out of sequence under 'noting': expected 2",
        ),
        (
            [*(f"{chr(c)}) x" for c in range(ord("a"), ord("z") + 1)), "bb) y"],
            "label bb) out of sequence under 'noting': expected aa) or z bis)",
        ),
        # A section opens with its first label, with no suffix.
        (["a bis) x"], "label a bis) out of sequence under 'noting': expected a)"),
        (["1bis x"], "label 1bis out of sequence under 'noting': expected 1"),
        # A letter run that is no label, and does not read as two labels run together.
        (["a) x", "cd) y"], "label cd) out of sequence under 'noting': expected b) or a bis)"),
        (["a) x", "2 y"], "label 2 mixes letter and number labels under 'noting'"),
    ],
)
def test_a_label_out_of_its_sequence_says_which_labels_may_come_next(body, reason):
    assert error_of("noting", *body).reason == reason


@pytest.mark.parametrize(
    ("body", "label"),
    [
        (["a) x", "ba) y"], "ba)"),
        (["a) x", "ab) y"], "ab)"),
        (["1 x", "32 y"], "32"),
        (["1 x", "12 y"], "12"),
    ],
)
def test_a_label_starting_or_ending_with_the_expected_one_reads_as_two_run_together(body, label):
    reason = error_of("noting", *body).reason
    assert reason.startswith(f"label {label} out of sequence under 'noting': expected ")
    assert reason.endswith("; looks like a revision-marked document (deleted and inserted text run together)")


def test_labels_follow_on_through_their_suffixes():
    edition = build("noting", "a) x", "a bis) y", "a ter) z", "b) w", "resolves", "1 x", "1bis y", "2 z")
    assert labels(edition) == ["a)", "a bis)", "a ter)", "b)", "1", "1bis", "2"]


def test_a_heading_is_at_most_220_characters_not_ending_a_sentence():
    assert looks_like_heading("x" * 220)
    assert not looks_like_heading("x" * 221)
    assert [looks_like_heading(f"resolves{end}") for end in (";", ".", ":", ",", ")")] == [
        False,
        False,
        False,
        True,
        True,
    ]


def test_a_reference_in_the_front_matter_counts_and_a_footnote_with_no_text_is_refused():
    lines = paragraphs(FRONT[0], "A title[^1]", *FRONT[2:], "noting", "a) x")
    assert build_edition(lines, {"1": "note"}).clauses[-1] == ParsedClause(
        Kind.FOOTNOTE, "note", "1", where="footnote 1"
    )
    with pytest.raises(ParseError) as caught:
        build_edition(lines, {"1": " \u00a0"})
    assert (caught.value.where, caught.value.reason) == ("footnote 1", "footnote 1 has no text")
    with pytest.raises(ParseError) as caught:
        build_edition(lines, {"1": "note", "x": "text"})
    assert (caught.value.where, caught.value.reason) == ("footnote x", "footnote number 'x' is not a number")


# Robustness

TEXTS = st.one_of(
    st.sampled_from(
        [*FRONT, "noting", "resolves", "Deeply concerned", "a) x", "b) y", "cb) z", "1 one", "21 x", "1bis y"]
    ),
    st.sampled_from(["", " ", "to do this;", "x[^1]", "RESOLUTION 5 (Busan, 2014)", "aa) z", "a bis) q"]),
    st.text(max_size=40),
)
PARAGRAPHS = st.builds(
    SourceParagraph,
    text=TEXTS,
    where=st.just("p"),
    role=st.sampled_from(["", "", "resolution", "title", "heading", "body"]),
    label=st.sampled_from(["", "", "", "a)", "1", "b)", "1.", "x"]),
)


@settings(max_examples=200, deadline=None)
@given(
    front=st.lists(PARAGRAPHS, max_size=2),
    rest=st.lists(PARAGRAPHS, max_size=12),
    footnotes=st.dictionaries(st.sampled_from(["1", "2", "x", "٣", ""]), st.text(max_size=5), max_size=2),
)
def test_any_sequence_of_paragraphs_parses_or_raises_a_parse_error(front, rest, footnotes):
    sequence = [*paragraphs(*FRONT)[: len(front) + 1], *front, *rest]
    try:
        edition = build_edition(sequence, footnotes)
    except ParseError as error:
        assert error.reason
        return
    assert isinstance(edition, ParsedEdition)
    assert all(c.section is None or edition.clauses[c.section].kind == Kind.HEADING for c in edition.clauses)
