"""Rows of a label and its text, where the text's wrapped lines hang clear of the label.

A choice's letter, a bullet or a line number stands alone in its column: a long choice, note or source line
wraps under its own first word instead of under the label, at any width.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text


def hanging(rows: Iterable[tuple[Text, Text]], gap: int = 0) -> Table:
    """A two-column grid: each label kept whole on its first line, each text wrapped in the width left over.

    ``gap`` is the number of blank cells between the label and the text.
    """
    grid = Table.grid(padding=(0, gap))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for label, text in rows:
        grid.add_row(label, text)
    return grid
