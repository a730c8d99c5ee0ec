"""The read-only API: a JSON twin of every page that shows text, the same
JSON from the page itself for `Accept: application/json`, every response
valid against docs/api.schema.json, open to every origin, revalidated by
ETag, and as cheap in queries for a large resolution as for a small one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator

from resolutions.importing import import_edition
from resolutions.models import ClauseVersion, Edition
from resolutions.parsing import parse_text

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "docs" / "api.schema.json").read_text())
JSON = {"HTTP_ACCEPT": "application/json"}
BROWSER = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}

# Each JSON address, the page it is the twin of, and what it answers.
DOCUMENTS = [
    ("/index.json", "/", "index_document"),
    ("/pp/102.json", "/pp/102/", "resolution_document"),
    ("/pp/102/2014.json", "/pp/102/2014/", "edition_document"),
    ("/pp/102/2010.json", "/pp/102/2010/", "edition_document"),
    ("/pp/102/2014/noting/b.json", "/pp/102/2014/noting/b/", "clause_document"),
    ("/pp/102/2014/resolves.json", "/pp/102/2014/resolves/", "clause_document"),
    ("/pp/102/2014/footnote/1.json", "/pp/102/2014/footnote/1/", "clause_document"),
    ("/pp/102/2014/recalling/a.json", "/pp/102/2014/recalling/a/", "clause_document"),
    ("/pp/102/2010/noting/b.json", "/pp/102/2010/noting/b/", "clause_document"),
    ("/pp/102/2014/noting.json", "/pp/102/2014/noting/", "section_document"),
    ("/pp/102/compare/2010/2014.json", "/pp/102/compare/2010/2014/", "comparison_document"),
    ("/pp/102/compare/2014/2010.json", "/pp/102/compare/2014/2010/", "comparison_document"),
]


def validate(document: dict, definition: str) -> None:
    """Raise if `document` is not a valid `definition` of the schema."""
    Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{definition}"}).validate(document)


@pytest.fixture
def client():
    return Client()


def test_the_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(SCHEMA)


def test_the_schema_refuses_what_it_does_not_describe():
    """So that the test below can fail: an unknown field or a missing one."""
    clause = {
        "path": "noting/b",
        "kind": "item",
        "label": "b)",
        "text": "t",
        "section": "noting/heading",
        "reference": {"italic": "noting", "plain": "b)"},
        "citation": "c",
        "url": "/x/",
        "json": "/x.json",
    }
    validate(clause, "clause")
    with pytest.raises(Exception, match="Additional properties"):
        validate({**clause, "unknown": 0}, "clause")
    with pytest.raises(Exception, match="'text' is a required property"):
        validate({key: value for key, value in clause.items() if key != "text"}, "clause")


@pytest.mark.parametrize(("url", "page", "definition"), DOCUMENTS)
def test_every_document_is_valid_against_the_schema(bundled, client, url, page, definition):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    validate(response.json(), definition)


@pytest.mark.parametrize(("url", "page", "definition"), DOCUMENTS)
def test_the_page_answers_the_same_json_to_a_client_that_asks_for_it(bundled, client, url, page, definition):
    answer = client.get(page, **JSON)
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/json"
    assert answer.json() == client.get(url).json()
    assert "Accept" in answer["Vary"]


@pytest.mark.parametrize(("url", "page", "definition"), DOCUMENTS)
def test_a_browser_still_gets_the_page_and_is_told_it_varies_on_accept(
    bundled, client, url, page, definition
):
    response = client.get(page, **BROWSER)
    assert response["Content-Type"].startswith("text/html")
    assert "Accept" in response["Vary"]
    assert f'<link rel="alternate" type="application/json" href="{url}">' in response.content.decode()


@pytest.mark.parametrize(("url", "page", "definition"), DOCUMENTS)
def test_json_is_public_open_to_every_origin_and_sets_no_cookie(bundled, client, url, page, definition):
    for response in (client.get(url), client.get(page, **JSON)):
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "public" in response["Cache-Control"]
        assert not response.cookies


def test_a_preflight_is_answered_and_writes_are_refused(bundled, client):
    preflight = client.options("/pp/102/2014.json", HTTP_ORIGIN="https://docs.example.org")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD"
    assert client.post("/pp/102/2014.json").status_code == 405
    assert client.head("/pp/102/2014.json").status_code == 200


def test_an_unchanged_document_is_revalidated_with_its_etag(bundled, client):
    first = client.get("/pp/102/2014/noting/b.json")
    etag = first["ETag"]
    assert etag == client.get("/pp/102/2014/noting/b.json")["ETag"]
    assert etag != client.get("/pp/102/2014/noting/a.json")["ETag"]
    assert client.get("/pp/102/2014/noting/b.json", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/pp/102/2014/noting/b.json", HTTP_IF_NONE_MATCH='"other"').status_code == 200
    # The page's own address has validators of its own for its JSON, apart from its HTML.
    page_etag = client.get("/pp/102/2014/noting/b/", **JSON)["ETag"]
    assert page_etag not in (etag, client.get("/pp/102/2014/noting/b/", **BROWSER)["ETag"])
    assert client.get("/pp/102/2014/noting/b/", HTTP_IF_NONE_MATCH=page_etag, **JSON).status_code == 304
    assert "Expose-Headers" not in etag and first["Access-Control-Expose-Headers"] == "ETag"


@pytest.mark.parametrize(
    ("url", "location"),
    [
        ("/PP/102.json", "/pp/102.json"),
        ("/pp/102/2014/Noting/B.json", "/pp/102/2014/noting/b.json"),
        ("/PP/102/compare/2010/2014.json", "/pp/102/compare/2010/2014.json"),
        ("/PP/102/2014.txt", "/pp/102/2014.txt"),
        ("/PP/102/compare/2010/2014.docx", "/pp/102/compare/2010/2014.docx"),
    ],
)
def test_other_spellings_get_a_permanent_redirect_to_the_canonical_address(bundled, client, url, location):
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (301, location)


def test_the_page_asked_for_json_under_another_spelling_redirects_to_the_page(bundled, client):
    response = client.get("/PP/102/2014/", **JSON)
    assert (response.status_code, response["Location"]) == (301, "/pp/102/2014/")


@pytest.mark.parametrize(
    ("url", "accept", "message"),
    [
        ("/pp/103.json", {}, "The site has no PP Resolution 103."),
        ("/pp/102/2018.json", {}, "Resolution 102 has no edition of 2018."),
        ("/pp/102/2014/noting/z.json", {}, "has no clause or section noting/z"),
        ("/pp/102/compare/2010/2018.json", {}, "Resolution 102 has no edition of 2018."),
        ("/pp/102/2014/noting/z/", JSON, "has no clause or section noting/z"),
    ],
)
def test_a_json_address_that_names_nothing_answers_a_json_error(bundled, client, url, accept, message):
    response = client.get(url, **accept)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    validate(response.json(), "error")
    assert message in response.json()["error"]


def test_the_comparison_carries_the_operations_and_status_of_every_clause(bundled, client):
    document = client.get("/pp/102/compare/2010/2014.json").json()
    texts = dict(
        ((year, path), text)
        for year, path, text in ClauseVersion.objects.values_list("edition__year", "path", "text")
    )
    assert document["totals"] == {"ADD": 15, "SUP": 3, "MOD": 20, "NOC": 51}
    assert sum(map(len, [document["rows"]])) == 89
    for row in document["rows"]:
        if row["old_path"]:
            assert (
                "".join(op["old"] for op in row["ops"]) == texts[2010, row["old_path"]] == row["old"]["text"]
            )
        if row["new_path"]:
            assert (
                "".join(op["new"] for op in row["ops"]) == texts[2014, row["new_path"]] == row["new"]["text"]
            )
    relettered = next(row for row in document["rows"] if row["new_path"] == "noting/b")
    assert (relettered["old_path"], relettered["status"], relettered["flags"]) == (
        "noting/c",
        "NOC",
        ["relettered"],
    )


def test_the_comparison_can_keep_only_the_clauses_that_changed(bundled, client):
    document = client.get("/pp/102/compare/2010/2014.json?changes=only").json()
    validate(document, "comparison_document")
    # ADD, SUP, MOD, and the two clauses only relabelled (noting b), instructs the Council 1).
    assert len(document["rows"]) == 15 + 3 + 20 + 2
    assert all(row["changed"] for row in document["rows"])


def test_a_clause_says_where_it_stands_in_the_other_editions(bundled, client):
    document = client.get("/pp/102/2010/noting/c.json").json()
    assert document["clause"]["citation"] == "Resolution 102 (Rev. Guadalajara, 2010), noting c)"
    (other,) = document["elsewhere"]
    assert (other["year"], other["state"], other["clause"]["path"]) == (2014, "present", "noting/b")
    deleted = client.get("/pp/102/2010/noting/b.json").json()
    assert [(o["year"], o["state"], o["clause"]) for o in deleted["elsewhere"]] == [(2014, "deleted", None)]
    assert deleted["history"][0]["row"]["status"] == "SUP"


def test_a_clause_brings_the_footnotes_its_text_refers_to(bundled, client):
    document = client.get("/pp/102/2014/resolves.json").json()
    assert "[^1]" in document["clause"]["text"]
    assert [note["path"] for note in document["footnotes"]] == ["footnote/1"]


def test_every_address_in_a_document_answers(bundled, client):
    document = client.get("/pp/102/compare/2010/2014.json").json()
    addresses = {document["docx"], document["old"]["text"], document["new"]["docx"]}
    addresses |= {row[side]["json"] for row in document["rows"] for side in ("old", "new") if row[side]}
    for address in sorted(addresses):
        assert client.get(address).status_code == 200, address


# ---------------------------------------------------------------- query counts


def small(year: int) -> bytes:
    city = {2010: "Guadalajara", 2014: "Busan"}[year]
    return (
        f"RESOLUTION 999 (Rev. {city}, {year})\n"
        "A small resolution\n"
        f"The Plenipotentiary Conference of the International Telecommunication Union ({city}, {year}),\n"
        "noting\n"
        f"a)\tthat the text of {year} is short;\n"
        "resolves\n"
        "to keep it short[footnoteRef:1]1. [1: 1 \tShort means short.]\n"
    ).encode()


COUNTED = [
    "/index.json",
    "/{n}.json",
    "/{n}/2014.json",
    "/{n}/2014/noting/a.json",
    "/{n}/2014/resolves.json",
    "/{n}/2014/noting.json",
    "/{n}/compare/2010/2014.json",
    "/{n}/2014.txt",
    "/{n}/2014.docx",
    "/{n}/compare/2010/2014.docx",
]


@pytest.mark.parametrize("url", COUNTED)
def test_queries_do_not_grow_with_the_size_of_the_resolution(bundled, client, url):
    for year in (2010, 2014):
        data = small(year)
        import_edition(parse_text(data), data, source_name=f"r999-{year}.txt", imported_by="test")
    counts = []
    for number in (999, 102):
        cache.clear()  # count what building the answer takes, not a cache hit
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url.format(n=f"pp/{number}")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_withdrawn_edition_changes_the_json_at_once_though_it_is_cached(bundled, client):
    """The JSON shares the pages' cache and validators: a change to the
    editions must not leave it stale, at either address."""
    before = client.get("/pp/102.json")
    assert client.get("/pp/102.json")["ETag"] == before["ETag"]
    page_before = client.get("/pp/102/", **JSON)["ETag"]
    Edition.objects.filter(year=2014).delete()
    after = client.get("/pp/102.json")
    assert after["ETag"] != before["ETag"]
    assert [edition["year"] for edition in after.json()["editions"]] == [2010]
    page_after = client.get("/pp/102/", **JSON)
    assert page_after["ETag"] != page_before
    assert [edition["year"] for edition in page_after.json()["editions"]] == [2010]


@pytest.mark.parametrize("first", ["json", "html"])
def test_the_shared_cache_never_answers_a_page_with_its_json_or_the_reverse(bundled, client, first):
    answers = {"json": JSON, "html": BROWSER}
    order = [first, *(kind for kind in answers if kind != first)]
    for _ in range(2):  # the second round comes from the cache
        for kind in order:
            response = client.get("/pp/102/2014/noting/b/", **answers[kind])
            assert response["Content-Type"].startswith("application/json" if kind == "json" else "text/html")
