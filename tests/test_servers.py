"""The production server for real: gunicorn from config/gunicorn.conf.py,
DJANGO_DEBUG=0, behind a (simulated) TLS proxy, in processes of their own,
on the test database (SQLite or PostgreSQL, whichever the run uses).

The two-server test is the deployment the README describes, in small: two
app servers, one database, one Redis. A page cached through server A, an
edition uploaded through A and published through B (so B reads the file A
stored on the shared upload volume), and A's next answer shows it.

Redis is needed for that one: CI starts it (.ci/run); elsewhere the test is
skipped when no Redis answers at TEST_REDIS_URL (redis://127.0.0.1:6379/3).
"""

from __future__ import annotations

import html
import io
import os
import re
import subprocess
import sys
import uuid
from urllib.parse import quote

import brotli
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from tests.support.builders import tracked_docx_from_redline
from tests.support.dubai import dubai_redline
from tests.support.servers import ROOT, database_url, production_env, redis_keys, start_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("uploads")]

PASSWORD = "a long and unguessable password"


@pytest.fixture
def site(db):
    call_command("load_bundled_editions", stdout=io.StringIO())
    User.objects.create_superuser("root", "root@example.org", PASSWORD)


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """collectstatic as `make serve` runs it (hashed, compressed), once."""
    root = tmp_path_factory.mktemp("static")
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=production_env(DJANGO_STATIC_ROOT=str(root), DJANGO_UPLOAD_ROOT=str(root / "none")),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def redis_url() -> str:
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("CI"):
            pytest.fail(f"no Redis at {url} ({error}): CI must start redis-server (.ci/run does)")
        pytest.skip(f"no Redis at {url} ({error})")
    finally:
        client.close()
    return url


@pytest.fixture
def servers(tmp_path):
    started = []

    def start(**env):
        server = start_server(
            production_env(**{"DATABASE_URL": database_url(), **env}), tmp_path / f"server-{len(started)}.log"
        )
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def test_the_production_server_serves_pages_static_files_and_its_health(site, servers, static_root):
    server = servers(DJANGO_STATIC_ROOT=str(static_root), WEB_CONCURRENCY="2")
    browser = server.client()
    assert browser.get("/healthz").text == "ok\n"
    page = browser.get("/pp/102/2014/", {"Accept-Encoding": "br"})
    assert page.status == 200
    assert page.headers["content-encoding"] == "br"
    assert b"Rev. Busan, 2014" in brotli.decompress(page.body)
    assert page.headers["strict-transport-security"].startswith("max-age=31536000")
    assert "set-cookie" not in page.headers
    stylesheet = re.search(
        r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', brotli.decompress(page.body).decode()
    )
    assert stylesheet, "collectstatic's hashed names are used"
    static = browser.get(stylesheet.group(1), {"Accept-Encoding": "br"})
    assert static.status == 200
    assert static.headers["content-encoding"] == "br"
    assert "immutable" in static.headers["cache-control"]
    plain_http = browser.get("/pp/102/2014/", {"X-Forwarded-Proto": "http"})
    assert plain_http.status == 301
    assert plain_http.headers["location"] == "https://resolutions.example.org/pp/102/2014/"
    assert browser.get("/pp/102/2014/", {"Host": "attacker.example"}).status == 400
    server.stop()
    log = server.output()
    assert re.search(r'"GET /pp/102/2014/ HTTP/1.1" 200 \d+', log), "the access log goes to stdout"
    assert "Booting worker" in log and "DEBUG" not in log


def test_health_says_503_when_the_database_does_not_answer(servers):
    server = servers(DATABASE_URL="postgres://postgres@127.0.0.1:1/unreachable")
    reply = server.client().get("/healthz")
    assert reply.status == 503
    assert reply.text == "database unreachable\n"
    assert "no-store" in reply.headers["cache-control"]


def test_two_servers_share_one_database_and_one_redis_and_a_publish_shows_on_both(
    site, servers, redis_url, uploads, static_root
):
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    shared = {
        "CACHE_URL": redis_url,
        "DJANGO_CACHE_KEY_PREFIX": prefix,
        "DJANGO_UPLOAD_ROOT": str(uploads),
        "DJANGO_STATIC_ROOT": str(static_root),
    }
    a, b = servers(**shared), servers(**shared)
    reader_a, reader_b = a.client(), b.client()

    before = reader_a.get("/pp/102/")
    assert before.status == 200 and b"Dubai" not in before.body
    assert redis_keys(redis_url, f"{prefix}:*page:*"), "server A keeps the page in the shared Redis"
    assert reader_b.get("/pp/102/").body == before.body

    editor_a, editor_b = a.client(), b.client()
    assert editor_a.sign_in("root", PASSWORD).headers["location"] == "/admin/"
    assert editor_b.sign_in("root", PASSWORD).headers["location"] == "/admin/"
    uploaded = editor_a.post(
        "/admin/resolutions/draft/upload/",
        {"marks": "tracked", "body": ""},
        files={"file": ("Res102-Dubai.docx", tracked_docx_from_redline(dubai_redline()))},
    )
    assert uploaded.status == 302, uploaded.text
    review = editor_b.get(uploaded.headers["location"])  # B reads the file A stored
    assert review.status == 200, review.text
    reviewed = re.search(r'name="reviewed" value="([^"]+)"', review.text)
    # The review's Publish… opens the confirmation page (a GET); its button posts.
    action = re.search(r'<form method="get" action="([^"]+)" class="publish-form"', review.text)
    confirmation = editor_b.get(f"{action.group(1)}?reviewed={quote(html.unescape(reviewed.group(1)))}")
    assert confirmation.status == 200, confirmation.text
    action = re.search(r'<form method="post" action="([^"]+)" class="confirm-form"', confirmation.text)
    published = editor_b.post(action.group(1), {"reviewed": html.unescape(reviewed.group(1))})
    assert published.status == 302, published.text

    after = reader_a.get("/pp/102/")
    assert b"Rev. Dubai, 2018" in after.body
    assert reader_a.get("/pp/102/2018/").status == 200
    assert b"Rev. Dubai, 2018" in reader_b.get("/").body
    assert reader_a.get("/pp/102/latest/").headers["location"] == "/pp/102/2018/"
