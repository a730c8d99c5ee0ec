"""Pages served from the page cache through gunicorn, against a static file.

    .venv/bin/python tests/bench/bench_served.py [--seconds N]

The production server as `make serve` runs it (config/gunicorn.conf.py,
DEBUG off, SQLite, the bundled editions), on a free port of 127.0.0.1,
with the harness of `make load` (tests/load/run.py): wrk, one run after the
other in the same process, asks for a page already in the page cache and
for a static file of exactly that page's bytes served by the same server
(WhiteNoise, with its precompressed copies), as a browser behind the TLS
proxy would (Accept-Encoding: br, gzip; X-Forwarded-Proto: https). The
ratio of the two throughputs is the figure: issue 9 asks for 80%.

Page and file take turns, three runs each (`--rounds`), and each figure is
the median of its runs: wrk shares the machine's two cores with the
server, so a single run of each moved the ratio by a fifth from one run of
the benchmark to the next. Beside the throughput, the CPU time the
server's workers spent per request (user and system, from /proc), which
depends far less on what else the machine is doing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.load.run import (  # noqa: E402
    compressed_size,
    prepare_site,
    production_env,
    render_pages,
    start_gunicorn,
    wrk,
)

PAGES = {
    "compare side by side": "/pp/102/compare/2010/2014/?view=side-by-side",
    "compare inline": "/pp/102/compare/2010/2014/",
    "clause": "/pp/102/2014/noting/b/",
}


def workers_cpu_seconds(server: subprocess.Popen) -> float:
    """User and system CPU time of the server's worker processes so far."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[1]) == server.pid:  # fields[1] is the parent's pid
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def measured(server: subprocess.Popen, port: int, path: str, seconds: int, args) -> tuple[float, float]:
    """wrk's requests a second, and the workers' CPU microseconds a request."""
    before = workers_cpu_seconds(server)
    figures = wrk(port, path, seconds, args)
    spent = workers_cpu_seconds(server) - before
    return figures.rate, spent / figures.requests * 1e6 if figures.requests else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk): skipped")
        return
    with tempfile.TemporaryDirectory(prefix="bench-served-") as folder:
        work = Path(folder)
        env = {
            **production_env(work, f"sqlite:///{work / 'db.sqlite3'}"),
            "WEB_CONCURRENCY": str(args.workers),
            # Recycling a worker costs both runs the same second of start-up
            # whatever they serve; at these rates it would come every few
            # seconds and measure the start-up, not the serving.
            "GUNICORN_MAX_REQUESTS": "0",
        }
        prepare_site(env)
        bodies = render_pages(env)
        probes = work / "static" / "bench-probes"
        probes.mkdir()
        for name in PAGES:
            (probes / f"{name.replace(' ', '-')}.html").write_bytes(bodies[name])
        subprocess.run(
            [sys.executable, "-m", "whitenoise.compress", str(probes)], check=True, capture_output=True
        )
        server, port = start_gunicorn(env, work / "gunicorn.log")
        try:
            print(
                f"gunicorn {args.workers} workers x 2 threads (gthread), not recycled, page cache in each worker's memory; "
                f"wrk {args.threads} threads, {args.connections} connections, {args.seconds} s a run, "
                f"page and file in turn, median of {args.rounds} runs each"
            )
            print(
                f"{'page':<22} {'bytes (br sent)':>18} {'page req/s':>11} {'file req/s':>11} {'page/file':>10}"
                f" {'page CPU µs/req':>16} {'file CPU µs/req':>16} {'file/page':>10}"
            )
            for name, path in PAGES.items():
                probe = f"/static/bench-probes/{name.replace(' ', '-')}.html"
                for _ in range(2 * args.workers):  # every worker caches the page before wrk starts
                    compressed_size(port, path)
                runs = [
                    (
                        measured(server, port, path, args.seconds, args),
                        measured(server, port, probe, args.seconds, args),
                    )
                    for _ in range(args.rounds)
                ]
                page_rate, file_rate = (statistics.median(run[i][0] for run in runs) for i in (0, 1))
                page_cpu, file_cpu = (statistics.median(run[i][1] for run in runs) for i in (0, 1))
                size = f"{len(bodies[name]):,} ({compressed_size(port, path):,})"
                print(
                    f"{name:<22} {size:>18} {page_rate:>11,.0f} {file_rate:>11,.0f} "
                    f"{page_rate / file_rate if file_rate else 0:>10.0%} {page_cpu:>16,.0f} {file_cpu:>16,.0f} "
                    f"{file_cpu / page_cpu if page_cpu else 0:>10.0%}",
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait(timeout=60)


if __name__ == "__main__":
    main()
