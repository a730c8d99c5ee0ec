import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from resolutions.importing import ImportRefused, import_edition, sha256_of
from resolutions.models import Clause, ClauseVersion, Edition, Resolution, SourceFile
from resolutions.parsing import parse_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# The command keeps a copy of each file it imports.
pytestmark = pytest.mark.usefixtures("uploads")


def table_counts() -> tuple[int, ...]:
    return (
        Resolution.objects.count(),
        Edition.objects.count(),
        Clause.objects.count(),
        ClauseVersion.objects.count(),
    )


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_edition", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def corrected(tmp_path) -> Path:
    """The 2014 edition with a typo corrected: another file, same edition."""
    path = tmp_path / "pp-102-2014-corrected.txt"
    path.write_bytes(
        (FIXTURES / "pp-102-2014.txt").read_bytes().replace(b"in this regards", b"in this regard")
    )
    return path


def version(year: int, path: str) -> ClauseVersion:
    return ClauseVersion.objects.get(edition__year=year, path=path)


@pytest.mark.django_db
def test_it_imports_both_bundled_editions_clause_by_clause(bundled):
    resolution = Resolution.objects.get(body="pp", number=102)
    editions = list(resolution.editions.order_by("year"))
    assert [(e.city, e.year, e.designation) for e in editions] == [
        ("Guadalajara", 2010, "Rev. Guadalajara, 2010"),
        ("Busan", 2014, "Rev. Busan,2014"),
    ]
    assert [e.citation_designation for e in editions] == ["Rev. Guadalajara, 2010", "Rev. Busan, 2014"]
    for edition in editions:
        parsed = parse_text((FIXTURES / f"pp-102-{edition.year}.txt").read_bytes())
        stored = list(ClauseVersion.objects.in_edition(edition))
        assert [(v.kind, v.label, v.text) for v in stored] == [
            (c.kind.value, c.label, c.text) for c in parsed.clauses
        ]
        assert edition.provenance
        assert edition.source_sha256 == sha256_of((FIXTURES / f"pp-102-{edition.year}.txt").read_bytes())
    assert resolution.title == editions[-1].title


@pytest.mark.django_db
def test_it_keeps_one_identity_for_a_relettered_clause(bundled):
    assert version(2010, "noting/c").clause_id == version(2014, "noting/b").clause_id
    assert (
        version(2010, "instructs-the-council/2").clause_id
        == version(2014, "instructs-the-council/1").clause_id
    )


@pytest.mark.django_db
def test_it_gives_added_clauses_a_new_identity_and_keeps_deleted_ones_in_their_edition(bundled):
    added = version(2014, "recalling/a")
    assert added.clause.versions.count() == 1
    assert added.match_score is None
    deleted = version(2010, "noting/b")
    assert list(deleted.clause.versions.values_list("edition__year", flat=True)) == [2010]


@pytest.mark.django_db
def test_it_links_items_to_their_stored_section_heading(bundled):
    item = version(2014, "noting/b")
    assert item.section.kind == "heading"
    assert item.section.text == "noting"
    assert item.section_slug == "noting"


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing_and_says_so(bundled):
    before = table_counts()
    output = run(str(FIXTURES / "pp-102-2014.txt"))
    assert "already imported" in output
    assert table_counts() == before


@pytest.mark.django_db
def test_loading_the_bundled_editions_twice_changes_nothing(bundled):
    before = table_counts()
    call_command("load_bundled_editions", stdout=io.StringIO())
    assert table_counts() == before


@pytest.mark.django_db
def test_a_different_file_for_an_existing_edition_is_refused_without_replace(bundled, corrected):
    before = table_counts()
    with pytest.raises(CommandError, match="already exists"):
        run(str(corrected))
    assert table_counts() == before


@pytest.mark.django_db
def test_replace_rewrites_the_edition_and_records_what_it_replaced(bundled, corrected):
    noting_b = version(2014, "noting/b").clause_id
    output = run(str(corrected), "--replace")
    assert "Replaced" in output
    edition = Edition.objects.get(year=2014)
    assert edition.source_name == "pp-102-2014-corrected.txt"
    assert "Replaces the file pp-102-2014.txt" in edition.provenance
    assert ClauseVersion.objects.filter(edition=edition, text__contains="in this regards").count() == 0
    # Identities come from the alignment against 2010 again.
    assert version(2014, "noting/b").clause_id == noting_b
    assert Clause.objects.filter(versions__isnull=True).count() == 0


@pytest.mark.django_db
def test_an_earlier_edition_after_a_later_one_is_refused(db, tmp_path):
    run(str(FIXTURES / "pp-102-2014.txt"))
    before = table_counts()
    with pytest.raises(CommandError, match="later edition"):
        run(str(FIXTURES / "pp-102-2010.txt"))
    assert table_counts() == before


@pytest.mark.django_db
def test_a_malformed_file_reports_file_line_and_reason_and_writes_nothing(db, tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(
        (FIXTURES / "pp-102-2010.txt").read_bytes().replace(b"c)\tResolution 1305", b"cb)\tResolution 1305")
    )
    with pytest.raises(CommandError) as error:
        run(str(broken))
    message = str(error.value)
    assert "broken.txt" in message
    assert "line " in message
    assert "revision-marked" in message
    assert table_counts() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_the_command_exits_with_status_1_and_no_traceback(db, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        _run_from_argv(str(tmp_path / "nowhere.txt"))
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "nowhere.txt" in err
    assert "Traceback" not in err


def _run_from_argv(*args: str) -> None:
    from django.core.management import ManagementUtility

    ManagementUtility(["manage.py", "import_edition", *args]).execute()


@pytest.mark.django_db
def test_a_failure_during_the_write_leaves_nothing_behind(db, monkeypatch):
    data = (FIXTURES / "pp-102-2010.txt").read_bytes()
    parsed = parse_text(data)

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ClauseVersion.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        import_edition(parsed, data, source_name="x.txt", imported_by="test")
    assert table_counts() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_import_refused_is_raised_for_the_api_too(bundled):
    data = (FIXTURES / "pp-102-2014.txt").read_bytes() + b"\n"
    with pytest.raises(ImportRefused):
        import_edition(parse_text(data), data, source_name="x.txt", imported_by="test")


@pytest.mark.django_db
def test_the_command_records_the_file_it_imports_as_an_upload_is_recorded(db, uploads):
    path = FIXTURES / "pp-102-2010.txt"
    run(str(path), "--user", "ana")
    source = SourceFile.objects.get()
    edition = Edition.objects.get()
    assert (source.original_name, source.sha256, source.size) == (
        "pp-102-2010.txt",
        sha256_of(path.read_bytes()),
        len(path.read_bytes()),
    )
    assert (source.format, source.uploaded_by) == ("text", "ana")
    assert source.published_at is not None
    assert list(source.editions.all()) == [edition]
    assert source.produced == str(edition)
    assert source.file.read() == path.read_bytes()
    assert [p.name for p in uploads.iterdir()] == [source.file.name]


@pytest.mark.django_db
def test_a_command_import_that_changes_nothing_or_fails_records_nothing(db, uploads, corrected):
    run(str(FIXTURES / "pp-102-2014.txt"))
    run(str(FIXTURES / "pp-102-2014.txt"))
    with pytest.raises(CommandError):
        run(str(corrected))
    assert SourceFile.objects.count() == 1
    assert len(list(uploads.iterdir())) == 1
