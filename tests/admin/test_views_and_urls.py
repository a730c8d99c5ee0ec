"""How the admin's views answer: each URL takes the methods of its one
interaction, htmx fragments say they vary with HX-Request, and every htmx
request goes to an address a plain link or form also uses."""

from __future__ import annotations

import re

from django.urls import reverse

from tests.support.admin import HTMX, page


def test_the_details_and_match_urls_take_posts_only(client, dubai):
    for name in ("details", "match"):
        assert client.get(reverse(f"admin:resolutions_draft_{name}", args=[dubai.pk])).status_code == 405


def test_an_unknown_action_posted_to_the_review_is_a_bad_request(client, dubai):
    assert client.post(dubai.get_absolute_url(), {"action": "publish"}).status_code == 400


def test_answers_that_depend_on_htmx_say_so(client, dubai):
    editor = client.get(f"{dubai.get_absolute_url()}?edit=3", **HTMX)
    match = client.post(reverse("admin:resolutions_draft_match", args=[dubai.pk]), {"new": 3, "old": "new"})
    for response in (editor, match):
        assert "HX-Request" in response["Vary"]


def test_every_htmx_address_is_also_a_link_or_a_form_action(client, dubai):
    html = page(client.get(f"{dubai.get_absolute_url()}?edit=3"))
    plain = {url.split("#")[0] for url in re.findall(r'(?:href|action)="([^"]+)"', html)}
    htmx = set(re.findall(r'hx-(?:get|post)="([^"]+)"', html))
    assert htmx
    assert htmx <= {url.replace("&amp;", "&") for url in plain}
