"""An admin signs in, uploads a tracked-changes .docx of an invented
"Rev. Dubai, 2018" revision of the bundled 2014 edition, corrects one match,
publishes, and finds the new edition and its redline on the public site."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from resolutions.models import ClauseVersion, Edition
from tests.e2e.conftest import SCREENSHOTS
from tests.support.builders import tracked_docx_from_redline
from tests.support.dubai import ADDED_CLAUSE, NEW_NOTING_E, dubai_redline, stale_preamble_redline

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

pytestmark = pytest.mark.usefixtures("uploads")


@pytest.fixture
def signed_in(site):
    User.objects.create_superuser("itu-admin", "admin@example.org", "a long test password")

    def sign_in(page: Page) -> None:
        page.goto(f"{site}/admin/login/?next=/admin/resolutions/edition/")
        page.get_by_label("Username").fill("itu-admin")
        page.get_by_label("Password").fill("a long test password")
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", name="Select edition to view")).to_be_visible()

    return sign_in


def upload_dubai(page: Page) -> None:
    page.get_by_role("link", name="Upload a new edition").click()
    upload_dubai_here(page)


def upload_dubai_here(page: Page, redline: str | None = None) -> None:
    page.get_by_label("File of the new edition").set_input_files(
        {
            "name": "Res102-Dubai-2018.docx",
            "mimeType": DOCX,
            "buffer": tracked_docx_from_redline(redline or dubai_redline()),
        }
    )
    page.get_by_role("button", name="Read the file").click()
    expect(page.get_by_role("heading", name="Clauses and their matches")).to_be_visible()


def test_an_admin_uploads_reviews_re_matches_and_publishes_a_tracked_changes_edition(
    page: Page, site, signed_in, screenshot
):
    signed_in(page)
    upload_dubai(page)
    expect(page.get_by_text("already published as Resolution 102 (Rev. Busan, 2014)")).to_be_visible()
    noting_e = page.locator("tr.match-row", has_text=NEW_NOTING_E[:40])
    expect(noting_e).to_contain_text("new clause")
    expect(page.locator("tr.match-uncertain", has_text="about the absence of rules")).to_be_visible()
    screenshot(page, "admin-review")

    # Re-match with htmx: the page is never reloaded.
    page.evaluate("window.stillTheSamePage = true")
    noting_e.get_by_role("link", name=re.compile("Change match")).click()
    old_e = ClauseVersion.objects.get(edition__year=2014, path="noting/e").order
    select = page.get_by_label("Match with")
    expect(select).to_be_focused()
    select.select_option(str(old_e))
    screenshot(page, "admin-review-rematch")
    page.get_by_role("button", name="Match", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Matching updated")
    noting_e = page.locator("tr.match-row", has_text=NEW_NOTING_E[:40])
    expect(noting_e).to_contain_text("your match")
    expect(noting_e.locator("del")).to_contain_text("that CWG-Internet shall include")
    expect(noting_e.locator("ins")).to_contain_text("the outcomes of the open consultations")
    assert page.evaluate("window.stillTheSamePage") is True
    assert "edit=" not in page.url
    screenshot(page, "admin-review-rematched")

    assert not Edition.objects.filter(year=2018).exists()
    page.get_by_role("button", name="Publish…").click()
    expect(page.get_by_role("heading", name="What publishing will do")).to_be_visible()
    assert not Edition.objects.filter(year=2018).exists()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Imported Resolution 102 (Rev. Dubai, 2018)")

    page.goto(f"{site}/pp/102/2018/")
    expect(page.locator("main")).to_contain_text("Dubai")
    expect(page.locator("main")).to_contain_text(ADDED_CLAUSE)
    page.goto(f"{site}/pp/102/compare/2014/2018/")
    row = page.locator(".row", has_text="the outcomes of the open consultations")
    expect(row.locator(".mark-mod")).to_be_visible()
    expect(row.locator("del")).to_contain_text("that CWG-Internet shall include")
    expect(page.locator(".row", has_text=ADDED_CLAUSE).locator(".mark-add")).to_be_visible()
    screenshot(page, "admin-published-compare")


def test_re_matching_works_without_javascript(browser, site, signed_in, screenshot):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        signed_in(page)
        upload_dubai(page)
        page.locator("tr.match-row", has_text=NEW_NOTING_E[:40]).get_by_role(
            "link", name=re.compile("Change match")
        ).click()
        assert "edit=" in page.url
        page.get_by_label("Match with").select_option(
            str(ClauseVersion.objects.get(edition__year=2014, path="noting/e").order)
        )
        page.get_by_role("button", name="Match", exact=True).click()
        noting_e = page.locator("tr.match-row", has_text=NEW_NOTING_E[:40])
        expect(noting_e).to_contain_text("your match")
        screenshot(page, "admin-review-no-js")
    finally:
        context.close()


def test_axe_finds_no_accessibility_violations_on_the_upload_and_review_pages(browser, signed_in):
    # axe adds a <style> element of its own, which the admin's Content-Security-
    # Policy refuses; the policy itself is tested in test_admin_policy.py.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        signed_in(page)
        page.get_by_role("link", name="Upload a new edition").click()
        expect(page.get_by_role("heading", name="Upload a new edition")).to_be_visible()
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
        upload_dubai_here(page)
        page.locator("tr.match-row", has_text=NEW_NOTING_E[:40]).get_by_role(
            "link", name=re.compile("Change match")
        ).click()
        expect(page.get_by_label("Match with")).to_be_visible()
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
    finally:
        context.close()


# ---------------------------------------------------------------- admin safety (issue 12)

PHONE = {"width": 390, "height": 844}


def fits_the_screen(page: Page) -> bool:
    """Nothing wider than the viewport: no horizontal scrolling, and nothing
    of the content cut off at the right (clipped inside a box that hides it)."""
    width = page.viewport_size["width"]
    if page.evaluate("document.documentElement.scrollWidth") > width:
        return False
    beyond = page.evaluate(
        """(width) => [...document.querySelectorAll('#content *, main *')]
            .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 1 && r.height > 1 && r.right > width + 1; })
            .map((e) => e.tagName + '.' + e.className)""",
        width,
    )
    assert not beyond, f"cut off at the right: {beyond[:5]}"
    return True


def both_widths(page: Page, screenshot, name: str) -> None:
    """Screenshots at 1280 and 390 px; at 390 the page must fit."""
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, f"{name}-1280")
    page.set_viewport_size(PHONE)
    assert fits_the_screen(page), f"{name} scrolls sideways at 390 px"
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_admin_home_links_to_the_upload(page: Page, site, signed_in, screenshot):
    signed_in(page)
    page.goto(f"{site}/admin/")
    link = page.locator("#upload-module").get_by_role("link", name="Upload a new edition")
    expect(link).to_be_visible()
    both_widths(page, screenshot, "admin12-home")
    link.click()
    expect(page.get_by_role("heading", name="Upload a new edition")).to_be_visible()


def test_the_marks_question_shows_only_for_files_that_carry_marks(page: Page, site, signed_in, screenshot):
    signed_in(page)
    page.goto(f"{site}/admin/resolutions/draft/upload/")
    question = page.locator("#marks-question")
    expect(question).to_be_hidden()
    file_input = page.get_by_label("File of the new edition")
    file_input.set_input_files({"name": "pp-102-2018.txt", "mimeType": "text/plain", "buffer": b"x"})
    expect(question).to_be_hidden()
    file_input.set_input_files({"name": "Res102.DOCX", "mimeType": DOCX, "buffer": b"x"})
    expect(question).to_be_visible()
    expect(question).to_contain_text("Only for Word and HTML files")
    both_widths(page, screenshot, "admin12-upload-docx")
    file_input.set_input_files({"name": "res102.htm", "mimeType": "text/html", "buffer": b"x"})
    expect(question).to_be_visible()


def test_without_javascript_the_marks_question_explains_itself(browser, site, signed_in, screenshot):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        signed_in(page)
        page.goto(f"{site}/admin/resolutions/draft/upload/")
        question = page.locator("#marks-question")
        expect(question).to_be_visible()
        expect(question).to_contain_text("a plain-text file is read as it stands, and this answer is ignored")
        both_widths(page, screenshot, "admin12-upload-no-js")
    finally:
        context.close()


def test_the_review_filters_and_fits_a_phone(page: Page, site, signed_in, screenshot):
    signed_in(page)
    upload_dubai(page)
    rows = page.locator("tr.match-row")
    total = rows.count()
    page.get_by_role("link", name=re.compile(r"^Changes only")).click()
    assert "show=changes" in page.url
    changed = rows.count()
    assert 0 < changed < total
    expect(page.get_by_role("link", name=re.compile(r"^Changes only"))).to_have_attribute(
        "aria-current", "true"
    )
    expect(page.get_by_role("link", name=re.compile(r"^Changes only"))).to_contain_text(f"({changed})")
    # NOC rows shown are the relettered ones (one definition of a change: redline.counts_as_change).
    for noc in page.locator("tr.match-noc").all():
        expect(noc).to_contain_text(re.compile("relettered|renumbered|moved"))
    both_widths(page, screenshot, "admin12-review-changes")
    page.get_by_role("link", name=re.compile(r"^Uncertain matches only")).click()
    expect(rows).to_have_count(2)
    expect(page.locator("tr.match-row:not(.match-uncertain)")).to_have_count(0)
    page.get_by_role("link", name=re.compile(r"^All rows")).click()
    expect(rows).to_have_count(total)
    page.set_viewport_size(PHONE)
    assert fits_the_screen(page)
    screenshot(page, "admin12-review-all-390")


def test_the_match_list_says_which_old_clauses_are_free_matched_or_deleted(
    page: Page, site, signed_in, screenshot
):
    signed_in(page)
    upload_dubai(page)
    noting_e = page.locator("tr.match-row", has_text=NEW_NOTING_E[:40])
    noting_e.get_by_role("link", name=re.compile("Change match")).click()
    select = page.get_by_label("Match with")
    expect(select).to_be_visible()
    old_e = ClauseVersion.objects.get(edition__year=2014, path="noting/e")
    free = select.locator(f'option[value="{old_e.order}"]')
    expect(free).to_have_text(re.compile(r"\[free, deleted as matched now\]"))
    expect(free).to_contain_text(old_e.text)  # the whole clause, not its first words
    expect(select.locator("option.choice-matched").first).to_contain_text("[matched to new ")
    expect(select.locator("optgroup").first).to_have_attribute("label", "Resolution line, title and preamble")
    both_widths(page, screenshot, "admin12-rematch-choices")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        select.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / f"admin12-rematch-editor-{width}.png"))
    # The list as it opens, every option with its state and text.
    select.focus()


def test_warnings_must_be_acknowledged_on_the_confirmation_before_publishing(
    page: Page, site, signed_in, screenshot
):
    signed_in(page)
    page.get_by_role("link", name="Upload a new edition").click()
    upload_dubai_here(page, stale_preamble_redline())
    warnings = page.locator(".review-warnings")
    expect(warnings).to_contain_text(
        "The preamble says (Busan, 2014), but the resolution line says (Rev. Dubai, 2018)"
    )
    both_widths(page, screenshot, "admin12-review-warnings")
    page.get_by_role("button", name="Publish…").click()
    expect(page.get_by_role("heading", name="What publishing will do")).to_be_visible()
    expect(page.locator(".confirm-facts")).to_contain_text("Resolution 102 (Rev. Dubai, 2018)")
    both_widths(page, screenshot, "admin12-confirm-publish")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Publishing needs you to confirm")
    assert not Edition.objects.filter(year=2018).exists()
    page.get_by_label(re.compile("I have read the 2 consistency warnings")).check()
    page.get_by_role("button", name="Publish…").click()
    expect(page.get_by_label(re.compile("I have read these warnings"))).to_be_checked()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Imported Resolution 102 (Rev. Dubai, 2018)")


def test_discard_asks_first_and_works_without_javascript(browser, site, signed_in, screenshot):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        signed_in(page)
        upload_dubai(page)
        page.get_by_role("link", name="Discard this draft…").click()
        expect(page.get_by_role("heading", name="What discarding will do")).to_be_visible()
        expect(page.locator(".confirm-facts")).to_contain_text("Res102-Dubai-2018.docx")
        both_widths(page, screenshot, "admin12-confirm-discard")
        page.get_by_role("button", name="Discard this draft").click()
        expect(page.locator(".messagelist")).to_contain_text("was discarded; nothing was published")
    finally:
        context.close()


def test_an_admin_withdraws_the_newest_edition_and_its_pages_answer_410(browser, site, signed_in, screenshot):
    # Without JavaScript: publishing and withdrawing are plain forms.
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        signed_in(page)
        upload_dubai(page)
        page.get_by_role("button", name="Publish…").click()
        page.get_by_role("button", name="Publish", exact=True).click()
        expect(page.locator(".messagelist")).to_contain_text("Imported Resolution 102 (Rev. Dubai, 2018)")
        page.get_by_role("link", name="Withdraw this edition…").click()
        expect(page.get_by_role("heading", name="What withdrawing will do")).to_be_visible()
        expect(page.locator(".confirm-facts")).to_contain_text("410 Gone")
        both_widths(page, screenshot, "admin12-confirm-withdrawal")
        page.get_by_label("Why it is withdrawn").fill("Published from the wrong file.")
        page.get_by_role("button", name="Withdraw Resolution 102 (Rev. Dubai, 2018)").click()
        expect(page.locator(".messagelist")).to_contain_text("was withdrawn")
        response = page.goto(f"{site}/pp/102/2018/")
        assert response.status == 410
        expect(page.get_by_role("heading", level=1)).to_contain_text(
            "Resolution 102 (Rev. Dubai, 2018) was withdrawn on"
        )
        expect(page.locator(".notice-gone")).to_contain_text(
            "the newest edition is Resolution 102 (Rev. Busan, 2014)"
        )
        expect(page.locator(".notice-gone")).to_contain_text("Published from the wrong file.")
        both_widths(page, screenshot, "admin12-gone-edition")
        assert page.goto(f"{site}/pp/102/compare/2014/2018/").status == 410
        page.goto(f"{site}/pp/102/latest/")
        assert page.url.endswith("/pp/102/2014/")
    finally:
        context.close()


def test_axe_finds_nothing_on_the_safety_pages(browser, site, signed_in):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        signed_in(page)

        def clean(name: str) -> None:
            for viewport in ({"width": 1280, "height": 900}, PHONE):
                page.set_viewport_size(viewport)
                results = Axe().run(page)
                assert results.violations_count == 0, f"{name}: {results.generate_report()}"

        page.goto(f"{site}/admin/")
        clean("admin home")
        page.get_by_role("link", name="Upload a new edition").first.click()
        upload_dubai_here(page, stale_preamble_redline())
        clean("review with warnings")
        page.get_by_role("link", name=re.compile(r"^Changes only")).click()
        clean("review, changes only")
        page.get_by_role("button", name="Publish…").click()
        clean("publish confirmation")
        page.get_by_label(re.compile("I have read these warnings")).check()
        page.get_by_role("button", name="Publish", exact=True).click()
        page.get_by_role("link", name="Withdraw this edition…").click()
        clean("withdrawal confirmation")
        page.get_by_label("Why it is withdrawn").fill("A test.")
        page.get_by_role("button", name=re.compile("^Withdraw Resolution")).click()
        page.goto(f"{site}/pp/102/2018/")
        clean("410 page")
    finally:
        context.close()
