"""What a reader downloads: htmx plus a few kilobytes of our own, one stylesheet."""

import gzip
from html.parser import HTMLParser
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


class ElementCounter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = 0

    def handle_starttag(self, tag, attrs):
        self.elements += 1


def test_the_edition_of_resolution_102_holds_fewer_than_800_elements(bundled, client):
    # Lighthouse calls a DOM of more than about 800 elements excessive; the
    # clause tools (permalink, two copy buttons) repeat on each of 85 clauses,
    # so each element they carry counts 85 times.
    response = client.get("/pp/102/2014/")
    assert response.status_code == 200
    assert response.content.count(b'class="clause-tools"') > 80  # the whole edition
    counter = ElementCounter()
    counter.feed(response.content.decode())
    assert counter.elements < 800
