"""The reading experience in a real browser: the reader keeps their place,
sees the text first, and never meets a dead end (issue: reading experience)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

COMPARE = "/pp/102/compare/2010/2014/"


def in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """selector => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.bottom > 0 && box.top < window.innerHeight;
        }""",
        selector,
    )


def top_of(page, selector: str) -> float:
    return page.evaluate("s => document.querySelector(s).getBoundingClientRect().top", selector)


def test_after_a_view_switch_the_current_change_is_still_the_one_on_screen(site, page):
    page.goto(site + COMPARE)
    for _ in range(12):
        page.keyboard.press("j")
    position = page.locator("[data-change-position]")
    total = page.locator("[data-change]").count()
    assert position.inner_text() == f"Change 12 of {total}"
    current = page.evaluate("document.querySelector('.change-current').id")
    page.get_by_role("link", name="Side by side").click()
    page.wait_for_selector(".redline.side-by-side")
    assert position.inner_text() == f"Change 12 of {total}"
    assert in_viewport(page, f"#{current}")
    assert page.evaluate("document.querySelector('.change-current').id") == current
    page.keyboard.press("j")
    assert position.inner_text() == f"Change 13 of {total}"


def test_changes_only_keeps_the_reader_near_the_clause_they_were_reading(site, page):
    page.goto(site + COMPARE)
    page.evaluate("document.getElementById('resolves').scrollIntoView()")
    page.get_by_role("link", name="Changes only").click()
    page.wait_for_url(re.compile("changes=only"))
    # The unchanged rows are gone; the reader is still in "resolves" and later, not at the top.
    assert page.evaluate("window.scrollY") > 1000


def test_back_after_a_view_switch_returns_to_the_same_place(site, page):
    page.goto(site + COMPARE)
    page.evaluate("document.getElementById('instructs-the-secretary-general-heading').scrollIntoView()")
    page.mouse.wheel(0, -200)
    page.wait_for_timeout(100)
    before = top_of(page, "#instructs-the-secretary-general-heading")
    page.get_by_role("link", name="Side by side").click()
    page.wait_for_selector(".redline.side-by-side")
    page.evaluate("window.scrollTo(0, 0)")
    page.go_back()
    page.wait_for_selector(".redline.inline")
    page.wait_for_function(
        "() => Math.abs(document.getElementById('instructs-the-secretary-general-heading')"
        f".getBoundingClientRect().top - {before}) < 30"
    )
    assert abs(top_of(page, "#instructs-the-secretary-general-heading") - before) < 30


def test_the_text_comes_before_the_controls(site, page, screenshot):
    page.goto(site + COMPARE)
    first_row = page.locator(".redline .row").first
    assert first_row.bounding_box()["y"] < 300
    # The summary is visible without opening anything.
    summary = page.locator(".summary-panel summary").inner_text()
    assert re.match(
        r"\d+ clauses changed: \d+ added \(ADD\), \d+ deleted \(SUP\), \d+ modified \(MOD\)", summary
    )
    # One count: the summary and the navigator agree.
    changed = int(summary.split()[0])
    assert page.locator("[data-change-position]").inner_text() == f"{changed} changes"
    assert page.locator("[data-change]").count() == changed
    screenshot(page, "reading-compare-inline-desktop")


def test_unchanged_rows_are_quiet_but_their_history_is_reachable_by_keyboard(site, page):
    page.goto(site + COMPARE)
    quiet = page.locator("#recognizing-a")
    assert "row-quiet" in quiet.get_attribute("class")
    link = quiet.locator(".history-link")
    assert link.evaluate("e => getComputedStyle(e).opacity") == "0"
    # NOC is there for screen readers only: a 1-pixel clipped box.
    assert quiet.locator(".mark-noc").bounding_box()["width"] <= 1
    link.focus()
    page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'")


def test_the_side_by_side_column_heads_stay_in_view_while_reading(site, page, screenshot):
    page.goto(site + COMPARE + "?view=side-by-side")
    page.evaluate("window.scrollTo(0, 4000)")
    heads = page.locator(".toolbar .column-heads")
    box = heads.bounding_box()
    assert 0 <= box["y"] < 200
    assert "Rev. Guadalajara, 2010" in heads.inner_text()
    screenshot(page, "reading-compare-side-by-side-scrolled-desktop")


def test_the_latest_notice_appears_after_a_redirect(site, page):
    page.goto(site + "/pp/102/latest/2010/noting/c/")
    assert page.url.startswith(site + "/pp/102/2014/noting/b/")
    notice = page.locator(".notice-followed")
    assert notice.inner_text() == "Rev. Guadalajara, 2010 noting c) is noting b) in Rev. Busan, 2014."


@pytest.mark.parametrize("url", ["/pp/999/", "/pp/102/2099/", "/pp/102/compare/2010/2099/", "/nowhere/"])
def test_not_found_pages_carry_the_sites_layout(site, browser, url):
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(site + url)
    assert response.status == 404
    assert page.locator(".site-header").is_visible()
    assert page.get_by_role("link", name="All resolutions").is_visible()
    assert Axe().run(page).violations_count == 0
    context.close()


def test_the_edition_page_marks_changes_since_the_previous_edition(site, page, screenshot):
    page.goto(site + "/pp/102/2014/")
    page.get_by_role("link", name="Show changes since Rev. Guadalajara, 2010").click()
    page.wait_for_url(re.compile(r"changes=since-previous"))
    assert page.locator(".clause-changed").count() > 20
    page.locator("#noting-a .change-badge").click()
    page.wait_for_url(re.compile(r"/compare/2010/2014/#noting-a$"))
    page.go_back()
    screenshot(page, "reading-edition-changes-desktop")
    assert Axe().run(page).violations_count == 0


PHONE_PAGES = {
    "compare-inline": COMPARE,
    "compare-side-by-side": COMPARE + "?view=side-by-side",
    "edition-changes": "/pp/102/2014/?changes=since-previous",
    "edition-superseded": "/pp/102/2010/",
    "clause-followed": "/pp/102/latest/2010/noting/c/",
    "not-found": "/pp/102/2099/",
}


@pytest.mark.parametrize("name", sorted(PHONE_PAGES))
def test_pages_read_on_a_phone_and_on_a_desktop(site, browser, screenshot, name):
    for width, device in ((390, "phone"), (1280, "desktop")):
        context = browser.new_context(viewport={"width": width, "height": 844}, is_mobile=width < 500)
        page = context.new_page()
        page.goto(site + PHONE_PAGES[name])
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"reading-{name}-{device}")
        context.close()


def test_on_a_phone_the_change_navigator_is_a_bar_at_the_bottom(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site + COMPARE)
    nav = page.locator(".change-nav")
    box = nav.bounding_box()
    assert box["y"] + box["height"] == pytest.approx(844, abs=2)
    nav.get_by_role("button", name=re.compile("Next")).tap()
    assert page.locator("[data-change-position]").inner_text().startswith("Change 1 of")
    context.close()


def clause_tops(browser, url: str, width: int, javascript: bool) -> list:
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(url)
    if javascript:
        page.wait_for_function("document.querySelectorAll('[data-needs-js][hidden]').length === 0")
    tops = page.evaluate(
        "Array.from(document.querySelectorAll('.resolution-text .clause[id]'),"
        " clause => [clause.id, Math.round(clause.getBoundingClientRect().top)])"
    )
    context.close()
    return tops


@pytest.mark.parametrize("width", [390, 1280])
def test_showing_the_copy_buttons_moves_no_clause_of_an_edition(site, browser, width):
    # The buttons wait hidden for site.js; if showing them pushed the text
    # down, readers would see it jump (Lighthouse measured a layout shift of
    # 0.135 at desktop width).
    without_javascript = clause_tops(browser, site + "/pp/102/2014/", width, javascript=False)
    assert len(without_javascript) > 80
    assert clause_tops(browser, site + "/pp/102/2014/", width, javascript=True) == without_javascript
