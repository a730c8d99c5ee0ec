"""Who may upload, review and publish, and the protection of every form."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from resolutions.models import Draft, Edition
from tests.support.admin import UPLOAD, counts, dubai_docx, fixture, page, publish_key, upload


@pytest.mark.django_db
def test_staff_without_the_permission_can_neither_upload_nor_review_nor_publish(bundled, client, dubai):
    clerk = User.objects.create_user("clerk", password="x", is_staff=True)
    other = Client()
    other.force_login(clerk)
    before = counts()
    for url in (UPLOAD, dubai.get_absolute_url()):
        assert other.get(url).status_code == 403
    assert (
        upload(other, fixture("pp-102-2014.txt").replace(b"regards", b"regard"), "x.txt").status_code == 403
    )
    for name in ("publish", "discard"):
        assert other.post(reverse(f"admin:resolutions_draft_{name}", args=[dubai.pk])).status_code == 403
    assert counts() == before


@pytest.mark.django_db
def test_visitors_are_sent_to_the_admin_login(bundled, dubai):
    response = Client().get(dubai.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert Client().post(UPLOAD).status_code == 302
    assert not Edition.objects.filter(year=2018).exists()


@pytest.mark.django_db
def test_a_superuser_may_upload(admin_client, bundled):
    response = upload(admin_client, dubai_docx(), "dubai.docx")
    assert response.status_code == 302


@pytest.mark.django_db
def test_every_form_is_protected_against_cross_site_requests(publisher, bundled):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(publisher)
    data = dubai_docx()
    refused = csrf_client.post(UPLOAD, {"file": SimpleUploadedFile("d.docx", data), "marks": "tracked"})
    assert refused.status_code == 403
    assert not Draft.objects.exists()

    form = page(csrf_client.get(UPLOAD))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    accepted = csrf_client.post(
        UPLOAD, {"file": SimpleUploadedFile("d.docx", data), "marks": "tracked", "csrfmiddlewaretoken": token}
    )
    assert accepted.status_code == 302
    draft = Draft.objects.get()
    for url, data_ in (
        (draft.get_absolute_url(), {"action": "match", "new": 3, "old": "new"}),
        (
            draft.get_absolute_url(),
            {"action": "details", "body": "pp", "number": 1, "city": "X", "year": 2018},
        ),
        (reverse("admin:resolutions_draft_publish", args=[draft.pk]), {"reviewed": publish_key(draft)}),
        (reverse("admin:resolutions_draft_discard", args=[draft.pk]), {}),
    ):
        assert csrf_client.post(url, data_).status_code == 403
    draft.refresh_from_db()
    assert (draft.forced, draft.number) == ({}, 102)
    assert not Edition.objects.filter(year=2018).exists()
