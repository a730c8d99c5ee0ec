"""Citations in a real browser: the "Cite as" line and its copy button (rich
text, plain text, a selected field), /cite/ and /link/ with and without
JavaScript."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.support.builders import docx_package, paragraph, run, styles_part

CLAUSE = "/pp/102/2014/noting/b/"
MEETING_TEXT = (
    "Proposal for the revision of Resolution 102 (Rev. Busan, 2014)\n"
    "Recalling *noting* c) of Resolution 102 (Rev. Guadalajara, 2010), the Council is invited to act "
    "under *instructs the Secretary-General* 3 of Resolution 102 (Rev. Busan, 2014) and *instructs* 1 of it.\n"
)


@pytest.fixture
def clipboard(browser):
    """A page allowed to use the clipboard, failing the test on any script
    error or Content-Security-Policy violation."""
    contexts, problems = [], []

    def open_page(width: int = 1280, script: str = ""):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
        )
        if script:
            context.add_init_script(script)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and problems.append(message.text))
        page.on("pageerror", lambda error: problems.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not problems, f"the browser reported errors: {problems}"


def clipboard_html(page) -> str:
    return page.evaluate(
        """async () => {
            const [item] = await navigator.clipboard.read();
            return item.types.includes("text/html") ? await (await item.getType("text/html")).text() : "";
        }"""
    )


def test_the_cite_as_line_copies_the_citation_with_its_permalink_as_rich_text(site, clipboard, screenshot):
    page = clipboard()
    page.goto(site + CLAUSE)
    line = page.locator(".cite-as")
    button = line.get_by_role("button", name="Copy citation")
    # Visible as it is, not only on hover or focus.
    assert button.is_visible()
    assert line.get_by_role("link", name=f"{site}{CLAUSE}").is_visible()
    screenshot(page, "clause-cite-as-desktop")
    button.click()
    page.wait_for_selector(".cite-as .copy-status:has-text('Copied')")
    plain = f"Resolution 102 (Rev. Busan, 2014), noting b), {site}{CLAUSE}"
    assert page.evaluate("navigator.clipboard.readText()") == plain
    html = clipboard_html(page)
    assert "Resolution 102 (Rev. Busan, 2014), <i>noting</i> b), " in html
    assert f'<a href="{site}{CLAUSE}">{site}{CLAUSE}</a>' in html


def test_the_cite_as_line_on_a_phone(site, clipboard, screenshot):
    page = clipboard(width=390)
    page.goto(site + CLAUSE)
    button = page.locator(".cite-as").get_by_role("button", name="Copy citation")
    assert button.is_visible()
    box, viewport = button.bounding_box(), page.viewport_size
    assert box["x"] + box["width"] <= viewport["width"]
    page.locator(".cite-as").scroll_into_view_if_needed()
    screenshot(page, "clause-cite-as-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_without_rich_clipboard_the_citation_is_copied_as_plain_text(site, clipboard):
    page = clipboard(script="delete window.ClipboardItem;")
    page.goto(site + CLAUSE)
    page.locator(".cite-as").get_by_role("button", name="Copy citation").click()
    page.wait_for_selector(".cite-as .copy-status:has-text('Copied')")
    assert (
        page.evaluate("navigator.clipboard.readText()")
        == f"Resolution 102 (Rev. Busan, 2014), noting b), {site}{CLAUSE}"
    )
    assert clipboard_html(page) == ""


def test_when_the_clipboard_refuses_the_citation_is_selected_in_a_field(site, clipboard, screenshot):
    page = clipboard(
        script=(
            "Object.defineProperty(navigator, 'clipboard', {value: {"
            "write: () => Promise.reject(new Error('no')), writeText: () => Promise.reject(new Error('no'))}});"
        )
    )
    page.goto(site + CLAUSE)
    page.locator(".cite-as").get_by_role("button", name="Copy citation").click()
    field = page.locator(".cite-as input.copy-fallback")
    field.wait_for()
    assert field.input_value() == f"Resolution 102 (Rev. Busan, 2014), noting b), {site}{CLAUSE}"
    assert page.evaluate("document.activeElement.classList.contains('copy-fallback')")
    assert page.evaluate("window.getSelection().toString() || document.activeElement.selectionEnd") != 0


def test_without_javascript_the_citation_and_its_permalink_are_there(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + CLAUSE)
    line = page.locator(".cite-as")
    assert "Cite as: Resolution 102 (Rev. Busan, 2014), noting b)" in line.inner_text()
    assert line.get_by_role("link", name=f"{site}{CLAUSE}").get_attribute("href") == f"{site}{CLAUSE}"
    # A button that cannot work is not shown.
    assert not line.get_by_role("button").is_visible()
    context.close()


def test_the_cite_box_leads_to_the_clause_or_to_its_candidates(site, page, screenshot):
    page.goto(site + "/cite/")
    page.get_by_label("Citation, as written in a document").fill(
        "PP Res 102 instructs the Secretary-General 3"
    )
    page.get_by_role("button", name="Go to the clause").click()
    page.wait_for_url(re.compile(r"/pp/102/2014/instructs-the-secretary-general/3/\?cited=latest$"))
    assert "The citation named no edition" in page.locator(".cited-notice").inner_text()
    page.goto(site + "/cite/?q=" + "Resolution 102 (Rev. Busan, 2014), instructs 1")
    assert page.locator(".candidates li").count() == 6  # every "instructs ..." section
    screenshot(page, "cite-candidates-desktop")
    page.set_viewport_size({"width": 390, "height": 900})
    screenshot(page, "cite-candidates-phone")
    page.get_by_role("link", name=re.compile("instructs the Council 1")).click()
    page.wait_for_url(re.compile(r"/pp/102/2014/instructs-the-council/1/$"))


def test_a_pasted_document_comes_back_linked_and_flagged(site, clipboard, screenshot):
    page = clipboard()
    page.goto(site + "/link/")
    page.get_by_label("Paste the text").fill(MEETING_TEXT)
    page.get_by_role("button", name="Link the citations").click()
    page.wait_for_selector("#results")
    flagged = page.locator(".notice-flagged")
    assert "Cites 2010 noting c), which is noting b) in Rev. Busan, 2014" in re.sub(
        r"\s+", " ", flagged.inner_text()
    )
    screenshot(page, "link-results-desktop")
    page.get_by_role("button", name="Copy the linked text").click()
    page.wait_for_selector(".copy-status:has-text('Copied')")
    assert f'href="{site}/pp/102/2010/noting/c/"' in clipboard_html(page)
    assert f"<{site}/pp/102/2010/noting/c/>" in page.evaluate("navigator.clipboard.readText()")
    page.set_viewport_size({"width": 390, "height": 900})
    screenshot(page, "link-results-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#linked-text").get_by_role(
        "link", name="*noting* c) of Resolution 102 (Rev. Guadalajara, 2010)"
    ).click()
    page.wait_for_url(re.compile(r"/pp/102/2010/noting/c/$"))


def test_a_docx_is_linked_and_downloaded_without_javascript(site, browser, tmp_path):
    data = docx_package(
        [
            paragraph(
                run("Recalling "),
                run("noting", properties="<w:i/>"),
                run(" c) of Resolution 102 (Rev. Guadalajara, 2010)."),
            )
        ],
        styles=styles_part(),
    )
    path = tmp_path / "contribution.docx"
    path.write_bytes(data)
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(site + "/link/")
    page.get_by_label("or upload a Word document (.docx)").set_input_files(str(path))
    page.get_by_role("button", name="Link the citations").click()
    page.wait_for_selector("#results")
    with page.expect_download() as caught:
        page.get_by_role("link", name="Download contribution-linked.docx").click()
    download = caught.value
    assert download.suggested_filename == "contribution-linked.docx"
    linked = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    assert f'Target="{site}/pp/102/2010/noting/c/"' in linked.read("word/_rels/document.xml.rels").decode()
    assert "<w:hyperlink" in linked.read("word/document.xml").decode()
    context.close()


@pytest.mark.parametrize(
    "url", ["/cite/", "/cite/?q=Resolution 102 (Rev. Busan, 2014), instructs 1", "/link/"]
)
def test_axe_finds_no_accessibility_violations_in_the_citation_tools(site, page, url):
    page.goto(site + url)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_axe_finds_no_accessibility_violations_where_a_clause_is_missing(site, browser, screenshot):
    # The page is a 404 on purpose; any other error still fails the test.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console", lambda m: m.type == "error" and "status of 404" not in m.text and problems.append(m.text)
    )
    response = page.goto(site + "/cite/?q=Res 102 (Busan, 2014), instructs the Council 4")
    assert response.status == 404
    screenshot(page, "cite-missing-desktop")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    context.close()
    assert not problems


def test_axe_finds_no_accessibility_violations_in_the_link_results(site, page):
    page.goto(site + "/link/")
    page.get_by_label("Paste the text").fill(MEETING_TEXT)
    page.get_by_role("button", name="Link the citations").click()
    page.wait_for_selector("#results")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
