"""The redline filters: the engine's operations as HTML."""

from __future__ import annotations

import html
import re

import pytest
from django.template import Context, Template

from resolutions.document import Kind, ParsedClause
from resolutions.output.html import ops_html as render_ops
from resolutions.output.text import wdiff as to_wdiff
from resolutions.redline import compare_clause, diff_texts

DELETED = '<del class="change change-del"><span class="visually-hidden">deleted: </span>{}</del>'
INSERTED = '<ins class="change change-ins"><span class="visually-hidden">inserted: </span>{}</ins>'


def render(template: str, **context) -> str:
    return Template("{% load comparison_html %}" + template).render(Context(context))


def change(old: str, new: str, old_label: str = "", new_label: str = ""):
    return compare_clause(
        ParsedClause(Kind.ITEM, old, label=old_label), ParsedClause(Kind.ITEM, new, label=new_label)
    )


def test_inline_shows_the_deletion_then_the_insertion_with_hidden_words_for_screen_readers():
    result = render('{{ c|redline:"inline" }}', c=change("the fourth World", "the fifth World"))
    assert result == "the " + DELETED.format("fourth") + INSERTED.format("fifth") + " World"


def test_inline_is_the_default_side():
    c = change("the fourth World", "the fifth World")
    assert render("{{ c|redline }}", c=c) == render('{{ c|redline:"inline" }}', c=c)


def test_the_old_side_shows_only_deletions_and_the_new_side_only_insertions():
    c = change("the  fourth World", "the fifth World")
    assert render('{{ c|redline:"old" }}', c=c) == "the  " + DELETED.format("fourth") + " World"
    assert render('{{ c|redline:"new" }}', c=c) == "the " + INSERTED.format("fifth") + " World"


def test_a_script_element_in_a_clause_renders_as_text():
    result = render('{{ c|redline:"inline" }}', c=change("a <script>alert(1)</script> b", "a b"))
    assert "<script>" not in result
    assert "&lt;script&gt;" in result


@pytest.mark.parametrize("side", ["inline", "old", "new"])
def test_less_than_and_ampersand_are_escaped_in_either_text(side):
    result = render("{{ c|redline:side }}", c=change("R&D < 5 & more", "R&D < 6 & more"), side=side)
    assert "&amp;" in result and "&lt;" in result
    assert not re.search(r"&(?!amp;|lt;|gt;|quot;|#x27;)", result)
    assert not re.search(r"<(?!/?(del|ins|span|sup|a)\b)", result)


def test_a_footnote_reference_becomes_a_superscript_link_to_the_footnote():
    result = render('{{ c|redline:"new" }}', c=change("organizations involved", "organizations[^1] involved"))
    link = '<sup class="footnote-ref"><a href="#footnote-1">1</a></sup>'
    assert result == "organizations" + INSERTED.format(link) + " involved"


def test_an_unchanged_footnote_reference_is_a_link_too():
    result = render("{{ c|redline }}", c=change("x[^2] y", "x[^2] z"))
    assert result.startswith('x<sup class="footnote-ref"><a href="#footnote-2">2</a></sup> ')


def test_the_label_filter_marks_a_relettered_label():
    result = render('{{ c|redline_label:"inline" }}', c=change("X", "X", "c)", "b)"))
    assert result == DELETED.format("c") + INSERTED.format("b") + ")"


def test_the_filter_also_takes_a_list_of_operations():
    ops = diff_texts("of the Group;", "of the group;")
    assert render("{{ ops|redline }}", ops=ops) == render_ops(ops)


def test_the_html_reads_as_the_wdiff_text_without_its_markup():
    c = change(
        "to contribute to the Dedicated Group concerning the work of the Group, ENUM, and  IDNs,",
        "to contribute to the CWG-Internet concerning the work of the group, ENUM,  IDNs and OTT services,",
    )
    result = render("{{ c|redline }}", c=c)
    result = re.sub(r'<span class="visually-hidden">.*?</span>', "", result)
    result = (
        result.replace("<del", "[-<del")
        .replace("</del>", "-]")
        .replace("<ins", "{+<ins")
        .replace("</ins>", "+}")
    )
    assert html.unescape(re.sub(r"<[^>]+>", "", result)) == to_wdiff(c.ops)


def test_an_unknown_side_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown redline side 'both'"):
        render('{{ c|redline:"both" }}', c=change("a", "b"))


def test_a_quiet_rows_mark_has_no_title_but_a_changed_rows_does():
    from resolutions.document import Kind, ParsedClause
    from resolutions.output.html import status_html
    from resolutions.redline import compare_clause

    same = compare_clause(ParsedClause(Kind.ITEM, "x y", "a)"), ParsedClause(Kind.ITEM, "x y", "a)"))
    moved = compare_clause(ParsedClause(Kind.ITEM, "x y", "a)"), ParsedClause(Kind.ITEM, "x y", "b)"))
    assert status_html(same, in_comparison=True) == '<span class="mark mark-noc">NOC</span>'
    assert status_html(same) == '<span class="mark mark-noc" title="No change">NOC</span>'
    assert status_html(moved, in_comparison=True).startswith(
        '<span class="mark mark-noc" title="No change">NOC</span>'
    )
    assert 'title="Label changed from a) to b)"' in status_html(moved)


@pytest.mark.parametrize(
    "value",
    ['<script>alert("x")</script>', "Tom & Jerry's", 12, None, "", '"quoted"'],
)
def test_html_format_escapes_what_format_html_escapes_and_keeps_safe_markup(value):
    from django.utils.html import format_html
    from django.utils.safestring import SafeString, mark_safe

    from resolutions.output.html import html_format, html_join

    template = '<a href="{}" title="{}">{}</a>'
    safe = mark_safe("<b>kept</b>")
    made = html_format(template, value, safe, value)
    assert made == format_html(template, value, safe, value)
    assert isinstance(made, SafeString)
    assert html_join([value, safe, value]) == format_html("{}{}{}", value, safe, value)
