"""The delegates' citation tools: /cite/ (a citation in, the clause out) and
/link/ (a meeting document in, its citations linked).

Thin like the other views: `citing` parses, `citation_lookup` resolves,
`output/linked_docx` writes the .docx. Both pages are public: no session,
no cookie, no CSRF token, so that shared caches may keep them.
"""

from __future__ import annotations

import base64
import re
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from resolutions.citation_lookup import Outcome, link_paragraphs, resolve_citations
from resolutions.citing import parse_citations
from resolutions.document import ParseError
from resolutions.forms import LinkForm
from resolutions.output.linked_docx import LinkableDocx
from resolutions.output.linked_text import linked_html, linked_plain_text
from resolutions.parsing.formats import detect_format
from resolutions.parsing.safety import Limits, check_upload_size, size_text
from resolutions.views import canonical, public

# Full-text search, built beside this; a query that is no citation goes there.
SEARCH_URL = "/search/"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXAMPLES = (
    "Resolution 102 (Rev. Busan, 2014), noting b)",
    "Res. 102 (Busan, 2014) resolves",
    "PP Res 102 instructs the Secretary-General 3",
    "102/2014 noting c",
    "Resolution 102 (Rev. Guadalajara, 2010), *considering* h)",
    "noting c) of Resolution 102 (PP-10)",
)


def search(query: str) -> HttpResponse:
    params = QueryDict(mutable=True)
    params["q"] = query
    return public(redirect(f"{SEARCH_URL}?{params.urlencode()}"))


def cited_place(query: str) -> str | None:
    """The address of the one clause or section a query cites in full
    ("Resolution 102 (Rev. Busan, 2014), noting b)"), else None: what lets
    the site's search box take a citation straight to its clause. Short
    forms ("102 noting c") are left to the search, where they may be words."""
    citations = parse_citations(query)
    if len(citations) != 1:
        return None
    (lookup,) = resolve_citations(citations)
    if (
        lookup.citation.short
        or lookup.target is None
        or lookup.outcome not in (Outcome.CLAUSE, Outcome.SECTION)
    ):
        return None
    return lookup.target.url + ("?cited=latest" if lookup.latest_assumed else "")


def cite(request: HttpRequest) -> HttpResponse:
    """A citation as people write it: 302 to the clause (to the newest
    edition when none is cited, which the clause page then says); the
    candidates when several places fit; a 404 that says what the edition
    lacks and where else the place is; text search when it is no citation."""
    if redirect_to := canonical(request, reverse("resolutions:cite")):
        return redirect_to
    query = request.GET.get("q", "").strip()
    if not query:
        return public(render(request, "resolutions/cite.html", {"examples": EXAMPLES}))
    citations = parse_citations(query)
    lookups = resolve_citations(citations) if citations else []
    if len(lookups) == 1:
        lookup = lookups[0]
        if lookup.outcome == Outcome.UNKNOWN or (lookup.citation.short and lookup.outcome == Outcome.MISSING):
            # A resolution the site lacks, or "102 countries": the words may
            # still be found in the texts.
            return search(query)
        if lookup.target is not None:
            url = lookup.target.url
            if lookup.latest_assumed:
                url += "?cited=latest"
            return public(redirect(url))
    elif not lookups:
        return search(query)
    status = 404 if all(lookup.outcome == Outcome.MISSING for lookup in lookups) else 200
    context = {"query": query, "lookups": lookups, "examples": EXAMPLES}
    return public(render(request, "resolutions/cite.html", context, status=status))


@csrf_exempt  # a public tool that changes and keeps nothing: no token, no cookie (see below)
@require_http_methods(["GET", "POST"])
def link(request: HttpRequest) -> HttpResponse:
    """/link/: paste a meeting document or upload its .docx; get it back with
    every citation linked, the citations listed, and those whose clause
    changed or went since the cited edition flagged.

    CSRF protection exists to stop another site making a visitor's browser
    change something with the visitor's rights. This POST changes nothing,
    stores nothing and acts as nobody (the same for every visitor), so a
    forged one gains nothing; a token would need a cookie, which no public
    page sets (shared caches keep them). Its cost is bounded like an upload's.
    """
    if redirect_to := canonical(request, reverse("resolutions:link")):
        return redirect_to
    if request.method == "GET":
        return public(render(request, "resolutions/link.html", {"form": LinkForm()}))
    try:
        form = LinkForm(request.POST, request.FILES)
        form.is_valid()
    except (RequestDataTooBig, TooManyFieldsSent):
        return refused(
            request,
            f"What was sent is larger than the {size_text(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)} allowed: "
            "paste a part of the text, or upload the .docx.",
            status=413,
        )
    except MultiPartParserError as error:
        return refused(request, f"The form could not be read ({error}).")
    if form.errors:
        return render(request, "resolutions/link.html", {"form": form}, status=400)
    default_body = form.cleaned_data["conference"]
    if upload := form.cleaned_data["file"]:
        return link_docx(request, form, upload, default_body)
    text = form.cleaned_data["text"]
    paragraphs = [line for line in re.split(r"\r\n|\r|\n", text) if line.strip()]
    document = link_paragraphs(paragraphs, absolute=request.build_absolute_uri, default_body=default_body)
    context = {
        "form": form,
        "document": document,
        "linked_html": linked_html(document),
        "linked_plain": linked_plain_text(document),
    }
    return render(request, "resolutions/link.html", context)


def refused(request: HttpRequest, message: str, *, status: int = 400) -> HttpResponse:
    return render(request, "resolutions/link.html", {"form": LinkForm(), "error": message}, status=status)


def link_docx(request: HttpRequest, form: LinkForm, upload, default_body: str) -> HttpResponse:
    data = upload.read()
    name = PurePath(upload.name or "document.docx").name
    limits = Limits.from_settings(settings)
    try:
        check_upload_size(data, limits, source=name)
        if detect_format(data, filename=name) != "docx":
            raise ParseError("this is not a Word .docx file: upload a .docx, or paste the text", source=name)
        linkable = LinkableDocx(data, limits=limits, source=name)
    except ParseError as error:
        form.add_error("file", error.message)
        return render(request, "resolutions/link.html", {"form": form}, status=400)
    document = link_paragraphs(
        linkable.texts(), absolute=request.build_absolute_uri, default_body=default_body
    )
    linked, skipped = linkable.with_links(
        (item.paragraph, item.citation.start, item.citation.end, item.url) for item in document.linked
    )
    filename = linked_name(name)
    if request.POST.get("download") == "docx":
        response = HttpResponse(linked, content_type=DOCX)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response
    context = {
        "form": form,
        "document": document,
        "docx": DocxResult(filename, linked, skipped),
    }
    return render(request, "resolutions/link.html", context)


def linked_name(name: str) -> str:
    stem = re.sub(r"[^\w.\- ]+", "", PurePath(name).stem).strip(" .") or "document"
    return f"{stem[:100]}-linked.docx"


class DocxResult:
    """The linked .docx, carried in the page itself (nothing is stored for
    a later download)."""

    def __init__(self, filename: str, data: bytes, skipped: int):
        self.filename, self.size, self.skipped = filename, size_text(len(data)), skipped
        self.data_url = f"data:{DOCX};base64,{base64.b64encode(data).decode()}"
