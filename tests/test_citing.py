"""The citation grammar, without a database: what a citation says."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resolutions.citations import section_name
from resolutions.citing import (
    Citation,
    content_words,
    find_citations,
    match_sections,
    parse_citation,
    parse_citations,
)
from resolutions.document import Kind, slugify
from resolutions.parsing import parse_text

# The headings of the bundled Resolution 102 (2014), as the site's
# vocabulary gives them.
VOCABULARY = [
    section_name(clause.text)
    for clause in parse_text(
        (Path(__file__).parent.parent / "fixtures" / "pp-102-2014.txt").read_bytes()
    ).clauses
    if clause.kind == Kind.HEADING
]


def said(citation: Citation) -> tuple:
    return (
        citation.body,
        citation.number,
        citation.revision,
        citation.year,
        citation.city,
        citation.annex,
        citation.section,
        citation.labels,
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # The five.
        (
            "Resolution 102 (Rev. Busan, 2014), noting b)",
            ("", 102, None, 2014, "Busan", (), "noting", ("b",)),
        ),
        ("Res. 102 (Busan, 2014) resolves", ("", 102, None, 2014, "Busan", (), "resolves", ())),
        (
            "PP Res 102 instructs the Secretary-General 3",
            ("pp", 102, None, None, "", (), "instructs the Secretary-General", ("3",)),
        ),
        ("102/2014 noting c", ("", 102, None, 2014, "", (), "noting", ("c",))),
        (
            "Resolution 102 (Rev. Guadalajara, 2010), *considering* h)",
            ("", 102, None, 2010, "Guadalajara", (), "considering", ("h",)),
        ),
        # Case, punctuation, spacing.
        (
            "RESOLUTION 102 (REV. BUSAN, 2014), NOTING B)",
            ("", 102, None, 2014, "BUSAN", (), "NOTING", ("b",)),
        ),
        ("resolution 102 (rev busan 2014) noting b", ("", 102, None, 2014, "busan", (), "noting", ("b",))),
        ("Res.102 (Rev.Busan,2014), noting b).", ("", 102, None, 2014, "Busan", (), "noting", ("b",))),
        (
            "Resolution\u00a0102 (Rev.\u00a0Busan, 2014), noting\u00a0b)",
            ("", 102, None, 2014, "Busan", (), "noting", ("b",)),
        ),
        # Conference abbreviations give the body and the year.
        ("Resolution 102 (PP-14), _recalling_ a)", ("pp", 102, None, 2014, "", (), "recalling", ("a",))),
        ("PP-10 Res. 102, considering h)", ("pp", 102, None, 2010, "", (), "considering", ("h",))),
        ("Resolution 102 (Rev. PP\u201114)", ("pp", 102, None, 2014, "", (), "", ())),
        ("WTDC-17 Resolution 37, resolves 2", ("wtdc", 37, None, 2017, "", (), "resolves", ("2",))),
        ("Resolution 76 (Rev. WRC-15)", ("wrc", 76, None, 2015, "", (), "", ())),
        # The place before the resolution.
        (
            "noting c) of Resolution 102 (Rev. Guadalajara, 2010)",
            ("", 102, None, 2010, "Guadalajara", (), "noting", ("c",)),
        ),
        (
            "*instructs the Secretary-General* 3 of Resolution 102 (Rev. Busan, 2014)",
            ("", 102, None, 2014, "Busan", (), "instructs the Secretary-General", ("3",)),
        ),
        # Bodies by their full names.
        (
            "Resolution 102 (Rev. Busan, 2014) of the Plenipotentiary Conference, resolves",
            ("pp", 102, None, 2014, "Busan", (), "resolves", ()),
        ),
        (
            "Resolution 1 (Rev. Hammamet, 2016) of the World Telecommunication Standardization Assembly",
            ("wtsa", 1, None, 2016, "Hammamet", (), "", ()),
        ),
        # Nested items and annexes (issue 13's shapes).
        (
            "Resolution 71 (Rev. Dubai, 2018), *resolves* 1 a)",
            ("", 71, None, 2018, "Dubai", (), "resolves", ("1", "a")),
        ),
        ("resolves 1(a) of Resolution 71", ("", 71, None, None, "", (), "resolves", ("1", "a"))),
        ("Resolution 71, resolves 1 a) ii)", ("", 71, None, None, "", (), "resolves", ("1", "a", "ii"))),
        (
            "Annex to Resolution 71 (Rev. Dubai, 2018), § 2.1",
            ("", 71, None, 2018, "Dubai", ("annex",), "", ("2", "1")),
        ),
        (
            "§ 2.1 of the Annex to Resolution 71 (Rev. Dubai, 2018)",
            ("", 71, None, 2018, "Dubai", ("annex",), "", ("2", "1")),
        ),
        (
            "Appendix 1 to Annex 2 to Resolution 71, § 3",
            ("", 71, None, None, "", ("annex-2", "appendix-1"), "", ("3",)),
        ),
        (
            "Resolution 71 (Rev. Dubai, 2018), Annex A, § 1.2.3",
            ("", 71, None, 2018, "Dubai", ("annex-a",), "", ("1", "2", "3")),
        ),
        # The Radiocommunication Assembly numbers revisions.
        ("Resolution ITU-R 2-8, *resolves* 3", ("ra", 2, 8, None, "", (), "resolves", ("3",))),
        ("ITU-R Resolution 2 (2019)", ("ra", 2, None, 2019, "", (), "", ())),
        # Labels with suffixes, and a section's numbered paragraph.
        ("Resolution 71, resolves 2 bis", ("", 71, None, None, "", (), "resolves", ("2 bis",))),
        ("Resolution 71, noting a bis)", ("", 71, None, None, "", (), "noting", ("a bis",))),
        (
            "Resolution 102 (Rev. Busan, 2014), resolves, paragraph 2",
            ("", 102, None, 2014, "Busan", (), "resolves", ("2",)),
        ),
        # Short forms and missing editions.
        ("102 noting b", ("", 102, None, None, "", (), "noting", ("b",))),
        ("Resolution 102", ("", 102, None, None, "", (), "", ())),
        ("Resolution 102 (Guadalajara)", ("", 102, None, None, "Guadalajara", (), "", ())),
        ("Resolution 102 (2010) emphasizing e)", ("", 102, None, 2010, "", (), "emphasizing", ("e",))),
    ],
)
def test_it_reads_a_citation_as_delegates_write_it(query, expected):
    citation = parse_citation(query)
    assert citation is not None
    assert said(citation) == expected


@pytest.mark.parametrize(
    "query",
    [
        "the Internet governance",
        "Resolution 102 (the Internet)",
        "Resolution 102 and Resolution 101",
        "noting b)",
        "5G",
        "",
        "Resolution " + "1" * 600,
    ],
)
def test_it_refuses_what_is_not_one_citation(query):
    assert parse_citations(query) == []


def test_a_list_of_labels_is_one_citation_each():
    first, second = parse_citations("Resolution 102 (Rev. Busan, 2014), noting b) and c)")
    assert (first.section, first.labels) == ("noting", ("b",))
    assert (second.section, second.labels, second.year) == ("noting", ("c",), 2014)


def test_a_short_form_is_marked_as_one():
    assert parse_citation("102/2014 noting c").short
    assert not parse_citation("Res. 102 noting c").short


# ---- Running text


def found(text: str) -> list[tuple]:
    return [(c.number, c.year, c.section, c.labels, c.text) for c in find_citations(text, VOCABULARY)]


def test_it_finds_citations_in_running_text_with_their_exact_spans():
    text = (
        "Recalling Resolution 102 (Rev. Busan, 2014), noting that the Council must act, and "
        "*noting* c) of Resolution 102 (Rev. Guadalajara, 2010), the proposal says:"
    )
    citations = find_citations(text, VOCABULARY)
    assert [(c.section, c.labels) for c in citations] == [("", ()), ("noting", ("c",))]
    for citation in citations:
        assert text[citation.start : citation.end] == citation.text
    assert citations[1].text == "*noting* c) of Resolution 102 (Rev. Guadalajara, 2010)"


def test_prose_after_a_citation_is_not_a_section():
    assert found("Resolution 102 (Rev. Busan, 2014) resolves to explore ways.") == [
        (102, 2014, "", (), "Resolution 102 (Rev. Busan, 2014)")
    ]
    assert found("Resolution 102 (Rev. Busan, 2014), noting a decision") == [
        (102, 2014, "", (), "Resolution 102 (Rev. Busan, 2014)")
    ]
    assert found("Resolution 102 (Rev. Busan, 2014), resolves.")[0][2] == "resolves"


def test_several_labels_and_several_resolutions_are_linked_one_by_one():
    text = (
        "In line with Resolution 102 (Rev. Busan, 2014), instructs the Secretary-General 3 and 5, "
        "and with Resolutions 101, 133 and 180 (Rev. Busan, 2014) of the Plenipotentiary Conference;"
    )
    assert found(text) == [
        (
            102,
            2014,
            "instructs the Secretary-General",
            ("3",),
            "Resolution 102 (Rev. Busan, 2014), instructs the Secretary-General 3",
        ),
        (102, 2014, "instructs the Secretary-General", ("5",), "5"),
        (101, 2014, "", (), "Resolutions 101"),
        (133, 2014, "", (), "133"),
        (180, 2014, "", (), "180 (Rev. Busan, 2014) of the Plenipotentiary Conference"),
    ]


def test_labels_listed_before_a_resolution_are_linked_one_by_one():
    text = "see noting a) and b) of Resolution 102 (Rev. Busan, 2014)."
    assert found(text) == [
        (102, 2014, "noting", ("a",), "noting a)"),
        (102, 2014, "noting", ("b",), "b) of Resolution 102 (Rev. Busan, 2014)"),
    ]


def test_italics_mark_section_words_the_vocabulary_lacks():
    (citation,) = find_citations(
        "as in _recognising further_ i) of Resolution 102 (Busan, 2014).", VOCABULARY
    )
    assert (citation.section, citation.labels) == ("recognising further", ("i",))
    assert citation.text == "_recognising further_ i) of Resolution 102 (Busan, 2014)"


def test_other_bodies_and_united_nations_numbers_are_told_apart():
    text = "Resolution 1305, adopted by the ITU Council at its 2009 session, UNGA Resolution 70/125, Resolution 76 (Rev. WRC-15)."
    assert [(c.body, c.number) for c in find_citations(text, VOCABULARY)] == [("council", 1305), ("wrc", 76)]


def test_a_city_in_running_text_is_a_name():
    (citation,) = find_citations("Resolution 102 (see the annex) says", VOCABULARY)
    assert (citation.city, citation.text) == ("", "Resolution 102")


def test_annexes_and_itu_r_revisions_in_running_text():
    text = "as stated in § 2.1 of the Annex to Resolution 71 (Rev. Dubai, 2018) and in Resolution ITU-R 2-8, *resolves* 3;"
    first, second = find_citations(text, VOCABULARY)
    assert (first.annex, first.labels, first.text) == (
        ("annex",),
        ("2", "1"),
        "§ 2.1 of the Annex to Resolution 71 (Rev. Dubai, 2018)",
    )
    assert (second.body, second.number, second.revision, second.section, second.labels) == (
        "ra",
        2,
        8,
        "resolves",
        ("3",),
    )


def test_the_same_text_in_a_document_and_in_the_box_says_the_same():
    text = "Resolution 102 (Rev. Guadalajara, 2010), *considering* h)"
    (in_text,) = find_citations(f"As agreed in {text}, the group", VOCABULARY)
    assert said(in_text) == said(parse_citation(text))


# ---- Writing a citation out again


places = st.one_of(
    st.just(("", ())),
    st.tuples(
        st.sampled_from(["noting", "instructs the Secretary-General", "recognizing further", "resolves"]),
        st.sampled_from([(), ("b",), ("1", "a"), ("3",), ("2 bis",), ("1", "a", "ii")]),
    ),
)


@st.composite
def citations(draw):
    section, labels = draw(places)
    return Citation(
        number=draw(st.integers(1, 9999)),
        body=draw(st.sampled_from(["", "pp", "wtsa", "wtdc"])),
        year=draw(st.one_of(st.none(), st.integers(1865, 2100))),
        city=draw(st.sampled_from(["", "Busan", "Buenos Aires", "Sharm el-Sheikh"])),
        section=section,
        labels=labels,
    )


@given(citations())
def test_a_citation_written_out_reads_back_the_same(citation):
    again = parse_citation(citation.as_query())
    assert again is not None
    assert said(again) == said(citation)


def test_an_annex_citation_is_written_as_itu_writes_it():
    citation = parse_citation("§ 2.1 of the Annex to Resolution 71 (Rev. Dubai, 2018)")
    assert citation.as_query() == "Annex to Resolution 71 (Dubai, 2018), § 2.1"
    assert parse_citation("Resolution ITU-R 2-8, resolves 3").as_query() == "Resolution ITU-R 2-8, resolves 3"


# ---- Section words against an edition's headings


HEADINGS = [(slugify(heading), heading) for heading in VOCABULARY]


@pytest.mark.parametrize(
    ("words", "slugs"),
    [
        ("noting", ["noting"]),
        ("NOTING", ["noting"]),
        ("instructs the Council", ["instructs-the-council"]),
        ("instructs the SG", ["instructs-the-secretary-general"]),
        (
            "instructs the Director, TSB",
            ["instructs-the-director-of-the-telecommunication-standardization-bureau"],
        ),
        ("recognising further", ["recognizing-further"]),
        ("Recognizing Further", ["recognizing-further"]),
        ("invites Member States", ["invites-member-states"]),
        ("deeply concerned", ["deeply-concerned"]),
        (
            "instructs the Director",
            [
                "instructs-the-director-of-the-telecommunication-standardization-bureau",
                "instructs-the-director-of-the-telecommunication-development-bureau",
            ],
        ),
        ("invites", ["invites-member-states", "invites-member-states-and-sector-members"]),
        ("decides", []),
    ],
)
def test_section_words_match_the_headings_they_can_mean(words, slugs):
    assert match_sections(words, HEADINGS) == slugs


def test_content_words_drop_little_words_and_expand_abbreviations():
    assert content_words("instructs the SG") == ("instructs", "secretary", "general")
