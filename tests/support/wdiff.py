"""Reading the wdiff convention ([-deleted-]{+inserted+}) of ITU's decoded
redline, for tests that compare against it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
REDLINE_PATH = DATA / "res102-redline.txt"

MARK = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.S)


@dataclass(frozen=True)
class Region:
    """One change of the redline: the old side's span and the new side's span
    (character offsets into each side's text; an empty span for a pure
    insertion or deletion)."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int
    deleted: str
    inserted: str


def redline_text() -> str:
    return REDLINE_PATH.read_text(encoding="utf-8")


def sides(text: str) -> tuple[str, str]:
    """The old and new texts a wdiff-marked text stands for."""
    old = MARK.sub(lambda m: m.group(1) if m.group(1) is not None else "", text)
    new = MARK.sub(lambda m: m.group(2) if m.group(2) is not None else "", text)
    return old, new


def unmarked(text: str) -> str:
    """The text with only the markers removed (the original document)."""
    return MARK.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)


def regions(text: str) -> list[Region]:
    """Change regions; a deletion directly followed by an insertion is one
    region (a replacement)."""
    result: list[Region] = []
    old_pos = new_pos = 0
    last_end = None
    for match in MARK.finditer(text):
        equal = match.start() - (last_end if last_end is not None else 0)
        adjacent = last_end is not None and equal == 0
        old_pos += equal
        new_pos += equal
        deleted = match.group(1) or ""
        inserted = match.group(2) or ""
        if adjacent and result:
            previous = result[-1]
            result[-1] = Region(
                previous.old_start,
                previous.old_end + len(deleted),
                previous.new_start,
                previous.new_end + len(inserted),
                previous.deleted + deleted,
                previous.inserted + inserted,
            )
        else:
            result.append(
                Region(old_pos, old_pos + len(deleted), new_pos, new_pos + len(inserted), deleted, inserted)
            )
        old_pos += len(deleted)
        new_pos += len(inserted)
        last_end = match.end()
    return result
