import pytest

from resolutions.citations import citation_html, citation_text, clause_reference


@pytest.mark.parametrize(
    ("kind", "label", "heading", "path", "expected"),
    [
        ("item", "b)", "noting", "noting/b", ("noting", "b)")),
        (
            "heading",
            "",
            "instructs the Council,",
            "instructs-the-council/heading",
            ("instructs the Council", ""),
        ),
        ("paragraph", "", "resolves", "resolves", ("resolves", "")),
        ("paragraph", "", "resolves", "resolves/2", ("resolves", "paragraph 2")),
        ("title", "", "", "title", ("", "title")),
        ("footnote", "1", "", "footnote/1", ("", "footnote 1")),
    ],
)
def test_it_names_a_clause_as_delegates_cite_it(kind, label, heading, path, expected):
    assert clause_reference(kind, label, heading, path) == expected


def test_the_citation_puts_the_section_in_italics_and_escapes_it():
    reference = clause_reference("item", "b)", "noting <x>", "noting/b")
    assert (
        citation_text(102, "Rev. Busan, 2014", reference)
        == "Resolution 102 (Rev. Busan, 2014), noting <x> b)"
    )
    assert citation_html(102, "Rev. Busan, 2014", reference) == (
        "Resolution 102 (Rev. Busan, 2014), <i>noting &lt;x&gt;</i> b)"
    )
