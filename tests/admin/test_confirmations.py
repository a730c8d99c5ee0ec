"""Publish and Discard each have a confirmation page: a GET says what will
happen (resolution, edition, clause counts) and changes nothing; only a
POST, with the CSRF token, does it. Plain forms: no JavaScript needed."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from resolutions.drafts import review_draft
from resolutions.models import Draft, Edition
from tests.support.admin import counts, page, publish_key


def publish_url(draft) -> str:
    return reverse("admin:resolutions_draft_publish", args=[draft.pk])


def discard_url(draft) -> str:
    return reverse("admin:resolutions_draft_discard", args=[draft.pk])


def test_the_review_sends_publish_and_discard_to_their_confirmation_pages(client, dubai):
    html = page(client.get(dubai.get_absolute_url()))
    assert re.search(rf'<form method="get" action="{publish_url(dubai)}" class="publish-form">', html)
    assert f'href="{discard_url(dubai)}">Discard this draft…</a>' in html
    assert 'value="Publish…"' in html


def test_the_publish_confirmation_says_what_will_be_published_and_writes_nothing(client, dubai):
    before = counts()
    response = client.get(f"{publish_url(dubai)}?reviewed={publish_key(dubai)}")
    html = page(response)
    assert response.status_code == 200
    review = review_draft(dubai)
    counted = dict(review.status_counts())
    assert "<strong>Resolution 102 (Rev. Dubai, 2018)</strong>" in html
    assert f"is published with {len(review.reading.revised.clauses)} clauses" in html
    assert (
        f"compared with Resolution 102 (Rev. Busan, 2014), as published ({review.file.old_count} clauses)"
        in html
    )
    assert f"{counted['ADD']} ADD, {counted['SUP']} SUP, {counted['MOD']} MOD, {counted['NOC']} NOC" in html
    assert f'<form method="post" action="{publish_url(dubai)}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'name="reviewed" value="{publish_key(dubai)}"' in html
    assert re.search(r'<input type="submit" class="default" value="Publish">', html)
    assert counts() == before


def test_a_confirmation_for_a_review_that_no_longer_holds_cannot_publish(client, dubai):
    html = page(client.get(f"{publish_url(dubai)}?reviewed=against%3D1%3Areplaced"))
    assert "changed since you reviewed this draft" in html
    assert '<input type="submit" class="default" value="Publish" disabled>' in html


def test_the_choices_made_on_the_review_are_carried_to_the_confirmation(client, dubai):
    html = page(client.get(f"{publish_url(dubai)}?reviewed={publish_key(dubai)}&replace=on"))
    # No 2018 edition is published yet: nothing to replace, so no box.
    assert 'name="replace"' not in html
    assert Edition.objects.filter(year=2018).count() == 0


def test_the_confirmed_publish_is_a_post(client, dubai):
    response = client.post(publish_url(dubai), {"reviewed": publish_key(dubai)})
    assert response.status_code == 302
    assert Edition.objects.filter(year=2018).exists()


def test_the_discard_confirmation_says_what_goes_and_discards_nothing(client, dubai):
    html = page(client.get(discard_url(dubai)))
    assert "<strong>Resolution 102 (Dubai, 2018)</strong>" in html
    assert "to be compared with Resolution 102 (Rev. Busan, 2014)" in html
    assert "Res102-Dubai.docx" in html
    assert f'<form method="post" action="{discard_url(dubai)}"' in html
    assert Draft.objects.filter(pk=dubai.pk).exists()
    client.post(discard_url(dubai))
    assert not Draft.objects.filter(pk=dubai.pk).exists()


def test_publish_and_discard_need_the_csrf_token(publisher, dubai):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(publisher)
    assert strict.post(publish_url(dubai), {"reviewed": publish_key(dubai)}).status_code == 403
    assert strict.post(discard_url(dubai)).status_code == 403
    assert Draft.objects.filter(pk=dubai.pk).exists()


def test_other_methods_are_refused(client, dubai):
    assert client.put(publish_url(dubai)).status_code == 405
    assert client.delete(discard_url(dubai)).status_code == 405
