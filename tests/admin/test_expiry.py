"""Drafts expire when abandoned, not while someone works on them."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from resolutions.models import Draft, Edition
from tests.support.admin import (
    UPLOAD,
    dubai_docx,
    fixture,
    messages_of,
    publish_key,
    rematch,
    stored_files,
    upload_draft,
)


def test_an_expired_draft_is_discarded_when_opened(
    client, dubai, uploads, django_capture_on_commit_callbacks
):
    Draft.objects.filter(pk=dubai.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(dubai.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == UPLOAD
    assert any("expired" in m for m in messages_of(response))
    assert not Draft.objects.exists()
    assert stored_files(uploads) == []


def test_an_expired_draft_cannot_be_published(client, dubai):
    key = publish_key(dubai)
    Draft.objects.filter(pk=dubai.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    client.post(reverse("admin:resolutions_draft_publish", args=[dubai.pk]), {"reviewed": key})
    assert not Edition.objects.filter(year=2018).exists()


def test_working_on_a_draft_pushes_its_expiry_back(client, dubai, settings):
    Draft.objects.filter(pk=dubai.pk).update(expires_at=timezone.now() + timedelta(minutes=5))
    rematch(client, dubai, 3, "new")
    dubai.refresh_from_db()
    assert dubai.expires_at > timezone.now() + timedelta(hours=settings.RESOLUTIONS_DRAFT_LIFETIME_HOURS - 1)


def test_purge_drafts_discards_only_expired_drafts(
    client, bundled, uploads, django_capture_on_commit_callbacks
):
    old = upload_draft(client, dubai_docx(), "old.docx")
    fresh = upload_draft(client, fixture("pp-102-2014.txt").replace(b"regards", b"regard"), "fresh.txt")
    Draft.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_drafts", stdout=out)
    assert "Discarded 1 expired draft." in out.getvalue()
    assert list(Draft.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert [path.name for path in stored_files(uploads)] == [Path(fresh.source.file.name).name]
