"""What citations point to among the stored editions, and meeting documents
with their citations linked.

`resolutions.citing` says what a citation says; this module finds it: the
resolution (by number, and body when given or when the reader chose one),
the edition (year, city, ITU-R revision, or the newest when none is given,
which the result says), then the place, as a section matched against that
edition's own headings plus a label path, looked up by stored path
(`noting/b`, `resolves/1/a`, `annex/2/1`). A citation that fits several
places gives candidates; one whose edition lacks the place says so and
offers the place in the other editions, with where that clause went.

Every lookup is done for a whole batch of citations at once, in a fixed
number of queries however many citations a document holds: resolutions,
their editions, the headings of those editions, the clauses at every
candidate path, and every version of the clauses found (which is how a
clause cited in 2010 is followed, by identity, to where it stands now).
"""

from __future__ import annotations

import enum
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from rapidfuzz import fuzz

from resolutions.citations import section_name
from resolutions.citing import Citation, find_citations, fold, match_sections
from resolutions.comparison import OtherEdition, other_editions
from resolutions.document import Kind, slugify
from resolutions.models import Body, ClauseVersion, Edition, Resolution
from resolutions.redline import Status, clause_status

HELD_BODIES = frozenset(Body.values)
BODY_WORDS = {
    "wrc": "World Radiocommunication Conferences",
    "council": "the ITU Council",
    "un": "the United Nations General Assembly",
}
CITY_SIMILARITY = 85
CONFLICT = (
    "The year and the city cited are of different editions."  # "Marrakech" and "Marrakesh" are the same city
)


class Outcome(enum.StrEnum):
    CLAUSE = "clause"  # one clause (a section's only paragraph counts)
    SECTION = "section"  # a labelled section as a whole
    EDITION = "edition"
    RESOLUTION = "resolution"
    CANDIDATES = "candidates"  # ambiguous or partial: several places fit
    MISSING = "missing"  # the edition has no such place, or the site no such edition
    UNKNOWN = "unknown"  # the site holds no such resolution


@dataclass(frozen=True)
class Target:
    """Something a citation can lead to, as a page shows it."""

    url: str
    html: SafeString  # its canonical citation
    excerpt: str = ""


@dataclass(frozen=True)
class Later:
    """A cited clause against the newest edition, followed by identity."""

    newest: Edition
    version: ClauseVersion | None  # the clause there; None when deleted
    deleted_in: Edition | None
    relabelled: bool
    amended: bool

    @property
    def changed(self) -> bool:
        return bool(self.deleted_in or self.relabelled or self.amended)


@dataclass(frozen=True)
class Offer:
    """The cited place in another edition, and where that clause stands in
    the cited edition (`in_cited`), if anywhere."""

    version: ClauseVersion
    in_cited: ClauseVersion | None = None


@dataclass
class Lookup:
    citation: Citation
    outcome: Outcome
    resolution: Resolution | None = None
    edition: Edition | None = None
    version: ClauseVersion | None = None  # CLAUSE, and SECTION (its heading)
    target: Target | None = None
    # No edition was cited, so the newest was taken.
    latest_assumed: bool = False
    candidates: list[Target] = field(default_factory=list)
    reason: str = ""  # MISSING and UNKNOWN: what is not there
    offers: list[Offer] = field(default_factory=list)
    editions: list[Edition] = field(default_factory=list)  # MISSING edition: those the site has
    sections: list[Target] = field(default_factory=list)  # MISSING label: the section cited, which exists
    later: Later | None = None
    # CLAUSE: where the clause stands in the resolution's other editions.
    elsewhere: list[OtherEdition] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.target is not None

    @property
    def flagged(self) -> bool:
        return self.later is not None and self.later.changed

    @property
    def newer_edition(self) -> Edition | None:
        """For a whole edition cited: the newest, when it is another one."""
        if self.outcome != Outcome.EDITION:
            return None
        newest = list(self.resolution.editions.all())[-1]  # prefetched
        return newest if newest.pk != self.edition.pk else None

    def changes_url(self) -> str:
        """The comparison of the cited edition with the newest, at this clause."""
        if self.later is None or self.version is None:
            return ""
        resolution = self.resolution
        url = reverse(
            "resolutions:compare",
            args=[resolution.body, resolution.number, self.edition.year, self.later.newest.year],
        )
        anchor = self.later.version.anchor if self.later.version else f"deleted-{self.version.anchor}"
        return f"{url}#{anchor}"

    def link(self) -> str:
        """Where a linked document sends a reader: the place itself, or the
        /cite/ page that lists candidates or says what is missing."""
        if self.target is not None:
            return self.target.url
        if self.outcome in (Outcome.CANDIDATES, Outcome.MISSING):
            return f"{reverse('resolutions:cite')}?{_query(self.citation.as_query())}"
        return ""


def _query(text: str) -> str:
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    query["q"] = text
    return query.urlencode()


# ---------------------------------------------------------------- targets


def section_url(heading: ClauseVersion) -> str:
    edition = heading.edition
    return reverse(
        "resolutions:clause",
        args=[edition.resolution.body, edition.resolution.number, edition.year, heading.section_slug],
    )


def version_target(version: ClauseVersion) -> Target:
    if version.kind == Kind.HEADING:
        return Target(section_url(version), version.citation_html)
    excerpt = version.text if len(version.text) <= 160 else version.text[:159].rsplit(" ", 1)[0] + " …"
    return Target(version.get_absolute_url(), version.citation_html, excerpt)


def edition_target(edition: Edition) -> Target:
    html = format_html("Resolution {} ({})", edition.resolution.number, edition.citation_designation)
    return Target(edition.get_absolute_url(), html, edition.title)


def resolution_target(resolution: Resolution) -> Target:
    html = format_html("Resolution {} ({})", resolution.number, resolution.get_body_display())
    return Target(resolution.get_absolute_url(), html, resolution.title)


# ---------------------------------------------------------------- editions


def _city_matches(cited: str, city: str) -> bool:
    a, b = re.sub(r"[^a-z]", "", fold(cited)), re.sub(r"[^a-z]", "", fold(city))
    return a == b or fuzz.ratio(a, b) >= CITY_SIMILARITY


RA_REVISION = re.compile(r"ITU-R\s*\d+\s*-\s*(\d+)", re.IGNORECASE)


def _matching_editions(
    citation: Citation, editions: list[Edition], revisions: dict[int, int]
) -> tuple[list[Edition], bool]:
    """The editions the citation's year, city and revision fit, and whether
    those disagree with each other (a year of one edition, the city of
    another): then each edition that fits one of them is returned."""
    checks = []
    if citation.revision is not None:
        checks.append(lambda e: revisions.get(e.pk) == citation.revision)
    if citation.year:
        checks.append(lambda e: e.year == citation.year)
    if citation.city:
        checks.append(lambda e: _city_matches(citation.city, e.city))
    fitting = [e for e in editions if all(check(e) for check in checks)]
    if fitting or len(checks) < 2:
        return fitting, False
    return [e for e in editions if any(check(e) for check in checks)], True


# ---------------------------------------------------------------- places


def _label_variants(slug: str) -> list[str]:
    """ "2-bis" is printed "2 bis" or "2bis": both spellings."""
    match = re.fullmatch(
        r"(.+?)-?(bis|ter|quater|quinquies|sexies|septies|octies|novies|nonies|decies)", slug
    )
    if not match:
        return [slug]
    return list(dict.fromkeys([slug, f"{match[1]}{match[2]}", f"{match[1]}-{match[2]}"]))


def _label_paths(citation: Citation) -> list[str]:
    variants = [_label_variants(slug) for slug in citation.label_slugs()]
    return ["/".join(combination) for combination in itertools.product(*variants)]


@dataclass(frozen=True)
class _Place:
    """Where to look in one edition: for each section the words may mean,
    the paths to try, best first."""

    options: tuple[tuple[str, ...], ...]
    unknown_section: bool = False
    sections: tuple[str, ...] = ()  # the sections' own paths, to offer when a label is missing


def _place(citation: Citation, headings: Sequence[tuple[str, str]]) -> _Place:
    labels = _label_paths(citation) if citation.labels else []
    annex = "/".join(citation.annex)
    if front := citation.front_matter:
        if front == "footnote":
            return _Place(tuple((f"footnote/{label}",) for label in labels))
        return _Place(((front,),))
    if citation.section:
        slugs = match_sections(citation.section, headings)
        bases = [f"{annex}/{slug}" if annex else slug for slug in slugs]
        if not bases:
            # Not a heading of this edition: the words as a path, so that
            # the other editions can still be searched for them.
            bases = [f"{annex}/{slugify(citation.section)}" if annex else slugify(citation.section)]
            return _Place(_options(bases, labels), unknown_section=True)
        return _Place(
            _options(bases, labels), sections=tuple(f"{base}/heading" for base in bases) if labels else ()
        )
    if annex:
        return _Place(_options([annex], labels))
    # Labels alone ("paragraph 3 of Resolution 102"): under any section.
    return _Place(_options([slug for slug, _ in headings], labels))


def _options(bases: Iterable[str], labels: list[str]) -> tuple[tuple[str, ...], ...]:
    if labels:
        return tuple(tuple(f"{base}/{label}" for label in labels) for base in bases)
    # A section's only paragraph before the section itself.
    return tuple((base, f"{base}/heading") for base in bases)


def _find(
    place: _Place, edition: Edition, by_path: dict[tuple[int, str], ClauseVersion]
) -> list[ClauseVersion]:
    found = []
    for paths in place.options:
        version = next((by_path[(edition.pk, p)] for p in paths if (edition.pk, p) in by_path), None)
        if version is not None and version not in found:
            found.append(version)
    return found


# ---------------------------------------------------------------- resolving


@dataclass
class _Plan:
    citation: Citation
    lookup: Lookup | None = None  # decided without looking at clauses
    resolution: Resolution | None = None
    edition: Edition | None = None
    editions: list[Edition] = field(default_factory=list)  # the resolution's, oldest first
    conflicting: list[Edition] = field(default_factory=list)
    latest_assumed: bool = False


def resolve_citations(citations: Sequence[Citation], *, default_body: str = "") -> list[Lookup]:
    """One Lookup per citation, in a fixed number of queries."""
    if not citations:
        return []
    resolutions = _resolutions({citation.number for citation in citations})
    revisions = _revisions(citations, resolutions)
    plans = [_plan(citation, resolutions, revisions, default_body) for citation in citations]
    editions = {e.pk: e for plan in plans for e in plan.editions}
    headings = _headings(editions)
    places = {
        (index, edition_id): _place(plan.citation, headings[edition_id])
        for index, plan in enumerate(plans)
        if plan.lookup is None and plan.citation.place_given
        for edition_id in (e.pk for e in plan.editions)
    }
    by_path = _versions_at(editions, places.values())
    lookups = [
        plan.lookup or _locate(plan, {e.pk: places.get((index, e.pk)) for e in plan.editions}, by_path)
        for index, plan in enumerate(plans)
    ]
    _follow_identities(lookups, editions)
    return lookups


def _resolutions(numbers: set[int]) -> list[Resolution]:
    """The resolutions of these numbers, their editions oldest first; one query each."""
    resolutions = list(
        Resolution.objects.filter(number__in=numbers).prefetch_related(
            Prefetch("editions", queryset=Edition.objects.chronological())
        )
    )
    for resolution in resolutions:
        for edition in resolution.editions.all():
            edition.resolution = resolution  # no query per edition for its resolution
    return resolutions


def _headings(editions: dict[int, Edition]) -> dict[int, list[tuple[str, str]]]:
    """Edition id -> its sections as (slug, name as cited); one query."""
    headings: dict[int, list[tuple[str, str]]] = defaultdict(list)
    if editions:
        for edition_id, slug, text in ClauseVersion.objects.filter(
            edition__in=list(editions), kind=Kind.HEADING
        ).values_list("edition_id", "section_slug", "text"):
            headings[edition_id].append((slug, section_name(text)))
    return headings


def _versions_at(
    editions: dict[int, Edition], places: Iterable[_Place]
) -> dict[tuple[int, str], ClauseVersion]:
    """(edition id, path) -> the clause there, for every path any place may
    try; one query."""
    paths: set[str] = set()
    for place in places:
        paths.update(path for option in place.options for path in option)
        paths.update(place.sections)
    by_path: dict[tuple[int, str], ClauseVersion] = {}
    if paths:
        for version in ClauseVersion.objects.filter(
            edition__in=list(editions), path__in=paths
        ).select_related("section"):
            version.edition = editions[version.edition_id]
            by_path[(version.edition_id, version.path)] = version
    return by_path


def _revisions(citations: Sequence[Citation], resolutions: list[Resolution]) -> dict[int, int]:
    """Edition id -> the revision its resolution line gives ("ITU-R 2-8": 8),
    for the ITU-R resolutions cited by revision; one query when needed."""
    wanted = {c.number for c in citations if c.revision is not None}
    editions = [e.pk for r in resolutions if r.number in wanted for e in r.editions.all()]
    if not editions:
        return {}
    revisions = {}
    for edition_id, text in ClauseVersion.objects.filter(
        edition__in=editions, kind=Kind.RESOLUTION_LINE
    ).values_list("edition_id", "text"):
        if match := RA_REVISION.search(text):
            revisions[edition_id] = int(match.group(1))
    return revisions


def _plan(
    citation: Citation, resolutions: list[Resolution], revisions: dict[int, int], default_body: str
) -> _Plan:
    plan = _Plan(citation)
    chosen = _choose_resolution(citation, resolutions, revisions, default_body)
    if isinstance(chosen, Lookup):
        plan.lookup = chosen
        return plan
    resolution = plan.resolution = chosen
    plan.editions = list(resolution.editions.all())
    if not plan.editions:
        plan.lookup = Lookup(
            citation, Outcome.UNKNOWN, resolution=resolution, reason="It has no edition yet."
        )
    elif not citation.edition_given:
        if citation.place_given:
            plan.edition, plan.latest_assumed = plan.editions[-1], True
        else:
            plan.lookup = Lookup(
                citation, Outcome.RESOLUTION, resolution=resolution, target=resolution_target(resolution)
            )
    else:
        fitting, conflict = _matching_editions(citation, plan.editions, revisions)
        if conflict:
            plan.conflicting = fitting
        elif len(fitting) == 1:
            plan.edition = fitting[0]
        if plan.edition is None and not citation.place_given:
            plan.lookup = _edition_choice(citation, resolution, plan.editions, fitting, conflict)
    return plan


def _choose_resolution(
    citation: Citation, resolutions: list[Resolution], revisions: dict[int, int], default_body: str
) -> Resolution | Lookup:
    """The one resolution cited, or the Lookup that says why there is none."""
    if citation.body and citation.body not in HELD_BODIES:
        return Lookup(
            citation,
            Outcome.UNKNOWN,
            reason=f"This site holds no resolutions of {BODY_WORDS.get(citation.body, citation.body)}.",
        )
    body = citation.body or default_body
    matching = [r for r in resolutions if r.number == citation.number and (not body or r.body == body)]
    if not matching:
        named = f"{Body(body).label} " if body else ""
        return Lookup(
            citation, Outcome.UNKNOWN, reason=f"This site has no {named}Resolution {citation.number}."
        )
    if len(matching) == 1:
        return matching[0]
    fitting = [r for r in matching if _matching_editions(citation, list(r.editions.all()), revisions)[0]]
    if len(fitting) == 1:
        return fitting[0]
    return Lookup(
        citation,
        Outcome.CANDIDATES,
        candidates=[resolution_target(r) for r in (fitting or matching)],
        reason=f"Several conferences have a Resolution {citation.number}.",
    )


def _edition_choice(
    citation: Citation,
    resolution: Resolution,
    editions: list[Edition],
    fitting: list[Edition],
    conflict: bool,
) -> Lookup:
    """No place cited and no single edition fits."""
    if fitting:
        reason = CONFLICT if conflict else ""
        return Lookup(
            citation,
            Outcome.CANDIDATES,
            resolution=resolution,
            candidates=[edition_target(e) for e in fitting],
            reason=reason,
        )
    return Lookup(
        citation,
        Outcome.MISSING,
        resolution=resolution,
        editions=editions,
        reason=_no_edition(citation, resolution),
    )


def _no_edition(citation: Citation, resolution: Resolution) -> str:
    said = ", ".join(
        part
        for part in (
            citation.city,
            str(citation.year) if citation.year else "",
            f"revision {citation.revision}" if citation.revision is not None else "",
        )
        if part
    )
    return f"This site has no edition of Resolution {resolution.number} ({said})."


def _locate(
    plan: _Plan, places: dict[int, _Place | None], by_path: dict[tuple[int, str], ClauseVersion]
) -> Lookup:
    if plan.edition is None:
        return _locate_without_edition(plan, places, by_path)
    citation, resolution, edition = plan.citation, plan.resolution, plan.edition
    if not citation.place_given:
        return Lookup(
            citation, Outcome.EDITION, resolution=resolution, edition=edition, target=edition_target(edition)
        )
    found = _find(places[edition.pk], edition, by_path)
    common = {"resolution": resolution, "edition": edition, "latest_assumed": plan.latest_assumed}
    if len(found) == 1:
        version = found[0]
        outcome = Outcome.SECTION if version.kind == Kind.HEADING else Outcome.CLAUSE
        return Lookup(citation, outcome, version=version, target=version_target(version), **common)
    if found:
        return Lookup(
            citation,
            Outcome.CANDIDATES,
            candidates=[version_target(v) for v in found],
            reason=f"“{citation.where()}” fits several places in {edition.citation_designation}.",
            **common,
        )
    offers = [
        Offer(v)
        for other in plan.editions
        if other.pk != edition.pk and places.get(other.pk)
        for v in _find(places[other.pk], other, by_path)
    ]
    place = places[edition.pk]
    sections = [by_path[(edition.pk, path)] for path in place.sections if (edition.pk, path) in by_path]
    return Lookup(
        citation,
        Outcome.MISSING,
        offers=offers,
        sections=[version_target(heading) for heading in sections],
        reason=f"{edition.citation_designation} has no {citation.where()}.",
        **common,
    )


def _locate_without_edition(
    plan: _Plan, places: dict[int, _Place | None], by_path: dict[tuple[int, str], ClauseVersion]
) -> Lookup:
    """No single edition fits: the place in each edition that does, or in
    each edition of the resolution when none does."""
    citation, resolution = plan.citation, plan.resolution
    pool = plan.conflicting
    found = [v for e in pool for v in _find(places[e.pk], e, by_path)] if pool else []
    if found:
        return Lookup(
            citation,
            Outcome.CANDIDATES,
            resolution=resolution,
            candidates=[version_target(v) for v in found],
            reason=CONFLICT,
        )
    offers = [Offer(v) for e in plan.editions for v in _find(places[e.pk], e, by_path)]
    return Lookup(
        citation,
        Outcome.MISSING,
        resolution=resolution,
        editions=plan.editions,
        offers=offers,
        reason=_no_edition(citation, resolution),
    )


def _follow_identities(lookups: list[Lookup], editions: dict[int, Edition]) -> None:
    """Every version of the clauses found or offered, in one query: where a
    cited clause stands in the newest edition, and where an offered one
    stands in the cited edition."""
    clause_ids = {lookup.version.clause_id for lookup in lookups if lookup.version is not None}
    clause_ids |= {offer.version.clause_id for lookup in lookups for offer in lookup.offers}
    if not clause_ids:
        return
    versions: dict[int, dict[int, ClauseVersion]] = defaultdict(dict)
    for version in ClauseVersion.objects.filter(
        clause_id__in=clause_ids, edition__in=list(editions)
    ).select_related("section"):
        version.edition = editions[version.edition_id]
        versions[version.clause_id][version.edition_id] = version
    for lookup in lookups:
        if lookup.version is not None:
            history = versions[lookup.version.clause_id]
            all_editions = list(lookup.resolution.editions.all())
            lookup.elsewhere = other_editions(lookup.edition, all_editions, history)
            lookup.later = _later(lookup.version, all_editions, lookup.elsewhere, history)
        if lookup.offers and lookup.edition is not None:
            lookup.offers = [
                Offer(offer.version, versions[offer.version.clause_id].get(lookup.edition.pk))
                for offer in lookup.offers
            ]


def _later(
    version: ClauseVersion,
    editions: list[Edition],
    elsewhere: list[OtherEdition],
    history: dict[int, ClauseVersion],
) -> Later | None:
    newest = editions[-1]
    if newest.pk == version.edition_id:
        return None
    now = history.get(newest.pk)
    deleted_in = next(
        (item.edition for item in elsewhere if item.deleted and item.edition.year > version.edition.year),
        None,
    )
    if now is None:
        return Later(newest, None, deleted_in, relabelled=False, amended=False)
    amended = clause_status(version.as_parsed(None), now.as_parsed(None)) == Status.MOD
    return Later(newest, now, None, relabelled=now.reference != version.reference, amended=amended)


# ---------------------------------------------------------------- documents


def section_vocabulary() -> list[str]:
    """Every section heading of every stored edition, as cited: what tells
    section words from prose in running text. One query."""
    texts = ClauseVersion.objects.filter(kind=Kind.HEADING).values_list("text", flat=True).distinct()
    return sorted({section_name(text) for text in texts})


@dataclass(frozen=True)
class Found:
    """A citation found in a document: which paragraph, and what it points to."""

    paragraph: int
    citation: Citation
    lookup: Lookup
    url: str  # absolute; "" when the citation leads nowhere on this site


@dataclass(frozen=True)
class Piece:
    text: str
    found: Found | None = None


@dataclass(frozen=True)
class LinkedDocument:
    paragraphs: list[list[Piece]]
    found: list[Found]

    @property
    def linked(self) -> list[Found]:
        return [item for item in self.found if item.url]

    @property
    def flagged(self) -> list[Found]:
        return [item for item in self.found if item.lookup.flagged]

    @property
    def unlinked(self) -> list[Found]:
        return [item for item in self.found if not item.url]


def link_paragraphs(
    paragraphs: Sequence[str], *, absolute: Callable[[str], str], default_body: str = ""
) -> LinkedDocument:
    """Every citation in the paragraphs, resolved together (a fixed number
    of queries for the whole document), and each paragraph cut into plain
    text and linked citations."""
    vocabulary = section_vocabulary()
    per_paragraph = [find_citations(text, vocabulary) for text in paragraphs]
    lookups = iter(
        resolve_citations([c for found in per_paragraph for c in found], default_body=default_body)
    )
    found: list[Found] = []
    pieces: list[list[Piece]] = []
    for index, (text, citations) in enumerate(zip(paragraphs, per_paragraph, strict=True)):
        row: list[Piece] = []
        position = 0
        for citation in citations:
            lookup = next(lookups)
            link = lookup.link()
            item = Found(index, citation, lookup, absolute(link) if link else "")
            found.append(item)
            if citation.start > position:
                row.append(Piece(text[position : citation.start]))
            row.append(Piece(citation.text, item))
            position = citation.end
        if position < len(text):
            row.append(Piece(text[position:]))
        pieces.append(row)
    return LinkedDocument(pieces, found)
