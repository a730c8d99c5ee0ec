"""The shapes of issue 13 on the site: stored with their parents, shown,
compared, cited and exported, and Resolution 102 beside them unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from resolutions.comparison import compare_editions
from resolutions.importing import import_edition
from resolutions.models import ClauseVersion, Edition
from resolutions.parsing import parse_text
from resolutions.redline import Status

SHAPES = Path(__file__).resolve().parent / "data" / "shapes"


@pytest.fixture
def shapes(db):
    """Every test edition, imported in order as the command would."""
    for path in sorted(SHAPES.glob("*.txt")):
        data = path.read_bytes()
        import_edition(
            parse_text(data, source_name=path.name), data, source_name=path.name, imported_by="test"
        )


@pytest.fixture
def client():
    return Client()


def version(body: str, number: int, year: int, path: str) -> ClauseVersion:
    return ClauseVersion.objects.select_related("section", "parent", "edition__resolution").get(
        edition__resolution__body=body, edition__resolution__number=number, edition__year=year, path=path
    )


def test_a_nested_clause_is_stored_under_its_parent(shapes):
    item = version("pp", 999, 2018, "resolves/1/a/i")
    assert (item.parent.path, item.parent.parent.path, item.depth) == ("resolves/1/a", "resolves/1", 2)
    assert item.section.path == "resolves/heading"
    assert item.citation == "Resolution 999 (Rev. Dubai, 2018), resolves 1 a) i)"
    row = version("pp", 999, 2018, "annex/table-1/row-3")
    assert (row.parent.path, row.kind) == ("annex/table-1", "row")


@pytest.mark.parametrize(
    ("body", "number", "year", "path", "citation"),
    [
        ("pp", 999, 2018, "resolves/1/a", "Resolution 999 (Rev. Dubai, 2018), resolves 1 a)"),
        ("pp", 999, 2018, "annex/2/1", "Annex to Resolution 999 (Rev. Dubai, 2018), § 2.1"),
        ("pp", 999, 2018, "annex/heading", "Annex to Resolution 999 (Rev. Dubai, 2018)"),
        (
            "pp",
            999,
            2018,
            "annex/2/4/para-2",
            "Annex to Resolution 999 (Rev. Dubai, 2018), § 2.4, paragraph 2",
        ),
        ("pp", 999, 2018, "resolves/2/bullet-1", "Resolution 999 (Rev. Dubai, 2018), resolves 2, indent 1"),
        (
            "pp",
            999,
            2018,
            "annex/table-1/row-2",
            "Annex to Resolution 999 (Rev. Dubai, 2018), table 1, row 2",
        ),
        ("pp", 999, 2014, "resolves/1", "Resolution 999 (Busan, 2014), resolves 1"),
        ("ra", 97, 2019, "resolves/1/a", "Resolution ITU-R 97-1, resolves 1 a)"),
        (
            "wtsa",
            801,
            2016,
            "resolves/2/a-bis/i",
            "Resolution 801 (Rev. Hammamet, 2016), resolves 2 a bis) i)",
        ),
        ("wtdc", 802, 2017, "annex-a/1", "Annex A to Resolution 802 (Rev. Buenos Aires, 2017), § 1"),
    ],
)
def test_clauses_cite_as_itu_writes_them(shapes, body, number, year, path, citation):
    assert version(body, number, year, path).citation == citation


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("Resolution 999 (Rev. Dubai, 2018), resolves 1 a)", "/pp/999/2018/resolves/1/a/"),
        ("Resolution 999 (Rev. Dubai, 2018), resolves 1 a) ii)", "/pp/999/2018/resolves/1/a/ii/"),
        ("Annex to Resolution 999 (Rev. Dubai, 2018), § 2.1", "/pp/999/2018/annex/2/1/"),
        ("Resolution ITU-R 97-1, resolves 1 a)", "/ra/97/2019/resolves/1/a/"),
    ],
)
def test_the_citation_resolver_finds_nested_and_annex_clauses(shapes, client, query, target):
    response = client.get("/cite/", {"q": query})
    assert (response.status_code, response["Location"]) == (302, target)


@pytest.mark.parametrize(
    "url",
    [
        "/pp/999/2018/",
        "/pp/999/2018/resolves/",
        "/pp/999/2018/annex/",
        "/pp/999/2018/resolves/1/a/i/",
        "/pp/999/2018/annex/2/4/para-2/bullet-1/",
        "/pp/999/2018/annex/table-1/",
        "/pp/999/2018/annex/title/",
        "/pp/999/compare/2014/2018/",
        "/pp/999/compare/2018/2022/?view=side-by-side",
        "/pp/999/2018.json",
        "/pp/999/2018/annex/2/1.json",
        "/pp/999/compare/2014/2018.json",
        "/pp/999/2018.docx",
        "/pp/999/compare/2014/2018.docx",
        "/ra/97/2023/",
        "/wtsa/801/compare/2016/2022/",
        "/wtdc/802/2017/annex-a/",
    ],
)
def test_every_page_of_the_shapes_answers(shapes, client, url):
    assert client.get(url).status_code == 200


def test_the_edition_page_lays_out_nesting_and_tables(shapes, client):
    page = client.get("/pp/999/2018/").content.decode()
    assert 'class="clause clause-item depth-2" id="resolves-1-a-i"' in page
    assert 'id="annex-table-1"' in page and '<tr id="annex-table-1-row-3">' in page
    assert '<th scope="col">Grade</th>' in page
    assert 'class="clause clause-heading clause-annex" id="annex-heading"' in page
    assert 'href="#annex-heading">Annex</a>' in page  # the contents list names the annex


def test_a_nested_clause_page_shows_its_parents_and_what_it_introduces(shapes, client):
    page = client.get("/pp/999/2018/resolves/1/a/").content.decode()
    above, _, below = page.partition('id="resolves-1-a"')
    assert 'id="resolves-1"' in above
    assert 'id="resolves-1-a-i"' in below and 'id="resolves-1-a-iii"' in below
    assert 'id="resolves-2"' not in page


def test_the_comparison_indents_nested_rows_and_counts_each_change_once(shapes):
    old, new = (Edition.objects.get(resolution__number=999, year=year) for year in (2014, 2018))
    comparison = compare_editions(old, new)
    status = {row.version.path: row.change.status for row in comparison.rows}
    assert status["resolves/1/a/iii"] == Status.ADD
    assert status["resolves/1/a/i"] == Status.MOD
    assert status["annex/2/2"] == Status.ADD
    assert status["annex/2/4"] == Status.NOC  # was 2.3: renumbered, same text
    moved_or_relabelled = {row.version.path for row in comparison.rows if row.change.relabelled}
    assert "annex/2/4" in moved_or_relabelled
    assert status["annex/table-1/row-3"] == Status.MOD
    assert status["annex/table-1/row-4"] == Status.ADD
    # One row per clause: a parent's change is not counted again for its children.
    assert len(comparison.rows) == len({row.version.clause_id for row in comparison.rows})


def test_a_table_row_is_redlined_cell_by_cell(shapes, client):
    page = client.get("/pp/999/compare/2014/2018/").content.decode()
    start = page.index('id="annex-table-1-row-3"')
    row = page[start : page.index("</div></div>", start)]
    assert "P.3" in row and '<del class="change' in row and ">2</del>" in row and ">3</ins>" in row


def test_an_editions_text_imports_back_as_the_same_clauses(shapes, client):
    for url, name in [("/pp/999/2018.txt", "pp-999-2018"), ("/wtdc/802/2017.txt", "wtdc-802-2017")]:
        exported = parse_text(client.get(url).content)
        original = parse_text((SHAPES / f"{name}.txt").read_bytes())
        shape = [(c.kind, c.label, c.text, c.section, c.parent) for c in exported.clauses]
        assert shape == [(c.kind, c.label, c.text, c.section, c.parent) for c in original.clauses]


def test_the_json_of_a_nested_clause_says_where_it_is(shapes, client):
    data = client.get("/pp/999/2018/resolves/1/a/i.json").json()
    assert (data["clause"]["path"], data["clause"]["label"]) == ("resolves/1/a/i", "i)")


def test_a_clause_relettered_into_a_new_parent_follows_to_the_newest_edition(shapes, client):
    response = client.get("/ra/97/latest/2019/resolves/1/a/")
    assert response["Location"].startswith("/ra/97/2023/resolves/1/a/i/")
    response = client.get("/pp/999/latest/2014/annex/2/3/")
    assert response["Location"].startswith("/pp/999/2022/annex/2/4/")


@pytest.mark.parametrize(
    ("nested", "flat"),
    [
        ("/pp/999/2018/", "/pp/102/2014/"),
        ("/pp/999/compare/2014/2018/", "/pp/102/compare/2010/2014/"),
        ("/pp/999/compare/2014/2018/?view=side-by-side", "/pp/102/compare/2010/2014/?view=side-by-side"),
        ("/pp/999/2018/resolves/", "/pp/102/2014/noting/"),
        ("/pp/999/2018/?changes=since-previous", "/pp/102/2014/?changes=since-previous"),
        ("/pp/999/2018/recalling/a/", "/pp/102/2014/noting/b/"),
    ],
)
def test_nesting_costs_no_queries_more_than_a_flat_resolution(shapes, bundled, client, nested, flat):
    counts = []
    for url in (nested, flat):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    "url", ["/pp/999/2018/annex/2/1/", "/pp/999/2018/resolves/1/a/i/", "/pp/999/2018/resolves/1/"]
)
def test_a_nested_clause_page_costs_one_query_more_at_any_depth(shapes, bundled, client, url):
    """Its parents and children, in one query."""
    counts = []
    for address in (url, "/pp/102/2014/noting/b/"):
        with CaptureQueriesContext(connection) as queries:
            client.get(address)
        counts.append(len(queries))
    assert counts[0] - counts[1] == 1


@pytest.mark.parametrize(
    ("url", "definition"),
    [
        ("/pp/999/2018.json", "edition_document"),
        ("/pp/999/2018/resolves/1/a/i.json", "clause_document"),
        ("/pp/999/2018/annex/table-1.json", "clause_document"),
        ("/pp/999/2018/annex.json", "section_document"),
        ("/pp/999/compare/2014/2018.json", "comparison_document"),
        ("/ra/97.json", "resolution_document"),
    ],
)
def test_the_json_of_every_shape_follows_the_schema(shapes, client, url, definition):
    from tests.test_api import validate

    document = client.get(url).json()
    validate(document, definition)
    kinds = {clause["kind"] for clause in document.get("clauses", [])}
    if url == "/pp/999/2018.json":
        assert {"annex-title", "table", "row"} <= kinds
        assert max(clause["depth"] for clause in document["clauses"]) == 3


@pytest.mark.parametrize(("number", "years"), [(801, (2012, 2016)), (801, (2016, 2022)), (97, (2019, 2023))])
def test_the_word_export_of_a_nested_comparison_reads_back_as_both_editions(shapes, number, years):
    """Accepting every change gives the later edition, rejecting every
    change the earlier, nested labels and all (tables are not yet Word
    tables, so the PP resolution's annex is left out)."""
    from resolutions.output.docx import comparison_docx
    from tests.test_output_docx import assert_reads_back_as_both_editions

    old, new = (Edition.objects.get(resolution__number=number, year=year) for year in years)
    assert_reads_back_as_both_editions(comparison_docx(compare_editions(old, new)), old, new)


def test_a_comparison_marks_each_table_cell_apart(shapes, client):
    page = client.get("/pp/999/compare/2014/2018/").content.decode()
    start = page.index('id="annex-table-1-row-3"')
    row = page[start : page.index("</div></div>", start)]
    cells = row.split('<span class="table-cell">')[1:]
    assert [
        cell.startswith(text)
        for cell, text in zip(cells, ["Programme officer<", "P.3<", "<del"], strict=True)
    ]
    assert all(cells[:2]) and "P.3" in cells[1] and "change" not in cells[1]
    added = page[page.index('id="annex-table-1-row-4"') :]
    assert added.count('<span class="table-cell"><ins') == 3  # a new row: every cell inserted


def test_a_delegates_document_gets_its_nested_and_annex_citations_linked(shapes, client):
    text = (
        "We propose to amend Resolution 999 (Rev. Dubai, 2018), resolves 1 a) ii), and "
        "Annex to Resolution 999 (Rev. Dubai, 2018), § 2.4."
    )
    page = client.post("/link/", {"text": text}).content.decode()
    assert '/pp/999/2018/resolves/1/a/ii/">Resolution 999 (Rev. Dubai, 2018), resolves 1 a) ii)</a>' in page
    assert '/pp/999/2018/annex/2/4/">Annex to Resolution 999 (Rev. Dubai, 2018), § 2.4</a>' in page


def test_the_word_export_writes_a_table_as_a_table_with_its_changes_per_cell(shapes):
    import io

    import docx

    from resolutions.output.docx import comparison_docx, edition_docx

    old, new = (Edition.objects.get(resolution__number=999, year=year) for year in (2014, 2018))
    clean = docx.Document(io.BytesIO(edition_docx(new, ClauseVersion.objects.in_edition(new))))
    assert [[cell.text for cell in row.cells] for row in clean.tables[0].rows] == [
        ["Post", "Grade", "Number"],
        ["Head of office", "P.5", "1"],
        ["Programme officer", "P.3", "3"],
        ["Assistant", "G.5", "1"],
    ]
    tracked = docx.Document(io.BytesIO(comparison_docx(compare_editions(old, new)))).tables[0]
    changed, added = tracked.rows[2]._tr, tracked.rows[3]._tr
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert [e.text for e in changed.iter(f"{w}delText")] == ["2"]
    assert [e.text for e in changed.iter(f"{w}t")][-1] == "3"
    assert added.find(f"{w}trPr/{w}ins") is not None  # an added row is one insertion
