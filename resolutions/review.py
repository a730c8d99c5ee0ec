"""An upload under review: from the admin's file to a draft, the draft's
review (how the file was read and matched), and its publication.

Plain functions around the importer: the reading, the plan and the write
are `resolutions.importing`'s, the redline is `redline.compare_clause`'s.
Nothing here is written before `publish`, except the draft itself.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from resolutions.alignment import AlignmentError, Match
from resolutions.citations import clause_reference
from resolutions.document import Kind, ParsedClause, ParseError, clause_paths
from resolutions.importing import (
    FilePlan,
    ImportRefused,
    ImportResult,
    import_reading,
    plan_file,
    read_file,
    sha256_of,
)
from resolutions.models import Draft, Edition, SourceFile
from resolutions.parsing.formats import Reading
from resolutions.redline import ClauseChange, compare_clause

EXTENSIONS = {"docx": ".docx", "html": ".html", "text": ".txt"}


def already_uploaded(sha256: str) -> str:
    """Why a file with this sha256 cannot be uploaded again ("" when it can)."""
    edition = Edition.objects.filter(source_sha256=sha256).select_related("resolution").first()
    if edition is not None:
        return (
            f"This file is already imported: it is {edition}, imported "
            f"{edition.imported_at:%Y-%m-%d %H:%M} UTC by {edition.imported_by}."
        )
    draft = Draft.objects.filter(source__sha256=sha256).select_related("source").first()
    if draft is not None:
        return (
            f"This file is already under review: {draft}, uploaded "
            f"{draft.created_at:%Y-%m-%d %H:%M} UTC by {draft.created_by}. Publish or discard that draft "
            "(Drafts, in the admin) first."
        )
    return ""


def create_draft(data: bytes, *, filename: str, user: str, marks: str = "tracked", body: str = "") -> Draft:
    """Read the upload (outside any transaction), then keep it as a draft.

    Raises ParseError for a file that cannot be read and ImportRefused for
    one already imported or under review; neither leaves anything behind.
    """
    purge_expired()
    sha256 = sha256_of(data)
    if reason := already_uploaded(sha256):
        raise ImportRefused(reason)
    reading = read_file(data, filename=filename, body=body or None, marks=marks)
    revised, base = reading.revised, reading.base
    source = SourceFile(
        original_name=filename[:255],
        format=reading.format,
        size=len(data),
        sha256=sha256,
        uploaded_by=user,
    )
    # The file first, under a name of our own; the rows in one transaction;
    # the file removed again if they fail.
    source.file.save(f"{uuid.uuid4().hex}{EXTENSIONS[reading.format]}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            source.save()
            draft = Draft(
                source=source,
                marks=marks,
                body=revised.body,
                number=revised.number,
                city=revised.city,
                year=revised.year,
                base_city=base.city if base else "",
                base_year=base.year if base else None,
                created_by=user,
            )
            draft.touch()
            draft.save()
    except BaseException:
        source.file.storage.delete(source.file.name)
        raise
    return draft


def draft_reading(draft: Draft) -> Reading:
    """The stored file read again, with the admin's corrections applied."""
    try:
        with draft.source.file.open("rb") as stored:
            data = stored.read()
    except OSError as error:
        raise ParseError(
            f"the uploaded file is missing from the server's storage ({error.strerror or error}); "
            "discard this draft and upload the file again",
            source=draft.source.original_name,
        ) from error
    reading = read_file(data, filename=draft.source.original_name, body=draft.body, marks=draft.marks)
    revised = dataclasses.replace(reading.revised, number=draft.number, city=draft.city, year=draft.year)
    base = reading.base
    if base is not None:
        base = dataclasses.replace(
            base, number=draft.number, city=draft.base_city or base.city, year=draft.base_year or base.year
        )
    return Reading(reading.format, revised, base)


def purge_expired() -> int:
    """Discard every expired draft and its file; how many there were."""
    count = 0
    for draft in Draft.objects.expired().select_related("source"):
        with transaction.atomic():
            draft.discard()
        count += 1
    return count


# ---------------------------------------------------------------- the review


@dataclass(frozen=True)
class ClauseInfo:
    """One clause as the review shows it."""

    index: int
    clause: ParsedClause
    reference: tuple[str, str]  # (italic, plain): ("noting", "c)")

    @property
    def kind(self) -> str:
        return self.clause.kind.value

    @property
    def name(self) -> str:
        """ "noting c)", "title", "resolves"."""
        return " ".join(part for part in self.reference if part)

    @property
    def choice_label(self) -> str:
        """How the re-match list names it: its reference and how it begins."""
        if self.clause.kind == Kind.HEADING:
            return f"{self.name} (the heading)"
        text = self.clause.text if len(self.clause.text) <= 60 else f"{self.clause.text[:59]}…"
        return f"{self.name} — {text}"


@dataclass(frozen=True)
class Row:
    match: Match
    old: ClauseInfo | None
    new: ClauseInfo | None
    change: ClauseChange
    forced: bool  # the admin chose this match

    @property
    def anchor(self) -> str:
        return f"new-{self.new.index}" if self.new else f"old-{self.old.index}"

    @property
    def uncertain(self) -> bool:
        return self.match.uncertain

    @property
    def score_percent(self) -> int:
        return round(self.match.score * 100)


@dataclass(frozen=True)
class Review:
    draft: Draft
    reading: Reading | None
    plan: FilePlan | None
    rows: tuple[Row, ...] = ()
    old_clauses: tuple[ClauseInfo, ...] = ()
    # Why it cannot be published as it stands ("" when it can).
    problem: str = ""

    @property
    def against(self) -> str:
        """What the new clauses were matched to, in words."""
        if self.plan is None:
            return ""
        if self.plan.revised.against_file:
            base = self.reading.base
            return f"Resolution {base.number} ({base.designation}), the base text in this file"
        if self.plan.revised.base is not None:
            return f"{self.plan.revised.base}, as published"
        return ""

    @property
    def new_count(self) -> int:
        return len(self.reading.revised.clauses) if self.reading else 0

    @property
    def uncertain_rows(self) -> list[Row]:
        return [row for row in self.rows if row.uncertain]

    def old_choices(self) -> list[tuple[str, list[ClauseInfo]]]:
        """The old clauses grouped by section, for the re-match list."""
        groups: list[tuple[str, list[ClauseInfo]]] = []
        for info in self.old_clauses:
            clause = info.clause
            if clause.kind == Kind.FOOTNOTE:
                name = "Footnotes"
            elif clause.section is None and clause.kind != Kind.HEADING:
                name = "Resolution line, title and preamble"
            else:
                name = info.reference[0] or "Section"
            if not groups or groups[-1][0] != name:
                groups.append((name, []))
            groups[-1][1].append(info)
        return groups


def clause_infos(clauses: tuple[ParsedClause, ...]) -> tuple[ClauseInfo, ...]:
    paths = clause_paths(clauses)
    infos = []
    for index, clause in enumerate(clauses):
        heading = clause.text if clause.kind == Kind.HEADING else ""
        if clause.section is not None:
            heading = clauses[clause.section].text
        infos.append(
            ClauseInfo(index, clause, clause_reference(clause.kind, clause.label, heading, paths[index]))
        )
    return tuple(infos)


def review(draft: Draft, forced: dict[int, int | None] | None = None) -> Review:
    """Read the draft's file and match it as publishing would, with the
    draft's forced matches (or `forced`, to try some before saving them).
    AlignmentError (a forced match that cannot be) propagates when `forced`
    is given; the draft's own matches that no longer fit are a problem."""
    trying = forced is not None
    forced = draft.forced_matches() if forced is None else forced
    try:
        reading = draft_reading(draft)
    except ParseError as error:
        return Review(draft, None, None, problem=f"The file can no longer be read: {error.message}")
    try:
        plan = plan_file(reading, draft.source.sha256, forced=forced)
    except ImportRefused as error:
        return Review(draft, reading, None, problem=str(error))
    except AlignmentError as error:
        if trying:
            raise
        return Review(
            draft, reading, None, problem=f"Your corrections to the matching no longer fit: {error}"
        )
    revised = plan.revised
    old = clause_infos(revised.base_clauses)
    new = clause_infos(revised.parsed.clauses)
    rows = tuple(
        Row(
            match=match,
            old=old[match.old] if match.old is not None else None,
            new=new[match.new] if match.new is not None else None,
            change=compare_clause(
                revised.base_clauses[match.old] if match.old is not None else None,
                revised.parsed.clauses[match.new] if match.new is not None else None,
                moved=match.moved,
            ),
            forced=match.new in forced,
        )
        for match in revised.matches
    )
    problem = ""
    if revised.is_reimport:
        problem = f"{revised.existing} is already imported from this very file; there is nothing to publish."
    return Review(draft, reading, plan, rows, old, problem)


# ---------------------------------------------------------------- publishing


def publish(draft: Draft, *, user: str, replace: bool, reviewed: str) -> list[ImportResult]:
    """Import the draft's file as reviewed, in one short transaction, and
    keep the file as the record of what it produced.

    The file is parsed before the transaction. Inside it, the draft is
    locked (PostgreSQL; SQLite's IMMEDIATE transactions already serialise
    writers), so that of two admins publishing it at once one publishes and
    the other is told it is gone.
    """
    reading = draft_reading(draft)
    with transaction.atomic():
        locked = Draft.objects.select_for_update().filter(pk=draft.pk).select_related("source").first()
        if locked is None:
            raise ImportRefused("This draft was published or discarded meanwhile.")
        source = locked.source
        results = import_reading(
            reading,
            source.sha256,
            source_name=source.original_name,
            imported_by=user,
            provenance=locked.provenance,
            replace=replace,
            forced=locked.forced_matches(),
            reviewed=reviewed,
        )
        produced = [result.edition for result in results if result.changed]
        if not produced:
            raise ImportRefused("Nothing to publish: every edition in this file is already imported.")
        source.published_at = timezone.now()
        source.produced = "\n".join(str(edition) for edition in produced)
        source.save(update_fields=["published_at", "produced"])
        source.editions.add(*produced)
        locked.delete()
    return results
