"""The card browser's table: one row per card, drawn a page at a time.

Every row a DataTable draws is measured cell by cell on the UI thread, so the table holds every card that matches
(``matches``) but draws only the first of them (``shown``), a page more each time the cursor comes near the last
row drawn: a keystroke in the search box draws a screenful and a little more, not every match.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.widgets import DataTable

from ketquiz.store.browse import CardView
from ketquiz.ui.literal import clean
from ketquiz.ui.screens.card_info import FLAG_STYLES

#: Rows drawn at first, and drawn more each time the cursor comes near the last one.
PAGE = 40
#: The most telling first, so an 80-column terminal shows prompt, state, due, recall and flag (scroll for more).
COLUMNS = ("prompt", "state", "due", "R", "flag", "lapses", "revs", "topic", "type")
PROMPT_WIDTH = 30


class CardTable(DataTable[Text | str]):
    """The cards that match, one row each (keyed by the card's ``deck/card`` key), a page drawn at a time."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.matches: list[CardView] = []  # every card the filter lets through, in order
        self.shown: list[CardView] = []  # the first of them, drawn

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        if not self.columns:
            for column in COLUMNS:
                self.add_column(column, key=column)

    def draw(self, matches: list[CardView], keep: str | None) -> None:
        """Draw the first rows of ``matches``, or as far as the card ``keep`` (the cursor stays on it)."""
        self._add_columns()
        self.matches, self.shown = matches, []
        self.clear()
        at = next((i for i, v in enumerate(matches) if v.key == keep), None) if keep is not None else None
        self.draw_more(PAGE if at is None else at + PAGE)
        if at is not None:
            self.move_cursor(row=at)

    def draw_more(self, rows: int = PAGE) -> None:
        more = self.matches[len(self.shown) : len(self.shown) + rows]
        for v in more:
            self.add_row(*cells(v), key=v.key)
        self.shown = self.shown + more

    @on(DataTable.RowHighlighted)
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        """The cursor came within half a page of the last row drawn: draw the next page."""
        if len(self.shown) < len(self.matches) and event.cursor_row >= len(self.shown) - PAGE // 2:
            self.draw_more()

    def current(self) -> CardView | None:
        """The card under the cursor, if any."""
        if not self.shown or self.cursor_row < 0 or self.cursor_row >= len(self.shown):
            return None
        return self.shown[self.cursor_row]


def cells(v: CardView) -> tuple[Text | str, ...]:
    """A card's row: its prompt on one line (cut to ``PROMPT_WIDTH``), then its schedule and where it belongs."""
    prompt = " ".join(clean(v.card.prompt).split())
    due = v.due.astimezone().strftime("%Y-%m-%d") if v.due else "-"
    recall = f"{v.retrievability:.0%}" if v.retrievability is not None else "-"
    flag = Text(v.flag.label if v.flag else "", style=FLAG_STYLES.get(int(v.flag), ""))
    if v.leech:
        flag.append(" leech", style="bold red")
    state = Text(v.state, style="dim" if v.state in ("suspended", "buried") else "")
    cut = prompt if len(prompt) <= PROMPT_WIDTH else prompt[: PROMPT_WIDTH - 1] + "…"
    return (Text(cut), state, due, recall, flag, str(v.lapses), str(v.reviews), clean(v.card.topic),
            v.card.type.value)  # fmt: skip
