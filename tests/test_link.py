"""/link/: a meeting document in, its citations linked, nothing kept."""

import base64
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from lxml import etree

from resolutions.output.linked_docx import LinkableDocx
from resolutions.parsing.docx import read_docx
from tests.support.builders import (
    W,
    docx_package,
    footnotes_part,
    paragraph,
    run,
    styles_part,
    zip_bytes,
)

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}
MEETING_TEXT = (
    "Proposal for the revision of Resolution 102 (Rev. Busan, 2014)\n"
    "\n"
    "Recalling *noting* c) of Resolution 102 (Rev. Guadalajara, 2010) and Resolution 102 (Rev. Guadalajara, 2010), "
    "noting b), the Council is invited to act under instructs the Secretary-General 3 of Resolution 102 (Rev. Busan, 2014).\n"
    "See also Resolution 1305, adopted by the ITU Council, and Resolution 102 (Rev. Busan, 2014), *instructs* 1.\n"
)


@pytest.fixture
def client():
    # As a browser without any cookie would: CSRF checks on, so that a view
    # needing a token would fail here.
    return Client(enforce_csrf_checks=True)


def page(response) -> str:
    return response.content.decode()


def post_text(client, text: str, **extra):
    return client.post("/link/", {"text": text, **extra})


def post_file(client, data: bytes, name: str = "contribution.docx", **extra):
    return client.post("/link/", {"file": SimpleUploadedFile(name, data), **extra})


# ---- The page and the pasted text


def test_the_form_is_a_public_page_without_a_token_or_a_cookie(bundled, client):
    response = client.get("/link/")
    assert response.status_code == 200
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in page(response)
    assert 'enctype="multipart/form-data"' in page(response)
    assert "public" in response["Cache-Control"]


def test_a_pasted_text_comes_back_linked_with_its_citations_listed(bundled, client):
    response = post_text(client, MEETING_TEXT)
    assert response.status_code == 200
    assert not response.cookies
    html = page(response)
    assert (
        '<a class="citation-link citation-flagged" href="http://testserver/pp/102/2010/noting/c/">'
        "*noting* c) of Resolution 102 (Rev. Guadalajara, 2010)</a>"
    ) in html
    assert (
        '<a class="citation-link" href="http://testserver/pp/102/2014/">Resolution 102 (Rev. Busan, 2014)</a>'
        in html
    )
    assert 'href="http://testserver/pp/102/2014/instructs-the-secretary-general/3/"' in html
    assert "6 citations found" in html
    # The ambiguous one leads to the page of its candidates.
    assert "http://testserver/cite/?q=Resolution+102+%28Busan%2C+2014%29%2C+instructs+1" in html
    assert "This site holds no resolutions of the ITU Council." in html


def test_a_citation_of_a_clause_changed_since_is_flagged_with_where_it_went(bundled, client):
    html = re.sub(r"\s+", " ", page(post_text(client, MEETING_TEXT)))
    flagged = html.split('class="notice notice-flagged"')[1].split("</div>")[0]
    assert (
        'Cites 2010 <i>noting</i> c), which is <a href="/pp/102/2014/noting/b/"><i>noting</i> b)</a> in Rev. Busan, 2014'
        in flagged
    )
    assert 'Cites 2010 <i>noting</i> b), deleted in <a href="/pp/102/2014/">Rev. Busan, 2014</a>' in flagged
    assert 'href="/pp/102/compare/2010/2014/#noting-b"' in flagged


def test_the_linked_text_can_be_copied_with_its_links_as_plain_text(bundled, client):
    html = page(post_text(client, "As in Resolution 102 (Rev. Busan, 2014), noting b), we propose."))
    assert (
        'data-copy="As in Resolution 102 (Rev. Busan, 2014), noting b) &lt;http://testserver/pp/102/2014/noting/b/&gt;, we propose."'
        in html
    )
    assert 'data-copy-from="linked-text"' in html


def test_a_pasted_text_is_escaped(bundled, client):
    html = page(post_text(client, "<script>alert(1)</script> Resolution 102 (Rev. Busan, 2014) <b>x</b>"))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_text_without_citations_says_so(bundled, client):
    html = page(post_text(client, "Nothing to see here."))
    assert "0 citations found" in html
    assert "No citation of a resolution was found" in html


def test_citations_without_a_conference_can_be_read_as_of_one(bundled, client):
    html = page(post_text(client, "Resolution 102 (Rev. Busan, 2014)", conference="wtsa"))
    assert "This site has no World Telecommunication Standardization Assembly Resolution 102." in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Paste the text of a document, or choose a .docx file."),
        ({"text": "   "}, "Paste the text of a document, or choose a .docx file."),
        (
            {"text": "x", "file": SimpleUploadedFile("a.docx", b"PK")},
            "Paste a text or choose a file, not both.",
        ),
        ({"text": "x", "conference": "itu"}, "Select a valid choice."),
    ],
)
def test_a_form_that_says_nothing_clear_is_refused_with_a_reason(bundled, client, data, message):
    response = client.post("/link/", data)
    assert response.status_code == 400
    assert message in page(response)


def test_a_text_longer_than_allowed_is_refused(bundled, client, settings):
    settings.RESOLUTIONS_LINK_TEXT_MAX_CHARS = 100
    response = post_text(client, "Resolution 102 " * 20)
    assert response.status_code == 400
    assert "The text is 300 characters long, more than the 100 allowed" in page(response)


def test_a_request_larger_than_any_form_is_refused_not_crashed(bundled, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post_text(client, "x" * 5000)
    assert response.status_code == 413
    assert "larger than the 1000 bytes allowed" in page(response)


def test_other_methods_are_not_allowed(bundled, client):
    assert client.put("/link/").status_code == 405


def test_linking_a_document_takes_the_same_queries_however_many_citations(bundled, client):
    small = "Resolution 102 (Rev. Busan, 2014), noting b).\n"
    large = "\n".join(
        f"Paragraph {n}: Resolution 102 (Rev. Guadalajara, 2010), considering {'abcdefgh'[n % 8]}) and "
        f"*noting* {'abcde'[n % 5]}) of Resolution 102 (Rev. Busan, 2014); Resolution 999 (Rev. Busan, 2014)."
        for n in range(40)
    )
    counts = []
    for text in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert post_text(client, text).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# ---- A Word document


def meeting_docx(*, styles: bool = True) -> bytes:
    body = [
        paragraph(run("Proposal", properties="<w:b/>")),
        paragraph(
            run("Recalling "),
            run("noting", properties="<w:i/>"),
            run(" c) of Resolution 102 (Rev. Guadalajara, 2010), and "),
            run("Resolution 102 (Rev. ", mark="ins"),
            run("Busan, 2014), noting b)", mark="ins"),
            run(" (see[^1]).", footnote_ids={"1": "2"}),
        ),
        paragraph(run("Deleted: "), run("Resolution 102 (Rev. Busan, 2014)", mark="del"), run(" gone.")),
    ]
    return docx_package(
        body,
        styles=styles_part() if styles else None,
        footnotes=footnotes_part({"2": "As in Resolution 102 (Rev. Busan, 2014), resolves."}),
    )


def download(html: str) -> bytes:
    match = re.search(r'href="data:application/vnd\.openxmlformats[^;]*;base64,([^"]+)"', html)
    assert match, "no download link"
    return base64.b64decode(match.group(1))


def part(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def links(data: bytes, name: str = "word/document.xml") -> list[tuple[str, str]]:
    """(linked text, target) of every hyperlink in a part."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    folder, file = name.rsplit("/", 1)
    rels = etree.fromstring(archive.read(f"{folder}/_rels/{file}.rels"))
    targets = {rel.get("Id"): (rel.get("Target"), rel.get("TargetMode"), rel.get("Type")) for rel in rels}
    found = []
    for hyperlink in part(data, name).iter(f"{{{W}}}hyperlink"):
        target, mode, kind = targets[hyperlink.get(f"{{{R}}}id")]
        assert mode == "External" and kind.endswith("/hyperlink")
        found.append(("".join(hyperlink.itertext()), target))
    return found


def test_a_docx_comes_back_with_real_hyperlinks_at_its_citations(bundled, client):
    response = post_file(client, meeting_docx())
    assert response.status_code == 200
    assert not response.cookies
    linked = download(page(response))
    assert links(linked) == [
        ("noting c) of Resolution 102 (Rev. Guadalajara, 2010)", "http://testserver/pp/102/2010/noting/c/"),
        ("Resolution 102 (Rev. Busan, 2014), noting b)", "http://testserver/pp/102/2014/noting/b/"),
    ]
    assert links(linked, "word/footnotes.xml") == [
        ("Resolution 102 (Rev. Busan, 2014), resolves", "http://testserver/pp/102/2014/resolves/")
    ]
    html = page(response)
    assert 'download="contribution-linked.docx"' in html
    assert "3 citations found" in html


def test_a_linked_docx_changes_nothing_but_the_links(bundled, client):
    original = meeting_docx()
    linked = download(page(post_file(client, original)))
    before, after = zipfile.ZipFile(io.BytesIO(original)), zipfile.ZipFile(io.BytesIO(linked))
    changed = {"word/document.xml", "word/footnotes.xml", "word/styles.xml"}
    added = {"word/_rels/document.xml.rels", "word/_rels/footnotes.xml.rels"}
    assert set(after.namelist()) == set(before.namelist()) | added
    for name in before.namelist():
        if name not in changed:
            assert after.read(name) == before.read(name), name
    # The text, the tracked changes and the formatting of every character are
    # as they were; the linked runs only gain the Hyperlink style.
    assert LinkableDocx(linked).texts() == LinkableDocx(original).texts()
    assert characters(linked) == characters(original)
    for side in ("base", "revised"):
        from resolutions.parsing.revisions import side_paragraphs

        assert side_paragraphs(read_docx(linked), side) == side_paragraphs(read_docx(original), side)
    styles = part(linked, "word/styles.xml")
    assert styles.find(f".//{{{W}}}style[@{{{W}}}styleId='Hyperlink']") is not None


def characters(data: bytes) -> list[tuple[str, str, str]]:
    """Each visible character with its run's formatting (but the link style)
    and its tracked change (with author and date, not id)."""
    result = []
    for name in ("word/document.xml", "word/footnotes.xml"):
        for text in part(data, name).iter(f"{{{W}}}t", f"{{{W}}}delText"):
            run = text.getparent()
            properties = run.find(f"{{{W}}}rPr")
            formatting = ""
            if properties is not None:
                kept = [e for e in properties if e.get(f"{{{W}}}val") != "Hyperlink"]
                formatting = " ".join(f"{etree.QName(e).localname}={sorted(e.attrib.items())}" for e in kept)
            change = next(
                (
                    f"{etree.QName(a).localname}:{a.get(f'{{{W}}}author')}:{a.get(f'{{{W}}}date')}"
                    for a in run.iterancestors()
                    if etree.QName(a).localname in ("ins", "del")
                ),
                "",
            )
            result.extend((char, formatting, change) for char in text.text or "")
    return result


def test_a_tracked_insertion_cut_by_a_link_stays_tracked_with_ids_of_its_own(bundled, client):
    linked = download(page(post_file(client, meeting_docx())))
    document = part(linked, "word/document.xml")
    hyperlink = document.findall(f".//{{{W}}}hyperlink")[1]
    insertions = hyperlink.findall(f"{{{W}}}ins")
    assert len(insertions) == 2 and all(i.get(f"{{{W}}}author") == "ITU" for i in insertions)
    ids = [e.get(f"{{{W}}}id") for e in document.iter(f"{{{W}}}ins", f"{{{W}}}del")]
    assert len(ids) == len(set(ids))


def test_a_docx_without_styles_gets_links_coloured_directly(bundled, client):
    linked = download(page(post_file(client, meeting_docx(styles=False))))
    first, second = part(linked, "word/document.xml").find(f".//{{{W}}}hyperlink").iter(f"{{{W}}}r")
    # In the order Word's schema gives them, after what the run had.
    assert [etree.QName(e).localname for e in first.find(f"{{{W}}}rPr")] == ["i", "color", "u"]
    assert [etree.QName(e).localname for e in second.find(f"{{{W}}}rPr")] == ["color", "u"]
    assert "word/styles.xml" not in zipfile.ZipFile(io.BytesIO(linked)).namelist()


def test_text_in_a_field_or_an_existing_link_is_left_alone(bundled, client):
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> REF x </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Resolution 102 (Rev. Busan, 2014)</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    existing = f'<w:hyperlink xmlns:r="{R}" r:id="rId9"><w:r><w:t>Resolution 102 (Rev. Guadalajara, 2010)</w:t></w:r></w:hyperlink>'
    data = docx_package(
        [
            paragraph(field),
            paragraph(existing),
            paragraph(run("and Resolution 102 (Rev. Busan, 2014), resolves.")),
        ],
        extra={
            "word/_rels/document.xml.rels": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId9" Type="{R}/hyperlink" Target="https://example.org/" TargetMode="External"/>'
                "</Relationships>"
            )
        },
    )
    html = page(post_file(client, data))
    linked = download(html)
    assert links(linked) == [
        ("Resolution 102 (Rev. Guadalajara, 2010)", "https://example.org/"),
        ("Resolution 102 (Rev. Busan, 2014), resolves", "http://testserver/pp/102/2014/resolves/"),
    ]
    assert "2 citations are inside a field or an existing link" in html


def test_the_linked_docx_can_be_downloaded_directly(bundled, client):
    response = post_file(client, meeting_docx(), name="Doc 12 (Rev.1).docx", download="docx")
    assert response.status_code == 200
    assert (
        response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'attachment; filename="Doc 12 Rev.1-linked.docx"'
    assert links(response.content)[0][1] == "http://testserver/pp/102/2010/noting/c/"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7 ...", "this is a PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "legacy .doc"),
        (
            b"Resolution 102 (Rev. Busan, 2014)",
            "this is not a Word .docx file: upload a .docx, or paste the text",
        ),
        (b"", "the file is empty"),
        (b"PK\x03\x04 not really a zip", "truncated or corrupt zip"),
        (zip_bytes({"hello.txt": "hi"}), "it has no word/document.xml"),
        (
            docx_package([], extra={"word/document.xml": '<!DOCTYPE x [<!ENTITY a "b">]><w:document/>'}),
            "declares a DTD",
        ),
        (docx_package([], extra={"word/vbaProject.bin": b"x"}), "macro-enabled"),
        (docx_package([], extra={"word/document.xml": "<w:document><unclosed>"}), "not well-formed"),
    ],
)
def test_a_bad_file_is_refused_with_a_reason_never_a_crash(bundled, client, data, message):
    response = post_file(client, data, name="bad.docx")
    assert response.status_code == 400
    assert message in page(response)
    assert "bad.docx" in page(response)


def test_a_file_over_the_upload_limit_is_refused(bundled, client, settings):
    settings.RESOLUTIONS_UPLOAD_MAX_BYTES = 1000
    response = post_file(client, meeting_docx() + b"\0" * 2000)
    assert response.status_code == 400
    assert "more than the 1000 bytes allowed" in page(response)


def test_a_docx_that_inflates_past_the_limit_is_refused(bundled, client, settings):
    settings.RESOLUTIONS_DOCX_MAX_UNCOMPRESSED_BYTES = 2000
    response = post_file(client, docx_package([paragraph(run("Resolution 102 " * 500))]))
    assert response.status_code == 400
    assert "allowed" in page(response)


@pytest.mark.parametrize("kind", ["text", "docx"])
def test_the_results_page_has_no_inline_script_style_or_handlers(bundled, client, kind):
    response = post_text(client, MEETING_TEXT) if kind == "text" else post_file(client, meeting_docx())
    html = page(response)
    assert "citations found" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)
    assert "script-src 'self'" in response["Content-Security-Policy"]
