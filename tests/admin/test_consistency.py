"""Consistency warnings: computed once (resolutions.consistency, through
importing.plan_warnings), shown on the review, acknowledged before Publish
is accepted, and printed by import_edition."""

from __future__ import annotations

import dataclasses
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from resolutions.consistency import CLAUSE_COUNT_CHANGE, Previous, consistency_warnings, preamble_place
from resolutions.document import Kind
from resolutions.models import Draft, Edition
from resolutions.parsing import parse_text
from tests.support.admin import counts, fixture, messages_of, page, publish, upload_draft
from tests.support.builders import tracked_docx_from_redline
from tests.support.dubai import stale_preamble_redline

BUSAN = parse_text(fixture("pp-102-2014.txt"))
PREVIOUS_2010 = Previous("Resolution 102 (Rev. Guadalajara, 2010)", 2010, len(BUSAN.clauses))


def rules(warnings) -> list[str]:
    return [warning.rule for warning in warnings]


# ---------------------------------------------------------------- the rules


def test_a_consistent_edition_has_no_warning():
    assert preamble_place(BUSAN) == ("Busan", 2014)
    assert consistency_warnings(BUSAN, previous=PREVIOUS_2010) == ()


def test_a_preamble_naming_another_city_and_year_is_a_warning():
    dubai = dataclasses.replace(BUSAN, city="Dubai", year=2018, designation="Rev. Dubai, 2018")
    warnings = consistency_warnings(dubai)
    assert rules(warnings) == ["preamble"]
    assert "The preamble says (Busan, 2014), but the resolution line says (Rev. Dubai, 2018)" in str(
        warnings[0]
    )


def test_a_country_in_brackets_is_the_same_city():
    corrected = dataclasses.replace(BUSAN, city="Busan (Korea)")
    assert consistency_warnings(corrected) == ()


def test_a_preamble_year_not_after_the_previous_edition_is_out_of_order():
    previous = Previous("Resolution 102 (Rev. Busan, 2014)", 2014, len(BUSAN.clauses))
    dubai = dataclasses.replace(BUSAN, city="Dubai", year=2018, designation="Rev. Dubai, 2018")
    assert rules(consistency_warnings(dubai, previous=previous)) == ["preamble", "year-order"]


def test_marks_against_another_edition_than_the_previous_one_are_out_of_order():
    guadalajara = parse_text(fixture("pp-102-2010.txt"))
    previous = Previous("Resolution 102 (Rev. Busan, 2014)", 2014, len(BUSAN.clauses))
    revised = dataclasses.replace(BUSAN, city="Busan", year=2018)  # the preamble: (Busan, 2014)
    found = consistency_warnings(revised, previous=previous, base=guadalajara)
    assert "marked against its base text of 2010" in " ".join(map(str, found))
    later_base = dataclasses.replace(guadalajara, year=2022)
    assert "not before the revision it marks (2014)" in " ".join(
        map(str, consistency_warnings(BUSAN, base=later_base))
    )


@pytest.mark.parametrize(("clauses", "warned"), [(0.5, False), (0.49, True), (1.5, False), (1.51, True)])
def test_a_clause_count_that_changed_by_more_than_half_is_a_warning(clauses, warned):
    count = 100
    kept = BUSAN.clauses * 2
    edition = dataclasses.replace(BUSAN, clauses=kept[: round(count * clauses)])
    previous = Previous("Resolution 102 (Rev. Guadalajara, 2010)", 2010, count)
    assert CLAUSE_COUNT_CHANGE == 0.5
    assert ("clause-count" in rules(consistency_warnings(edition, previous=previous))) is warned


def test_a_preamble_without_a_place_says_nothing():
    clauses = tuple(
        dataclasses.replace(clause, text="The Plenipotentiary Conference,")
        if clause.kind == Kind.PREAMBLE
        else clause
        for clause in BUSAN.clauses
    )
    assert preamble_place(dataclasses.replace(BUSAN, clauses=clauses)) is None


# ---------------------------------------------------------------- the admin


@pytest.fixture
def stale(client, bundled) -> Draft:
    return upload_draft(client, tracked_docx_from_redline(stale_preamble_redline()), "stale.docx")


def test_the_review_shows_the_warnings_and_asks_for_them_to_be_acknowledged(client, stale):
    html = page(client.get(stale.get_absolute_url()))
    assert "Check before publishing: 2 consistency warnings" in html
    assert "The preamble says (Busan, 2014), but the resolution line says (Rev. Dubai, 2018)" in html
    assert 'name="acknowledged"' in html
    confirm = page(client.get(reverse("admin:resolutions_draft_publish", args=[stale.pk])))
    assert "The preamble says (Busan, 2014)" in confirm
    assert 'type="checkbox" name="acknowledged" id="id_acknowledged">' in confirm


def test_publish_is_refused_until_the_warnings_are_acknowledged(client, stale):
    before = counts()
    response = publish(client, stale)
    assert response.status_code == 302
    message = messages_of(response)[-1]
    assert message.startswith("Nothing was published: Publishing needs you to confirm")
    assert "The preamble says (Busan, 2014)" in message
    assert counts() == before
    publish(client, stale, acknowledged="on")
    assert Edition.objects.filter(year=2018, city="Dubai").exists()


def test_a_file_without_warnings_needs_no_acknowledgement(client, dubai):
    assert "consistency warning" not in page(client.get(dubai.get_absolute_url()))
    publish(client, dubai)
    assert Edition.objects.filter(year=2018).exists()


# ---------------------------------------------------------------- the command


def test_import_edition_imports_and_prints_the_same_warnings(bundled, tmp_path, uploads):
    path = tmp_path / "stale.docx"
    path.write_bytes(tracked_docx_from_redline(stale_preamble_redline()))
    out = io.StringIO()
    call_command("import_edition", str(path), stdout=out)
    printed = out.getvalue()
    assert "Imported Resolution 102 (Rev. Dubai, 2018)" in printed
    assert (
        "Warning: The preamble says (Busan, 2014), but the resolution line says (Rev. Dubai, 2018)" in printed
    )
    assert "Warning: The preamble's year, 2014, is not after" in printed
    assert Edition.objects.filter(year=2018).exists()


def test_a_bulk_import_names_the_file_of_each_warning(bundled, tmp_path, uploads):
    folder = tmp_path / "collection"
    folder.mkdir()
    (folder / "stale.docx").write_bytes(tracked_docx_from_redline(stale_preamble_redline()))
    out = io.StringIO()
    call_command("import_edition", str(folder), stdout=out)
    printed = out.getvalue()
    assert "1 imported with warnings" in printed
    assert f"Warning: {folder / 'stale.docx'}: The preamble says (Busan, 2014)" in printed
