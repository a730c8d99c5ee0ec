"""What the admin's upload tests share: uploading, reading the pages they get
back, finding clauses, correcting a match and publishing."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from resolutions.drafts import draft_reading, review_draft
from resolutions.importing import import_edition, sha256_of
from resolutions.models import Clause, ClauseVersion, Draft, Edition, Resolution, SourceFile
from resolutions.parsing import parse_text
from tests.support.builders import tracked_docx_from_redline
from tests.support.dubai import dubai_redline

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"

UPLOAD = "/admin/resolutions/draft/upload/"

HTMX = {"HTTP_HX_REQUEST": "true"}


def stored_files(location: Path) -> list[Path]:
    return sorted(path for path in location.rglob("*") if path.is_file()) if location.exists() else []


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def only_2010(db) -> None:
    data = fixture("pp-102-2010.txt")
    import_edition(parse_text(data), data, source_name="pp-102-2010.txt", imported_by="test")


@functools.cache
def dubai_docx() -> bytes:
    """Built once: each build numbers its revisions anew, so its sha256 differs."""
    return tracked_docx_from_redline(dubai_redline())


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count() for model in (Resolution, Edition, Clause, ClauseVersion, SourceFile, Draft)
    )


def page(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def upload(client: Client, data: bytes, name: str, **fields):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data), "marks": "tracked", **fields})


def upload_draft(client: Client, data: bytes, name: str, **fields) -> Draft:
    response = upload(client, data, name, **fields)
    assert response.status_code == 302, form_errors(response)
    return Draft.objects.get(source__sha256=sha256_of(data))


def form_errors(response) -> str:
    return " ".join(re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page(response), re.S))


def row_html(html: str, anchor: str) -> str:
    match = re.search(rf'<tr id="{anchor}".*?</tr>', html, re.S)
    assert match, f"no row {anchor}"
    return match.group(0)


def new_index(draft: Draft, label: str, text_start: str) -> int:
    clauses = draft_reading(draft).revised.clauses
    return next(i for i, c in enumerate(clauses) if c.label == label and c.text.startswith(text_start))


def old_index_2014(label: str, text_start: str) -> int:
    edition = Edition.objects.get(year=2014)
    versions = ClauseVersion.objects.in_edition(edition)
    return next(i for i, v in enumerate(versions) if v.label == label and v.text.startswith(text_start))


def rematch(client: Client, draft: Draft, new: int, old: str, *, show: str = "", **extra):
    data = {"action": "match", "new": new, "old": old, **({"show": show} if show else {})}
    return client.post(draft.get_absolute_url(), data, **extra)


def Client_for(draft: Draft) -> Client:  # noqa: N802 (reads as a constructor)
    client = Client()
    client.force_login(User.objects.get(username=draft.created_by))
    return client


def publish(client: Client, draft: Draft, **fields):
    key = review_draft(Draft.objects.get(pk=draft.pk)).plan.review_key
    return client.post(
        reverse("admin:resolutions_draft_publish", args=[draft.pk]), {"reviewed": key, **fields}
    )


def publish_key(draft: Draft) -> str:
    return review_draft(draft).plan.review_key
