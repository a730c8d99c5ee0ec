"""Reading HTML editions: block structure, roles from classes and italics,
<ins>/<del> revision marks and Word's exported footnotes."""

from __future__ import annotations

import pytest

from resolutions.document import ParseError
from resolutions.parsing.html import read_html
from resolutions.parsing.revisions import side_paragraphs


def page(body: str, head: str = '<meta charset="utf-8">') -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def read(body: str, side: str = "revised", **options) -> list[tuple[str, str]]:
    """(text, role) of each paragraph the side shows."""
    paragraphs, _ = side_paragraphs(read_html(page(body), **options), side)
    return [(p.text.strip(), p.role) for p in paragraphs]


def texts(body: str, side: str = "revised", **options) -> list[str]:
    return [text for text, _ in read(body, side, **options)]


def test_it_makes_a_paragraph_of_each_block_element():
    body = (
        "<h1>RESOLUTION 1</h1><p>one</p><ul><li>two</li><li>three</li></ul><div>four</div>"
        "<table><tr><td>five</td></tr></table>"
    )
    assert texts(body) == ["RESOLUTION 1", "one", "two", "three", "four", "five"]


def test_text_beside_nested_blocks_forms_paragraphs_of_its_own():
    assert texts("<div>before<p>inside</p>after <b>bold</b></div>") == ["before", "inside", "after bold"]


def test_it_collapses_white_space_and_reads_breaks_as_spaces():
    assert texts("<p>  Member\n   States<br>and  Sector\tMembers </p>") == [
        "Member States and Sector Members"
    ]


def test_it_reads_words_exported_tabs_as_tabs():
    body = "<p>a)<span style='mso-tab-count:1'>&nbsp;&nbsp;&nbsp; </span>that</p>"
    assert texts(body) == ["a)\tthat"]


def test_it_ignores_scripts_style_sheets_comments_and_the_head():
    body = (
        "<script>var x = 'RESOLUTION 9';</script><style>p {color: red}</style>"
        "<!-- RESOLUTION 8 --><p>kept<script>no</script> text</p><noscript>no script</noscript>"
    )
    assert texts(body) == ["kept text"]
    paragraphs, _ = side_paragraphs(read_html(page("<p>x</p>", head="<title>a title</title>")), "revised")
    assert [p.text for p in paragraphs] == ["x"]


def test_it_reads_roles_from_words_class_names():
    body = (
        "<p class=ResNo>RESOLUTION 102</p><p class=Restitle>Title</p>"
        "<p class='MsoNormal Normalaftertitle'>The Conference</p><p class=Call>recognizing</p>"
        "<p class=MsoNormal>a) text</p>"
    )
    assert [role for _, role in read(body)] == ["resolution", "title", "body", "heading", ""]


def test_a_paragraph_wholly_in_italics_is_a_heading():
    body = "<p><i>considering</i></p><p> <em>further <b>resolves</b></em> </p><p>partly <i>italic</i></p>"
    assert [role for _, role in read(body)] == ["heading", "heading", ""]


def test_a_class_name_outranks_italics():
    assert read("<p class=Normalaftertitle><i>The Conference</i></p>") == [("The Conference", "body")]


def test_it_reads_ins_and_del_as_revision_marks():
    body = "<p>the <del>fourth</del><ins>fifth</ins> Forum</p>"
    assert texts(body, "base") == ["the fourth Forum"]
    assert texts(body, "revised") == ["the fifth Forum"]
    assert read_html(page(body)).has_marks()


def test_whole_paragraphs_inside_ins_or_del_belong_to_one_side():
    body = "<p>kept</p><ins><p>4 added item</p></ins><del><p>3 removed item</p></del>"
    assert texts(body, "base") == ["kept", "3 removed item"]
    assert texts(body, "revised") == ["kept", "4 added item"]


def test_text_inserted_and_then_deleted_shows_on_neither_side():
    body = "<p>kept<ins><del> brief</del></ins></p>"
    assert texts(body, "base") == texts(body, "revised") == ["kept"]


def test_underline_and_strike_mark_changes_only_when_asked_for():
    body = "<p>the <s>fourth</s><u>fifth</u> <strike>old</strike>Forum</p>"
    assert texts(body) == ["the fourthfifth oldForum"]
    assert texts(body, "base", marks="formatting") == ["the fourth oldForum"]
    assert texts(body, "revised", marks="formatting") == ["the fifth Forum"]


WORD_FOOTNOTES = (
    '<p>organizations<a style="mso-footnote-id:ftn2" href="#_ftn2" name="_ftnref2">'
    "<span class=MsoFootnoteReference>[2]</span></a> involved"
    '<a href="#_ftn1" name="_ftnref1"><span class=MsoFootnoteReference>[1]</span></a></p>'
    "<div style='mso-element:footnote-list'><br clear=all><hr align=left size=1 width=\"33%\">"
    "<div style='mso-element:footnote' id=ftn1><p class=MsoFootnoteText>"
    '<a href="#_ftnref1" name="_ftn1"><span class=MsoFootnoteReference>[1]</span></a> first note</p></div>'
    "<div style='mso-element:footnote' id=ftn2><p class=MsoFootnoteText>"
    '<a href="#_ftnref2" name="_ftn2"><span class=MsoFootnoteReference>[2]</span></a> second '
    "<i>note</i></p></div></div>"
)


def test_it_reads_words_exported_footnotes_numbered_in_order_of_reference():
    paragraphs, notes = side_paragraphs(read_html(page(WORD_FOOTNOTES)), "revised")
    assert [p.text for p in paragraphs] == ["organizations[^1] involved[^2]"]
    assert notes == {"1": "second note", "2": "first note"}


def test_it_refuses_a_footnote_reference_without_a_footnote():
    with pytest.raises(ParseError, match=r"footnote reference \[3\]") as error:
        read_html(page('<p>text<a href="#_ftn3">[3]</a></p>'), source="page.htm")
    assert error.value.where.startswith("line ")
    assert error.value.source == "page.htm"


def test_ordinary_links_are_text():
    assert texts('<p>see <a href="https://www.itu.int/#ftn">the site</a></p>') == ["see the site"]


def test_it_reads_utf8_without_a_declared_charset():
    data = "<html><body><p>Busan,\u00a02014 – Genève</p></body></html>".encode()
    paragraphs, _ = side_paragraphs(read_html(data), "revised")
    assert paragraphs[0].text == "Busan,\u00a02014 – Genève"


def test_it_honours_a_declared_charset():
    data = (
        '<html><head><meta http-equiv=Content-Type content="text/html; charset=windows-1252"></head>'
        "<body><p>Gen\xe8ve \x96 2014</p></body></html>"
    ).encode("latin-1")
    paragraphs, _ = side_paragraphs(read_html(data), "revised")
    assert paragraphs[0].text == "Genève – 2014"


def test_it_says_where_each_paragraph_is_by_line():
    data = b"<html><body>\n<p>one</p>\n\n<p>two</p></body></html>"
    paragraphs, _ = side_paragraphs(read_html(data), "revised")
    assert [p.where for p in paragraphs] == ["line 2", "line 4"]


# ---------------------------------------------------------------- lists


def labelled(body: str, side: str = "revised", **options) -> list[tuple[str, str]]:
    """(label, text) of each paragraph the side shows."""
    paragraphs, _ = side_paragraphs(read_html(page(body), **options), side)
    return [(p.label, p.text.strip()) for p in paragraphs]


def test_nested_lists_are_labelled_as_itu_prints_them():
    body = (
        "<ol><li>resolves<ol type=a><li>by a:<ol type=i><li>one</li><li>two</li></ol></li>"
        "<li>by b<ul><li>bullet</li></ul></li></ol></li><li>second</li></ol>"
    )
    assert labelled(body) == [
        ("1", "resolves"),
        ("a)", "by a:"),
        ("i)", "one"),
        ("ii)", "two"),
        ("b)", "by b"),
        ("\u2022", "bullet"),
        ("2", "second"),
    ]


def test_a_numbered_list_inside_a_numbered_item_shows_dotted_numbers():
    body = "<ol><li>Introduction<ol><li>one</li></ol></li><li>Tasks<ol><li>a<ol><li>deep</li></ol></li><li>b</li></ol></li></ol>"
    assert [label for label, _ in labelled(body)] == ["1", "1.1", "2", "2.1", "2.1.1", "2.2"]


def test_start_value_and_list_style_types_are_honoured():
    body = (
        "<ol start=3><li>three</li><li value=7>seven</li><li>eight</li></ol>"
        "<ol style='list-style-type: lower-alpha'><li>a</li></ol>"
        "<ol type=A><li>A</li></ol><ol type=I><li>I</li></ol>"
        "<ul style=\"list-style-type: '\u2013'\"><li>dash</li></ul>"
        "<ul style='list-style: none'><li>nothing</li></ul>"
    )
    assert [label for label, _ in labelled(body)] == ["3", "7", "8", "a)", "A)", "I)", "\u2013", ""]


def test_an_item_without_a_marker_counts_but_shows_no_label():
    body = "<ol><li>one</li><li style='list-style-type:none'>1 bis typed</li><li value=2>two</li></ol>"
    assert labelled(body) == [("1", "one"), ("", "1 bis typed"), ("2", "two")]


def test_only_an_items_first_paragraph_takes_its_label():
    body = "<ol><li><p>that the plans shall be published.</p><p>These plans shall be available,</p></li><li>next</li></ol>"
    assert labelled(body) == [
        ("1", "that the plans shall be published."),
        ("", "These plans shall be available,"),
        ("2", "next"),
    ]


def test_a_label_typed_in_the_item_as_well_is_not_given_twice():
    assert labelled("<ol type=a><li>a) typed</li><li>b)\tB</li><li>c</li></ol>") == [
        ("", "a) typed"),
        ("", "b) B"),
        ("c)", "c"),
    ]


def test_items_are_counted_on_each_side_of_a_marked_page():
    body = "<ol type=a><li>kept</li><del><li>gone</li></del><ins><li>new one</li></ins><li>last</li></ol>"
    assert labelled(body, "base") == [("a)", "kept"), ("b)", "gone"), ("c)", "last")]
    assert labelled(body, "revised") == [("a)", "kept"), ("b)", "new one"), ("c)", "last")]


def test_lists_nested_deeper_than_the_limit_are_refused_naming_the_line():
    body = "<ol><li>x" * 6 + "\n<ol><li>too deep</li></ol>" + "</li></ol>" * 6
    with pytest.raises(ParseError, match="the lists nest deeper than the 6 levels allowed") as error:
        read_html(page(body), source="deep.htm")
    assert error.value.where == "line 2"


# ---------------------------------------------------------------- tables


def rows(body: str, side: str = "revised", **options) -> list:
    paragraphs, _ = side_paragraphs(read_html(page(body), **options), side)
    return [p.rows or p.text.strip() for p in paragraphs]


def test_a_table_is_one_paragraph_of_rows_of_cell_texts():
    body = (
        "<p>before</p><table><thead><tr><th>Post</th><th>Grade</th></tr></thead>"
        "<tbody><tr><td><p>Head</p><p>of office</p></td><td>P.5</td></tr></tbody></table><p>after</p>"
    )
    assert rows(body) == ["before", (("Post", "Grade"), ("Head of office", "P.5")), "after"]


def test_a_table_of_one_cell_is_a_frame_read_as_its_paragraphs():
    assert rows("<table><tr><td><p>RESOLUTION 1</p><p>Title</p></td></tr></table>") == [
        "RESOLUTION 1",
        "Title",
    ]


def test_a_table_inside_a_cell_joins_its_cells_into_that_cell():
    body = "<table><tr><td>outer</td><td><table><tr><td>a</td><td>b</td></tr></table></td></tr></table>"
    assert rows(body) == [(("outer", "a b"),)]


def test_marked_cells_and_rows_give_each_side_its_rows():
    body = (
        "<table><tr><th>Post</th><th>Number</th></tr>"
        "<tr><td>Officer</td><td><del>2</del><ins>3</ins></td></tr>"
        "<tr><td><ins>Assistant</ins></td><td><ins>1</ins></td></tr>"
        "<tr><td><del>Clerk</del></td><td><del>4</del></td></tr></table>"
    )
    assert rows(body, "base") == [(("Post", "Number"), ("Officer", "2"), ("Clerk", "4"))]
    assert rows(body, "revised") == [(("Post", "Number"), ("Officer", "3"), ("Assistant", "1"))]


def test_a_table_with_more_cells_than_allowed_is_refused_naming_its_line():
    body = "\n<table>" + ("<tr>" + "<td>x</td>" * 50 + "</tr>") * 41 + "</table>"
    with pytest.raises(ParseError, match="the table has more than the 2,000 cells allowed") as error:
        read_html(page(body), source="wide.htm")
    assert error.value.where == "line 2"


def test_an_item_whose_text_is_wholly_inserted_or_deleted_is_not_counted_on_the_other_side():
    body = "<ol type=i><li>kept</li><li><del>gone</del></li><li><ins>new</ins></li><li>last</li></ol>"
    assert labelled(body, "base") == [("i)", "kept"), ("ii)", "gone"), ("iii)", "last")]
    assert labelled(body, "revised") == [("i)", "kept"), ("ii)", "new"), ("iii)", "last")]


def test_a_change_inside_a_table_alone_makes_the_page_a_marked_one():
    assert read_html(
        page("<table><tr><td>a</td><td><ins>b</ins></td></tr><tr><td>c</td></tr></table>")
    ).has_marks()
    assert not read_html(page("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>")).has_marks()


def test_words_exported_list_paragraphs_keep_their_typed_labels():
    # Word's "save as web page" writes a numbered paragraph as a <p> whose
    # label is typed in a span that only Word's own lists hide.
    body = (
        "<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'><![if !supportLists]>"
        "<span style='mso-list:Ignore'>a)<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp;&nbsp; "
        "</span></span><![endif]>that the resources are limited;</p>"
    )
    paragraphs, _ = side_paragraphs(read_html(page(body)), "revised")
    assert [(p.label, " ".join(p.text.replace("\u00a0", " ").split())) for p in paragraphs] == [
        ("", "a) that the resources are limited;")
    ]
