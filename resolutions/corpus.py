"""A synthetic collection of resolutions, for benchmarks and load tests.

The real collection (some 200 Plenipotentiary resolutions and several
hundred from the other conferences, five or six editions each) is what the
site must stay fast for; this writes a stand-in of any size. It is
deterministic: the same seed and sizes give the same files, byte for byte.

Each resolution is written as plain-text files in the import layout (that of
`fixtures/pp-102-*.txt`), one per edition, so that loading them goes
through the real reader, structure builder, alignment and redline. Each
edition revises the one before it as conferences do: a few words reworded in
some clauses, clauses added and deleted (relettering those after them), a
clause moved to another section, a footnote added; section headings and
the resolution's number and title stay.

The corpus has the shapes of the real collection, not only Resolution 102's
flat lists: numbered items with lettered sub-items (``1`` -> ``a)``), which
revisions reword, add, delete and reletter like any clause, and, in about a
third of the resolutions, an annex of numbered headings and paragraphs
(``2``, ``2.1``), where an added paragraph renumbers the ones after it.

Plain module, no ORM: `generate_corpus` writes the files and
`import_edition` loads them.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from resolutions.parsing.structure import letters

# Plenipotentiary Conferences, oldest first: a corpus of N editions uses the last N.
CONFERENCES = (
    ("Kyoto", 1994),
    ("Minneapolis", 1998),
    ("Marrakesh", 2002),
    ("Antalya", 2006),
    ("Guadalajara", 2010),
    ("Busan", 2014),
    ("Dubai", 2018),
    ("Bucharest", 2022),
)

# (heading, numbered items?) in the order ITU writes them; "invites" sections
# hold one unlabelled paragraph.
SECTIONS = (
    ("recognizing", False),
    ("considering", False),
    ("noting", False),
    ("resolves", True),
    ("instructs the Secretary-General", True),
    ("instructs the Director of the Telecommunication Development Bureau", True),
    ("invites Member States", None),
)

VOCABULARY = (
    "telecommunication development standardization radiocommunication Member States Sector Members "
    "Union cooperation international regional national policy Internet resources networks services "
    "infrastructure access affordable broadband developing countries least developed small island "
    "capacity building emergency communications cybersecurity confidence security spectrum orbit "
    "satellite digital divide inclusion accessibility persons disabilities gender equality youth "
    "education training study groups recommendations reports Council Plenipotentiary Conference "
    "Secretary-General Directors Bureaux coordination implementation strategic plan financial "
    "resources budget activities programmes initiatives outcomes World Summit Information Society "
    "sustainable goals environment climate change electronic waste innovation technologies "
    "applications interoperability conformance quality measurement numbering naming addressing "
    "migration transition mobile fixed terrestrial broadcasting public protection disaster relief "
    "stakeholders academia industry organizations governments administrations experts workshops"
)
WORDS = tuple(VOCABULARY.split())
GLUE = ("the", "of", "and", "to", "in", "for", "with", "on", "all", "its", "their", "relevant", "appropriate")
OPENERS = {
    False: ("that", "that the", "the", "that all"),
    True: ("to", "to continue to", "to take", "to ensure that", "to support"),
}


@dataclass
class Clause:
    identity: int
    text: str
    footnote: str = ""
    # Lettered sub-items of a numbered item; its text then ends with ":".
    children: list[Clause] = field(default_factory=list)


# A lettered section stops at z): ITU's labels run on to aa), bb) and the
# parser reads them up to zzz), but no resolution letters that far, and a
# fourth letter ("dddd)") is no label at all (parsing.structure.LABELS).
# Numbered sections take the rest of a large resolution.
MAX_LETTERED = 26
# The share of a numbered section's clauses written as sub-items of the item
# before them, and of resolutions with an annex.
SUB_ITEMS = 0.2
ANNEXED = 0.35


@dataclass
class Section:
    heading: str
    numbered: bool | None  # None: one unlabelled paragraph
    clauses: list[Clause] = field(default_factory=list)

    @property
    def full(self) -> bool:
        return self.numbered is False and len(self.clauses) >= MAX_LETTERED


@dataclass
class AnnexPart:
    """A numbered heading of the annex ("2 Tasks") and its paragraphs (2.1, 2.2 ...)."""

    heading: Clause
    paragraphs: list[Clause]


@dataclass
class Resolution:
    number: int
    title: str
    sections: list[Section]
    annex_title: str = ""
    annex: list[AnnexPart] = field(default_factory=list)


class Writer:
    """Pseudo-text in ITU's vocabulary, from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.identities = iter(range(1, 10**9))

    def phrase(self, low: int, high: int) -> str:
        words = []
        for _ in range(self.rng.randint(low, high)):
            pool = GLUE if self.rng.random() < 0.35 else WORDS
            words.append(self.rng.choice(pool))
        return " ".join(words)

    def clause(self, numbered: bool | None) -> Clause:
        opener = self.rng.choice(OPENERS[bool(numbered)])
        text = f"{opener} {self.phrase(12, 45)}"
        if self.rng.random() < 0.3:
            text += f", {self.phrase(4, 12)}"
        return Clause(next(self.identities), text + ";")

    def sentence(self) -> Clause:
        """An annex paragraph: a capitalised sentence."""
        return Clause(next(self.identities), f"{self.phrase(10, 35).capitalize()}.")

    def reword(self, text: str) -> str:
        """A handful of words replaced, inserted or deleted, as a revision does."""
        end = text[-1] if text[-1] in ";." else ""
        words = text.rstrip(";.").split()
        for _ in range(self.rng.randint(1, 4)):
            position = self.rng.randrange(1, len(words))
            action = self.rng.random()
            if action < 0.45:
                words[position] = self.rng.choice(WORDS)
            elif action < 0.8:
                words[position:position] = self.phrase(1, 5).split()
            elif len(words) > 8:
                del words[position]
        return " ".join(words) + end


def first_edition(writer: Writer, number: int, clauses: int) -> Resolution:
    sections = [Section(heading, numbered) for heading, numbered in SECTIONS]
    # At least one clause a section; the rest spread at random.
    for section in sections:
        section.clauses.append(writer.clause(section.numbered))
    labelled = [section for section in sections if section.numbered is not None]
    for _ in range(max(0, clauses - len(sections))):
        section = writer.rng.choice([section for section in labelled if not section.full])
        last = section.clauses[-1]
        if section.numbered and writer.rng.random() < SUB_ITEMS and len(last.children) < MAX_LETTERED:
            last.children.append(writer.clause(True))  # a sub-item: counted as a clause
        else:
            section.clauses.append(writer.clause(section.numbered))
    title = writer.phrase(6, 14).capitalize()
    resolution = Resolution(number, title, sections)
    if writer.rng.random() < ANNEXED:
        resolution.annex_title = writer.phrase(4, 9).capitalize()
        resolution.annex = [
            AnnexPart(
                Clause(next(writer.identities), writer.phrase(1, 3).capitalize()),
                [writer.sentence() for _ in range(writer.rng.randint(2, 4))],
            )
            for _ in range(writer.rng.randint(2, 4))
        ]
    return resolution


def revise(writer: Writer, resolution: Resolution) -> Resolution:
    """The next edition: a copy with a conference's edits."""
    rng = writer.rng
    sections = []
    for section in resolution.sections:
        revised = Section(section.heading, section.numbered)
        revised.clauses = revise_list(writer, section.clauses, section.numbered)
        sections.append(revised)
    # Now and then a clause moves to another section of the same kind.
    if rng.random() < 0.5:
        lettered = [s for s in sections if s.numbered is False and len(s.clauses) > 1]
        if len(lettered) > 1:
            source, target = rng.sample(lettered, 2)
            if not target.full:
                target.clauses.insert(rng.randrange(len(target.clauses) + 1), source.clauses.pop())
    annex = [
        AnnexPart(part.heading, revise_list(writer, part.paragraphs, True, new=writer.sentence))
        for part in resolution.annex
    ]
    return Resolution(resolution.number, resolution.title, sections, resolution.annex_title, annex)


def revise_list(
    writer: Writer,
    clauses: list[Clause],
    numbered: bool | None,
    *,
    new: Callable[[], Clause] | None = None,
) -> list[Clause]:
    """One list of clauses as the next edition has it: some reworded, deleted
    or added after (the labels after them follow), a footnote now and then;
    sub-items revised the same way. `new` writes an added clause."""
    rng = writer.rng
    revised: list[Clause] = []
    for index, clause in enumerate(clauses):
        roll = rng.random()
        if roll < 0.05 and numbered is not None and len(clauses) > 1:
            continue  # deleted
        text = writer.reword(clause.text) if roll < 0.25 else clause.text
        footnote = clause.footnote or (writer.phrase(6, 16).capitalize() + "." if rng.random() < 0.01 else "")
        children = revise_list(writer, clause.children, False) if clause.children else []
        revised.append(Clause(clause.identity, text, footnote, children))
        # Room for one more, counting the clauses still to come.
        after = len(clauses) - index - 1
        room = numbered is True or len(revised) + after < MAX_LETTERED
        if rng.random() < 0.06 and numbered is not None and room:
            revised.append(new() if new else writer.clause(numbered))  # added
    return revised


def edition_text(resolution: Resolution, city: str, year: int) -> str:
    """One edition in the import layout, footnotes written as Word's text export writes them."""
    lines = [
        f"RESOLUTION {resolution.number} (Rev. {city}, {year})",
        resolution.title,
        f"The Plenipotentiary Conference of the International Telecommunication Union ({city}, {year}),",
    ]
    footnotes = 0

    def written(clause: Clause) -> str:
        nonlocal footnotes
        text = clause.text
        if clause.children:
            text = text.rstrip(";.") + ", as follows:"
        if clause.footnote:
            footnotes += 1
            text = (
                f"{text}[footnoteRef:{footnotes}]{footnotes} [{footnotes}: {footnotes} \t{clause.footnote}]"
            )
        return text

    for section in resolution.sections:
        lines.append(section.heading)
        for position, clause in enumerate(section.clauses, start=1):
            if section.numbered is None:
                lines.append(written(clause))
                continue
            label = str(position) if section.numbered else f"{letters(position)})"
            lines.append(f"{label}\t{written(clause)}")
            lines.extend(
                f"{letters(sub)})\t{written(child)}" for sub, child in enumerate(clause.children, start=1)
            )
        if section.numbered is None:
            break  # the paragraph section closes the resolution's body
    if resolution.annex:
        lines += [
            f"ANNEX TO RESOLUTION {resolution.number} (REV. {city.upper()}, {year})",
            resolution.annex_title,
        ]
        for number, part in enumerate(resolution.annex, start=1):
            lines.append(f"{number}\t{part.heading.text}")
            lines.extend(
                f"{number}.{sub}\t{written(paragraph)}"
                for sub, paragraph in enumerate(part.paragraphs, start=1)
            )
    return "\n".join(lines) + "\n"


def corpus_files(
    *, resolutions: int, editions: int, clauses: int, seed: int = 102, first_number: int = 1000
) -> Iterator[tuple[str, str]]:
    """(file name, text) of every edition of every resolution, oldest first."""
    if not 1 <= editions <= len(CONFERENCES):
        raise ValueError(f"editions must be between 1 and {len(CONFERENCES)}")
    conferences = CONFERENCES[-editions:]
    writer = Writer(random.Random(seed))  # noqa: S311 -- test data, reproducible by design
    for number in range(first_number, first_number + resolutions):
        resolution = first_edition(writer, number, clauses)
        for index, (city, year) in enumerate(conferences):
            if index:
                resolution = revise(writer, resolution)
            yield f"pp-{number}-{year}.txt", edition_text(resolution, city, year)


def write_corpus(folder: Path, **sizes: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in corpus_files(**sizes):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
