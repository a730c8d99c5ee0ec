"""Nested items, annexes and tables in the browser (issue 13): the
comparison at 1280 and 390 px, looked at, and axe clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from resolutions.importing import import_edition
from resolutions.parsing import parse_text

SHAPES = Path(__file__).resolve().parent.parent / "data" / "shapes"
COMPARE = "/pp/999/compare/2014/2018/"


@pytest.fixture
def shapes_site(site):
    for name in ("pp-999-2014", "pp-999-2018", "ra-97-2019", "ra-97-2023"):
        data = (SHAPES / f"{name}.txt").read_bytes()
        import_edition(
            parse_text(data, source_name=name), data, source_name=f"{name}.txt", imported_by="test"
        )
    return site


def indent(page, anchor: str) -> float:
    """Where the clause's text starts, from the left of the page."""
    return page.evaluate(
        "id => document.getElementById(id).querySelector('.cell > span:not(.label), .clause-body').getBoundingClientRect().left",
        anchor,
    )


@pytest.mark.parametrize("view", ["", "?view=side-by-side"])
def test_a_nested_comparison_steps_in_at_each_level(shapes_site, page, screenshot, view):
    page.goto(shapes_site + COMPARE + view)
    levels = [indent(page, anchor) for anchor in ("resolves-1", "resolves-1-a", "resolves-1-a-iii")]
    assert levels[0] < levels[1] < levels[2]
    assert page.locator("#resolves-1-a-iii .mark").first.inner_text() == "ADD"
    screenshot(page, "shapes-compare" + ("-side-by-side" if view else "-inline") + "-desktop")


def test_a_nested_comparison_reads_on_a_phone(shapes_site, browser, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    for view in ("", "?view=side-by-side"):
        page.goto(shapes_site + COMPARE + view)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways ({width}px)"
        levels = [indent(page, anchor) for anchor in ("resolves-1", "resolves-1-a", "resolves-1-a-iii")]
        assert levels[0] < levels[1] < levels[2]
        screenshot(page, "shapes-compare" + ("-side-by-side" if view else "-inline") + "-phone")
    page.goto(shapes_site + "/pp/999/2018/")
    screenshot(page, "shapes-edition-phone")
    context.close()


def test_the_edition_shows_the_annex_table_as_a_table(shapes_site, page, screenshot):
    page.goto(shapes_site + "/pp/999/2018/")
    assert page.locator("#annex-table-1 th").all_inner_texts() == ["Post", "Grade", "Number"]
    assert page.locator("#annex-table-1-row-3 td").all_inner_texts() == ["Programme officer", "P.3", "3"]
    screenshot(page, "shapes-edition-desktop")


@pytest.mark.parametrize(
    "url",
    [
        "/pp/999/2018/",
        "/pp/999/2018/resolves/1/a/",
        "/pp/999/2018/annex/",
        COMPARE,
        COMPARE + "?view=side-by-side",
        "/ra/97/compare/2019/2023/",
    ],
)
def test_axe_finds_no_violations_in_the_shapes(shapes_site, page, url):
    page.goto(shapes_site + url)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
