"""The plain-text download of an edition, in the layout the importer reads:
export and import round-trip."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from resolutions.comparison import compare_editions
from resolutions.models import Clause, ClauseVersion, Edition, Resolution


def stored_clauses(year: int) -> list[tuple]:
    return [
        (v.kind, v.label, v.path, v.text, v.section.path if v.section else None)
        for v in ClauseVersion.objects.filter(edition__year=year).select_related("section").order_by("order")
    ]


def comparison_rows() -> list[tuple]:
    old, new = Edition.objects.select_related("resolution").order_by("year")
    return [
        (row.old.path if row.old else None, row.new.path if row.new else None, row.change.status)
        for row in compare_editions(old, new).rows
    ]


def empty_the_site() -> None:
    Edition.objects.all().delete()  # and their clause versions
    Clause.objects.all().delete()
    Resolution.objects.all().delete()


def test_importing_the_downloads_into_an_empty_site_gives_the_same_clauses(bundled, tmp_path):
    client = Client()
    before = {year: stored_clauses(year) for year in (2010, 2014)}
    rows_before = comparison_rows()
    files = []
    for year in (2010, 2014):
        response = client.get(f"/pp/102/{year}.txt")
        assert response.status_code == 200
        files.append(tmp_path / f"pp-102-{year}.txt")
        files[-1].write_bytes(response.content)

    empty_the_site()
    assert not ClauseVersion.objects.exists()
    for path in files:
        call_command("import_edition", str(path), stdout=io.StringIO())

    assert {year: stored_clauses(year) for year in (2010, 2014)} == before
    # The same clauses, paired across the editions as before.
    assert comparison_rows() == rows_before


def test_the_download_is_laid_out_as_the_bundled_files_are(bundled):
    response = Client().get("/pp/102/2014.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="pp-102-2014.txt"'
    lines = response.content.decode().splitlines()
    assert lines[:3] == [
        "RESOLUTION 102 (Rev. Busan,2014)",
        "ITU's role with regard to international public policy issues pertaining to the Internet and the "
        "management of Internet resources, including domain names and addresses",
        "The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),",
    ]
    assert "b)\tResolution 1305, adopted by the ITU Council" in lines[lines.index("noting") + 2]
    (resolves,) = [line for line in lines if "[footnoteRef:1]1 involved" in line]
    assert resolves.endswith(
        "[1: 1\tincluding, but not limited, to the Internet Corporation for Assigned Names and Numbers (ICANN), "
        "the regional Internet registries (RIRs), the Internet Engineering Task Force (IETF), the Internet Society "
        "(ISOC) and the World Wide Web Consortium (W3C).]"
    )


@pytest.mark.parametrize("url", ["/pp/102/2014.docx", "/pp/102/compare/2010/2014.docx"])
def test_word_downloads_are_named_after_the_bundled_files(bundled, url):
    response = Client().get(url)
    assert (
        response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    name = url.removeprefix("/").replace("/compare", "").replace("/", "-")
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response.content.startswith(b"PK\x03\x04")


def test_the_pages_link_their_downloads(bundled):
    client = Client()
    comparison = client.get("/pp/102/compare/2010/2014/").content.decode()
    assert (
        'href="/pp/102/compare/2010/2014.docx" download>Word (.docx) with tracked changes</a>' in comparison
    )
    fragment = client.get(
        "/pp/102/compare/2010/2014/?view=side-by-side", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'href="/pp/102/compare/2010/2014.docx"' in fragment
    edition = client.get("/pp/102/2014/").content.decode()
    for download in ("/pp/102/2014.docx", "/pp/102/2014.txt", "/pp/102/2014.json"):
        assert f'href="{download}"' in edition
