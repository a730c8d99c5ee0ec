import re

import pytest
from django.test import Client
from django.urls import reverse, set_script_prefix

from resolutions.importing import import_edition
from resolutions.models import ClauseVersion, Edition, PreparedQuery
from resolutions.parsing import parse_text

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def client():
    return Client()


def html(response) -> str:
    return response.content.decode()


def small_resolution(year: int, extra: str = "") -> bytes:
    city = {2010: "Guadalajara", 2014: "Busan"}[year]
    return (
        f"RESOLUTION 999 (Rev. {city}, {year})\n"
        "A small resolution\n"
        f"The Plenipotentiary Conference of the International Telecommunication Union ({city}, {year}),\n"
        "noting\n"
        f"a)\tthat the text of {year} is short;{extra}\n"
        "resolves\n"
        "to keep it short[footnoteRef:1]1. [1: 1 \tShort means short.]\n"
    ).encode()


@pytest.fixture
def small(db):
    """A two-clause resolution, to show query counts do not depend on size."""
    for year, extra in (
        (2010, " <script>alert('x')</script> & more"),
        (2014, " <script>alert('x')</script> & more"),
    ):
        data = small_resolution(year, extra)
        import_edition(parse_text(data), data, source_name=f"r999-{year}.txt", imported_by="test")


# ---- Public pages carry nothing private and can be cached.


PUBLIC_URLS = [
    "/",
    "/pp/102/",
    "/pp/102/2014/",
    "/pp/102/2010/",
    "/pp/102/2014/noting/b/",
    "/pp/102/2014/noting/",
    "/pp/102/2014/resolves/",
    "/pp/102/2014/title/",
    "/pp/102/2014/preamble/",
    "/pp/102/2014/resolution/",
    "/pp/102/2014/footnote/1/",
    "/pp/102/2014/noting/heading/",
    "/pp/102/compare/2010/2014/",
    "/pp/102/compare/2010/2014/?view=side-by-side",
    "/pp/102/compare/2010/2014/?changes=only",
    "/pp/102/compare/2014/2010/",
    "/pp/102/2014/noting/b/?cited=latest",
    "/cite/",
    "/cite/?q=Resolution+102+%28Rev.+Busan%2C+2014%29%2C+instructs+1",
    "/link/",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_answer_without_cookies_sessions_or_csrf_tokens(bundled, client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in html(response)
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_send_a_strict_content_security_policy(bundled, client, url):
    policy = client.get(url)["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_pages_have_no_inline_script_style_or_handlers(bundled, client, url):
    page = html(client.get(url))
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert " style=" not in page
    assert not re.search(r"\son[a-z]+=", page)
    assert "<style" not in page


# ---- Index, resolution and edition


def test_index_lists_the_resolution_with_its_editions(bundled, client):
    page = html(client.get("/"))
    assert 'href="/pp/102/"' in page
    assert "Rev. Guadalajara, 2010" in page
    assert "Rev. Busan, 2014" in page
    assert "ITU&#x27;s role with regard to international public policy issues" in page


def test_resolution_page_shows_the_timeline_with_change_counts(bundled, client):
    page = html(client.get("/pp/102/"))
    assert 'href="/pp/102/2010/"' in page and 'href="/pp/102/2014/"' in page
    assert 'href="/pp/102/compare/2010/2014/"' in page
    assert "3 deleted" in page  # noting b), noting d), instructs the Council 1


def test_resolution_page_counts_as_the_comparison_does_without_redlining(bundled, client, monkeypatch):
    from resolutions import comparison, redline
    from resolutions.models import Edition

    old, new = Edition.objects.chronological()
    counts = comparison.compare_editions(old, new).counts

    def no_redline(*args, **kwargs):
        raise AssertionError("the resolution page redlined a clause")

    monkeypatch.setattr(redline, "diff_texts", no_redline)
    monkeypatch.setattr(comparison, "compare_clause", no_redline)
    page = html(client.get("/pp/102/"))
    sentence = (
        f"{counts.changed} clauses changed: {counts.added} added (ADD), {counts.deleted} deleted (SUP), "
        f"{counts.modified} modified (MOD), {counts.relabelled_or_moved_only} only relettered or moved; "
        f"{counts.unchanged} unchanged"
    )
    assert sentence in " ".join(re.sub(r"<[^>]+>", "", page).split())


def test_edition_page_gives_every_clause_an_anchor_and_a_permalink(bundled, client):
    page = html(client.get("/pp/102/2014/"))
    for anchor in ("noting-b", "resolves", "title", "preamble", "footnote-1", "instructs-the-council-3"):
        assert f'id="{anchor}"' in page
    assert 'href="/pp/102/2014/noting/b/"' in page
    assert '<sup class="footnote-ref"><a href="#footnote-1">1</a></sup>' in page
    assert "<i>" not in page.split("<main", 1)[1].split("noting", 1)[0]  # layout, not markup, makes italics


def test_each_clause_tool_of_an_edition_is_named_for_the_clause_it_acts_on(bundled, client):
    clause = html(client.get("/pp/102/2014/")).split('id="noting-b"', 1)[1]
    tools = clause.split('class="clause-tools"', 1)[1].split("</span>", 1)[0]
    citation = "Resolution 102 (Rev. Busan, 2014), noting b)"
    assert f'aria-label="Permalink to {citation}">¶</a>' in tools
    assert f'aria-label="Copy link to {citation}" data-needs-js hidden>Copy link</button>' in tools
    assert f'aria-label="Copy citation of {citation}" data-needs-js hidden>Copy citation</button>' in tools


def test_edition_page_links_to_what_changed_since_the_previous_edition(bundled, client):
    assert 'href="/pp/102/compare/2010/2014/"' in html(client.get("/pp/102/2014/"))


# ---- Clauses


def test_clause_page_shows_text_citation_and_history(bundled, client):
    page = html(client.get("/pp/102/2014/noting/b/"))
    assert "Resolution 102 (Rev. Busan, 2014), <i>noting</i> b)" in page
    assert "Resolution 1305, adopted by the ITU Council at its 2009 session" in page
    assert (
        'In <a href="/pp/102/2010/noting/c/">Rev. Guadalajara, 2010</a> this clause is <i>noting</i> c)'
        in page
    )
    assert '<del class="change change-del"><span class="visually-hidden">deleted: </span>c</del>' in page
    assert "relettered" in page


def test_a_deleted_clause_says_where_it_was_deleted(bundled, client):
    page = html(client.get("/pp/102/2010/noting/b/"))
    assert 'Deleted in <a href="/pp/102/2014/">Rev. Busan, 2014</a>' in page
    assert "SUP" in page


def test_an_added_clause_says_it_was_not_in_the_earlier_edition(bundled, client):
    page = html(client.get("/pp/102/2014/recalling/a/"))
    assert 'Not yet in <a href="/pp/102/2010/">Rev. Guadalajara, 2010</a>' in page
    assert "ADD" in page


def test_a_clause_page_shows_the_footnotes_its_text_refers_to(bundled, client):
    page = html(client.get("/pp/102/2014/resolves/"))
    assert '<a href="#footnote-1">1</a>' in page
    assert 'id="footnote-1"' in page
    assert "Internet Corporation for Assigned Names and Numbers" in page
    assert 'id="footnote-1"' not in html(client.get("/pp/102/2014/noting/b/"))


def test_a_section_address_lists_its_clauses(bundled, client):
    page = html(client.get("/pp/102/2014/noting/"))
    assert "Resolution 102 (Rev. Busan, 2014), <i>noting</i>" in page
    for label in "abcde":
        assert f'href="/pp/102/2014/noting/{label}/"' in page


def test_a_single_unlabelled_paragraph_is_addressed_by_its_section(bundled, client):
    page = html(client.get("/pp/102/2014/resolves/"))
    assert "to explore ways and means for greater collaboration" in page
    assert "Resolution 102 (Rev. Busan, 2014), <i>resolves</i>" in page


def test_the_title_preamble_and_footnote_have_their_own_pages(bundled, client):
    assert "title" in html(client.get("/pp/102/2014/title/"))
    assert "The Plenipotentiary Conference" in html(client.get("/pp/102/2014/preamble/"))
    assert "Internet Corporation for Assigned Names and Numbers" in html(
        client.get("/pp/102/2014/footnote/1/")
    )


def test_clause_page_offers_the_clause_in_the_newest_edition(bundled, client):
    page = html(client.get("/pp/102/2010/noting/c/"))
    assert 'href="/pp/102/latest/2010/noting/c/"' in page


# ---- Canonical URLs and redirects


@pytest.mark.parametrize(
    ("asked", "status", "target"),
    [
        # Non-canonical spellings: a permanent redirect to the site's own URL.
        ("/PP/102/2014/Noting/B/", 301, "/pp/102/2014/noting/b/"),
        ("/pp/102/2014/NOTING/b/", 301, "/pp/102/2014/noting/b/"),
        ("/Pp/102/", 301, "/pp/102/"),
        ("/PP/102/2014/", 301, "/pp/102/2014/"),
        ("/PP/102/compare/2010/2014/", 301, "/pp/102/compare/2010/2014/"),
        ("/PP/102/compare/2010/2014/?view=side-by-side", 301, "/pp/102/compare/2010/2014/?view=side-by-side"),
        ("/pp/102/2014/noting/b", 301, "/pp/102/2014/noting/b/"),
        ("/pp/102/2014", 301, "/pp/102/2014/"),
        # "latest" follows the clause identity, not its label.
        ("/pp/102/latest/", 302, "/pp/102/2014/"),
        ("/pp/102/latest/2010/noting/c/", 302, "/pp/102/2014/noting/b/?from=2010/noting/c"),
        (
            "/pp/102/latest/2010/instructs-the-council/4/",
            302,
            "/pp/102/2014/instructs-the-council/3/?from=2010/instructs-the-council/4",
        ),
        ("/pp/102/latest/2010/noting/b/", 302, "/pp/102/2010/noting/b/"),
        ("/pp/102/latest/instructs-the-council/4/", 302, "/pp/102/2014/instructs-the-council/3/"),
        ("/pp/102/latest/noting/b/", 302, "/pp/102/2014/noting/b/"),
    ],
)
def test_it_redirects_to_the_address_the_site_built(bundled, client, asked, status, target):
    response = client.get(asked)
    assert response.status_code == status
    assert response["Location"] == target


def test_latest_for_a_path_no_edition_has_is_not_found(bundled, client):
    assert client.get("/pp/102/latest/noting/zz/").status_code == 404


def test_an_unknown_clause_gets_a_helpful_not_found_page(bundled, client):
    response = client.get("/pp/102/2014/instructs-the-council/4/")
    assert response.status_code == 404
    page = html(response)
    assert 'href="/pp/102/2014/instructs-the-council/"' in page
    assert 'href="/pp/102/2010/instructs-the-council/4/"' in page


@pytest.mark.parametrize(
    "url", ["/pp/103/", "/pp/102/2018/", "/wtsa/102/", "/pp/102/compare/2010/2018/", "/pp/102/2014/nowhere/"]
)
def test_unknown_things_are_not_found(bundled, client, url):
    assert client.get(url).status_code == 404


# ---- The comparison, with and without htmx


def test_comparison_is_inline_by_default_with_itu_marks(bundled, client):
    page = html(client.get("/pp/102/compare/2010/2014/"))
    assert 'class="redline inline"' in page
    assert "fifth" in page and "fourth" in page
    for mark in ("ADD", "SUP", "MOD"):
        assert f">{mark}<" in page
    assert 'id="deleted-noting-b"' in page


def test_side_by_side_puts_old_and_new_in_their_own_cells(bundled, client):
    page = html(client.get("/pp/102/compare/2010/2014/?view=side-by-side"))
    assert 'class="redline side-by-side"' in page
    assert 'class="cell cell-old cell-empty"' in page  # an added clause
    assert 'class="cell cell-new cell-empty"' in page  # a deleted clause


def test_changes_only_leaves_out_unchanged_clauses(bundled, client):
    everything = html(client.get("/pp/102/compare/2010/2014/"))
    changes = html(client.get("/pp/102/compare/2010/2014/?changes=only"))
    assert 'id="recognizing-a"' in everything
    assert 'id="recognizing-a"' not in changes
    assert 'id="noting-b"' in changes


def test_an_unknown_view_falls_back_to_inline(bundled, client):
    assert 'class="redline inline"' in html(client.get("/pp/102/compare/2010/2014/?view=<script>"))


def test_htmx_gets_the_comparison_fragment_and_the_page_varies_on_it(bundled, client):
    full = client.get("/pp/102/compare/2010/2014/?view=side-by-side")
    fragment = client.get("/pp/102/compare/2010/2014/?view=side-by-side", **HTMX)
    assert "HX-Request" in full["Vary"] and "HX-Request" in fragment["Vary"]
    assert html(full).startswith("<!DOCTYPE html>")
    assert "<html" not in html(fragment)
    assert html(fragment).strip().startswith('<div id="comparison">')
    assert 'class="redline side-by-side"' in html(fragment)


def test_a_history_restore_request_gets_the_full_page(bundled, client):
    response = client.get(
        "/pp/102/compare/2010/2014/", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert html(response).startswith("<!DOCTYPE html>")


def test_every_htmx_link_repeats_its_url_in_a_real_href(bundled, client):
    page = html(client.get("/pp/102/compare/2010/2014/"))
    for tag in re.findall(r"<a [^>]*hx-get=[^>]*>", page):
        assert re.search(r'href="([^"]+)"', tag).group(1) == re.search(r'hx-get="([^"]+)"', tag).group(1)
    # Plain GET forms (the site's search box) have no hx-get to repeat.
    forms = [tag for tag in re.findall(r"<form [^>]*>", page) if "hx-get=" in tag]
    assert forms
    for tag in forms:
        assert re.search(r'action="([^"]+)"', tag).group(1) == re.search(r'hx-get="([^"]+)"', tag).group(1)


def test_the_editions_picker_works_as_a_plain_get_form(bundled, client):
    response = client.get("/pp/102/compare/", {"old": "2014", "new": "2010", "view": "side-by-side"})
    assert response.status_code == 302
    assert response["Location"] == "/pp/102/compare/2014/2010/?view=side-by-side"


def test_the_editions_picker_refuses_editions_that_do_not_exist(bundled, client):
    assert client.get("/pp/102/compare/", {"old": "1999", "new": "2014"}).status_code == 404


def test_the_clause_history_fragment_is_served_to_htmx(bundled, client):
    response = client.get("/pp/102/2014/noting/b/", **HTMX)
    assert "<html" not in html(response)
    assert 'id="history-noting-b"' in html(response)
    assert "HX-Request" in response["Vary"]


def test_comparing_in_reverse_order_swaps_deletions_and_insertions(bundled, client):
    page = html(client.get("/pp/102/compare/2014/2010/"))
    assert re.search(r"<del[^>]*>.*?fifth</del>", page)
    assert re.search(r"<ins[^>]*>.*?fourth</ins>", page)


# ---- Escaping and query counts


def test_text_from_the_database_is_escaped(small, client):
    for url in ("/pp/999/2014/", "/pp/999/compare/2010/2014/", "/pp/999/2014/noting/a/"):
        page = html(client.get(url))
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more" in page


QUERY_URLS = [
    "/pp/{n}/",
    "/pp/{n}/2014/",
    "/pp/{n}/2014/noting/a/",
    "/pp/{n}/2014/noting/",
    "/pp/{n}/2014/resolves/",
    "/pp/{n}/compare/2010/2014/",
    "/pp/{n}/compare/2010/2014/?view=side-by-side",
    "/pp/{n}/2014/?changes=since-previous",
    "/pp/{n}/2014/?from=2010/noting/a",
]


@pytest.mark.parametrize("url", QUERY_URLS)
def test_query_count_does_not_grow_with_the_size_of_the_resolution(bundled, small, client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for number in (999, 102):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url.format(n=number)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 7  # one of them the cache stamp


def test_the_index_runs_three_queries_however_many_resolutions(
    bundled, small, client, django_assert_num_queries
):
    # The cache stamp (one aggregate), the resolutions, their editions.
    with django_assert_num_queries(3):
        client.get("/")


@pytest.mark.parametrize(
    "url",
    [
        "/pp/99999999999999999999/",
        "/pp/99999999999999999999/2014/",
        "/pp/102/2014/%E2%80%AE/",
        "/pp/102/2014/noting/" + "b" * 5000 + "/",
        "/pp/102/2014/../../etc/passwd/",
        "/pp/102/latest/9999/noting/b/",
        "/pp/102/compare/0000/2014/",
        "/pp/102/compare/?old=2010&new=abc",
        "/pp/102/compare/?old=99999999999999999999&new=2014",
    ],
)
def test_odd_addresses_never_cause_a_server_error(bundled, client, url):
    assert client.get(url).status_code in (301, 302, 404)


def test_a_clause_page_runs_as_many_queries_however_many_editions_it_links_to(
    bundled, client, django_assert_max_num_queries
):
    # 2010 noting c) links to its 2014 version; each link needs its edition
    # and resolution, which must come with the versions, not one by one.
    # (Three: the cache stamp, the resolution's editions, the clause's
    # versions in them.)
    with django_assert_max_num_queries(3):
        client.get("/pp/102/2010/noting/c/")


# ---- No dead ends


@pytest.mark.parametrize(
    ("url", "offers"),
    [
        ("/pp/999/", ['href="/"']),
        ("/pp/102/2099/", ['href="/pp/102/"', 'href="/pp/102/2010/"', 'href="/pp/102/2014/"']),
        ("/pp/102/compare/2010/2099/", ['href="/pp/102/"', 'href="/pp/102/2014/"']),
        ("/pp/102/latest/2010/noting/zz/", ['href="/pp/102/"']),
        ("/pp/102/compare/?old=1999&new=2014", ['href="/pp/102/"']),
        ("/no/such/page/at/all/", ['href="/"']),
    ],
)
def test_every_unknown_address_gets_the_sites_layout_and_the_nearest_pages(bundled, client, url, offers):
    response = client.get(url)
    assert response.status_code == 404
    page = html(response)
    assert 'class="site-header"' in page and "stylesheet" in page
    for link in offers:
        assert link in page
    assert "Set-Cookie" not in response


def test_an_unknown_edition_of_a_clause_offers_the_clause_in_the_editions_that_have_it(bundled, client):
    page = html(client.get("/pp/102/2099/noting/b/"))
    assert 'href="/pp/102/2014/noting/b/"' in page and 'href="/pp/102/2010/noting/b/"' in page


def test_a_latest_redirect_lands_on_a_notice_saying_where_the_clause_went(bundled, client):
    response = client.get("/pp/102/latest/2010/noting/c/", follow=True)
    page = html(response)
    notice = re.search(r'<p class="notice notice-followed"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert " ".join(re.sub(r"<[^>]+>", "", notice).split()) == (
        "Rev. Guadalajara, 2010 noting c) is noting b) in Rev. Busan, 2014."
    )
    # The canonical address leaves the notice's parameter out.
    assert '<link rel="canonical" href="http://testserver/pp/102/2014/noting/b/">' in page


def test_a_clause_page_reached_directly_has_no_notice(bundled, client):
    assert "notice-followed" not in html(client.get("/pp/102/2014/noting/b/"))
    assert "notice-followed" not in html(client.get("/pp/102/2014/noting/b/?from=2014/noting/b"))
    assert "notice-followed" not in html(client.get("/pp/102/2014/noting/b/?from=２０１０/noting/c"))


def test_a_deleted_clause_says_where_it_was_deleted_instead_of_linking_to_itself(bundled, client):
    page = html(client.get("/pp/102/2010/noting/b/"))
    assert "This clause in the newest edition" not in page
    assert 'href="/pp/102/compare/2010/2014/#deleted-noting-b"' in page
    assert "Deleted in Rev. Busan, 2014" in page


# ---- The edition page


def test_the_edition_page_has_a_table_of_contents_by_section(bundled, client):
    page = html(client.get("/pp/102/2014/"))
    contents = re.search(r'<nav class="toc toc-side[^>]*>(.*?)</nav>', page, re.S).group(1)
    for anchor in ("recognizing-heading", "noting-heading", "resolves-heading", "footnotes"):
        assert f'href="#{anchor}"' in contents
    assert 'id="footnotes"' in page


def test_changes_since_the_previous_edition_are_marked_in_place_and_link_to_their_redline(bundled, client):
    plain = html(client.get("/pp/102/2014/"))
    assert "clause-changed" not in plain
    assert 'href="/pp/102/2014/?changes=since-previous"' in plain
    page = html(client.get("/pp/102/2014/?changes=since-previous"))
    noting_a = re.search(
        r'<div class="clause clause-item clause-changed" id="noting-a">(.*?)</div>\s*</div>', page, re.S
    )
    assert noting_a, "noting a) was modified in 2014 and must be marked"
    assert 'href="/pp/102/compare/2010/2014/#noting-a"' in noting_a.group(1)
    assert ">MOD<" in noting_a.group(1)
    assert '<div class="clause clause-item" id="recognizing-a">' in page  # unchanged: not marked
    # The clauses deleted since are listed, each linking to its redline.
    assert 'href="/pp/102/compare/2010/2014/#deleted-noting-b"' in page
    assert 'class="button button-on" href="/pp/102/2014/"' in page


def test_a_superseded_edition_says_so_and_points_to_the_newest(bundled, client):
    old = html(client.get("/pp/102/2010/"))
    banner = re.search(r'<div class="notice notice-superseded"[^>]*>(.*?)</div>', old, re.S).group(1)
    assert 'href="/pp/102/2014/"' in banner and "superseded" in banner
    assert 'href="/pp/102/compare/2010/2014/"' in banner
    assert "notice-superseded" not in html(client.get("/pp/102/2014/"))


def test_the_first_edition_has_no_changes_switch(bundled, client):
    page = html(client.get("/pp/102/2010/?changes=since-previous"))
    assert "changes=since-previous" not in page and "clause-changed" not in page


def moving_resolution(year: int) -> bytes:
    city = {2010: "Guadalajara", 2014: "Busan"}[year]
    moved = "that telecommunications connect every country in the world today;"
    recognizing = ["that the first recognized thing holds;"] + ([moved] if year == 2014 else [])
    noting = ([moved] if year == 2010 else []) + ["that a second noted thing holds;"]
    lines = [
        f"RESOLUTION 998 (Rev. {city}, {year})",
        "A resolution whose clause moves",
        f"The Plenipotentiary Conference of the International Telecommunication Union ({city}, {year}),",
        "recognizing",
        *(f"{chr(97 + n)})\t{text}" for n, text in enumerate(recognizing)),
        "noting",
        *(f"{chr(97 + n)})\t{text}" for n, text in enumerate(noting)),
        "resolves",
        "to keep it short",
    ]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def moving(db):
    for year in (2010, 2014):
        data = moving_resolution(year)
        import_edition(parse_text(data), data, source_name=f"r998-{year}.txt", imported_by="test")


def test_a_moved_clause_says_where_it_came_from_and_links_there(moving, client):
    page = " ".join(html(client.get("/pp/998/compare/2010/2014/")).split())
    assert (
        '<span class="moved-note">Moved from <a href="/pp/998/2010/noting/a/"><i>noting</i> a)</a> '
        "in Rev. Guadalajara, 2010</span>"
    ) in page
    side = " ".join(html(client.get("/pp/998/compare/2010/2014/?view=side-by-side")).split())
    # Side by side, the old column names the old place, under the clause's new section.
    assert '<span class="moved-note">Was <a href="/pp/998/2010/noting/a/"><i>noting</i> a)</a>' in side


def test_a_clause_links_to_the_address_the_url_patterns_reverse_to(bundled):
    versions = list(ClauseVersion.objects.select_related("edition__resolution"))
    assert versions
    for version in versions:
        edition = version.edition
        args = [edition.resolution.body, edition.resolution.number, edition.year]
        assert version.get_absolute_url() == reverse("resolutions:clause", args=[*args, version.path])
    # Characters reverse() quotes are quoted alike.
    odd = "noting/a b%c/é;x"
    assert edition.clause_url(odd) == reverse("resolutions:clause", args=[*args, odd])


def test_an_edition_links_to_the_address_the_url_patterns_reverse_to(bundled, small):
    editions = list(Edition.objects.select_related("resolution"))
    assert len(editions) == 4
    for edition in editions:
        resolution = edition.resolution
        assert resolution.get_absolute_url() == reverse(
            "resolutions:resolution", args=[resolution.body, resolution.number]
        )
        assert edition.get_absolute_url() == reverse(
            "resolutions:edition", args=[resolution.body, resolution.number, edition.year]
        )


def test_versions_by_edition_come_linked_to_their_edition_and_section(bundled, django_assert_num_queries):
    editions = list(Edition.objects.select_related("resolution"))
    with django_assert_num_queries(1):
        by_edition = ClauseVersion.objects.by_edition(editions)
        linked = [
            (v.edition.year, v.section.path if v.section_id else None) for v in by_edition[editions[0].pk]
        ]
    expected = [
        (v.edition.year, v.section.path if v.section_id else None)
        for v in ClauseVersion.objects.filter(edition=editions[0]).order_by("order")
    ]
    assert linked == expected and any(section for _, section in linked)


def test_versions_by_edition_are_the_instances_a_query_gives(bundled):
    editions = list(Edition.objects.select_related("resolution"))
    made = ClauseVersion.objects.by_edition(editions)[editions[0].pk]
    queried = list(ClauseVersion.objects.filter(edition=editions[0]).order_by("order"))
    fields = [field.attname for field in ClauseVersion._meta.concrete_fields]
    assert [[getattr(v, name) for name in fields] for v in made] == [
        [getattr(v, name) for name in fields] for v in queried
    ]
    assert made == queried and not made[0]._state.adding and made[0]._state.db == "default"
    made[0].match_score = 0.5
    made[0].save(update_fields=["match_score"])
    assert ClauseVersion.objects.get(pk=made[0].pk).match_score == 0.5


def test_a_resolutions_editions_are_what_the_orm_gives_in_one_query(bundled, django_assert_num_queries):
    queried = list(Edition.objects.for_resolution("pp", 102).select_related("resolution").chronological())
    with django_assert_num_queries(1):
        made = Edition.objects.of_resolution("pp", 102)
        resolutions = {id(edition.resolution) for edition in made}
    fields = [field.attname for field in Edition._meta.concrete_fields]
    assert [[getattr(e, name) for name in fields] for e in made] == [
        [getattr(e, name) for name in fields] for e in queried
    ]
    assert made[0].imported_at.tzinfo is not None  # converted as the ORM does (SQLite stores text)
    assert len(resolutions) == 1 and made[0].resolution == queried[0].resolution
    assert Edition.objects.of_resolution("pp", 1) == []
    assert Edition.objects.of_resolution("pp", 10**30) == []


def test_a_prepared_query_runs_again_with_other_values_and_gives_up_on_unlike_ones(bundled):
    prepared = PreparedQuery(lambda *years: Edition.objects.filter(year__in=years).values_list("year"))
    assert prepared.rows(2010) == [(2010,)] and prepared.rows(2014) == [(2014,)]
    # Compiled once per number of values; repeated values are one parameter, so not kept.
    assert sorted(prepared.rows(2014, 2010)) == [(2010,), (2014,)]
    assert prepared.rows(2010, 2010) == [(2010,)] and prepared.rows(2014, 2014) == [(2014,)]
    # `contains` makes its own parameter ("%Internet%"): run through the ORM each time.
    texts = PreparedQuery(lambda word: Edition.objects.filter(title__contains=word).values_list("year"))
    assert sorted(texts.rows("Internet")) == sorted(texts.rows("Internet")) == [(2010,), (2014,)]
    assert texts._compiled == {}
def fields_of(instances) -> list[list]:
    return [[getattr(v, field.attname) for field in type(v)._meta.concrete_fields] for v in instances]


@pytest.mark.parametrize(("body", "number"), [("pp", 102), ("pp", 999), ("pp", 10**20)])
def test_the_editions_of_a_resolution_are_what_the_orm_gives(
    bundled, body, number, django_assert_num_queries
):
    with django_assert_num_queries(0 if number > 2**63 else 1):
        written_out = Edition.objects.of_resolution(body, number)
        resolutions = [fields_of([edition.resolution]) for edition in written_out]
    queried = list(Edition.objects.select_related("resolution").for_resolution(body, number).chronological())
    assert fields_of(written_out) == fields_of(queried)
    assert resolutions == [fields_of([edition.resolution]) for edition in queried]
    assert all(not edition._state.adding and edition._state.db == "default" for edition in written_out)
    assert all(not hasattr(edition, "resolution_title") for edition in written_out)


@pytest.mark.parametrize(
    ("year", "path"),
    [
        (2014, "noting/b"),
        (2010, "noting/c"),
        (2014, "instructs-the-secretary-general/2"),
        (2014, "noting/heading"),
        (2014, "title"),
        (2014, "x"),
    ],
)
def test_the_versions_of_the_clause_at_an_address_are_what_the_orm_gives(
    bundled, year, path, django_assert_num_queries
):
    edition = Edition.objects.get(resolution__number=102, year=year)
    with django_assert_num_queries(1):
        written_out = sorted(ClauseVersion.objects.of_clause_at(edition.pk, path), key=lambda v: v.pk)
        sections = [fields_of([v.section]) if v.section_id else None for v in written_out]
    here = ClauseVersion.objects.filter(edition=edition, path=path).values("clause_id")
    queried = list(ClauseVersion.objects.filter(clause_id__in=here).select_related("section").order_by("pk"))
    assert fields_of(written_out) == fields_of(queried)
    assert sections == [fields_of([v.section]) if v.section_id else None for v in queried]
    assert bool(queried) == (path != "x")
    assert any(sections) == (path in ("noting/b", "noting/c", "instructs-the-secretary-general/2"))


@pytest.mark.parametrize("path", ["noting/b", "noting/a b%c/é;x", "annex/./x", "resolves/1/a/i"])
def test_a_clauses_absolute_permalink_is_what_the_request_builds(bundled, rf, path):
    from resolutions.output.html import ClauseMarkup

    request = rf.get("/", HTTP_HOST="testserver")
    version = ClauseVersion.objects.select_related("edition__resolution").filter(edition__year=2014).first()
    version.path = path
    markup = ClauseMarkup(request.build_absolute_uri)
    for _ in range(2):  # the edition's address made absolute once, then reused
        assert markup.permalink(version) == (
            version.get_absolute_url(),
            request.build_absolute_uri(version.get_absolute_url()),
        )


@pytest.mark.parametrize(
    "url", ["/pp/102/2014/", "/pp/102/compare/2010/2014/?view=side-by-side", "/pp/102/2014/noting/b/"]
)
def test_the_canonical_link_is_an_absolute_url_without_the_query(bundled, client, settings, url):
    settings.ALLOWED_HOSTS = ["resolutions.example.org"]
    page = html(client.get(url, HTTP_HOST="resolutions.example.org"))
    (canonical,) = re.findall(r'<link rel="canonical" href="([^"]*)">', page)
    assert canonical == "http://resolutions.example.org" + url.split("?")[0]


# ---- A site served under a path prefix links within it.


@pytest.fixture
def script_prefix():
    """Sets the script prefix as a server's WSGI handler does from
    SCRIPT_NAME (the test client's handler does not). Django keeps
    STATIC_URL, prefix and all, from the first time it is read, for the
    whole process: read here under the usual prefix, so that no later test
    (the browser tests' server) serves static files under another."""
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage

    set_script_prefix("/")
    staticfiles_storage.url("css/site.css")
    assert settings.STATIC_URL == "/static/"
    yield set_script_prefix
    set_script_prefix("/")


@pytest.mark.parametrize("prefix", ["/", "/itu/"])
def test_every_link_of_the_frame_and_the_home_page_stays_under_the_script_prefix(
    bundled, client, script_prefix, prefix
):
    # The frame's addresses and each resolution's are worked out once per
    # worker (context_processors.links_under, models.resolution_url), so
    # both prefixes are asked of the same worker, the other one first.
    script_prefix("/" if prefix != "/" else "/itu/")
    client.get("/")
    script_prefix(prefix)
    page = html(client.get("/"))
    # Static files aside: Django's storage fixes its base URL, prefix and
    # all, when it is first used.
    links = [link for link in re.findall(r'(?:href|src|action)="([^"#]*)"', page) if "/static/" not in link]
    assert f'href="{prefix}pp/102/"' in page and f'action="{prefix}search/"' in page
    assert links and all(link.startswith(prefix) for link in links), [
        link for link in links if not link.startswith(prefix)
    ]
