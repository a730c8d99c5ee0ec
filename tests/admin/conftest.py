"""The admin's upload tests: a publisher signed in, and a draft of the invented
"Rev. Dubai, 2018" revision of the bundled 2014 edition. Uploaded files go
to a directory of each test's own."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from resolutions.models import Draft
from tests.support.admin import dubai_docx, upload_draft


@pytest.fixture(autouse=True)
def _own_upload_directory(uploads) -> None:
    pass


@pytest.fixture
def publisher(db) -> User:
    """Staff with the publish permission (and the admin's view permissions), not a superuser."""
    user = User.objects.create_user("publisher", password="x", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="resolutions",
            codename__in=["publish_edition", "view_edition", "view_draft", "view_sourcefile"],
        )
    )
    return user


@pytest.fixture
def client(publisher) -> Client:
    client = Client()
    client.force_login(publisher)
    return client


@pytest.fixture
def dubai(client, bundled) -> Draft:
    return upload_draft(client, dubai_docx(), "Res102-Dubai.docx")
