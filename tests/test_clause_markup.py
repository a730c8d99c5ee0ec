"""The markup pages repeat for every clause (resolutions.output.html): a
comparison's rows and an edition's clauses, built in Python."""

from __future__ import annotations

import html

import pytest

from resolutions.comparison import compare_editions
from resolutions.importing import import_edition
from resolutions.models import ClauseVersion
from resolutions.output.html import ClauseMarkup, comparison_rows_html, ops_html
from resolutions.parsing import parse_text
from resolutions.redline import diff_texts

pytestmark = pytest.mark.django_db

CITIES = {2010: "Guadalajara", 2014: "Busan"}


def publish(year: int, noting: list[str], resolves: str):
    city = CITIES[year]
    items = "".join(f"{letter})\t{text}\n" for letter, text in zip("abcdef", noting, strict=False))
    data = (
        f"RESOLUTION 870 (Rev. {city}, {year})\nTesting the rows\n"
        f"The Plenipotentiary Conference of the International Telecommunication Union ({city}, {year}),\n"
        f"noting\n{items}resolves\n{resolves}\n"
    ).encode()
    return import_edition(parse_text(data), data, source_name=f"r870-{year}.txt", imported_by="test").edition


@pytest.fixture
def comparison():
    old = publish(2010, ["that one stays", "that two changes", "that three changes"], "to keep it")
    new = publish(2014, ["that one stays", "that 2 changed", "that 3 changed"], "to keep it short")
    return compare_editions(old, new)


def absolute(path: str) -> str:
    return "https://itu.example" + path


def test_changes_only_captions_each_section_once_for_its_run_of_rows(comparison):
    changed = [row for row in comparison.rows if row.changed]
    page = comparison_rows_html(changed, "inline", changes_only=True)
    assert page.count('<div class="row section-caption"><span></span><span>noting</span></div>') == 1
    assert page.count('<div class="row section-caption"><span></span><span>resolves</span></div>') == 1
    assert (
        page.index("noting</span></div>") < page.index('id="noting-b"') < page.index("resolves</span></div>")
    )


def test_all_clauses_have_no_section_captions_since_their_headings_show(comparison):
    assert "section-caption" not in comparison_rows_html(comparison.rows, "inline")


def test_an_unchanged_row_is_quiet_and_a_changed_one_is_marked_as_a_change(comparison):
    page = comparison_rows_html(comparison.rows, "side-by-side")
    assert '<div class="row row-item row-quiet" id="noting-a">' in page
    assert '<div class="row row-item" id="noting-b" data-change>' in page
    assert page.count("data-change") == sum(row.changed for row in comparison.rows)


def test_a_row_links_to_the_history_of_its_clause(comparison):
    page = comparison_rows_html(comparison.rows, "inline")
    assert '<a class="history-link" href="/pp/870/2014/noting/b/" aria-label="History of noting b)">' in page


def test_the_same_pair_of_texts_is_marked_up_once_and_reused():
    ops = diff_texts("of the Group;", "of the group;")
    assert ops_html(list(ops)) is ops_html(tuple(ops))


def test_a_printed_clause_escapes_its_text_and_its_citation_in_every_copy_button():
    edition = publish(2010, ['that <b>R&D</b> "works"'], "to keep it")
    version = ClauseVersion.objects.in_edition(edition).get(path="noting/a")
    page = ClauseMarkup(absolute).clause(version)
    assert "<b>" not in page
    assert "that &lt;b&gt;R&amp;D&lt;/b&gt; &quot;works&quot;" in page
    copied_html = html.unescape(page.split('data-copy-html="')[1].split('"')[0])
    assert copied_html == (
        "Resolution 870 (Rev. Guadalajara, 2010), <i>noting</i> a), "
        '<a href="https://itu.example/pp/870/2010/noting/a/">https://itu.example/pp/870/2010/noting/a/</a>'
    )


def test_a_changed_clause_badge_leads_to_its_row_in_the_comparison(comparison):
    markup = ClauseMarkup(absolute, "/pp/870/compare/2010/2014/", "Rev. Guadalajara, 2010")
    rows = comparison.rows_by_new_version
    changed, quiet = (
        ClauseVersion.objects.in_edition(comparison.new_edition).get(path=path)
        for path in ("noting/b", "noting/a")
    )
    page = markup.clause(changed, rows[changed.pk])
    assert 'class="clause clause-item clause-changed"' in page
    assert '<a class="change-badge" href="/pp/870/compare/2010/2014/#noting-b">' in page
    assert "since Rev. Guadalajara, 2010: see the redline" in page
    assert "change-badge" not in markup.clause(quiet, rows[quiet.pk])


def test_a_clause_printed_again_is_the_markup_made_the_first_time():
    edition = publish(2010, ["that one stays"], "to keep it")
    first, again = (ClauseVersion.objects.by_edition([edition])[edition.pk] for _ in range(2))
    assert ClauseMarkup(absolute).clause(first[-1]) is ClauseMarkup(absolute).clause(again[-1])


def test_a_clause_prints_what_its_edition_and_section_say_now_not_what_was_printed_before():
    edition = publish(2010, ["that one stays"], "to keep it")
    version = ClauseVersion.objects.in_edition(edition).get(path="noting/a")
    before = ClauseMarkup(absolute).clause(version)
    version.edition.city = "Antalya"
    version.section.text = "recognizing"
    after = ClauseMarkup(absolute).clause(version)
    assert "(Rev. Guadalajara, 2010), noting a)" in before
    assert "Guadalajara" not in after and "(Rev. Antalya, 2010), recognizing a)" in after
    elsewhere = ClauseMarkup(lambda path: "https://other.example" + path).clause(version)
    assert "https://other.example/pp/870/2010/noting/a/" in elsewhere
