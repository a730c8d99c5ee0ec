"""The re-match list: every old clause in order, grouped by section, with
enough of its text to be told apart, and whether taking it is free (no new
clause has it: it stands as deleted), this clause's match or another's."""

from __future__ import annotations

import html as html_lib
import re

from resolutions.drafts import CHOICE_TEXT_CHARS, review_draft
from resolutions.models import ClauseVersion, Edition
from tests.support.admin import new_index, old_index_2014, page, rematch
from tests.support.dubai import NEW_NOTING_E, OLD_NOTING_E


def options(html: str) -> list[tuple[str, str, str]]:
    """(value, state class, text) of each old clause's option."""
    return [
        (value, state, html_lib.unescape(text))
        for value, state, text in re.findall(
            r'<option value="(\d+)" class="choice-(\w+)"[^>]*>(.*?)</option>', html, re.S
        )
    ]


def editor(client, draft, new: int) -> str:
    return page(client.get(f"{draft.get_absolute_url()}?edit={new}"))


def test_every_old_clause_is_listed_in_order(client, dubai):
    listed = options(editor(client, dubai, new_index(dubai, "e)", NEW_NOTING_E[:20])))
    count = ClauseVersion.objects.filter(edition=Edition.objects.get(year=2014)).count()
    assert [int(value) for value, _, _ in listed] == list(range(count))


def test_an_old_clause_no_new_clause_has_is_marked_free_and_deleted(client, dubai):
    new_e = new_index(dubai, "e)", NEW_NOTING_E[:20])
    old_e = old_index_2014("e)", "that CWG-Internet")
    listed = dict((int(value), (state, text)) for value, state, text in options(editor(client, dubai, new_e)))
    state, text = listed[old_e]
    assert state == "free"
    assert "[free, deleted as matched now]" in text
    # The full text, not its first words: the old noting e) is 200 characters.
    assert len(OLD_NOTING_E) > 60 and OLD_NOTING_E in text


def test_a_matched_old_clause_names_the_new_clause_that_has_it(client, dubai):
    review = review_draft(dubai)
    row = next(row for row in review.rows if row.old and row.new and row.old.index != row.new.index)
    other = next(r for r in review.rows if r.new and r is not row)
    listed = dict((int(v), (s, t)) for v, s, t in options(editor(client, dubai, other.new.index)))
    state, text = listed[row.old.index]
    assert state == "matched"
    assert f"[matched to new {row.new.name}]" in text
    own = dict((int(v), (s, t)) for v, s, t in options(editor(client, dubai, row.new.index)))
    assert own[row.old.index][0] == "current"
    assert "[matched to this clause now]" in own[row.old.index][1]


def test_after_a_re_match_the_old_clause_is_no_longer_free(client, dubai):
    new_e = new_index(dubai, "e)", NEW_NOTING_E[:20])
    old_e = old_index_2014("e)", "that CWG-Internet")
    rematch(client, dubai, new_e, str(old_e))
    listed = dict((int(v), (s, t)) for v, s, t in options(editor(client, dubai, new_e)))
    assert listed[old_e][0] == "current"
    selected = re.search(r'<option value="(\d+)"[^>]* selected>', editor(client, dubai, new_e))
    assert selected and int(selected.group(1)) == old_e


def test_only_a_very_long_text_is_cut_and_at_a_word():
    from resolutions.drafts import shortened

    text = "word " * 100
    cut = shortened(text.strip(), CHOICE_TEXT_CHARS)
    assert cut.endswith("word…") and len(cut) <= CHOICE_TEXT_CHARS + 1
    assert shortened("short text", CHOICE_TEXT_CHARS) == "short text"
