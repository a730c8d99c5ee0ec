"""Drafts: an upload under review, from the admin's file to its
publication. Plain functions and dataclasses around the importer: the
reading, the placement, the plan and the write are `resolutions.importing`'s,
the redline is `redline.compare_clause`'s. Nothing here is written before
`publish`, except the draft itself.

A draft keeps only the admin's choices; its file is read again whenever it
is needed, since parsing is the one source of truth. One request reads it
once: `open_draft` reads the file, applies the admin's details and places
the edition among the stored ones (lookups, no alignment): enough to check
a form. `DraftFile.review` then aligns and redlines it: a `DraftReview`,
what the review page shows, made at most once per request.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction

from resolutions.alignment import AlignmentError, Match
from resolutions.citations import clause_reference
from resolutions.consistency import ConsistencyWarning
from resolutions.document import (
    Kind,
    ParsedClause,
    ParseError,
    cited_labels,
    clause_paths,
    nesting_depths,
)
from resolutions.importing import (
    FilePlacement,
    FilePlan,
    ImportRefused,
    ImportResult,
    SourceRecord,
    import_reading,
    place_file,
    plan_warnings,
    read_file,
)
from resolutions.models import Draft, Edition
from resolutions.parsing import Reading, RevisionMarks
from resolutions.redline import ClauseChange, Status, compare_clause


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


def create_draft(
    data: bytes, *, filename: str, user: str, marks: RevisionMarks = RevisionMarks.TRACKED, body: str = ""
) -> Draft:
    """Read the upload (outside any transaction), then keep it as a draft.

    Raises ParseError for a file that cannot be read and ImportRefused for
    one already imported or under review; neither leaves anything behind.
    """
    purge_expired()
    record = SourceRecord(data, filename=filename, user=user)
    if reason := already_uploaded(record.sha256):
        raise ImportRefused(reason)
    reading = read_file(data, filename=filename, body=body or None, marks=marks)
    if not reading.format.carries_marks:
        # The form asks for every file; a plain-text one has no marks to read.
        marks = RevisionMarks.TRACKED
    revised, base = reading.revised, reading.base
    with record.transaction():
        draft = Draft(
            source=record.keep(reading.format),
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
    return draft


def read_stored_file(draft: Draft) -> Reading:
    """The draft's file read again, as it reads (without the admin's details)."""
    try:
        with draft.source.file.open("rb") as stored:
            data = stored.read()
    except OSError as error:
        raise ParseError(
            f"the uploaded file is missing from the server's storage ({error.strerror or error}); "
            "discard this draft and upload the file again",
            source=draft.source.original_name,
        ) from error
    return read_file(data, filename=draft.source.original_name, body=draft.body, marks=draft.marks)


def with_details(reading: Reading, draft: Draft) -> Reading:
    """The file's reading with the admin's corrections to the details."""
    revised = dataclasses.replace(
        reading.revised, body=draft.body, number=draft.number, city=draft.city, year=draft.year
    )
    base = reading.base
    if base is not None:
        base = dataclasses.replace(
            base,
            body=draft.body,
            number=draft.number,
            city=draft.base_city or base.city,
            year=draft.base_year or base.year,
        )
    return Reading(reading.format, revised, base)


def draft_reading(draft: Draft) -> Reading:
    """The stored file read again, with the admin's corrections applied."""
    return with_details(read_stored_file(draft), draft)


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
    depth: int = 0  # how many parents: the review indents by it

    @property
    def kind(self) -> str:
        return self.clause.kind.value

    @property
    def name(self) -> str:
        """ "noting c)", "title", "resolves"."""
        return " ".join(part for part in self.reference if part)

    @property
    def choice_text(self) -> str:
        """Its text in the re-match list, cut only when very long (at a
        word), so that clauses that begin alike can still be told apart."""
        if self.clause.kind == Kind.HEADING:
            return "(the heading)"
        return shortened(self.clause.text, CHOICE_TEXT_CHARS)


# Enough for two or three lines of a clause: where near-identical clauses
# (recognizing a) and b) of two editions) differ.
CHOICE_TEXT_CHARS = 240


def shortened(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return f"{cut}…"


@dataclass(frozen=True)
class OldChoice:
    """An old clause in one new clause's re-match list: what taking it
    would mean (`state`), from the new clause it is matched to now."""

    info: ClauseInfo
    # The new clause it is matched to now; None: no new clause has it, so it
    # stands as deleted and is free to take.
    matched_to: ClauseInfo | None
    state: str  # "free", "current" (this clause's match), "matched" (another's)

    @property
    def index(self) -> int:
        return self.info.index

    @property
    def label(self) -> str:
        if self.state == "free":
            note = "free, deleted as matched now"
        elif self.state == "current":
            note = "matched to this clause now"
        else:
            note = f"matched to new {self.matched_to.name}"
        return f"{self.info.name} [{note}] — {self.info.choice_text}"


@dataclass(frozen=True)
class ReviewRow:
    """One row of the review: a match, its clauses and its redline."""

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
    def depth(self) -> int:
        return (self.new or self.old).depth

    @property
    def score_percent(self) -> int:
        return round(self.match.score * 100)


@dataclass(frozen=True)
class DraftFile:
    """A draft's file read once, with the admin's details, and placed among
    the stored editions: what every use of the draft in one request shares.
    When it cannot be read or placed, `problem` says why."""

    draft: Draft
    # The file as it reads, before the admin's details are applied.
    as_read: Reading | None
    reading: Reading | None
    placement: FilePlacement | None
    problem: str = ""

    @property
    def new_count(self) -> int:
        return len(self.reading.revised.clauses) if self.reading else 0

    @property
    def old_count(self) -> int:
        return len(self.placement.revised.base_clauses) if self.placement else 0

    @property
    def base_is_new(self) -> bool:
        """Whether the file's base text is to be published too (so its details
        are the admin's to correct); when it cannot be placed, it may be."""
        if self.draft.base_year is None:
            return False
        return self.placement is None or self.placement.base is not None

    def with_details(self, draft: Draft) -> DraftFile:
        """The same file with other details: placed again, not read again."""
        if self.as_read is None:
            return dataclasses.replace(self, draft=draft)
        return _placed(draft, self.as_read)

    def review(self, forced: Mapping[int, int | None] | None = None) -> DraftReview:
        """Match the file as publishing would, with the draft's forced matches
        (or `forced`, to try some before saving them), and redline every row.
        AlignmentError (a forced match that cannot be) propagates when `forced`
        is given; the draft's own matches that no longer fit are a problem."""
        if self.placement is None:
            return DraftReview(self, None, problem=self.problem)
        trying = forced is not None
        forced = self.draft.forced_matches() if forced is None else forced
        try:
            plan = self.placement.aligned(forced)
        except AlignmentError as error:
            if trying:
                raise
            return DraftReview(self, None, problem=f"Your corrections to the matching no longer fit: {error}")
        old = clause_infos(plan.revised.base_clauses)
        problem = ""
        if plan.revised.is_reimport:
            problem = f"{plan.revised.existing} is already imported from this very file; there is nothing to publish."
        return DraftReview(self, plan, review_rows(plan, old, forced), old, problem)


def open_draft(draft: Draft) -> DraftFile:
    """Read the draft's file once and place it (see DraftFile)."""
    try:
        as_read = read_stored_file(draft)
    except ParseError as error:
        return DraftFile(draft, None, None, None, problem=f"The file can no longer be read: {error.message}")
    return _placed(draft, as_read)


def _placed(draft: Draft, as_read: Reading) -> DraftFile:
    reading = with_details(as_read, draft)
    try:
        placement = place_file(reading, draft.source.sha256)
    except ImportRefused as error:
        return DraftFile(draft, as_read, reading, None, problem=str(error))
    return DraftFile(draft, as_read, reading, placement)


def review_draft(draft: Draft, forced: Mapping[int, int | None] | None = None) -> DraftReview:
    """Read, match and redline the draft: the whole review, in one call."""
    return open_draft(draft).review(forced)


def keep_details(opened: DraftFile) -> bool:
    """Save the details the admin set on the draft since it was opened. When
    they change what the edition is matched against, the admin's corrections
    to the matching were made for another edition and are reset; whether
    they were."""
    draft = opened.draft
    after = opened.with_details(draft)
    reset = bool(
        draft.forced
        and opened.placement is not None
        and after.placement is not None
        and opened.placement.review_key != after.placement.review_key
    )
    if reset:
        draft.forced = {}
    draft.touch()
    draft.save()
    return reset


def review_rows(
    plan: FilePlan, old: tuple[ClauseInfo, ...], forced: Mapping[int, int | None]
) -> tuple[ReviewRow, ...]:
    revised = plan.revised
    new = clause_infos(revised.parsed.clauses)
    return tuple(
        ReviewRow(
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


# The review page's filters, by the value of its `show` parameter.
ROW_FILTERS = ("all", "changes", "uncertain")


@dataclass(frozen=True)
class RowFilter:
    """One of the review's filters: its rows, and whether it is the one shown."""

    key: str  # ROW_FILTERS
    label: str
    rows: list[ReviewRow]
    current: bool


@dataclass(frozen=True)
class DraftReview:
    """How the draft's file was read and matched, as the review page shows
    it, and why it cannot be published as it stands (`problem`, "" when it
    can). `plan` is None when it could not be matched."""

    file: DraftFile
    plan: FilePlan | None
    rows: tuple[ReviewRow, ...] = ()
    old_clauses: tuple[ClauseInfo, ...] = ()
    problem: str = ""

    @property
    def draft(self) -> Draft:
        return self.file.draft

    @property
    def reading(self) -> Reading | None:
        return self.file.reading

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
    def warnings(self) -> tuple[ConsistencyWarning, ...]:
        """What looks wrong in the file (resolutions.consistency): to be
        acknowledged before it is published."""
        if self.plan is None:
            return ()
        return plan_warnings(self.plan, self.reading)

    def status_counts(self) -> list[tuple[Status, int]]:
        """How many rows are ADD, SUP, MOD and NOC, in that order."""
        statuses = [row.change.status for row in self.rows]
        return [(status, statuses.count(status)) for status in Status]

    @property
    def uncertain_rows(self) -> list[ReviewRow]:
        return [row for row in self.rows if row.uncertain]

    def filters(self, shown: str) -> list[RowFilter]:
        """The review's filters, each with its rows; `shown` is the one chosen."""
        return [
            RowFilter(key, label, rows, key == shown)
            for key, label, rows in (
                ("all", "All rows", list(self.rows)),
                ("changes", "Changes only", [row for row in self.rows if row.change.changed]),
                ("uncertain", "Uncertain matches only", self.uncertain_rows),
            )
        ]

    def row_of(self, new: int) -> ReviewRow | None:
        """The row of new clause `new`, if there is one."""
        return next((row for row in self.rows if row.new is not None and row.new.index == new), None)

    def old_choices(self, new: int) -> list[tuple[str, list[OldChoice]]]:
        """The old clauses in order, grouped by section, for new clause
        `new`'s re-match list, each saying whether it is free (no new clause
        has it: deleted as matched now), this clause's match, or another's."""
        partner = {row.old.index: row.new for row in self.rows if row.old is not None and row.new}
        groups: list[tuple[str, list[OldChoice]]] = []
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
            matched_to = partner.get(info.index)
            state = "free" if matched_to is None else "current" if matched_to.index == new else "matched"
            groups[-1][1].append(OldChoice(info, matched_to, state))
        return groups


def clause_infos(clauses: tuple[ParsedClause, ...]) -> tuple[ClauseInfo, ...]:
    """Each clause named as it is cited, its parents' labels and all
    ("resolves 1 a) i)"), so the review shows where a nested clause is."""
    paths, cited, depths = clause_paths(clauses), cited_labels(clauses), nesting_depths(clauses)
    infos = []
    for index, clause in enumerate(clauses):
        heading = clause.text if clause.kind == Kind.HEADING else ""
        if clause.section is not None:
            heading = clauses[clause.section].text
        infos.append(
            ClauseInfo(
                index,
                clause,
                clause_reference(clause.kind, cited[index], heading, paths[index]),
                depths[index],
            )
        )
    return tuple(infos)


# ---------------------------------------------------------------- publishing


def publish(
    draft: Draft, *, user: str, replace: bool, reviewed: str, accept_warnings: bool = False
) -> list[ImportResult]:
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
            accept_warnings=accept_warnings,
        )
        produced = [result.edition for result in results if result.changed]
        if not produced:
            raise ImportRefused("Nothing to publish: every edition in this file is already imported.")
        source.record_publication(produced)
        locked.delete()
    return results
