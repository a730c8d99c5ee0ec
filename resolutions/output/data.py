"""A comparison as JSON-ready plain data: enums as strings, operations as objects.

The `redline` command's `--format json` prints this; a JSON API serves the
same dictionaries.
"""

from __future__ import annotations

from collections.abc import Iterable

from resolutions.comparison import Row
from resolutions.redline import ClauseChange, Op


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
        "words_deleted": change.words_deleted,
        "words_inserted": change.words_inserted,
        "label_ops": [op_as_dict(op) for op in change.label_ops],
        "ops": [op_as_dict(op) for op in change.ops],
    }


def row_as_dict(row: Row) -> dict:
    return {
        "old_path": row.old.path if row.old else None,
        "new_path": row.new.path if row.new else None,
        **change_as_dict(row.change),
    }


def rows_as_dicts(rows: Iterable[Row]) -> list[dict]:
    return [row_as_dict(row) for row in rows]
