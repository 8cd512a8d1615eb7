"""The box a typed or cloze answer is written in."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class AnswerInput(Input):
    """An :class:`Input` that Escape leaves rather than passing Escape on to end the session.

    A learner pressing Escape while typing expects to step out of the box, not to lose the session; the text
    stays, Tab goes back in, and a second Escape (now that the box has no focus) ends the session.
    """

    HELP_TITLE = "Answer box"
    BINDINGS = [
        Binding("escape", "leave", "Leave the answer box", id="leave-answer"),
    ]

    def __init__(self, placeholder: str = "", *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        # Coming back into the box continues the answer rather than selecting it for replacement.
        super().__init__(placeholder=placeholder, id=id, select_on_focus=False)

    def action_leave(self) -> None:
        self.blur()
