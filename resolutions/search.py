"""Full-text search over every clause of every edition.

One interface, `search(query, scope)`, whatever the database; a backend per
database, chosen from `connection.vendor`, does the matching, the ranking and
the marking of matched words:

- SQLite: FTS5 (`porter unicode61`: English stemming), bm25 ranking, and
  FTS5's own highlight();
- PostgreSQL: the `english` configuration, SearchQuery / SearchRank /
  SearchHeadline over the stored tsvector column.

The index itself is the database's (search_index.py).

What people type (`parse_query`): words, all of which must match, in any of
their forms ("connecting" finds "connected"); "a phrase" in quotes;
-word or -"a phrase" to leave out clauses that have it; OR between two
terms for either. Nothing typed is ever FTS syntax: terms are reduced to
their words (letters and digits) and sent as quoted phrases (SQLite) or
through phraseto_tsquery (PostgreSQL), so `"unbalanced`, `NEAR(` or `*`
find what their words find, or nothing, and never raise.

Results are grouped by resolution (the best-ranked first) and edition
(newest first), clauses in reading order. The database marks what matched
with two private-use characters; `marked_pieces` splits on them, and the
templates escape every piece, so no text from the database is ever markup.

A page of results costs four queries, however many match: the count per
edition, the ids of the page, their marked texts, the clause versions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, reduce
from operator import and_, or_
from typing import Protocol

from django.db import connection as default_connection
from django.db.models import Count, Expression, F, Max, OuterRef, QuerySet, Subquery, Window
from django.urls import reverse

from resolutions import search_index
from resolutions.comparison import pair_changes, row_anchor
from resolutions.models import ClauseVersion, Edition, Resolution
from resolutions.redline import Status

PAGE_SIZE = 20
# Deep pages cost a sort of every match and help nobody: past this many,
# the page asks for a narrower search instead.
MAX_RESULTS = 1000
MAX_TERMS = 16
MAX_WORDS_PER_TERM = 16

# Marks around matched words in the texts the database returns; private-use
# characters, which no clause text has (checked: a text that has them is
# shown unmarked).
START, STOP = "\ue000", "\ue001"

# What a term is made of: letters and digits, as FTS5's unicode61 and
# PostgreSQL's parser both cut words ("e-government" is "e" "government").
WORD = re.compile(r"[^\W_]+")
# A quoted phrase (closing quote optional) or a bare run, either with a
# leading "-" to exclude it.
QUERY_TOKEN = re.compile(r'(?P<minus>-?)(?:"(?P<phrase>[^"]*)"?|(?P<bare>[^\s"]+))')

Term = tuple[str, ...]  # its words; more than one is a phrase


@dataclass(frozen=True)
class Query:
    """A search as the backends take it: every group must match (any of its
    terms), no excluded term may."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    truncated: bool = False  # terms past MAX_TERMS were left out

    def __bool__(self) -> bool:
        return bool(self.groups)

    def __str__(self) -> str:
        def term(words: Term) -> str:
            return " ".join(words) if len(words) == 1 else f'"{" ".join(words)}"'

        parts = [" OR ".join(term(t) for t in group) for group in self.groups]
        parts += [f"-{term(t)}" for t in self.excluded]
        return " ".join(parts)


def parse_query(text: str) -> Query:
    """What a person typed, as a Query; never fails (see the module doc)."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = False
    count = 0
    truncated = False
    for token in QUERY_TOKEN.finditer(text):
        if token["bare"] == "OR" and not token["minus"]:
            pending_or = bool(groups)
            continue
        words = tuple(word.casefold() for word in WORD.findall(token["phrase"] or token["bare"] or ""))
        if not words:
            continue
        if count == MAX_TERMS:
            truncated = True
            break
        count += 1
        term = words[:MAX_WORDS_PER_TERM]
        if token["minus"]:
            excluded.append(term)
        elif pending_or:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    return Query(tuple(tuple(group) for group in groups), tuple(excluded), truncated)


# ---- What to search in


@dataclass(frozen=True)
class Change:
    """What happened to a clause version between two editions."""

    status: Status
    relabelled: bool
    moved: bool
    old_edition: Edition
    new_edition: Edition
    anchor: str  # its row on the comparison page

    @property
    def comparison_url(self) -> str:
        resolution = self.new_edition.resolution
        url = reverse(
            "resolutions:compare",
            args=[resolution.body, resolution.number, self.old_edition.year, self.new_edition.year],
        )
        return f"{url}#{self.anchor}"


@dataclass(frozen=True)
class Scope:
    """Where to search: editions (a QuerySet, None for all of them) and,
    for "changed between", only these clause versions, with what happened
    to each (None: every clause version)."""

    editions: QuerySet[Edition] | None = None
    changes: Mapping[int, Change] | None = None


def latest_editions() -> QuerySet[Edition]:
    newest = Edition.objects.filter(resolution=OuterRef("resolution")).order_by("-year").values("year")[:1]
    return Edition.objects.filter(year=Subquery(newest))


def changes_between(
    old_year: int | None, new_year: int | None, resolution: Resolution | None = None
) -> dict[int, Change]:
    """The clause versions that changed between two editions of each
    resolution (or of `resolution`), with what happened to each: kept in the
    newer edition, or the older one's for a deleted clause. The newer
    edition is that of `new_year`, or the newest; the older that of
    `old_year`, or the one before the newer. A resolution without both is
    left out.

    "Changed" is comparison.pair_changes read by redline.counts_as_change,
    the one definition of a change (added, deleted, modified, relettered or
    moved). Two queries however many resolutions, reading plain rows rather
    than model instances: a whole collection's editions can be in play."""
    editions = Edition.objects.select_related("resolution").order_by("year")
    if resolution is not None:
        editions = editions.filter(resolution=resolution)
    by_resolution: dict[int, list[Edition]] = {}
    for edition in editions:
        by_resolution.setdefault(edition.resolution_id, []).append(edition)
    pairs = [pair for years in by_resolution.values() if (pair := _pair(years, old_year, new_year))]
    stored = ClauseVersion.objects.plain_by_edition([edition for pair in pairs for edition in pair])
    changes: dict[int, Change] = {}
    for old, new in pairs:
        before, after = stored[old.pk], stored[new.pk]
        for change in pair_changes(before, after):
            if change.changed:
                pair = change.pair
                was = before[pair.old_index] if pair.old_index is not None else None
                now = after[pair.new_index] if pair.new_index is not None else None
                anchor = row_anchor(was.path if was else None, now.path if now else None)
                changes[(now or was).pk] = Change(
                    change.status, change.relabelled, pair.moved, old, new, anchor
                )
    return changes


def _pair(
    editions: list[Edition], old_year: int | None, new_year: int | None
) -> tuple[Edition, Edition] | None:
    """(older, newer) of one resolution's editions (oldest first)."""
    by_year = {edition.year: edition for edition in editions}
    new = by_year.get(new_year) if new_year is not None else editions[-1]
    if new is None:
        return None
    if old_year is not None:
        old = by_year.get(old_year)
    else:
        earlier = [edition for edition in editions if edition.year < new.year]
        old = earlier[-1] if earlier else None
    return (old, new) if old is not None and old != new else None


# ---- Backends


class Backend(Protocol):
    def counts(self, query: Query, scope: Scope) -> dict[int, int]:
        """Matching clause versions per edition id."""

    def ranked_ids(self, query: Query, scope: Scope, offset: int, limit: int) -> list[int]:
        """The ids of one page of matching clause versions, in result order."""

    def marked_texts(self, query: Query, ids: Sequence[int]) -> dict[int, str]:
        """The texts of these clause versions, matched words between START and STOP."""


class SQLiteBackend:
    """FTS5 over the external-content table of search_index."""

    table = search_index.FTS_TABLE

    @staticmethod
    def match(query: Query) -> str:
        """The FTS5 query: every term a quoted phrase of bare words (WORD
        allows no quote or operator into it)."""

        def phrase(term: Term) -> str:
            return '"' + " ".join(term) + '"'

        expression = " AND ".join("(" + " OR ".join(map(phrase, group)) + ")" for group in query.groups)
        for term in query.excluded:
            expression = f"({expression}) NOT {phrase(term)}"
        return expression

    def _where(self, query: Query, scope: Scope) -> tuple[str, list]:
        conditions, params = [f"{self.table} MATCH %s"], [self.match(query)]
        if scope.editions is not None:
            sql, edition_params = scope.editions.values("pk").query.sql_with_params()
            conditions.append(f"cv.edition_id IN ({sql})")
            params.extend(edition_params)
        if scope.changes is not None:
            # One parameter however many clauses: SQLite caps their number.
            conditions.append("cv.id IN (SELECT value FROM json_each(%s))")
            params.append(json.dumps(sorted(scope.changes)))
        return " AND ".join(conditions), params

    def _from(self) -> str:
        return (
            f"{self.table} JOIN {search_index.CONTENT_TABLE} cv ON cv.id = {self.table}.rowid "
            "JOIN resolutions_edition e ON e.id = cv.edition_id"
        )

    def _rows(self, sql: str, params: Sequence) -> list[tuple]:
        with default_connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def counts(self, query: Query, scope: Scope) -> dict[int, int]:
        where, params = self._where(query, scope)
        return dict(
            self._rows(
                f"SELECT cv.edition_id, count(*) FROM {self._from()} WHERE {where} GROUP BY cv.edition_id",
                params,
            )
        )

    def ranked_ids(self, query: Query, scope: Scope, offset: int, limit: int) -> list[int]:
        where, params = self._where(query, scope)
        # bm25: lower is better; a resolution ranks by its best clause.
        sql = (
            f"SELECT cv.id FROM {self._from()} WHERE {where} "
            f"ORDER BY min(bm25({self.table})) OVER (PARTITION BY e.resolution_id), "
            'e.resolution_id, e.year DESC, cv."order" LIMIT %s OFFSET %s'
        )
        return [pk for (pk,) in self._rows(sql, [*params, limit, offset])]

    def marked_texts(self, query: Query, ids: Sequence[int]) -> dict[int, str]:
        sql = (
            f"SELECT rowid, highlight({self.table}, 0, %s, %s) FROM {self.table} "
            f"WHERE {self.table} MATCH %s AND rowid IN (SELECT value FROM json_each(%s))"
        )
        return dict(self._rows(sql, [START, STOP, self.match(query), json.dumps(list(ids))]))


class StoredVector(Expression):
    """The generated tsvector column of search_index, which the model does
    not declare (SQLite has no such type)."""

    def __init__(self):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return (
            f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(search_index.PG_COLUMN)}",
            [],
        )


class PostgreSQLBackend:
    """PostgreSQL's full-text search through django.contrib.postgres."""

    config = search_index.PG_CONFIG

    def search_query(self, query: Query):
        from django.contrib.postgres.search import SearchQuery

        def term(words: Term) -> SearchQuery:
            return SearchQuery(" ".join(words), search_type="phrase", config=self.config)

        combined = reduce(and_, (reduce(or_, map(term, group)) for group in query.groups))
        for words in query.excluded:
            combined &= ~term(words)
        return combined

    def _matches(self, query: Query, scope: Scope) -> QuerySet[ClauseVersion]:
        matches = ClauseVersion.objects.annotate(vector=StoredVector()).filter(
            vector=self.search_query(query)
        )
        if scope.editions is not None:
            matches = matches.filter(edition__in=scope.editions)
        if scope.changes is not None:
            matches = matches.filter(pk__in=list(scope.changes))
        return matches

    def counts(self, query: Query, scope: Scope) -> dict[int, int]:
        rows = self._matches(query, scope).order_by().values("edition_id").annotate(n=Count("pk"))
        return {row["edition_id"]: row["n"] for row in rows}

    def ranked_ids(self, query: Query, scope: Scope, offset: int, limit: int) -> list[int]:
        from django.contrib.postgres.search import SearchRank

        rank = SearchRank(StoredVector(), self.search_query(query))
        ranked = (
            self._matches(query, scope)
            .annotate(best=Window(Max(rank), partition_by=F("edition__resolution_id")))
            .order_by("-best", "edition__resolution_id", "-edition__year", "order")
        )
        return list(ranked.values_list("pk", flat=True)[offset : offset + limit])

    def marked_texts(self, query: Query, ids: Sequence[int]) -> dict[int, str]:
        from django.contrib.postgres.search import SearchHeadline

        headline = SearchHeadline(
            "text",
            self.search_query(query),
            config=self.config,
            start_sel=START,
            stop_sel=STOP,
            highlight_all=True,
        )
        marked = ClauseVersion.objects.filter(pk__in=ids).order_by().annotate(marked=headline)
        return dict(marked.values_list("pk", "marked"))


BACKENDS: dict[str, type] = {"sqlite": SQLiteBackend, "postgresql": PostgreSQLBackend}


def backend_for(vendor: str | None = None) -> Backend:
    vendor = vendor or default_connection.vendor
    try:
        return BACKENDS[vendor]()
    except KeyError:
        raise search_index.UnsupportedDatabase(f"no search backend for {vendor}") from None


# ---- Results


@dataclass(frozen=True)
class Piece:
    text: str
    marked: bool = False


def marked_pieces(marked: str, text: str) -> tuple[Piece, ...]:
    """`text` cut into pieces, marked where `marked` (the same text with
    START / STOP around matches) says. Marks inside a footnote reference
    ("[^1]") are dropped, so the reference stays whole."""
    if START in text or STOP in text or marked.replace(START, "").replace(STOP, "") != text:
        return (Piece(text),) if text else ()
    marked = re.sub(rf"\[\^[{START}{STOP}]*(\d+)[{START}{STOP}]*\]", r"[^\1]", marked)
    pieces: list[Piece] = []
    inside = False
    for part in re.split(f"([{START}{STOP}])", marked):
        if part in (START, STOP):
            inside = part == START
        elif part:
            pieces.append(Piece(part, inside))
    return tuple(pieces)


@dataclass(frozen=True)
class Hit:
    version: ClauseVersion
    pieces: tuple[Piece, ...]
    change: Change | None = None  # in a "changed between" search


@dataclass
class EditionGroup:
    edition: Edition
    matches: int  # in the whole result, not only on this page
    hits: list[Hit] = field(default_factory=list)


@dataclass
class ResolutionGroup:
    resolution: Resolution
    editions: list[EditionGroup] = field(default_factory=list)


class Results:
    """The matches of a search, sized and sliced as Django's Paginator
    expects: `count()` is one grouped query; a slice, three more."""

    def __init__(self, query: Query, scope: Scope | None = None, backend: Backend | None = None):
        self.query = query
        self.scope = scope or Scope()
        self.backend = backend or backend_for()

    @cached_property
    def per_edition(self) -> dict[int, int]:
        if not self.query or self.scope.changes == {}:
            return {}
        return self.backend.counts(self.query, self.scope)

    @property
    def total(self) -> int:
        return sum(self.per_edition.values())

    def count(self) -> int:
        return min(self.total, MAX_RESULTS)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[Hit]:
        start, stop, _ = key.indices(self.count())
        if stop <= start:
            return []
        ids = self.backend.ranked_ids(self.query, self.scope, start, stop - start)
        marked = self.backend.marked_texts(self.query, ids)
        versions = (
            ClauseVersion.objects.select_related("section", "edition__resolution").order_by().in_bulk(ids)
        )
        changes = self.scope.changes or {}
        return [
            Hit(
                versions[pk],
                marked_pieces(marked.get(pk, versions[pk].text), versions[pk].text),
                changes.get(pk),
            )
            for pk in ids
            if pk in versions
        ]


def search(query: Query, scope: Scope | None = None) -> Results:
    return Results(query, scope)


def grouped(hits: Iterable[Hit], per_edition: Mapping[int, int]) -> list[ResolutionGroup]:
    """A page of hits (in result order) as resolution > edition > clauses."""
    groups: list[ResolutionGroup] = []
    for hit in hits:
        edition = hit.version.edition
        if not groups or groups[-1].resolution.pk != edition.resolution_id:
            groups.append(ResolutionGroup(edition.resolution))
        editions = groups[-1].editions
        if not editions or editions[-1].edition.pk != edition.pk:
            editions.append(EditionGroup(edition, per_edition.get(edition.pk, 0)))
        editions[-1].hits.append(hit)
    return groups
