"""Two stored editions side by side: which clause stands where, and what
changed in it. The compare page, the clause history, the resolution
timeline and the `redline` command all come through here, so a comparison
is computed one way only.

Clauses are paired by their stored identity (set at import by the
alignment), not re-aligned, so that 2010 against 2018 pairs the same clauses
as 2010 -> 2014 -> 2018 did.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from resolutions.alignment import merge_order, moved_clauses
from resolutions.citations import section_name
from resolutions.document import Kind
from resolutions.models import ClauseVersion, Edition, parsed_clauses
from resolutions.redline import ClauseChange, Status, compare_clause


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
        if self.new is not None:
            return self.new.anchor
        return f"deleted-{self.old.anchor}"

    @property
    def section_name(self) -> str:
        """The heading of the section the clause sits in, as cited."""
        section = self.version.section
        return section_name(section.text) if section is not None else ""

    @property
    def changed(self) -> bool:
        return self.change.status != Status.NOC or self.change.relabelled or self.change.moved


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
    def changed_count(self) -> int:
        return sum(row.changed for row in self.rows)

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


def compare_versions(old: Sequence[ClauseVersion], new: Sequence[ClauseVersion]) -> list[Row]:
    """Pair two editions' clause versions (each in edition order) by clause
    identity, in reading order, with the redline of each pair. Whether a
    clause moved is decided by the alignment's own rule, so a stored
    comparison says "moved" exactly where the import did."""
    old_clauses, new_clauses = parsed_clauses(old), parsed_clauses(new)
    old_index = {version.clause_id: index for index, version in enumerate(old)}
    new_index = {version.clause_id: index for index, version in enumerate(new)}
    pairs = {new_index[key]: index for key, index in old_index.items() if key in new_index}
    moved = moved_clauses(old_clauses, new_clauses, pairs)
    rows: list[Row] = []
    for old_key, new_key in merge_order(list(old_index), list(new_index)):
        o = old_index[old_key] if old_key is not None else None
        n = new_index[new_key] if new_key is not None else None
        change = compare_clause(
            old_clauses[o] if o is not None else None,
            new_clauses[n] if n is not None else None,
            moved=n in moved,
        )
        rows.append(Row(old[o] if o is not None else None, new[n] if n is not None else None, change))
    return rows


def compare_editions(old_edition: Edition, new_edition: Edition) -> Comparison:
    versions = list(
        ClauseVersion.objects.filter(edition__in=[old_edition, new_edition])
        .select_related("section", "edition__resolution")
        .order_by("edition_id", "order")
    )
    old = [version for version in versions if version.edition_id == old_edition.pk]
    new = [version for version in versions if version.edition_id == new_edition.pk]
    return Comparison(old_edition, new_edition, tuple(compare_versions(old, new)))
