"""The search page, `/search/?q=...`: a plain GET form, and for htmx (live
results as the delegate types) the `results` partial of the same template.

Bad filters (a resolution or year that does not exist, half a "changed
between") get a 400 page that says which and why; the text typed can never
be wrong (search.parse_query reads anything).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.text import Truncator

from resolutions.caching import cached_page
from resolutions.models import Edition, Resolution
from resolutions.search import (
    PAGE_SIZE,
    Query,
    Scope,
    changes_between,
    grouped,
    latest_editions,
    parse_query,
    search,
)
from resolutions.views import public, wants_fragment
from resolutions.views_citations import cited_place

MAX_QUERY_LENGTH = 200
NO_YEAR = "No edition of any resolution is of %(value)s."


def resolution_key(resolution: Resolution) -> str:
    return f"{resolution.body}-{resolution.number}"


def year_field(label: str) -> forms.TypedChoiceField:
    """A choice of the years of the stored editions (set per form)."""
    return forms.TypedChoiceField(
        label=label, coerce=int, empty_value=None, required=False, error_messages={"invalid_choice": NO_YEAR}
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search for",
        max_length=MAX_QUERY_LENGTH,
        required=False,
        widget=forms.SearchInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "max_length": "Search for at most %(limit_value)d characters (this is %(show_value)d)."
        },
    )
    resolution = forms.ChoiceField(
        label="Resolution",
        required=False,
        error_messages={"invalid_choice": "There is no resolution %(value)s."},
    )
    edition = year_field("Edition")
    latest = forms.BooleanField(label="Latest editions only", required=False)
    # "Only clauses changed in `new` since `old`": either alone is enough
    # (search.changes_between fills in the other per resolution).
    new = year_field("in")
    old = year_field("since")

    def __init__(
        self, data: QueryDict, *, resolutions: Sequence[Resolution], editions: Sequence[tuple[int, int, int]]
    ):
        """`editions`: (id, resolution id, year) of every edition."""
        super().__init__(data)
        self.resolutions = {resolution_key(resolution): resolution for resolution in resolutions}
        self.years_of: dict[int, set[int]] = defaultdict(set)
        for _, resolution_id, year in editions:
            self.years_of[resolution_id].add(year)
        self.fields["resolution"].choices = [("", "All resolutions")] + [
            (key, f"{resolution.body.upper()} {resolution.number}: {Truncator(resolution.title).chars(60)}")
            for key, resolution in self.resolutions.items()
        ]
        years = [(year, str(year)) for year in sorted({year for _, _, year in editions}, reverse=True)]
        self.fields["edition"].choices = [("", "Any edition"), *years]
        self.fields["new"].choices = [("", "any edition"), *years]
        self.fields["old"].choices = [("", "the edition before"), *years]

    def clean_resolution(self) -> Resolution | None:
        return self.resolutions.get(self.cleaned_data["resolution"])

    def clean(self) -> dict:
        data = super().clean()
        resolution = data.get("resolution")
        for name in ("edition", "old", "new"):
            year = data.get(name)
            if resolution is not None and year is not None and year not in self.years_of[resolution.pk]:
                self.add_error(name, f"Resolution {resolution.number} has no edition of {year}.")
        old, new = data.get("old"), data.get("new")
        if old is not None and old == new:
            self.add_error("old", "Choose two different editions to see what changed between them.")
        return data

    @property
    def changes_filter(self) -> bool:
        return self.cleaned_data.get("old") is not None or self.cleaned_data.get("new") is not None

    def scope(self) -> Scope:
        data = self.cleaned_data
        resolution, year = data.get("resolution"), data.get("edition")
        editions = latest_editions() if data.get("latest") else Edition.objects.all()
        if resolution is not None:
            editions = editions.filter(resolution=resolution)
        if year is not None:
            editions = editions.filter(year=year)
        filtered = resolution is not None or year is not None or data.get("latest")
        changes = None
        if self.changes_filter:
            changes = changes_between(data.get("old"), data.get("new"), resolution)
        return Scope(editions if filtered else None, changes)


def page_url(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return f"?{query.urlencode()}"


@cached_page  # results depend on every edition: the stamp of them all
def search_page(request: HttpRequest) -> HttpResponse:
    resolutions = list(Resolution.objects.all())
    editions = list(Edition.objects.values_list("pk", "resolution_id", "year"))
    form = SearchForm(request.GET, resolutions=resolutions, editions=editions)
    valid = form.is_valid()
    typed = form.cleaned_data.get("q", "") if valid else ""
    fragment = wants_fragment(request)
    # A citation typed into the box goes to its clause (live results stay results).
    if typed and not fragment and set(request.GET) == {"q"} and (url := cited_place(typed)):
        return public(redirect(url))
    query = parse_query(typed) if valid else Query()
    context: dict = {"form": form, "typed": typed, "query": query, "fragment": fragment}
    if query:
        results = search(query, form.scope())
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
        resolution_of = {pk: resolution_id for pk, resolution_id, _ in editions}
        context.update(
            results=results,
            page=page,
            groups=grouped(page.object_list, results.per_edition),
            edition_count=len(results.per_edition),
            resolution_count=len({resolution_of[pk] for pk in results.per_edition}),
            previous_url=page_url(request, page.previous_page_number()) if page.has_previous() else "",
            next_url=page_url(request, page.next_page_number()) if page.has_next() else "",
            changes_filter=form.changes_filter,
        )
    template = "resolutions/search.html" + ("#results" if context["fragment"] else "")
    return public(render(request, template, context, status=200 if valid else 400), varies=True)
