"""The conventions of the files the readers are given, defined once.

`RevisionMarks` (how a file marks its changes) and `SourceFormat` (what a
file is) are the vocabularies the upload form, the import command, the
models and the readers share: each takes its choices from here, so that a
new convention or format is added in one place. `STYLE_ROLES` is ITU's
paragraph styles, which the Word and the HTML readers both recognise;
`SKIPPED_STYLES` those whose paragraphs are not the resolution's text;
`bullet_label` the label a bullet shows, in both readers.

No Django here, like the rest of `resolutions.parsing`; `choices()` gives
the (value, label) pairs Django's fields and forms take.
"""

from __future__ import annotations

import enum


class Vocabulary(enum.StrEnum):
    """A closed set of stored words, each with what it means to a person."""

    label: str

    def __new__(cls, value: str, label: str) -> Vocabulary:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


class RevisionMarks(Vocabulary):
    """How a Word or HTML file marks its changes. The reader is told, since a
    file cannot say: underlining is also just underlining."""

    TRACKED = "tracked", "Word's tracked changes (or <ins>/<del> in a web page)"
    FORMATTING = "formatting", "ITU proposals: underlined text is inserted, struck-through text deleted"


class SourceFormat(Vocabulary):
    """What an uploaded file is, decided from its content."""

    DOCX = "docx", "Word document"
    HTML = "html", "Web page"
    TEXT = "text", "Plain text"

    @property
    def suffix(self) -> str:
        """The file name suffix a stored copy is given."""
        return {"docx": ".docx", "html": ".html", "text": ".txt"}[self.value]

    @property
    def carries_marks(self) -> bool:
        """Whether a file of this format can mark changes (RevisionMarks
        applies): Word and HTML can; plain text is one edition as it stands."""
        return self is not SourceFormat.TEXT


# The file name endings of the formats that carry marks, for the upload form.
MARKED_SUFFIXES = (".docx", ".html", ".htm")


# ITU's paragraph styles, by name with spaces removed and lower-cased: a
# Word style name, or the class Word's "save as web page" gives a paragraph.
STYLE_ROLES = {
    "resno": "resolution",
    "restitle": "title",
    "normalaftertitle": "body",
    "call": "heading",
}
# ITU styles whose paragraphs are not the resolution's text: proposals put
# "MOD<tab>ACP/64A1/1" (style Proposal) before each clause they change, to
# say what happens to it. The Word reader skips them.
SKIPPED_STYLES = {"proposal"}


# A bullet's label is its character, as the text layout writes it: a dash
# "–" or a bullet "•". Word's bullets are often private-use characters of
# the Symbol font (U+F0B7 shows "•", U+F02D "–"); any other character, or a
# web page's disc, circle or square, shows as a bullet.
DASH, BULLET = "\u2013", "\u2022"
DASHES = {"\u2013", "\u2014", "\u2012", "-", "\u2212", "\uf02d", "\uf0be"}


def bullet_label(character: str) -> str:
    """ "–" for a dash, "•" for any other bullet, "" for none."""
    shown = character.strip()
    if not shown:
        return ""
    return DASH if shown in DASHES else BULLET
