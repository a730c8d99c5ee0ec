"""Reading Word .docx files: text, styles, numbering, footnotes and tracked
changes, as the paragraph stream each side of the document shows."""

from __future__ import annotations

import pytest

from resolutions.document import ParseError
from resolutions.parsing.docx import format_number, read_docx
from resolutions.parsing.revisions import side_paragraphs
from tests.support.builders import (
    REVISION,
    W,
    docx_package,
    footnotes_part,
    numbering_part,
    paragraph,
    part,
    run,
    styles_part,
)


def texts(data: bytes, side: str = "revised", **options) -> list[str]:
    paragraphs, _ = side_paragraphs(read_docx(data, **options), side)
    return [p.text.strip() for p in paragraphs]


def one_paragraph(xml_runs: str) -> str:
    return texts(docx_package(f"<w:p>{xml_runs}</w:p>"))[0]


# ---------------------------------------------------------------- text


def test_it_writes_tabs_breaks_and_non_breaking_hyphens_as_the_reader_sees_them():
    runs = (
        "<w:r><w:t>a)</w:t><w:tab/><w:t>ITU</w:t><w:noBreakHyphen/><w:t>T</w:t>"
        '<w:br/><w:t>study</w:t><w:sym w:font="Symbol" w:char="F0B7"/><w:cr/><w:t>groups</w:t></w:r>'
    )
    assert one_paragraph(runs) == "a)\tITU-T study groups"


def test_it_keeps_spaces_at_run_boundaries():
    runs = '<w:r><w:t xml:space="preserve">Member </w:t></w:r><w:r><w:t>States</w:t></w:r>'
    assert one_paragraph(runs) == "Member States"


def test_it_reads_text_inside_hyperlinks_smart_tags_and_simple_fields():
    runs = (
        '<w:hyperlink w:history="1"><w:r><w:t>Tunis </w:t></w:r></w:hyperlink>'
        '<w:smartTag w:element="place"><w:r><w:t>Agenda </w:t></w:r></w:smartTag>'
        '<w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple>'
    )
    assert one_paragraph(runs) == "Tunis Agenda 7"


def test_it_shows_field_results_but_not_field_codes():
    runs = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> REF _Ref1 \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Resolution 1305</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    assert one_paragraph(runs) == "Resolution 1305"


def test_it_leaves_out_hidden_text():
    runs = "<w:r><w:t>seen</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t> hidden</w:t></w:r>"
    assert one_paragraph(runs) == "seen"


def test_it_skips_text_boxes():
    box = (
        "<w:r><w:pict><v:shape xmlns:v='urn:schemas-microsoft-com:vml'><v:textbox><w:txbxContent>"
        "<w:p><w:r><w:t>DRAFT</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    data = docx_package([f"<w:p>{box}<w:r><w:t>considering</w:t></w:r></w:p>"])
    assert texts(data) == ["considering"]


def test_it_numbers_paragraphs_in_where_and_skips_blank_ones():
    data = docx_package(
        [paragraph(run("first")), paragraph(), paragraph(run("  ")), paragraph(run("fourth"))]
    )
    paragraphs, _ = side_paragraphs(read_docx(data), "revised")
    assert [(p.text, p.where) for p in paragraphs] == [("first", "paragraph 1"), ("fourth", "paragraph 4")]


def test_it_reads_strict_ooxml_namespaces():
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    document = part("document", "<w:body><w:p><w:r><w:t>strict</w:t></w:r></w:p></w:body>").replace(W, strict)
    data = docx_package([], extra={"word/document.xml": document})
    assert texts(data) == ["strict"]


def test_it_refuses_a_main_part_that_is_not_wordprocessingml():
    data = docx_package([], extra={"word/document.xml": "<doc><p>text</p></doc>"})
    with pytest.raises(ParseError, match="not WordprocessingML"):
        read_docx(data)


def test_it_refuses_a_document_without_a_body():
    data = docx_package([], extra={"word/document.xml": part("document", "")})
    with pytest.raises(ParseError, match="no body") as error:
        read_docx(data)
    assert error.value.where == "word/document.xml"


# ---------------------------------------------------------------- styles


def test_it_reads_itu_paragraph_styles_as_roles_even_without_a_styles_part():
    data = docx_package(
        [
            paragraph(run("RESOLUTION 102"), style="ResNo"),
            paragraph(run("Title"), style="Restitle"),
            paragraph(run("The Plenipotentiary Conference"), style="Normalaftertitle"),
            paragraph(run("considering"), style="Call"),
            paragraph(run("a)\tthat"), style="Normal"),
        ]
    )
    paragraphs, _ = side_paragraphs(read_docx(data), "revised")
    assert [p.role for p in paragraphs] == ["resolution", "title", "body", "heading", ""]


def test_it_resolves_style_ids_through_their_names():
    # Word localises ids: a French Word may store "Call" as id "a1".
    data = docx_package(
        [paragraph(run("considering"), style="a1"), paragraph(run("text"), style="a2")],
        styles=styles_part({"a1": "Call", "a2": "Normal after title"}),
    )
    paragraphs, _ = side_paragraphs(read_docx(data), "revised")
    assert [p.role for p in paragraphs] == ["heading", "body"]


def test_it_inherits_a_role_through_based_on_and_survives_a_cycle():
    data = docx_package(
        [paragraph(run("noting"), style="MyCall"), paragraph(run("loop"), style="X")],
        styles=styles_part(
            {"Call": "Call", "MyCall": "My call", "X": "X", "Y": "Y"},
            based_on={"MyCall": "Call", "X": "Y", "Y": "X"},
        ),
    )
    paragraphs, _ = side_paragraphs(read_docx(data), "revised")
    assert [p.role for p in paragraphs] == ["heading", ""]


def test_it_skips_the_proposal_marks_of_itu_proposals_which_are_not_the_resolutions_text():
    data = docx_package(
        [
            paragraph(run("MOD\tACP/64A1/1"), style="Proposal"),
            paragraph(run("RESOLUTION 102"), style="ResNo"),
            paragraph(run("noting"), style="Call"),
            paragraph(run("SUP\tnoting b)"), style="ProposalMark"),
            paragraph(run("b)\tthat", mark="del"), mark="del"),
            paragraph(run("c)\tthat"), style="Normal"),
        ],
        styles=styles_part(
            {"Proposal": "Proposal", "ProposalMark": "My proposal", "Call": "Call"},
            based_on={"ProposalMark": "Proposal"},
        ),
    )
    assert texts(data, "revised") == ["RESOLUTION 102", "noting", "c)\tthat"]
    assert texts(data, "base") == ["RESOLUTION 102", "noting", "b)\tthat", "c)\tthat"]


# ---------------------------------------------------------------- numbering


LETTERS_AND_NUMBERS = numbering_part(
    {1: [("lowerLetter", "%1)", 1)], 2: [("decimal", "%1", 1), ("lowerRoman", "%1.%2", 1)]},
    {1: 1, 2: 2, 3: 1},
)


def labels(data: bytes, side: str = "revised") -> list[str]:
    paragraphs, _ = side_paragraphs(read_docx(data), side)
    return [p.label for p in paragraphs]


def test_it_renders_automatic_letters_and_numbers_as_printed():
    data = docx_package(
        [paragraph(run("x"), numbering=(1, 0)) for _ in range(3)]
        + [paragraph(run("y"), numbering=(2, 0)) for _ in range(2)],
        numbering=LETTERS_AND_NUMBERS,
    )
    assert labels(data) == ["a)", "b)", "c)", "1", "2"]


def test_a_list_restarted_with_a_start_override_starts_again():
    numbering = numbering_part(
        {1: [("lowerLetter", "%1)", 1)], 2: [("decimal", "%1", 1)]}, {1: 1, 2: 2, 3: 1}, restarted=[3]
    )
    data = docx_package(
        [paragraph(run("x"), numbering=(1, 0)), paragraph(run("x"), numbering=(1, 0))]
        + [paragraph(run("heading"))]
        + [paragraph(run("x"), numbering=(3, 0)), paragraph(run("x"), numbering=(3, 0))],
        numbering=numbering,
    )
    assert labels(data) == ["a)", "b)", "", "a)", "b)"]


def test_a_second_instance_of_the_same_list_continues_its_numbers_as_word_shows_them():
    # Word (and LibreOffice, which renders it the same) counts per abstract
    # list: a new w:num without a start override goes on from the last one.
    data = docx_package(
        [paragraph(run("x"), numbering=(1, 0)), paragraph(run("x"), numbering=(1, 0))]
        + [paragraph(run("heading"))]
        + [paragraph(run("x"), numbering=(3, 0))],
        numbering=LETTERS_AND_NUMBERS,
    )
    assert labels(data) == ["a)", "b)", "", "c)"]


def test_it_restarts_deeper_levels_and_fills_in_the_parent_number():
    data = docx_package(
        [
            paragraph(run("x"), numbering=(2, 0)),
            paragraph(run("x"), numbering=(2, 1)),
            paragraph(run("x"), numbering=(2, 1)),
            paragraph(run("x"), numbering=(2, 0)),
            paragraph(run("x"), numbering=(2, 1)),
        ],
        numbering=LETTERS_AND_NUMBERS,
    )
    assert labels(data) == ["1", "1.i", "1.ii", "2", "2.i"]


def test_it_honours_start_values_and_start_overrides():
    numbering = numbering_part({1: [("upperLetter", "(%1)", 3)]}, {1: 1, 2: 1}).replace(
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/>',
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride>',
    )
    data = docx_package(
        [paragraph(run("x"), numbering=(1, 0)), paragraph(run("x"), numbering=(2, 0))], numbering=numbering
    )
    assert labels(data) == ["(C)", "(J)"]


def test_it_takes_numbering_from_the_paragraph_style():
    styles = styles_part({"ListLetter": "List letter"}).replace(
        '<w:name w:val="List letter"/>',
        '<w:name w:val="List letter"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr>',
    )
    data = docx_package(
        [paragraph(run("x"), style="ListLetter") for _ in range(2)],
        styles=styles,
        numbering=LETTERS_AND_NUMBERS,
    )
    assert labels(data) == ["a)", "b)"]


def test_it_gives_no_label_for_removed_numbering_or_unknown_lists():
    numbering = numbering_part({1: [("lowerLetter", "%1)", 1)]}, {1: 1})
    data = docx_package(
        [
            paragraph(run("removed"), numbering=(0, 0)),
            paragraph(run("unknown list"), numbering=(9, 0)),
            paragraph(run("unknown level"), numbering=(1, 4)),
        ],
        numbering=numbering,
    )
    assert labels(data) == ["", "", ""]


@pytest.mark.parametrize(
    ("character", "label"),
    [
        ("\u2013", "\u2013"),
        ("-", "\u2013"),
        ("\uf02d", "\u2013"),
        ("\u2022", "\u2022"),
        ("\uf0b7", "\u2022"),
        ("o", "\u2022"),
    ],
)
def test_a_bullet_is_labelled_with_its_dash_or_bullet_as_the_text_layout_writes_it(character, label):
    numbering = numbering_part({1: [("bullet", character, 1)]}, {1: 1})
    data = docx_package([paragraph(run("bullet"), numbering=(1, 0))], numbering=numbering)
    assert labels(data) == [label]


def test_it_keeps_a_hostile_start_value_within_words_range():
    numbering = numbering_part({1: [("lowerLetter", "%1)", 10**12)]}, {1: 1})
    data = docx_package([paragraph(run("x"), numbering=(1, 0))], numbering=numbering)
    assert len(labels(data)[0]) < 2000


@pytest.mark.parametrize(
    ("n", "number_format", "shown"),
    [
        (1, "lowerLetter", "a"),
        (26, "lowerLetter", "z"),
        (27, "lowerLetter", "aa"),
        (54, "upperLetter", "BBB"),
        (4, "lowerRoman", "iv"),
        (1994, "upperRoman", "MCMXCIV"),
        (7, "decimal", "7"),
        (7, "decimalZero", "07"),
        (7, "ordinal", "7"),
    ],
)
def test_it_formats_numbers_as_word_displays_them(n, number_format, shown):
    assert format_number(n, number_format) == shown


# ---------------------------------------------------------------- footnotes


def test_it_numbers_footnotes_in_order_of_reference_and_skips_separators():
    data = docx_package(
        [paragraph(run("first[^a] second[^b]", footnote_ids={"a": "7", "b": "3"}))],
        footnotes=footnotes_part({"3": "three", "7": "seven"}),
    )
    paragraphs, notes = side_paragraphs(read_docx(data), "revised")
    assert paragraphs[0].text == "first[^1] second[^2]"
    assert notes == {"1": "seven", "2": "three"}


def test_it_refuses_a_reference_to_a_footnote_that_does_not_exist():
    data = docx_package(
        [paragraph(run("text[^1]", footnote_ids={"1": "5"}))], footnotes=footnotes_part({"2": "other"})
    )
    with pytest.raises(ParseError, match="footnote id '5'"):
        read_docx(data)


def test_it_refuses_a_reference_to_a_separator_footnote():
    data = docx_package([paragraph(run("text[^1]", footnote_ids={"1": "0"}))], footnotes=footnotes_part({}))
    with pytest.raises(ParseError, match="footnote id '0'"):
        read_docx(data)


# ---------------------------------------------------------------- tracked changes


def both_sides(data: bytes, **options) -> tuple[list[str], list[str]]:
    return texts(data, "base", **options), texts(data, "revised", **options)


def test_it_rejects_insertions_in_the_base_and_accepts_them_in_the_revised_side():
    data = docx_package(
        [paragraph(run("the "), run("fourth", mark="del"), run("fifth", mark="ins"), run(" Forum"))]
    )
    assert both_sides(data) == (["the fourth Forum"], ["the fifth Forum"])


def test_it_treats_moves_like_deletions_and_insertions():
    data = docx_package([paragraph(run("a ", mark="moveFrom"), run("b "), run("a", mark="moveTo"))])
    assert both_sides(data) == (["a b"], ["b a"])


def test_a_deleted_paragraph_mark_joins_the_paragraph_to_the_next_in_the_revised_side():
    data = docx_package(
        [
            paragraph(run("b)\tthat the Dedicated Group", mark="del"), mark="del"),
            paragraph(run("c", mark="del"), run("b", mark="ins"), run(")\tResolution 1305")),
        ]
    )
    assert both_sides(data) == (
        ["b)\tthat the Dedicated Group", "c)\tResolution 1305"],
        ["b)\tResolution 1305"],
    )


def test_an_inserted_paragraph_mark_joins_the_paragraph_to_the_next_in_the_base_side():
    data = docx_package(
        [
            paragraph(run("one "), run("and two", mark="ins"), mark="ins"),
            paragraph(run("three")),
        ]
    )
    assert both_sides(data) == (["one three"], ["one and two", "three"])


def test_the_merged_paragraph_keeps_the_properties_of_the_surviving_mark():
    data = docx_package(
        [paragraph(run("gone", mark="del"), style="Call", mark="del"), paragraph(run("kept"), style="ResNo")],
        styles=styles_part(),
    )
    paragraphs, _ = side_paragraphs(read_docx(data), "revised")
    assert [(p.text, p.role, p.where) for p in paragraphs] == [("kept", "resolution", "paragraph 1")]


def test_text_inserted_and_then_deleted_shows_on_neither_side():
    data = docx_package(
        [paragraph(run("kept "), f'<w:ins w:id="1" w:author="A">{run("brief", mark="del")}</w:ins>')]
    )
    assert both_sides(data) == (["kept"], ["kept"])


def test_formatting_changes_do_not_change_the_text():
    data = docx_package(
        [
            "<w:p><w:pPr><w:pPrChange w:id='1' w:author='A'><w:pPr/></w:pPrChange></w:pPr>"
            "<w:r><w:rPr><w:b/><w:rPrChange w:id='2' w:author='A'><w:rPr/></w:rPrChange></w:rPr>"
            "<w:t>bold now</w:t></w:r></w:p>"
        ]
    )
    assert both_sides(data) == (["bold now"], ["bold now"])
    assert not read_docx(data).has_marks()


def test_automatic_numbers_follow_each_side():
    data = docx_package(
        [
            paragraph(run("old first", mark="del"), numbering=(1, 0), mark="del"),
            paragraph(run("second"), numbering=(1, 0)),
        ],
        numbering=LETTERS_AND_NUMBERS,
    )
    assert labels(data, "base") == ["a)", "b)"]
    assert labels(data, "revised") == ["a)"]


def test_footnotes_are_numbered_by_the_references_each_side_shows():
    data = docx_package(
        [
            paragraph(
                run("old[^x]", mark="del", footnote_ids={"x": "2"}), run(" new[^y]", footnote_ids={"y": "3"})
            )
        ],
        footnotes=footnotes_part({"2": "old note", "3": "new note"}),
    )
    base, base_notes = side_paragraphs(read_docx(data), "base")
    revised, revised_notes = side_paragraphs(read_docx(data), "revised")
    assert (base[0].text, base_notes) == ("old[^1] new[^2]", {"1": "old note", "2": "new note"})
    assert (revised[0].text, revised_notes) == (" new[^1]", {"1": "new note"})


def test_underline_and_strike_are_plain_formatting_unless_asked_for():
    data = docx_package(
        [
            paragraph(
                run("the "),
                run("fourth", properties="<w:strike/>"),
                run("fifth", properties='<w:u w:val="single"/>'),
                run(" Forum", properties='<w:u w:val="none"/><w:strike w:val="0"/>'),
            )
        ]
    )
    assert both_sides(data) == (["the fourthfifth Forum"], ["the fourthfifth Forum"])
    assert both_sides(data, marks="formatting") == (["the fourth Forum"], ["the fifth Forum"])


def test_formatting_marks_make_a_wholly_underlined_paragraph_an_inserted_one():
    data = docx_package(
        [
            paragraph(run("kept")),
            paragraph(run("4\tnew item", properties="<w:u/>")),
            paragraph(run("3\told item", properties="<w:dstrike/>")),
            paragraph(run("end")),
        ]
    )
    assert both_sides(data, marks="formatting") == (
        ["kept", "3\told item", "end"],
        ["kept", "4\tnew item", "end"],
    )


def test_a_document_without_marks_says_so():
    assert not read_docx(docx_package([paragraph(run("plain"))])).has_marks()
    assert read_docx(docx_package([paragraph(run("x", mark="ins"))])).has_marks()


def test_marks_inside_footnotes_count_as_marks():
    notes = part("footnotes", f'<w:footnote w:id="2"><w:p>{run("note", mark="ins")}</w:p></w:footnote>')
    data = docx_package([paragraph(run("t[^1]", footnote_ids={"1": "2"}))], footnotes=notes)
    assert read_docx(data).has_marks()


# ---------------------------------------------------------------- nested numbering


def level(ilvl: int, fmt: str, text: str, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def numbering_with(
    *levels: str, instances: str = '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
) -> str:
    return part(
        "numbering", f'<w:abstractNum w:abstractNumId="1">{"".join(levels)}</w:abstractNum>{instances}'
    )


ITU_ITEMS = numbering_with(
    level(0, "decimal", "%1"),
    level(1, "lowerLetter", "%2)"),
    level(2, "lowerRoman", "%3)"),
    level(3, "bullet", "\u2013"),
)


def test_it_renders_three_levels_of_items_restarting_each_under_its_parent():
    levels = [0, 1, 2, 2, 1, 3, 3, 0, 1, 2, 3]
    data = docx_package([paragraph(run("x"), numbering=(1, n)) for n in levels], numbering=ITU_ITEMS)
    assert labels(data) == ["1", "a)", "i)", "ii)", "b)", "\u2013", "\u2013", "2", "a)", "i)", "\u2013"]


def test_unnumbered_paragraphs_between_items_do_not_disturb_the_counters():
    data = docx_package(
        [
            paragraph(run("x"), numbering=(1, 0)),
            paragraph(run("continued")),
            paragraph(run("x"), numbering=(1, 1)),
            paragraph(run("a bis)\ttyped")),
            paragraph(run("x"), numbering=(1, 1)),
            paragraph(run("x"), numbering=(1, 0)),
        ],
        numbering=ITU_ITEMS,
    )
    assert labels(data) == ["1", "", "a)", "", "b)", "2"]
    assert texts(data)[3] == "a bis)\ttyped"


def test_dotted_numbers_of_an_annex_fill_in_every_parent():
    numbering = numbering_with(
        level(0, "decimal", "%1"), level(1, "decimal", "%1.%2"), level(2, "decimal", "%1.%2.%3")
    )
    data = docx_package(
        [paragraph(run("x"), numbering=(1, n)) for n in (0, 1, 0, 1, 1, 2, 2, 1, 0)], numbering=numbering
    )
    assert labels(data) == ["1", "1.1", "2", "2.1", "2.2", "2.2.1", "2.2.2", "2.3", "3"]


def test_a_level_that_never_restarts_counts_on_across_its_parents():
    numbering = numbering_with(
        level(0, "decimal", "%1"), level(1, "lowerLetter", "%2)", '<w:lvlRestart w:val="0"/>')
    )
    data = docx_package([paragraph(run("x"), numbering=(1, n)) for n in (0, 1, 1, 0, 1)], numbering=numbering)
    assert labels(data) == ["1", "a)", "b)", "2", "c)"]


def test_a_level_restarts_only_after_the_level_lvlrestart_names():
    # Level 3 restarts after level 1 (1-based) only, not after level 2.
    numbering = numbering_with(
        level(0, "decimal", "%1"),
        level(1, "lowerLetter", "%2)"),
        level(2, "lowerRoman", "%3)", '<w:lvlRestart w:val="1"/>'),
    )
    data = docx_package(
        [paragraph(run("x"), numbering=(1, n)) for n in (0, 1, 2, 1, 2, 0, 1, 2)], numbering=numbering
    )
    assert labels(data) == ["1", "a)", "i)", "b)", "ii)", "2", "a)", "i)"]


def test_legal_numbering_shows_every_number_in_decimal():
    numbering = numbering_with(level(0, "upperRoman", "%1"), level(1, "decimal", "%1.%2", "<w:isLgl/>"))
    data = docx_package([paragraph(run("x"), numbering=(1, n)) for n in (0, 0, 1)], numbering=numbering)
    assert labels(data) == ["I", "II", "2.1"]


def test_a_heading_style_tied_to_a_list_level_numbers_its_paragraphs_at_that_level():
    # How Word numbers "1 Introduction", "2.1 ...": Heading 1 and 2 carry the
    # list, and each list level names its style.
    styles = part(
        "styles",
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/>'
        '<w:basedOn w:val="Heading1"/></w:style>',
    )
    numbering = numbering_with(
        level(0, "decimal", "%1", '<w:pStyle w:val="Heading1"/>'),
        level(1, "decimal", "%1.%2", '<w:pStyle w:val="Heading2"/>'),
    )
    data = docx_package(
        [paragraph(run("x"), style=s) for s in ("Heading1", "Heading2", "Heading2", "Heading1", "Heading2")],
        styles=styles,
        numbering=numbering,
    )
    assert labels(data) == ["1", "1.1", "1.2", "2", "2.1"]


def test_a_list_defined_by_a_list_style_takes_that_lists_levels():
    styles = part(
        "styles",
        '<w:style w:type="numbering" w:styleId="ITUList"><w:name w:val="ITU list"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>',
    )
    numbering = part(
        "numbering",
        f'<w:abstractNum w:abstractNumId="1"><w:styleLink w:val="ITUList"/>{level(0, "lowerLetter", "%1)")}'
        '</w:abstractNum><w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="ITUList"/></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>',
    )
    data = docx_package(
        [paragraph(run("x"), numbering=(2, 0)) for _ in range(2)], styles=styles, numbering=numbering
    )
    assert labels(data) == ["a)", "b)"]


def test_a_start_override_restarts_the_shared_counter_at_the_instances_first_paragraph():
    # As LibreOffice renders Word's files: the restarted instance counts
    # on from its own start, the first instance on from where the shared
    # counter stands.
    numbering = numbering_part({1: [("lowerLetter", "%1)", 1)]}, {1: 1, 2: 1}, restarted=[2])
    data = docx_package([paragraph(run("x"), numbering=(n, 0)) for n in (1, 1, 2, 2, 1)], numbering=numbering)
    assert labels(data) == ["a)", "b)", "a)", "b)", "c)"]


def test_a_paragraph_numbered_deeper_than_the_limit_is_refused_naming_it():
    numbering = numbering_with(*(level(n, "decimal", f"%{n + 1}") for n in range(9)))
    data = docx_package(
        [paragraph(run("x"), numbering=(1, 0)), paragraph(run("deep"), numbering=(1, 8))], numbering=numbering
    )
    with pytest.raises(ParseError, match="numbered at level 9, deeper than the 6 levels allowed") as error:
        read_docx(data, source="deep.docx")
    assert error.value.where == "paragraph 2"


def test_deleting_a_nested_item_renumbers_its_siblings_on_the_revised_side_only():
    data = docx_package(
        [
            paragraph(run("x"), numbering=(1, 0)),
            paragraph(run("a"), numbering=(1, 1)),
            paragraph(run("gone", mark="del"), numbering=(1, 2), mark="del"),
            paragraph(run("kept"), numbering=(1, 2)),
            paragraph(run("new", mark="ins"), numbering=(1, 1), mark="ins"),
            paragraph(run("y"), numbering=(1, 0)),
        ],
        numbering=ITU_ITEMS,
    )
    assert labels(data, "base") == ["1", "a)", "i)", "ii)", "2"]
    assert labels(data, "revised") == ["1", "a)", "i)", "b)", "2"]


# ---------------------------------------------------------------- tables


def cell(*paragraphs: str, properties: str = "") -> str:
    return f"<w:tc>{f'<w:tcPr>{properties}</w:tcPr>' if properties else ''}{''.join(paragraphs) or '<w:p/>'}</w:tc>"


def row(*cells: str, properties: str = "") -> str:
    return f"<w:tr>{f'<w:trPr>{properties}</w:trPr>' if properties else ''}{''.join(cells)}</w:tr>"


def table(*rows: str) -> str:
    return f"<w:tbl><w:tblPr/>{''.join(rows)}</w:tbl>"


def read_rows(data: bytes, side: str = "revised") -> list[tuple]:
    paragraphs, _ = side_paragraphs(read_docx(data), side)
    return [p.rows or p.text for p in paragraphs]


def test_a_table_is_one_paragraph_of_rows_of_cell_texts():
    data = docx_package(
        [
            paragraph(run("3.1\tThe staff is set out below:")),
            table(
                row(cell(paragraph(run("Post"))), cell(paragraph(run("Grade")))),
                row(cell(paragraph(run("Head")), paragraph(run("of office"))), cell(paragraph(run("P.5")))),
            ),
            paragraph(run("after")),
        ]
    )
    paragraphs, _ = side_paragraphs(read_docx(data), "revised")
    assert [(p.text, p.rows, p.where) for p in paragraphs] == [
        ("3.1\tThe staff is set out below:", (), "paragraph 1"),
        ("", (("Post", "Grade"), ("Head of office", "P.5")), "paragraph 2"),
        ("after", (), "paragraph 7"),
    ]


def test_a_single_cell_table_is_a_frame_read_as_its_paragraphs():
    data = docx_package(
        [table(row(cell(paragraph(run("RESOLUTION 1 (Rev. X, 2000)")), paragraph(run("Title")))))]
    )
    assert read_rows(data) == ["RESOLUTION 1 (Rev. X, 2000)", "Title"]


def test_merged_cells_show_their_text_once_and_nested_tables_join_their_cells():
    inner = table(row(cell(paragraph(run("inner a"))), cell(paragraph(run("inner b")))))
    data = docx_package(
        [
            table(
                row(
                    cell(paragraph(run("merged")), properties='<w:vMerge w:val="restart"/>'),
                    cell(paragraph(run("x"))),
                ),
                row(cell(paragraph(run("")), properties="<w:vMerge/>"), cell(inner)),
            )
        ]
    )
    assert read_rows(data) == [(("merged", "x"), ("", "inner a inner b"))]


def test_tracked_changes_in_a_table_give_each_side_its_rows_and_cells():
    data = docx_package(
        [
            table(
                row(cell(paragraph(run("Post"))), cell(paragraph(run("Number")))),
                row(
                    cell(paragraph(run("Officer"))),
                    cell(paragraph(run("2", mark="del"), run("3", mark="ins"))),
                ),
                row(
                    cell(paragraph(run("Assistant", mark="ins"))),
                    cell(paragraph(run("1", mark="ins"))),
                    properties=f'<w:ins w:id="90" {REVISION}/>',
                ),
                row(
                    cell(paragraph(run("Clerk", mark="del"))),
                    cell(paragraph(run("4", mark="del"))),
                    properties=f'<w:del w:id="91" {REVISION}/>',
                ),
            )
        ]
    )
    assert read_rows(data, "base") == [(("Post", "Number"), ("Officer", "2"), ("Clerk", "4"))]
    assert read_rows(data, "revised") == [(("Post", "Number"), ("Officer", "3"), ("Assistant", "1"))]


def test_numbered_paragraphs_and_footnotes_in_cells_count_in_document_order():
    data = docx_package(
        [
            paragraph(run("first[^a]", footnote_ids={"a": "2"}), numbering=(1, 0)),
            table(
                row(cell(paragraph(run("in cell[^b]", footnote_ids={"b": "3"}), numbering=(1, 0))), cell()),
            ),
            paragraph(run("after"), numbering=(1, 0)),
        ],
        numbering=LETTERS_AND_NUMBERS,
        footnotes=footnotes_part({"2": "note a", "3": "note b"}),
    )
    paragraphs, notes = side_paragraphs(read_docx(data), "revised")
    assert [(p.label, p.text, p.rows) for p in paragraphs] == [
        ("a)", "first[^1]", ()),
        ("", "", (("b) in cell[^2]", ""),)),
        ("c)", "after", ()),
    ]
    assert notes == {"1": "note a", "2": "note b"}


def test_a_table_with_more_cells_than_allowed_is_refused_naming_where_it_starts():
    wide = row(*(cell(paragraph(run("x"))) for _ in range(30)))
    data = docx_package([paragraph(run("before")), table(*([wide] * 70))])
    with pytest.raises(ParseError, match="the table has more than the 2,000 cells allowed") as error:
        read_docx(data, source="wide.docx")
    assert error.value.where == "paragraph 2"


def test_a_table_cell_longer_than_a_clause_may_be_is_refused():
    data = docx_package([table(row(cell(paragraph(run("word " * 2_500))), cell(paragraph(run("x")))))])
    with pytest.raises(ParseError, match="a cell of the table has 12,500 characters"):
        read_docx(data)


def test_a_level_text_repeating_its_number_into_a_huge_label_is_refused():
    numbering = numbering_part({1: [("lowerLetter", "%1" * 5_000, 1)]}, {1: 1})
    data = docx_package([paragraph(run("x")), paragraph(run("x"), numbering=(1, 0))], numbering=numbering)
    with pytest.raises(ParseError, match="automatic number of this paragraph is 5,000 characters") as error:
        side_paragraphs(read_docx(data, source="long.docx"), "revised")
    assert (error.value.where, error.value.source) == ("paragraph 2", "long.docx")


def test_a_tracked_change_of_an_items_level_numbers_it_at_its_old_level_on_the_base_side():
    demoted = (
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr>'
        f'<w:pPrChange w:id="80" {REVISION}><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>'
        "</w:pPr></w:pPrChange></w:pPr>" + run("demoted") + "</w:p>"
    )
    numbered = "<w:p><w:pPr>" + (
        '<w:pPrChange w:id="81" w:author="ITU"><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/>'
        "</w:numPr></w:pPr></w:pPrChange></w:pPr>" + run("unnumbered now") + "</w:p>"
    )
    data = docx_package(
        [
            paragraph(run("x"), numbering=(1, 0)),
            paragraph(run("a"), numbering=(1, 1)),
            demoted,
            numbered,
            paragraph(run("c"), numbering=(1, 1)),
        ],
        numbering=ITU_ITEMS,
    )
    assert labels(data, "base") == ["1", "a)", "b)", "c)", "d)"]
    assert labels(data, "revised") == ["1", "a)", "i)", "", "b)"]
    assert read_docx(data).has_marks()


def test_a_change_inside_a_table_alone_makes_the_document_a_marked_one():
    changed_cell = table(
        row(cell(paragraph(run("2", mark="del"), run("3", mark="ins")))), row(cell(), cell())
    )
    inserted_row = table(
        row(cell(), cell()), row(cell(), cell(), properties=f'<w:ins w:id="92" {REVISION}/>')
    )
    assert read_docx(docx_package([changed_cell])).has_marks()
    assert read_docx(docx_package([inserted_row])).has_marks()
    assert not read_docx(docx_package([table(row(cell(), cell()), row(cell(), cell()))])).has_marks()


def test_a_picture_bullet_is_labelled_as_a_bullet():
    numbering = numbering_with(
        level(0, "bullet", "", '<w:lvlPicBulletId w:val="0"/>'), level(1, "bullet", "")
    )
    data = docx_package([paragraph(run("x"), numbering=(1, n)) for n in (0, 1)], numbering=numbering)
    assert labels(data) == ["\u2022", ""]
