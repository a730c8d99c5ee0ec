"""The admin around the upload: published data read-only, uploaded files kept."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from resolutions.models import Edition, SourceFile
from tests.support.admin import UPLOAD, page, publish


@pytest.mark.django_db
def test_the_edition_list_links_to_the_upload_for_publishers_only(client, bundled):
    html = page(client.get(reverse("admin:resolutions_edition_changelist")))
    assert f'href="{UPLOAD}"' in html
    assert 'href="/pp/102/2014/"' in html
    viewer = User.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_edition"))
    other = Client()
    other.force_login(viewer)
    assert f'href="{UPLOAD}"' not in page(other.get(reverse("admin:resolutions_edition_changelist")))


@pytest.mark.django_db
def test_editions_are_read_only_in_the_admin(admin_client, bundled):
    edition = Edition.objects.get(year=2014)
    url = reverse("admin:resolutions_edition_change", args=[edition.pk])
    html = page(admin_client.get(url))
    assert 'name="city"' not in html
    admin_client.post(url, {"city": "Elsewhere"})
    assert Edition.objects.get(year=2014).city == "Busan"
    assert admin_client.get(reverse("admin:resolutions_edition_delete", args=[edition.pk])).status_code == 403


def test_a_published_source_file_cannot_be_deleted_in_the_admin(admin_client, client, dubai):
    publish(client, dubai)
    source = SourceFile.objects.get()
    url = reverse("admin:resolutions_sourcefile_delete", args=[source.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert SourceFile.objects.filter(pk=source.pk).exists()
    html = page(admin_client.get(reverse("admin:resolutions_sourcefile_change", args=[source.pk])))
    assert source.file.name in html
    assert f'href="/{source.file.name}"' not in html
