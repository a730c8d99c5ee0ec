"""Where a citation lands: /cite/ against the bundled Resolution 102 (2010
and 2014), and against stored nested, annex and ITU-R shapes."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from resolutions.citation_lookup import Outcome, resolve_citations
from resolutions.citing import parse_citation
from tests.support.stored import store_edition

ISG = "instructs-the-secretary-general"
TSB = "instructs-the-director-of-the-telecommunication-standardization-bureau"
BDT = "instructs-the-director-of-the-telecommunication-development-bureau"
CWG = "instructs-the-council-working-group-on-international-internet-related-public"
DEDICATED = "invites-the-dedicated-group-on-international-internet-related-public-policy"


@pytest.fixture
def client():
    return Client()


def cite(client, query: str):
    return client.get("/cite/", {"q": query})


# ---- The table: forms seen in ITU documents, and where each must land.

REDIRECTS = [
    # The five.
    ("Resolution 102 (Rev. Busan, 2014), noting b)", "/pp/102/2014/noting/b/"),
    ("Res. 102 (Busan, 2014) resolves", "/pp/102/2014/resolves/"),
    ("PP Res 102 instructs the Secretary-General 3", f"/pp/102/2014/{ISG}/3/?cited=latest"),
    ("102/2014 noting c", "/pp/102/2014/noting/c/"),
    ("Resolution 102 (Rev. Guadalajara, 2010), *considering* h)", "/pp/102/2010/considering/h/"),
    # Case, punctuation and spacing.
    ("RESOLUTION 102 (REV. BUSAN, 2014), NOTING B)", "/pp/102/2014/noting/b/"),
    ("resolution 102 (rev busan 2014) noting b", "/pp/102/2014/noting/b/"),
    ("Res.102 (Rev.Busan,2014), noting b).", "/pp/102/2014/noting/b/"),
    ("Resolution 102 (Busan, 2014) – noting b)", "/pp/102/2014/noting/b/"),
    # Conference abbreviations.
    ("Resolution 102 (PP-14), _recalling_ a)", "/pp/102/2014/recalling/a/"),
    ("PP-10 Res. 102, considering h)", "/pp/102/2010/considering/h/"),
    ("Resolution 102 (Rev. PP-10)", "/pp/102/2010/"),
    # The place before the resolution, as operative texts write it.
    ("noting c) of Resolution 102 (Rev. Guadalajara, 2010)", "/pp/102/2010/noting/c/"),
    ("*instructs the Secretary-General* 3 of Resolution 102 (Rev. Busan, 2014)", f"/pp/102/2014/{ISG}/3/"),
    (
        "Resolution 102 (Rev. Busan, 2014) of the Plenipotentiary Conference, resolves",
        "/pp/102/2014/resolves/",
    ),
    # Section words as delegates shorten or spell them.
    (
        "Resolution 102 (Rev. Busan, 2014), instructs the Director of the Telecommunication Standardization Bureau 2",
        f"/pp/102/2014/{TSB}/2/",
    ),
    ("Res 102 (Busan 2014) instructs the Director, TSB 2", f"/pp/102/2014/{TSB}/2/"),
    ("Resolution 102 (Busan, 2014), instructs the SG 7", f"/pp/102/2014/{ISG}/7/"),
    ("Resolution 102 (Rev. Busan, 2014), recognising further i)", "/pp/102/2014/recognizing-further/i/"),
    ("Resolution 102 (Rev. Busan, 2014), *Deeply concerned* c)", "/pp/102/2014/deeply-concerned/c/"),
    ("Resolution 102 (Rev. Busan, 2014), instructs the Council 3", "/pp/102/2014/instructs-the-council/3/"),
    ("Resolution 102 (Rev. Busan, 2014), instructs the Council Working Group 5", f"/pp/102/2014/{CWG}/5/"),
    (
        "Resolution 102 (Rev. Guadalajara, 2010), invites the Dedicated Group 2",
        f"/pp/102/2010/{DEDICATED}/2/",
    ),
    ("Res. 102 (Rev. Guadalajara, 2010), instructs the Council 4", "/pp/102/2010/instructs-the-council/4/"),
    # Whole sections, front matter, footnotes.
    ("Resolution 102 (Rev. Busan, 2014), noting", "/pp/102/2014/noting/"),
    (
        "Resolution 102 (Rev. Busan, 2014), invites Member States and Sector Members",
        "/pp/102/2014/invites-member-states-and-sector-members/",
    ),
    ("Resolution 102 (Rev. Busan, 2014), title", "/pp/102/2014/title/"),
    ("Resolution 102 (Rev. Busan, 2014), footnote 1", "/pp/102/2014/footnote/1/"),
    # Editions and resolutions.
    ("Resolution 102 (Rev. Busan, 2014)", "/pp/102/2014/"),
    ("Resolution 102 (Guadalajara)", "/pp/102/2010/"),
    ("Resolution 102 (2010) emphasizing e)", "/pp/102/2010/emphasizing/e/"),
    ("Resolution 102", "/pp/102/"),
    # No edition: the newest, and the page says so.
    ("Resolution 102, noting b)", "/pp/102/2014/noting/b/?cited=latest"),
    ("102 noting b", "/pp/102/2014/noting/b/?cited=latest"),
    ("Resolution 102, footnote 1", "/pp/102/2014/footnote/1/?cited=latest"),
    # Not a citation of anything held here: text search.
    ("WTSA Resolution 102, noting b)", "/search/?q=WTSA+Resolution+102%2C+noting+b%29"),
    ("Resolution 76 (Rev. WRC-15)", "/search/?q=Resolution+76+%28Rev.+WRC-15%29"),
    ("Resolution 999 (Rev. Busan, 2014)", "/search/?q=Resolution+999+%28Rev.+Busan%2C+2014%29"),
    ("the Internet governance", "/search/?q=the+Internet+governance"),
    ("102 countries", "/search/?q=102+countries"),
]


@pytest.mark.parametrize(("query", "target"), REDIRECTS)
def test_a_citation_redirects_where_it_must_land(bundled, client, query, target):
    response = cite(client, query)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == target


PAGES = [
    # Ambiguous or partial: the candidates.
    (
        "Resolution 102 (Rev. Busan, 2014), instructs 1",
        200,
        [
            f"/pp/102/2014/{ISG}/1/",
            "/pp/102/2014/instructs-the-directors-of-the-bureaux/1/",
            f"/pp/102/2014/{TSB}/1/",
            f"/pp/102/2014/{BDT}/1/",
            f"/pp/102/2014/{CWG}/1/",
            "/pp/102/2014/instructs-the-council/1/",
        ],
    ),
    (
        "Resolution 102 (Rev. Busan, 2014), instructs the Director 1",
        200,
        [f"/pp/102/2014/{TSB}/1/", f"/pp/102/2014/{BDT}/1/"],
    ),
    # A year of one edition, the city of the other: both.
    (
        "Resolution 102 (Rev. Busan, 2010), noting b)",
        200,
        ["/pp/102/2010/noting/b/", "/pp/102/2014/noting/b/"],
    ),
    (
        "Resolution 102 (Rev. Busan, 2014), noting b) and c)",
        200,
        ["/pp/102/2014/noting/b/", "/pp/102/2014/noting/c/"],
    ),
    # The edition lacks the clause: say so, offer the other editions, and
    # where the offered clause stands in the edition cited.
    (
        "Resolution 102 (Rev. Busan, 2014), instructs the Council 4",
        404,
        [
            "Rev. Busan, 2014 has no instructs the Council 4.",
            "/pp/102/2010/instructs-the-council/4/",
            "/pp/102/2014/instructs-the-council/3/",
            'The section <a href="/pp/102/2014/instructs-the-council/">',
        ],
    ),
    (
        "Resolution 102 (Rev. Guadalajara, 2010), recalling a)",
        404,
        [
            "Rev. Guadalajara, 2010 has no recalling a).",
            "/pp/102/2014/recalling/a/",
            "that clause is not in Rev. Guadalajara, 2010",
        ],
    ),
    (
        "Resolution 102 (Rev. Antalya, 2006), noting b)",
        404,
        ["no edition of Resolution 102 (Antalya, 2006)", "/pp/102/2010/noting/b/", "/pp/102/2014/noting/b/"],
    ),
    ("Resolution 102 (Rev. Busan, 2014), resolves 1 a)", 404, ["Rev. Busan, 2014 has no resolves 1 a)."]),
]


@pytest.mark.parametrize(("query", "status", "expected"), PAGES)
def test_a_citation_that_does_not_name_one_clause_gets_a_page_saying_so(
    bundled, client, query, status, expected
):
    response = cite(client, query)
    assert response.status_code == status
    page = response.content.decode()
    for text in expected:
        assert text in page
    if 'class="candidates"' in page:
        # Exactly the candidates listed, no others.
        assert page.count('<li><a href="/pp/') == len(expected)


def test_the_table_holds_at_least_thirty_forms():
    assert len(REDIRECTS) + len(PAGES) >= 30


def test_the_clause_page_says_when_no_edition_was_cited(bundled, client):
    page = client.get("/pp/102/2014/noting/b/?cited=latest").content.decode()
    assert "The citation named no edition, so this is the newest, Rev. Busan, 2014." in page
    assert "named no edition" not in client.get("/pp/102/2014/noting/b/").content.decode()


def test_the_cite_page_without_a_query_explains_itself(bundled, client):
    response = client.get("/cite/")
    assert response.status_code == 200
    assert "/cite/?q=102/2014%20noting%20c" in response.content.decode()


def test_cite_is_public_cacheable_and_canonical(bundled, client):
    response = cite(client, "Resolution 102 (Rev. Busan, 2014), noting b)")
    assert not response.cookies
    assert "public" in response["Cache-Control"]
    upper = client.get("/CITE/", {"q": "102 noting b"})
    assert upper.status_code == 301
    assert upper["Location"] == "/cite/?q=102+noting+b"


def test_a_query_that_looks_hostile_is_only_text(bundled, client):
    response = cite(client, "Resolution 102 (Rev. <script>alert(1)</script>, 2014), noting zz)")
    assert response.status_code in (302, 404)
    assert "<script>alert" not in response.content.decode()


# ---- Issue 13's shapes, resolved by section and label path.


@pytest.fixture
def nested(db):
    """Resolution 71 with items under items and an annex of numbered
    paragraphs; Resolution ITU-R 2 in two revisions; a WTSA Resolution 102."""
    clauses = [
        ("resolution", "resolution", "", "RESOLUTION 71 (REV. DUBAI, 2018)"),
        ("heading", "resolves/heading", "", "resolves"),
        ("item", "resolves/1", "1", "that the plan has goals:"),
        ("item", "resolves/1/a", "a)", "one goal;"),
        ("item", "resolves/1/a/i", "i)", "with a detail;"),
        ("item", "resolves/1/b", "b)", "another goal;"),
        ("heading", "annex/heading", "", "Annex to Resolution 71"),
        ("paragraph", "annex/2/1", "2.1", "The scope of the plan."),
    ]
    store_edition("pp", 71, 2018, "Dubai", clauses)
    for year, revision in ((2015, 7), (2019, 8)):
        store_edition(
            "ra",
            2,
            year,
            "Geneva",
            [
                ("resolution", "resolution", "", f"RESOLUTION ITU-R 2-{revision}"),
                ("heading", "resolves/heading", "", "resolves"),
                ("item", "resolves/3", "3", f"a text of {year}"),
            ],
            designation=f"1993-{year}",
        )
    store_edition("wtsa", 102, 2016, "Hammamet", [("heading", "resolves/heading", "", "resolves")])


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("Resolution 71 (Rev. Dubai, 2018), *resolves* 1 a)", "/pp/71/2018/resolves/1/a/"),
        ("resolves 1 a) i) of Resolution 71 (Dubai, 2018)", "/pp/71/2018/resolves/1/a/i/"),
        ("Resolution 71, resolves 1(b)", "/pp/71/2018/resolves/1/b/?cited=latest"),
        ("Annex to Resolution 71 (Rev. Dubai, 2018), § 2.1", "/pp/71/2018/annex/2/1/"),
        ("§ 2.1 of the Annex to Resolution 71 (PP-18)", "/pp/71/2018/annex/2/1/"),
        ("Resolution ITU-R 2-8, *resolves* 3", "/ra/2/2019/resolves/3/"),
        ("Resolution ITU-R 2-7, resolves 3", "/ra/2/2015/resolves/3/"),
        ("Resolution 102 (Rev. Hammamet, 2016)", "/wtsa/102/2016/"),
        ("WTSA Resolution 102", "/wtsa/102/"),
    ],
)
def test_nested_annex_and_itu_r_citations_resolve_by_path(nested, client, query, target):
    response = cite(client, query)
    assert response.status_code == 302
    assert response["Location"] == target


def test_a_number_two_conferences_use_lists_both(nested, bundled, client):
    page = cite(client, "Resolution 102").content.decode()
    assert 'href="/pp/102/"' in page
    assert 'href="/wtsa/102/"' in page


def test_a_citation_of_an_older_edition_follows_the_clause_to_the_newest(bundled):
    (lookup,) = resolve_citations([parse_citation("Resolution 102 (Rev. Guadalajara, 2010), noting c)")])
    assert lookup.outcome == Outcome.CLAUSE
    assert lookup.later.relabelled and lookup.later.version.path == "noting/b"
    (deleted,) = resolve_citations([parse_citation("Resolution 102 (Rev. Guadalajara, 2010), noting b)")])
    assert deleted.later.deleted_in.year == 2014 and deleted.flagged
    (same,) = resolve_citations([parse_citation("Resolution 102 (Rev. Guadalajara, 2010), recognizing a)")])
    assert not same.flagged


def test_resolving_takes_the_same_queries_for_two_citations_or_forty(bundled, nested):
    few = [
        parse_citation("Resolution 102 (Rev. Busan, 2014), noting b)"),
        parse_citation("Resolution 71, resolves 1 a)"),
    ]
    many = [
        parse_citation(query)
        for query in [
            *(f"Resolution 102 (Rev. Busan, 2014), noting {label})" for label in "abcdez"),
            *(f"Resolution 102 (Rev. Guadalajara, 2010), considering {label})" for label in "abcdefgh"),
            *(f"PP Res 102 instructs the Secretary-General {n}" for n in range(1, 9)),
            "Resolution 102 (Rev. Busan, 2014), instructs 1",
            "Resolution 102 (Rev. Antalya, 2006), noting b)",
            "Resolution ITU-R 2-8, resolves 3",
            "Annex to Resolution 71 (Rev. Dubai, 2018), § 2.1",
            "Resolution 999",
            "Resolution 102",
            *(f"Resolution 71 (Dubai, 2018), resolves 1 {label})" for label in "abcdefghijklm"),
        ]
    ]
    counts = []
    for citations in (few, many):
        with CaptureQueriesContext(connection) as queries:
            resolve_citations(citations)
        counts.append(len(queries))
    assert len(many) >= 40
    assert counts[1] <= counts[0] + 1  # the ITU-R revision costs one query, once
    assert counts[1] <= 7


def test_the_search_box_takes_a_full_citation_straight_to_its_clause(bundled):
    from django.test import Client

    response = Client().get("/search/", {"q": "Resolution 102 (Rev. Busan, 2014), noting b)"})
    assert response.status_code == 302 and response["Location"] == "/pp/102/2014/noting/b/"


def test_the_search_box_searches_words_and_short_forms_and_live_requests(bundled):
    from django.test import Client

    assert Client().get("/search/", {"q": "domain names"}).status_code == 200
    assert Client().get("/search/", {"q": "102 noting c"}).status_code == 200
    live = Client().get(
        "/search/", {"q": "Resolution 102 (Rev. Busan, 2014), noting b)"}, headers={"hx_request": "true"}
    )
    assert live.status_code == 200
