"""Not-found pages that offer the nearest useful page.

A public address that names something the site does not have (a
resolution, an edition, a comparison, a clause) raises `Missing` with what
it knows: the resolution it named, if that exists, and the clause path.
`not_found_page` turns that into a 404 in the site's layout listing where
the reader can go instead: the resolution and its editions, the same
address in the editions that have it, or the list of all resolutions.
Addresses that match no URL at all get the same page (`handler404`).

An edition that was withdrawn (`Withdrawal`) is `Gone`: its addresses
answer 410 with the same page, saying when and why it was withdrawn and
which edition is now the newest.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from resolutions.models import ClauseVersion, Edition, EditionNeighbours, Resolution, Withdrawal


class Missing(Http404):
    """What the address named and the site lacks. An Http404, so that
    anything not caught by `offers_nearest_page` is still a plain 404."""

    status = 404

    def __init__(self, message: str, *, resolution: Resolution | None = None, path: str = ""):
        super().__init__(message)
        self.message = message
        self.resolution = resolution
        self.path = path


class Gone(Missing):
    """An edition that was published, then withdrawn: its addresses answer
    410 Gone, saying when, why, and which edition is now the newest."""

    status = 410

    def __init__(self, withdrawal: Withdrawal, *, path: str = ""):
        resolution = withdrawal.resolution
        self.withdrawal = withdrawal
        self.newest = resolution.editions.chronological().last()
        withdrawn = withdrawal.withdrawn_at
        super().__init__(
            # As the page's note writes dates ("2 December 2026"), so the heading agrees with it.
            f"{withdrawal.edition_name} was withdrawn on {withdrawn.day} {withdrawn:%B %Y}",
            resolution=resolution,
            path=path,
        )

    @property
    def note(self) -> str:
        """The note in words, for the JSON answers."""
        newest = f"; the newest edition is {self.newest}" if self.newest else ""
        return f"{self.message}{newest}. Reason: {self.withdrawal.reason}"


def missing_edition(resolution: Resolution, year: int, path: str = "") -> Missing:
    """What to raise for an edition the resolution does not have: Gone when
    that year was withdrawn (and not published again), else Missing."""
    withdrawal = resolution.withdrawals.filter(year=year).select_related("resolution").first()
    if withdrawal is not None:
        return Gone(withdrawal, path=path)
    return Missing(
        f"Resolution {resolution.number} has no edition of {year}.", resolution=resolution, path=path
    )


@dataclass(frozen=True)
class Suggestion:
    text: str
    url: str
    note: str = ""


def nearest_pages(missing: Missing) -> list[Suggestion]:
    """Where to go instead, most specific first; a bounded number of queries."""
    pages: list[Suggestion] = []
    resolution = missing.resolution
    if resolution is not None:
        editions = list(resolution.editions.chronological())
        if missing.path:
            same_path = (
                ClauseVersion.objects.filter(edition__resolution=resolution, path=missing.path)
                .select_related("section", "edition__resolution")
                .order_by("edition__year")
            )
            for version in same_path:
                pages.append(
                    Suggestion(
                        version.citation, version.get_absolute_url(), "the same address in another edition"
                    )
                )
        pages.append(
            Suggestion(
                f"{resolution.get_body_display()} Resolution {resolution.number}",
                resolution.get_absolute_url(),
                "its editions and what changed between them",
            )
        )
        for edition in reversed(editions):
            pages.append(
                Suggestion(
                    f"Resolution {resolution.number} ({edition.citation_designation})",
                    edition.get_absolute_url(),
                )
            )
    pages.append(Suggestion("All resolutions", reverse("resolutions:index")))
    return pages


def not_found_page(request: HttpRequest, missing: Missing) -> HttpResponse:
    context = {
        "message": missing.message,
        "suggestions": nearest_pages(missing),
        "gone": missing if isinstance(missing, Gone) else None,
    }
    response = render(request, "resolutions/not_found.html", context, status=missing.status)
    response["Cache-Control"] = "public, max-age=300"
    return response


def offers_nearest_page(view):
    """Render `Missing` raised by a public view as the helpful 404 page."""

    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Missing as missing:
            return not_found_page(request, missing)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: an address that matches no page of the site, or a
    `Missing` raised where `offers_nearest_page` does not catch it (the
    downloads)."""
    if isinstance(exception, Missing):
        return not_found_page(request, exception)
    return not_found_page(request, Missing("There is no page at this address."))


def find_resolution(body: str, number: int) -> Resolution:
    resolution = Resolution.objects.filter(body=body.lower(), number=number).first()
    if resolution is None:
        raise Missing(f"The site has no {body.upper()} Resolution {number}.")
    return resolution


def find_edition(body: str, number: int, year: int, path: str = "") -> Edition:
    """The edition, or Missing; `path` (a clause address in it) lets the 404
    offer the same clause in the editions that have it."""
    edition = (
        Edition.objects.select_related("resolution")
        .filter(resolution__body=body.lower(), resolution__number=number, year=year)
        .first()
    )
    if edition is None:
        raise missing_edition(find_resolution(body, number), year, path)
    return edition


def find_neighbours(body: str, number: int, year: int, path: str = "") -> EditionNeighbours:
    """The edition among its resolution's editions, in one query, or Missing
    as find_edition gives it."""
    editions = Edition.objects.of_resolution(body.lower(), number)
    years = [edition.year for edition in editions]
    if year not in years:
        raise missing_edition(find_resolution(body, number), year, path)
    return EditionNeighbours(editions, years.index(year))
