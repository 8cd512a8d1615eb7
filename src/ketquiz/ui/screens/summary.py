"""End of a session: how it went, and what is due next."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ketquiz.core.words import counted
from ketquiz.store.session import SessionSummary
from ketquiz.ui.widgets.keybar import KeyBar


def format_duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def render_summary(s: SessionSummary) -> Text:
    out = Text()
    out.append("Cram session over" if s.cram else "Session over", style="bold")
    out.append("\n\n")
    out.append(f"Cards answered  {s.answered}\n")
    out.append("Right           ")
    out.append(str(s.right), style="green bold")
    out.append("\nWrong           ")
    out.append(str(s.wrong), style="red bold")
    if s.answered:
        out.append(f"   ({s.right / s.answered:.0%} right)")
    out.append(f"\nTime            {format_duration(s.seconds)}")
    if s.answered:
        out.append(f"  ({format_duration(s.seconds / s.answered)} a card)")
    out.append("\n\n")
    if s.cram:
        out.append("Cramming leaves your schedule as it was.", style="dim")
    elif s.due_tomorrow is not None:
        out.append(f"Due by this time tomorrow: {counted(s.due_tomorrow, 'card')}.", style="bold")
    return out


class SummaryScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,enter,q,space", "dismiss", "Close", id="close-summary")
    ]  # back to home or the browser

    def __init__(self, summary: SessionSummary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="summary-dialog"):
            yield Static(render_summary(self.summary), id="summary-body")
        yield KeyBar()
