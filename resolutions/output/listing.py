"""The home page's list of resolutions as HTML: a row per resolution, a
link per edition. Built here rather than in the template for the reason
output/html.py builds an edition's clauses: with the whole collection
(hundreds of resolutions, five or six editions each) the template engine's
own work per row was most of the page's time. Text is escaped by
html_format (output/html.py); the markup is the template's, byte for byte."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain
from typing import TYPE_CHECKING

from django.utils.safestring import SafeString

from resolutions.models import Body
from resolutions.output.html import html_format, html_join

if TYPE_CHECKING:
    from resolutions.models import PlainEdition, Resolution

ROW = (
    '\n    <tr>\n      <th scope="row"><a href="{}">{} Resolution {}</a></th>\n      <td>{}</td>\n'
    '      <td>\n        <ul class="inline-list">\n        {}\n        </ul>\n      </td>\n'
    "      <td>{}</td>\n    </tr>\n  "
)
BODY_NAMES = dict(Body.choices)
EDITION = '\n          <li><a href="{}">{}</a></li>\n        '


def resolution_rows(rows: Iterable[tuple[Resolution, Sequence[PlainEdition]]]) -> SafeString:
    """The rows of the home page's table: each resolution with its editions,
    oldest first (last revised: the newest's year)."""
    return html_join(
        html_format(
            ROW,
            resolution.url,
            BODY_NAMES[resolution.body],
            resolution.number,
            resolution.title,
            # One html_format for all of a resolution's editions.
            html_format(
                EDITION * len(editions),
                *chain.from_iterable((edition.url, edition.citation_designation) for edition in editions),
            ),
            editions[-1].year if editions else None,
        )
        for resolution, editions in rows
    )
