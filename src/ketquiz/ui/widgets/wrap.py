"""Text that wraps where a reader expects it to, at any width.

:func:`hanging`: a choice's letter, a bullet or a line number stands alone in its column, and a long choice, note
or source line wraps under its own first word instead of under the label. :func:`phrases`: short phrases (the
figures of a source, a legend's items) side by side, a phrase moving to the next row whole rather than breaking
between its words ("35 | uncited passages").
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.columns import Columns
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text


def hanging(rows: Iterable[tuple[Text, RenderableType]], gap: int = 0) -> Table:
    """A two-column grid: each label kept whole on its first line, each text wrapped in the width left over.

    ``gap`` is the number of blank cells between the label and the text.
    """
    grid = Table.grid(padding=(0, gap))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for label, text in rows:
        grid.add_row(label, text)
    return grid


def phrases(*items: Text, gap: int = 2) -> Columns:
    """Phrases side by side, as many to a row as fit, ``gap`` cells apart: a phrase moves to the next row whole."""
    return Columns(items, padding=(0, gap))
