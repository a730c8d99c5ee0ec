"""Public pages. Thin: look things up, hand them to a template.

Pages that answer htmx requests with a fragment render the same template's
named partial, send `Vary: HX-Request`, and answer a history-restore request
with the full page. No view here touches the session or sets a cookie, so
shared caches can keep the pages.
"""

from __future__ import annotations

import re

from django.db.models import Max, Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers

from resolutions.comparison import Comparison, compare_editions, compare_versions
from resolutions.document import FOOTNOTE_REF, Kind
from resolutions.models import ClauseVersion, Edition, Resolution

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


def get_resolution(body: str, number: int) -> Resolution:
    return get_object_or_404(Resolution, body=body.lower(), number=number)


def get_edition(body: str, number: int, year: int) -> Edition:
    return get_object_or_404(
        Edition.objects.select_related("resolution"),
        resolution__body=body.lower(),
        resolution__number=number,
        year=year,
    )


def index(request: HttpRequest) -> HttpResponse:
    resolutions = Resolution.objects.annotate(last_revised=Max("editions__year")).prefetch_related(
        Prefetch("editions", queryset=Edition.objects.order_by("year"))
    )
    return public(render(request, "resolutions/index.html", {"resolutions": resolutions}))


def resolution_detail(request: HttpRequest, body: str, number: int) -> HttpResponse:
    resolution = get_resolution(body, number)
    if redirect_to := canonical(request, resolution.get_absolute_url()):
        return redirect_to
    editions = list(resolution.editions.order_by("year"))
    versions = list(
        ClauseVersion.objects.filter(edition__resolution=resolution)
        .select_related("section")
        .order_by("order")
    )
    by_edition: dict[int, list[ClauseVersion]] = {edition.pk: [] for edition in editions}
    for version in versions:
        by_edition[version.edition_id].append(version)
    steps = [
        Comparison(older, newer, tuple(compare_versions(by_edition[older.pk], by_edition[newer.pk])))
        for older, newer in zip(editions, editions[1:], strict=False)
    ]
    return public(
        render(
            request,
            "resolutions/resolution.html",
            {
                "resolution": resolution,
                "editions": editions,
                "steps": steps,
                "old_year": editions[-2].year if len(editions) > 1 else None,
                "new_year": editions[-1].year if editions else None,
            },
        )
    )


def edition_detail(request: HttpRequest, body: str, number: int, year: int) -> HttpResponse:
    edition = get_edition(body, number, year)
    if redirect_to := canonical(request, edition.get_absolute_url()):
        return redirect_to
    versions = list(ClauseVersion.objects.in_edition(edition))
    editions = list(edition.resolution.editions.order_by("year"))
    return public(
        render(
            request,
            "resolutions/edition.html",
            {
                "resolution": edition.resolution,
                "edition": edition,
                "editions": editions,
                "previous": _neighbour(editions, edition, -1),
                "next": _neighbour(editions, edition, +1),
                "clauses": [v for v in versions if v.kind != "footnote"],
                "footnotes": [v for v in versions if v.kind == "footnote"],
            },
        )
    )


def _neighbour(editions: list[Edition], edition: Edition, step: int) -> Edition | None:
    position = editions.index(edition) + step
    return editions[position] if 0 <= position < len(editions) else None


def clause_detail(request: HttpRequest, body: str, number: int, year: int, clause_path: str) -> HttpResponse:
    edition = get_edition(body, number, year)
    path = clause_path.strip("/").lower()
    version = (
        ClauseVersion.objects.select_related("section", "edition__resolution")
        .filter(edition=edition, path=path)
        .first()
    )
    if version is None:
        return _section_or_not_found(request, edition, path)
    if redirect_to := canonical(request, version.get_absolute_url()):
        return redirect_to

    editions = list(edition.resolution.editions.order_by("year"))
    versions = {
        v.edition_id: v
        for v in ClauseVersion.objects.filter(clause_id=version.clause_id).select_related(
            "section", "edition__resolution"
        )
    }
    history = []
    for older, newer in zip(editions, editions[1:], strict=False):
        before, after = versions.get(older.pk), versions.get(newer.pk)
        if before is None and after is None:
            continue
        rows = compare_versions([before] if before else [], [after] if after else [])
        history.append({"old_edition": older, "new_edition": newer, "row": rows[0]})
    present = [e for e in editions if e.pk in versions]
    elsewhere = []
    for other in editions:
        if other.pk == edition.pk:
            continue
        if other.pk in versions:
            elsewhere.append({"edition": other, "version": versions[other.pk]})
        elif other.year > present[-1].year and not any(item.get("deleted") for item in elsewhere):
            elsewhere.append({"edition": other, "deleted": True})
        elif other.year < present[0].year:
            elsewhere.append({"edition": other, "absent": True})
    # The footnotes the clause refers to, so its superscripts lead somewhere.
    footnotes = ClauseVersion.objects.none()
    if numbers := FOOTNOTE_REF.findall(version.text):
        footnotes = ClauseVersion.objects.in_edition(edition).filter(kind=Kind.FOOTNOTE, label__in=numbers)
    context = {
        "resolution": edition.resolution,
        "edition": edition,
        "version": version,
        "footnotes": footnotes,
        "history": history,
        "elsewhere": elsewhere,
        "newest": editions[-1],
        "latest_url": reverse(
            "resolutions:latest-clause",
            args=[edition.resolution.body, edition.resolution.number, f"{edition.year}/{version.path}"],
        ),
    }
    template = "resolutions/clause.html" + ("#history" if wants_fragment(request) else "")
    return public(render(request, template, context), varies=True)


def _section_or_not_found(request: HttpRequest, edition: Edition, path: str) -> HttpResponse:
    heading = (
        ClauseVersion.objects.select_related("edition__resolution")
        .filter(edition=edition, path=f"{path}/heading")
        .first()
    )
    if heading is not None:
        url = reverse(
            "resolutions:clause",
            args=[edition.resolution.body, edition.resolution.number, edition.year, path],
        )
        if redirect_to := canonical(request, url):
            return redirect_to
        items = list(
            ClauseVersion.objects.filter(section=heading)
            .select_related("section", "edition__resolution")
            .order_by("order")
        )
        return public(
            render(
                request,
                "resolutions/section.html",
                {"resolution": edition.resolution, "edition": edition, "heading": heading, "items": items},
            )
        )
    section_slug = path.split("/", 1)[0]
    section = ClauseVersion.objects.filter(edition=edition, path=f"{section_slug}/heading").first()
    same_path = list(
        ClauseVersion.objects.filter(edition__resolution=edition.resolution, path=path)
        .exclude(edition=edition)
        .select_related("edition__resolution", "section")
        .order_by("edition__year")
    )
    response = render(
        request,
        "resolutions/clause_not_found.html",
        {
            "resolution": edition.resolution,
            "edition": edition,
            "path": path,
            "section": section,
            "same_path": same_path,
        },
        status=404,
    )
    return public(response)


def latest(request: HttpRequest, body: str, number: int, clause_path: str = "") -> HttpResponse:
    """302 to the newest edition, or to a clause as it stands there.

    `/latest/2010/noting/c/` follows the identity of 2010's *noting* c)
    wherever it went (2014's *noting* b)); `/latest/noting/c/` reads the path
    in the newest edition that has it. A clause deleted since goes to its
    last version, which says where it was deleted.
    """
    resolution = get_resolution(body, number)
    editions = list(resolution.editions.order_by("-year"))
    if not editions:
        raise Http404("This resolution has no edition yet.")
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
    if clause_id is None:
        raise Http404(f"No edition of Resolution {number} has a clause at {path}.")
    current = (
        ClauseVersion.objects.filter(clause_id=clause_id)
        .select_related("edition__resolution")
        .order_by("-edition__year")
        .first()
    )
    return redirect(current.get_absolute_url())


def compare(request: HttpRequest, body: str, number: int, old_year: int, new_year: int) -> HttpResponse:
    resolution = get_resolution(body, number)
    editions = {edition.year: edition for edition in resolution.editions.order_by("year")}
    for year in (old_year, new_year):
        if year not in editions:
            raise Http404(f"Resolution {number} has no edition of {year}.")
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


def compare_picker(request: HttpRequest, body: str, number: int) -> HttpResponse:
    """The editions picker is a GET form; it lands here and is sent on to the
    comparison's canonical URL. htmx follows the redirect and pushes the URL
    it ends on, so the address bar always shows the canonical form."""
    resolution = get_resolution(body, number)
    years = set(resolution.editions.values_list("year", flat=True))
    old, new = request.GET.get("old", ""), request.GET.get("new", "")
    if not (YEAR.fullmatch(old) and YEAR.fullmatch(new)):
        return redirect(resolution.get_absolute_url())
    old_year, new_year = int(old), int(new)
    if old_year not in years or new_year not in years:
        raise Http404("Choose two editions of this resolution.")
    url = reverse("resolutions:compare", args=[resolution.body, resolution.number, old_year, new_year])
    query = QueryDict(mutable=True)
    if request.GET.get("view") in VIEWS[1:]:  # inline is the default, left out of the URL
        query["view"] = request.GET["view"]
    if request.GET.get("changes") == "only":
        query["changes"] = "only"
    return redirect(f"{url}?{query.urlencode()}" if query else url)
