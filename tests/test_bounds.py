"""What one edition may hold: a cap on its clauses and on the text of each,
checked when the file is read, so that no page of the site costs more than
so much to build. Refusals say the count and the limit, and write nothing.
Run with -s to see how long the 100,000-clause refusal takes (printed,
never asserted)."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from resolutions.document import ParseError
from resolutions.models import Clause, ClauseVersion, Draft, Edition, Resolution, SourceFile
from resolutions.parsing.formats import read_upload
from resolutions.parsing.plaintext import parse_text
from resolutions.parsing.safety import Limits
from tests.support.builders import docx_from_edition
from tests.support.large import many_clauses

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
UPLOAD = "/admin/resolutions/draft/upload/"

pytestmark = pytest.mark.usefixtures("uploads")


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count() for model in (Resolution, Edition, Clause, ClauseVersion, SourceFile, Draft)
    )


def stored_files(location: Path) -> list[Path]:
    return sorted(path for path in location.rglob("*") if path.is_file()) if location.exists() else []


@pytest.fixture
def admin(db) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x"))
    return client


def form_errors(response) -> str:
    return " ".join(
        re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    )


def test_the_generated_edition_is_well_formed_so_only_its_size_is_refused():
    assert len(parse_text(many_clauses(2_500), limits=Limits(max_clauses=2_500)).clauses) == 2_500


def test_it_refuses_an_edition_of_100000_clauses_at_upload_and_writes_nothing(admin, bundled, uploads):
    data = many_clauses(100_003)
    before = counts()
    started = time.perf_counter()
    response = admin.post(UPLOAD, {"file": SimpleUploadedFile("huge.txt", data), "marks": "tracked"})
    print(f"\n{len(data):,} bytes, 100,003 clauses: refused in {time.perf_counter() - started:.3f} s")
    assert response.status_code == 200
    assert "huge.txt: the edition has 100,003 clauses, more than the 2,000 allowed" in form_errors(response)
    assert counts() == before
    assert stored_files(uploads) == []


def test_the_import_command_refuses_it_too_and_writes_nothing(bundled, tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(many_clauses(100_003))
    before = counts()
    with pytest.raises(
        CommandError, match=r"huge.txt: the edition has 100,003 clauses, more than the 2,000 allowed"
    ):
        call_command("import_edition", str(path), stdout=io.StringIO())
    assert counts() == before


def test_the_clause_limit_is_inclusive_and_follows_the_setting(admin, settings):
    settings.RESOLUTIONS_MAX_CLAUSES = 50
    accepted = admin.post(
        UPLOAD, {"file": SimpleUploadedFile("fifty.txt", many_clauses(50)), "marks": "tracked"}
    )
    assert accepted.status_code == 302, form_errors(accepted)
    refused = admin.post(
        UPLOAD,
        {"file": SimpleUploadedFile("fifty-one.txt", many_clauses(51, number=998)), "marks": "tracked"},
    )
    assert "the edition has 51 clauses, more than the 50 allowed" in form_errors(refused)


def test_a_word_file_with_too_many_clauses_is_refused_like_text(admin, settings):
    settings.RESOLUTIONS_MAX_CLAUSES = 10
    edition = parse_text((FIXTURES / "pp-102-2014.txt").read_bytes())
    response = admin.post(
        UPLOAD, {"file": SimpleUploadedFile("busan.docx", docx_from_edition(edition)), "marks": "tracked"}
    )
    assert f"the edition has {len(edition.clauses)} clauses, more than the 10 allowed" in form_errors(
        response
    )
    assert not Draft.objects.exists()


def test_a_clause_over_the_text_limit_is_refused_where_it_is():
    long = "that " + "x" * 10_001
    with pytest.raises(ParseError) as caught:
        read_upload(many_clauses(10, clause_text=long), filename="long.txt")
    assert caught.value.where == "line 5"
    assert (
        caught.value.reason
        == "this clause has 10,008 characters, more than the 10,000 allowed for one clause"
    )


def test_a_clause_at_the_text_limit_is_accepted():
    text = "that " + "x" * (10_000 - len("that ") - len("1 "))
    edition = read_upload(many_clauses(10, clause_text=text), filename="long.txt").revised
    assert max(len(clause.text) for clause in edition.clauses) <= 10_000


def test_a_footnote_over_the_text_limit_is_refused_too():
    data = (FIXTURES / "pp-102-2014.txt").read_bytes().replace(b"Internet Corporation", b"y" * 10_001, 1)
    with pytest.raises(ParseError) as caught:
        read_upload(data, filename="footnote.txt")
    assert caught.value.where == "footnote 1"
