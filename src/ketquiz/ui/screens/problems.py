"""The problems found in the decks: ``check``'s messages (file:line:col), for decks that were skipped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ketquiz.ui.literal import literal
from ketquiz.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from ketquiz.core.diagnostics import Diagnostic


class ProblemsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,p", "dismiss", "Close", id="close")]

    def __init__(self, problems: list[Diagnostic]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        body = Text()
        if not self.problems:
            body.append("No problems: every deck loaded.")
        for d in self.problems:
            body.append_text(literal(d.format(), "red" if d.is_error else "yellow"))
            body.append("\n")
        with Vertical(classes="dialog"):
            yield Static("Problems in the decks", classes="dialog-title")
            with VerticalScroll():
                yield Static(body, id="problems-body")
        yield KeyBar()
