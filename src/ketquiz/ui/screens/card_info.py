"""Card info and the reset question, opened from the card browser.

Card info shows one card as the learner sees it, its citations, its full review history and the next interval for
each grade; reset asks first, since the schedule goes (undo brings it back).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ketquiz.core.scheduling import format_interval
from ketquiz.store.browse import CardView
from ketquiz.ui.literal import clean, literal
from ketquiz.ui.widgets.keybar import KeyBar
from ketquiz.ui.widgets.wrap import hanging

#: Flag colours as the browser's table and the card info draw them.
FLAG_STYLES = {1: "red", 2: "dark_orange", 3: "green", 4: "blue", 5: "magenta", 6: "cyan", 7: "purple"}


class ConfirmResetScreen(ModalScreen[bool]):
    """Reset asks first: the schedule goes (the review history stays, and undo brings it back)."""

    BINDINGS = [
        Binding("escape,n", "dismiss(False)", "Keep", id="keep"),
        Binding("y", "dismiss(True)", "Reset"),
    ]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        from textual.containers import Vertical

        with Vertical(classes="dialog", id="reset-dialog"):
            yield Static(literal(f"Reset {self.what} to new?"), classes="dialog-title")
            yield Static("Its schedule starts again; its review history is kept. Undo (u) brings it back.")
            yield Button("Keep (n)", id="keep", variant="primary")
            yield Button("Reset (y)", id="reset", variant="error")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "reset")


class CardInfoScreen(ModalScreen[None]):
    """One card as the learner sees it, its citations, its review history and the next interval per grade."""

    BINDINGS = [Binding("escape,q,enter", "dismiss", "Back", id="close-info")]

    def __init__(self, view: CardView, store: Any, now: datetime) -> None:
        super().__init__()
        self.view = view
        self.store = store
        self.now = now

    def compose(self) -> ComposeResult:
        from textual.containers import Vertical, VerticalScroll

        with Vertical(classes="dialog"):
            yield Static(literal(f"Card {self.view.key}", "bold"), classes="dialog-title")
            with VerticalScroll(id="card-info-scroll"):
                yield Static(self._body(), id="card-info-body")
        yield KeyBar()

    def _body(self) -> Group:
        """The card, its citations, the next intervals and the history; a long choice or quote wraps under its
        own first word, clear of its mark or source."""
        from ketquiz.store.browse import card_history

        card, v = self.view.card, self.view
        parts: list[RenderableType] = [literal(card.prompt, "bold")]
        if card.choices:
            marks = (Text(f" {'✓' if i in card.correct else ' '} ") for i in range(len(card.choices)))
            parts.append(hanging(zip(marks, (literal(c) for c in card.choices), strict=True)))
        out = Text()
        out.append("Answer: ", style="dim")
        out.append_text(literal(card.answer))
        out.append(f"\n{card.type.value} · topic {clean(card.topic)} · {v.state}", style="dim")
        if v.flag:
            out.append(f" · flag {v.flag.label}", style=FLAG_STYLES.get(int(v.flag), ""))
        if v.leech:
            out.append(" · leech", style="bold red")
        out.append("\n\nCitations", style="bold")
        parts.append(out)
        sources = (Text(f"  [{clean(c.source)}] ", style="dim") for c in card.citations)
        parts.append(hanging(zip(sources, (literal(c.quote, "italic") for c in card.citations), strict=True)))
        out = Text()
        if self.store is not None and v.state not in ("suspended",):
            try:
                preview = self.store.preview(v.deck_id, card.id, self.now)
                out.append("\nNext interval  ", style="bold")
                out.append("   ".join(f"{r.label} {format_interval(d)}" for r, d in preview.items()))
                out.append("\n")
            except Exception as exc:  # a card the store has no row for yet, or a damaged row
                out.append(f"\nNext interval: {clean(str(exc))}\n", style="dim")
        out.append(f"\nReview history ({v.reviews})\n", style="bold")
        history = card_history(self.store, v.deck_id, card.id) if self.store is not None else []
        if not history:
            out.append("  never answered\n", style="dim")
        else:
            out.append("  date              rating  interval  stability  difficulty  R before\n", style="dim")
        for h in history:
            recall = f"{h.retrievability:.0%}" if h.retrievability is not None else "-"
            stab = f"{h.stability:.1f}" if h.stability is not None else "-"
            diff = f"{h.difficulty:.1f}" if h.difficulty is not None else "-"
            out.append(
                f"  {h.at:%Y-%m-%d %H:%M}  {h.rating.label:<6}  {format_interval(h.interval):>8}  {stab:>9}"
                f"  {diff:>10}  {recall:>8}\n"
            )
        parts.append(out)
        return Group(*parts)
