"""Every shape of tests/data/shapes/ reads the same from its text, its Word
twin (labels from Word's automatic numbering) and its HTML twin (labels
from nested lists): the same paragraphs, and the same clauses."""

from __future__ import annotations

import io
import itertools
import zipfile
from pathlib import Path

import pytest

from resolutions.document import Kind, ParsedEdition, SourceParagraph, normalize_space
from resolutions.parsing.docx import read_docx
from resolutions.parsing.formats import read_upload
from resolutions.parsing.html import read_html
from resolutions.parsing.plaintext import parse_text, read_text
from resolutions.parsing.revisions import side_paragraphs
from tests.support.shapes import LABEL, describe
from tests.support.shapes_docx import docx_from_description, docx_twin, tracked_docx_twin
from tests.support.shapes_html import html_twin, tracked_html_twin

SHAPES = Path(__file__).resolve().parent / "data" / "shapes"
EDITIONS = sorted(path.name for path in SHAPES.glob("*.txt"))


def text_of(name: str) -> bytes:
    return (SHAPES / name).read_bytes()


def shown(paragraph: SourceParagraph) -> tuple:
    """(label, text, role, rows) as a reader of the page sees them: a label
    typed in the text is split from it, so that a typed "a)" and one Word
    numbers read alike."""
    rows = tuple(tuple(normalize_space(cell) for cell in row) for row in paragraph.rows)
    text, label = normalize_space(paragraph.text), normalize_space(paragraph.label)
    if not label and not rows:
        typed = LABEL.fullmatch(text)
        if typed is not None:
            label, text = typed["label"], typed["text"]
    return (label, text, paragraph.role, rows)


def paragraphs_of(name: str, twin: str) -> tuple[list[tuple], dict[str, str]]:
    data = text_of(name)
    if twin == "text":
        paragraphs, footnotes = read_text(data)
    elif twin == "docx":
        paragraphs, footnotes = side_paragraphs(read_docx(docx_twin(data)), "revised")
    else:
        paragraphs, footnotes = side_paragraphs(read_html(html_twin(data)), "revised")
    return [shown(p) for p in paragraphs if p.rows or normalize_space(p.text)], footnotes


def content(edition: ParsedEdition) -> tuple:
    """What an edition says, leaving out where each clause was found."""
    clauses = tuple((c.kind, c.label, c.text, c.section, c.parent) for c in edition.clauses)
    return (
        edition.body,
        edition.number,
        edition.city,
        edition.year,
        edition.designation,
        edition.title,
        clauses,
    )


@pytest.mark.parametrize("twin", ["docx", "html"])
@pytest.mark.parametrize("name", EDITIONS)
def test_each_twin_reads_to_the_same_paragraphs_as_the_text_edition(name, twin):
    assert paragraphs_of(name, twin) == paragraphs_of(name, "text")


@pytest.mark.parametrize("name", EDITIONS)
def test_the_word_twin_really_takes_its_labels_from_automatic_numbering(name):
    # Guards the equivalence above: it must not pass because the twin
    # typed its labels. Only bis/ter labels are typed, as ITU types them.
    description = describe(text_of(name))
    numbered = [block.label for block in description.blocks if block.numbered]
    typed = [block.label for block in description.blocks if block.label and not block.numbered]
    assert all("bis" in label or "ter" in label for label in typed)
    data = docx_twin(text_of(name))
    document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert document.count("<w:numPr>") == len(numbered)
    paragraphs, _ = side_paragraphs(read_docx(data), "revised")
    assert [p.label for p in paragraphs if p.label] == numbered
    assert not any(LABEL.fullmatch(normalize_space(p.text)) for p in paragraphs if p.label)


@pytest.mark.parametrize("name", EDITIONS)
def test_the_html_twin_really_takes_its_labels_from_its_lists(name):
    description = describe(text_of(name))
    numbered = [block.label for block in description.blocks if block.numbered]
    paragraphs, _ = side_paragraphs(read_html(html_twin(text_of(name))), "revised")
    assert [p.label for p in paragraphs if p.label] == numbered


@pytest.mark.parametrize(("twin", "suffix"), [(docx_twin, ".docx"), (html_twin, ".htm")])
@pytest.mark.parametrize("name", EDITIONS)
def test_each_twin_reads_to_the_same_clauses_as_the_text_edition(name, twin, suffix):
    expected = parse_text(text_of(name), source_name=name)
    reading = read_upload(twin(text_of(name)), filename=name.replace(".txt", suffix))
    assert content(reading.revised) == content(expected)
    assert reading.base is None


# Each resolution's editions in order, as a delegate would compare them.
STEPS = [
    (old, new)
    for names in (
        ("pp-999-2014.txt", "pp-999-2018.txt", "pp-999-2022.txt"),
        ("wtsa-801-2012.txt", "wtsa-801-2016.txt", "wtsa-801-2022.txt"),
        ("wtdc-802-2014.txt", "wtdc-802-2017.txt"),
        ("ra-97-2015.txt", "ra-97-2019.txt", "ra-97-2023.txt"),
    )
    for old, new in itertools.pairwise(names)
]


@pytest.mark.parametrize(("twin", "suffix"), [(tracked_docx_twin, ".docx"), (tracked_html_twin, ".htm")])
@pytest.mark.parametrize(("old", "new"), STEPS)
def test_a_revision_marked_twin_of_two_editions_reads_as_each_edition_on_its_side(old, new, twin, suffix):
    data = twin(text_of(old), text_of(new))
    reading = read_upload(data, filename=new.replace(".txt", f"-marked{suffix}"))
    assert reading.base is not None
    assert content(reading.base) == content(parse_text(text_of(old)))
    assert content(reading.revised) == content(parse_text(text_of(new)))


def test_the_tracked_twin_numbers_items_automatically_and_marks_rows_and_words():
    # Guards the test above: changed items keep Word's numbering, and the
    # table's changes are marked rows and cells, not retyped text.
    data = tracked_docx_twin(text_of("pp-999-2014.txt"), text_of("pp-999-2018.txt"))
    document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert document.count("<w:numPr>") > 30
    assert "<w:trPr><w:ins " in document
    assert "<w:tbl>" in document and "<w:del " in document
    base, _ = side_paragraphs(read_docx(data), "base")
    revised, _ = side_paragraphs(read_docx(data), "revised")
    table = [p.rows for p in revised if p.rows]
    assert table == [
        (
            ("Post", "Grade", "Number"),
            ("Head of office", "P.5", "1"),
            ("Programme officer", "P.3", "3"),
            ("Assistant", "G.5", "1"),
        )
    ]
    assert [p.rows for p in base if p.rows][0][-1] == ("Programme officer", "P.3", "2")
    assert [p.label for p in revised if p.label].count("iii)") == 2  # one new item at each of two depths
    assert [p.label for p in base if p.label].count("iii)") == 0


ITU_STYLE_OF = {
    Kind.RESOLUTION_LINE: "ResNo",
    Kind.TITLE: "Restitle",
    Kind.PREAMBLE: "Normalaftertitle",
    Kind.HEADING: "Call",
}


@pytest.mark.parametrize("name", EDITIONS)
def test_a_word_twin_in_itus_paragraph_styles_reads_to_the_same_clauses(name):
    # The styles say what the text edition leaves to the text: headings in
    # Call, the resolution line in ResNo ...; both must agree.
    expected = parse_text(text_of(name))
    kinds = {clause.where: clause.kind for clause in expected.clauses}
    description = describe(text_of(name))
    styles = {
        index: ITU_STYLE_OF[kinds[block.where]]
        for index, block in enumerate(description.blocks)
        if kinds.get(block.where) in ITU_STYLE_OF
    }
    data = docx_from_description(description, styles=styles)
    paragraphs, _ = side_paragraphs(read_docx(data), "revised")
    assert {p.role for p in paragraphs} >= {"resolution", "title", "body", "heading"}
    assert content(read_upload(data, filename=name.replace(".txt", ".docx")).revised) == content(expected)
