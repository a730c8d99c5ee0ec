"""Loading many editions at once: the synthetic corpus and the bulk import."""

import io
import random

import pytest
from django.core.management import CommandError, call_command

from resolutions.comparison import compare_editions
from resolutions.corpus import corpus_files, write_corpus
from resolutions.models import ClauseVersion, Edition, Resolution, SourceFile


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_edition", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_corpus_is_the_same_for_the_same_seed_and_differs_for_another():
    first = list(corpus_files(resolutions=3, editions=3, clauses=20))
    assert first == list(corpus_files(resolutions=3, editions=3, clauses=20))
    assert first != list(corpus_files(resolutions=3, editions=3, clauses=20, seed=7))
    assert [name for name, _ in first[:3]] == ["pp-1000-2014.txt", "pp-1000-2018.txt", "pp-1000-2022.txt"]


@pytest.mark.django_db
def test_a_folder_is_imported_in_chronological_order_whatever_the_order_of_the_files(tmp_path, uploads):
    paths = write_corpus(tmp_path / "corpus", resolutions=3, editions=4, clauses=25)
    shuffled = [str(path) for path in paths]
    random.Random(1).shuffle(shuffled)
    out, err = run(*shuffled)
    assert "12 files: 12 imported, 0 skipped as already present, 0 refused." in out
    assert Resolution.objects.count() == 3 and Edition.objects.count() == 12
    assert SourceFile.objects.count() == 12
    # Every later edition was aligned against the one before: clauses keep their identity.
    for resolution in Resolution.objects.all():
        editions = list(resolution.editions.chronological())
        for older, newer in zip(editions, editions[1:], strict=False):
            shared = ClauseVersion.objects.filter(edition=newer, clause__versions__edition=older).count()
            assert shared > 0.8 * ClauseVersion.objects.filter(edition=newer).count()


@pytest.mark.django_db
def test_the_corpus_revises_as_conferences_do(tmp_path, uploads):
    write_corpus(tmp_path / "corpus", resolutions=4, editions=3, clauses=40)
    run(str(tmp_path / "corpus"))
    statuses, moved = set(), 0
    for resolution in Resolution.objects.all():
        editions = list(resolution.editions.chronological())
        for older, newer in zip(editions, editions[1:], strict=False):
            comparison = compare_editions(older, newer)
            statuses |= {row.change.status.value for row in comparison.rows}
            moved += sum(row.change.moved for row in comparison.rows)
    assert statuses == {"ADD", "SUP", "MOD", "NOC"}
    assert moved > 0
    assert ClauseVersion.objects.filter(kind="footnote").exists()


@pytest.mark.django_db
def test_the_corpus_has_sub_items_and_annexes_that_keep_their_identity_when_renumbered(tmp_path, uploads):
    write_corpus(tmp_path / "corpus", resolutions=6, editions=3, clauses=40)
    run(str(tmp_path / "corpus"))

    nested = ClauseVersion.objects.filter(depth__gt=0, path__regex=r"/[0-9]+/[a-z]+$")
    assert nested.exists()
    assert all(version.parent.path == version.path.rsplit("/", 1)[0] for version in nested[:50])
    annex = ClauseVersion.objects.filter(path__regex=r"^annex/[0-9]+/[0-9]+$")
    assert annex.exists()
    paths_per_clause: dict[int, set[str]] = {}
    for clause_id, path in ClauseVersion.objects.filter(path__startswith="annex/").values_list(
        "clause_id", "path"
    ):
        paths_per_clause.setdefault(clause_id, set()).add(path)
    assert any(len(paths) > 1 for paths in paths_per_clause.values())  # renumbered, same clause


@pytest.mark.django_db
def test_a_second_run_skips_what_is_there_and_a_bad_file_is_refused_without_stopping_the_rest(
    tmp_path, uploads
):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, resolutions=2, editions=2, clauses=15)
    run(str(corpus))
    (corpus / "broken.txt").write_text("This is not a resolution.\n")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 5 files were refused"):
        call_command("import_edition", str(corpus), stdout=out, stderr=io.StringIO())
    assert "5 files: 0 imported, 4 skipped as already present, 1 refused." in out.getvalue()
    assert Edition.objects.count() == 4


@pytest.mark.django_db
def test_the_summary_names_each_refused_file_and_why(tmp_path, uploads):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, resolutions=1, editions=2, clauses=15)
    (corpus / "broken.txt").write_text("This is not a resolution.\n")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_edition", str(corpus), stdout=out, stderr=err)
    assert "3 files: 2 imported, 0 skipped as already present, 1 refused." in out.getvalue()
    assert f"refused: {corpus / 'broken.txt'}: " in err.getvalue()
    assert Edition.objects.count() == 2


@pytest.mark.django_db
def test_generate_corpus_writes_the_files_it_says(tmp_path):
    out = io.StringIO()
    call_command("generate_corpus", str(tmp_path), "--resolutions", "2", "--editions", "3", stdout=out)
    assert len(list(tmp_path.glob("*.txt"))) == 6
    assert "Wrote 6 editions of 2 resolutions" in out.getvalue()


def test_a_large_synthetic_resolution_keeps_every_label_a_label():
    from resolutions.corpus import MAX_LETTERED, SECTIONS
    from resolutions.document import Kind
    from resolutions.parsing import parse_text

    files = list(corpus_files(resolutions=1, editions=3, clauses=600, first_number=600, seed=6))
    for name, text in files:
        edition = parse_text(text.encode(), source_name=name)
        headings = [clause.text for clause in edition.clauses if clause.kind == Kind.HEADING]
        # No label was read as the heading of a section of its own ("cccc)").
        assert headings == [heading for heading, _ in SECTIONS]
        items = [clause for clause in edition.clauses if clause.kind == Kind.ITEM]
        assert len(items) > 550
        lettered = [clause.label for clause in items if clause.label.endswith(")")]
        assert lettered and max(len(label) for label in lettered) == 2  # "z)" at most
        assert sum(label == "z)" for label in lettered) <= 3 and MAX_LETTERED == 26
