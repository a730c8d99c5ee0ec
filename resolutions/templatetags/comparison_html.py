"""The comparison's HTML for templates (the markup itself is built in
resolutions.output.html).

    {% load comparison_html %}
    {{ change|redline:"inline" }}        deletions and insertions together
    {{ change|redline:"old" }}           the old text with its deletions
    {{ change|redline:"new" }}           the new text with its insertions
    {{ change|redline_label:"inline" }}  the label: "[-c-]{+b+})"
    {{ change|status_marks }}            its ITU mark and margin notes
    {{ change|status_marks:"comparison" }}  the same, in a comparison row

`change` is a ClauseChange, or any sequence of Op.

    {% comparison_rows rows view changes_only=True %}
                                         a comparison page's rows (inline or
                                         side-by-side)
    {% section_counts comparison.sections %}
                                         its summary's rows, per section
    {% history_steps steps resolution %}  a clause's history, step by step
"""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

from resolutions.output.html import (
    comparison_rows_html,
    history_steps_html,
    ops_html,
    section_counts_html,
    status_html,
)
from resolutions.redline import ClauseChange, Op

register = template.Library()


@register.filter
def redline(value: ClauseChange | Sequence[Op], side: str = "inline") -> SafeString:
    """A clause's text with its changes marked."""
    return ops_html(value.ops if isinstance(value, ClauseChange) else value, side)


@register.filter
def redline_label(change: ClauseChange, side: str = "inline") -> SafeString:
    """A clause's label with its change marked, when relettered."""
    return ops_html(change.label_ops, side)


@register.simple_tag
def comparison_rows(rows, view: str, *, changes_only: bool = False) -> SafeString:
    """A comparison page's rows (resolutions.output.html.comparison_rows_html)."""
    return comparison_rows_html(rows, view, changes_only=changes_only)


@register.simple_tag
def section_counts(sections) -> SafeString:
    """A comparison's summary rows (resolutions.output.html.section_counts_html)."""
    return section_counts_html(sections)


@register.filter
def status_marks(change: ClauseChange, where: str = "") -> SafeString:
    """A clause's ITU mark and margin notes (resolutions.output.html.status_html)."""
    return status_html(change, in_comparison=where == "comparison")


@register.simple_tag
def history_steps(steps, resolution) -> SafeString:
    """A clause's history (comparison.HistoryStep), each step linked to the
    comparison of its editions (resolutions.output.html.history_steps_html)."""
    return history_steps_html(
        steps,
        lambda old_year, new_year: reverse(
            "resolutions:compare", args=[resolution.body, resolution.number, old_year, new_year]
        ),
    )
