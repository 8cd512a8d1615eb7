"""The one sanitiser for text that reaches a terminal.

Deck text, source documents, result files and student names are data, never commands: every control character
(C0 and C1, DEL, and so every escape sequence) except tab and newline is replaced, one for one, by a visible
placeholder before it is shown on a screen or printed; a form feed (a PDF's page break in an extracted source) reads
as the line break it is and becomes a newline. One for one, so offsets into a source still point at the
same passage. Every screen and every plain-text output goes through :func:`clean`; JSON output escapes controls
itself and needs nothing more.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: C0 and C1 controls except tab and newline, plus DEL. Each is replaced by one visible character.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
REPLACEMENT = "\ufffd"
#: What ``json.dumps(..., ensure_ascii=False)`` leaves raw inside strings that a terminal may still act on: DEL and
#: the C1 controls (U+009B is a one-character CSI on some terminals).
_JSON_RAW_CONTROLS = re.compile("[\x7f-\x9f]")


def clean(text: str) -> str:
    """``text`` with every control character (escape included) replaced by U+FFFD, length unchanged.

    A form feed becomes a newline instead: extracted PDFs keep their page breaks as form feeds so citations can name
    a page, and a reader should see a break there, not a placeholder.
    """
    return _CONTROL.sub(REPLACEMENT, text.replace("\f", "\n"))


#: A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets (tab and carriage return
#: too, which some of them strip before looking).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(text: str) -> str:
    """``text`` made inert for a spreadsheet: a cell a spreadsheet would run as a formula (``=HYPERLINK(...)``,
    ``+cmd|...``, ``@SUM(...)``) gets a leading apostrophe, the spreadsheets' own mark for "this is text"."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def first_control(text: str) -> str | None:
    """The first control character of ``text`` that :func:`clean` would replace (form feed included), or None."""
    found = _CONTROL.search(text)
    return found.group() if found else None


def json_text(data: Any, *, indent: int | None = 2, allow_nan: bool = True) -> str:
    """``data`` as JSON with non-ASCII text kept readable and every control character escaped, C1 included.

    JSON's own rules escape C0 controls; this also escapes DEL and C1, so JSON printed to a terminal is as safe as
    cleaned text while a JSON reader still gets the exact characters.
    """
    text = json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=allow_nan)
    # Raw DEL/C1 characters can only stand inside JSON strings, where a \u escape means the same character.
    return _JSON_RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
