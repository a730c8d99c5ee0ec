"""Editions far larger than any real resolution, built in the test that
needs them (never committed): well formed in every other way, so that only
the size limits can refuse them."""

from __future__ import annotations


def many_clauses(count: int, *, number: int = 999, clause_text: str = "") -> bytes:
    """A plain-text edition of exactly `count` clauses: the three front
    clauses, then sections of up to 999 numbered items (labels have at most
    three digits). `clause_text`, when given, is the text of the first item."""
    lines = [
        f"RESOLUTION {number} (Rev. Busan, 2014)",
        "A resolution far longer than any real one",
        "The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),",
    ]
    section = 0
    while len(lines) < count:
        section += 1
        lines.append(f"noting part {section}")
        for item in range(1, 1000):
            if len(lines) >= count:
                break
            text = (
                clause_text
                if len(lines) == 4 and clause_text
                else (f"that item {item} of part {section} says what every item of this edition says;")
            )
            lines.append(f"{item}\t{text}")
    return ("\n".join(lines) + "\n").encode()
