"""Clauses as HTML: a clause's comparison (deletions in <del>, insertions
in <ins>, footnote references as superscript links), a comparison page's
rows, and a clause as an edition prints it, with its copy buttons.

Every piece of text is escaped; the only markup is built here with
html_format and html_join (format_html's contract: each argument escaped
unless already safe), never by joining strings and marking them safe. The
templates reach this through the `comparison_html` and `clauses` template
libraries.

The markup a page repeats for every clause (a comparison's rows, an
edition's clauses) is built here rather than in templates: a page prints
hundreds of clauses, and the template engine's own work was two thirds of
such a page's time (tests/bench/profile_page.py). Templates keep the page
around them, and the one place each piece of markup is made is here.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString

from resolutions.citations import (
    MEMO_SIZE,
    annex_name,
    citation_html,
    citation_text,
    citation_with_link,
    citation_with_link_html,
    clause_reference,
)
from resolutions.document import CELL_SEPARATOR, FOOTNOTE_REF, TOKEN, Kind, path_anchor
from resolutions.output.pieces import Side, display_pieces, table_cells
from resolutions.redline import ClauseChange, Op, Status, Tag, is_punctuation

if TYPE_CHECKING:
    from resolutions.search import Piece


def html_format(format_string: str, *args, **kwargs) -> SafeString:
    """format_html: every argument escaped unless it is safe markup already,
    the result marked safe. Without django.utils.html.escape's check for
    lazy strings on every call (keep_lazy), which was a quarter of an
    edition page's time: these arguments are text from the database,
    numbers and markup made here; anything else goes to conditional_escape."""
    return SafeString(
        format_string.format(*map(_escaped, args), **{key: _escaped(value) for key, value in kwargs.items()})
    )


def html_join(parts: Iterable) -> SafeString:
    """html_format("{}" * len(parts), *parts) without building the format
    string: each part escaped unless it is already safe markup."""
    return SafeString("".join(map(_escaped, parts)))


def _escaped(value) -> str:
    if isinstance(value, SafeData):
        return value
    if type(value) is str:
        return html.escape(value)
    if type(value) is int:  # years, numbers: nothing to escape
        return str(value)
    return conditional_escape(value)


# The text before each change, for screen readers: strike-through and
# underline are not announced.
MARKUP = {
    Tag.DELETE: '<del class="change change-del"><span class="visually-hidden">deleted: </span>{}</del>',
    Tag.INSERT: '<ins class="change change-ins"><span class="visually-hidden">inserted: </span>{}</ins>',
}
# A change of punctuation alone ("," -> ";") is a few pixels wide: it gets a
# class that widens it, so that it can be seen and pointed at.
PUNCTUATION_MARKUP = {
    Tag.DELETE: '<del class="change change-del change-punct"><span class="visually-hidden">deleted: </span>{}</del>',
    Tag.INSERT: '<ins class="change change-ins change-punct"><span class="visually-hidden">inserted: </span>{}</ins>',
}
FOOTNOTE_LINK = '<sup class="footnote-ref"><a href="{}#footnote-{}">{}</a></sup>'


# The HTML of a redline, kept as its operations are (redline.text_ops): the
# pages of a resolution show the same changes again and again (inline, side
# by side, changes only, the edition's changes, each clause's history), and
# building the markup was two thirds of a comparison row's time. The
# comparisons of the largest resolution (600 clauses), inline and side by
# side, make 3,100; at 8,192 they held 4.5 MB of a worker that had shown the
# whole collection (issue 9).
HTML_MEMO_SIZE = 4096


def ops_html(ops: Sequence[Op], side: str = Side.INLINE) -> SafeString:
    return _ops_html(tuple(ops), side)


@lru_cache(maxsize=HTML_MEMO_SIZE)
def _ops_html(ops: tuple[Op, ...], side: str) -> SafeString:
    pieces = [piece_html(tag, text) for tag, text in display_pieces(ops, side)]
    # One format string of bare placeholders: every piece is escaped unless
    # it is markup built here (SafeString).
    return html_format("{}" * len(pieces), *pieces)


def cells_html(ops: Sequence[Op], side: str = Side.INLINE) -> SafeString:
    return _cells_html(tuple(ops), side)


@lru_cache(maxsize=HTML_MEMO_SIZE)
def _cells_html(ops: tuple[Op, ...], side: str) -> SafeString:
    """A table row's comparison cell by cell: each cell's changes marked in
    its own <span class="table-cell">, split at each cell separator (a
    separator added or deleted, with its cell, splits the same way)."""
    cells = [[piece_html(tag, text) for tag, text in cell] for cell in table_cells(display_pieces(ops, side))]
    spans = [
        html_format('<span class="table-cell">{}</span>', html_format("{}" * len(cell), *cell))
        for cell in cells
    ]
    return html_format('<span class="table-cells">{}</span>', html_format("{}" * len(spans), *spans))


def piece_html(tag: Tag, text: str) -> str:
    content = text_html(text)
    if tag == Tag.EQUAL:
        return content
    markup = PUNCTUATION_MARKUP if all(is_punctuation(key) for key in TOKEN.findall(text)) else MARKUP
    return html_format(markup[tag], content)


def text_html(text: str, page: str = "") -> str:
    """Each footnote reference "[^1]" as a superscript link to the footnote
    on `page` (this page by default); the rest is left for html_format,
    which escapes whatever is not yet safe."""
    if "[^" not in text:  # most pieces: no markup to build
        return text
    # split() alternates text and the captured footnote numbers.
    pieces = [
        html_format(FOOTNOTE_LINK, page, piece, piece) if index % 2 else piece
        for index, piece in enumerate(FOOTNOTE_REF.split(text))
    ]
    return html_format("{}" * len(pieces), *pieces)


def highlighted_html(pieces: Sequence[Piece], page: str = "") -> SafeString:
    """A search result's text with the matched words in <mark>; footnote
    references link to the footnotes on `page` (the clause's edition)."""
    parts = [
        html_format("<mark>{}</mark>", text_html(piece.text, page))
        if piece.marked
        else text_html(piece.text, page)
        for piece in pieces
    ]
    return html_format("{}" * len(parts), *parts)


def status_html(change: ClauseChange, *, in_comparison: bool = False) -> SafeString:
    """A clause's ITU mark (ADD / SUP / MOD / NOC) and its margin notes
    ("relettered", "moved"), each with a title that says what it means.

    In a comparison row an unchanged clause's NOC mark is hidden (CSS
    .row-quiet), so it gets no title, which no one could see. Built here
    rather than in a template: a comparison shows one per row, and as an
    include it was a quarter of the page's rendering."""
    flags = tuple(change.flags)
    # Only a note other than "moved" names the labels: the rest of a
    # page's marks are a handful of distinct ones, made once.
    labels = (change.old_label, change.new_label) if flags and flags != ("moved",) else ("", "")
    return _status_html(change.status, flags, *labels, not in_comparison or change.changed)


@lru_cache(maxsize=HTML_MEMO_SIZE)
def _status_html(
    status: Status, flags: tuple[str, ...], old_label: str, new_label: str, titled: bool
) -> SafeString:
    parts = [
        html_format(
            '<span class="mark mark-{}" title="{}">{}</span>', status.lower(), status.description, status
        )
        if titled
        else html_format('<span class="mark mark-{}">{}</span>', status.lower(), status)
    ]
    for flag in flags:
        title = (
            "Moved to another place" if flag == "moved" else f"Label changed from {old_label} to {new_label}"
        )
        parts.append(html_format('<span class="mark mark-flag" title="{}">{}</span>', title, flag))
    return html_join(parts)


# A comparison row: the clause's marks and history link, then its text in
# one cell (inline) or two (side by side); one row a line, for whoever reads
# the source. Each row is one format_html of pieces built (and cached) here:
# a comparison prints hundreds, and every nested call escapes and wraps
# again what is already safe.
ROW = (
    '<div class="{}" id="{}"{}><div>{}<a class="history-link" href="{}" aria-label="History of {}">History</a>'
    "</div>{}</div>\n"
)
SECTION_CAPTION = '<div class="row section-caption"><span></span><span>{}</span></div>'
DATA_CHANGE = SafeString(" data-change")
LABEL = '<span class="label">{}</span>'
INLINE_CELL = '<div class="cell">{}<span>{}</span>{}</div>'
SIDE_CELLS = {
    Side.OLD: (
        '<div class="cell cell-old">{}<span>{}</span>{}</div>',
        SafeString('<div class="cell cell-old cell-empty"></div>'),
    ),
    Side.NEW: (
        '<div class="cell cell-new">{}<span>{}</span>{}</div>',
        SafeString('<div class="cell cell-new cell-empty"></div>'),
    ),
}
MOVED_NOTE = '<span class="moved-note">{} <a href="{}">{}</a> in {}</span>'


def comparison_rows_html(rows: Sequence, view: str, *, changes_only: bool = False) -> SafeString:
    """The rows of a comparison page (comparison.Row), inline or side by
    side; showing changes only, each run of rows from another section than
    the last is captioned with that section's name."""
    parts = []
    last_section = None
    for row in rows:
        if changes_only and row.kind != Kind.HEADING:
            section = row.section_name
            if section != last_section:
                last_section = section
                if section:
                    parts.append(html_format(SECTION_CAPTION, section))
        parts.append(row_html(row, view))
    return html_join(parts)


def row_html(row, view: str) -> SafeString:
    version, change = row.version, row.change
    classes = f"row row-{row.kind}"
    if version.depth:
        classes += f" depth-{version.depth}"
    if row.kind == Kind.HEADING and version.annex:
        classes += " row-annex"
    changed = change.changed
    if not changed:
        classes += " row-quiet"
    return html_format(
        ROW,
        classes,
        row.anchor,
        DATA_CHANGE if changed else "",
        status_html(change, in_comparison=True),
        version.get_absolute_url(),
        " ".join(version.reference),
        side_by_side_html(row) if view == "side-by-side" else inline_html(row),
    )


def side_by_side_html(row) -> SafeString:
    old, new, change = row.old, row.new, row.change
    return side_cell_html(row, Side.OLD, old, moved_note_html(old, "Was") if old and change.moved else "") + (
        side_cell_html(row, Side.NEW, new, "")
    )


def side_cell_html(row, side: str, version, note: SafeString | str) -> SafeString:
    """One side's cell: the version's label and text, or empty where absent."""
    markup, empty = SIDE_CELLS[side]
    if not version:
        return empty
    return cell_html(markup, row, side, bool(version.label), note)


def inline_html(row) -> SafeString:
    change = row.change
    return cell_html(
        INLINE_CELL,
        row,
        Side.INLINE,
        bool(change.old_label or change.new_label),
        moved_note_html(row.old, "Moved from") if change.moved and row.old else "",
    )


def cell_html(markup: str, row, side: str, labelled: bool, note: SafeString | str) -> SafeString:
    """A row's cell: its label (when `labelled`) and text with their
    changes marked, then `note`; a table row's text cell by cell."""
    change, table = row.change, row.kind in (Kind.TABLE, Kind.ROW)
    if note:
        return html_format(markup, *_cell_parts(change.ops, change.label_ops, side, labelled, table), note)
    return _noteless_cell_html(markup, change.ops, change.label_ops, side, labelled, table)


# A cell is a function of its changes and labels alone (a moved note aside):
# kept, as the changes' markup is, for every page that shows the pair.
@lru_cache(maxsize=MEMO_SIZE)
def _noteless_cell_html(
    markup: str, ops: tuple[Op, ...], label_ops: tuple[Op, ...], side: str, labelled: bool, table: bool
) -> SafeString:
    return html_format(markup, *_cell_parts(ops, label_ops, side, labelled, table), "")


def _cell_parts(
    ops: tuple[Op, ...], label_ops: tuple[Op, ...], side: str, labelled: bool, table: bool
) -> tuple[SafeString | str, SafeString]:
    label = html_format(LABEL, _ops_html(tuple(label_ops), side)) if labelled else ""
    return label, _cells_html(tuple(ops), side) if table else _ops_html(tuple(ops), side)


def moved_note_html(version, word: str) -> SafeString:
    """ "Moved from *noting* c) in Rev. Guadalajara, 2010", linked to that
    clause."""
    return html_format(
        MOVED_NOTE,
        word,
        version.get_absolute_url(),
        reference_html(version.reference),
        version.edition.citation_designation,
    )


def reference_html(reference: tuple[str, str]) -> SafeString:
    """A clause's reference within its resolution, the section in italics:
    ("noting", "b)") -> "<i>noting</i> b)"."""
    italic, plain = reference
    if italic and plain:
        return html_format("<i>{}</i> {}", italic, plain)
    return html_format("<i>{}</i>", italic) if italic else html_format("{}", plain)


# A comparison's changes per section, a table row each (one row a line, as
# the template laid them out): the counts in a template were a tenth of the
# page's time, each number localized.
SECTION_COUNTS = '<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n      '
SECTION_LINK = '<a href="#{}">{}</a>'


def section_counts_html(sections: Sequence) -> SafeString:
    """The rows of a comparison's summary: each section (comparison.SectionSummary)
    with its ADD / SUP / MOD / NOC counts."""
    return html_join(
        html_format(
            SECTION_COUNTS,
            html_format(SECTION_LINK, section.anchor, section.name) if section.anchor else section.name,
            *(section.counts[status] for status in ("ADD", "SUP", "MOD", "NOC")),
        )
        for section in sections
    )


# An edition's contents, beside its text and folded above it (shown twice,
# made once).
CONTENTS = "<ol>\n      {}\n      {}\n    </ol>"
CONTENTS_ENTRY = '<li><a class="toc-section" href="#{}">{}</a></li>'
CONTENTS_FOOTNOTES = SafeString('<li><a href="#footnotes">Footnotes</a></li>')


def contents_html(headings: Sequence, footnotes: bool) -> SafeString:
    """An edition's contents: its headings (ClauseVersion), then its footnotes if it has any."""
    entries = html_join(
        html_format(CONTENTS_ENTRY, heading.anchor, heading.heading_name) for heading in headings
    )
    return html_format(CONTENTS, entries, CONTENTS_FOOTNOTES if footnotes else "")


# A clause as the edition page prints it (the clause and section pages too).
CLAUSE = '<div class="{}" id="{}">\n  {}\n  <div class="clause-body">{}{}{}</div>\n</div>\n'
TABLE = (
    '<div class="{}" id="{}">\n  <div class="table-scroll"><table>\n'
    "    <thead><tr>{}</tr></thead>\n    <tbody>{}</tbody>\n  </table></div>\n  {}{}\n</div>\n"
)
CHANGE_BADGE = '<a class="change-badge" href="{}#{}">{}<span class="visually-hidden"> since {}: see the redline</span></a> '
# Accessible names in aria-label rather than hidden spans: three elements
# fewer per clause, on a page of ninety clauses (Lighthouse counts the DOM).
CLAUSE_TOOLS = (
    '<span class="clause-tools">\n'
    '  <a class="permalink" href="{url}" aria-label="Permalink to {citation}">¶</a>\n'
    '  <button type="button" data-copy="{url}" data-copy-kind="link" aria-label="Copy link to {citation}"'
    " data-needs-js hidden>Copy link</button>\n"
    '  <button type="button" data-copy="{text}" data-copy-html="{html}" aria-label="Copy citation of {citation}"'
    " data-needs-js hidden>Copy citation</button>\n"
    "</span>"
)


@dataclass(frozen=True)
class CiteAs:
    """A clause's citation with its permalink, as the copy buttons copy it."""

    citation: str  # without the permalink
    url: str  # the permalink, absolute
    text: str
    html: SafeString

    @classmethod
    def of(cls, version, absolute_url: Callable[[str], str]) -> CiteAs:
        return cls.at(version.citation, version.citation_html, absolute_url(version.get_absolute_url()))

    @classmethod
    def at(cls, citation: str, citation_html: SafeString, url: str) -> CiteAs:
        """A citation (as text and as HTML) with `url`, its permalink."""
        return cls(
            citation, url, citation_with_link(citation, url), citation_with_link_html(citation_html, url)
        )


@dataclass(frozen=True)
class ClauseMarkup:
    """What a page gives every clause it prints: where the copied citation's
    permalink points (absolute, for the host the page was asked from: a
    citation is pasted far from this site) and, on an edition shown with
    its changes, where each change's badge leads."""

    absolute_url: Callable[[str], str]
    changes_url: str = ""
    previous_designation: str = ""
    # What the page prints of each edition its clauses are in, by the
    # edition's address: that address made absolute (see permalink), its
    # resolution's number and its designation; made once a page.
    _editions: dict[str, tuple[str, int, str]] = field(default_factory=dict, compare=False, repr=False)

    def edition(self, edition) -> tuple[str, int, str]:
        printed = self._editions.get(edition.url)
        if printed is None:
            printed = self._editions[edition.url] = (
                self.absolute_url(edition.url),
                edition.resolution.number,
                edition.citation_designation,
            )
        return printed

    def permalink(self, version) -> tuple[str, str]:
        """The clause's permalink, relative and absolute.

        absolute_url (the request's build_absolute_uri) puts the scheme and
        host before an address that starts with "/" and leaves alone what
        reverse() and Edition.clause_url have quoted already: so a clause's
        absolute permalink is its edition's, made absolute once a page,
        followed by the clause's path. An edition page has a hundred."""
        edition = version.edition
        url, edition_url = edition.clause_url(version.path), edition.url
        rest = url[len(edition_url) :]
        if "/." in rest:  # a dot segment: the full rules
            return url, self.absolute_url(url)
        return url, self.edition(edition)[0] + rest

    def clause(self, version, row=None) -> SafeString:
        changed = bool(row) and row.changed  # a page without changes passes none ("")
        badge = self.badge(row) if changed else ""
        if version.kind == Kind.TABLE:
            return self.table(version, badge)
        url, absolute = self.permalink(version)
        _, number, designation = self.edition(version.edition)
        return clause_html(
            PrintedClause(
                version.kind,
                version.depth,
                version.path,
                version.label,
                version.cited_label,
                version.text,
                version.heading_text,
                number,
                designation,
                url,
                absolute,
                badge,
            )
        )

    def table(self, version, badge: SafeString | str) -> SafeString:
        """A table with its rows, which a page attached (views.attach_table_rows);
        a clause page shows a table's rows as what it introduces instead."""
        return html_format(
            TABLE,
            " ".join(clause_classes(version.kind, version.depth, version.annex, bool(badge))),
            version.anchor,
            html_join(
                html_format('<th scope="col">{}</th>', text_html(cell)) for cell in cells_of(version.text)
            ),
            html_join(self.table_row(table_row) for table_row in getattr(version, "table_rows", ())),
            badge,
            self.tools(version),
        )

    def entries(self, entries) -> SafeString:
        """The clauses of an edition, with their rows on a page of changes:
        (version, row or None) pairs."""
        parts = []
        for version, row in entries:
            if version.kind == Kind.RESOLUTION_LINE:
                parts.append(
                    html_format(
                        '<h1 class="clause clause-resolution" id="{}">{}</h1>\n',
                        version.anchor,
                        text_html(version.text),
                    )
                )
            elif version.kind == Kind.TITLE:
                parts.append(
                    html_format(
                        '<p class="clause clause-title" id="{}">{}{}</p>\n',
                        version.anchor,
                        text_html(version.text),
                        self.tools(version),
                    )
                )
            else:
                parts.append(self.clause(version, row))
        return html_join(parts)

    def table_row(self, table_row) -> SafeString:
        cells = html_join(html_format("<td>{}</td>", text_html(cell)) for cell in cells_of(table_row.text))
        return html_format('<tr id="{}">{}</tr>', table_row.anchor, cells)

    def badge(self, row) -> SafeString:
        return html_format(
            CHANGE_BADGE, self.changes_url, row.anchor, status_html(row.change), self.previous_designation
        )

    def tools(self, version) -> SafeString:
        url, absolute = self.permalink(version)
        return tools_html(url, absolute, version.citation, version.citation_html)


def tools_html(url: str, absolute: str, citation: str, citation_html: SafeString) -> SafeString:
    """A clause's permalink and copy buttons."""
    cite = CiteAs.at(citation, citation_html, absolute)
    return html_format(CLAUSE_TOOLS, url=url, citation=citation, text=cite.text, html=escape(cite.html))


class PrintedClause(NamedTuple):
    """All that a clause's markup on an edition page (and a clause page)
    depends on: its own fields, the heading of its section (its own, for a
    heading), its edition's resolution number and designation, its
    permalink (relative and absolute) and its change badge ("" for none)."""

    kind: str
    depth: int
    path: str
    label: str
    cited_label: str
    text: str
    heading_text: str
    resolution_number: int
    designation: str
    url: str
    absolute_url: str
    badge: SafeString | str


# A clause prints the same on every page that shows it from the same host:
# made once (a page prints a hundred, and they were half its time), its
# citation too, from the plain values the model's citation is made of.
@lru_cache(maxsize=MEMO_SIZE)
def clause_html(clause: PrintedClause) -> SafeString:
    """A clause as printed, with its copy buttons (not a table: ClauseMarkup.table)."""
    kind, heading = clause.kind, clause.heading_text
    annex = annex_name(heading)
    reference = clause_reference(kind, clause.cited_label or clause.label, heading, clause.path)
    number, designation = clause.resolution_number, clause.designation
    tools = tools_html(
        clause.url,
        clause.absolute_url,
        citation_text(number, designation, reference, annex),
        citation_html(number, designation, reference, annex),
    )
    label = html_format(LABEL, clause.label) if kind in (Kind.ITEM, Kind.FOOTNOTE) else ""
    text = " · ".join(cells_of(clause.text)) if kind == Kind.ROW else text_html(clause.text)
    return html_format(
        CLAUSE,
        " ".join(clause_classes(kind, clause.depth, annex, bool(clause.badge))),
        path_anchor(clause.path),
        label,
        clause.badge,
        text,
        tools,
    )


def clause_classes(kind: str, depth: int, annex: str, changed: bool) -> list[str]:
    classes = [f"clause clause-{kind}"]
    if kind == Kind.HEADING and annex:
        classes.append("clause-annex")
    if depth:
        classes.append(f"depth-{depth}")
    if changed:
        classes.append("clause-changed")
    return classes


def cells_of(text: str) -> list[str]:
    """A table row's cells (a TABLE or ROW clause's text)."""
    return text.split(CELL_SEPARATOR)


# A clause page's history, one step per pair of consecutive editions (a
# resolution of six editions has five): the same markup the template made.
HISTORY_STEP = (
    "\n      <li>\n        <h3>{} → {} {}</h3>\n"
    '        <div class="redline-text">\n          {}{}\n        </div>\n'
    '        <p data-comparison-link="{}-{}"><a href="{}#{}">See it in the full comparison</a></p>\n'
    "      </li>\n    "
)


def history_steps_html(steps: Sequence, comparison_url: Callable[[int, int], str]) -> SafeString:
    """The steps of a clause's history (comparison.HistoryStep), each with its
    redline and a link to it in the comparison of its two editions, whose
    address `comparison_url(old_year, new_year)` gives."""
    parts = []
    for step in steps:
        old, new, change = step.old_edition, step.new_edition, step.row.change
        label = (
            html_format('<span class="label">{}</span> ', ops_html(change.label_ops))
            if change.old_label or change.new_label
            else ""
        )
        parts.append(
            html_format(
                HISTORY_STEP,
                old.citation_designation,
                new.citation_designation,
                status_html(change),
                label,
                ops_html(change.ops),
                old.year,
                new.year,
                comparison_url(old.year, new.year),
                step.row.anchor,
            )
        )
    return html_join(parts)
