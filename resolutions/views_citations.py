"""The delegates' citation tools: /cite/ (a citation in, the clause out).

Thin like the other views: `citing` parses, `citation_lookup` resolves.
Public: no session, no cookie, no CSRF token, so that shared caches may
keep the pages.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from resolutions.citation_lookup import Outcome, resolve_citations
from resolutions.citing import parse_citations
from resolutions.views import canonical, public

# Full-text search, built beside this; a query that is no citation goes there.
SEARCH_URL = "/search/"
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
