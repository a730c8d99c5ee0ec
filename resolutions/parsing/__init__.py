"""Reading resolution editions from their source files.

What callers use is exported here: `read_upload` reads any supported file
into a `Reading` (one edition, or two for a revision-marked file), within
`Limits`; `RevisionMarks` and `SourceFormat` are the vocabularies the form,
the command and the models share; `parse_text` reads the plain-text layout
of the bundled editions. Inside: `formats` decides the format and hands the
file to its reader (`plaintext`, `docx`, `html`), the rich readers' marked
paragraphs become two sides in `revisions`, and `structure` decides every
format's structure the same way; `safety` is where untrusted input is
bounded, `conventions` what the readers share.
"""

from resolutions.parsing.conventions import RevisionMarks, SourceFormat
from resolutions.parsing.formats import Reading, read_upload
from resolutions.parsing.plaintext import parse_text
from resolutions.parsing.safety import Limits, size_text

__all__ = ["Limits", "Reading", "RevisionMarks", "SourceFormat", "parse_text", "read_upload", "size_text"]
