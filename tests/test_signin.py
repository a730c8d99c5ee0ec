"""Admin sign-in is throttled by django-axes: repeated failures for one
username, or from one address, lock it out with a page that says why and
for how long; the right password does not get through meanwhile; a
management command unlocks it. Failures are counted in the database, so
every app server sees them."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "the right password, long enough"


@pytest.fixture
def editor(db) -> User:
    return User.objects.create_user("editor", password=PASSWORD, is_staff=True)


def sign_in(username: str, password: str, address: str = "192.0.2.10", **headers) -> object:
    return Client(REMOTE_ADDR=address, **headers).post(LOGIN, {"username": username, "password": password})


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def fail(times: int, username: str = "editor", address: str = "192.0.2.10", **headers) -> None:
    for _ in range(times):
        response = sign_in(username, "wrong", address, **headers)
        assert response.status_code in (200, 429)


def test_the_right_password_signs_in(editor):
    assert signed_in(sign_in("editor", PASSWORD))


def test_four_failures_do_not_lock_anyone_out(editor):
    fail(4)
    assert signed_in(sign_in("editor", PASSWORD))


def test_five_failures_lock_the_username_out_even_with_the_right_password(editor):
    fail(5)
    response = sign_in("editor", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Signing in as <strong>editor</strong> is refused for 30 minutes" in page
    assert "5 failed attempts in a row for this username or from this address" in page
    assert "manage.py axes_reset_username editor" in page
    assert "sessionid" not in response.cookies


def test_the_username_stays_locked_from_another_address(editor):
    fail(5, address="192.0.2.10")
    assert sign_in("editor", PASSWORD, address="198.51.100.7").status_code == 429


def test_an_address_trying_many_usernames_is_locked_out_for_all_of_them(editor):
    statuses = [sign_in(f"guess{number}", "wrong", address="203.0.113.9").status_code for number in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks out at once
    assert sign_in("editor", PASSWORD, address="203.0.113.9").status_code == 429
    assert signed_in(sign_in("editor", PASSWORD, address="192.0.2.10"))


def test_an_administrator_unlocks_a_locked_out_admin_with_a_command(editor):
    fail(5)
    assert sign_in("editor", PASSWORD).status_code == 429
    call_command("axes_reset_username", "editor", stdout=io.StringIO())
    call_command("axes_reset_ip", "192.0.2.10", stdout=io.StringIO())
    assert signed_in(sign_in("editor", PASSWORD))


def test_the_limit_and_the_lockout_follow_the_settings(editor, settings):
    settings.AXES_FAILURE_LIMIT = 2
    fail(2)
    response = sign_in("editor", PASSWORD)
    assert response.status_code == 429
    assert "2 failed attempts in a row" in response.content.decode()


def test_without_a_proxy_count_a_forged_forwarded_for_changes_nothing(editor):
    for number in range(5):
        sign_in(f"guess{number}", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
    assert sign_in("editor", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429


def test_behind_one_proxy_each_client_address_is_counted_apart(editor, settings):
    settings.PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for number in range(5):
        sign_in(f"guess{number}", "wrong", proxy, HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.9")
    assert sign_in("editor", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert signed_in(sign_in("editor", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7"))
