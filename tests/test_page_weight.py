"""What a reader downloads: htmx plus a few kilobytes of our own, one stylesheet."""

import gzip
from pathlib import Path

STATIC = Path(__file__).resolve().parents[1] / "static"


def compressed(paths) -> int:
    return sum(len(gzip.compress(path.read_bytes(), compresslevel=9)) for path in paths)


def test_the_javascript_is_htmx_and_a_little_of_our_own_under_25_kb_compressed():
    scripts = sorted((STATIC / "js").rglob("*.js"))
    assert {path.name for path in scripts} >= {"site.js"} and any("htmx" in path.name for path in scripts)
    assert compressed(scripts) <= 25 * 1024


def test_the_site_has_one_stylesheet_under_20_kb_compressed():
    sheets = sorted((STATIC / "css").rglob("*.css"))
    assert [path.name for path in sheets] == ["site.css"]
    assert compressed(sheets) <= 20 * 1024


def test_the_side_by_side_comparison_of_resolution_102_weighs_at_most_90_kb(bundled, client):
    # Every row repeats its markup (marks, History link, cells): what grows
    # with the resolution is the text, not what each row carries.
    response = client.get("/pp/102/compare/2010/2014/?view=side-by-side")
    assert response.status_code == 200
    page = response.content
    assert page.count(b'class="row ') > 80  # the whole comparison, not an error page
    assert len(page) <= 90_000
