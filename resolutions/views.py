"""Public pages. Thin: look things up, hand them to a template.

Pages that answer htmx requests with a fragment render the same template's
named partial, send `Vary: HX-Request`, and answer a history-restore request
with the full page. No view here touches the session or sets a cookie, so
shared caches can keep the pages.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers

from resolutions.caching import cached_page
from resolutions.comparison import ClauseHistory, clause_history_at, compare_editions, timeline_of
from resolutions.document import FOOTNOTE_REF, Kind
from resolutions.models import ClauseVersion, Edition, Resolution
from resolutions.not_found import (
    Gone,
    Missing,
    find_editions,
    find_neighbours,
    find_resolution,
    missing_edition,
    offers_nearest_page,
)

VIEWS = ("inline", "side-by-side")
# Not str.isdigit() or int(): they take full-width and Arabic-Indic digits.
YEAR = re.compile(r"[0-9]{4}")
VIEW_OPTIONS = (("inline", "Inline"), ("side-by-side", "Side by side"))


def wants_fragment(request: HttpRequest) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


def public(response: HttpResponse, *, varies: bool = False) -> HttpResponse:
    if varies:
        patch_vary_headers(response, ["HX-Request"])
    patch_cache_control(response, public=True, max_age=300)
    return response


def canonical(request: HttpRequest, url: str) -> HttpResponsePermanentRedirect | None:
    """301 to the site's own URL for this page when the request spelled it
    differently (case, trailing slash). `url` is always one we built."""
    if request.path == url:
        return None
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


@offers_nearest_page
@cached_page
def index(request: HttpRequest) -> HttpResponse:
    resolutions = list(Resolution.objects.all())
    editions = Edition.objects.plain_by_resolution(resolutions)
    rows = [(resolution, editions[resolution.pk]) for resolution in resolutions]
    return public(render(request, "resolutions/index.html", {"resolutions": rows}))


@offers_nearest_page
@cached_page
def resolution_detail(request: HttpRequest, body: str, number: int) -> HttpResponse:
    # The resolution comes with its editions, in one query (looked up on
    # its own only when it has none).
    editions = list(
        Edition.objects.select_related("resolution", "changes")
        .for_resolution(body.lower(), number)
        .chronological()
    )
    resolution = editions[0].resolution if editions else find_resolution(body, number)
    if redirect_to := canonical(request, resolution.get_absolute_url()):
        return redirect_to
    timeline = timeline_of(resolution, editions)
    context = {
        "resolution": resolution,
        "timeline": timeline,
        "editions": editions,
        "old_year": editions[-2].year if len(editions) > 1 else None,
        "new_year": editions[-1].year if editions else None,
    }
    return public(render(request, "resolutions/resolution.html", context))


@offers_nearest_page
@cached_page
def edition_detail(request: HttpRequest, body: str, number: int, year: int) -> HttpResponse:
    """One edition as printed, with a table of contents; `?changes=since-previous`
    marks what changed since the previous edition, each change linking to
    its redline."""
    neighbours = find_neighbours(body, number, year)
    edition = neighbours.edition
    if redirect_to := canonical(request, edition.get_absolute_url()):
        return redirect_to
    previous = neighbours.previous
    changes = None
    if previous is not None and request.GET.get("changes") == "since-previous":
        # One read of the edition's clauses, for the page and its changes.
        both = ClauseVersion.objects.by_edition([previous, edition])
        versions = both[edition.pk]
        changes = compare_editions(previous, edition, both)
    else:
        versions = ClauseVersion.objects.by_edition([edition])[edition.pk]
    rows = changes.rows_by_new_version if changes else {}
    clauses = [v for v in versions if v.kind != Kind.FOOTNOTE]
    attach_table_rows(clauses)
    context = {
        "resolution": edition.resolution,
        "edition": edition,
        "editions": neighbours.editions,
        "previous": previous,
        "next": neighbours.next,
        "newest": neighbours.newest,
        "contents": [v for v in clauses if v.kind == Kind.HEADING],
        "entries": [(version, rows.get(version.pk)) for version in clauses if version.kind != Kind.ROW],
        "footnotes": [
            (version, rows.get(version.pk)) for version in versions if version.kind == Kind.FOOTNOTE
        ],
        "changes": changes,
        "deleted": changes.deleted if changes else [],
    }
    return public(render(request, "resolutions/edition.html", context))


@offers_nearest_page
@cached_page
def clause_detail(request: HttpRequest, body: str, number: int, year: int, clause_path: str) -> HttpResponse:
    """A clause's permalink; the same address space also holds each
    section's page (`/noting/`), and anything else is a helpful 404."""
    path = clause_path.strip("/").lower()
    # A clause's permalink, the page asked most, in two queries: the
    # resolution's editions (the page shows them all), then the versions of
    # the clause at that address in every one of them.
    neighbours = find_neighbours(body, number, year, path)
    edition = neighbours.edition
    history = clause_history_at(edition, neighbours.editions, path)
    if history is not None:
        return clause_page(request, history)
    if heading := section_heading(edition, path):
        return section_page(request, heading)
    return clause_not_found(request, edition, path)


def find_clause(edition: Edition, path: str) -> tuple[ClauseVersion | None, ClauseVersion | None]:
    """The clause at `path` in the edition, else the heading of the section
    at `path`."""
    version = (
        ClauseVersion.objects.select_related("section", "edition__resolution")
        .filter(edition=edition, path=path)
        .first()
    )
    if version is not None:
        return version, None
    return None, section_heading(edition, path)


def section_heading(edition: Edition, path: str) -> ClauseVersion | None:
    """The heading of the section at `path` in the edition (a section's page
    shares the clauses' address space)."""
    return (
        ClauseVersion.objects.select_related("section", "edition__resolution")
        .filter(edition=edition, path=f"{path}/heading")
        .first()
    )


def referred_footnotes(version: ClauseVersion) -> list[ClauseVersion]:
    """The footnotes the clause's text refers to, so its superscripts lead
    somewhere; a query only when it refers to one. Each linked to the
    clause's edition rather than joined to a copy (a footnote has no section)."""
    numbers = FOOTNOTE_REF.findall(version.text)
    if not numbers:
        return []
    footnotes = list(
        ClauseVersion.objects.filter(
            edition_id=version.edition_id, kind=Kind.FOOTNOTE, label__in=numbers
        ).order_by("order")
    )
    for footnote in footnotes:
        ClauseVersion.edition.field.set_cached_value(footnote, version.edition)
    return footnotes


def attach_table_rows(versions: list[ClauseVersion]) -> None:
    """Give each table version its rows (`table_rows`), so that a page lays
    a table out as one <table>; the rows follow their table in order."""
    tables = {version.pk: version for version in versions if version.kind == Kind.TABLE}
    for table in tables.values():
        table.table_rows = []
    for version in versions:
        if version.kind == Kind.ROW and version.parent_id in tables:
            tables[version.parent_id].table_rows.append(version)


def nesting_context(version: ClauseVersion) -> tuple[list[ClauseVersion], list[ClauseVersion]]:
    """The clauses a nested clause sits under (outermost first) and those
    under it, in one query, and only for a clause that has either: one
    below its section, or one introducing a list (ITU ends those with a
    colon), so that a flat resolution's clause page costs no more."""
    if version.depth == 0 and not version.text.rstrip().endswith(":"):
        return [], []
    parts = version.path.split("/")
    above = ["/".join(parts[:n]) for n in range(2, len(parts))]
    related = list(
        ClauseVersion.objects.filter(edition_id=version.edition_id)
        .filter(Q(path__in=above, depth__lt=version.depth) | Q(parent_id=version.pk))
        .select_related("section", "edition__resolution")
        .order_by("order")
    )
    ancestors = [other for other in related if other.parent_id != version.pk and other.order < version.order]
    children = [other for other in related if other.parent_id == version.pk]
    return ancestors, children


def section_members(heading: ClauseVersion) -> QuerySet[ClauseVersion]:
    return (
        ClauseVersion.objects.filter(section=heading)
        .select_related("section", "edition__resolution")
        .order_by("order")
    )


def clause_page(request: HttpRequest, history: ClauseHistory) -> HttpResponse:
    version = history.version
    if redirect_to := canonical(request, version.get_absolute_url()):
        return redirect_to
    edition = version.edition
    ancestors, children = nesting_context(version)
    context = {
        "ancestors": ancestors,
        "children": children,
        "followed": followed_from(request, version),
        "newest_version": history.version_in(history.newest_edition),
        "deleted_in": history.deleted_in,
        "resolution": edition.resolution,
        "edition": edition,
        "version": version,
        "footnotes": referred_footnotes(version),
        "history": history.steps,
        "elsewhere": history.elsewhere,
        "newest": history.newest_edition,
        "latest_url": reverse(
            "resolutions:latest-clause",
            args=[edition.resolution.body, edition.resolution.number, f"{edition.year}/{version.path}"],
        ),
    }
    fragment = wants_fragment(request)
    context["fragment"] = fragment
    template = "resolutions/clause.html" + ("#history" if fragment else "")
    return public(render(request, template, context), varies=True)


def followed_from(request: HttpRequest, version: ClauseVersion) -> ClauseVersion | None:
    """The older version of this clause that a /latest/ redirect started
    from (`?from=2010/noting/c`), when it stood elsewhere, for the notice that
    says where it went. The canonical link leaves the parameter out."""
    year, _, path = request.GET.get("from", "").partition("/")
    if not (YEAR.fullmatch(year) and path):
        return None
    earlier = (
        ClauseVersion.objects.filter(clause_id=version.clause_id, edition__year=int(year))
        .select_related("section", "edition__resolution")
        .first()
    )
    return earlier if earlier is not None and earlier.pk != version.pk else None


def section_page(request: HttpRequest, heading: ClauseVersion) -> HttpResponse:
    """A labelled section and its clauses: `/pp/102/2014/noting/`."""
    edition = heading.edition
    url = reverse(
        "resolutions:clause",
        args=[edition.resolution.body, edition.resolution.number, edition.year, heading.section_slug],
    )
    if redirect_to := canonical(request, url):
        return redirect_to
    items = list(section_members(heading))
    attach_table_rows(items)
    items = [item for item in items if item.kind != Kind.ROW]
    context = {"resolution": edition.resolution, "edition": edition, "heading": heading, "items": items}
    return public(render(request, "resolutions/section.html", context))


def clause_not_found(request: HttpRequest, edition: Edition, path: str) -> HttpResponse:
    """404 that offers the section and the same address in other editions."""
    section_slug = path.split("/", 1)[0]
    section = ClauseVersion.objects.filter(edition=edition, path=f"{section_slug}/heading").first()
    same_path = list(
        ClauseVersion.objects.filter(edition__resolution=edition.resolution, path=path)
        .exclude(edition=edition)
        .select_related("edition__resolution", "section")
        .order_by("edition__year")
    )
    context = {
        "resolution": edition.resolution,
        "edition": edition,
        "path": path,
        "section": section,
        "same_path": same_path,
    }
    return public(render(request, "resolutions/clause_not_found.html", context, status=404))


@offers_nearest_page
def latest(request: HttpRequest, body: str, number: int, clause_path: str = "") -> HttpResponse:
    """302 to the newest edition, or to a clause as it stands there.

    `/latest/2010/noting/c/` follows the identity of 2010's *noting* c)
    wherever it went (2014's *noting* b)); `/latest/noting/c/` reads the path
    in the newest edition that has it. A clause deleted since goes to its
    last version, which says where it was deleted.
    """
    resolution = find_resolution(body, number)
    editions = list(resolution.editions.chronological().reverse())
    if not editions:
        raise Missing(f"Resolution {number} has no edition yet.", resolution=resolution)
    path = clause_path.strip("/").lower()
    if not path:
        return redirect(editions[0].get_absolute_url())
    candidates = ClauseVersion.objects.filter(edition__resolution=resolution)
    year, _, rest = path.partition("/")
    if YEAR.fullmatch(year) and rest:
        candidates = candidates.filter(edition__year=int(year), path=rest)
    else:
        candidates = candidates.filter(path=path)
    clause_id = candidates.order_by("-edition__year").values_list("clause_id", flat=True).first()
    if clause_id is None and YEAR.fullmatch(year) and rest:
        # An address in a withdrawn edition is Gone, not unknown.
        missing = missing_edition(resolution, int(year), rest)
        if isinstance(missing, Gone):
            raise missing
    if clause_id is None:
        raise Missing(f"No edition of Resolution {number} has a clause at “{path}”.", resolution=resolution)
    current = (
        ClauseVersion.objects.filter(clause_id=clause_id)
        .select_related("edition__resolution")
        .order_by("-edition__year")
        .first()
    )
    target = current.get_absolute_url()
    if rest and YEAR.fullmatch(year) and int(year) != current.edition.year:
        # The clause page says where the address the reader followed went.
        target += "?from=" + quote(path, safe="/")
    return redirect(target)


@offers_nearest_page
@cached_page
def compare(request: HttpRequest, body: str, number: int, old_year: int, new_year: int) -> HttpResponse:
    resolution, chronological = find_editions(body, number)
    editions = {edition.year: edition for edition in chronological}
    for year in (old_year, new_year):
        if year not in editions:
            raise missing_edition(resolution, year)
    old, new = editions[old_year], editions[new_year]
    url = reverse("resolutions:compare", args=[resolution.body, resolution.number, old_year, new_year])
    if redirect_to := canonical(request, url):
        return redirect_to
    view = request.GET.get("view", "inline")
    if view not in VIEWS:
        view = "inline"
    changes_only = request.GET.get("changes") == "only"
    comparison = compare_editions(old, new)
    rows = [row for row in comparison.rows if row.changed or not changes_only]
    context = {
        "resolution": resolution,
        "editions": list(editions.values()),
        "comparison": comparison,
        "rows": rows,
        "view": view,
        "changes_only": changes_only,
        "url": url,
        "old_year": old_year,
        "new_year": new_year,
        "htmx_target": "#comparison",
        "view_options": VIEW_OPTIONS,
    }
    template = "resolutions/compare.html" + ("#comparison" if wants_fragment(request) else "")
    return public(render(request, template, context), varies=True)


@offers_nearest_page
def compare_picker(request: HttpRequest, body: str, number: int) -> HttpResponse:
    """The editions picker is a GET form; it lands here and is sent on to the
    comparison's canonical URL. htmx follows the redirect and pushes the URL
    it ends on, so the address bar always shows the canonical form."""
    resolution = find_resolution(body, number)
    years = set(resolution.editions.values_list("year", flat=True))
    old, new = request.GET.get("old", ""), request.GET.get("new", "")
    if not (YEAR.fullmatch(old) and YEAR.fullmatch(new)):
        return redirect(resolution.get_absolute_url())
    old_year, new_year = int(old), int(new)
    if old_year not in years or new_year not in years:
        raise Missing(f"Choose two editions of Resolution {number}.", resolution=resolution)
    url = reverse("resolutions:compare", args=[resolution.body, resolution.number, old_year, new_year])
    query = QueryDict(mutable=True)
    if request.GET.get("view") in VIEWS[1:]:  # inline is the default, left out of the URL
        query["view"] = request.GET["view"]
    if request.GET.get("changes") == "only":
        query["changes"] = "only"
    return redirect(f"{url}?{query.urlencode()}" if query else url)
