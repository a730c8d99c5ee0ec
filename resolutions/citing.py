"""Citations of ITU resolutions as people write them, read into plain data.

Delegates cite a clause in many ways: "Resolution 102 (Rev. Busan, 2014),
*noting* b)", "Res. 102 (Busan, 2014) resolves", "PP-14 Res. 102, considering
h)", "*instructs the Secretary-General* 3 of Resolution 102", "102/2014 noting
c", "Annex to Resolution 71 (Rev. Dubai, 2018), § 2.1", "Resolution ITU-R 2-8,
*resolves* 3". This module turns any of them into a `Citation`: the body, the
number (and an ITU-R revision), the edition's city and year when given, and
the place within the resolution as section words plus a label path
(("1", "a") for "resolves 1 a)", ("2", "1") for "§ 2.1", under an annex).

No ORM: what a citation says is decided here, what it points to is decided
by `resolutions.citation_lookup` against the stored clauses. The section
words are kept as written, because only the stored headings can say which
section "instructs the SG" or "recognising further" means
(`match_sections`, also here, as a plain function over those headings).

Two ways in:
- `parse_citations(query)`: the whole string is a citation (the /cite/
  box), so any words between the resolution and the labels are section
  words, and the short forms "102/2014 noting c" and "102 noting c" count.
- `find_citations(text, vocabulary)`: citations inside running text (a
  meeting document). Section words are recognised only where they are known
  headings (`vocabulary`) or set in italics, so that "Resolution 102
  (Rev. Busan, 2014), which instructs ..." does not cite a section "which".

Italic markers (*...*, _..._), case, white space, typographic dashes and
non-breaking spaces never matter; spans always refer to the text as given.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from rapidfuzz import fuzz

from resolutions.document import label_slug, slugify

# Bodies by the names and abbreviations documents use. Only PP, WTSA, WTDC
# and RA resolutions are held by the site; the others are recognised so that
# "Resolution 76 (Rev. WRC-15)" or "Council Resolution 1305" are never taken
# for the Plenipotentiary resolution of the same number.
BODY_NAMES = {
    "pp": "pp",
    "plenipotentiary": "pp",
    "plenipotentiary conference": "pp",
    "wtsa": "wtsa",
    "itu-t": "wtsa",
    "world telecommunication standardization assembly": "wtsa",
    "wtdc": "wtdc",
    "itu-d": "wtdc",
    "world telecommunication development conference": "wtdc",
    "ra": "ra",
    "itu-r": "ra",
    "radiocommunication assembly": "ra",
    "wrc": "wrc",
    "world radiocommunication conference": "wrc",
    "council": "council",
    "itu council": "council",
    "unga": "un",
    "un general assembly": "un",
    "united nations general assembly": "un",
    "general assembly": "un",
}
BODY_ABBREVIATIONS = {"pp": "PP", "wtsa": "WTSA", "wtdc": "WTDC", "ra": "RA"}

SUFFIXES = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "nonies", "decies")
_SUFFIX = "|".join(SUFFIXES)

# What the first word of a place means when it is not a section heading.
FRONT_MATTER = {"title": "title", "preamble": "preamble", "footnote": "footnote", "footnotes": "footnote"}

_FLAGS = re.IGNORECASE | re.VERBOSE

# ---------------------------------------------------------------- the grammar

_BODY_PREFIX = r"PP|WTSA|WTDC|RA|WRC|ITU-[RTD]|(?:ITU\s+)?Council|UNGA|Plenipotentiary(?:\s+Conference)?"
_BODY_SUFFIX = (
    r"Plenipotentiary\s+Conference|PP|WTSA|WTDC|RA|WRC"
    r"|World\s+Telecommunication\s+Standardization\s+Assembly"
    r"|World\s+Telecommunication\s+Development\s+Conference"
    r"|Radiocommunication\s+Assembly|World\s+Radiocommunication\s+Conference"
    r"|(?:United\s+Nations\s+|UN\s+)?General\s+Assembly"
)
_YEAR = r"\d{4}|\d{2}"

DESIGNATION = re.compile(
    rf"""
    (?<![\w/.\-])
    (?:(?P<pbody>{_BODY_PREFIX})(?:\s?-\s?(?P<pyear>{_YEAR}))?\s+)?
    (?P<word>Resolutions|Resolution|Res\.?)\s*
    (?:No\.?\s*)?
    (?P<itur>ITU-R\s*)?
    (?P<numbers>\d{{1,4}}(?:-\d{{1,2}})?(?:\s*(?:,|and|&)\s*\d{{1,4}}(?:-\d{{1,2}})?)*)
    (?![\w/]|[.,]\d)
    """,
    _FLAGS,
)
NUMBER = re.compile(r"(?P<number>\d{1,4})(?:-(?P<revision>\d{1,2}))?")
PARENTHESIS = re.compile(r"\s*\((?P<inner>[^()]{1,80})\)")
EDITION = re.compile(
    rf"""
    \s*(?:Rev(?:ised|ision)?\.?\s*)?
    (?:
      (?P<conf>PP|WTSA|WTDC|RA|WRC)\s?-?\s?(?P<conf_year>{_YEAR})
    | (?P<city>[^\W\d_][^\W\d_'.]*(?:(?:\s+|-|')[^\W\d_][^\W\d_'.]*){{0,4}})?\s*,?\s*(?P<year>\d{{4}})?
    )\s*
    """,
    _FLAGS,
)
BODY_AFTER = re.compile(
    # "of the Council" may begin "of the Council Working Group"; only
    # "adopted by the Council" names the Council as the author.
    rf"\s*,?\s*(?:(?:of|adopted\s+by)\s+(?:the\s+)?(?P<body>{_BODY_SUFFIX})(?:\s?-\s?(?P<year>{_YEAR}))?"
    rf"|adopted\s+by\s+the\s+(?P<council>(?:ITU\s+)?Council))(?!\w)",
    _FLAGS,
)

# A letter, a roman numeral, or a number (with its sub-numbers): "(see)"
# after a label is not a label.
_LABEL_CORE = rf"(?:\d+(?:\.\d+)*|[a-z]|[ivxl]{{2,6}})(?:\s?(?:{_SUFFIX}))?"
# A bare letter ("noting c") is a label only where nothing but punctuation or
# a joining word follows, so that "noting a decision" is not "noting a)".
LABEL = rf"""(?:
    \(\s*{_LABEL_CORE}\s*\)
  | (?<![\w.]){_LABEL_CORE}\)
  | (?<![\w.])\d+(?:\.\d+)*(?:\s?(?:{_SUFFIX}))?(?![\w)]|\.\d)
  | (?<![\w.])[a-z](?:\s(?:{_SUFFIX}))?(?=\s*(?:$|[,;:.)]|(?:and|or|of|in|to|under)\b))
)"""
_INTRODUCER = r"(?P<intro>§|paragraphs?|paras?\.?|points?)\s*"
LABEL_PATH = rf"(?:{LABEL}(?:(?:\s+|(?=\())(?!(?:and|or)\b){LABEL})*)"
_LIST_SEPARATOR = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)"
LABEL_LIST = rf"(?:{LABEL_PATH}(?:{_LIST_SEPARATOR}{LABEL_PATH})*)"
LABEL_TOKEN = re.compile(LABEL, _FLAGS)
PATH_AT = re.compile(rf"(?:{_INTRODUCER})?(?P<path>{LABEL_PATH})", _FLAGS)
LIST_NEXT = re.compile(rf"{_LIST_SEPARATOR}(?P<path>{LABEL_PATH})", _FLAGS)
# "... noting b) and c) of " / "§ 2.1 of the " before a resolution.
PATH_LIST_END = re.compile(
    rf"(?:{_INTRODUCER})?(?P<paths>{LABEL_LIST})\s*$",
    _FLAGS,
)
OF_END = re.compile(r"\s*,?\s+(?:of|in|under)\s+(?:the\s+)?$", re.IGNORECASE)
_ANNEX = r"(?:Annex|Appendix|Attachment)(?:\s+(?!to\b|of\b)[A-Z0-9]{1,3}\b)?"
ANNEX_PART = re.compile(
    rf"(?:the\s+)?(?P<appendix>(?:Appendix|Attachment)(?:\s+(?!to\b|of\b)[A-Z0-9]{{1,3}}\b)?\s+(?:to|of)\s+(?:the\s+)?)?"
    rf"(?P<annex>{_ANNEX})",
    re.IGNORECASE,
)
ANNEX_BEFORE = re.compile(rf"(?:{ANNEX_PART.pattern})\s+(?:to|of)\s+(?:the\s+)?$", re.IGNORECASE)
# Between a resolution and its place: a comma, a colon, or a dash ("–", made
# "-" by _normalize) between spaces.
SEPARATOR = re.compile(r"\s*(?:[,;:]|-(?=\s))?\s*")
WORDS = r"[^\W\d_][\w'\-]*(?:[\s,]+[^\W\d_][\w'\-]*)*?"
# The whole rest of a /cite/ query after the resolution, and what may stand
# before it: "noting c) of ", "§ 2.1 of the Annex to ", "Annex 2 to ".
WHOLE_AFTER = re.compile(
    rf"""\s*(?:[,;:]|-(?=\s))?\s*
    (?:(?P<annex>(?:the\s+)?{_ANNEX})(?:\s*,\s*|\s+|$))?
    (?:(?P<words>{WORDS})(?:\s*,\s*|\s+|$))??
    (?:{_INTRODUCER})?(?P<path>{LABEL_LIST})?
    \s*[.;,]?\s*""",
    _FLAGS,
)
WHOLE_BEFORE = re.compile(
    rf"""\s*
    (?:(?:(?P<words>{WORDS})(?:\s*,\s*|\s+))??(?:{_INTRODUCER})?(?P<path>{LABEL_LIST})?\s*(?:of|in|under)\s+(?:the\s+)?)?
    (?:(?P<annexpart>{ANNEX_PART.pattern})\s+(?:to|of)\s+(?:the\s+)?)?""",
    _FLAGS,
)
FRONT_AT = re.compile(r"(?:title|preamble|footnotes?)(?!\w)", re.IGNORECASE)
FRONT_END = re.compile(r"(?<!\w)(?:title|preamble|footnotes?)$", re.IGNORECASE)
ITALIC_WORDS = re.compile(r"[^\W\d_][\w\s,'\-]{0,150}")
PATH_ONE = re.compile(LABEL_PATH, _FLAGS)
# After section words without labels: the end of the sentence or a clause.
SENTENCE_GOES_ON = re.compile(r"\s*(?:$|[.,;:)\]])")
SHORT_FORM = re.compile(
    rf"\s*(?:(?P<body>PP|WTSA|WTDC|RA|ITU-R)\s*-?\s*)?(?P<number>\d{{1,4}})(?:\s*/\s*(?P<year>{_YEAR}))?(?=[\s,;]|$)",
    re.IGNORECASE,
)


# ---------------------------------------------------------------- the data


@dataclass(frozen=True)
class Citation:
    """What a citation says, not yet what it points to."""

    number: int
    # "pp", "wtsa", "wtdc", "ra"; "wrc", "council" or "un" for bodies the site
    # does not hold; "" when the citation does not say.
    body: str = ""
    revision: int | None = None  # "Resolution ITU-R 2-8": 8
    year: int | None = None
    city: str = ""
    # Slugs of the annex (and appendix) the place is in: ("annex",) for
    # "Annex to Resolution 71", ("annex-2", "appendix-1") for "Appendix 1 to Annex 2".
    annex: tuple[str, ...] = ()
    section: str = ""  # the section words as written: "instructs the SG"
    labels: tuple[str, ...] = ()  # ("1", "a"); ("2", "1") for "§ 2.1"; "2 bis" keeps its suffix
    numbered: bool = False  # introduced by "§" or "paragraph"
    # "102/2014 noting c": no "Resolution", so possibly not a citation at all.
    short: bool = False
    start: int = 0
    end: int = 0
    text: str = ""

    @property
    def edition_given(self) -> bool:
        return bool(self.year or self.city or self.revision is not None)

    @property
    def place_given(self) -> bool:
        return bool(self.section or self.labels or self.annex)

    @property
    def front_matter(self) -> str:
        """ "title", "preamble" or "footnote" when the place names one of them."""
        return FRONT_MATTER.get(fold(self.section), "")

    def label_slugs(self) -> tuple[str, ...]:
        return tuple(label_slug(label) for label in self.labels)

    def where(self) -> str:
        """The place as cited, normalised: "noting c)", "resolves 1 a)", "Annex 2, § 2.1"."""
        parts = [annex_name(self.annex)] if self.annex else []
        if self.numbered and self.section:
            labels = f"paragraph {'.'.join(self.labels)}" if self.labels else ""
        elif self.numbered or (self.annex and not self.section):
            labels = f"§ {'.'.join(self.labels)}" if self.labels else ""
        else:
            labels = " ".join(label_text(label) for label in self.labels)
        place = " ".join(part for part in (self.section, labels) if part)
        if place:
            parts.append(place)
        return ", ".join(parts)

    def designation(self) -> str:
        """ "Resolution 102 (Busan, 2014)", "Resolution ITU-R 2-8", "WTSA Resolution 1"."""
        if self.body == "ra":
            number = f"ITU-R {self.number}" + (f"-{self.revision}" if self.revision is not None else "")
            name = f"Resolution {number}"
        else:
            prefix = BODY_ABBREVIATIONS.get(self.body, self.body.upper())
            name = f"{prefix} Resolution {self.number}" if prefix else f"Resolution {self.number}"
        edition = ", ".join(part for part in (self.city, str(self.year) if self.year else "") if part)
        return f"{name} ({edition})" if edition else name

    def as_query(self) -> str:
        """The citation written out again, in a form parse_citations reads
        back to the same citation (used for links to /cite/)."""
        designation = self.designation()
        if self.annex and not self.section:
            # "Annex 2 to Resolution 71 (...), § 2.1"
            where = f"§ {'.'.join(self.labels)}" if self.labels else ""
            text = f"{annex_name(self.annex)} to {designation}"
            return f"{text}, {where}" if where else text
        where = self.where()
        return f"{designation}, {where}" if where else designation


def annex_name(annex: Sequence[str]) -> str:
    """("annex-2", "appendix-1") -> "Appendix 1 to Annex 2"."""
    names = []
    for slug in reversed(annex):
        kind, _, key = slug.partition("-")
        names.append(f"{kind.capitalize()} {key.upper() if key.isalpha() else key}".strip())
    return " to ".join(names)


def label_text(label: str) -> str:
    """A label as printed: numbers bare, letters and roman numerals with ")"."""
    return label if label[:1].isdigit() else f"{label})"


def fold(text: str) -> str:
    """Lower case without accents, white space collapsed: for comparing words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(ascii_text.casefold().split())


# ---------------------------------------------------------------- normalising


@dataclass
class _Text:
    """The text the grammar reads (italic markers dropped, dashes and spaces
    made plain, white space collapsed) and where each of its characters was
    in the original."""

    original: str
    text: str
    origin: Sequence[int]  # origin[i]: the position in `original` of text[i]
    italic: tuple[tuple[int, int], ...]  # ranges of `text` that were in italics
    markers: frozenset[int]  # positions of the italic markers dropped from `original`

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of text[start:end], with any italic markers
        that open or close it."""
        first, last = self.origin[start], self.origin[end - 1] + 1
        while first - 1 in self.markers:
            first -= 1
        while last in self.markers:
            last += 1
        return first, last

    @cached_property
    def _italic_by_edge(self) -> tuple[dict[int, tuple[int, int]], dict[int, tuple[int, int]]]:
        return {span[0]: span for span in self.italic}, {span[1]: span for span in self.italic}

    def italic_starting(self, position: int) -> tuple[int, int] | None:
        return self._italic_by_edge[0].get(position)

    def italic_ending(self, position: int) -> tuple[int, int] | None:
        return self._italic_by_edge[1].get(position)


_ITALIC = re.compile(
    r"(?<![\w*])\*(?=\S)([^*\n]{1,200}?)(?<=\S)\*(?![\w*])|(?<![\w])_(?=\S)([^_\n]{1,200}?)(?<=\S)_(?!\w)"
)
# One character for another: the positions do not move.
_PLAIN = str.maketrans(
    {
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"),
        **dict.fromkeys("\u00a0\u2007\u202f\u2009\u200a\t\n\r\f\v", " "),
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
    }
)
_INVISIBLE = "\u200b\u200c\u200d\u00ad\ufeff"
_MOVES = re.compile(rf"[*{_INVISIBLE}]|  |^ ")


def _normalize(original: str) -> _Text:
    plain = original.translate(_PLAIN)
    markers: set[int] = set()
    italic_original: list[tuple[int, int]] = []
    for match in _ITALIC.finditer(plain):
        group = 1 if match.group(1) is not None else 2
        markers.update((match.start(), match.end() - 1))
        italic_original.append((match.start(group), match.end(group)))
    if not markers and not _MOVES.search(plain):
        # Most paragraphs: nothing dropped, nothing collapsed.
        return _Text(original, plain, range(len(plain)), (), frozenset())
    dropped = markers | {index for index, char in enumerate(plain) if char == "*" or char in _INVISIBLE}
    chars: list[str] = []
    origin: list[int] = []
    index_of: dict[int, int] = {}
    for index, char in enumerate(plain):
        if index in dropped or (char == " " and (not chars or chars[-1] == " ")):
            continue
        index_of[index] = len(chars)
        chars.append(char)
        origin.append(index)
    italic = []
    for start, end in italic_original:
        inside = [index_of[i] for i in range(start, end) if i in index_of]
        if inside:
            italic.append((inside[0], inside[-1] + 1))
    return _Text(original, "".join(chars), origin, tuple(italic), frozenset(dropped - (set(origin))))


# ---------------------------------------------------------------- pieces of the grammar


@dataclass(frozen=True)
class _Place:
    start: int
    end: int
    annex: tuple[str, ...] = ()
    section: str = ""
    paths: tuple[tuple[tuple[str, ...], int, int], ...] = ()  # (labels, start, end) of each listed path
    numbered: bool = False


def _labels(path: str) -> tuple[str, ...]:
    """ "1 a)" -> ("1", "a"); "2.1" -> ("2", "1"); "(a bis)" -> ("a bis",)."""
    labels: list[str] = []
    for match in LABEL_TOKEN.finditer(path):
        token = match.group(0).strip("() ").lower()
        token = re.sub(rf"\s*({_SUFFIX})$", r" \1", token)
        core, _, suffix = token.partition(" ")
        parts = core.split(".") if re.fullmatch(r"\d+(?:\.\d+)+", core) else [core]
        if suffix:
            parts[-1] = f"{parts[-1]} {suffix}"
        labels.extend(parts)
    return tuple(labels)


def _annex_slugs(match: re.Match[str]) -> tuple[str, ...]:
    def slug(text: str) -> str:
        words = re.sub(r"\s+(?:to|of)(?:\s+the)?$", "", text.strip(), flags=re.IGNORECASE)
        return slugify(re.sub(r"^the\s+", "", words, flags=re.IGNORECASE))

    annex = (slug(match.group("annex")),)
    if match.group("appendix"):
        annex += (slug(match.group("appendix")),)
    return annex


def _body(name: str | None) -> str:
    return BODY_NAMES.get(fold(name or "").replace(" - ", "-"), "") if name else ""


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    if len(text) == 2:
        # PP-94 .. PP-22: conference abbreviations name the century's year.
        year += 1900 if year > 60 else 2000
    return year if 1865 <= year <= 2200 else None


@dataclass(frozen=True)
class _Edition:
    end: int
    year: int | None = None
    city: str = ""
    body: str = ""


NOT_A_CITY = frozenset(
    {"the", "see", "as", "in", "of", "and", "rev", "revised", "cf", "e", "i", "annex", "ie", "eg"}
)


def _edition(t: _Text, position: int, whole: bool) -> _Edition | None:
    """The edition in parentheses at `position`: "(Rev. Busan, 2014)",
    "(Busan)", "(2014)", "(PP-14)"; None when the parenthesis says
    something else."""
    match = PARENTHESIS.match(t.text, position)
    if not match:
        return None
    inner = EDITION.fullmatch(match.group("inner"))
    if not inner:
        return None
    if inner.group("conf"):
        return _Edition(match.end(), _year(inner.group("conf_year")), "", _body(inner.group("conf")))
    city, year = (inner.group("city") or "").strip(), _year(inner.group("year"))
    if city and not whole and not city[0].isupper():
        return None  # "(see the annex)" in running text
    if city and fold(city).split()[0] in NOT_A_CITY:
        return None
    if not city and not year:
        return None
    return _Edition(match.end(), year, city)


# ---------------------------------------------------------------- section words


@lru_cache(maxsize=8)
def _vocabulary_patterns(
    vocabulary: tuple[str, ...],
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """One pattern matching any known heading at a position, one matching
    any heading that ends a string; longest first, hyphens and spaces alike."""
    phrases = sorted({fold(term) for term in vocabulary if term.strip()}, key=len, reverse=True)
    if not phrases:
        return None, None
    alternatives = "|".join(
        r"[\s,\-]+".join(re.escape(word) for word in re.split(r"[\s\-]+", phrase)) for phrase in phrases
    )
    return (
        re.compile(rf"(?:{alternatives})(?![\w\-])", re.IGNORECASE),
        re.compile(rf"(?<![\w\-])(?:{alternatives})\s*,?\s*$", re.IGNORECASE),
    )


def _words_at(t: _Text, position: int, vocabulary: tuple[str, ...]) -> tuple[int, int] | None:
    """Section words starting at `position`: a known heading (the longest),
    a front-matter word, or a run of italics."""
    at, _ = _vocabulary_patterns(vocabulary)
    if at and (match := at.match(t.text, position)):
        return match.start(), match.end()
    if match := FRONT_AT.match(t.text, position):
        return match.start(), match.end()
    if (span := t.italic_starting(position)) and ITALIC_WORDS.fullmatch(t.text[span[0] : span[1]]):
        return span
    return None


def _words_ending(t: _Text, limit: int, end: int, vocabulary: tuple[str, ...]) -> tuple[int, int] | None:
    """Section words ending at `end` (a known heading or italics), not before `limit`."""
    while end > limit and t.text[end - 1] in " ,":
        end -= 1
    span = t.italic_ending(end)
    if span and span[0] >= limit and ITALIC_WORDS.fullmatch(t.text[span[0] : span[1]]):
        return span
    _, ending = _vocabulary_patterns(vocabulary)
    if ending and (match := ending.search(t.text, max(limit, end - 300), end)):
        return match.start(), end
    if match := FRONT_END.search(t.text, limit, end):
        return match.start(), end
    return None


def _section_text(t: _Text, span: tuple[int, int]) -> str:
    return " ".join(t.text[span[0] : span[1]].strip(" ,").split())


def _paths_from(
    t: _Text, match: re.Match[str], group: str = "path"
) -> list[tuple[tuple[str, ...], int, int]]:
    return [(_labels(match.group(group)), match.start(group), match.end(group))]


def _place_after(t: _Text, position: int, vocabulary: tuple[str, ...]) -> _Place | None:
    """Running text: "…, *noting* b)", "… resolves", "…, § 2.1", "…, instructs the Council 1 and 2"."""
    start = SEPARATOR.match(t.text, position).end()
    annex: tuple[str, ...] = ()
    cursor = start
    if annex_match := ANNEX_PART.match(t.text, cursor):
        annex = _annex_slugs(annex_match)
        cursor = SEPARATOR.match(t.text, annex_match.end()).end()
    words = _words_at(t, cursor, vocabulary)
    section = ""
    if words:
        section = _section_text(t, words)
        cursor = SEPARATOR.match(t.text, words[1]).end()
    path_match = PATH_AT.match(t.text, cursor)
    if words and not path_match and not _ends_there(t, words):
        # "Resolution 102 (...), noting that ...": prose, not the section.
        words, section = None, ""
    numbered = bool(path_match and path_match.group("intro"))
    if path_match and not (section or annex or numbered):
        path_match = None  # "Resolution 102 (2014) 3 ..." is no citation of a clause
    if not (section or annex or path_match):
        return None
    paths: list[tuple[tuple[str, ...], int, int]] = []
    end = words[1] if words else (annex_match.end() if annex else start)
    if path_match:
        paths = _paths_from(t, path_match)
        end = path_match.end()
        while following := LIST_NEXT.match(t.text, end):
            paths.extend(_paths_from(t, following))
            end = following.end()
    return _Place(start, end, annex, section, tuple(paths), numbered)


def _ends_there(t: _Text, words: tuple[int, int]) -> bool:
    """Section words without labels cite the section only when set in
    italics or when the sentence does not run on into more words."""
    if t.italic_starting(words[0]) == words:
        return True
    return SENTENCE_GOES_ON.match(t.text, words[1]) is not None


def _place_before(t: _Text, limit: int, start: int, vocabulary: tuple[str, ...]) -> _Place | None:
    """Running text: "*noting* c) of ", "§ 2.1 of the Annex to ", "Annex 2 to "."""
    annex: tuple[str, ...] = ()
    cut = start
    first = start
    if annex_match := ANNEX_BEFORE.search(t.text, max(limit, start - 80), start):
        annex = _annex_slugs(annex_match)
        cut = first = annex_match.start()
    of_match = OF_END.search(t.text, max(limit, cut - 20), cut)
    if not of_match:
        return _Place(first, start, annex) if annex else None
    head_end = of_match.start()
    paths: list[tuple[tuple[str, ...], int, int]] = []
    numbered = False
    words_end = head_end
    if list_match := PATH_LIST_END.search(t.text, max(limit, head_end - 80), head_end):
        numbered = bool(list_match.group("intro"))
        for match in PATH_ONE.finditer(list_match.group("paths")):
            offset = list_match.start("paths")
            paths.append((_labels(match.group(0)), offset + match.start(), offset + match.end()))
        words_end = list_match.start()
    words = _words_ending(t, limit, words_end, vocabulary) if words_end > limit else None
    if not (words or numbered or (annex and paths)):
        return _Place(first, start, annex) if annex else None
    section = _section_text(t, words) if words else ""
    begin = words[0] if words else (list_match.start() if list_match else first)
    return _Place(begin, start, annex, section, tuple(paths), numbered)


# ---------------------------------------------------------------- finding


def _designations(t: _Text) -> Iterable[tuple[re.Match[str], list[tuple[int, int | None, int, int]]]]:
    """Each resolution designation with its numbers: (number, revision, start, end)."""
    for match in DESIGNATION.finditer(t.text):
        numbers = []
        offset = match.start("numbers")
        for number in NUMBER.finditer(match.group("numbers")):
            revision = number.group("revision")
            numbers.append(
                (
                    int(number.group("number")),
                    int(revision) if revision is not None else None,
                    offset + number.start(),
                    offset + number.end(),
                )
            )
        if not match.group("word").lower().endswith("s") or match.group("word").lower() == "res":
            numbers = numbers[:1]  # "Resolution 102, 3 ..." names one resolution
        yield match, numbers


def _scan(original: str, vocabulary: tuple[str, ...], whole: bool) -> list[Citation]:
    t = _normalize(original)
    found: list[Citation] = []
    limit = 0
    designations = list(_designations(t))
    if whole and len(designations) > 1:
        return []  # a query is one citation, or it is a search
    for match, numbers in designations:
        if match.start() < limit:
            continue
        base, end = _designated(t, match, numbers, whole)
        if whole:
            place = _whole_place(t, match.start(), end)
            if place is None:
                return []
        else:
            place = _running_place(t, limit, match.start(), end, vocabulary)
        for index, (number, revision, number_start, number_end) in enumerate(numbers):
            first_start = match.start() if index == 0 else number_start
            last_end = end if index == len(numbers) - 1 else number_end
            citation = replace(base, number=number, revision=revision if base.body == "ra" else None)
            found.extend(_with_place(t, citation, first_start, last_end, place, single=len(numbers) == 1))
        limit = max(end, place.end if place else end)
    return found


def _designated(
    t: _Text, match: re.Match, numbers: list[tuple[int, int | None, int, int]], whole: bool
) -> tuple[Citation, int]:
    """The resolution a designation names (number, body, year, city), and
    where its designation ends: the edition in brackets and a body named
    after it ("of the Plenipotentiary Conference") are part of it."""
    end = numbers[-1][3]
    body = "ra" if match.group("itur") else _body(match.group("pbody"))
    year = _year(match.group("pyear"))
    city = ""
    if edition := _edition(t, end, whole):
        end = edition.end
        year, city = edition.year or year, edition.city
        body = body or edition.body
    if after := BODY_AFTER.match(t.text, end):
        end = after.end()
        body = body or _body(after.group("body") or after.group("council"))
        year = year or _year(after.group("year"))
    return Citation(number=numbers[0][0], body=body, year=year, city=city), end


def _running_place(t: _Text, limit: int, start: int, end: int, vocabulary: tuple[str, ...]) -> _Place | None:
    """In running text: the place written before the resolution ("noting
    b) of Resolution 102"), or after it, or an annex before and the rest after."""
    before = _place_before(t, limit, start, vocabulary)
    later = _place_after(t, end, vocabulary)
    if later and not (before and (before.section or before.paths)):
        # "Annex to Resolution 71 (...), § 2.1": the annex before, the rest after.
        return replace(
            later,
            start=before.start if before else later.start,
            annex=later.annex or (before.annex if before else ()),
        )
    return before


def _with_place(
    t: _Text, citation: Citation, start: int, end: int, place: _Place | None, *, single: bool
) -> list[Citation]:
    """The citation of each place listed ("noting b) and c)" is two), with
    its span in the original text: the first (or, before the resolution,
    the last) spans the resolution too; each further label is its own."""

    def finish(c: Citation, s: int, e: int) -> Citation:
        first, last = t.span(s, e)
        return replace(c, start=first, end=last, text=t.original[first:last])

    if place is None or not single:
        return [finish(citation, start, end)]
    placed = replace(citation, annex=place.annex, section=place.section, numbered=place.numbered)
    if not place.paths:
        return [finish(placed, min(start, place.start), max(end, place.end))]
    after = place.paths[0][1] >= end
    results = []
    for index, (labels, path_start, path_end) in enumerate(place.paths):
        if after:
            span = (min(start, place.start), path_end) if index == 0 else (path_start, path_end)
        else:
            last = index == len(place.paths) - 1
            span = (place.start if index == 0 else path_start, end if last else path_end)
        results.append(finish(replace(placed, labels=labels), *span))
    return results


def _whole_place(t: _Text, start: int, end: int) -> _Place | None:
    """In a /cite/ query: everything before and after the resolution must be
    its place, or the query is not (only) a citation."""
    before = WHOLE_BEFORE.fullmatch(t.text, 0, start)
    after = WHOLE_AFTER.fullmatch(t.text, end)
    if not before or not after:
        return None
    annex: tuple[str, ...] = ()
    if before.group("annexpart"):
        annex = _annex_slugs(ANNEX_PART.match(before.group("annexpart")))
    if after.group("annex"):
        annex = (slugify(re.sub(r"^the\s+", "", after.group("annex"), flags=re.IGNORECASE)),)
    # The place is either before ("noting c) of Resolution 102") or after.
    first = before.start() if before.group(0).strip() else start
    for part, other in ((before, after), (after, before)):
        words, path = part.group("words"), part.group("path")
        if words or path:
            if other.group("words") or other.group("path"):
                return None
            paths = []
            if path:
                offset = part.start("path")
                paths = [
                    (_labels(one.group(0)), offset + one.start(), offset + one.end())
                    for one in PATH_ONE.finditer(path)
                ]
            section = " ".join((words or "").strip(" ,").split())
            return _Place(
                min(first, part.start()), part.end(), annex, section, tuple(paths), bool(part.group("intro"))
            )
    return _Place(first, end, annex)


# ---------------------------------------------------------------- public


def find_citations(text: str, vocabulary: Iterable[str] = ()) -> list[Citation]:
    """Every citation of a resolution in running text, in order.

    `vocabulary`: the section headings the site knows ("noting",
    "instructs the Secretary-General"), which is how section words are told
    from the prose around them; italics are taken as section words too.
    """
    return _scan(text, tuple(sorted(set(vocabulary))), whole=False)


def parse_citations(query: str) -> list[Citation]:
    """The citation(s) a whole query makes up: one, or several when it
    lists labels ("noting b) and c)"); [] when it is not a citation."""
    if not query or len(query) > 500:
        return []
    found = _scan(query, (), whole=True)
    if found:
        return found
    return _short_form(query)


def parse_citation(query: str) -> Citation | None:
    found = parse_citations(query)
    return found[0] if len(found) == 1 else None


def _short_form(query: str) -> list[Citation]:
    """ "102/2014 noting c", "102 noting c", "PP 102": a number stands for
    the resolution."""
    t = _normalize(query)
    match = SHORT_FORM.match(t.text)
    if not match:
        return []
    place = _whole_place(t, 0, match.end()) if match.end() < len(t.text) else _Place(0, match.end())
    if place is None:
        return []
    citation = Citation(
        number=int(match.group("number")),
        body=_body(match.group("body")),
        year=_year(match.group("year")),
        short=True,
    )
    return _with_place(t, citation, match.start("number"), match.end(), place, single=True)


# ---------------------------------------------------------------- section words against headings

STOPWORDS = frozenset({"the", "of", "on", "and", "to", "in", "for", "with", "as", "an"})
# What delegates shorten in section words.
ABBREVIATIONS = {
    "sg": ("secretary", "general"),
    "tsb": ("telecommunication", "standardization", "bureau"),
    "bdt": ("telecommunication", "development", "bureau"),
    "br": ("radiocommunication", "bureau"),
    "recognising": ("recognizing",),
    "emphasising": ("emphasizing",),
}
FUZZY_WORD = 85


def content_words(text: str) -> tuple[str, ...]:
    words: list[str] = []
    for word in re.findall(r"[a-z0-9]+", fold(text)):
        if word in ABBREVIATIONS:
            words.extend(ABBREVIATIONS[word])
        elif word not in STOPWORDS:
            words.append(word)
    return tuple(words)


def match_sections(words: str, headings: Sequence[tuple[str, str]]) -> list[str]:
    """The slugs of the sections `words` can mean, among (slug, heading
    text) pairs: an exact match if there is one, else the headings the words
    begin (so "instructs" is every "instructs ..."), else the same words
    spelt a little differently ("recognising further"), else headings that
    contain the words in order. Several slugs: the citation is ambiguous."""
    wanted = content_words(words)
    if not wanted:
        return []
    slug = slugify(words)
    exact = [s for s, text in headings if s == slug or content_words(text) == wanted]
    if exact:
        return _unique(exact)
    prefix = [s for s, text in headings if content_words(text)[: len(wanted)] == wanted]
    if prefix:
        return _unique(prefix)

    def close(mine: Sequence[str], theirs: Sequence[str]) -> bool:
        return len(theirs) >= len(mine) and all(
            fuzz.ratio(a, b) >= FUZZY_WORD for a, b in zip(mine, theirs, strict=False)
        )

    fuzzy = [s for s, text in headings if close(wanted, content_words(text))]
    if fuzzy:
        return _unique(fuzzy)

    def in_order(mine: Sequence[str], theirs: Sequence[str]) -> bool:
        remaining = iter(theirs)
        return all(any(word == other for other in remaining) for word in mine)

    return _unique([s for s, text in headings if in_order(wanted, content_words(text))])


def _unique(slugs: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(slugs))
