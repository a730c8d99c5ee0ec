"""What an attacker or a careless client meets, with the production settings
on (HTTPS behind a proxy, HSTS, secure cookies): the security headers on
every kind of page, the HTTPS redirect, addresses with non-ASCII digits,
open-redirect payloads and stored XSS. These run on SQLite (`make test`)
and on PostgreSQL (`make test-postgres`) alike."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client, RequestFactory

from resolutions import views
from resolutions.importing import import_edition
from resolutions.parsing import parse_text

HSTS = "max-age=31536000; includeSubDomains; preload"


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    return settings


@pytest.fixture
def client(production) -> Client:
    """A browser behind the TLS-terminating proxy."""
    return Client(HTTP_X_FORWARDED_PROTO="https")


@pytest.fixture
def admin(production, db) -> Client:
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x"))
    return client


PUBLIC = ["/", "/pp/102/", "/pp/102/2014/", "/pp/102/2014/noting/b/", "/pp/102/compare/2010/2014/"]
ADMIN = [
    "/admin/",
    "/admin/resolutions/edition/",
    "/admin/resolutions/draft/upload/",
    "/admin/auth/user/",
    "/admin/axes/accessattempt/",
    "/admin/password_change/",
]


def assert_security_headers(response) -> None:
    assert response["Strict-Transport-Security"] == HSTS
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


# ---------------------------------------------------------------- headers


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_over_https_send_hsts_and_the_security_headers(bundled, client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_security_headers(response)
    assert not response.cookies


@pytest.mark.parametrize("url", ADMIN)
def test_admin_pages_send_the_same_headers_and_a_strict_policy(bundled, admin, url):
    response = admin.get(url)
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.parametrize("url", ADMIN)
def test_admin_pages_have_no_inline_script_style_or_handlers(bundled, admin, url):
    page = admin.get(url).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert not re.search(r"\sstyle=", page)
    assert not re.search(r"\son[a-z]+=", page)
    assert "<style" not in page


def test_the_sign_in_page_sends_its_cookie_secure_and_http_only(client, db):
    response = client.get("/admin/login/")
    assert_security_headers(response)
    assert response.cookies["csrftoken"]["secure"] is True


def test_plain_http_is_sent_to_https_for_good(client, bundled):
    response = Client().get("/pp/102/2014/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/pp/102/2014/"
    assert "Strict-Transport-Security" not in response  # HSTS is only ever sent over HTTPS


def test_a_client_cannot_claim_https_when_no_proxy_header_is_trusted(production, bundled):
    production.SECURE_PROXY_SSL_HEADER = None
    response = Client(HTTP_X_FORWARDED_PROTO="https").get("/pp/102/2014/")
    assert response.status_code == 301


# ---------------------------------------------------------------- health


def test_healthz_answers_ok_uncached_without_a_cookie_over_plain_http(production, db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_healthz_answers_503_when_the_database_does_not_answer(db, client, monkeypatch):
    from django.db import OperationalError

    import resolutions.health

    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(resolutions.health, "connection", Unreachable())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unreachable\n"
    assert "no-store" in response["Cache-Control"]


# ---------------------------------------------------------------- digits

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

# (before, number, after): the number is written in other digits.
DIGIT_URLS = [
    ("/pp/", "102", "/"),
    ("/pp/102/", "2014", "/"),
    ("/pp/102/", "2014", "/noting/b/"),
    ("/pp/102/latest/", "2010", "/noting/c/"),
    ("/pp/102/compare/", "2010", "/2014/"),
    ("/pp/102/2014/footnote/", "1", "/"),
    ("/admin/resolutions/edition/", "{edition}", "/change/"),
    ("/admin/auth/user/", "{user}", "/change/"),
]


@pytest.mark.parametrize("digits", [FULL_WIDTH, ARABIC_INDIC], ids=["full-width", "arabic-indic"])
@pytest.mark.parametrize(("before", "number", "after"), DIGIT_URLS)
def test_numbers_in_addresses_are_ascii_digits_only(bundled, admin, before, number, after, digits):
    from resolutions.models import Edition

    number = number.format(edition=Edition.objects.first().pk, user=User.objects.get().pk)
    assert admin.get(before + number + after).status_code in (200, 302)
    assert admin.get(before + number.translate(digits) + after).status_code == 404


@pytest.mark.parametrize("digits", [FULL_WIDTH, ARABIC_INDIC], ids=["full-width", "arabic-indic"])
def test_the_editions_picker_reads_ascii_years_only(bundled, client, digits):
    response = client.get("/pp/102/compare/", {"old": "2010".translate(digits), "new": "2014"})
    assert response.status_code == 302
    assert response["Location"] == "/pp/102/"
    assert client.get("/pp/102/compare/", {"old": "2_010", "new": "2014"})["Location"] == "/pp/102/"


def test_latest_reads_an_ascii_year_only_even_when_called_directly(bundled):
    request = RequestFactory().get("/")
    response = views.latest(request, "pp", 102, "2010".translate(FULL_WIDTH) + "/noting/c")
    assert response.status_code == 404  # the not-found page, not a redirect to 2014 noting b)


# ---------------------------------------------------------------- open redirects

REDIRECT_PAYLOADS = [
    "//evil.example/",
    "//evil.example/%2F..",
    "/\\evil.example/",
    "/%5Cevil.example/",
    "/%2F%2Fevil.example/",
    "///evil.example/",
    "/pp/102//evil.example/",
    "/PP/102/?next=//evil.example/",
    "/pp/102/2014?//evil.example",
    "/pp/102/2014/noting/b?x=https://evil.example",
    "/pp/102/latest/..%2F..%2F%2Fevil.example/",
    "/pp/102/latest///evil.example/",
    "/pp/102/compare/?old=2010&new=2014&view=//evil.example",
    "/pp/102/compare/?old=2010&new=2014&view=https://evil.example",
    "/pp/102/compare/?old=//evil.example&new=2014",
    "/PP/102/compare/2010/2014/?view=%0d%0aLocation:%20https://evil.example",
    "/admin/login/?next=https://evil.example/",
    "/admin/login/?next=//evil.example/",
    "/admin/logout/?next=https://evil.example/",
    "/admin?next=//evil.example",
    "/admin/r/1/1/",
    "/static/../../evil.example",
    "/healthz/?next=//evil.example",
]


def on_site(location: str) -> bool:
    parts = urlsplit(location)
    return (
        parts.netloc in ("", "testserver")
        and not location.startswith(("//", "/\\", "\\"))
        and "\n" not in location
        and "\r" not in location
    )


@pytest.mark.parametrize("url", REDIRECT_PAYLOADS)
def test_no_address_redirects_off_the_site(bundled, client, url):
    response = client.get(url)
    assert response.status_code < 500
    if response.status_code in (301, 302, 303, 307, 308):
        assert on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example/"])
def test_signing_in_never_sends_the_admin_off_the_site(production, db, next_url):
    User.objects.create_superuser("root", "root@example.org", "a long enough password")
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    client.get("/admin/login/")
    response = client.post(
        f"/admin/login/?next={next_url}",
        {"username": "root", "password": "a long enough password", "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


# ---------------------------------------------------------------- stored XSS

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "<svg/onload=alert(3)>",
    "javascript:alert(4)",
    "</textarea><iframe src=//evil.example>",
]


def hostile_edition(year: int, city: str) -> bytes:
    hostile = " ".join(PAYLOADS)
    return (
        f"RESOLUTION 666 (Rev. {city}, {year})\n"
        f"A hostile title {hostile}\n"
        f"The Plenipotentiary Conference of the International Telecommunication Union ({city}, {year}),\n"
        f"noting {PAYLOADS[1]}\n"
        f"a)\tthat {hostile} in {year}[footnoteRef:1]1;\n"
        f"b)\tthat the second clause says {PAYLOADS[0]} too;\n"
        "resolves\n"
        f"to keep {hostile} inert. [1: 1 \tA footnote {hostile}.]\n"
    ).encode()


@pytest.fixture
def hostile(db):
    for year, city in ((2010, "Guadalajara"), (2014, "Busan")):
        data = hostile_edition(year, city)
        import_edition(parse_text(data), data, source_name=f"hostile-{year}.txt", imported_by="test")


def every_url_of_the_hostile_resolution() -> dict[str, bool]:
    """Every page of the resolution, and whether it shows hostile text (the
    resolution line and the preamble have none)."""
    from resolutions.models import ClauseVersion

    urls = dict.fromkeys(["/", "/pp/666/", "/pp/666/2010/", "/pp/666/2014/"], True)
    for view in ("", "?view=side-by-side", "?changes=only", "?view=side-by-side&changes=only"):
        urls |= dict.fromkeys(
            [f"/pp/666/compare/2010/2014/{view}", f"/pp/666/compare/2014/2010/{view}"], True
        )
    for version in ClauseVersion.objects.filter(edition__resolution__number=666).select_related(
        "edition__resolution"
    ):
        urls[version.get_absolute_url()] = "<" in version.text
    urls["/pp/666/latest/"] = True
    return urls


def test_stored_scripts_and_markup_are_inert_on_every_page(hostile, client):
    urls = every_url_of_the_hostile_resolution()
    assert len(urls) > 25
    for url, shows_hostile_text in urls.items():
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.get(url, follow=True, **headers)
            assert response.status_code == 200, url
            page = response.content.decode()
            for payload in PAYLOADS[:3] + PAYLOADS[4:5]:
                assert payload not in page, (url, payload)
            assert not re.search(r"<(img|svg|iframe)\b", page), url
            if shows_hostile_text:  # and shows it as text
                assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page or "&quot;&gt;&lt;img src=x" in page, (
                    url
                )
