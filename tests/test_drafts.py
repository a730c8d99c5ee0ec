"""The steps under the admin's pages: planning a file, drafts, publishing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from resolutions.drafts import create_draft, draft_reading, publish, review_draft
from resolutions.importing import (
    ImportRefused,
    apply_plan,
    import_edition,
    import_reading,
    plan_file,
    read_file,
    sha256_of,
)
from resolutions.models import Draft, Edition, SourceFile
from resolutions.parsing import parse_text
from tests.support.builders import tracked_docx_from_redline
from tests.support.wdiff import redline_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uploads")]


@pytest.fixture(scope="module")
def marked() -> bytes:
    return tracked_docx_from_redline(redline_text())


def pairs(plan) -> list[tuple[int | None, int | None]]:
    return [(match.old, match.new) for match in plan.matches]


def test_a_revision_is_matched_against_its_base_in_the_file_as_it_will_be_against_the_stored_base(marked):
    reading = read_file(marked, filename="marked.docx")
    before = plan_file(reading, sha256_of(marked))
    assert before.base is not None and before.revised.against_file
    apply_plan(before.base, source_name="marked.docx", imported_by="test")
    after = plan_file(reading, sha256_of(marked))
    assert after.base is None and after.stored_base is not None
    assert not after.revised.against_file
    assert pairs(after.revised) == pairs(before.revised)


def test_a_plan_against_a_base_not_stored_yet_cannot_be_applied(marked):
    plan = plan_file(read_file(marked, filename="marked.docx"), sha256_of(marked))
    with pytest.raises(ValueError, match="for review only"):
        apply_plan(plan.revised, source_name="marked.docx", imported_by="test")
    assert not Edition.objects.exists()


def test_importing_a_file_is_refused_when_what_it_replaces_or_aligns_against_changed(marked, bundled):
    data = FIXTURES.joinpath("pp-102-2014.txt").read_bytes().replace(b"regards", b"regard")
    reading = read_file(data, filename="corrected.txt")
    reviewed = plan_file(reading, sha256_of(data)).review_key
    assert reviewed.startswith("against=") and ";replaces=" in reviewed
    other = data.replace(b"in this regard", b"in that regard")
    import_edition(parse_text(other), other, source_name="other.txt", imported_by="x", replace=True)
    with pytest.raises(ImportRefused, match="changed while this draft was under review"):
        import_reading(
            reading, sha256_of(data), source_name="c.txt", imported_by="x", replace=True, reviewed=reviewed
        )
    assert Edition.objects.get(year=2014).source_name == "other.txt"


def test_a_draft_reads_its_file_again_with_the_admins_corrections():
    data = FIXTURES.joinpath("pp-102-2010.txt").read_bytes()
    draft = create_draft(data, filename="pp-102-2010.txt", user="ana")
    draft.city, draft.year, draft.number = "Guadalajara (Mexico)", 2011, 1020
    revised = draft_reading(draft).revised
    assert (revised.city, revised.year, revised.number) == ("Guadalajara (Mexico)", 2011, 1020)
    assert revised.clauses == parse_text(data).clauses


def test_a_draft_expires_unless_worked_on(settings):
    data = FIXTURES.joinpath("pp-102-2010.txt").read_bytes()
    draft = create_draft(data, filename="x.txt", user="ana")
    lifetime = timedelta(hours=settings.RESOLUTIONS_DRAFT_LIFETIME_HOURS)
    assert draft.expires_at - draft.created_at == pytest.approx(lifetime, abs=timedelta(seconds=5))
    assert not draft.expired
    draft.expires_at = timezone.now() - timedelta(seconds=1)
    assert draft.expired
    assert list(Draft.objects.expired()) == []  # not saved yet
    draft.touch()
    assert not draft.expired


def test_corrections_that_no_longer_fit_are_a_problem_not_an_error(bundled):
    data = FIXTURES.joinpath("pp-102-2014.txt").read_bytes().replace(b"regards", b"regard")
    draft = create_draft(data, filename="x.txt", user="ana")
    draft.forced = {"5": 9999}
    result = review_draft(draft)
    assert result.plan is None
    assert "Your corrections to the matching no longer fit" in result.problem


def test_publishing_links_the_file_to_what_it_produced_and_ends_the_draft(marked):
    draft = create_draft(marked, filename="marked.docx", user="ana")
    key = review_draft(draft).plan.review_key
    results = publish(draft, user="ana", replace=False, reviewed=key)
    assert [result.edition.year for result in results] == [2010, 2014]
    source = SourceFile.objects.get()
    assert source.produced.splitlines() == [
        "Resolution 102 (Rev. Guadalajara, 2010)",
        "Resolution 102 (Rev. Busan, 2014)",
    ]
    assert not Draft.objects.exists()
    with pytest.raises(ImportRefused, match="published or discarded meanwhile"):
        publish(draft, user="ana", replace=False, reviewed=key)
