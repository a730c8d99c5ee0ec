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
from tests.support.builders import tracked_docx_from_redline
from tests.support.dubai import ADDED_CLAUSE, NEW_NOTING_E, dubai_redline

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


def upload_dubai_here(page: Page) -> None:
    page.get_by_label("File of the new edition").set_input_files(
        {
            "name": "Res102-Dubai-2018.docx",
            "mimeType": DOCX,
            "buffer": tracked_docx_from_redline(dubai_redline()),
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
    page.get_by_role("button", name="Publish").click()
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
