"""The read-only API and the downloads: every page's text by machine.

Each page that shows text has a JSON twin at the same address with ".json"
(`/pp/102/2014.json`, `/pp/102/2014/noting/b.json`), and the page itself
answers JSON to a request that prefers it (`Accept: application/json`),
with `Vary: Accept` on both answers (`negotiated`). Editions also download
as plain text in the import layout (`.txt`) and as Word (`.docx`), and a
comparison as Word with tracked changes.

Thin views: look things up as the pages do, hand them to resolutions.output
(data for JSON, text, docx), which alone decides what each looks like. The
API is read-only and public: GET and HEAD only, CORS open to every origin,
no cookie or session, cacheable, with the pages' validators and shared
cache (caching.cached_page; the JSON is a variant of its page's address).
A JSON address that names nothing answers a JSON error, never an HTML page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header

from resolutions import views
from resolutions.caching import cached_page
from resolutions.comparison import clause_history, compare_editions, resolution_timeline
from resolutions.models import ClauseVersion, Edition, Resolution
from resolutions.not_found import Gone, find_edition, find_resolution, missing_edition
from resolutions.output import data
from resolutions.output.docx import CONTENT_TYPE_DOCX, comparison_docx, edition_docx
from resolutions.output.text import edition_text

View = Callable[..., HttpResponse]
SAFE_METHODS = ("GET", "HEAD")
JSON = "application/json"


def prefers_json(request: HttpRequest) -> bool:
    """Whether the client ranks JSON above HTML: browsers send "text/html"
    first (or only "*/*"), API clients "application/json"."""
    return request.get_preferred_type(["text/html", JSON]) == JSON


def negotiated(page: View, json_view: View) -> View:
    """One address, two answers: the page, or its JSON for a client that
    prefers JSON. Both say that they vary on Accept, so caches keep both."""

    @functools.wraps(page)
    def view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = (json_view if prefers_json(request) else page)(request, *args, **kwargs)
        patch_vary_headers(response, ["Accept"])
        return response

    return view


def open_to_all(response: HttpResponse) -> HttpResponse:
    """Public, cacheable and readable from any origin, ETag included."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag"
    return views.public(response)


def read_only(view: View) -> View:
    """GET and HEAD; an OPTIONS preflight says so; anything else is 405."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ", ".join(SAFE_METHODS)
            response["Access-Control-Allow-Headers"] = "Accept, If-None-Match"
            response["Access-Control-Max-Age"] = "86400"
            return open_to_all(response)
        if request.method not in SAFE_METHODS:
            return HttpResponseNotAllowed(SAFE_METHODS)
        return view(request, *args, **kwargs)

    return wrapper


def api(view: Callable[..., dict | HttpResponse]) -> View:
    """A JSON view: returns a document (or a redirect); a 404 on the way is
    a JSON error saying what is missing."""

    @read_only
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            result = view(request, *args, **kwargs)
        except Gone as gone:
            document = {
                "error": gone.note,
                "withdrawn": gone.withdrawal.withdrawn_at.isoformat(),
                "newest": request.build_absolute_uri(gone.newest.get_absolute_url()) if gone.newest else None,
            }
            return open_to_all(json_response(document, status=410))
        except Http404 as missing:
            return open_to_all(json_response({"error": str(missing) or "Not found."}, status=404))
        return open_to_all(result if isinstance(result, HttpResponse) else json_response(result))

    return wrapper


def json_response(document: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(document, status=status, json_dumps_params={"ensure_ascii": False})


def canonical(request: HttpRequest, page_url: str, json_url: str) -> HttpResponse | None:
    """The 301 of views.canonical, to the spelling of whichever address the
    request used: the page's (answering JSON by Accept) or the .json one."""
    return views.canonical(request, json_url if request.path.endswith(".json") else page_url)


def download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return open_to_all(response)


def file_stem(edition: Edition) -> str:
    """ "pp-102-2014", as the bundled fixtures are named."""
    return f"{edition.resolution.body}-{edition.resolution.number}-{edition.year}"


def comparison_editions(body: str, number: int, old_year: int, new_year: int) -> tuple[Edition, Edition]:
    """Both editions of a comparison, in one query; 404 naming a missing year."""
    editions = {
        edition.year: edition
        for edition in Edition.objects.select_related("resolution").filter(
            resolution__body=body.lower(), resolution__number=number, year__in=[old_year, new_year]
        )
    }
    for year in (old_year, new_year):
        if year not in editions:
            raise missing_edition(find_resolution(body, number), year)
    return editions[old_year], editions[new_year]


# ---------------------------------------------------------------- JSON


@cached_page(variant="json")
@api
def index_json(request: HttpRequest) -> dict | HttpResponse:
    if redirect_to := canonical(request, reverse("resolutions:index"), reverse("resolutions:index-json")):
        return redirect_to
    # Prefetching gives each edition its resolution: no query per edition.
    resolutions = Resolution.objects.prefetch_related(
        Prefetch("editions", queryset=Edition.objects.chronological())
    )
    return data.index_document(resolutions)


@cached_page(variant="json")
@api
def resolution_json(request: HttpRequest, body: str, number: int) -> dict | HttpResponse:
    resolution = find_resolution(body, number)
    json_url = reverse("resolutions:resolution-json", args=[resolution.body, resolution.number])
    if redirect_to := canonical(request, resolution.get_absolute_url(), json_url):
        return redirect_to
    return data.resolution_document(resolution_timeline(resolution))


@cached_page(variant="json")
@api
def edition_json(request: HttpRequest, body: str, number: int, year: int) -> dict | HttpResponse:
    edition = find_edition(body, number, year)
    json_url = reverse(
        "resolutions:edition-json", args=[edition.resolution.body, edition.resolution.number, year]
    )
    if redirect_to := canonical(request, edition.get_absolute_url(), json_url):
        return redirect_to
    return data.edition_document(edition, list(ClauseVersion.objects.in_edition(edition)))


@cached_page(variant="json")
@api
def clause_json(
    request: HttpRequest, body: str, number: int, year: int, clause_path: str
) -> dict | HttpResponse:
    """A clause, or a section (`/noting.json`), as on views.clause_detail."""
    edition = find_edition(body, number, year)
    path = clause_path.strip("/").lower()
    version, heading = views.find_clause(edition, path)
    if version is None and heading is None:
        raise Http404(
            f"Resolution {number} ({edition.citation_designation}) has no clause or section {path}."
        )
    args = [edition.resolution.body, edition.resolution.number, year]
    where = version.path if version else heading.section_slug
    page_url = version.get_absolute_url() if version else reverse("resolutions:clause", args=[*args, where])
    json_url = reverse("resolutions:clause-json", args=[*args, where])
    if redirect_to := canonical(request, page_url, json_url):
        return redirect_to
    if heading is not None:
        return data.section_document(heading, list(views.section_members(heading)))
    return data.clause_document(clause_history(version), list(views.referred_footnotes(version)))


@cached_page(variant="json")
@api
def compare_json(
    request: HttpRequest, body: str, number: int, old_year: int, new_year: int
) -> dict | HttpResponse:
    """The comparison; `?changes=only` keeps the rows that changed, as on the page."""
    old, new = comparison_editions(body, number, old_year, new_year)
    urls = data.comparison_urls(old, new)
    if redirect_to := canonical(request, urls["url"], urls["json"]):
        return redirect_to
    comparison = compare_editions(old, new)
    changes_only = request.GET.get("changes") == "only"
    rows = [row for row in comparison.rows if row.changed or not changes_only]
    return data.comparison_document(comparison, rows)


# ---------------------------------------------------------------- downloads


@cached_page
@read_only
def edition_text_download(request: HttpRequest, body: str, number: int, year: int) -> HttpResponse:
    """The edition in the layout `import_edition` reads."""
    edition = find_edition(body, number, year)
    args = [edition.resolution.body, edition.resolution.number, year]
    if redirect_to := views.canonical(request, reverse("resolutions:edition-text", args=args)):
        return redirect_to
    text = edition_text(list(ClauseVersion.objects.in_edition(edition)))
    return download(text.encode(), "text/plain; charset=utf-8", f"{file_stem(edition)}.txt")


@cached_page
@read_only
def edition_docx_download(request: HttpRequest, body: str, number: int, year: int) -> HttpResponse:
    edition = find_edition(body, number, year)
    args = [edition.resolution.body, edition.resolution.number, year]
    if redirect_to := views.canonical(request, reverse("resolutions:edition-docx", args=args)):
        return redirect_to
    content = edition_docx(edition, ClauseVersion.objects.in_edition(edition))
    return download(content, CONTENT_TYPE_DOCX, f"{file_stem(edition)}.docx")


@cached_page
@read_only
def compare_docx_download(
    request: HttpRequest, body: str, number: int, old_year: int, new_year: int
) -> HttpResponse:
    """The comparison as Word tracked changes, authored as the later edition."""
    old, new = comparison_editions(body, number, old_year, new_year)
    if redirect_to := views.canonical(request, data.comparison_urls(old, new)["docx"]):
        return redirect_to
    content = comparison_docx(compare_editions(old, new))
    return download(content, CONTENT_TYPE_DOCX, f"{file_stem(old)}-{new.year}.docx")
