"""Discarding a draft: the draft, its record and its file go; nothing is published."""

from __future__ import annotations

from django.urls import reverse

from resolutions.models import Draft, Edition, SourceFile
from tests.support.admin import stored_files


def test_discarding_removes_the_draft_its_record_and_its_file(
    client, dubai, uploads, django_capture_on_commit_callbacks
):
    assert len(stored_files(uploads)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:resolutions_draft_discard", args=[dubai.pk]))
    assert response.status_code == 302
    assert not Draft.objects.exists()
    assert not SourceFile.objects.exists()
    assert stored_files(uploads) == []
    assert not Edition.objects.filter(year=2018).exists()


def test_deleting_a_draft_in_the_admin_removes_its_file(
    admin_client, dubai, uploads, django_capture_on_commit_callbacks
):
    url = reverse("admin:resolutions_draft_delete", args=[dubai.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not SourceFile.objects.exists()
    assert stored_files(uploads) == []


def test_get_never_publishes_or_discards(client, dubai):
    # A GET is the confirmation page (tests/admin/test_confirmations.py).
    assert client.get(reverse("admin:resolutions_draft_publish", args=[dubai.pk])).status_code == 200
    assert client.get(reverse("admin:resolutions_draft_discard", args=[dubai.pk])).status_code == 200
    assert Draft.objects.filter(pk=dubai.pk).exists()
    assert not Edition.objects.filter(year=2018).exists()
