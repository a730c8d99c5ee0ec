"""Every output format of a comparison, in one place.

The redline engine (`resolutions.redline`) computes operations; the
comparison (`resolutions.comparison`) pairs stored clauses and redlines
each pair. What a reader is then shown is decided here, once, and each
format is a thin writer over it:

- `pieces`: what a reader sees of one clause, piece by piece, on each side
  (inline, old, new). Every writer below starts from these pieces, so the
  wdiff text, the HTML and any later export mark the same words.
- `text`: the wdiff convention ("[-deleted-]{+inserted+}") for the command
  line, and an edition in the layout the plain-text importer reads.
- `html`: the pieces as escaped HTML (`<del>`, `<ins>`, footnote links),
  for the templates through `templatetags/comparison_html.py`.
- `data`: JSON-ready plain data, one serializer per object (resolution,
  edition, clause, compared row), put together into the API's documents.
- `docx`: Word documents, a comparison as real tracked changes (from the
  "tracked" pieces, exact to the space) and an edition clean.

A new output format is a new module here that takes a `Comparison` and
these pieces; it never compares texts itself.
"""
