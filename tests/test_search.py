"""Full-text search: the query language, both backends (the suite runs on
SQLite and, in CI, again on PostgreSQL), the index kept in step with
imports, and the /search/ page."""

import io
import re
import string

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolutions import search_index
from resolutions.comparison import compare_editions
from resolutions.importing import import_edition
from resolutions.models import ClauseVersion, Edition
from resolutions.parsing import parse_text
from resolutions.redline import Status
from resolutions.search import (
    START,
    STOP,
    Piece,
    Query,
    Results,
    Scope,
    changes_between,
    grouped,
    latest_editions,
    marked_pieces,
    parse_query,
)

HTMX = {"HTTP_HX_REQUEST": "true"}
CITIES = {2010: "Guadalajara", 2014: "Busan", 2018: "Dubai"}


def resolution_text(number: int, year: int, noting: list[str], resolves: str = "to keep it short") -> bytes:
    city = CITIES[year]
    items = "".join(f"{string.ascii_lowercase[index]})\t{text}\n" for index, text in enumerate(noting))
    return (
        f"RESOLUTION {number} (Rev. {city}, {year})\n"
        f"Resolution number {number}\n"
        f"The Plenipotentiary Conference of the International Telecommunication Union ({city}, {year}),\n"
        f"noting\n{items}"
        f"resolves\n{resolves}\n"
    ).encode()


def publish(number: int, year: int, noting: list[str], resolves: str = "to keep it short", replace=False):
    data = resolution_text(number, year, noting, resolves)
    return import_edition(
        parse_text(data), data, source_name=f"r{number}-{year}.txt", imported_by="test", replace=replace
    ).edition


def found(text: str, scope: Scope | None = None) -> list[tuple[int, int, str]]:
    """(resolution number, year, path) of every match, in result order."""
    results = Results(parse_query(text), scope)
    return [
        (hit.version.edition.resolution.number, hit.version.edition.year, hit.version.path)
        for hit in results[0 : results.count()]
    ]


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def client():
    return Client()


# ---- The query language: anything typed is read, nothing is syntax.


def test_words_are_all_required_by_default():
    assert parse_query("Internet governance") == Query(((("internet",),), (("governance",),)))


def test_quotes_make_a_phrase_and_an_unbalanced_quote_runs_to_the_end():
    assert parse_query('"digital divide" now').groups == ((("digital", "divide"),), (("now",),))
    assert parse_query('bridge "the digital divide').groups == (
        (("bridge",),),
        (("the", "digital", "divide"),),
    )


def test_a_minus_leaves_out_a_word_or_a_phrase_and_or_offers_alternatives():
    query = parse_query('spam OR "unsolicited email" -fax -"by post"')
    assert query.groups == ((("spam",), ("unsolicited", "email")),)
    assert query.excluded == (("fax",), ("by", "post"))
    assert str(query) == 'spam OR "unsolicited email" -fax -"by post"'


def test_operators_and_punctuation_are_only_text():
    assert parse_query("NEAR(") == Query(((("near",),),))
    assert parse_query("e-government*").groups == ((("e", "government"),),)
    assert not parse_query("* ( ) ^ : - OR")
    assert not parse_query('"') and not parse_query('"*')
    assert parse_query("OR spam OR").groups == ((("spam",),),)
    assert not parse_query("-spam")  # nothing left to look for


def test_terms_past_the_limit_are_left_out_and_said():
    query = parse_query(" ".join(f"word{n}" for n in range(40)))
    assert len(query.groups) == 16 and query.truncated


@given(st.text())
def test_any_text_parses_into_plain_words(text):
    query = parse_query(text)
    for term in [term for group in query.groups for term in group] + list(query.excluded):
        assert term and all(re.fullmatch(r"[^\W_]+", word) for word in term)


# ---- Marking matches


def test_marks_become_pieces_and_a_footnote_reference_stays_whole():
    text = "the Internet[^1] and networks"
    marked = f"the {START}Internet{STOP}[^{START}1{STOP}] and {START}networks{STOP}"
    assert marked_pieces(marked, text) == (
        Piece("the "),
        Piece("Internet", True),
        Piece("[^1] and "),
        Piece("networks", True),
    )


def test_a_text_that_holds_the_markers_itself_is_shown_unmarked():
    text = f"odd {START} text"
    assert marked_pieces(f"odd {START}{START}{STOP} text", text) == (Piece(text),)
    assert marked_pieces("something else", "the text") == (Piece("the text"),)


# ---- Matching, on whichever database runs the suite


@pytest.fixture
def corpus(db):
    publish(
        501,
        2010,
        [
            "that connected networks bridge the digital divide;",
            "that the divide between digital and analogue is narrowing;",
            "that spam threatens users;",
            "that cybersecurity matters",
        ],
    )
    publish(
        501,
        2014,
        [
            "that connected networks bridge the digital divide;",
            "that unsolicited email threatens users;",
            "that cybersecurity matters greatly",
        ],
        resolves="to connect the unconnected",
    )
    publish(777, 2014, ["that cybersecurity, cybersecurity and repeated cybersecurity matter"])


def test_stemming_finds_other_forms_of_a_word(corpus):
    assert (501, 2014, "resolves") in found("connecting")
    assert (501, 2010, "noting/a") in found("connections")


def test_every_word_must_match_and_a_phrase_keeps_its_order(corpus):
    assert set(found("digital divide")) == {
        (501, 2010, "noting/a"),
        (501, 2010, "noting/b"),
        (501, 2014, "noting/a"),
    }
    assert set(found('"digital divide"')) == {(501, 2010, "noting/a"), (501, 2014, "noting/a")}
    assert found("spam cybersecurity") == []


def test_or_and_minus(corpus):
    assert set(found("spam OR unsolicited")) == {(501, 2010, "noting/c"), (501, 2014, "noting/b")}
    assert set(found("cybersecurity -greatly -repeated")) == {(501, 2010, "noting/d")}


def test_results_come_grouped_best_resolution_first_newest_edition_first_in_reading_order(corpus):
    # Resolution 777 says "cybersecurity" three times: its clause ranks best.
    assert found("cybersecurity OR connect") == [
        (777, 2014, "noting/a"),
        (501, 2014, "noting/a"),
        (501, 2014, "noting/c"),
        (501, 2014, "resolves"),
        (501, 2010, "noting/a"),
        (501, 2010, "noting/d"),
    ]
    results = Results(parse_query("cybersecurity OR connect"))
    groups = grouped(results[0:20], results.per_edition)
    assert [
        (group.resolution.number, [(e.edition.year, e.matches) for e in group.editions]) for group in groups
    ] == [
        (777, [(2014, 1)]),
        (501, [(2014, 3), (2010, 2)]),
    ]


def test_matched_words_are_marked_by_the_database(corpus):
    results = Results(parse_query("connected"))
    hit = next(hit for hit in results[0:10] if hit.version.path == "noting/a")
    assert [piece.text for piece in hit.pieces if piece.marked] == ["connected"]
    assert "".join(piece.text for piece in hit.pieces) == hit.version.text


def test_filters_by_resolution_edition_and_latest_editions(corpus):
    editions_of_501 = Edition.objects.filter(resolution__number=501)
    assert {year for _, year, _ in found("cybersecurity", Scope(editions_of_501))} == {2010, 2014}
    assert {n for n, _, _ in found("cybersecurity", Scope(Edition.objects.filter(year=2014)))} == {501, 777}
    assert set(found("threatens", Scope(latest_editions()))) == {(501, 2014, "noting/b")}


def test_changed_between_keeps_what_the_comparison_calls_changed(corpus):
    changes = changes_between(2010, 2014)
    old, new = Edition.objects.filter(resolution__number=501).order_by("year")
    expected = {}
    for row in compare_editions(old, new).rows:
        if row.changed:  # the comparison's own definition
            expected[row.version.pk] = (row.change.status, row.change.relabelled, row.change.moved)
    assert {
        pk: (change.status, change.relabelled, change.moved) for pk, change in changes.items()
    } == expected
    assert {change.status for change in changes.values()} == {Status.ADD, Status.MOD, Status.SUP}
    # Either year alone: the edition before the newer, the newest after the older.
    assert changes_between(None, 2014) == changes_between(2010, None) == changes

    results = Results(parse_query("threatens OR cybersecurity OR connect OR digital"), Scope(changes=changes))
    hits = {(hit.version.edition.year, hit.version.path): hit.change.status for hit in results[0:20]}
    assert hits == {
        (2014, "noting/b"): Status.MOD,  # spam -> unsolicited email
        (2014, "noting/c"): Status.MOD,
        (2014, "resolves"): Status.ADD,  # rewritten beyond recognition: the alignment's call
        (2010, "noting/b"): Status.SUP,
    }


def test_a_relettered_clause_counts_as_changed_as_the_comparison_says(db):
    publish(503, 2010, ["that gliders fly", "that kites fly high", "that balloons float"])
    publish(503, 2014, ["that gliders fly", "that balloons float"])
    changes = {
        (Edition.objects.get(pk=change.new_edition.pk).year, change.status, change.relabelled): pk
        for pk, change in changes_between(2010, 2014).items()
    }
    balloons = ClauseVersion.objects.get(edition__year=2014, text="that balloons float")
    assert changes[(2014, Status.NOC, True)] == balloons.pk  # c) is now b)
    assert (2014, Status.SUP, False) in changes  # kites
    gliders = ClauseVersion.objects.get(edition__year=2014, text="that gliders fly")
    assert gliders.pk not in changes.values()  # same text, same letter


def test_changed_between_years_a_resolution_lacks_finds_nothing(corpus):
    assert changes_between(2010, 2018) == {}
    assert changes_between(2014, None) == {}  # 2014 is the newest of both resolutions
    assert changes_between(None, 2010) == {}  # nothing before 2010
    assert found("cybersecurity", Scope(changes={})) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.text(),
        st.lists(
            st.sampled_from(
                [
                    '"',
                    "*",
                    "(",
                    ")",
                    "NEAR(",
                    "AND",
                    "OR",
                    "NOT",
                    "-",
                    ":",
                    "^",
                    "+",
                    "{",
                    "}",
                    "'",
                    "connect",
                    "e-",
                    "\\",
                    "%",
                    "_",
                ]
            ),
            max_size=8,
        ).map(" ".join),
    )
)
def test_no_query_can_cause_a_database_error(corpus, text):
    results = Results(parse_query(text))
    assert len(results[0 : results.count()]) == results.count() <= results.total


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=250))
def test_no_text_typed_into_the_page_causes_a_server_error(corpus, text):
    response = Client(raise_request_exception=False).get("/search/", {"q": text}, **HTMX)
    assert response.status_code in (200, 400)  # 400: too long, or a NUL character, said so


# ---- Kept in step with imports


def test_a_published_edition_is_searchable_at_once_and_a_replaced_one_loses_its_old_text(db):
    publish(888, 2010, ["that hovercraft are full of eels"])
    assert found("hovercraft") == [(888, 2010, "noting/a")]
    publish(888, 2010, ["that submarines are full of eels"], replace=True)
    assert found("hovercraft") == []
    assert found("submarine") == [(888, 2010, "noting/a")]
    publish(888, 2014, ["that submarines are full of eels", "that hovercraft are back"])
    assert found("hovercraft") == [(888, 2014, "noting/b")]
    assert search_index.problems(connection) == []


def test_a_clause_edited_or_deleted_outside_an_import_follows_in_the_index(db):
    edition = publish(889, 2010, ["that hovercraft are full of eels"])
    version = ClauseVersion.objects.get(edition=edition, path="noting/a")
    version.text = "that gliders are light"
    version.save()
    assert found("hovercraft") == [] and found("glider") == [(889, 2010, "noting/a")]
    edition.delete()
    assert found("glider") == []
    assert search_index.problems(connection) == []


def label_field(max_length: int):
    field = ClauseVersion._meta.get_field("label").clone()
    field.max_length = max_length
    field.set_attributes_from_name("label")
    field.model = ClauseVersion
    return field


@pytest.mark.django_db(transaction=True)
def test_the_index_survives_a_migration_that_remakes_the_clause_table():
    """SQLite remakes a table to alter it, dropping its triggers; the
    post_migrate repair puts them back (PostgreSQL alters in place)."""
    from django.core.management.sql import emit_post_migrate_signal

    original = ClauseVersion._meta.get_field("label")
    try:
        with connection.schema_editor() as editor:
            editor.alter_field(ClauseVersion, original, label_field(40))
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
        publish(890, 2010, ["that the lighthouse stays lit"])
        assert found("lighthouse") == [(890, 2010, "noting/a")]
        assert search_index.problems(connection) == []
    finally:
        with connection.schema_editor() as editor:
            editor.alter_field(ClauseVersion, label_field(40), original)
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")


def migration_before_the_index() -> str:
    from django.db.migrations.loader import MigrationLoader

    graph = MigrationLoader(connection).graph
    (name,) = [name for app, name in graph.nodes if app == "resolutions" and name.endswith("_search_index")]
    (previous,) = [key[1] for key in graph.node_map[("resolutions", name)].parents if key[0] == "resolutions"]
    return previous


def store_as_of(migration: str, number: int, year: int, path: str, text: str) -> None:
    """One clause written through the models as they stood at `migration`
    (today's importer writes columns added since)."""
    from django.db.migrations.loader import MigrationLoader
    from django.utils import timezone

    apps = MigrationLoader(connection).project_state(("resolutions", migration)).apps
    resolution = apps.get_model("resolutions", "Resolution").objects.create(
        body="pp", number=number, title="T"
    )
    edition = apps.get_model("resolutions", "Edition").objects.create(
        resolution=resolution,
        city="Geneva",
        year=year,
        designation=f"Geneva, {year}",
        title="T",
        source_name="r.txt",
        source_sha256="0" * 64,
        imported_at=timezone.now(),
        imported_by="test",
    )
    clause = apps.get_model("resolutions", "Clause").objects.create(resolution=resolution)
    apps.get_model("resolutions", "ClauseVersion").objects.create(
        clause=clause,
        edition=edition,
        order=0,
        kind="item",
        label="a)",
        path=path,
        text=text,
        section_slug=path.split("/")[0],
    )


@pytest.mark.django_db(transaction=True)
def test_the_migration_is_reversible_and_indexes_the_texts_already_stored():
    before = migration_before_the_index()
    call_command("migrate", "resolutions", before, verbosity=0)
    try:
        assert not search_index.is_installed(connection)
        store_as_of(before, 891, 2010, "noting/a", "that texts stored before the index are found")
    finally:
        call_command("migrate", verbosity=0)
    assert search_index.is_installed(connection)
    assert found("stored") == [(891, 2010, "noting/a")]


def break_index() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            table = search_index.FTS_TABLE
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
        else:
            cursor.execute(f"DROP INDEX {search_index.PG_INDEX}")


def test_the_rebuild_command_checks_and_repairs_the_index(corpus):
    out = io.StringIO()
    call_command("rebuild_search_index", "--check", stdout=out)
    assert "complete" in out.getvalue()
    break_index()
    with pytest.raises(CommandError, match="rebuild_search_index"):
        call_command("rebuild_search_index", "--check", stdout=io.StringIO())
    call_command("rebuild_search_index", stdout=out)
    assert search_index.problems(connection) == []
    assert (777, 2014, "noting/a") in found("cybersecurity")


# ---- The page


def test_the_page_lists_results_with_citations_permalinks_and_marks(corpus, client):
    response = client.get("/search/", {"q": "unsolicited"})
    page = html(response)
    assert response.status_code == 200
    assert '<a href="/pp/501/2014/noting/b/">Resolution 501 (Rev. Busan, 2014), <i>noting</i> b)</a>' in page
    assert "that <mark>unsolicited</mark> email threatens users;" in page
    assert "1 clause matches in 1 edition of 1 resolution." in page


def test_text_from_the_database_is_escaped_around_the_marks(db, client):
    publish(666, 2010, ["that <script>alert('x')</script> & <b>bold</b> hovercraft"])
    page = html(client.get("/search/", {"q": "hovercraft"}))
    assert "<script>alert" not in page and "<b>bold" not in page
    assert (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; <mark>hovercraft</mark>"
        in page
    )


def test_the_search_page_is_public_and_cacheable(corpus, client):
    response = client.get("/search/", {"q": "cybersecurity"})
    assert not response.cookies
    assert "public" in response["Cache-Control"]
    assert "csrfmiddlewaretoken" not in html(response)
    assert "HX-Request" in response["Vary"]
    assert 'name="robots" content="noindex, follow"' in html(response)


def test_htmx_gets_the_results_partial_with_the_count_for_screen_readers(corpus, client):
    response = client.get("/search/", {"q": "cybersecurity"}, **HTMX)
    page = html(response)
    assert "<html" not in page and "<form" not in page
    assert page.strip().startswith(
        '<p id="search-status" class="search-status" role="status" hx-swap-oob="true">'
    )
    assert '<div id="search-results"' in page


def test_a_history_restore_request_gets_the_full_page(corpus, client):
    page = html(
        client.get("/search/", {"q": "cybersecurity"}, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)
    )
    assert "<html" in page and 'hx-swap-oob="true"' not in page


def test_the_search_box_is_on_every_page_and_submits_to_the_search(db, client):
    publish(501, 2010, ["that spam threatens users"])
    for url in ("/", "/pp/501/", "/pp/501/2010/", "/pp/501/2010/noting/a/"):
        page = html(client.get(url))
        assert re.search(
            r'<form class="site-search" role="search"[^>]* action="/search/" method="get">', page
        )
        assert '<label class="visually-hidden" for="site-search">' in page


def test_an_empty_search_shows_the_form_and_a_search_of_no_words_says_so(db, client):
    page = html(client.get("/search/"))
    assert 'id="id_q"' in page and "<mark>" not in page
    assert "has no word to search for" in html(client.get("/search/", {"q": "*** ("}))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "x", "resolution": "pp-9999"}, "There is no resolution pp-9999."),
        ({"q": "x", "resolution": "pp-501", "edition": "2014"}, "Resolution 501 has no edition of 2014."),
        ({"q": "x", "edition": "1999"}, "No edition of any resolution is of 1999."),
        ({"q": "x", "old": "2010", "new": "2010"}, "Choose two different editions"),
        ({"q": "x" * 201}, "Search for at most 200 characters (this is 201)."),
    ],
)
def test_bad_filters_get_a_clear_error_not_a_server_error(db, client, params, message):
    publish(501, 2010, ["that spam threatens users"])
    publish(502, 2014, ["that spam threatens users"])
    response = client.get("/search/", params)
    assert response.status_code == 400
    assert message in html(response)


def test_the_filters_come_from_the_form(corpus, client):
    page = html(
        client.get("/search/", {"q": "cybersecurity", "resolution": "pp-501", "old": "2010", "new": "2014"})
    )
    assert '<a href="/pp/501/2014/noting/c/">' in page
    assert (
        '<a class="mark mark-mod" href="/pp/501/compare/2010/2014/#noting-c">MOD<span class="visually-hidden">: modified text between Rev. Guadalajara, 2010 and Rev. Busan, 2014, see the comparison</span></a>'
        in page
    )
    assert html(client.get("/search/", {"q": "cybersecurity", "new": "2014"})).count("mark mark-mod") == 1
    assert "/pp/777/" not in page.split('id="search-results"')[1]
    latest = html(client.get("/search/", {"q": "threatens", "latest": "on"}))
    assert "/pp/501/2014/noting/b/" in latest and "/pp/501/2010/noting/c/" not in latest


def test_pages_are_bounded_and_a_bad_page_number_gets_a_real_page(db, client, monkeypatch):
    publish(502, 2010, [f"that spectrum matters {n}" for n in range(25)])
    first = html(client.get("/search/", {"q": "spectrum"}))
    assert first.count('class="hit"') == 20 and "Page 1 of 2" in first
    assert 'rel="next" href="?q=spectrum&amp;page=2"' in first
    assert html(client.get("/search/", {"q": "spectrum", "page": "2"})).count('class="hit"') == 5
    assert "Page 2 of 2" in html(client.get("/search/", {"q": "spectrum", "page": "99"}))
    assert "Page 1 of 2" in html(client.get("/search/", {"q": "spectrum", "page": "x"}))
    monkeypatch.setattr("resolutions.search.MAX_RESULTS", 10)
    cache.clear()  # the page above is kept under the same stamp
    capped = html(client.get("/search/", {"q": "spectrum"}))
    assert "25 clauses match" in capped and "The first 10 of 25 matches are shown" in capped


@pytest.mark.parametrize(
    "params", [{"q": "spectrum"}, {"q": "spectrum", "old": "2010", "new": "2014", "latest": "on"}]
)
def test_the_query_count_does_not_grow_with_the_number_of_results(db, client, params):
    def queries_for(clauses: int) -> int:
        for year in (2010, 2014):
            publish(600 + clauses, year, [f"that spectrum matters {n} in {year}" for n in range(clauses)])
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/search/", {**params, "resolution": f"pp-{600 + clauses}"})
        assert response.status_code == 200 and f"/pp/{600 + clauses}/2014/noting/" in html(response)
        return len(queries)

    assert queries_for(2) == queries_for(24)
