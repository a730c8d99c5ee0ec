"""Correcting a match: the row editor, then the corrected matching, with htmx or without JavaScript."""

from __future__ import annotations

import pytest

from tests.support.admin import HTMX, new_index, old_index_2014, page, rematch, row_html
from tests.support.dubai import NEW_NOTING_E


def test_re_matching_a_clause_without_javascript_redirects_to_the_updated_review(client, dubai):
    new_e = new_index(dubai, "e)", NEW_NOTING_E[:20])
    old_e = old_index_2014("e)", "that CWG-Internet")
    assert "new clause" in row_html(page(client.get(dubai.get_absolute_url())), f"new-{new_e}")
    response = rematch(client, dubai, new_e, str(old_e))
    assert response.status_code == 302
    assert response["Location"] == f"{dubai.get_absolute_url()}#new-{new_e}"
    dubai.refresh_from_db()
    assert dubai.forced == {str(new_e): old_e}
    row = row_html(page(client.get(dubai.get_absolute_url())), f"new-{new_e}")
    assert "your match" in row
    assert "mark-mod" in row
    assert "that CWG-Internet shall include" in row  # the old text, struck through now


def test_re_matching_with_htmx_answers_with_the_updated_matching_only(client, dubai):
    new_e = new_index(dubai, "e)", NEW_NOTING_E[:20])
    old_e = old_index_2014("e)", "that CWG-Internet")
    response = rematch(client, dubai, new_e, str(old_e), **HTMX)
    html = page(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="matching"')
    assert "<html" not in html
    assert "Matching updated" in html
    assert "your match" in row_html(html, f"new-{new_e}")
    # The old noting e) is no longer a deleted row of its own.
    assert f'id="old-{old_e}"' not in html


def test_a_clause_can_be_made_new_and_then_matched_automatically_again(client, dubai):
    index = new_index(dubai, "6", "to report every year")
    rematch(client, dubai, index, "new")
    row = row_html(page(client.get(dubai.get_absolute_url())), f"new-{index}")
    assert "mark-add" in row
    rematch(client, dubai, index, "auto")
    dubai.refresh_from_db()
    assert dubai.forced == {}
    assert "mark-mod" in row_html(page(client.get(dubai.get_absolute_url())), f"new-{index}")


def test_an_impossible_match_is_explained_and_not_kept(client, dubai):
    heading = new_index(dubai, "", "noting")
    item = old_index_2014("a)", "the decision to convene")
    response = rematch(client, dubai, heading, str(item))
    assert response.status_code == 200
    assert "That match cannot be made" in page(response)
    assert "is a heading and cannot be old clause" in page(response)
    dubai.refresh_from_db()
    assert dubai.forced == {}


@pytest.mark.parametrize("old", ["9999", "x", "-1"])
def test_a_forged_match_is_refused(client, dubai, old):
    response = rematch(client, dubai, 3, old)
    assert response.status_code == 200
    assert "There is no old clause" in page(response)
    dubai.refresh_from_db()
    assert dubai.forced == {}


def test_change_match_opens_the_row_editor_with_or_without_htmx(client, dubai):
    index = new_index(dubai, "e)", NEW_NOTING_E[:20])
    full = page(client.get(f"{dubai.get_absolute_url()}?edit={index}"))
    assert '<select name="old"' in row_html(full, f"new-{index}")
    assert "<html" in full
    fragment = page(client.get(f"{dubai.get_absolute_url()}?edit={index}", **HTMX))
    assert fragment.lstrip().startswith(f'<tr id="new-{index}"')
    assert '<select name="old"' in fragment
    assert 'name="csrfmiddlewaretoken"' in fragment
