"""Lighthouse scores of the comparison and an edition, as served in production.

    .venv/bin/python tests/bench/bench_lighthouse.py [--form-factors mobile,desktop]

The production server as bench_served runs it (config/gunicorn.conf.py,
DEBUG off, SQLite, the bundled editions, WhiteNoise), on a free port of
127.0.0.1; Lighthouse 12.8.2 (npm, pinned in tests/bench/lighthouse: 13
needs Node 22, and 12.2.3's trace engine cannot read the traces of
Chromium 156, so that six audits, which element shifted among them, end in
an error) drives Debian's Chromium headless (CHROME_PATH, else
/usr/bin/chromium) over each page, as a phone and as a desktop, and the
four category scores are printed with every audit that did not pass, so
that a figure below 100 explains itself.

Plain HTTP, with DJANGO_SECURE_SSL_REDIRECT=0: in production a TLS proxy
says X-Forwarded-Proto: https, which Lighthouse cannot send, and the
server would otherwise redirect every request to an https:// address
nobody answers. 127.0.0.1 is a secure context to the browser, so what
Lighthouse judges is as over HTTPS: Chromium offers zstd and br (the page
goes out zstd), and best-practices' "Uses HTTPS" passes. Only the HSTS
header is missing, which Django sends on secure requests alone; its audit
("Use a strong HSTS policy") only informs and counts for no score.

Lighthouse is installed on first use (`npm ci`, into
tests/bench/lighthouse/node_modules, which git ignores); without node and
npm, or Chromium, or the registry, the benchmark says why and is skipped.
Figures are printed, never asserted; performance moves by a few points
from one run to the next on a shared machine (its throttling is simulated
from a trace measured on this machine's CPU).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.load.run import prepare_site, production_env, start_gunicorn  # noqa: E402

PACKAGE = Path(__file__).with_name("lighthouse")
PAGES = {
    "comparison": "/pp/102/compare/2010/2014/",
    "edition": "/pp/102/2014/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
# Audits that only inform, or that Lighthouse could not judge, have no pass.
UNSCORED = {"informative", "manual", "notApplicable", "error"}


def lighthouse_cli() -> tuple[Path | None, str]:
    """The CLI, installed from the lock file if need be, or why there is none."""
    cli = PACKAGE / "node_modules" / ".bin" / "lighthouse"
    if cli.exists():
        return cli, ""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return None, "node and npm are not installed (apt-get install nodejs npm)"
    result = subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--loglevel", "error"],
        cwd=PACKAGE,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 or not cli.exists():
        return None, f"npm ci failed in {PACKAGE.relative_to(ROOT)}: {result.stderr.strip()[-500:]}"
    return cli, ""


def version(cli: Path) -> str:
    return subprocess.run([str(cli), "--version"], capture_output=True, text=True).stdout.strip()


def run_lighthouse(cli: Path, chrome: str, url: str, form_factor: str, out: Path) -> dict:
    command = [
        str(cli),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    for _ in range(3):  # now and then the trace misses its start (NO_NAVSTART): once more
        result = subprocess.run(
            command, env={**os.environ, "CHROME_PATH": chrome}, capture_output=True, text=True, timeout=300
        )
        if result.returncode == 0:
            return json.loads(out.read_text())
    raise SystemExit(f"lighthouse failed on {url} ({form_factor}):\n{result.stderr[-2000:]}")


def failing_audits(report: dict) -> list[tuple[str, str, str]]:
    """(category, title, what Lighthouse measured) for each audit short of a
    pass, and each that could not run."""
    failing = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("group") in ("metrics", "hidden"):
                continue  # the metrics have a line of their own; hidden ones are not in the report
            if audit["scoreDisplayMode"] == "error":
                failing.append((category, f"could not run: {audit['title']}", audit["errorMessage"][:90]))
            elif audit["scoreDisplayMode"] not in UNSCORED and audit["score"] is not None and audit["score"] < 1:
                failing.append((category, audit["title"], audit.get("displayValue", "")))
    return failing


def shifting_elements(report: dict) -> list[str]:
    """The elements that moved, with their share of the layout shift."""
    audit = report["audits"]["layout-shifts"]
    items = (audit.get("details") or {}).get("items") or []
    lines = []
    for item in items:
        node = item.get("node") or {}
        score = item.get("score", item.get("cumulativeLayoutShiftMainFrame", 0))
        lines.append(f"{score:.3f} {node.get('selector', '?')} {node.get('snippet', '')[:100]}")
    return lines


def print_report(name: str, form_factor: str, report: dict) -> None:
    scores = " ".join(
        f"{round(100 * (report['categories'][c]['score'] or 0)):>14}" for c in CATEGORIES
    )
    print(f"{name:<11} {form_factor:<8} {scores}", flush=True)
    metrics = ", ".join(
        f"{report['audits'][m]['title'].lower()} {report['audits'][m].get('displayValue', '?')}" for m in METRICS
    )
    print(f"    {metrics}")
    for category, title, value in failing_audits(report):
        print(f"    {category}: {title}{f' ({value})' if value else ''}")
    for line in shifting_elements(report):
        print(f"      shifted: {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--form-factors", default="mobile,desktop", help="mobile, desktop or both")
    parser.add_argument("--keep", type=Path, help="a folder to keep each report's JSON in")
    args = parser.parse_args()
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not Path(chrome).exists():
        print(f"no Chromium at {chrome} (set CHROME_PATH): skipped")
        return
    cli, why = lighthouse_cli()
    if cli is None:
        print(f"{why}: skipped")
        return
    form_factors = [name.strip() for name in args.form_factors.split(",") if name.strip()]
    with tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as folder:
        work = Path(folder)
        env = {
            **production_env(work, f"sqlite:///{work / 'db.sqlite3'}"),
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "WEB_CONCURRENCY": "2",
        }
        prepare_site(env)
        server, port = start_gunicorn(env, work / "gunicorn.log")
        try:
            print(
                f"Lighthouse {version(cli)}, Chromium headless, plain HTTP to 127.0.0.1 (a secure context; "
                "SSL redirect off, no TLS proxy); mobile is Lighthouse's default (Moto G Power, slow 4G simulated)"
            )
            print(f"{'page':<11} {'form':<8} {''.join(f'{c:>15}' for c in CATEGORIES)}")
            for form_factor in form_factors:
                for name, path in PAGES.items():
                    out = (args.keep or work) / f"{name}-{form_factor}.json"
                    out.parent.mkdir(parents=True, exist_ok=True)
                    report = run_lighthouse(cli, chrome, f"http://127.0.0.1:{port}{path}", form_factor, out)
                    print_report(name, form_factor, report)
        finally:
            server.terminate()
            server.wait(timeout=60)


if __name__ == "__main__":
    main()
