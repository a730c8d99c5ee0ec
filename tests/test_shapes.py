"""Every shape an ITU resolution takes (issue 13): nested items, items
continued by a paragraph, dash lists, annexes with numbered paragraphs and
tables, and the WTSA, WTDC and RA resolutions, read from the test editions
in tests/data/shapes/ (made-up texts in ITU's layout)."""

from __future__ import annotations

from pathlib import Path

import pytest

from resolutions.alignment import align, moved_clauses
from resolutions.document import Kind, ParseError, SourceParagraph, cited_labels, clause_paths
from resolutions.parsing.plaintext import parse_text
from resolutions.parsing.safety import Limits
from resolutions.parsing.structure import build_edition

SHAPES = Path(__file__).resolve().parent / "data" / "shapes"
EDITIONS = sorted(path.stem for path in SHAPES.glob("*.txt"))

FRONT = [
    "RESOLUTION 999 (Rev. Dubai, 2018)",
    "A title",
    "The Plenipotentiary Conference of the International Telecommunication Union (Dubai, 2018),",
]


def read(name: str):
    return parse_text((SHAPES / f"{name}.txt").read_bytes(), source_name=f"{name}.txt")


def build(*body: str, limits: Limits | None = None):
    lines = [SourceParagraph(text, f"paragraph {n}") for n, text in enumerate([*FRONT, *body], start=1)]
    return build_edition(lines, {}, limits=limits)


def error_of(*body: str, limits: Limits | None = None) -> ParseError:
    with pytest.raises(ParseError) as caught:
        build(*body, limits=limits)
    return caught.value


def places(edition) -> list[tuple[str, str, str]]:
    """(path, kind, cited label) of every clause."""
    return [
        (path, clause.kind.value, cited)
        for clause, path, cited in zip(
            edition.clauses, clause_paths(edition.clauses), cited_labels(edition.clauses), strict=True
        )
    ]


# ---- Reading


@pytest.mark.parametrize("name", EDITIONS)
def test_every_test_edition_reads_without_a_note(name):
    edition = read(name)
    assert edition.notes == ()
    assert edition.number in (97, 801, 802, 999)


def test_it_reads_the_details_of_each_conference():
    assert (read("pp-999-2014").designation, read("pp-999-2014").city) == ("Busan, 2014", "Busan")
    assert (read("wtsa-801-2016").body, read("wtsa-801-2016").city) == ("wtsa", "Hammamet")
    assert (read("wtdc-802-2017").body, read("wtdc-802-2017").city) == ("wtdc", "Buenos Aires")
    ra = read("ra-97-2023")
    assert (ra.body, ra.number, ra.city, ra.year, ra.designation) == ("ra", 97, "", 2023, "ITU-R 97-2")
    assert ra.clauses[0].text == "RESOLUTION ITU-R 97-2 (2015-2019-2023)"


def test_it_places_every_clause_of_the_pp_resolution_through_its_parents():
    assert places(read("pp-999-2018")) == [
        ("resolution", "resolution", ""),
        ("title", "title", ""),
        ("preamble", "preamble", ""),
        ("recalling/heading", "heading", ""),
        ("recalling/a", "item", "a)"),
        ("recalling/b", "item", "b)"),
        ("recalling/c", "item", "c)"),
        ("considering/heading", "heading", ""),
        ("considering", "paragraph", ""),
        ("bearing-in-mind/heading", "heading", ""),
        ("bearing-in-mind/a", "item", "a)"),
        ("bearing-in-mind/b", "item", "b)"),
        ("bearing-in-mind/b/i", "item", "b) i)"),
        ("bearing-in-mind/b/ii", "item", "b) ii)"),
        ("bearing-in-mind/b/iii", "item", "b) iii)"),
        ("convinced/heading", "heading", ""),
        ("convinced", "paragraph", ""),
        ("resolves/heading", "heading", ""),
        ("resolves/1", "item", "1"),
        ("resolves/1/a", "item", "1 a)"),
        ("resolves/1/a/i", "item", "1 a) i)"),
        ("resolves/1/a/ii", "item", "1 a) ii)"),
        ("resolves/1/a/iii", "item", "1 a) iii)"),
        ("resolves/1/b", "item", "1 b)"),
        ("resolves/2", "item", "2"),
        ("resolves/2/bullet-1", "item", "2, indent 1"),
        ("resolves/2/bullet-2", "item", "2, indent 2"),
        ("resolves/2/bullet-3", "item", "2, indent 3"),
        ("resolves/3", "item", "3"),
        ("resolves/3/para-2", "paragraph", "3, paragraph 2"),
        ("instructs-the-secretary-general-in-consultation-with-the-directors-of-the/heading", "heading", ""),
        ("instructs-the-secretary-general-in-consultation-with-the-directors-of-the/1", "item", "1"),
        ("instructs-the-secretary-general-in-consultation-with-the-directors-of-the/2", "item", "2"),
        ("annex/heading", "heading", ""),
        ("annex/title", "annex-title", ""),
        ("annex/1", "item", "1"),
        ("annex/1/1", "item", "1.1"),
        ("annex/2", "item", "2"),
        ("annex/2/1", "item", "2.1"),
        ("annex/2/2", "item", "2.2"),
        ("annex/2/3", "item", "2.3"),
        ("annex/2/4", "item", "2.4"),
        ("annex/2/4/para-2", "paragraph", "2.4, paragraph 2"),
        ("annex/2/4/para-2/bullet-1", "item", "2.4, paragraph 2, indent 1"),
        ("annex/2/4/para-2/bullet-2", "item", "2.4, paragraph 2, indent 2"),
        ("annex/3", "item", "3"),
        ("annex/3/1", "item", "3.1"),
        ("annex/table-1", "table", ""),
        ("annex/table-1/row-2", "row", ""),
        ("annex/table-1/row-3", "row", ""),
        ("annex/table-1/row-4", "row", ""),
        ("footnote/1", "footnote", "1"),
        ("footnote/2", "footnote", "2"),
    ]


def test_a_table_keeps_its_rows_and_cells():
    edition = read("pp-999-2018")
    table = next(i for i, clause in enumerate(edition.clauses) if clause.kind == Kind.TABLE)
    rows = [clause for clause in edition.clauses if clause.kind == Kind.ROW]
    assert edition.clauses[table].text == "Post | Grade | Number"
    assert [row.text for row in rows] == [
        "Head of office | P.5 | 1",
        "Programme officer | P.3 | 3",
        "Assistant | G.5 | 1",
    ]
    assert {row.parent for row in rows} == {table}


def test_a_table_from_a_reader_is_one_clause_per_row():
    lines = [SourceParagraph(text, f"p{n}") for n, text in enumerate([*FRONT, "ANNEX A", "Title"], start=1)]
    lines.append(SourceParagraph("", "p6", rows=(("A", "B"), ("1", " 2 "))))
    edition = build_edition(lines, {})
    assert places(edition)[-2:] == [("annex-a/table-1", "table", ""), ("annex-a/table-1/row-2", "row", "")]
    assert edition.clauses[-1].text == "1 | 2"


def test_roman_numbers_open_a_level_under_a_letter_but_i_after_h_is_a_letter():
    nested = build("resolves", "a) x;", "i) y;", "ii) z;", "b) w")
    assert [(c.label, c.parent) for c in nested.clauses[4:]] == [
        ("a)", None),
        ("i)", 4),
        ("ii)", 4),
        ("b)", None),
    ]
    letters = [f"{chr(c)}) x;" for c in range(ord("a"), ord("j"))]
    flat = build("noting", *letters)
    assert [c.parent for c in flat.clauses[4:]] == [None] * 9
    assert flat.clauses[-1].label == "i)"


def test_three_levels_and_bis_at_every_level():
    edition = build("resolves", "1 x:", "a) y:", "i) z;", "i bis) z2;", "a bis) y2;", "1bis w")
    assert [path for path, *_ in places(edition)[4:]] == [
        "resolves/1",
        "resolves/1/a",
        "resolves/1/a/i",
        "resolves/1/a/i-bis",
        "resolves/1/a-bis",
        "resolves/1bis",
    ]


def test_a_dash_list_may_hang_from_a_sections_paragraph():
    edition = build(
        "considering", "that the following is needed:", "– one thing;", "– another,", "resolves", "to act."
    )
    assert places(edition)[3:7] == [
        ("considering/heading", "heading", ""),
        ("considering", "paragraph", ""),
        ("considering/bullet-1", "item", "indent 1"),
        ("considering/bullet-2", "item", "indent 2"),
    ]


def test_a_paragraph_continues_an_item_when_the_items_go_on_after_it():
    edition = build(
        "resolves", "1 to act;", "This applies to all Bureaux, in every region of the world;", "2 to report."
    )
    assert [(c.kind.value, c.parent) for c in edition.clauses[4:]] == [
        ("item", None),
        ("paragraph", 4),
        ("item", None),
    ]


def test_a_label_that_fits_no_level_says_which_labels_may_come_next():
    assert error_of("resolves", "1 x:", "a) y:", "i) z;", "iii) w").reason == (
        "label iii) out of sequence under 'resolves' a): expected ii) or i bis)"
    )
    assert error_of("resolves", "1 x", "1.2 y").reason == (
        "label 1.2 out of sequence under 'resolves': expected 2 or 1bis"
    )


def test_nesting_deeper_than_the_limit_is_refused_with_a_message():
    labels = ["1 x", "1.1 x", "1.1.1 x", "1.1.1.1 x"]
    error = error_of("annex starts", *labels, limits=Limits(max_depth=3))
    assert (error.where, error.reason) == (
        "paragraph 8",
        "item 1.1.1.1 is nested 4 levels deep, more than the 3 allowed",
    )
    assert len(build("annex starts", *labels).clauses) == 8


def test_an_assembly_resolution_line_needs_its_years():
    lines = [
        SourceParagraph(t, f"line {n}")
        for n, t in enumerate(
            ["RESOLUTION ITU-R 2-8", "Title", "The ITU Radiocommunication Assembly,", "resolves", "to act."],
            1,
        )
    ]
    with pytest.raises(ParseError, match=r"needs the years of its revisions"):
        build_edition(lines, {})


# ---- Alignment: which clause became which, pinned

PINNED_MAPPINGS = {
    ("pp-999-2014", "pp-999-2018"): [
        (None, "recalling/b"),
        ("recalling/b", "recalling/c"),
        (None, "bearing-in-mind/b/ii"),
        ("bearing-in-mind/b/ii", "bearing-in-mind/b/iii"),
        (None, "convinced/heading"),
        (None, "convinced"),
        (None, "resolves/1/a/iii"),
        (None, "resolves/2/bullet-3"),
        (None, "resolves/3"),
        (None, "resolves/3/para-2"),
        (
            "instructs-the-secretary-general/heading",
            "instructs-the-secretary-general-in-consultation-with-the-directors-of-the/heading",
        ),
        (
            "instructs-the-secretary-general/1",
            "instructs-the-secretary-general-in-consultation-with-the-directors-of-the/1",
        ),
        (
            "instructs-the-secretary-general/2",
            "instructs-the-secretary-general-in-consultation-with-the-directors-of-the/2",
        ),
        (None, "annex/2/2"),
        ("annex/2/2", "annex/2/3"),
        ("annex/2/3", "annex/2/4"),
        ("annex/2/3/para-2", "annex/2/4/para-2"),
        (None, "annex/2/4/para-2/bullet-1"),
        (None, "annex/2/4/para-2/bullet-2"),
        (None, "annex/table-1/row-4"),
        (None, "footnote/2"),
    ],
    ("pp-999-2018", "pp-999-2022"): [
        ("recalling/b", None),
        ("recalling/c", "recalling/b"),
        ("resolves/3", "resolves/2"),
        ("resolves/3/para-2", "resolves/2/para-2"),
        ("resolves/2", "resolves/3"),
        ("resolves/2/bullet-1", "resolves/3/a"),
        ("resolves/2/bullet-2", "resolves/3/b"),
        ("resolves/2/bullet-3", "resolves/3/c"),
        (None, "instructs-the-secretary-general-in-consultation-with-the-directors-of-the/1-bis"),
    ],
    ("wtsa-801-2012", "wtsa-801-2016"): [
        (None, "considering/b"),
        ("considering/b", "considering/c"),
        (None, "having-regard-to/heading"),
        (None, "having-regard-to"),
        (None, "resolves/2/a-bis"),
        (None, "resolves/2/a-bis/i"),
        (None, "resolves/2/a-bis/ii"),
        (
            "requests-the-director-of-the-telecommunication-standardization-bureau/2",
            "requests-the-director-of-the-telecommunication-standardization-bureau/1",
        ),
        (
            "requests-the-director-of-the-telecommunication-standardization-bureau/1",
            "requests-the-director-of-the-telecommunication-standardization-bureau/2",
        ),
    ],
    ("wtsa-801-2016", "wtsa-801-2022"): [
        ("aware/heading", None),
        ("aware", None),
        ("resolves/2/a-bis", "resolves/2/b"),
        ("resolves/2/a-bis/i", None),
        ("resolves/2/a-bis/ii", None),
        ("resolves/2/b", "resolves/2/c"),
        ("requests-the-director-of-the-telecommunication-standardization-bureau/heading", None),
        ("requests-the-director-of-the-telecommunication-standardization-bureau/1", None),
        ("requests-the-director-of-the-telecommunication-standardization-bureau/2", None),
        (
            "encourages-member-states-and-sector-members/heading",
            "calls-upon-member-states-and-sector-members/heading",
        ),
        ("encourages-member-states-and-sector-members", "calls-upon-member-states-and-sector-members"),
    ],
    ("wtdc-802-2014", "wtdc-802-2017"): [
        (None, "instructs-the-director-of-the-telecommunication-development-bureau/1/bullet-3"),
        (None, "instructs-the-director-of-the-telecommunication-development-bureau/2"),
        (
            "instructs-the-director-of-the-telecommunication-development-bureau/2",
            "instructs-the-director-of-the-telecommunication-development-bureau/3",
        ),
        (None, "annex-a/heading"),
        (None, "annex-a/title"),
        (None, "annex-a/1"),
        (None, "annex-a/1/bullet-1"),
        (None, "annex-a/1/bullet-2"),
        (None, "annex-a/1/bullet-3"),
        (None, "annex-a/2"),
    ],
    ("ra-97-2015", "ra-97-2019"): [
        (None, "considering/b"),
        ("considering/b", "considering/c"),
        (None, "resolves/1/a"),
        (None, "resolves/1/b"),
    ],
    ("ra-97-2019", "ra-97-2023"): [
        (None, "resolves/1"),
        ("resolves/1", "resolves/1/a"),
        ("resolves/1/a", "resolves/1/a/i"),
        ("resolves/1/b", "resolves/1/a/ii"),
        (None, "resolves/1/b"),
    ],
}


@pytest.mark.parametrize(("old", "new"), list(PINNED_MAPPINGS))
def test_it_pins_which_clause_became_which(old, new):
    """Every clause whose path changed, appeared or went; every other
    clause kept its path."""
    before, after = read(old), read(new)
    old_paths, new_paths = clause_paths(before.clauses), clause_paths(after.clauses)
    changed = []
    for match in align(before.clauses, after.clauses):
        was = old_paths[match.old] if match.old is not None else None
        now = new_paths[match.new] if match.new is not None else None
        if was != now:
            changed.append((was, now))
    assert changed == PINNED_MAPPINGS[(old, new)]


def test_an_annex_paragraph_renumbered_from_2_3_to_2_4_is_the_same_clause():
    assert ("annex/2/3", "annex/2/4") in PINNED_MAPPINGS[("pp-999-2014", "pp-999-2018")]


def test_a_clause_under_another_parent_is_marked_moved_but_not_when_its_parent_moved_with_it():
    before, after = read("ra-97-2019"), read("ra-97-2023")
    old_paths, new_paths = clause_paths(before.clauses), clause_paths(after.clauses)
    pairs = {
        m.new: m.old for m in align(before.clauses, after.clauses) if m.new is not None and m.old is not None
    }
    moved = {new_paths[n] for n in moved_clauses(before.clauses, after.clauses, pairs)}
    assert "resolves/1/a" in moved  # old 1 now under a new 1
    assert "resolves/1/a/i" not in moved  # old 1 a): its parent is old 1's match
    assert {old_paths[pairs[new_paths.index("resolves/1/a/i")]]} == {"resolves/1/a"}


def test_the_upload_review_names_a_nested_clause_with_its_parents():
    from resolutions.drafts import clause_infos

    names = {info.name for info in clause_infos(read("pp-999-2018").clauses)}
    assert {"resolves 1 a) i)", "§ 2.4, paragraph 2", "bearing in mind b) iii)", "table 1, row 3"} <= names


def test_an_annex_styled_like_the_resolution_line_and_title_is_still_an_annex():
    lines = [
        SourceParagraph(text, f"p{n}") for n, text in enumerate([*FRONT, "resolves", "to act."], start=1)
    ]
    lines += [
        SourceParagraph("ANNEX TO RESOLUTION 999 (REV. DUBAI, 2018)", "p6", role="resolution"),
        SourceParagraph("Terms of reference", "p7", role="title"),
        SourceParagraph("Introduction", "p8", label="1"),
    ]
    edition = build_edition(lines, {})
    assert places(edition)[-3:] == [
        ("annex/heading", "heading", ""),
        ("annex/title", "annex-title", ""),
        ("annex/1", "item", "1"),
    ]
    lines.append(SourceParagraph("Another title", "p9", role="title"))
    with pytest.raises(ParseError, match="a second resolution line or title"):
        build_edition(lines, {})


def test_children_keep_their_identity_when_their_parent_is_deleted():
    before = build(
        "resolves",
        "1 that the following shall be done:",
        "a) to study the matter further;",
        "b) to report on it every year,",
        "instructs",
        "to act.",
    )
    after = build(
        "resolves",
        "a) to study the matter further;",
        "b) to report on it every year,",
        "instructs",
        "to act.",
    )
    old_paths, new_paths = clause_paths(before.clauses), clause_paths(after.clauses)
    matches = align(before.clauses, after.clauses)
    pairs = {m.new: m.old for m in matches if m.new is not None and m.old is not None}
    mapping = {old_paths[o]: new_paths[n] for n, o in pairs.items()}
    assert mapping["resolves/1/a"] == "resolves/a" and mapping["resolves/1/b"] == "resolves/b"
    assert "resolves/1" not in mapping  # the parent is deleted
    moved = {new_paths[n] for n in moved_clauses(before.clauses, after.clauses, pairs)}
    assert {"resolves/a", "resolves/b"} <= moved
