"""Consistency warnings: what in a file that reads well still looks like a
mistake, for a person to confirm before it is published.

Plain data in, plain data out (no ORM): `importing.plan_warnings` gives it
the edition as read and what it follows, and both the admin's review and
`manage.py import_edition` show what it finds. None of these refuse a file
(a conference may well be held in the city of the last one); the admin must
acknowledge them before Publish is accepted, and the command prints them.

The rules:

- **preamble**: the preamble's "(City, year)" ("The Plenipotentiary
  Conference ... (Busan, 2014),") must name the city and year of the
  resolution line ("(Rev. Dubai, 2018)"): a file whose preamble was not
  updated is half old text.
- **year order**: the years a file gives must come after the edition it
  follows: the preamble's year, and the base text of a revision-marked file
  (which must also be that edition: marks against an older text do not show
  the changes since the newest one), and the base before the revision.
- **clause count**: more than `CLAUSE_COUNT_CHANGE` (50 %) more or fewer
  clauses than the edition it follows (8 clauses after 20, or 31 after 20):
  a wrong file, a merged or split resolution, or a reader that missed the
  sections. Revisions seen so far change their count by under 25 %.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from resolutions.document import Kind, ParsedEdition, normalize_space

# More clauses added or removed than this share of the previous count.
CLAUSE_COUNT_CHANGE = 0.5

# The last "(City, 2014)" of the preamble: "... Union (Busan, 2014),".
PREAMBLE_PLACE = re.compile(r"\(\s*(?:Rev\.\s*)?([^(),]+?)\s*,\s*(\d{4})\s*\)")


@dataclass(frozen=True)
class Previous:
    """The edition a new one follows, as far as the warnings need it."""

    name: str  # "Resolution 102 (Rev. Busan, 2014)"
    year: int
    clause_count: int


@dataclass(frozen=True)
class ConsistencyWarning:
    rule: str  # "preamble", "year-order", "clause-count"
    message: str

    def __str__(self) -> str:
        return self.message


def preamble_place(edition: ParsedEdition) -> tuple[str, int] | None:
    """The (city, year) the preamble names, if it names one."""
    preamble = next((clause for clause in edition.clauses if clause.kind == Kind.PREAMBLE), None)
    if preamble is None:
        return None
    found = PREAMBLE_PLACE.findall(normalize_space(preamble.text))
    if not found:
        return None
    city, year = found[-1]
    return city, int(year)


def same_city(one: str, other: str) -> bool:
    """ "Dubai" is "Dubai (UAE)": what is in brackets only adds the country."""

    def key(city: str) -> str:
        return normalize_space(re.sub(r"\([^)]*\)", " ", city)).casefold()

    return key(one) == key(other)


def consistency_warnings(
    edition: ParsedEdition, *, previous: Previous | None = None, base: ParsedEdition | None = None
) -> tuple[ConsistencyWarning, ...]:
    """What looks wrong in `edition` (as it will be published: the admin's
    corrections applied), against the edition it follows (`previous`) and,
    for a revision-marked file, the base text read from the same file."""
    warnings: list[ConsistencyWarning] = []
    place = preamble_place(edition)
    if place is not None and (not same_city(place[0], edition.city) or place[1] != edition.year):
        warnings.append(
            ConsistencyWarning(
                "preamble",
                f"The preamble says ({place[0]}, {place[1]}), but the resolution line says "
                f"({edition.designation}): was the preamble updated for this edition?",
            )
        )
    if previous is not None:
        if place is not None and place[1] <= previous.year:
            warnings.append(
                ConsistencyWarning(
                    "year-order",
                    f"The preamble's year, {place[1]}, is not after that of {previous.name}, "
                    "the edition this one follows.",
                )
            )
        if base is not None and base.year != previous.year:
            warnings.append(
                ConsistencyWarning(
                    "year-order",
                    f"The file's changes are marked against its base text of {base.year}, but the "
                    f"edition this one follows is {previous.name}: the marks do not show the changes "
                    "since that edition.",
                )
            )
        if previous.clause_count:
            change = (len(edition.clauses) - previous.clause_count) / previous.clause_count
            if abs(change) > CLAUSE_COUNT_CHANGE:
                warnings.append(
                    ConsistencyWarning(
                        "clause-count",
                        f"This edition has {len(edition.clauses)} clauses, {previous.name} had "
                        f"{previous.clause_count} ({change:+.0%}): is it the right file?",
                    )
                )
    if base is not None and base.year >= edition.year:
        warnings.append(
            ConsistencyWarning(
                "year-order",
                f"The file's base text is of {base.year}, not before the revision it marks ({edition.year}).",
            )
        )
    return tuple(warnings)
