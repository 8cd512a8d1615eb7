"""A file's full path on screen, wrapped where a reader expects: after a folder separator, never inside a name.

A result file's path is long (a class folder, then ``Student-Name_deck-id_20260302T090000Z.json``) and the
terminal may be 60 columns wide. Wrapped as prose, it broke wherever the line ran out ("…term-20" / "26/Ana…").
Here it follows its label when the whole fits on one line; otherwise it starts on its own line and each line ends
at a separator, a name too long for a line being broken after a ``_`` (else a ``-`` or a ``.``; at the width only
when it has none). The lines put together are the path exactly, and a mouse selection copies it without the line
breaks.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, chop_cells
from rich.text import Text
from textual.geometry import Size
from textual.selection import Selection
from textual.widget import Widget

from ketquiz.ui.literal import clean

#: A folder with the separator that ends it, or the last name (either separator, so a Windows path folds too).
_PARTS = re.compile(r"[^/\\]*[/\\]|[^/\\]+")
#: Where a name too long for a line may break, best first: after the ``_`` between a result file's fields (student,
#: deck, time), then after a ``-`` or a ``.`` inside one.
_BREAKS = ("_", "-", ".")


def fold_path(path: str, width: int) -> list[str]:
    """``path`` as lines of at most ``width`` cells that put together give ``path`` back, each line broken after
    a separator. A name longer than a line starts a line of its own and breaks after ``_``, else after ``-`` or
    ``.`` (a run of more than ``width`` cells with none of them, at the width)."""
    width = max(1, width)
    lines: list[str] = []
    line = ""
    for part in _PARTS.findall(path):
        if cell_len(part) > width and line:  # on a fresh line: its words read better together
            lines.append(line)
            line = ""
        for piece in _pieces(part, width, _BREAKS):
            if line and cell_len(line + piece) > width:
                lines.append(line)
                line = ""
            line += piece
    lines.append(line)
    return lines


def _pieces(text: str, width: int, breaks: tuple[str, ...]) -> list[str]:
    """``text`` in pieces of at most ``width`` cells, each ending after ``breaks[0]`` where one is needed, a piece
    still too long cut after the next break character, and so on, then at the width."""
    if cell_len(text) <= width:
        return [text]
    if not breaks:
        return chop_cells(text, width)
    words = re.findall(f"[^{re.escape(breaks[0])}]*{re.escape(breaks[0])}|[^{re.escape(breaks[0])}]+", text)
    return [piece for word in words for piece in _pieces(word, width, breaks[1:])]


class FilePath(Widget):
    """``label path`` on one line when it fits, else ``label`` and then the path folded by :func:`fold_path`.

    The path is shown in full (cleaned of control characters), never shortened: it is what a user copies to find
    the file."""

    DEFAULT_CSS = """
    FilePath {
        height: auto;
    }
    """

    def __init__(self, label: str, path: str, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        self.label = clean(label)
        self.path = clean(path)

    def lines(self, width: int) -> list[str]:
        """The rows drawn at ``width`` cells: the label's row first."""
        whole = f"{self.label} {self.path}"
        if cell_len(whole) <= width:
            return [whole]
        return [self.label, *fold_path(self.path, width)]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Text:
        text = Text("\n".join(self.lines(self.size.width)), no_wrap=True, overflow="fold")
        text.stylize("bold", len(self.label) + 1)  # the path, whether after the label or below it
        return text

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text with the path's own line breaks left out, so a selected path copies whole."""
        lines = self.lines(self.size.width)
        rows = [lines[0], "".join(lines[1:])] if len(lines) > 1 else lines
        #: Where each drawn line starts in ``rows``, as (row, column): the path's lines follow each other.
        starts = [(0, 0)] + [(1, sum(len(line) for line in lines[1:i])) for i in range(1, len(lines))]

        def place(x: int, y: int) -> tuple[int, int]:
            row, column = starts[min(y, len(lines) - 1)]
            return row, column + x

        start = place(*selection.start) if selection.start is not None else (0, 0)
        end = place(*selection.end) if selection.end is not None else (len(rows) - 1, len(rows[-1]))
        (y0, x0), (y1, x1) = sorted((start, end))
        if y0 == y1:
            return rows[y0][x0:x1], "\n"
        return rows[y0][x0:] + "\n" + rows[y1][:x1], "\n"
