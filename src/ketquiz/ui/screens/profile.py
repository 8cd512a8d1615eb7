"""Who is studying: asked at start when several learners share one ketquiz (a classroom server)."""

from __future__ import annotations

import re
import unicodedata

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ketquiz.ui.widgets.keybar import KeyBar

_NOT_ALLOWED = re.compile(r"[^a-z0-9_.-]+")


def profile_name(typed: str) -> str:
    """A learner's name as a profile name: 'Ana María' -> 'ana-maria'; '' when nothing usable is left."""
    ascii_name = unicodedata.normalize("NFKD", typed).encode("ascii", "ignore").decode("ascii").lower()
    name = _NOT_ALLOWED.sub("-", ascii_name).strip("-._")
    name = re.sub(r"\.{2,}", ".", name)
    return name[:64]


class ProfileScreen(ModalScreen[str]):
    """Ask the learner's name; dismiss with the profile name their progress is kept under."""

    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", id="quit-from-profile")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="profile-dialog"):
            yield Static(Text("Who is studying?", style="bold"))
            yield Static(
                Text("Your name keeps your progress apart from everyone else's. Use the same name next time."),
                id="profile-help",
            )
            yield Input(placeholder="Your name, then Enter", id="profile-input", max_length=64)
            yield Static("", id="profile-error")
        yield KeyBar()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = profile_name(event.value)
        if not name:
            self.query_one("#profile-error", Static).update(
                Text("Type a name with at least one letter or digit.", style="red")
            )
            return
        self.dismiss(name)
