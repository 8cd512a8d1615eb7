"""Stats: reviews per day, the 30-day due forecast, retention (overall and by topic), cards by state, leeches and
suspended cards, and a year's calendar of reviews, as charts (the figures of ``ketquiz stats --json``)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ketquiz.core.model import Deck
from ketquiz.ui.literal import literal
from ketquiz.ui.stats_data import DAYS, DeckStats, collect_stats
from ketquiz.ui.widgets.charts import bar_rows, column_chart, heatmap
from ketquiz.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from ketquiz.store import StudyStore

_STATE_STYLES = {"new": "blue", "learning": "yellow", "review": "green", "relearning": "red"}


def render_stats(deck: Deck, s: DeckStats, width: int = 80) -> Text:
    """The stats as text ``width`` cells wide at most: a day's column is two cells where they fit, else one, so
    the charts never wrap on a narrow terminal."""
    axis = len(str(max([*s.reviews_per_day, *s.forecast], default=0))) + 2
    column = 2 if axis + 2 * DAYS <= width else 1
    out = Text()
    out.append(f"Reviews per day, last {DAYS} days", style="bold")
    out.append(f"  (total {sum(s.reviews_per_day)})\n", style="dim")
    out.append_text(column_chart(s.reviews_per_day, left=f"-{DAYS - 1}d", right="today", width=column))
    out.append(f"\n\nDue, next {DAYS} days", style="bold")
    out.append(f"  (total {sum(s.forecast)}; overdue: today)\n", style="dim")
    out.append_text(
        column_chart(s.forecast, bar_style="magenta", left="today", right=f"+{DAYS - 1}d", width=column)
    )
    out.append("\n\nRetention ", style="bold")
    if s.retention is None:
        out.append("— no answers to learned cards yet", style="dim")
    else:
        out.append(f"{s.retention:.0%}", style="bold green" if s.retention >= 0.85 else "bold yellow")
        out.append(f"  of {s.retention_answers} answers to review cards were not Again", style="dim")
    if s.retention_by_topic:
        out.append("\n\nRetention by topic\n", style="bold")
        titles = {t.id: t.title for t in deck.topics}
        room = max(10, width - 24)
        for i, (topic, (share, answers)) in enumerate(s.retention_by_topic.items()):
            title = " ".join(titles.get(topic, topic).split())
            title = title if len(title) <= room else title[: room - 1] + "…"
            out.append("\n" if i else "")
            out.append_text(literal(f"{title:<{room}}"))
            out.append(f" {share:>4.0%}", style="bold green" if share >= 0.85 else "bold yellow")
            out.append(f"  of {answers}", style="dim")
    out.append("\n\nCards by state\n", style="bold")
    out.append_text(
        bar_rows(list(s.by_state.items()), width=min(36, max(8, width - 24)), styles=_STATE_STYLES)
    )
    out.append("\n\nLeeches ", style="bold")
    out.append(str(s.leeches), style="bold red" if s.leeches else "")
    out.append("  Suspended ", style="bold")
    out.append(str(s.suspended))
    out.append("  (leeches included; find them in the browser)", style="dim")
    if s.heatmap_start is not None and s.heatmap:
        out.append("\n\nReviews in the last year", style="bold")
        out.append(f"  (total {sum(s.heatmap)}; busiest day {max(s.heatmap)})\n", style="dim")
        out.append_text(heatmap(s.heatmap, s.heatmap_start, width))
    return out


class StatsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,t", "dismiss", "Back", id="close-stats")]
    AUTO_FOCUS = "#stats-scroll"

    def __init__(self, deck: Deck, store: StudyStore, now: datetime) -> None:
        super().__init__()
        self.deck = deck
        self.stats = collect_stats(store, deck.id, now)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = Text("Stats: ", style="bold")
            title.append_text(literal(self.deck.title, "bold italic"))
            yield Static(title, classes="dialog-title")
            with VerticalScroll(id="stats-scroll"):
                yield Static(render_stats(self.deck, self.stats), id="stats-body")
        yield KeyBar()

    def on_mount(self) -> None:
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """Draw the charts for the room there is, so they never wrap: the dialog (at most 110 wide) less its
        border, padding and scrollbar."""
        room = min(self.size.width, 110) - 6
        self.query_one("#stats-body", Static).update(render_stats(self.deck, self.stats, max(20, room)))
