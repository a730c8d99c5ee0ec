"""Withdrawing a published edition: the newest of its resolution only,
confirmed first, recorded (a Withdrawal, and its source file's history);
afterwards its addresses answer 410 Gone with the site's page and a note,
/latest/ goes to the edition before it, and cached pages change at once."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.http import parse_http_date

from resolutions.models import Clause, ClauseVersion, Edition, Resolution, SourceFile, Withdrawal
from tests.support.admin import counts, messages_of, only_2010, page, publish

REASON = "The file was an unrevised draft of the Final Acts."

GONE_ADDRESSES = [
    "/pp/102/2018/",
    "/pp/102/2018/noting/b/",
    "/pp/102/2018/noting/",
    "/pp/102/compare/2014/2018/",
    "/pp/102/compare/2010/2018/?view=side-by-side",
    "/pp/102/latest/2018/noting/b/",
]
GONE_DOCUMENTS = [
    "/pp/102/2018.json",
    "/pp/102/2018/noting/b.json",
    "/pp/102/compare/2014/2018.json",
]
GONE_DOWNLOADS = ["/pp/102/2018.txt", "/pp/102/2018.docx", "/pp/102/compare/2014/2018.docx"]


def withdraw_url(edition: Edition) -> str:
    return reverse("admin:resolutions_edition_withdraw", args=[edition.pk])


@pytest.fixture
def dubai_2018(client, dubai) -> Edition:
    publish(client, dubai)
    return Edition.objects.get(year=2018)


def withdraw(client: Client, edition: Edition, reason: str = REASON):
    return client.post(withdraw_url(edition), {"reason": reason})


def test_the_newest_edition_offers_withdrawal_and_older_ones_do_not(client, dubai_2018):
    html = page(client.get(reverse("admin:resolutions_edition_change", args=[dubai_2018.pk])))
    assert f'href="{withdraw_url(dubai_2018)}">Withdraw this edition…</a>' in html
    busan = Edition.objects.get(year=2014)
    html = page(client.get(reverse("admin:resolutions_edition_change", args=[busan.pk])))
    assert "Withdraw this edition" not in html


def test_the_confirmation_says_what_will_happen_and_changes_nothing(client, dubai_2018):
    before = counts()
    html = page(client.get(withdraw_url(dubai_2018)))
    clauses = dubai_2018.clause_versions.count()
    assert "<strong>Resolution 102 (Rev. Dubai, 2018)</strong>" in html
    assert f"with {clauses} clauses" in html
    assert "answer <strong>410 Gone</strong>" in html
    assert "Resolution 102 (Rev. Busan, 2014) becomes the newest edition" in html
    assert f'<form method="post" action="{withdraw_url(dubai_2018)}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert counts() == before
    assert not Withdrawal.objects.exists()


def test_withdrawing_deletes_the_rows_and_keeps_a_record(client, dubai_2018):
    clauses = dubai_2018.clause_versions.count()
    response = withdraw(client, dubai_2018)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:resolutions_edition_changelist")
    assert any("was withdrawn" in m for m in messages_of(response))
    assert not Edition.objects.filter(year=2018).exists()
    assert not ClauseVersion.objects.filter(edition__year=2018).exists()
    # No clause identity is left that only the withdrawn edition had.
    assert not Clause.objects.filter(versions__isnull=True).exists()
    withdrawal = Withdrawal.objects.get()
    assert (withdrawal.year, withdrawal.citation_designation, withdrawal.clause_count) == (
        2018,
        "Rev. Dubai, 2018",
        clauses,
    )
    assert (withdrawal.withdrawn_by, withdrawal.reason) == ("publisher", REASON)
    source = SourceFile.objects.get()
    assert withdrawal.source_file == source
    assert source.produced.startswith(
        "Resolution 102 (Rev. Dubai, 2018)\nWithdrawn: Resolution 102 (Rev. Dubai, 2018), on "
    )
    assert source.produced.endswith(f"by publisher: {REASON}")
    assert source.published_at is not None  # the file is still the record of what was published
    assert Resolution.objects.get().title == Edition.objects.get(year=2014).title


@pytest.mark.parametrize("address", GONE_ADDRESSES + GONE_DOWNLOADS)
def test_the_withdrawn_editions_addresses_answer_410_with_the_sites_page_and_a_note(
    client, dubai_2018, address
):
    withdraw(client, dubai_2018)
    response = Client().get(address)
    assert response.status_code == 410
    html = page(response)
    assert '<header class="site-header">' in html
    assert "Resolution 102 (Rev. Dubai, 2018) was withdrawn on " in html
    assert 'the newest edition is <a href="/pp/102/2014/">Resolution 102 (Rev. Busan, 2014)</a>' in html
    assert f"Reason given: {REASON}" in html
    assert not response.cookies


@pytest.mark.parametrize("address", GONE_DOCUMENTS)
def test_the_withdrawn_editions_json_answers_410_with_the_note(client, dubai_2018, address):
    withdraw(client, dubai_2018)
    response = Client().get(address)
    assert response.status_code == 410
    document = json.loads(response.content)
    assert document["error"].startswith("Resolution 102 (Rev. Dubai, 2018) was withdrawn on ")
    assert "the newest edition is Resolution 102 (Rev. Busan, 2014)" in document["error"]
    assert document["newest"] == "http://testserver/pp/102/2014/"


def test_latest_goes_to_the_edition_before_the_withdrawn_one(client, dubai_2018):
    assert Client().get("/pp/102/latest/")["Location"] == "/pp/102/2018/"
    withdraw(client, dubai_2018)
    assert Client().get("/pp/102/latest/")["Location"] == "/pp/102/2014/"
    assert Client().get("/pp/102/latest/noting/b/")["Location"] == "/pp/102/2014/noting/b/"


def test_an_unknown_year_is_still_a_404(client, dubai_2018):
    withdraw(client, dubai_2018)
    assert Client().get("/pp/102/2022/").status_code == 404


def test_cached_pages_change_at_once_and_their_dates_do_not_go_back(client, dubai_2018, settings):
    settings.RESOLUTIONS_PAGE_CACHE_SECONDS = 600
    cache.clear()
    resolution_page = Client().get("/pp/102/")
    busan_page = Client().get("/pp/102/2014/")
    assert "Rev. Dubai, 2018" in page(resolution_page)
    assert "This edition has been superseded" in page(busan_page)
    withdraw(client, dubai_2018)
    after = Client().get("/pp/102/")
    assert "Rev. Dubai, 2018" not in page(after)
    assert "This edition has been superseded" not in page(Client().get("/pp/102/2014/"))
    assert after["ETag"] != resolution_page["ETag"]
    # The withdrawal is the latest change: Last-Modified does not go back to the 2014 import.
    withdrawn_at = Withdrawal.objects.get().withdrawn_at
    assert parse_http_date(after["Last-Modified"]) == int(withdrawn_at.timestamp())
    assert parse_http_date(after["Last-Modified"]) >= parse_http_date(resolution_page["Last-Modified"])


def test_only_the_newest_edition_can_be_withdrawn(client, dubai_2018):
    busan = Edition.objects.get(year=2014)
    html = page(client.get(withdraw_url(busan)))
    assert "Only the newest edition of Resolution 102 can be withdrawn" in html
    assert 'value="Withdraw Resolution 102 (Rev. Busan, 2014)" disabled' in html
    before = counts()
    response = withdraw(client, busan)
    assert any("Nothing was withdrawn: Only the newest edition" in m for m in messages_of(response))
    assert counts() == before


@pytest.mark.django_db
def test_the_only_edition_of_a_resolution_cannot_be_withdrawn(client):
    only_2010(None)
    edition = Edition.objects.get()
    response = withdraw(client, edition)
    assert any("is the only edition of Resolution 102" in m for m in messages_of(response))
    assert Edition.objects.filter(pk=edition.pk).exists()


def test_other_methods_than_get_and_post_are_refused(client, dubai_2018):
    assert client.put(withdraw_url(dubai_2018)).status_code == 405
    assert client.delete(withdraw_url(dubai_2018)).status_code == 405
    assert Edition.objects.filter(year=2018).exists()


def test_a_reason_is_required(client, dubai_2018):
    response = withdraw(client, dubai_2018, reason="  ")
    assert response.status_code == 200
    assert "This field is required" in page(response)
    assert Edition.objects.filter(year=2018).exists()


def test_withdrawal_is_a_post_with_the_csrf_token_by_a_publisher(publisher, dubai_2018):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(publisher)
    assert strict.post(withdraw_url(dubai_2018), {"reason": REASON}).status_code == 403
    viewer = User.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_edition"))
    other = Client()
    other.force_login(viewer)
    assert other.get(withdraw_url(dubai_2018)).status_code == 403
    assert other.post(withdraw_url(dubai_2018), {"reason": REASON}).status_code == 403
    assert Client().post(withdraw_url(dubai_2018), {"reason": REASON}).status_code == 302  # to the login
    assert Edition.objects.filter(year=2018).exists()


def test_a_withdrawn_year_can_be_published_again(client, dubai_2018):
    from tests.support.admin import dubai_docx, upload_draft

    withdraw(client, dubai_2018)
    again = upload_draft(client, dubai_docx(), "Res102-Dubai-corrected.docx")
    publish(client, again)
    assert Client().get("/pp/102/2018/").status_code == 200
    assert Client().get("/pp/102/latest/")["Location"] == "/pp/102/2018/"


def test_search_no_longer_finds_the_withdrawn_text(client, dubai_2018):
    query = "/search/?q=open+consultations+held+since+2015"
    assert "Rev. Dubai, 2018" in page(Client().get(query))
    withdraw(client, dubai_2018)
    assert "Rev. Dubai, 2018" not in page(Client().get(query))
