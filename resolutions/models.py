from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property, lru_cache
from typing import NamedTuple
from urllib.parse import quote

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models import Q, Subquery
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS

from resolutions.citations import annex_name, citation_html, citation_text, clause_reference, resolution_name
from resolutions.document import Kind, ParsedClause, path_anchor
from resolutions.parsing import RevisionMarks, SourceFormat


class Body(models.TextChoices):
    PP = "pp", "Plenipotentiary Conference"
    WTSA = "wtsa", "World Telecommunication Standardization Assembly"
    WTDC = "wtdc", "World Telecommunication Development Conference"
    RA = "ra", "Radiocommunication Assembly"


class Resolution(models.Model):
    body = models.CharField(max_length=8, choices=Body.choices)
    number = models.PositiveIntegerField()
    # The title of the newest edition; kept here so lists need no join.
    title = models.TextField()

    class Meta:
        ordering = ["body", "number"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="resolution_unique_body_number"),
        ]

    def __str__(self) -> str:
        return f"Resolution {self.number} ({self.get_body_display()})"

    def get_absolute_url(self) -> str:
        return self.url

    @cached_property
    def url(self) -> str:
        return resolution_url(get_script_prefix(), self.body, self.number)


@lru_cache(maxsize=4096)
def resolution_url(script_prefix: str, body: str, number: int) -> str:
    """reverse("resolutions:resolution", [body, number]), kept per worker:
    the home page links every resolution of the collection, and a reverse()
    each was a fifth of its time. Keyed by the script prefix that reverse()
    puts in front, so a site served under a path prefix gets its own."""
    return reverse("resolutions:resolution", args=[body, number])


def citation_designation(edition) -> str:
    """The designation in the form delegates cite: "Rev. Busan, 2014".

    The printed one may carry typos ("Busan,2014"); a citation must not.
    An Edition's and a PlainEdition's (both take it as their property).
    """
    if edition.designation.startswith("ITU-R"):
        return edition.designation  # an assembly's: "ITU-R 2-8"
    prefix = "Rev. " if edition.designation.strip().startswith("Rev") else ""
    return f"{prefix}{edition.city}, {edition.year}"


def edition_url(edition) -> str:
    """reverse("resolutions:edition", [body, number, year]), from the
    resolution's own address: the edition pattern is the resolution's
    followed by `<year:year>/`. The home page links every edition of every
    resolution; a reverse() each was a tenth of its time. An Edition's and
    a PlainEdition's."""
    return f"{edition.resolution.url}{edition.year}/"


class PlainEdition(NamedTuple):
    """What the home page shows of an edition (its address and designation),
    as a plain row rather than a model instance: it lists every edition of
    the collection (a thousand), and a model instance each was a third of its time."""

    resolution: Resolution
    city: str
    year: int
    designation: str

    citation_designation = property(citation_designation)
    url = property(edition_url)

    def get_absolute_url(self) -> str:
        return self.url


def field_names(model: type[models.Model]) -> list[str]:
    """Every concrete field's attname, in the model's order: the columns a
    prepared query selects and instances() reads, in that order."""
    return [field.attname for field in model._meta.concrete_fields]


def instances(model: type[models.Model], rows: Sequence[tuple], db: str = DEFAULT_DB_ALIAS) -> list:
    """Model instances of rows of every concrete field's value, in the
    model's order (field_names): what Model.from_db gives, without Model.__init__'s work
    per field and its pre_init / post_init signals (done as usual when
    anyone listens to them). A comparison reads two whole editions, and
    building the instances was a fifth of its time."""
    names = field_names(model)
    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        return [model.from_db(db, names, row) for row in rows]
    new = model.__new__
    made = []
    for row in rows:
        instance = new(model)
        instance.__dict__.update(zip(names, row, strict=True))
        state = instance._state = ModelState()
        state.adding, state.db, state.fields_cache = False, db, {}
        made.append(instance)
    return made


class PreparedQuery:
    """A query whose shape never changes, compiled by the ORM once per
    worker, database and number of values, then run with each call's
    values: the ORM compiles a query again every time it runs, and that was
    half the time of reading an edition's clauses (a tenth of its page).

    `build(*values)` makes the query, a values_list() queryset. It is kept
    compiled only when its SQL's parameters are `values` themselves, in
    order (`exact` and `in` lookups of distinct values); any other is run
    through the ORM each time."""

    def __init__(self, build: Callable[..., models.QuerySet]):
        self.build = build
        # (database, number of values) -> (SQL, the converters of its columns)
        self._compiled: dict[tuple[str, int], tuple[str, list]] = {}

    def rows(self, *values, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
        compiled = self._compiled.get((using, len(values)))
        if compiled is None:
            queryset = self.build(*values).using(using)
            compiler = queryset.query.get_compiler(using)
            sql, params = compiler.as_sql()
            if tuple(params) != values:
                return list(queryset)
            columns = [column[0] for column in compiler.select[: compiler.col_count]]
            compiled = self._compiled[(using, len(values))] = (
                sql,
                list(compiler.get_converters(columns).items()),
            )
        sql, converters = compiled
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            rows = cursor.fetchall()
        return [converted(row, converters, connection) for row in rows] if converters else rows


def converted(row: tuple, converters: list, connection) -> tuple:
    """A row's values as the ORM gives them (SQLite's datetimes are text)."""
    values = list(row)
    for position, (functions, expression) in converters:
        value = values[position]
        for function in functions:
            value = function(value, expression, connection)
        values[position] = value
    return tuple(values)


class EditionQuerySet(models.QuerySet):
    def for_resolution(self, body: str, number: int) -> EditionQuerySet:
        return self.filter(resolution__body=body, resolution__number=number)

    def chronological(self) -> EditionQuerySet:
        return self.order_by("year")

    def of_resolution(self, body: str, number: int) -> list[Edition]:
        """Every edition of the resolution, oldest first, each with the
        resolution (one instance for all); one prepared query (EDITION_ROWS),
        so any filter of this queryset's own is not applied."""
        if not -(2**63) <= number < 2**63:
            return []  # no resolution's (the ORM's lookup says so; the database would refuse it)
        rows = EDITION_ROWS.rows(body, number, using=self.db)
        if not rows:
            return []
        resolution = instances(Resolution, [rows[0][-len(RESOLUTION_COLUMNS) :]], self.db)[0]
        editions = instances(Edition, [row[: -len(RESOLUTION_COLUMNS)] for row in rows], self.db)
        resolution_field = Edition.resolution.field
        for edition in editions:
            resolution_field.set_cached_value(edition, resolution)
        return editions

    def plain_by_resolution(self, resolutions: Sequence[Resolution]) -> dict[int, list[PlainEdition]]:
        """This queryset's editions of these resolutions as PlainEdition rows,
        oldest first, by resolution id, each with its resolution (the very
        objects given); one query. The home page gives every resolution and
        reads every edition: filtering by a list of every resolution's id
        was most of the query's time, so the queryset is not filtered and an
        edition of a resolution not given is left out (a publish between the
        two queries)."""
        resolution_of = {resolution.pk: resolution for resolution in resolutions}
        by_resolution: dict[int, list[PlainEdition]] = {pk: [] for pk in resolution_of}
        rows = self.order_by("resolution_id", "year").values_list("resolution_id", *PlainEdition._fields[1:])
        for resolution_id, *row in rows:
            if resolution_id in resolution_of:
                by_resolution[resolution_id].append(PlainEdition(resolution_of[resolution_id], *row))
        return by_resolution


# An edition's row in EDITION_ROWS ends with its resolution's.
RESOLUTION_COLUMNS = tuple(f"resolution__{name}" for name in field_names(Resolution))
EDITION_ROWS = PreparedQuery(
    lambda body, number: (
        Edition.objects.filter(resolution__body=body, resolution__number=number)
        .order_by("year")
        .values_list(*field_names(Edition), *RESOLUTION_COLUMNS)
    )
)


@lru_cache(maxsize=8192)
def quoted_path(path: str) -> str:
    """A clause path as reverse() quotes it; the same few thousand paths
    are quoted for every page that links their clauses."""
    return quote(path, safe=RFC3986_SUBDELIMS + "/~:@")


class Edition(models.Model):
    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="editions")
    city = models.CharField(max_length=100)
    year = models.PositiveSmallIntegerField()
    # As printed in the resolution line, typos included: "Rev. Busan,2014".
    designation = models.CharField(max_length=200)
    title = models.TextField()
    source_name = models.CharField(max_length=255)
    source_sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField()
    imported_by = models.CharField(max_length=150)
    provenance = models.TextField(blank=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["resolution", "year"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "year"], name="edition_unique_resolution_year"),
            models.CheckConstraint(condition=Q(year__gte=1865), name="edition_year_after_1865"),
        ]
        # The newest import time of the collection is every home page
        # request's (caching.STAMP_ALL), cached page or not.
        indexes = [models.Index(fields=["imported_at"], name="edition_imported_at")]

    def __str__(self) -> str:
        return resolution_name(self.resolution.number, self.citation_designation)

    def get_absolute_url(self) -> str:
        return self.url

    url = cached_property(edition_url)

    def clause_url(self, path: str) -> str:
        """reverse("resolutions:clause", [body, number, year, path]), from the
        edition's own address: the clause pattern is the edition's followed
        by `<path:clause_path>/`, and reverse() quotes a path exactly so. A
        comparison links every row; reverse() was a tenth of its time."""
        return f"{self.url}{quoted_path(path)}/"

    citation_designation = property(citation_designation)


@dataclass(frozen=True)
class EditionNeighbours:
    editions: list[Edition]  # the resolution's, oldest first
    position: int

    @property
    def edition(self) -> Edition:
        return self.editions[self.position]

    @property
    def previous(self) -> Edition | None:
        return self.editions[self.position - 1] if self.position > 0 else None

    @property
    def next(self) -> Edition | None:
        return self.editions[self.position + 1] if self.position + 1 < len(self.editions) else None

    @property
    def newest(self) -> Edition:
        return self.editions[-1]


class EditionChanges(models.Model):
    """How many clauses changed in an edition since the one before it
    (comparison.ChangeCounts, counted by comparison.change_counts), stored
    when an edition is written or withdrawn (importing.record_changes) so
    that a resolution's page reads its steps' counts instead of comparing
    every clause of every step. Gone with either edition (CASCADE): the
    counts of a step whose previous edition changed are counted again."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="changes")
    previous = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    added = models.PositiveIntegerField()
    deleted = models.PositiveIntegerField()
    modified = models.PositiveIntegerField()
    relabelled_or_moved_only = models.PositiveIntegerField()
    unchanged = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"changes of {self.edition_id} since {self.previous_id}"


class Clause(models.Model):
    """The identity of a clause across editions: what stays the same when
    its label, text or place changes."""

    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="clauses")

    def __str__(self) -> str:
        return f"clause {self.pk} of {self.resolution}"


# A dict look-up, not Kind(...): tens of thousands of rows go through here.
KINDS = {kind.value: kind for kind in Kind}


def as_parsed(version, section_index: int | None, parent_index: int | None = None) -> ParsedClause:
    """A stored clause version (a ClauseVersion or a PlainVersion) as the
    plain data the alignment and the redline engine work on; both classes
    take it as their method."""
    return _parsed(version.kind, version.text, version.label, section_index, parent_index)


# The same clauses are read again for every comparison that shows them, and
# a ParsedClause (frozen) is slow to build: a third of reading two editions.
@lru_cache(maxsize=4096)  # two editions of the largest resolution, several times over
def _parsed(kind: str, text: str, label: str, section: int | None, parent: int | None) -> ParsedClause:
    return ParsedClause(kind=KINDS[kind], text=text, label=label, section=section, parent=parent)


class PlainVersion(NamedTuple):
    """What the alignment and the change counts read of a clause version
    (comparison.pair_changes), as a plain row rather than a model instance:
    a whole collection's editions can be in play, and a resolution's page
    counts the changes of every step."""

    pk: int
    clause_id: int
    section_id: int | None
    parent_id: int | None
    path: str
    kind: str
    label: str
    text: str

    as_parsed = as_parsed


# Every clause version of some editions (their ids), as instances() takes them.
VERSION_ROWS = PreparedQuery(
    lambda *edition_ids: (
        # By edition first: the (edition, order) index gives the rows sorted, with no sort of their own.
        ClauseVersion.objects.filter(edition_id__in=edition_ids)
        .order_by("edition_id", "order")
        .values_list(*field_names(ClauseVersion))
    )
)


def _clause_at(edition_id: int, path: str, *same) -> models.QuerySet:
    """The versions of the clause at `path` in the edition, and their section
    headings. The values come twice, once for each subquery, so that the
    SQL's parameters are the values given, in order (PreparedQuery)."""

    def clause_at(edition_id: int, path: str) -> Subquery:
        return Subquery(
            # (edition, path) is unique: one row at most.
            ClauseVersion.objects.filter(edition_id=edition_id, path=path).order_by().values("clause_id")
        )

    headings = ClauseVersion.objects.filter(clause_id=clause_at(*same)).order_by().values("section_id")
    return (
        ClauseVersion.objects.filter(Q(clause_id=clause_at(edition_id, path)) | Q(id__in=headings))
        .order_by()
        .values_list(*field_names(ClauseVersion))
    )


CLAUSE_AT_ROWS = PreparedQuery(_clause_at)


class ClauseVersionQuerySet(models.QuerySet):
    def of_clause_at(self, edition_id: int, path: str) -> list[ClauseVersion]:
        """Every version of whichever clause stands at `path` in the edition
        (none if no clause does), each with its section heading linked, in
        no order, in one prepared query (CLAUSE_AT_ROWS): a clause's page
        asks it, and the ORM spent three quarters of its time compiling it.
        The headings come as rows of their own, not joined; any filter of
        this queryset's own is not applied."""
        rows = instances(
            ClauseVersion, CLAUSE_AT_ROWS.rows(edition_id, path, edition_id, path, using=self.db), self.db
        )
        by_pk = {row.pk: row for row in rows}
        here = next((row for row in rows if row.edition_id == edition_id and row.path == path), None)
        if here is None:
            return []
        versions = [row for row in rows if row.clause_id == here.clause_id]
        section_field = ClauseVersion.section.field
        for version in versions:
            section_field.set_cached_value(version, by_pk.get(version.section_id))
        return versions

    def in_edition(self, edition: Edition) -> ClauseVersionQuerySet:
        return self.filter(edition=edition).select_related("section", "edition__resolution").order_by("order")

    def by_edition(self, editions: Sequence[Edition]) -> dict[int, list[ClauseVersion]]:
        """Every clause version of these editions, in edition order, in one
        query, each linked to its edition (the very objects given) and to
        its section heading (a version of the same list).

        What select_related("section", "edition__resolution") gives, without
        the join: that builds three more model instances for every row (its
        section, edition and resolution, the same few over and over), which
        was a quarter of a comparison page's time. A prepared query
        (VERSION_ROWS): any filter of this queryset's own is not applied."""
        by_edition: dict[int, list[ClauseVersion]] = {edition.pk: [] for edition in editions}
        if not editions:
            return by_edition
        edition_of = {edition.pk: edition for edition in editions}
        versions = instances(ClauseVersion, VERSION_ROWS.rows(*edition_of, using=self.db), self.db)
        by_pk = {version.pk: version for version in versions}
        edition_field, section_field = ClauseVersion.edition.field, ClauseVersion.section.field
        for version in versions:
            edition_field.set_cached_value(version, edition_of[version.edition_id])
            if version.section_id is not None and version.section_id in by_pk:
                section_field.set_cached_value(version, by_pk[version.section_id])
            by_edition[version.edition_id].append(version)
        return by_edition

    def plain_by_edition(self, editions: Sequence[Edition]) -> dict[int, list[PlainVersion]]:
        """Every clause version of these editions as PlainVersion rows, in
        edition order, by edition id; one query."""
        by_edition: dict[int, list[PlainVersion]] = {edition.pk: [] for edition in editions}
        rows = (
            self.filter(edition__in=list(by_edition))
            .order_by("edition_id", "order")
            .values_list("edition_id", *PlainVersion._fields)
        )
        for edition_id, *row in rows:
            by_edition[edition_id].append(PlainVersion(*row))
        return by_edition


class ClauseVersion(models.Model):
    """A clause as it stands in one edition."""

    clause = models.ForeignKey(Clause, on_delete=models.PROTECT, related_name="versions")
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="clause_versions")
    order = models.PositiveIntegerField()
    kind = models.CharField(
        max_length=16, choices=[(kind.value, kind.name.replace("_", " ").lower()) for kind in Kind]
    )
    section = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="section_clauses"
    )
    section_slug = models.CharField(max_length=100, blank=True)
    label = models.CharField(max_length=20, blank=True)
    # The clause it is nested under: an item under an item, a paragraph
    # continuing an item, a table's row (None: directly in its section).
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    # How many parents it has: 0 in its section (and outside sections), 1
    # under an item... (for the indentation of every page, without a walk).
    depth = models.PositiveSmallIntegerField(default=0)
    # Its place below the section heading as cited: "b)", "1 a) i)", "2.1"
    # (document.cited_labels), so that citing needs no walk up the parents.
    cited_label = models.CharField(max_length=100, blank=True)
    # The clause's address within the edition: "noting/b", "resolves",
    # "title", "resolves/1/a/i", "annex/2/1".
    path = models.CharField(max_length=200)
    text = models.TextField()
    # How sure the alignment was that this is the same clause as in the
    # previous edition (None: new clause or first edition).
    match_score = models.FloatField(null=True, blank=True)

    objects = ClauseVersionQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "order"]
        constraints = [
            models.UniqueConstraint(fields=["clause", "edition"], name="clauseversion_one_per_edition"),
            models.UniqueConstraint(fields=["edition", "order"], name="clauseversion_unique_order"),
            models.UniqueConstraint(fields=["edition", "path"], name="clauseversion_unique_path"),
            models.CheckConstraint(
                condition=Q(kind__in=[kind.value for kind in Kind]), name="clauseversion_known_kind"
            ),
        ]
        indexes = [
            models.Index(fields=["edition", "section_slug", "label"], name="clauseversion_section_label"),
        ]

    def __str__(self) -> str:
        return f"{self.path} in {self.edition_id}"

    def get_absolute_url(self) -> str:
        return self.edition.clause_url(self.path)

    @property
    def anchor(self) -> str:
        return path_anchor(self.path)

    # Cached: a page asks a clause's reference and annex for its history
    # link, its citation and its copy buttons, and a version is not edited
    # once stored (importing writes new ones).
    @cached_property
    def reference(self) -> tuple[str, str]:
        """(italic, plain) parts of the clause's reference: ("noting", "b)").
        Needs `section` loaded (select_related) for items and paragraphs."""
        return clause_reference(self.kind, self.cited_label or self.label, self.heading_text, self.path)

    @property
    def heading_name(self) -> str:
        """A heading as the contents list names it: "noting", "Annex A"."""
        italic, plain = self.reference
        return italic or plain

    @cached_property
    def annex(self) -> str:
        """The annex the clause belongs to, as cited ("Annex A"); "" outside annexes."""
        return annex_name(self.heading_text)

    @property
    def heading_text(self) -> str:
        """The heading of the clause's section (its own, for a heading): what
        its reference and annex are read from."""
        return self.text if self.kind == Kind.HEADING else (self.section.text if self.section_id else "")

    @property
    def citation(self) -> str:
        """ "Resolution 102 (Rev. Busan, 2014), noting b)", "Annex to
        Resolution 71 (Rev. Dubai, 2018), § 2.1"; needs
        `edition__resolution` loaded."""
        edition = self.edition
        return citation_text(
            edition.resolution.number,
            edition.citation_designation,
            self.reference,
            self.annex,
        )

    @property
    def citation_html(self) -> str:
        edition = self.edition
        return citation_html(
            edition.resolution.number,
            edition.citation_designation,
            self.reference,
            self.annex,
        )

    as_parsed = as_parsed


def parsed_clauses(versions: Sequence[ClauseVersion]) -> tuple[ParsedClause, ...]:
    """One edition's stored clause versions, in order, as the plain data the
    alignment and the redline engine work on."""
    index_of = {version.pk: index for index, version in enumerate(versions)}
    return tuple(
        version.as_parsed(index_of.get(version.section_id), index_of.get(version.parent_id))
        for version in versions
    )


class SourceFile(models.Model):
    """A file an edition was read from (uploaded in the admin or imported
    with the command), kept as evidence of where its text came from. Stored
    privately (default storage, never under a URL) under a name the server
    chose: the client's name is only shown, never used as a path. Written by
    `importing.SourceRecord` alone."""

    file = models.FileField(max_length=200)
    original_name = models.CharField(max_length=255)
    format = models.CharField(max_length=8, choices=SourceFormat.choices())
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.CharField(max_length=150)
    uploaded_at = models.DateTimeField(default=timezone.now)
    # Set when published; a published file is kept for good, even when its
    # editions are replaced (the new edition's provenance names it).
    published_at = models.DateTimeField(null=True, blank=True)
    editions = models.ManyToManyField(Edition, blank=True, related_name="source_files")
    # What it produced, in words, so the record survives a replacement.
    produced = models.TextField(blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.sha256[:12]}…)"

    def record_publication(self, editions: Sequence[Edition]) -> None:
        """Link the file to the editions it produced, and say so in words."""
        self.published_at = timezone.now()
        self.produced = "\n".join(str(edition) for edition in editions)
        self.save(update_fields=["published_at", "produced"])
        self.editions.add(*editions)

    def record_withdrawal(self, withdrawal: Withdrawal) -> None:
        """Say in the file's history that an edition it produced was withdrawn."""
        line = (
            f"Withdrawn: {withdrawal.edition_name}, on {withdrawal.withdrawn_at:%Y-%m-%d %H:%M} UTC "
            f"by {withdrawal.withdrawn_by}: {withdrawal.reason}"
        )
        self.produced = "\n".join(filter(None, [self.produced, line]))
        self.save(update_fields=["produced"])

    def discard(self) -> None:
        """Forget an unpublished upload: its row now, its file once that is
        committed (a rolled-back discard must not lose the file)."""
        if self.published_at is not None:
            raise ValueError(f"{self} is published and kept as the record of its editions")
        storage, name = self.file.storage, self.file.name
        self.delete()
        transaction.on_commit(lambda: storage.delete(name))


class Withdrawal(models.Model):
    """The record of a published edition taken off the site: what it was,
    who withdrew it, when and why. The edition's rows are deleted (so every
    page, search and comparison is at once as before it was published);
    this row is what its permalinks answer with (410 Gone, with a note).
    Written by `importing.withdraw_edition` alone. A year withdrawn may be
    published again: the new edition then answers at its addresses."""

    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="withdrawals")
    year = models.PositiveSmallIntegerField()
    city = models.CharField(max_length=100)
    # As the edition cited itself: "Rev. Dubai, 2018".
    citation_designation = models.CharField(max_length=200)
    title = models.TextField()
    clause_count = models.PositiveIntegerField()
    source_name = models.CharField(max_length=255)
    source_sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField()
    imported_by = models.CharField(max_length=150)
    source_file = models.ForeignKey(
        SourceFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="withdrawals"
    )
    withdrawn_at = models.DateTimeField(default=timezone.now)
    withdrawn_by = models.CharField(max_length=150)
    # Shown on the withdrawn edition's pages.
    reason = models.TextField()

    class Meta:
        ordering = ["-withdrawn_at"]
        indexes = [models.Index(fields=["resolution", "year"], name="withdrawal_resolution_year")]

    def __str__(self) -> str:
        return f"{self.edition_name}, withdrawn {self.withdrawn_at:%Y-%m-%d}"

    @property
    def edition_name(self) -> str:
        """ "Resolution 102 (Rev. Dubai, 2018)", as the edition was named."""
        return f"Resolution {self.resolution.number} ({self.citation_designation})"


class DraftQuerySet(models.QuerySet):
    def expired(self, now: datetime | None = None) -> DraftQuerySet:
        return self.filter(expires_at__lte=now or timezone.now())


class Draft(models.Model):
    """An upload under review: nothing of it is on the public site until it
    is published. The file is read again for every review page (parsing is
    the one source of truth); the draft keeps only the admin's choices."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source = models.OneToOneField(SourceFile, on_delete=models.CASCADE, related_name="draft")
    # How the reader was asked to read the file.
    marks = models.CharField(
        max_length=12, choices=RevisionMarks.choices(), default=RevisionMarks.TRACKED.value
    )
    # The edition's details as detected, then as the admin corrected them.
    body = models.CharField(max_length=8, choices=Body.choices)
    number = models.PositiveIntegerField()
    city = models.CharField(max_length=100)
    year = models.PositiveSmallIntegerField()
    # Those of the base edition of a revision-marked file.
    base_city = models.CharField(max_length=100, blank=True)
    base_year = models.PositiveSmallIntegerField(null=True, blank=True)
    provenance = models.TextField(blank=True)
    # The admin's corrections to the alignment: new clause index (a string,
    # as JSON keys are) -> old clause index, or None for "a new clause".
    forced = models.JSONField(default=dict, blank=True)
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    objects = DraftQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        permissions = [("publish_edition", "Can upload, review and publish editions")]

    def __str__(self) -> str:
        return f"Draft of Resolution {self.number} ({self.city}, {self.year})"

    def get_absolute_url(self) -> str:
        return reverse("admin:resolutions_draft_review", args=[self.pk])

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def touch(self) -> None:
        """Push the expiry back: a draft expires when abandoned, not while
        someone is working on it."""
        self.expires_at = timezone.now() + timedelta(hours=settings.RESOLUTIONS_DRAFT_LIFETIME_HOURS)

    def forced_matches(self) -> dict[int, int | None]:
        return {int(new): old for new, old in self.forced.items()}

    def forced_with(self, new: int, old: int | None | str) -> dict[int, int | None]:
        """The admin's matches with new clause `new` matched to old clause
        `old`: an index, None for "a new clause", "" for "as aligned"."""
        forced = self.forced_matches()
        if old == "":
            forced.pop(new, None)
        else:
            forced[new] = old
        return forced

    def keep_matches(self, forced: Mapping[int, int | None]) -> None:
        self.forced = {str(new): old for new, old in forced.items()}
        self.touch()
        self.save(update_fields=["forced", "expires_at"])

    def discard(self) -> None:
        self.source.discard()  # the draft goes with its file's row
