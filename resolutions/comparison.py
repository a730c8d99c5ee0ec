"""Two stored editions side by side: which clause stands where, and what
changed in it. The compare page, the clause history, the resolution
timeline and the `redline` command all come through here, so a comparison
is computed one way only.

This is the one module that turns stored rows into the plain data the core
modules take (`parsed_clauses`) and their results back into objects the
pages show: `Comparison` (two editions, row by row), `ClauseHistory` (one
clause across every edition) and `Timeline` (a resolution's editions with
the ADD / SUP / MOD / NOC counts of each step, counted without redlining).

Clauses are paired by their stored identity (set at import by the
alignment), not re-aligned, so that 2010 against 2018 pairs the same clauses
as 2010 -> 2014 -> 2018 did.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import NamedTuple

from resolutions.alignment import merge_order, moved_clauses
from resolutions.citations import section_name
from resolutions.document import Kind, ParsedClause, path_anchor
from resolutions.models import (
    ClauseVersion,
    Edition,
    EditionChanges,
    PlainVersion,
    Resolution,
    parsed_clauses,
)
from resolutions.redline import (
    ClauseChange,
    Status,
    clause_status,
    compare_clause,
    counts_as_change,
    texts_differ,
)


def row_anchor(old_path: str | None, new_path: str | None) -> str:
    """The id of a clause's row on the comparison page, from its paths in
    the two editions (None where it is absent)."""
    return path_anchor(new_path) if new_path is not None else f"deleted-{path_anchor(old_path)}"


@dataclass(frozen=True)
class Row:
    old: ClauseVersion | None
    new: ClauseVersion | None
    change: ClauseChange

    @property
    def version(self) -> ClauseVersion:
        """The version that names the row: the new one unless deleted."""
        return self.new or self.old

    @property
    def kind(self) -> str:
        return self.version.kind

    @property
    def anchor(self) -> str:
        return row_anchor(self.old.path if self.old else None, self.new.path if self.new else None)

    @property
    def section_name(self) -> str:
        """The heading of the section the clause sits in, as cited."""
        section = self.version.section
        return section_name(section.text) if section is not None else ""

    @property
    def changed(self) -> bool:
        return self.change.changed


@dataclass(frozen=True)
class ChangeCounts:
    """How many clauses changed between two editions, by the one definition
    of a change (redline.counts_as_change). A clause that keeps its text but
    was relettered or moved is a change, counted apart from the modified ones."""

    added: int = 0
    deleted: int = 0
    modified: int = 0
    relabelled_or_moved_only: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.added + self.deleted + self.modified + self.relabelled_or_moved_only

    @classmethod
    def of(cls, changes: Iterable[tuple[Status, bool, bool]]) -> ChangeCounts:
        """From (status, relabelled, moved) of every clause."""
        counts = Counter()
        for status, relabelled, moved in changes:
            if status == Status.NOC:
                counts[
                    "relabelled_or_moved_only" if counts_as_change(status, relabelled, moved) else "unchanged"
                ] += 1
            else:
                counts[{Status.ADD: "added", Status.SUP: "deleted", Status.MOD: "modified"}[status]] += 1
        return cls(**counts)


# What EditionChanges stores of a ChangeCounts, field for field.
COUNTED = tuple(counted.name for counted in fields(ChangeCounts))


@dataclass(frozen=True)
class SectionSummary:
    name: str
    anchor: str
    counts: Counter = field(default_factory=Counter)


@dataclass(frozen=True)
class Comparison:
    old_edition: Edition
    new_edition: Edition
    rows: tuple[Row, ...]

    @cached_property
    def totals(self) -> Counter:
        return Counter(row.change.status.value for row in self.rows)

    @cached_property
    def counts(self) -> ChangeCounts:
        return ChangeCounts.of(
            (row.change.status, row.change.relabelled, row.change.moved) for row in self.rows
        )

    @cached_property
    def rows_by_new_version(self) -> dict[int, Row]:
        """New clause version id -> its row: what an edition page marks."""
        return {row.new.pk: row for row in self.rows if row.new is not None}

    @cached_property
    def deleted(self) -> list[Row]:
        return [row for row in self.rows if row.new is None]

    @cached_property
    def sections(self) -> list[SectionSummary]:
        """ADD / SUP / MOD / NOC counts per section, front matter first."""
        summaries: list[SectionSummary] = []
        current = SectionSummary("Heading, title and preamble", "")
        summaries.append(current)
        for row in self.rows:
            if row.kind == Kind.HEADING:
                current = SectionSummary(section_name(row.version.text), row.anchor)
                summaries.append(current)
            elif row.kind == Kind.FOOTNOTE and current.name != "Footnotes":
                current = SectionSummary("Footnotes", row.anchor)
                summaries.append(current)
            current.counts[row.change.status.value] += 1
        return [summary for summary in summaries if summary.counts]


class Pair(NamedTuple):
    """One clause of either edition, paired by identity: its plain clause on
    each side (None where absent) and whether the alignment's rule says it moved."""

    old_index: int | None
    new_index: int | None
    old: ParsedClause | None
    new: ParsedClause | None
    moved: bool


def pair_versions(old: Sequence[ClauseVersion], new: Sequence[ClauseVersion]) -> list[Pair]:
    """Two editions' clause versions (each in edition order) paired by clause
    identity, in reading order. Whether a clause moved is decided by the
    alignment's own rule, so a stored comparison says "moved" exactly where
    the import did."""
    old_clauses, new_clauses = parsed_clauses(old), parsed_clauses(new)
    old_index = {version.clause_id: index for index, version in enumerate(old)}
    new_index = {version.clause_id: index for index, version in enumerate(new)}
    indexes = [
        (old_index[o] if o is not None else None, new_index[n] if n is not None else None)
        for o, n in merge_order(list(old_index), list(new_index))
    ]
    moved = moved_clauses(
        old_clauses, new_clauses, {n: o for o, n in indexes if o is not None and n is not None}
    )
    return [
        Pair(
            o,
            n,
            old_clauses[o] if o is not None else None,
            new_clauses[n] if n is not None else None,
            n in moved,
        )
        for o, n in indexes
    ]


def compare_versions(old: Sequence[ClauseVersion], new: Sequence[ClauseVersion]) -> list[Row]:
    """Every clause of either edition, paired by identity, with its redline."""
    return [
        Row(
            old[pair.old_index] if pair.old is not None else None,
            new[pair.new_index] if pair.new is not None else None,
            compare_clause(pair.old, pair.new, moved=pair.moved),
        )
        for pair in pair_versions(old, new)
    ]


class PairChange(NamedTuple):
    """A pair and what the one definition of a change reads of it."""

    pair: Pair
    status: Status
    relabelled: bool

    @property
    def changed(self) -> bool:
        return counts_as_change(self.status, self.relabelled, self.pair.moved)


def pair_changes(old: Sequence[ClauseVersion], new: Sequence[ClauseVersion]) -> list[PairChange]:
    """pair_versions(old, new) with each pair's status and whether its label
    changed, by compare_versions' rules (clause_status, the label
    comparison; the alignment's moves are the pair's) but without any
    redline: what the timeline counts and search's "changed" filter keeps.

    Reads of each version only pk, clause_id, section_id, parent_id and as_parsed(),
    so plain rows that have those serve as well as model instances."""
    return [
        PairChange(
            pair,
            clause_status(pair.old, pair.new),
            pair.old is not None and pair.new is not None and texts_differ(pair.old.label, pair.new.label),
        )
        for pair in pair_versions(old, new)
    ]


def change_counts(
    old: Sequence[ClauseVersion | PlainVersion], new: Sequence[ClauseVersion | PlainVersion]
) -> ChangeCounts:
    """compare_versions(old, new)'s counts, by the same rules but without any redline."""
    return ChangeCounts.of(
        (change.status, change.relabelled, change.pair.moved) for change in pair_changes(old, new)
    )


def compare_editions(
    old_edition: Edition, new_edition: Edition, versions: Mapping[int, list[ClauseVersion]] | None = None
) -> Comparison:
    """`versions`: both editions' versions as ClauseVersionQuerySet.by_edition
    gives them, when the caller has read them already."""
    if versions is None:
        versions = ClauseVersion.objects.by_edition([old_edition, new_edition])
    return Comparison(
        old_edition, new_edition, tuple(compare_versions(versions[old_edition.pk], versions[new_edition.pk]))
    )


@dataclass(frozen=True)
class TimelineStep:
    old_edition: Edition
    new_edition: Edition
    counts: ChangeCounts


@dataclass(frozen=True)
class Timeline:
    """A resolution's editions, oldest first, and what changed at each step."""

    resolution: Resolution
    editions: list[Edition]
    steps: list[TimelineStep]

    @property
    def entries(self) -> list[tuple[Edition, TimelineStep | None]]:
        """Each edition with the step from it to the next (None: the newest)."""
        return list(zip(self.editions, [*self.steps, None], strict=False))


def resolution_timeline(resolution: Resolution) -> Timeline:
    """Each step's counts as stored when its editions were written
    (EditionChanges), in the query that reads the editions; a step with
    none stored (or stored against another previous edition) is counted
    here, all such steps from one more query."""
    return timeline_of(resolution, list(resolution.editions.chronological().select_related("changes")))


def timeline_of(resolution: Resolution, editions: list[Edition]) -> Timeline:
    """resolution_timeline, given the resolution's editions, oldest first,
    read with select_related("changes")."""
    pairs = list(zip(editions, editions[1:], strict=False))
    counts = {newer.pk: stored_counts(older, newer) for older, newer in pairs}
    unrecorded = [(older, newer) for older, newer in pairs if counts[newer.pk] is None]
    counts.update(
        (newer.pk, step) for (_, newer), step in zip(unrecorded, count_steps(unrecorded), strict=True)
    )
    steps = [TimelineStep(older, newer, counts[newer.pk]) for older, newer in pairs]
    return Timeline(resolution, editions, steps)


def stored_counts(older: Edition, newer: Edition) -> ChangeCounts | None:
    """The counts stored for the step older -> newer, if they were counted
    against `older` (read with select_related("changes"))."""
    stored: EditionChanges | None = getattr(newer, "changes", None)
    if stored is None or stored.previous_id != older.pk:
        return None
    return ChangeCounts(**{name: getattr(stored, name) for name in COUNTED})


def count_steps(pairs: Sequence[tuple[Edition, Edition]]) -> list[ChangeCounts]:
    """change_counts of each (older, newer) pair of editions, from plain
    rows read in one query (none when there is no pair)."""
    if not pairs:
        return []
    versions = ClauseVersion.objects.plain_by_edition(list({edition for pair in pairs for edition in pair}))
    return [change_counts(versions[older.pk], versions[newer.pk]) for older, newer in pairs]


@dataclass(frozen=True)
class HistoryStep:
    """One clause between two consecutive editions."""

    old_edition: Edition
    new_edition: Edition
    row: Row


@dataclass(frozen=True)
class OtherEdition:
    """Where a clause stands in another edition of its resolution: its
    version there, or that it was deleted in it, or not yet there."""

    edition: Edition
    version: ClauseVersion | None = None
    deleted: bool = False


@dataclass(frozen=True)
class ClauseHistory:
    version: ClauseVersion
    editions: list[Edition]  # all of the resolution's, oldest first
    steps: list[HistoryStep]
    elsewhere: list[OtherEdition]

    @property
    def newest_edition(self) -> Edition:
        return self.editions[-1]

    def version_in(self, edition: Edition) -> ClauseVersion | None:
        """The clause as it stands in `edition`, if it is there."""
        if edition == self.version.edition:
            return self.version
        return next((other.version for other in self.elsewhere if other.edition == edition), None)

    @property
    def deleted_in(self) -> Edition | None:
        """The edition that deleted the clause, if one did."""
        return next((other.edition for other in self.elsewhere if other.deleted), None)


def clause_history(version: ClauseVersion) -> ClauseHistory:
    """One clause (by identity) across every edition of its resolution: the
    redline of each step in which it exists on either side, and where it
    stands in the other editions. Two queries, however many editions."""
    editions = list(version.edition.resolution.editions.chronological())
    others = (
        ClauseVersion.objects.filter(clause_id=version.clause_id)
        .exclude(pk=version.pk)
        .select_related("section")
        .order_by()
    )
    return history_of(version, editions, {version.edition_id: version, **by_edition_among(others, editions)})


def clause_history_at(edition: Edition, editions: list[Edition], path: str) -> ClauseHistory | None:
    """clause_history of the clause at `path` in `edition`, one of `editions`
    (its resolution's, oldest first, as a page has read them already), or
    None where the edition has no clause there. One query: the versions of
    whichever clause stands at that address."""
    versions = by_edition_among(ClauseVersion.objects.of_clause_at(edition.pk, path), editions)
    version = versions.get(edition.pk)
    return history_of(version, editions, versions) if version is not None else None


def by_edition_among(versions: Iterable[ClauseVersion], editions: list[Edition]) -> dict[int, ClauseVersion]:
    """One clause's `versions` by edition id, each linked to its edition
    among `editions` (which share the resolution) rather than joined to a
    copy of both. (One query with FilteredRelation instead cost as much to
    compile as two.)"""
    edition_of = {edition.pk: edition for edition in editions}
    edition_field = ClauseVersion.edition.field
    by_edition = {}
    for version in versions:
        edition_field.set_cached_value(version, edition_of[version.edition_id])
        by_edition[version.edition_id] = version
    return by_edition


def history_of(
    version: ClauseVersion, editions: list[Edition], versions: dict[int, ClauseVersion]
) -> ClauseHistory:
    """The clause history of `version`, given its clause's `versions` by edition id."""
    steps = []
    for older, newer in zip(editions, editions[1:], strict=False):
        before, after = versions.get(older.pk), versions.get(newer.pk)
        if before is not None or after is not None:
            (row,) = compare_versions([before] if before else [], [after] if after else [])
            steps.append(HistoryStep(older, newer, row))
    return ClauseHistory(version, editions, steps, other_editions(version.edition, editions, versions))


def other_editions(
    edition: Edition, editions: list[Edition], versions: dict[int, ClauseVersion]
) -> list[OtherEdition]:
    """The clause in every edition but `edition`: its version where it has
    one, the first edition after its last version as the one that deleted
    it, and the editions before its first version as not yet having it."""
    present = [e for e in editions if e.pk in versions]
    elsewhere: list[OtherEdition] = []
    for other in editions:
        if other.pk == edition.pk:
            continue
        if other.pk in versions:
            elsewhere.append(OtherEdition(other, version=versions[other.pk]))
        elif other.year > present[-1].year and not any(item.deleted for item in elsewhere):
            elsewhere.append(OtherEdition(other, deleted=True))
        elif other.year < present[0].year:
            elsewhere.append(OtherEdition(other))
    return elsewhere
