"""The Word exports: a comparison as real tracked changes, an edition clean.

The decisive check reads each export back with the project's own .docx
reader: accepting every change must give the later edition and rejecting
every change the earlier one, clause for clause. LibreOffice (headless, as
in CI) must convert it, and see its tracked changes as such.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from resolutions.comparison import compare_editions
from resolutions.document import Kind, ParsedEdition
from resolutions.importing import import_edition
from resolutions.models import ClauseVersion, Edition, parsed_clauses
from resolutions.output.docx import (
    INDENT,
    Export,
    Footnote,
    Paragraph,
    WordWriter,
    comparison_docx,
    edition_docx,
    keep_renumbered_references,
    revision_date,
    tracked_order,
)
from resolutions.parsing import parse_text
from resolutions.parsing.formats import read_upload
from resolutions.redline import Tag
from tests.support.synthetic import synthetic_pair

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}

REPORT = "to report annually to the Council on the activities undertaken on these subjects"
LIAISE = (
    "to liaise and to cooperate with the regional telecommunication organizations pursuant to this resolution"
)
FORUMS = "to organize international and regional forums and carry out necessary activities for the period"
ASSIST = "to provide assistance, within available resources, to Member States, if so requested"


def editions(year_old: int = 2010, year_new: int = 2014, number: int = 102) -> tuple[Edition, Edition]:
    found = {
        edition.year: edition
        for edition in Edition.objects.filter(resolution__number=number).select_related("resolution")
    }
    return found[year_old], found[year_new]


def clauses(edition: Edition | ParsedEdition) -> list[tuple]:
    """What "the same clauses" means: kind, label, text and section, in order."""
    parsed = (
        edition.clauses
        if isinstance(edition, ParsedEdition)
        else parsed_clauses(list(ClauseVersion.objects.in_edition(edition)))
    )
    return [(clause.kind, clause.label, clause.text, clause.section) for clause in parsed]


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def body_paragraphs(data: bytes) -> list[etree._Element]:
    return part(data, "word/document.xml").findall(".//w:body/w:p", NS)


def style_of(paragraph: etree._Element) -> str:
    style = paragraph.find("w:pPr/w:pStyle", NS)
    return style.get(f"{W}val") if style is not None else ""


def text_of(paragraph: etree._Element) -> str:
    """Both sides' text, deletions included, tabs as tabs."""
    return "".join(
        "\t" if node.tag == f"{W}tab" else node.text or ""
        for node in paragraph.iter(f"{W}t", f"{W}delText", f"{W}tab")
        if node.getparent().tag == f"{W}r"  # not the tab stops of the paragraph's properties
    )


def import_texts(*texts: str) -> None:
    for n, text in enumerate(texts):
        data = text.encode()
        import_edition(parse_text(data), data, source_name=f"edition-{n}.txt", imported_by="test")


def small_edition(city: str, year: int, sections: list[tuple[str, list[str]]]) -> str:
    lines = [
        f"RESOLUTION 7 (Rev. {city}, {year})",
        "A resolution whose clauses move",
        f"The Plenipotentiary Conference of the International Telecommunication Union ({city}, {year}),",
    ]
    for heading, items in sections:
        lines.append(heading)
        lines.extend(items)
    return "\n".join(lines) + "\n"


def assert_reads_back_as_both_editions(data: bytes, old: Edition, new: Edition) -> None:
    reading = read_upload(data, filename="export.docx")
    assert reading.format == "docx"
    assert reading.base is not None, "the export carries no revision marks"
    assert clauses(reading.revised) == clauses(new)
    assert clauses(reading.base) == clauses(old)
    assert (reading.revised.year, reading.base.year) == (new.year, old.year)


# ---------------------------------------------------------------- Resolution 102


def test_accepting_every_change_gives_2014_and_rejecting_every_change_gives_2010(bundled):
    old, new = editions()
    assert_reads_back_as_both_editions(comparison_docx(compare_editions(old, new)), old, new)


def test_the_changes_are_real_tracked_changes_authored_and_dated_as_the_later_edition(bundled):
    old, new = editions()
    document = part(comparison_docx(compare_editions(old, new)), "word/document.xml")
    insertions, deletions = document.findall(".//w:ins", NS), document.findall(".//w:del", NS)
    assert insertions and deletions
    assert document.findall(".//w:del//w:delText", NS)
    assert not document.findall(".//w:del//w:t", NS), "deleted text must be w:delText"
    for revision in insertions + deletions:
        assert revision.get(f"{W}author") == "Rev. Busan, 2014"
        assert revision.get(f"{W}date") == "2014-01-01T00:00:00Z"
    ids = [revision.get(f"{W}id") for revision in insertions + deletions]
    assert len(ids) == len(set(ids))
    # "fourth" -> "fifth" in noting a), word for word.
    assert "fourth" in [node.text for node in document.iter(f"{W}delText")]
    assert "fifth" in [node.text for node in document.findall(".//w:ins/w:r/w:t", NS)]


def test_change_tracking_stays_on_so_the_delegates_next_edits_are_tracked_too(bundled):
    old, new = editions()
    settings = part(comparison_docx(compare_editions(old, new)), "word/settings.xml")
    assert settings.find("w:trackRevisions", NS) is not None


def test_an_added_clause_has_its_paragraph_mark_inserted_and_a_deleted_one_deleted(bundled):
    old, new = editions()
    paragraphs = body_paragraphs(comparison_docx(compare_editions(old, new)))
    added = next(p for p in paragraphs if text_of(p).startswith("c)\tResolution 1336"))
    deleted = next(p for p in paragraphs if text_of(p).startswith("b)\tthat the Dedicated Group, as an"))
    assert added.find("w:pPr/w:rPr/w:ins", NS) is not None
    assert deleted.find("w:pPr/w:rPr/w:del", NS) is not None
    assert not added.findall("w:r", NS) and not deleted.findall("w:r", NS), "every run is marked"


def test_each_changed_clause_has_its_itu_mark_before_it_as_proposals_carry_it(bundled):
    old, new = editions()
    comparison = compare_editions(old, new)
    paragraphs = body_paragraphs(comparison_docx(comparison))
    marks = [text_of(p) for p in paragraphs if style_of(p) == "Proposal"]
    changed = [row for row in comparison.rows if row.changed and row.kind != Kind.FOOTNOTE]
    assert len(marks) == len(changed)
    assert "MOD\tnoting a)" in marks
    assert "SUP\tnoting b)" in marks
    assert "ADD\trecalling" in marks
    assert "NOC\tnoting b) (relettered)" in marks
    mark = next(p for p in paragraphs if text_of(p) == "MOD\tnoting a)")
    status, section = mark.findall("w:r", NS)[:2]
    assert status.find("w:rPr/w:b", NS) is None, "bold comes from the Proposal style"
    assert section.find("w:rPr/w:i", NS) is not None
    following = paragraphs[paragraphs.index(mark) + 1]
    assert text_of(following).startswith("a)\tthe decision to convene the fourthfifth")


def test_it_lays_the_text_out_as_itu_does(bundled):
    old, new = editions()
    data = comparison_docx(compare_editions(old, new))
    paragraphs = [p for p in body_paragraphs(data) if style_of(p) != "Proposal"]
    assert [style_of(p) for p in paragraphs[:4]] == ["ResNo", "Restitle", "Normalaftertitle", "Call"]
    assert text_of(paragraphs[3]) == "recognizing"
    item = paragraphs[4]
    assert text_of(item).startswith("a)\tall relevant resolutions")
    indent = item.find("w:pPr/w:ind", NS)
    assert (indent.get(f"{W}left"), indent.get(f"{W}hanging")) == (str(INDENT), str(INDENT))
    assert item.find("w:pPr/w:tabs/w:tab", NS).get(f"{W}pos") == str(INDENT)
    styles = part(data, "word/styles.xml")
    call = styles.find("w:style[@w:styleId='Call']", NS)
    assert call.find("w:rPr/w:i", NS) is not None
    assert styles.find("w:style[@w:styleId='ResNo']/w:pPr/w:jc", NS).get(f"{W}val") == "center"
    assert styles.find("w:style[@w:styleId='Restitle']/w:rPr/w:b", NS) is not None


def test_footnotes_are_real_footnotes_referred_to_from_the_text(bundled):
    old, new = editions()
    data = comparison_docx(compare_editions(old, new))
    notes = part(data, "word/footnotes.xml").findall("w:footnote", NS)
    own = [note for note in notes if note.get(f"{W}type") is None]
    assert len(own) == 1
    assert text_of(own[0]).strip().startswith("including, but not limited, to the Internet Corporation")
    assert own[0].find(".//w:footnoteRef", NS) is not None
    references = part(data, "word/document.xml").findall(".//w:footnoteReference", NS)
    assert [reference.get(f"{W}id") for reference in references] == [own[0].get(f"{W}id")]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert b"footnotes+xml" in package.read("[Content_Types].xml")
        assert b"relationships/footnotes" in package.read("word/_rels/document.xml.rels")


def test_the_same_comparison_always_gives_the_same_bytes(bundled):
    old, new = editions()
    assert comparison_docx(compare_editions(old, new)) == comparison_docx(compare_editions(old, new))


def test_its_properties_name_the_comparison_and_the_later_editions_date(bundled):
    old, new = editions()
    core = part(comparison_docx(compare_editions(old, new)), "docProps/core.xml")
    assert core.findtext("{http://purl.org/dc/elements/1.1/}title") == (
        "Resolution 102: Rev. Guadalajara, 2010 → Rev. Busan, 2014"
    )
    assert core.findtext("{http://purl.org/dc/terms/}created") == "2014-01-01T00:00:00Z"
    assert revision_date(new).year == 2014


@pytest.mark.parametrize("year", [2010, 2014])
def test_one_edition_downloads_clean_and_reads_back_as_itself(bundled, year):
    edition = Edition.objects.select_related("resolution").get(year=year)
    data = edition_docx(edition, ClauseVersion.objects.in_edition(edition))
    document = part(data, "word/document.xml")
    assert not document.findall(".//w:ins", NS) and not document.findall(".//w:del", NS)
    assert not [p for p in body_paragraphs(data) if style_of(p) == "Proposal"]
    assert part(data, "word/settings.xml").find("w:trackRevisions", NS) is None
    reading = read_upload(data, filename="edition.docx")
    assert reading.base is None
    assert clauses(reading.revised) == clauses(edition)
    assert reading.revised.designation == edition.designation


# ---------------------------------------------------------------- moves and other shapes


def test_a_clause_moved_to_another_section_is_a_move_and_both_sides_read_back(db):
    import_texts(
        small_edition(
            "Antalya",
            2006,
            [
                ("considering", [f"a)\t{REPORT};", f"b)\t{LIAISE};"]),
                ("resolves", [f"1\t{FORUMS};", f"2\t{ASSIST}."]),
            ],
        ),
        small_edition(
            "Guadalajara",
            2010,
            [
                ("considering", [f"a)\t{REPORT};"]),
                ("resolves", [f"1\t{FORUMS};", f"2\t{ASSIST};", f"3\t{LIAISE}."]),
            ],
        ),
    )
    old, new = editions(2006, 2010, number=7)
    comparison = compare_editions(old, new)
    assert [row.new.path for row in comparison.rows if row.change.moved] == ["resolves/3"]
    data = comparison_docx(comparison)
    assert_reads_back_as_both_editions(data, old, new)
    document = part(data, "word/document.xml")
    (moved_from,) = document.findall(".//w:moveFromRangeStart", NS)
    (moved_to,) = document.findall(".//w:moveToRangeStart", NS)
    assert moved_from.get(f"{W}name") == moved_to.get(f"{W}name")
    assert LIAISE in "".join(node.text for node in document.findall(".//w:moveFrom//w:delText", NS))


def test_two_sections_that_swapped_places_read_back_in_each_editions_order(db):
    considering = ("considering", [f"a)\t{REPORT};", f"b)\t{LIAISE};"])
    resolves = ("resolves", [f"1\t{FORUMS};", f"2\t{ASSIST},"])
    import_texts(
        small_edition("Antalya", 2006, [considering, resolves]),
        small_edition("Guadalajara", 2010, [resolves, considering]),
    )
    old, new = editions(2006, 2010, number=7)
    assert_reads_back_as_both_editions(comparison_docx(compare_editions(old, new)), old, new)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_synthetic_revisions_read_back_as_both_editions(db, seed):
    """Deletions, insertions, rewrites, moves within and across sections,
    renamed, added and deleted sections: whatever the revision, the export
    holds both editions."""
    pair = synthetic_pair(60, seed)
    for clauses_, year, city in ((pair.old, 2006, "Antalya"), (pair.new, 2010, "Guadalajara")):
        body = tuple(clause for clause in clauses_ if clause.kind != Kind.FOOTNOTE)  # never referred to
        parsed = ParsedEdition("pp", 7, city, year, f"Rev. {city}, {year}", body[1].text, body)
        import_edition(parsed, f"{seed}-{year}".encode(), source_name=f"{year}.txt", imported_by="test")
    old, new = editions(2006, 2010, number=7)
    comparison = compare_editions(old, new)
    assert any(row.change.moved for row in comparison.rows) or seed != 1
    assert_reads_back_as_both_editions(comparison_docx(comparison), old, new)


def test_a_footnote_renumbered_by_a_new_one_before_it_keeps_one_unchanged_reference(db):
    def edition(city: str, year: int, first: bool) -> str:
        lines = [f"a)\t{REPORT}[footnoteRef:1]1; [1: 1\tA new footnote.]"] if first else []
        number = 2 if first else 1
        lines.append(
            f"{'b' if first else 'a'})\t{LIAISE}[footnoteRef:{number}]{number}. [{number}: {number}\tThe old footnote.]"
        )
        return small_edition(city, year, [("considering", lines)])

    import_texts(edition("Antalya", 2006, first=False), edition("Guadalajara", 2010, first=True))
    old, new = editions(2006, 2010, number=7)
    data = comparison_docx(compare_editions(old, new))
    assert_reads_back_as_both_editions(data, old, new)
    document = part(data, "word/document.xml")
    references = document.findall(".//w:footnoteReference", NS)
    assert len(references) == 2, "one reference per footnote: Word renumbers them itself"
    inserted = document.findall(".//w:ins//w:footnoteReference", NS)
    assert len(inserted) == 1


def test_a_reference_that_only_changed_its_number_is_taken_out_of_the_change():
    segments = [
        (Tag.EQUAL, "relevant "),
        (Tag.DELETE, "organizations"),
        (Tag.DELETE, 2),
        (Tag.INSERT, "bodies"),
        (Tag.INSERT, 2),
        (Tag.EQUAL, " involved"),
    ]
    assert keep_renumbered_references(segments) == [
        (Tag.EQUAL, "relevant "),
        (Tag.DELETE, "organizations"),
        (Tag.INSERT, "bodies"),
        (Tag.EQUAL, 2),
        (Tag.EQUAL, " involved"),
    ]
    different = [(Tag.DELETE, 1), (Tag.INSERT, 2)]
    assert keep_renumbered_references(different) == different


# ---------------------------------------------------------------- plain data


def test_rows_out_of_the_old_order_are_written_at_both_places():
    from resolutions.comparison import Row
    from resolutions.redline import compare_clause

    def version(order: int, text: str) -> ClauseVersion:
        return ClauseVersion(
            order=order, kind=Kind.ITEM, label="a)", text=text, path=f"x/{order}", clause_id=order
        )

    a, b, c = version(0, "alpha"), version(1, "beta"), version(2, "gamma")
    parsed = {v.order: v.as_parsed(None) for v in (a, b, c)}
    rows = [
        Row(v, v, compare_clause(parsed[v.order], parsed[v.order])) for v in (b, c, a)
    ]  # "a" moved to the end
    order = [(row.old.text, part) for row, part in tracked_order(rows)]
    assert order == [("alpha", "from"), ("beta", "both"), ("gamma", "both"), ("alpha", "to")]


def test_indentation_follows_the_depth_so_nested_clauses_need_only_theirs():
    writer = WordWriter(
        title="t", header="h", author="a", date=revision_date(Edition(year=2014)), track=False
    )
    pieces = ((Tag.EQUAL, "i)"), (Tag.EQUAL, "\t"), (Tag.EQUAL, "a nested clause"))
    export = Export(
        (
            Paragraph(Kind.ITEM, pieces),
            Paragraph(Kind.ITEM, pieces, depth=1),
            Paragraph(Kind.PARAGRAPH, ((Tag.EQUAL, "text"),), depth=2),
        ),
        (),
        {},
        {},
    )
    indents = [p.find("w:pPr/w:ind", NS) for p in body_paragraphs(writer.write(export))]
    assert [i.get(f"{W}left") for i in indents] == [str(INDENT), str(2 * INDENT), str(2 * INDENT)]
    assert [i.get(f"{W}hanging") for i in indents] == [str(INDENT), str(INDENT), None]
    assert Footnote(1, Paragraph(Kind.FOOTNOTE, ())).id == 1


# ---------------------------------------------------------------- LibreOffice


def convert(source: Path, target_format: str, home: Path) -> Path:
    """LibreOffice headless, with a profile of its own: parallel runs (and a
    desktop session) never share one."""
    soffice = shutil.which("libreoffice") or shutil.which("soffice")
    assert soffice, (
        "LibreOffice is needed (Debian: apt-get install libreoffice-writer-nogui); .ci/run installs it"
    )
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(home / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target_format,
            "--outdir",
            str(source.parent),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    converted = source.with_suffix(f".{target_format}")
    assert result.returncode == 0 and converted.exists(), (
        f"LibreOffice failed: {result.stdout} {result.stderr}"
    )
    return converted


def test_libreoffice_converts_the_exports_and_sees_the_tracked_changes(bundled, tmp_path):
    old, new = editions()
    comparison = tmp_path / "pp-102-2010-2014.docx"
    comparison.write_bytes(comparison_docx(compare_editions(old, new)))
    edition = tmp_path / "pp-102-2014.docx"
    edition.write_bytes(edition_docx(new, ClauseVersion.objects.in_edition(new)))

    for source in (comparison, edition):
        pdf = convert(source, "pdf", tmp_path)
        assert pdf.read_bytes().startswith(b"%PDF-")
        assert pdf.stat().st_size > 10_000

    flat = etree.parse(str(convert(comparison, "fodt", tmp_path)))
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    regions = flat.findall(f".//{{{text}}}changed-region")
    kinds = {child.tag.rsplit("}")[-1] for region in regions for child in region}
    assert {"insertion", "deletion"} <= kinds
    creators = {node.text for node in flat.iter("{http://purl.org/dc/elements/1.1/}creator")}
    assert "Rev. Busan, 2014" in creators
    assert flat.findall(f".//{{{text}}}note[@{{{text}}}note-class='footnote']")
