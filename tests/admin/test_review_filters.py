"""The review's filters: changes only, uncertain matches only, each with its
count, as plain links that keep working through a re-match."""

from __future__ import annotations

import re

from resolutions.drafts import review_draft
from tests.support.admin import HTMX, new_index, page, rematch
from tests.support.dubai import NEW_NOTING_E


def shown_rows(html: str) -> list[str]:
    return re.findall(r'<tr id="(new-\d+|old-\d+)"', html)


def test_changes_only_shows_the_changed_rows_and_says_how_many(client, dubai):
    review = review_draft(dubai)
    changed = [row.anchor for row in review.rows if row.change.changed]
    assert 0 < len(changed) < len(review.rows)
    html = page(client.get(f"{dubai.get_absolute_url()}?show=changes"))
    assert shown_rows(html) == changed
    assert re.search(
        rf'\?show=changes#matching" aria-current="true">Changes only <span[^>]*>\({len(changed)}\)', html
    )
    assert f'All rows <span class="review-filter-count">({len(review.rows)})</span>' in html


def test_uncertain_only_shows_the_uncertain_matches(client, dubai):
    uncertain = [row.anchor for row in review_draft(dubai).uncertain_rows]
    assert uncertain
    html = page(client.get(f"{dubai.get_absolute_url()}?show=uncertain"))
    assert shown_rows(html) == uncertain
    assert f'Uncertain matches only <span class="review-filter-count">({len(uncertain)})</span>' in html


def test_every_row_is_shown_without_a_filter_or_with_an_unknown_one(client, dubai):
    count = len(review_draft(dubai).rows)
    assert len(shown_rows(page(client.get(dubai.get_absolute_url())))) == count
    assert len(shown_rows(page(client.get(f"{dubai.get_absolute_url()}?show=<b>")))) == count


def test_a_re_match_keeps_the_filter(client, dubai):
    index = new_index(dubai, "e)", NEW_NOTING_E[:20])
    editor = page(client.get(f"{dubai.get_absolute_url()}?edit={index}&show=changes"))
    assert '<input type="hidden" name="show" value="changes">' in editor
    response = rematch(client, dubai, index, "new", show="changes")
    assert response["Location"] == f"{dubai.get_absolute_url()}?show=changes#new-{index}"
    fragment = page(rematch(client, dubai, index, "auto", show="uncertain", **HTMX))
    assert shown_rows(fragment) == [row.anchor for row in review_draft(dubai).uncertain_rows]
