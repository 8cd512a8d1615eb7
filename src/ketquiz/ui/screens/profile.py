"""Who is studying: asked at start when several learners share one ketquiz (a classroom server)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ketquiz.core.learners import MAX_NAME_LENGTH, display_name, learner_profile
from ketquiz.ui.widgets.keybar import KeyBar

#: A typed name -> the profile its progress is kept under (any script; see ketquiz.core.learners).
profile_name = learner_profile


class ProfileScreen(ModalScreen[str]):
    """Ask the learner's name; dismiss with the name as typed (tidied): the app derives the profile from it."""

    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", id="quit-from-profile")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="profile-dialog"):
            yield Static(Text("Who is studying?", style="bold"))
            yield Static(
                Text(
                    "Your name keeps your progress apart from everyone else's. Use the same name next time."
                ),
                id="profile-help",
            )
            yield Input(placeholder="Your name, then Enter", id="profile-input", max_length=MAX_NAME_LENGTH)
            yield Static("", id="profile-error")
        yield KeyBar()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = display_name(event.value)
        if not learner_profile(name):
            self.query_one("#profile-error", Static).update(
                Text("Type a name with at least one letter or digit (any alphabet).", style="red")
            )
            return
        self.dismiss(name)
