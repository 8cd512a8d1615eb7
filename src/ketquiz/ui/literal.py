"""Deck and source text shown exactly as written.

Deck text never goes through Rich/Textual markup: square brackets stay square brackets. Control characters and
escape sequences are replaced one for one, so offsets into a source still point at the same passage and nothing
an author (or a pasted web page) wrote can reach the terminal as a command.
"""

from __future__ import annotations

from rich.text import Text

from ketquiz.core.safetext import REPLACEMENT, clean

__all__ = ["HIGHLIGHT", "REPLACEMENT", "clean", "literal", "passage_in_context"]

#: The style of a quoted passage inside its context.
HIGHLIGHT = "bold reverse"


def literal(text: str, style: str = "") -> Text:
    """A Rich ``Text`` showing ``text`` literally (no markup), controls replaced."""
    return Text(clean(text), style=style)


def passage_in_context(source_text: str, start: int, end: int, sentences: int = 2) -> Text:
    """The sentences around ``source_text[start:end]`` with the passage itself highlighted.

    ``sentences`` is how many neighbouring sentences to show on each side.
    """
    from ketquiz.core.citations import sentence_around
    from ketquiz.core.model import Span

    if not (0 <= start < end <= len(source_text)):
        return Text("(passage not located in the source)", style="italic")
    source_text = source_text.replace("\f", "\n")  # a PDF's page break reads as a line break; offsets hold
    ctx = sentence_around(source_text, Span(start, end), extra=sentences)
    text = Text()
    if ctx.start > 0:
        text.append("… ", style="dim")
    text.append(clean(source_text[ctx.start : start]))
    text.append(clean(source_text[start:end]), style=HIGHLIGHT)
    text.append(clean(source_text[end : ctx.end]))
    if ctx.end < len(source_text):
        text.append(" …", style="dim")
    return text
