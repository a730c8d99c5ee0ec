"""Everything as JSON-ready plain data: the read-only API's documents.

One serializer per object, each the only place that says how its object
looks in JSON: `resolution_as_dict`, `edition_as_dict`, `clause_as_dict`,
`row_as_dict` (a clause compared, with its operations and ITU status) and
`change_as_dict` / `op_as_dict` under it. The `*_document` functions put
them together into what each page's JSON answers, and the `redline`
command's `--format json` prints `rows_as_dicts`. docs/api.schema.json
describes every document; the tests validate each response against it.

Addresses are site-relative paths ("/pp/102/2014/noting/b/"), so that a
document reads the same whichever host serves it (and keeps one ETag).
A clause's text keeps its footnote references as "[^1]": footnote 1 of the
same edition, at path "footnote/1".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from django.urls import reverse

from resolutions.comparison import ChangeCounts, ClauseHistory, Comparison, Row, Timeline
from resolutions.models import ClauseVersion, Edition, Resolution
from resolutions.redline import ClauseChange, Op, Status


def op_as_dict(op: Op) -> dict[str, str]:
    return {"tag": str(op.tag), "old": op.old, "new": op.new}


def change_as_dict(change: ClauseChange) -> dict:
    return {
        "status": str(change.status),
        "old_label": change.old_label,
        "new_label": change.new_label,
        "relabelled": change.relabelled,
        "moved": change.moved,
        "rewritten": change.rewritten,
        "punctuation_only": change.punctuation_only,
        "words_deleted": change.words_deleted,
        "words_inserted": change.words_inserted,
        "label_ops": [op_as_dict(op) for op in change.label_ops],
        "ops": [op_as_dict(op) for op in change.ops],
    }


def row_as_dict(row: Row) -> dict:
    return {
        "old_path": row.old.path if row.old else None,
        "new_path": row.new.path if row.new else None,
        "kind": row.kind,
        "section_name": row.section_name,
        "changed": row.changed,
        "flags": row.change.flags,
        **change_as_dict(row.change),
        "old": clause_as_dict(row.old) if row.old else None,
        "new": clause_as_dict(row.new) if row.new else None,
    }


def rows_as_dicts(rows: Iterable[Row]) -> list[dict]:
    return [row_as_dict(row) for row in rows]


def totals_as_dict(counts: Counter) -> dict[str, int]:
    """ADD / SUP / MOD / NOC, every one present."""
    return {status.value: counts.get(status.value, 0) for status in Status}


def counts_as_dict(counts: ChangeCounts) -> dict[str, int]:
    """The changes as the pages count them: a clause only relettered or
    moved is a change, apart from the modified ones."""
    return {
        "added": counts.added,
        "deleted": counts.deleted,
        "modified": counts.modified,
        "relabelled_or_moved_only": counts.relabelled_or_moved_only,
        "unchanged": counts.unchanged,
        "changed": counts.changed,
    }


# ---------------------------------------------------------------- objects


def resolution_as_dict(resolution: Resolution) -> dict:
    return {
        "body": resolution.body,
        "body_name": resolution.get_body_display(),
        "number": resolution.number,
        "title": resolution.title,
        "url": resolution.get_absolute_url(),
        "json": reverse("resolutions:resolution-json", args=[resolution.body, resolution.number]),
    }


def edition_as_dict(edition: Edition) -> dict:
    """Needs `resolution` loaded (select_related)."""
    resolution = edition.resolution
    args = [resolution.body, resolution.number, edition.year]
    return {
        "year": edition.year,
        "city": edition.city,
        "designation": edition.designation,
        "citation": edition.citation_designation,
        "title": edition.title,
        "provenance": edition.provenance,
        "url": edition.get_absolute_url(),
        "json": reverse("resolutions:edition-json", args=args),
        "docx": reverse("resolutions:edition-docx", args=args),
        "text": reverse("resolutions:edition-text", args=args),
    }


def clause_as_dict(version: ClauseVersion) -> dict:
    """Needs `section` and `edition__resolution` loaded (select_related)."""
    edition = version.edition
    italic, plain = version.reference
    return {
        "path": version.path,
        "kind": version.kind,
        "depth": version.depth,
        "label": version.label,
        "text": version.text,
        "section": version.section.path if version.section_id else None,
        "reference": {"italic": italic, "plain": plain},
        "citation": version.citation,
        "url": version.get_absolute_url(),
        "json": reverse(
            "resolutions:clause-json",
            args=[edition.resolution.body, edition.resolution.number, edition.year, version.path],
        ),
    }


def comparison_urls(old: Edition, new: Edition) -> dict[str, str]:
    args = [new.resolution.body, new.resolution.number, old.year, new.year]
    return {
        "url": reverse("resolutions:compare", args=args),
        "json": reverse("resolutions:compare-json", args=args),
        "docx": reverse("resolutions:compare-docx", args=args),
    }


# ---------------------------------------------------------------- documents


def index_document(resolutions: Iterable[Resolution]) -> dict:
    """Every resolution with its editions (prefetched, oldest first)."""
    return {
        "resolutions": [
            {
                **resolution_as_dict(resolution),
                "editions": [edition_as_dict(edition) for edition in resolution.editions.all()],
            }
            for resolution in resolutions
        ]
    }


def resolution_document(timeline: Timeline) -> dict:
    return {
        "resolution": resolution_as_dict(timeline.resolution),
        "editions": [edition_as_dict(edition) for edition in timeline.editions],
        "changes": [
            {
                "old_year": step.old_edition.year,
                "new_year": step.new_edition.year,
                "counts": counts_as_dict(step.counts),
                **comparison_urls(step.old_edition, step.new_edition),
            }
            for step in timeline.steps
        ],
    }


def edition_document(edition: Edition, versions: Sequence[ClauseVersion]) -> dict:
    """The edition and all its clauses in order, footnotes last."""
    return {
        "resolution": resolution_as_dict(edition.resolution),
        "edition": edition_as_dict(edition),
        "clauses": [clause_as_dict(version) for version in versions],
    }


def section_document(heading: ClauseVersion, members: Sequence[ClauseVersion]) -> dict:
    edition = heading.edition
    return {
        "resolution": resolution_as_dict(edition.resolution),
        "edition": edition_as_dict(edition),
        "section": clause_as_dict(heading),
        "clauses": [clause_as_dict(version) for version in members],
    }


def clause_document(history: ClauseHistory, footnotes: Sequence[ClauseVersion]) -> dict:
    """A clause, the footnotes its text refers to, what happened to it at
    each step between editions, and where it stands in the others."""
    version = history.version
    edition = version.edition
    return {
        "resolution": resolution_as_dict(edition.resolution),
        "edition": edition_as_dict(edition),
        "clause": clause_as_dict(version),
        "footnotes": [clause_as_dict(note) for note in footnotes],
        "history": [
            {
                "old_year": step.old_edition.year,
                "new_year": step.new_edition.year,
                "row": row_as_dict(step.row),
                **comparison_urls(step.old_edition, step.new_edition),
            }
            for step in history.steps
        ],
        "elsewhere": [
            {
                "year": other.edition.year,
                "citation": other.edition.citation_designation,
                "state": "present" if other.version else "deleted" if other.deleted else "not yet",
                "clause": clause_as_dict(other.version) if other.version else None,
            }
            for other in history.elsewhere
        ],
    }


def comparison_document(comparison: Comparison, rows: Iterable[Row] | None = None) -> dict:
    """The comparison: totals, counts per section and each row (all of
    them unless `rows` picks some)."""
    old, new = comparison.old_edition, comparison.new_edition
    return {
        "resolution": resolution_as_dict(new.resolution),
        "old": edition_as_dict(old),
        "new": edition_as_dict(new),
        **comparison_urls(old, new),
        "totals": totals_as_dict(comparison.totals),
        "counts": counts_as_dict(comparison.counts),
        "sections": [
            {"name": section.name, "anchor": section.anchor, "totals": totals_as_dict(section.counts)}
            for section in comparison.sections
        ],
        "rows": rows_as_dicts(comparison.rows if rows is None else rows),
    }
