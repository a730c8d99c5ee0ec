"""Reading resolution editions from their source files.

`build_edition` decides structure for every format; `parse_text` reads the
plain-text layout.
"""

from resolutions.parsing.plaintext import parse_text
from resolutions.parsing.structure import build_edition

__all__ = ["build_edition", "parse_text"]
