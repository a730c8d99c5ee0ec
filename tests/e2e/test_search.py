"""Search in a real browser: the header box, live results, filters, paging
back and forth, the same without JavaScript; axe at both widths."""

import re

from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_viewer import mark_page, same_page


def wait_for_count(page, selector: str, count: int) -> None:
    """Polled from Python: page-side waits evaluate strings, which the
    Content-Security-Policy forbids (and Playwright's expect() injects styles)."""
    for _ in range(100):
        if page.locator(selector).count() == count:
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"{page.locator(selector).count()} {selector}, not {count}")


def axe_violations(page) -> list:
    return [
        (v["id"], [node["target"] for node in v["nodes"]]) for v in Axe().run(page).response["violations"]
    ]


def test_the_header_box_leads_to_grouped_marked_results(site, page):
    page.goto(site + "/pp/102/2014/")
    page.screenshot(path=str(SCREENSHOTS / "edition-with-search-box-desktop.png"))
    page.get_by_role("search", name="Site").get_by_label("Search all clauses").fill("future internet")
    page.get_by_role("search", name="Site").get_by_role("button", name="Search").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=future\+internet$"))
    assert re.fullmatch(
        r"\d+ clauses match in 2 editions of 1 resolution\.", page.locator("#search-status").inner_text()
    )
    assert page.locator("h2", has_text="Resolution 102").count() == 1
    assert page.locator("h3.result-edition").all_inner_texts()[0].startswith("Rev. Busan, 2014")
    assert page.locator(".hit mark").first.inner_text().lower() in {"future", "internet"}
    page.locator(".hit-cite a").first.click()
    page.wait_for_url(re.compile(r"/pp/102/2014/[a-z-]+/"))


def test_results_follow_the_typing_and_the_filters_in_place(site, page, screenshot):
    page.goto(site + "/search/")
    mark_page(page)
    box = page.get_by_label("Search for")
    box.press_sequentially("stakeholders", delay=20)
    page.wait_for_url(re.compile(r"q=stakeholders"))
    page.wait_for_selector(".hit mark")
    assert "match" in page.locator("#search-status").inner_text()
    everything = page.locator(".hit").count()

    page.select_option("#id_new", "2014")
    page.wait_for_url(re.compile(r"new=2014"))
    page.wait_for_selector(".hit .mark")
    changed = page.locator(".hit").count()
    assert 0 < changed < everything
    marks = {text.split(":")[0].strip() for text in page.locator(".hit .mark").all_inner_texts()}
    assert marks <= {"ADD", "MOD", "SUP", "NOC", "relabelled", "moved"}  # NOC: relettered or moved only
    assert same_page(page)

    page.go_back()
    wait_for_count(page, ".hit", everything)
    assert page.url.endswith("/search/?q=stakeholders")  # only the fields filled in
    page.go_forward()
    wait_for_count(page, ".hit", changed)
    # Restored whole, not from the browser's cache of the htmx fragment.
    assert page.locator("header.site-header").count() == 1 and page.locator("#id_q").count() == 1
    # Last: the screenshot and axe leave style attributes behind, which a
    # later htmx swap would copy (and the Content-Security-Policy refuse).
    screenshot(page, "search-desktop")
    assert axe_violations(page) == []


def test_paging_swaps_the_results_and_keeps_the_address(site, page):
    page.goto(site + "/search/?q=the")
    mark_page(page)
    assert "Page 1 of" in page.locator(".pagination").inner_text()
    page.get_by_role("link", name="Next →").click()
    page.wait_for_url(re.compile(r"page=2"))
    page.wait_for_selector(".pagination >> text=Page 2 of")
    assert same_page(page)


def test_a_phone_gets_the_same_search_and_no_accessibility_problem(site, browser, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site + "/search/?q=%22domain+names%22&resolution=pp-102")
    assert page.locator(".hit").count() > 0
    screenshot(page, "search-phone")
    page.screenshot(path=str(SCREENSHOTS / "search-phone-first-screen.png"))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways ({width}px)"
    assert axe_violations(page) == []
    page.goto(site + "/")
    screenshot(page, "index-with-search-box-phone")
    assert axe_violations(page) == []
    context.close()


def test_search_works_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/")
    page.get_by_label("Search all clauses").fill("cooperation")
    page.get_by_role("search", name="Site").get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/search/\?q=cooperation$"))
    everything = page.locator(".hit").count()
    page.select_option("#id_edition", "2010")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"edition=2010"))
    assert 0 < page.locator(".hit").count() < everything
    assert page.locator("h3.result-edition").all_inner_texts() == [
        text for text in page.locator("h3.result-edition").all_inner_texts() if "2010" in text
    ]
    context.close()
