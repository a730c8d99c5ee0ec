"""Downloading a comparison or an edition from its page, in a real browser."""

from pathlib import Path

from resolutions.parsing.formats import read_upload
from tests.e2e.conftest import SCREENSHOTS

COMPARE = "/pp/102/compare/2010/2014/"


def test_the_comparison_page_downloads_the_word_redline(site, page, screenshot):
    page.goto(site + COMPARE)
    screenshot(page, "compare-downloads-desktop")
    page.screenshot(path=str(SCREENSHOTS / "compare-downloads-desktop-top.png"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Word (.docx) with tracked changes").click()
    download = download_info.value
    assert download.suggested_filename == "pp-102-2010-2014.docx"
    reading = read_upload(Path(download.path()).read_bytes(), filename=download.suggested_filename)
    assert (reading.base.year, reading.revised.year) == (2010, 2014)


def test_the_edition_page_offers_word_text_and_json(site, page):
    page.goto(site + "/pp/102/2014/")
    downloads = page.locator(".downloads")
    assert downloads.get_by_role("link").all_inner_texts() == ["Word (.docx)", "Plain text (.txt)", "JSON"]
    with page.expect_download() as download_info:
        downloads.get_by_role("link", name="Plain text (.txt)").click()
    assert download_info.value.suggested_filename == "pp-102-2014.txt"


def test_the_downloads_fit_a_phone(site, browser, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    for url, name in ((COMPARE, "compare-downloads-phone"), ("/pp/102/2014/", "edition-downloads-phone")):
        page.goto(site + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} scrolls sideways ({width}px)"
        screenshot(page, name)
        page.locator(".downloads").scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / f"{name}-top.png"))
    context.close()
