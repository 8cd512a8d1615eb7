"""A one-line label that says less on a narrow terminal instead of wrapping or being cut.

The review screen's counters and grade bar must read at 60 columns as well as at 120: each is given as a list of
variants, longest first, and the widget draws the first one that fits its width (the last one, cut with an
ellipsis, if none does). A key hint at the end of a wrapped line ("r: reveal now") is kept whole the same way, by
width: :class:`HintedText`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text
from textual import events
from textual.widget import Widget
from textual.widgets import Static


class FitLine(Widget):
    """One line of text, chosen from ``variants`` (longest first) by the width available."""

    DEFAULT_CSS = """
    FitLine {
        height: 1;
    }
    """

    def __init__(self, *variants: Text, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        self._variants: tuple[Text, ...] = variants or (Text(),)

    @property
    def variants(self) -> tuple[Text, ...]:
        return self._variants

    def update(self, *variants: Text | str) -> None:
        """Show these variants (longest first) from now on."""
        self._variants = tuple(Text(v) if isinstance(v, str) else v for v in variants) or (Text(),)
        self.refresh()

    def render(self) -> Text:
        return pick(self._variants, self.size.width)


def pick(variants: Sequence[Text], width: int) -> Text:
    """The first of ``variants`` no wider than ``width`` cells; else the last, cut with an ellipsis."""
    for variant in variants:
        if variant.cell_len <= width:
            return variant
    last = variants[-1].copy()
    last.no_wrap = True
    last.overflow = "ellipsis"
    last.truncate(max(0, width), overflow="ellipsis")
    return last


def cut_first(first: Text, rest: Text, min_width: int = 10) -> Table:
    """One line, ``first`` then ``rest``: on a short line ``first`` (a name, a file name) is cut with an ellipsis,
    to no less than ``min_width`` cells, so that ``rest`` (the figures) stays whole."""
    first = first.copy()
    first.no_wrap = True
    first.overflow = "ellipsis"
    grid = Table.grid()
    grid.add_column(min_width=min(min_width, first.cell_len))
    grid.add_column(no_wrap=True)
    grid.add_row(first, rest)
    return grid


def with_hint(text: Text, hint: str, width: int, console: Console, sep: str = " · ") -> Text:
    """``text``, then ``sep`` and ``hint`` after its last word, or the hint on a line of its own when it would not
    fit there: a hint such as "r: reveal now" is never split over two lines ("r:" at the end of one, "reveal now"
    on the next)."""
    out = text.copy()
    if width > 0 and text.wrap(console, width)[-1].cell_len + len(sep) + Text(hint).cell_len > width:
        out.append(f"\n{hint}")
    else:
        out.append(f"{sep}{hint}")
    return out


class HintedText(Static):
    """Wrapped text that ends with a key hint kept whole (:func:`with_hint`), placed again when the width changes."""

    def __init__(
        self,
        text: Text | str = "",
        hint: str = "",
        *,
        sep: str = " · ",
        id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(id=id)
        self._text = Text(text) if isinstance(text, str) else text
        self._hint = hint
        self._sep = sep

    def show(self, text: Text | str, hint: str = "") -> None:
        """Show ``text`` and, if given, ``hint`` after it."""
        self._text = Text(text) if isinstance(text, str) else text
        self._hint = hint
        self._place()

    def on_mount(self) -> None:
        self._place()

    def on_resize(self, event: events.Resize) -> None:
        self._place()

    def _place(self) -> None:
        if not self._hint:
            self.update(self._text)
            return
        self.update(with_hint(self._text, self._hint, self.content_size.width, self.app.console, self._sep))
