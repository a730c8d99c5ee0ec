"""The review page: every clause, its match and the redline that would be published, and why it cannot be published when it cannot."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse

from resolutions.models import Edition
from tests.support.admin import messages_of, new_index, page, row_html
from tests.support.dubai import ADDED_CLAUSE


def test_the_review_lists_every_clause_in_order_with_its_section_label_and_match(client, dubai):
    html = page(client.get(dubai.get_absolute_url()))
    new_rows = re.findall(r'<tr id="new-(\d+)"', html)
    assert [int(n) for n in new_rows] == list(range(len(new_rows)))
    assert "Resolution 102 (Rev. Busan, 2014), as published" in html
    row = row_html(html, f"new-{new_index(dubai, '4', ADDED_CLAUSE[:20])}")
    assert "<i>instructs the Council</i> 4" in row
    assert "new clause" in row
    assert "mark-add" in row


def test_uncertain_matches_are_highlighted_with_their_score(client, dubai):
    html = page(client.get(dubai.get_absolute_url()))
    row = row_html(html, f"new-{new_index(dubai, 'b)', 'about the absence')}")
    assert "match-uncertain" in row
    assert re.search(r"5\d%\s*<strong[^>]*>uncertain</strong>", row)
    certain = row_html(html, f"new-{new_index(dubai, '6', 'to report every year')}")
    assert "match-uncertain" not in certain
    assert "93%" in certain


def test_the_review_shows_the_redline_that_would_be_published(client, dubai):
    html = page(client.get(dubai.get_absolute_url()))
    row = row_html(html, f"new-{new_index(dubai, '6', 'to report every year')}")
    assert (
        '<del class="change change-del"><span class="visually-hidden">deleted: </span>annually</del>' in row
    )
    assert (
        '<ins class="change change-ins"><span class="visually-hidden">inserted: </span>every year</ins>'
        in row
    )


def test_the_summary_links_to_each_uncertain_match(client, dubai):
    html = page(client.get(dubai.get_absolute_url()))
    resolution_line = new_index(dubai, "", "RESOLUTION 102")
    concerned_b = new_index(dubai, "b)", "about the absence")
    assert "2 uncertain matches" in html
    assert f'<a href="#new-{resolution_line}">resolution line</a>' in html
    assert f'<a href="#new-{concerned_b}">Deeply concerned b)</a>' in html


def test_the_review_says_when_the_edition_cannot_be_published(client, dubai):
    client.post(
        dubai.get_absolute_url(),
        {"action": "details", "body": "pp", "number": 102, "city": "Dubai", "year": 2012},
    )
    html = page(client.get(dubai.get_absolute_url()))
    assert "already has a later edition" in html
    assert '<input type="submit" class="default" value="Publish…" disabled>' in html


def test_a_draft_whose_stored_file_is_gone_says_so_and_publishes_nothing(client, dubai):
    dubai.source.file.storage.delete(dubai.source.file.name)
    html = page(client.get(dubai.get_absolute_url()))
    assert "the uploaded file is missing from the server&#x27;s storage" in html
    assert '<input type="submit" class="default" value="Publish…" disabled>' in html
    response = client.post(reverse("admin:resolutions_draft_publish", args=[dubai.pk]), {"reviewed": "x"})
    assert response.status_code == 302
    assert any("Nothing was published" in m and "missing" in m for m in messages_of(response))
    assert not Edition.objects.filter(year=2018).exists()


def test_the_review_steps_a_nested_clause_in_under_its_parents(client, db):
    from resolutions.importing import import_edition
    from resolutions.parsing import parse_text
    from tests.support.admin import upload_draft

    shapes = Path(__file__).resolve().parents[1] / "data" / "shapes"
    older = (shapes / "pp-999-2014.txt").read_bytes()
    import_edition(parse_text(older, source_name="pp-999-2014.txt"), older, source_name="x", imported_by="t")
    draft = upload_draft(client, (shapes / "pp-999-2018.txt").read_bytes(), "pp-999-2018.txt")

    html = page(client.get(draft.get_absolute_url()))
    item = row_html(html, f"new-{new_index(draft, '1', 'that the regional presence shall')}")
    sub_item = row_html(html, f"new-{new_index(draft, 'a)', 'by giving each regional office')}")
    sub_sub_item = row_html(html, f"new-{new_index(draft, 'i)', 'in the preparation of national plans')}")
    assert 'class="match-text"' in item
    assert 'class="match-text depth-1"' in sub_item
    assert 'class="match-text depth-2"' in sub_sub_item
    assert "<i>resolves</i> 1 a) i)" in sub_sub_item
