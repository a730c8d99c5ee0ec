"""Editions written straight into the database, for shapes the importer
cannot read yet (nested items, annexes, ITU-R revisions): each clause is
(kind, path, label, text); a clause keeps its identity across editions by
the key given in `same` (path in this edition -> path in the previous one)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone

from resolutions.models import Clause, ClauseVersion, Edition, Resolution


def store_edition(
    body: str,
    number: int,
    year: int,
    city: str,
    clauses: Sequence[tuple[str, str, str, str]],
    *,
    designation: str = "",
    previous: Edition | None = None,
    same: dict[str, str] | None = None,
) -> Edition:
    resolution, _ = Resolution.objects.get_or_create(
        body=body, number=number, defaults={"title": "A test resolution"}
    )
    edition = Edition.objects.create(
        resolution=resolution,
        city=city,
        year=year,
        designation=designation or f"Rev. {city}, {year}",
        title="A test resolution",
        source_name="stored.txt",
        source_sha256="0" * 64,
        imported_at=timezone.now(),
        imported_by="test",
    )
    before = {v.path: v.clause for v in previous.clause_versions.all()} if previous else {}
    headings: dict[str, ClauseVersion] = {}
    for order, (kind, path, label, text) in enumerate(clauses):
        old_path = (same or {}).get(path, path)
        clause = before.get(old_path) or Clause.objects.create(resolution=resolution)
        slug = path.split("/")[0] if kind in ("heading", "item", "paragraph") else ""
        version = ClauseVersion.objects.create(
            clause=clause,
            edition=edition,
            order=order,
            kind=kind,
            section=headings.get(slug) if kind != "heading" else None,
            section_slug=slug,
            label=label,
            path=path,
            text=text,
        )
        if kind == "heading":
            headings[slug] = version
    return edition
