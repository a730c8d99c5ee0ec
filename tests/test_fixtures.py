"""The bundled editions of Resolution 102: each is one side of the decoded
redline, and parses to the structure the printed resolutions have."""

from __future__ import annotations

from pathlib import Path

import pytest

from resolutions.document import Kind, ParsedEdition, clause_paths
from resolutions.parsing import parse_text
from tests.support.wdiff import redline_text, sides

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
OLD_SIDE, NEW_SIDE = sides(redline_text())
EDITIONS = {2010: ("pp-102-2010.txt", OLD_SIDE), 2014: ("pp-102-2014.txt", NEW_SIDE)}

HEADINGS_2014 = [
    "recognizing",
    "considering",
    "recognizing further",
    "emphasizing",
    "noting",
    "recalling",
    "Deeply concerned",
    "resolves",
    "instructs the Secretary-General",
    "instructs the Directors of the Bureaux",
    "instructs the Director of the Telecommunication Standardization Bureau",
    "instructs the Director of the Telecommunication Development Bureau",
    "instructs the Council Working Group on international Internet-related public policy issues, as an "
    "integral part of the Council Working Group on the World Summit on the Information Society,",
    "instructs the Council",
    "invites Member States",
    "invites Member States and Sector Members",
]
HEADINGS_2010 = [
    heading.replace("instructs the Council Working Group", "invites the Dedicated Group")
    for heading in HEADINGS_2014
    if heading not in ("recalling", "Deeply concerned")
]


def letters(last: str) -> list[str]:
    return [f"{chr(c)})" for c in range(ord("a"), ord(last) + 1)]


def numbers(last: int) -> list[str]:
    return [str(n) for n in range(1, last + 1)]


LABELS_2014 = [
    letters("b"),
    letters("h"),
    letters("i"),
    letters("e"),
    letters("e"),
    letters("c"),
    letters("c"),
    [""],
    numbers(7),
    numbers(4),
    numbers(4),
    numbers(3),
    numbers(5),
    numbers(3),
    numbers(3),
    [""],
]
LABELS_2010 = [
    letters("b"),
    letters("h"),
    letters("i"),
    letters("e"),
    letters("e"),
    [""],
    numbers(7),
    numbers(3),
    numbers(4),
    numbers(3),
    numbers(2),
    numbers(4),
    numbers(2),
    [""],
]


def parsed(year: int) -> ParsedEdition:
    name, _ = EDITIONS[year]
    return parse_text((FIXTURES / name).read_bytes(), source_name=name)


def sections(edition: ParsedEdition) -> list[tuple[str, list[str]]]:
    return [
        (edition.clauses[heading].text, [edition.clauses[i].label for i in members])
        for heading, members in edition.sections().items()
    ]


@pytest.mark.parametrize("year", sorted(EDITIONS))
def test_each_fixture_is_its_side_of_the_redline_byte_for_byte(year):
    name, side = EDITIONS[year]
    assert (FIXTURES / name).read_bytes() == side.encode("utf-8")


@pytest.mark.parametrize("year", sorted(EDITIONS))
def test_each_fixture_parses_as_its_side_of_the_redline(year):
    name, side = EDITIONS[year]
    assert parsed(year) == parse_text(side.encode("utf-8"), source_name=name)


@pytest.mark.parametrize(
    ("year", "city", "designation"),
    [(2010, "Guadalajara", "Rev. Guadalajara, 2010"), (2014, "Busan", "Rev. Busan,2014")],
)
def test_the_editions_are_resolution_102_of_the_plenipotentiary(year, city, designation):
    edition = parsed(year)
    assert (edition.body, edition.number, edition.city, edition.year) == ("pp", 102, city, year)
    assert edition.designation == designation
    assert edition.title.startswith("ITU's role with regard to international public policy issues")
    assert edition.notes == ()


@pytest.mark.parametrize(
    ("year", "headings", "labels"), [(2010, HEADINGS_2010, LABELS_2010), (2014, HEADINGS_2014, LABELS_2014)]
)
def test_the_editions_have_the_printed_sections_and_labels(year, headings, labels):
    assert sections(parsed(year)) == list(zip(headings, labels, strict=True))


@pytest.mark.parametrize("year", sorted(EDITIONS))
def test_the_footnote_hangs_off_the_resolves_paragraph(year):
    edition = parsed(year)
    resolves = next(c for c in edition.clauses if c.kind == Kind.PARAGRAPH)
    assert edition.clauses[resolves.section].text == "resolves"
    assert "relevant organizations[^1] involved" in resolves.text
    assert "[footnoteRef" not in resolves.text and "[2:" not in resolves.text
    footnote = edition.clauses[-1]
    assert (footnote.kind, footnote.label, footnote.section) == (Kind.FOOTNOTE, "1", None)
    assert footnote.text.startswith("including, but not limited, to the Internet Corporation")
    assert footnote.text.endswith("World Wide Web Consortium (W3C).")
    assert [c for c in edition.clauses if c.kind == Kind.FOOTNOTE] == [footnote]


def test_the_2014_resolves_paragraph_ends_with_the_comma_the_redline_inserts():
    ends = [next(c for c in parsed(year).clauses if c.kind == Kind.PARAGRAPH).text[-10:] for year in EDITIONS]
    assert ends == ["community.", "community,"]


@pytest.mark.parametrize(
    ("year", "path", "start"),
    [
        (2010, "noting/b", "that the Dedicated Group, as an integral part"),
        (2014, "noting/b", "Resolution 1305, adopted by the ITU Council"),
        (2014, "resolves", "to explore ways and means"),
        (2014, "footnote/1", "including, but not limited"),
        (
            2014,
            "instructs-the-secretary-general/7",
            "to continue to disseminate, as appropriate, the outcomes",
        ),
        (
            2010,
            "instructs-the-secretary-general/7",
            "to continue to disseminate, as appropriate, the reports",
        ),
        (2014, "deeply-concerned/c", "at the negative impact of mass surveillance"),
        (2014, "recognizing/heading", "recognizing"),
    ],
)
def test_clauses_have_stable_paths(year, path, start):
    edition = parsed(year)
    paths = clause_paths(edition.clauses)
    assert edition.clauses[paths.index(path)].text.startswith(start)


def test_the_clause_texts_are_normalised():
    for year in EDITIONS:
        for clause in parsed(year).clauses:
            assert clause.text == " ".join(clause.text.split()) and "\u00a0" not in clause.text
