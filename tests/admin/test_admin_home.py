"""The upload is reached from the admin's home page, not only by its address."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from tests.support.admin import UPLOAD, page


@pytest.mark.django_db
def test_the_admin_home_links_to_the_upload_for_publishers(client):
    html = page(client.get(reverse("admin:index")))
    assert f'<a href="{UPLOAD}">Upload a new edition</a>' in html
    assert client.get(UPLOAD).status_code == 200


@pytest.mark.django_db
def test_the_admin_home_offers_no_upload_to_staff_who_cannot_publish():
    viewer = User.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_edition"))
    other = Client()
    other.force_login(viewer)
    html = page(other.get(reverse("admin:index")))
    assert "Editions" in html  # the home page itself, with what this user may see
    assert UPLOAD not in html
