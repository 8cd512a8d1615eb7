"""The one sanitiser for text that reaches a terminal.

Deck text, source documents, result files and student names are data, never commands: every control character
(C0 and C1, DEL, and so every escape sequence) except tab and newline is replaced, one for one, by a visible
placeholder before it is shown on a screen or printed. One for one, so offsets into a source still point at the
same passage. Every screen and every plain-text output goes through :func:`clean`; JSON output escapes controls
itself and needs nothing more.
"""

from __future__ import annotations

import re

#: C0 and C1 controls except tab and newline, plus DEL. Each is replaced by one visible character.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
REPLACEMENT = "\ufffd"


def clean(text: str) -> str:
    """``text`` with every control character (escape included) replaced by U+FFFD, length unchanged."""
    return _CONTROL.sub(REPLACEMENT, text)


def first_control(text: str) -> str | None:
    """The first character of ``text`` that :func:`clean` would replace, or None."""
    found = _CONTROL.search(text)
    return found.group() if found else None
