"""The production server under load while an edition is published (`make load`).

For each database (SQLite in WAL mode, PostgreSQL), on a fresh copy of the
bundled editions: migrate, collectstatic, then gunicorn from
config/gunicorn.conf.py with DEBUG off, as `make serve` runs it, on a port
of 127.0.0.1 chosen by the system. wrk (Debian's package) then drives, one
after the other for --seconds each, the home page, the resolution page, an
edition, both comparison views and a clause page, each beside a static file
of exactly that page's bytes served by the same server (WhiteNoise, with
its precompressed copies), so that the page's own cost shows. Every request
says Accept-Encoding: br, gzip and X-Forwarded-Proto: https, as a browser
behind the TLS proxy would.

Then, with wrk cycling through all the pages, a second process publishes a
new edition (manage.py import_edition, Rev. Dubai 2018, a tracked-changes
.docx over the 2014 text): readers must see no error, and the new edition
must be served once it is in.

Figures are printed (requests per second, p50 and p99 latency, answers
outside 2xx, socket errors), never asserted: this is not a CI gate. All
traffic goes to 127.0.0.1 and every wrk run is bounded in time.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

LUA = Path(__file__).with_name("report.lua")
PAGES = {
    "home": "/",
    "resolution": "/pp/102/",
    "edition": "/pp/102/2014/",
    "compare inline": "/pp/102/compare/2010/2014/",
    "compare side by side": "/pp/102/compare/2010/2014/?view=side-by-side",
    "clause": "/pp/102/2014/noting/b/",
}
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "br, gzip"}


@dataclass
class Figures:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    non2xx: int
    socket_errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def prepare_site(env: dict[str, str]) -> None:
    """The database and static files of the server `env` describes: migrated,
    with the bundled editions, the static files collected."""
    for command in (
        ["migrate", "--noinput", "--verbosity", "0"],
        ["load_bundled_editions"],
        ["collectstatic", "--noinput", "--verbosity", "0"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )


def production_env(work: Path, database_url: str) -> dict[str, str]:
    """The environment of a production server on 127.0.0.1 (DEBUG off, a
    fresh secret, its static files and uploads under `work`), without any
    DJANGO_ or database setting of the calling shell."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL"))},
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "DJANGO_UPLOAD_ROOT": str(work / "uploads"),
        "DATABASE_URL": database_url,
        "GUNICORN_LOG_LEVEL": "warning",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument("--seconds", type=int, default=8, help="length of each wrk run (at most 60)")
    parser.add_argument("--publish-seconds", type=int, default=20, help="length of the run with the publish")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: the config's)")
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help="a server to create a database on",
    )
    parser.add_argument("--no-page-cache", action="store_true", help="render every page (cache off)")
    args = parser.parse_args()
    args.seconds = max(1, min(args.seconds, 60))
    args.publish_seconds = max(5, min(args.publish_seconds, 120))
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk (make load does)", file=sys.stderr)
        return 2
    for database in [name.strip() for name in args.databases.split(",") if name.strip()]:
        with tempfile.TemporaryDirectory(prefix=f"load-{database}-") as work:
            run_one(database, Path(work), args)
    return 0


def run_one(database: str, work: Path, args: argparse.Namespace) -> None:
    if database == "sqlite":
        url, drop = f"sqlite:///{work / 'db.sqlite3'}", None
    elif database == "postgres":
        url, drop = create_postgres_database(args.postgres)
    else:
        raise SystemExit(f"unknown database {database!r}: sqlite or postgres")
    env = production_env(work, url)
    if args.no_page_cache:
        env["RESOLUTIONS_PAGE_CACHE_SECONDS"] = "0"
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    try:
        prepare_site(env)
        bodies = render_pages(env)
        probes = work / "static" / "load-probes"
        probes.mkdir()
        for name, body in bodies.items():
            (probes / f"{name.replace(' ', '-')}.html").write_bytes(body)
        # WhiteNoise serves what it finds at start-up, with the .br/.gz
        # copies that collectstatic would have made.
        subprocess.run(
            [sys.executable, "-m", "whitenoise.compress", str(probes)], check=True, capture_output=True
        )
        server, port = start_gunicorn(env, work / "gunicorn.log")
        try:
            report(database, env, args, port, bodies, work)
        finally:
            server.terminate()
            server.wait(timeout=60)
    finally:
        if drop is not None:
            drop()


def render_pages(env: dict[str, str]) -> dict[str, bytes]:
    """Each page's bytes, as the production settings render them."""
    code = (
        "import json, sys, django; django.setup()\n"
        "from django.test import Client\n"
        "client = Client(HTTP_HOST='127.0.0.1', HTTP_X_FORWARDED_PROTO='https')\n"
        "out = {}\n"
        f"for name, path in {PAGES!r}.items():\n"
        "    response = client.get(path)\n"
        "    assert response.status_code == 200, (path, response.status_code)\n"
        "    out[name] = response.content.decode()\n"
        "json.dump(out, sys.stdout)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings", "RESOLUTIONS_PAGE_CACHE_SECONDS": "0"},
        check=True,
        capture_output=True,
        text=True,
    )
    return {name: text.encode() for name, text in json.loads(result.stdout).items()}


def start_gunicorn(env: dict[str, str], log: Path) -> tuple[subprocess.Popen, int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    sock.set_inheritable(True)
    port = sock.getsockname()[1]
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"fd://{sock.fileno()}"},
            stdout=out,
            stderr=subprocess.STDOUT,
            pass_fds=[sock.fileno()],
        )
    sock.close()
    for _ in range(600):  # at most a minute
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return server, port
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"gunicorn did not start:\n{log.read_text()}")


def wrk(
    port: int, path: str, seconds: int, args: argparse.Namespace, cycle: list[str] | None = None
) -> Figures:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--timeout", "10s"]
    for name, value in HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    command += ["-s", str(LUA), f"http://127.0.0.1:{port}{path}"]
    if cycle:
        command += ["--", *cycle]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    line = next((line for line in result.stdout.splitlines() if line.startswith("WRK_JSON ")), None)
    if line is None:
        raise SystemExit(f"wrk said:\n{result.stdout}\n{result.stderr}")
    data = json.loads(line.removeprefix("WRK_JSON "))
    return Figures(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        non2xx=data["non2xx"],
        socket_errors=data["connect"] + data["read"] + data["write"] + data["timeout"],
    )


def compressed_size(port: int, path: str) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=HEADERS)
    with urllib.request.urlopen(request, timeout=30) as answer:
        return len(answer.read())


def row(label: str, size: str, figures: Figures) -> str:
    return (
        f"  {label:<30} {size:>17} {figures.rate:>9,.0f} {figures.p50_ms:>9.1f} {figures.p99_ms:>9.1f}"
        f" {figures.non2xx:>8} {figures.socket_errors:>7}"
    )


def report(database: str, env: dict, args: argparse.Namespace, port: int, bodies: dict, work: Path) -> None:
    workers = env.get("WEB_CONCURRENCY") or f"{(os.cpu_count() or 1) * 2 + 1} (config)"
    cache = "off" if args.no_page_cache else "on (per-process memory)"
    print(
        f"\n== {'SQLite (WAL)' if database == 'sqlite' else 'PostgreSQL'}: gunicorn {workers} workers x 2 threads,"
        f" page cache {cache}; wrk {args.threads} threads, {args.connections} connections, {args.seconds} s each"
    )
    print(
        f"  {'target':<30} {'bytes (br sent)':>17} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'non-2xx':>8} {'sockerr':>7}"
    )
    for name, path in PAGES.items():
        probe = f"/static/load-probes/{name.replace(' ', '-')}.html"
        size = f"{len(bodies[name]):,} ({compressed_size(port, path):,})"
        print(row(name, size, wrk(port, path, args.seconds, args)), flush=True)
        static_size = f"{len(bodies[name]):,} ({compressed_size(port, probe):,})"
        print(row("  static file, same bytes", static_size, wrk(port, probe, args.seconds, args)), flush=True)

    docx = work / "Res102-Dubai.docx"
    from tests.support.builders import tracked_docx_from_redline
    from tests.support.dubai import dubai_redline

    docx.write_bytes(tracked_docx_from_redline(dubai_redline()))
    published: dict[str, object] = {}

    def publish() -> None:
        time.sleep(min(5, args.publish_seconds / 4))  # readers first
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "manage.py", "import_edition", str(docx), "--user", "load test"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        published.update(
            seconds=time.perf_counter() - started, code=result.returncode, out=result.stdout + result.stderr
        )

    publisher = threading.Thread(target=publish)
    publisher.start()
    figures = wrk(port, "/", args.publish_seconds, args, cycle=list(PAGES.values()))
    publisher.join()
    shown = urllib.request.urlopen(
        urllib.request.Request(
            f"http://127.0.0.1:{port}/pp/102/2018/", headers={"X-Forwarded-Proto": "https"}
        ),
        timeout=30,
    ).status
    print(
        f"  all pages in turn for {args.publish_seconds} s, an edition published by a second process meanwhile:"
    )
    print(row("  pages during the publish", "", figures))
    outcome = "published" if published.get("code") == 0 else f"FAILED ({published.get('out')})"
    print(f"  publish: {outcome} in {published.get('seconds', 0):.2f} s; /pp/102/2018/ then answers {shown}")


def create_postgres_database(server_url: str) -> tuple[str, object]:
    import psycopg

    name = f"load_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server_url, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    base = server_url.rsplit("/", 1)[0]

    def drop() -> None:
        with psycopg.connect(server_url, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{base}/{name}", drop


if __name__ == "__main__":
    sys.exit(main())
