"""The one code path that writes editions.

Parsing and alignment happen before any transaction is opened (they are
plain computations); the write itself is one short transaction, so readers
never see half an edition and a failure leaves nothing behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from resolutions.alignment import Match, align
from resolutions.document import Kind, ParsedClause, ParsedEdition, clause_paths
from resolutions.models import Clause, ClauseVersion, Edition, Resolution, parsed_clauses
from resolutions.parsing.formats import Reading, read_upload
from resolutions.parsing.safety import Limits


class ImportRefused(Exception):
    """The edition is well formed but cannot be imported as asked."""


@dataclass(frozen=True)
class ImportPlan:
    """What importing would do: computed without writing anything, shown to
    the admin for review, then carried out by `apply_plan`."""

    parsed: ParsedEdition
    sha256: str
    base: Edition | None
    base_clauses: tuple[ParsedClause, ...]
    base_versions: tuple[ClauseVersion, ...]
    matches: tuple[Match, ...]
    existing: Edition | None
    paths: tuple[str, ...] = field(default=())
    # Aligned against a base edition read from the same file, not stored yet.
    against_file: bool = False

    @property
    def is_reimport(self) -> bool:
        return self.existing is not None and self.existing.source_sha256 == self.sha256


@dataclass(frozen=True)
class FilePlan:
    """What importing one file would do: the revised edition, and the base
    edition of a revision-marked file (to import first when not stored)."""

    base: ImportPlan | None
    stored_base: Edition | None
    revised: ImportPlan

    @property
    def review_key(self) -> str:
        """What the revised edition is aligned against and would replace: a
        publish is refused when this changed since the review."""

        def stored(edition: Edition | None) -> str:
            return f"{edition.pk}:{edition.source_sha256}" if edition is not None else "none"

        against = "file" if self.revised.against_file else stored(self.revised.base)
        return f"against={against};replaces={stored(self.revised.existing)}"


@dataclass(frozen=True)
class ImportResult:
    edition: Edition
    changed: bool
    message: str


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_file(data: bytes, *, filename: str, body: str | None = None, marks: str = "tracked") -> Reading:
    """Any supported format, within the configured limits."""
    return read_upload(data, filename=filename, body=body, marks=marks, limits=Limits.from_settings(settings))


def import_file(
    data: bytes,
    *,
    filename: str,
    imported_by: str,
    provenance: str = "",
    replace: bool = False,
    body: str | None = None,
    marks: str = "tracked",
) -> list[ImportResult]:
    """Read a file of any format and import what it holds, all or nothing
    (see `import_reading`)."""
    reading = read_file(data, filename=filename, body=body, marks=marks)
    return import_reading(
        reading,
        sha256_of(data),
        source_name=filename,
        imported_by=imported_by,
        provenance=provenance,
        replace=replace,
    )


def plan_file(reading: Reading, sha256: str, *, forced: Mapping[int, int | None] | None = None) -> FilePlan:
    """What importing one file would do; no writes.

    A revision-marked file holds two editions. When its base is not stored
    yet, the base is imported first and the revised edition is aligned
    against it (here: against the base as read from the file, which the
    stored base will equal clause for clause); when the base is stored, the
    revised edition is aligned against the stored editions as usual.
    """
    base_plan = stored_base = None
    if reading.base is not None:
        stored_base = Edition.objects.filter(
            resolution__body=reading.base.body,
            resolution__number=reading.base.number,
            year=reading.base.year,
        ).first()
        if stored_base is None:
            base_plan = plan_import(reading.base, sha256)
    revised = plan_import(
        reading.revised,
        sha256,
        forced=forced,
        against=reading.base.clauses if base_plan is not None else None,
    )
    return FilePlan(base=base_plan, stored_base=stored_base, revised=revised)


def import_reading(
    reading: Reading,
    sha256: str,
    *,
    source_name: str,
    imported_by: str,
    provenance: str = "",
    replace: bool = False,
    forced: Mapping[int, int | None] | None = None,
    reviewed: str | None = None,
) -> list[ImportResult]:
    """Import what one file holds in one transaction: its base edition first
    when the file carries revision marks and the base is not stored yet,
    then the revised edition.

    The plan is made again inside the transaction, so that it aligns against
    what is stored at that moment; `reviewed` (a FilePlan.review_key) refuses
    the import when that is no longer what the admin reviewed. Parsing is
    the caller's, before: the transaction holds only reads, the alignment
    and the writes.
    """
    with transaction.atomic():
        plan = plan_file(reading, sha256, forced=forced)
        if reviewed is not None and plan.review_key != reviewed:
            raise ImportRefused(
                "The stored editions of this resolution changed while this draft was under review "
                "(another edition was published or replaced); review the matching again, then publish."
            )
        results: list[ImportResult] = []
        revised = plan.revised
        if plan.base is not None:
            results.append(
                apply_plan(plan.base, source_name=source_name, imported_by=imported_by, provenance=provenance)
            )
            # Now aligned against the stored base, for its clause identities.
            revised = plan_import(reading.revised, sha256, forced=forced)
        elif plan.stored_base is not None:
            results.append(
                ImportResult(
                    plan.stored_base,
                    False,
                    f"The base text is {plan.stored_base}, already stored; the revision is aligned against it.",
                )
            )
        results.append(
            apply_plan(
                revised,
                source_name=source_name,
                imported_by=imported_by,
                provenance=provenance,
                replace=replace,
            )
        )
    return results


def import_edition(
    parsed: ParsedEdition,
    data: bytes,
    *,
    source_name: str,
    imported_by: str,
    provenance: str = "",
    replace: bool = False,
) -> ImportResult:
    """Parse-to-database in one call: what the command and the bundled
    editions use; the admin review splits it into plan, review and apply."""
    plan = plan_import(parsed, sha256_of(data))
    return apply_plan(
        plan, source_name=source_name, imported_by=imported_by, provenance=provenance, replace=replace
    )


def plan_import(
    parsed: ParsedEdition,
    sha256: str,
    *,
    forced: Mapping[int, int | None] | None = None,
    against: tuple[ParsedClause, ...] | None = None,
) -> ImportPlan:
    """Align `parsed` against the latest earlier stored edition, or against
    the clauses `against` (a base edition not stored yet: such a plan is for
    review only and cannot be applied)."""
    resolution = Resolution.objects.filter(body=parsed.body, number=parsed.number).first()
    existing = base = None
    if resolution is not None:
        editions = list(resolution.editions.chronological())
        existing = next((edition for edition in editions if edition.year == parsed.year), None)
        later = [edition for edition in editions if edition.year > parsed.year]
        # A re-import changes nothing, so it is never out of order.
        if later and not (existing is not None and existing.source_sha256 == sha256):
            raise ImportRefused(
                f"Resolution {parsed.number} already has a later edition ({later[0].citation_designation}); "
                "editions are imported in chronological order, so that every clause keeps one identity."
            )
        earlier = [edition for edition in editions if edition.year < parsed.year]
        base = earlier[-1] if earlier and against is None else None

    base_versions = tuple(ClauseVersion.objects.in_edition(base)) if base else ()
    base_clauses = against if against is not None else parsed_clauses(base_versions)
    matches = tuple(align(base_clauses, parsed.clauses, forced=forced or {}))
    return ImportPlan(
        parsed=parsed,
        sha256=sha256,
        base=base,
        base_clauses=base_clauses,
        base_versions=base_versions,
        matches=matches,
        existing=existing,
        paths=tuple(clause_paths(parsed.clauses)),
        against_file=against is not None,
    )


def apply_plan(
    plan: ImportPlan,
    *,
    source_name: str,
    imported_by: str,
    provenance: str = "",
    replace: bool = False,
) -> ImportResult:
    parsed = plan.parsed
    if plan.against_file:
        raise ValueError("a plan aligned against a base that is not stored yet is for review only")
    if plan.is_reimport:
        return ImportResult(
            plan.existing, False, f"{plan.existing} is already imported from this file; nothing changed."
        )
    if plan.existing is not None and not replace:
        raise ImportRefused(
            f"{plan.existing} already exists, imported from another file "
            f"({plan.existing.source_name}, sha256 {plan.existing.source_sha256[:12]}…); "
            "use replace to overwrite it."
        )
    try:
        with transaction.atomic():
            edition = _write(plan, source_name=source_name, imported_by=imported_by, provenance=provenance)
    except IntegrityError as error:
        # Another admin published the same edition between plan and apply.
        raise ImportRefused(
            f"Resolution {parsed.number} ({parsed.city}, {parsed.year}) was imported by someone else "
            "meanwhile; nothing was written. Reload to see it."
        ) from error
    verb = "Replaced" if plan.existing is not None else "Imported"
    return ImportResult(edition, True, f"{verb} {edition} with {len(parsed.clauses)} clauses.")


def _write(plan: ImportPlan, *, source_name: str, imported_by: str, provenance: str) -> Edition:
    parsed = plan.parsed
    resolution, _ = Resolution.objects.get_or_create(
        body=parsed.body, number=parsed.number, defaults={"title": parsed.title}
    )
    # Nothing later can exist (plan_import refuses), so this is the newest.
    resolution.title = parsed.title
    resolution.save(update_fields=["title"])

    if plan.existing is not None:
        previous = plan.existing
        provenance = "\n".join(
            filter(
                None,
                [
                    provenance,
                    f"Replaces the file {previous.source_name} (sha256 {previous.source_sha256}) "
                    f"imported {previous.imported_at:%Y-%m-%d %H:%M} UTC by {previous.imported_by}.",
                ],
            )
        )
        previous.delete()
        # Identities that only the replaced text had would otherwise linger.
        Clause.objects.filter(resolution=resolution, versions__isnull=True).delete()

    edition = Edition.objects.create(
        resolution=resolution,
        city=parsed.city,
        year=parsed.year,
        designation=parsed.designation,
        title=parsed.title,
        source_name=source_name,
        source_sha256=plan.sha256,
        imported_at=timezone.now(),
        imported_by=imported_by,
        provenance=provenance,
    )

    clause_ids: dict[int, int] = {}
    scores: dict[int, float | None] = {}
    for match in plan.matches:
        if match.new is None:
            continue
        if match.old is not None:
            clause_ids[match.new] = plan.base_versions[match.old].clause_id
            scores[match.new] = match.score
    fresh = [index for index in range(len(parsed.clauses)) if index not in clause_ids]
    created = Clause.objects.bulk_create([Clause(resolution=resolution) for _ in fresh])
    for index, clause in zip(fresh, created, strict=True):
        clause_ids[index] = clause.pk
        scores[index] = None

    def version(index: int, clause: ParsedClause, section: ClauseVersion | None) -> ClauseVersion:
        path = plan.paths[index]
        return ClauseVersion(
            clause_id=clause_ids[index],
            edition=edition,
            order=index,
            kind=clause.kind.value,
            section=section,
            section_slug=path.split("/", 1)[0]
            if clause.section is not None or clause.kind == Kind.HEADING
            else "",
            label=clause.label,
            path=path,
            text=clause.text,
            match_score=scores[index],
        )

    # Headings first, so that items can point at their stored heading.
    heading_rows = {
        index: version(index, clause, None)
        for index, clause in enumerate(parsed.clauses)
        if clause.section is None
    }
    ClauseVersion.objects.bulk_create(heading_rows.values())
    ClauseVersion.objects.bulk_create(
        [
            version(index, clause, heading_rows[clause.section])
            for index, clause in enumerate(parsed.clauses)
            if clause.section is not None
        ]
    )
    return edition
