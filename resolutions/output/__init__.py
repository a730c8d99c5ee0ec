"""Every output format of a comparison, in one place.

The redline engine (`resolutions.redline`) computes operations; the
comparison (`resolutions.comparison`) pairs stored clauses and redlines
each pair. What a reader is then shown is decided here, once, and each
format is a thin writer over it:

- `pieces`: what a reader sees of one clause, piece by piece, on each side
  (inline, old, new). Every writer below starts from these pieces, so the
  wdiff text, the HTML and any later export mark the same words.
- `text`: the wdiff convention ("[-deleted-]{+inserted+}") for the command
  line and plain-text output.
- `html`: the pieces as escaped HTML (`<del>`, `<ins>`, footnote links),
  for the templates through `templatetags/comparison_html.py`.
- `data`: the comparison as JSON-ready plain data (`comparison_as_dict`).

A new output format (a Word export, a JSON API) is a new module here that
takes a `Comparison` and these pieces; it never compares texts itself.
"""
