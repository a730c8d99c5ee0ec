"""The admin under its Content-Security-Policy, in a real browser: every
kind of admin page loads and runs its scripts (sidebar filter, theme
toggle, select-all, the password widget) with no violation, which the
`page` fixture turns into a failure; and a locked-out sign-in shows its
page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from resolutions.models import Edition

pytestmark = pytest.mark.usefixtures("uploads")

PASSWORD = "a long test password"


@pytest.fixture
def admin_user(site) -> User:
    return User.objects.create_superuser("itu-admin", "admin@example.org", PASSWORD)


def sign_in(page: Page, site: str, password: str = PASSWORD) -> None:
    page.goto(f"{site}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("itu-admin")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_every_kind_of_admin_page_runs_under_the_policy(page: Page, site, admin_user):
    sign_in(page, site)
    expect(page.get_by_role("heading", name="Editions, uploads and drafts")).to_be_visible()
    edition = Edition.objects.first()
    for path in (
        "/admin/",
        "/admin/resolutions/edition/",
        f"/admin/resolutions/edition/{edition.pk}/change/",
        "/admin/resolutions/draft/",
        "/admin/resolutions/draft/upload/",
        "/admin/resolutions/sourcefile/",
        "/admin/auth/user/",
        f"/admin/auth/user/{admin_user.pk}/change/",
        "/admin/auth/user/add/",
        "/admin/auth/group/add/",
        "/admin/axes/accessattempt/",
        "/admin/password_change/",
    ):
        response = page.goto(site + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
    page.goto(f"{site}/admin/auth/user/")
    page.locator("#action-toggle").check()  # actions.js, under the policy
    expect(page.locator(".action-counter")).to_contain_text("1 of 1 selected")
    page.goto(f"{site}/admin/resolutions/sourcefile/")
    page.locator("#nav-filter").fill("edit")  # nav_sidebar.js filters the sidebar
    expect(page.locator("#nav-sidebar").get_by_role("link", name="Editions")).to_be_visible()


def test_a_locked_out_admin_sees_why_in_the_browser(browser, site, admin_user):
    # Not the `page` fixture: the browser rightly logs the 429 as an error.
    context = browser.new_context()
    page = context.new_page()
    for _ in range(5):
        sign_in(page, site, password="wrong")
    sign_in(page, site)
    expect(page.get_by_role("heading", name="Sign-in locked")).to_be_visible()
    expect(page.get_by_text("manage.py axes_reset_username itu-admin")).to_be_visible()
    context.close()
