"""A delegate's flows in a real browser (Chromium through Playwright)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

COMPARE = "/pp/102/compare/2010/2014/"


def mark_page(page) -> None:
    """A flag that survives htmx swaps but not a full page load."""
    page.evaluate("window.__stillTheSamePage = true")


def same_page(page) -> bool:
    return page.evaluate("window.__stillTheSamePage === true")


def test_switching_view_swaps_the_comparison_in_place_and_updates_the_address(site, page, screenshot):
    page.goto(site + COMPARE)
    mark_page(page)
    page.get_by_role("link", name="Side by side").click()
    page.wait_for_selector(".redline.side-by-side")
    assert page.url.endswith(COMPARE + "?view=side-by-side")
    assert same_page(page)
    screenshot(page, "compare-side-by-side-desktop")

    page.get_by_role("link", name="Changes only").click()
    page.wait_for_url(re.compile(r"changes=only"))
    assert page.locator(".redline.side-by-side").count() == 1
    assert page.locator("#recognizing-a").count() == 0
    assert same_page(page)


def test_back_restores_the_previous_view(site, page):
    page.goto(site + COMPARE)
    page.get_by_role("link", name="Side by side").click()
    page.wait_for_selector(".redline.side-by-side")
    page.go_back()
    page.wait_for_selector(".redline.inline")
    assert page.url.endswith(COMPARE)
    page.go_forward()
    page.wait_for_selector(".redline.side-by-side")


def test_choosing_editions_swaps_the_comparison_and_pushes_its_canonical_address(site, page):
    page.goto(site + COMPARE)
    mark_page(page)
    page.get_by_text("Other editions").click()
    page.select_option("#picker-old", "2014")
    # Choosing one end does not submit: the reader has not chosen the other yet.
    page.wait_for_timeout(300)
    assert page.url == site + COMPARE
    page.select_option("#picker-new", "2010")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(r"/compare/2014/2010/$"))
    assert same_page(page)
    heading = page.locator("h1").inner_text()
    assert "Rev. Busan, 2014 → Rev. Guadalajara, 2010" in heading


def test_everything_works_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/pp/102/2014/noting/b/")
    page.get_by_role("link", name="See it in the full comparison").click()
    page.wait_for_url(re.compile(r"/compare/2010/2014/#noting-b$"))
    page.get_by_role("link", name="Side by side").click()
    page.wait_for_url(re.compile(r"view=side-by-side"))
    assert page.locator(".redline.side-by-side").count() == 1
    page.get_by_text("Other editions").click()
    page.select_option("#picker-old", "2014")
    page.select_option("#picker-new", "2010")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(r"/compare/2014/2010/\?view=side-by-side$"))
    # Controls that need JavaScript stay hidden rather than dead.
    assert not page.locator(".change-nav").is_visible()
    assert not page.get_by_role("button", name=re.compile("Copy link")).first.is_visible()
    context.close()


def test_copy_link_puts_the_clause_permalink_on_the_clipboard(site, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site + "/pp/102/2014/noting/b/")
    page.locator(".clause-tools").first.get_by_role("button", name=re.compile("^Copy link")).click()
    page.wait_for_selector(".copy-status:has-text('Copied')")
    assert page.evaluate("navigator.clipboard.readText()") == site + "/pp/102/2014/noting/b/"
    page.locator(".clause-tools").first.get_by_role("button", name=re.compile("^Copy citation")).click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.startsWith('Resolution'))")
    assert page.evaluate("navigator.clipboard.readText()") == "Resolution 102 (Rev. Busan, 2014), noting b)"
    context.close()


def test_copy_falls_back_to_a_selected_field_when_the_clipboard_is_refused(site, page):
    page.goto(site + "/pp/102/2014/noting/b/")
    page.evaluate(
        "Object.defineProperty(navigator, 'clipboard', {value: {writeText: () => Promise.reject(new Error('no'))}})"
    )
    page.locator(".clause-tools").first.get_by_role("button", name=re.compile("^Copy citation")).click()
    field = page.locator("input.copy-fallback")
    field.wait_for()
    assert field.input_value() == "Resolution 102 (Rev. Busan, 2014), noting b)"
    assert page.evaluate("document.activeElement.classList.contains('copy-fallback')")


def test_keys_j_and_k_move_between_changes(site, page):
    page.goto(site + COMPARE)
    position = page.locator("[data-change-position]")
    total = page.locator("[data-change]").count()
    assert total > 30
    page.keyboard.press("j")
    assert position.inner_text() == f"Change 1 of {total}"
    first = page.evaluate("document.activeElement.id")
    page.keyboard.press("j")
    assert position.inner_text() == f"Change 2 of {total}"
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == first
    page.keyboard.press("k")
    assert position.inner_text() == f"Change {total} of {total}"
    page.get_by_role("button", name="Next change").click()
    assert position.inner_text() == f"Change 1 of {total}"


def test_a_clause_link_leads_to_its_redline_and_back(site, page):
    page.goto(site + "/pp/102/2010/noting/c/")
    assert "this clause is noting b)" in page.locator(".other-editions").inner_text()
    page.get_by_role("link", name="This clause in the newest edition").click()
    # The redirect's target carries the notice of where the clause went.
    page.wait_for_url(re.compile(r"/pp/102/2014/noting/b/\?from=2010/noting/c$"))
    page.get_by_role("link", name="See it in the full comparison").click()
    page.wait_for_url(re.compile(r"#noting-b$"))
    assert page.locator("#noting-b .mark-flag").inner_text() == "relettered"
    page.go_back()
    page.wait_for_url(re.compile(r"/pp/102/2014/noting/b/\?from=2010/noting/c$"))


PAGES = [
    "/",
    "/pp/102/",
    "/pp/102/2014/",
    "/pp/102/2014/noting/b/",
    "/pp/102/2010/noting/b/",
    "/pp/102/2014/noting/",
    COMPARE,
    COMPARE + "?view=side-by-side",
    COMPARE + "?changes=only",
]


@pytest.mark.parametrize("url", PAGES)
def test_axe_finds_no_accessibility_violations(site, page, url):
    page.goto(site + url)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_comparison_reads_on_a_phone(site, browser, screenshot):
    context = browser.new_context(viewport={"width": 320, "height": 780}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site + COMPARE + "?view=side-by-side")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the page scrolls sideways ({width}px)"
    screenshot(page, "compare-side-by-side-phone")
    page.goto(site + COMPARE)
    screenshot(page, "compare-inline-phone")
    context.close()


def test_printing_keeps_the_marks_and_drops_the_chrome(site, page, screenshot):
    page.goto(site + COMPARE)
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".compare-controls").first.is_visible()
    decoration = page.locator("del.change").first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "line-through" in decoration
    color = page.locator("ins.change").first.evaluate("e => getComputedStyle(e).color")
    assert color == "rgb(0, 0, 0)"
    screenshot(page, "compare-print")


def test_opening_a_clause_history_swaps_it_in_under_the_clause(site, page):
    page.goto(site + COMPARE)
    mark_page(page)
    page.locator("#noting-b").get_by_role("link", name=re.compile("^History")).click()
    page.wait_for_selector("#detail-noting-b .history-section")
    # It opens in place: the address stays the comparison's, the page the same.
    assert page.url == site + COMPARE
    assert same_page(page)
    detail = page.locator("#detail-noting-b")
    assert "Rev. Guadalajara, 2010 → Rev. Busan, 2014" in detail.inner_text()
    # Its link to this very comparison would only reload the page being read.
    assert not detail.get_by_role("link", name="See it in the full comparison").is_visible()
    detail.get_by_role("button", name=re.compile("^Close")).click()
    page.wait_for_selector("#detail-noting-b .history-section", state="detached")
    assert page.evaluate("document.activeElement.classList.contains('history-link')")
    assert page.locator(".redline.inline").count() == 1
