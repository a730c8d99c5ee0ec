"""The one code path that writes editions, and the records of the files
they come from.

Parsing and alignment happen before any transaction is opened (they are
plain computations); the write itself is one short transaction, so readers
never see half an edition and a failure leaves nothing behind.

Planning is two steps: `place_file` finds, by lookups alone, where the
file's editions go among the stored ones (what each would replace and is
matched against); aligning the placement makes the plan (`plan_file`).
The admin's review needs the first step without the second.

Every `SourceFile` is written through `SourceRecord`, whether the file came
through the admin's upload or the import command.

Withdrawing a published edition is a write too (`withdraw_edition`): only
the newest edition of a resolution, which nothing later was aligned
against, so that deleting its rows leaves every other edition and clause
identity as it was; a `Withdrawal` keeps the record.
"""

from __future__ import annotations

import dataclasses
import hashlib
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from resolutions.alignment import Match, align
from resolutions.comparison import COUNTED, count_steps, stored_counts
from resolutions.consistency import ConsistencyWarning, Previous, consistency_warnings
from resolutions.document import (
    Kind,
    ParsedClause,
    ParsedEdition,
    cited_labels,
    clause_paths,
    nesting_depths,
)
from resolutions.models import (
    Clause,
    ClauseVersion,
    Edition,
    EditionChanges,
    Resolution,
    SourceFile,
    Withdrawal,
    parsed_clauses,
)
from resolutions.parsing import Limits, Reading, RevisionMarks, SourceFormat, read_upload


class ImportRefused(Exception):
    """The edition is well formed but cannot be imported as asked."""


@dataclass(frozen=True, kw_only=True)
class Placement:
    """Where an edition goes among the stored editions, found by lookups
    alone: the stored edition of its year, which importing would replace,
    and the clauses it is matched against. `aligned` makes it a plan."""

    parsed: ParsedEdition
    sha256: str
    base: Edition | None
    base_clauses: tuple[ParsedClause, ...]
    base_versions: tuple[ClauseVersion, ...]
    existing: Edition | None
    # Aligned against a base edition read from the same file, not stored yet.
    against_file: bool = False

    @property
    def is_reimport(self) -> bool:
        return self.existing is not None and self.existing.source_sha256 == self.sha256

    def aligned(self, forced: Mapping[int, int | None] | None = None) -> ImportPlan:
        placement = {field.name: getattr(self, field.name) for field in dataclasses.fields(Placement)}
        return ImportPlan(
            **placement,
            matches=tuple(align(self.base_clauses, self.parsed.clauses, forced=forced or {})),
            paths=tuple(clause_paths(self.parsed.clauses)),
        )


@dataclass(frozen=True, kw_only=True)
class ImportPlan(Placement):
    """What importing would do: computed without writing anything, shown to
    the admin for review, then carried out by `apply_plan`."""

    matches: tuple[Match, ...]
    paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class FilePlacement:
    """Where what one file holds goes: the revised edition, and the base
    edition of a revision-marked file (to import first when not stored)."""

    base: Placement | None
    stored_base: Edition | None
    revised: Placement

    @property
    def review_key(self) -> str:
        """What the revised edition is aligned against and would replace: a
        publish is refused when this changed since the review."""

        def stored(edition: Edition | None) -> str:
            return f"{edition.pk}:{edition.source_sha256}" if edition is not None else "none"

        against = "file" if self.revised.against_file else stored(self.revised.base)
        return f"against={against};replaces={stored(self.revised.existing)}"

    def aligned(self, forced: Mapping[int, int | None] | None = None) -> FilePlan:
        """The plan; `forced` are the admin's matches for the revised edition."""
        base = self.base.aligned() if self.base is not None else None
        return FilePlan(base=base, stored_base=self.stored_base, revised=self.revised.aligned(forced))


@dataclass(frozen=True)
class FilePlan(FilePlacement):
    """What importing one file would do."""

    base: ImportPlan | None
    revised: ImportPlan


@dataclass(frozen=True)
class ImportResult:
    edition: Edition
    changed: bool
    message: str
    # What looked wrong and was imported anyway (resolutions.consistency).
    warnings: tuple[ConsistencyWarning, ...] = ()


def plan_warnings(placement: FilePlacement, reading: Reading) -> tuple[ConsistencyWarning, ...]:
    """The consistency warnings of a file's revised edition, against the
    edition it follows (stored, or the base text in the same file). Lookups
    done by placing the file are enough: no alignment."""
    revised = placement.revised
    previous = None
    if revised.against_file:
        base = reading.base
        previous = Previous(
            f"Resolution {base.number} ({base.designation}), the base text in this file",
            base.year,
            len(base.clauses),
        )
    elif revised.base is not None:
        previous = Previous(str(revised.base), revised.base.year, len(revised.base_clauses))
    return consistency_warnings(revised.parsed, previous=previous, base=reading.base)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_file(
    data: bytes, *, filename: str, body: str | None = None, marks: RevisionMarks = RevisionMarks.TRACKED
) -> Reading:
    """Any supported format, within the configured limits."""
    return read_upload(data, filename=filename, body=body, marks=marks, limits=Limits.from_settings(settings))


class SourceRecord:
    """The record of one file (a `SourceFile`): a copy kept privately under
    a name the server chose (the client's name is only shown, never used as
    a path), and its row, both written inside `transaction()`; the copy is
    removed again when that transaction does not commit."""

    def __init__(self, data: bytes, *, filename: str, user: str):
        self.data = data
        self.sha256 = sha256_of(data)
        self.source = SourceFile(
            original_name=filename[:255], size=len(data), sha256=self.sha256, uploaded_by=user
        )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        try:
            with transaction.atomic():
                yield
        except BaseException:
            if self.source.file:
                self.source.file.storage.delete(self.source.file.name)
            raise

    def keep(self, format: SourceFormat) -> SourceFile:
        self.source.format = format
        self.source.file.save(f"{uuid.uuid4().hex}{format.suffix}", ContentFile(self.data), save=False)
        self.source.save()
        return self.source


def import_file(
    data: bytes,
    *,
    filename: str,
    imported_by: str,
    provenance: str = "",
    replace: bool = False,
    body: str | None = None,
    marks: RevisionMarks = RevisionMarks.TRACKED,
) -> list[ImportResult]:
    """Read a file of any format and import what it holds, all or nothing
    (see `import_reading`), recording the file as the admin's upload does
    when it produced an edition."""
    reading = read_file(data, filename=filename, body=body, marks=marks)
    return import_read_file(
        reading, data, filename=filename, imported_by=imported_by, provenance=provenance, replace=replace
    )


def import_read_file(
    reading: Reading,
    data: bytes,
    *,
    filename: str,
    imported_by: str,
    provenance: str = "",
    replace: bool = False,
) -> list[ImportResult]:
    """`import_file` for a file already read (a bulk import reads every file
    first, to put them in each resolution's chronological order)."""
    record = SourceRecord(data, filename=filename, user=imported_by)
    with record.transaction():
        # Whoever runs the command sees the warnings in the results.
        results = import_reading(
            reading,
            record.sha256,
            source_name=filename,
            imported_by=imported_by,
            provenance=provenance,
            replace=replace,
            accept_warnings=True,
        )
        produced = [result.edition for result in results if result.changed]
        if produced:
            record.keep(reading.format).record_publication(produced)
    return results


def stored_edition(edition: ParsedEdition) -> Edition | None:
    """The stored edition of the same resolution and year, if any."""
    return Edition.objects.filter(
        resolution__body=edition.body, resolution__number=edition.number, year=edition.year
    ).first()


def place_file(reading: Reading, sha256: str) -> FilePlacement:
    """Where what one file holds goes, by lookups alone; no writes.

    A revision-marked file holds two editions. When its base is not stored
    yet, the base is imported first and the revised edition is aligned
    against it (here: against the base as read from the file, which the
    stored base will equal clause for clause); when the base is stored, the
    revised edition is aligned against the stored editions as usual.
    """
    base = stored_base = None
    if reading.base is not None:
        stored_base = stored_edition(reading.base)
        if stored_base is None:
            base = place(reading.base, sha256)
    against = reading.base.clauses if base is not None else None
    return FilePlacement(
        base=base, stored_base=stored_base, revised=place(reading.revised, sha256, against=against)
    )


def plan_file(reading: Reading, sha256: str, *, forced: Mapping[int, int | None] | None = None) -> FilePlan:
    """What importing one file would do (see `place_file`); no writes."""
    return place_file(reading, sha256).aligned(forced)


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
    accept_warnings: bool = False,
) -> list[ImportResult]:
    """Import what one file holds in one transaction: its base edition first
    when the file carries revision marks and the base is not stored yet,
    then the revised edition.

    The plan is made again inside the transaction, so that it aligns against
    what is stored at that moment; `reviewed` (a FilePlan.review_key) refuses
    the import when that is no longer what the admin reviewed. Parsing is
    the caller's, before: the transaction holds only reads, the alignment
    and the writes. A file with consistency warnings is refused unless
    `accept_warnings` (the admin ticked that they were seen; the command
    prints them); the revised edition's result carries them.
    """
    with transaction.atomic():
        plan = plan_file(reading, sha256, forced=forced)
        if reviewed is not None and plan.review_key != reviewed:
            raise ImportRefused(
                "The stored editions of this resolution changed while this draft was under review "
                "(another edition was published or replaced); review the matching again, then publish."
            )
        warnings = plan_warnings(plan, reading)
        if warnings and not accept_warnings:
            raise ImportRefused(
                "Publishing needs you to confirm that you have seen the consistency warnings: "
                + " ".join(str(warning) for warning in warnings)
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
        result = apply_plan(
            revised,
            source_name=source_name,
            imported_by=imported_by,
            provenance=provenance,
            replace=replace,
        )
        results.append(dataclasses.replace(result, warnings=warnings))
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
    """Parse-to-database in one call, without a record of the file: for
    editions built in code (the tests'); files go through `import_file`."""
    plan = plan_import(parsed, sha256_of(data))
    return apply_plan(
        plan, source_name=source_name, imported_by=imported_by, provenance=provenance, replace=replace
    )


def place(parsed: ParsedEdition, sha256: str, *, against: Sequence[ParsedClause] | None = None) -> Placement:
    """Where `parsed` goes: after the latest earlier stored edition, which it
    is matched against, or matched against the clauses `against` (a base
    edition not stored yet: such a plan is for review only and cannot be
    applied). Refused when a later edition is stored."""
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
    return Placement(
        parsed=parsed,
        sha256=sha256,
        base=base,
        base_clauses=tuple(against) if against is not None else parsed_clauses(base_versions),
        base_versions=base_versions,
        existing=existing,
        against_file=against is not None,
    )


def plan_import(
    parsed: ParsedEdition,
    sha256: str,
    *,
    forced: Mapping[int, int | None] | None = None,
    against: Sequence[ParsedClause] | None = None,
) -> ImportPlan:
    """`place`, then aligned (with the admin's `forced` matches)."""
    return place(parsed, sha256, against=against).aligned(forced)


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


def _layers(clauses: Sequence[ParsedClause]) -> list[list[int]]:
    """Clause indexes by depth: outside sections, then directly in a
    section, then under one parent, two... (a parent always comes first)."""
    depth: list[int] = []
    for clause in clauses:
        if clause.parent is not None:
            depth.append(depth[clause.parent] + 1)
        else:
            depth.append(0 if clause.section is None else 1)
    return [[i for i, d in enumerate(depth) if d == level] for level in range(max(depth) + 1)]


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

    cited = cited_labels(parsed.clauses)
    layers = _layers(parsed.clauses)
    depth = nesting_depths(parsed.clauses)
    rows: dict[int, ClauseVersion] = {}

    def version(index: int, clause: ParsedClause) -> ClauseVersion:
        path = plan.paths[index]
        return ClauseVersion(
            clause_id=clause_ids[index],
            edition=edition,
            order=index,
            kind=clause.kind.value,
            section=rows[clause.section] if clause.section is not None else None,
            parent=rows[clause.parent] if clause.parent is not None else None,
            section_slug=path.split("/", 1)[0]
            if clause.section is not None or clause.kind == Kind.HEADING
            else "",
            label=clause.label,
            cited_label=cited[index] if cited[index] != clause.label else "",
            depth=depth[index],
            path=path,
            text=clause.text,
            match_score=scores[index],
        )

    # Headings first, then each level of nesting, so that every row can
    # point at its stored heading and parent.
    for layer in layers:
        created_rows = {index: version(index, parsed.clauses[index]) for index in layer}
        ClauseVersion.objects.bulk_create(created_rows.values())
        rows.update(created_rows)
    record_changes(resolution)
    return edition


def record_changes(resolution: Resolution) -> None:
    """Store the change counts of each step of the resolution's editions
    that has none stored against its present previous edition: the new
    edition's after a publish or a replacement, and the next edition's
    when the one before it is gone (a withdrawal deletes the stored counts
    that name it). The resolution's page reads them (EditionChanges)."""
    editions = list(resolution.editions.chronological().select_related("changes"))
    pairs = [
        (older, newer)
        for older, newer in zip(editions, editions[1:], strict=False)
        if stored_counts(older, newer) is None
    ]
    EditionChanges.objects.filter(edition__in=[newer for _, newer in pairs]).delete()
    EditionChanges.objects.bulk_create(
        EditionChanges(edition=newer, previous=older, **{name: getattr(counts, name) for name in COUNTED})
        for (older, newer), counts in zip(pairs, count_steps(pairs), strict=True)
    )


def withdrawable(edition: Edition) -> str:
    """Why `edition` cannot be withdrawn ("" when it can): only the newest
    edition of a resolution, and never its only one."""
    editions = list(edition.resolution.editions.chronological())
    if editions[-1].pk != edition.pk:
        return (
            f"Only the newest edition of Resolution {edition.resolution.number} can be withdrawn: "
            f"{editions[-1]} was aligned against this one, so withdraw that first."
        )
    if len(editions) == 1:
        return (
            f"{edition} is the only edition of Resolution {edition.resolution.number}; it can be "
            "replaced (upload a corrected file and tick Replace) but not withdrawn."
        )
    return ""


def withdraw_edition(edition: Edition, *, withdrawn_by: str, reason: str) -> Withdrawal:
    """Take the newest edition of a resolution off the site, in one
    transaction: its rows are deleted (with the clause identities that only
    it had), a `Withdrawal` records what it was, and each file it came from
    says so in its history. Its permalinks then answer 410 Gone
    (not_found.Gone); /latest/ goes to the edition before it."""
    with transaction.atomic():
        locked = (
            Edition.objects.select_for_update().select_related("resolution").filter(pk=edition.pk).first()
        )
        if locked is None:
            raise ImportRefused(f"{edition} was withdrawn or replaced meanwhile; nothing was changed.")
        if refusal := withdrawable(locked):
            raise ImportRefused(refusal)
        resolution = locked.resolution
        sources = list(locked.source_files.all())
        withdrawal = Withdrawal.objects.create(
            resolution=resolution,
            year=locked.year,
            city=locked.city,
            citation_designation=locked.citation_designation,
            title=locked.title,
            clause_count=locked.clause_versions.count(),
            source_name=locked.source_name,
            source_sha256=locked.source_sha256,
            imported_at=locked.imported_at,
            imported_by=locked.imported_by,
            source_file=sources[0] if sources else None,
            withdrawn_by=withdrawn_by,
            reason=reason,
        )
        for source in sources:
            source.record_withdrawal(withdrawal)
        locked.delete()
        Clause.objects.filter(resolution=resolution, versions__isnull=True).delete()
        record_changes(resolution)
        # The resolution's title is its newest edition's.
        resolution.title = resolution.editions.chronological().last().title
        resolution.save(update_fields=["title"])
    return withdrawal
