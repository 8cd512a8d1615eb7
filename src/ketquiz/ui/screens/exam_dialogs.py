"""The exam's smaller screens: the name prompt, the end-exam confirmation and the review page before handing in.

They take plain values (the exam's title, counts, the questions to list) and return the student's choice with
``dismiss``, so the question screen stays the only place that drives the sitting.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ketquiz.ui.literal import literal
from ketquiz.ui.widgets.keybar import KeyBar


def format_limit(seconds: int | None) -> str:
    """A time limit for people: "15 minutes", "1 h 30 min", "90 seconds", or "no time limit"."""
    if seconds is None:
        return "no time limit"
    if seconds < 120 and seconds % 60:
        return f"{seconds} seconds"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} hour{'s' if hours != 1 else ''}"


class StudentNameScreen(Screen[str]):
    """Asks the student's name when ``--student`` was not given, under what the exam is: its title, how many
    questions, and the time limit (which starts once the name is in)."""

    #: Ctrl+Q quits too: there is no exam to end yet (see ExamApp.check_action).
    BINDINGS = [Binding("escape,ctrl+q", "app.quit", "Quit", id="exam.quit", key_display="esc/^q")]

    def __init__(self, title: str, questions: int, time_limit_s: int | None) -> None:
        super().__init__()
        self.exam_title = title
        self.questions = questions
        self.time_limit_s = time_limit_s

    def compose(self) -> ComposeResult:
        with Vertical(id="exam-name-box"):
            yield Static(literal(self.exam_title), id="exam-name-title")
            limit = format_limit(self.time_limit_s)
            clock = "" if self.time_limit_s is None else " The clock starts when you press Enter."
            yield Static(
                f"{self.questions} question{'s' if self.questions != 1 else ''} · {limit}.{clock}",
                id="exam-name-facts",
            )
            yield Static("Your name, as your teacher should see it on the results:", id="exam-name-label")
            yield Input(placeholder="e.g. Ana Silva", id="exam-name")
            yield Static("", id="exam-name-error")
        yield KeyBar()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name:
            self.query_one("#exam-name-error", Static).update("Please type your name, then press Enter.")
            return
        self.dismiss(name)


class ConfirmEndScreen(ModalScreen[bool]):
    """ "End the exam now?" with two buttons; "Keep going" has the focus, so a stray Enter never ends an exam."""

    BINDINGS = [
        Binding("y", "answer(True)", "End exam", id="exam.confirm-end"),
        Binding("n,escape", "answer(False)", "Keep going", id="exam.cancel-end"),
        Binding("left,right", "app.focus_next", "Other button", show=False),
    ]

    def __init__(self, unanswered: int) -> None:
        super().__init__()
        self.unanswered = unanswered

    def compose(self) -> ComposeResult:
        left = (
            f"{self.unanswered} question{'s are' if self.unanswered != 1 else ' is'} still unanswered and "
            f"will score 0."
            if self.unanswered
            else "Every question is answered."
        )
        with Vertical(id="exam-confirm"):
            yield Static("End the exam now?", id="exam-confirm-title")
            yield Static(f"{left} You cannot come back to the exam afterwards.", id="exam-confirm-text")
            with Horizontal(id="exam-confirm-buttons"):
                yield Button("Keep going (n)", id="exam-confirm-no", variant="primary")
                yield Button("End exam (y)", id="exam-confirm-yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#exam-confirm-no", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "exam-confirm-yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


@dataclass(frozen=True, slots=True)
class ReviewEntry:
    """One question the review page lists: its number on the paper, why it is listed, and its prompt."""

    index: int
    answered: bool
    flagged: bool
    prompt: str


#: What the review page returns: a question's index to go back to, or one of these.
HAND_IN = -1
KEEP_GOING = -2


class ReviewScreen(ModalScreen[int]):
    """Before handing in: the unanswered and flagged questions, each one Enter away, and a button to hand in."""

    BINDINGS = [
        Binding("h", "hand_in", "Hand in", id="exam.hand-in"),
        Binding("escape", "keep_going", "Back to the exam", id="exam.review-back"),
        Binding("tab", "app.focus_next", "Next", show=False),
    ]

    def __init__(self, entries: list[ReviewEntry], answered: int, total: int) -> None:
        super().__init__()
        self.entries = entries
        self.answered = answered
        self.total = total

    def compose(self) -> ComposeResult:
        with Vertical(id="exam-review"):
            yield Static(
                f"Before you hand in: {self.answered} of {self.total} answered", id="exam-review-title"
            )
            if self.entries:
                yield Static("Enter goes back to a question (⚑ flagged):", id="exam-review-help")
                options = []
                for e in self.entries:
                    state = "answered" if e.answered else "unanswered"
                    prompt = " ".join(e.prompt.split())
                    prompt = prompt if len(prompt) <= 26 else prompt[:25] + "…"
                    label = literal(f"{e.index + 1:>2}. {state:<10} {'⚑' if e.flagged else ' '} {prompt}")
                    options.append(Option(label, id=str(e.index)))
                yield OptionList(*options, id="exam-review-list")
            else:
                yield Static("Every question is answered and none is flagged.", id="exam-review-help")
            with Horizontal(id="exam-review-buttons"):
                yield Button("Hand in (h)", id="exam-review-hand-in", variant="error")
                yield Button("Back (Esc)", id="exam-review-back")

    def on_mount(self) -> None:
        if self.entries:
            self.query_one(OptionList).focus()
        else:
            self.query_one("#exam-review-back", Button).focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(HAND_IN if event.button.id == "exam-review-hand-in" else KEEP_GOING)

    def action_hand_in(self) -> None:
        self.dismiss(HAND_IN)

    def action_keep_going(self) -> None:
        self.dismiss(KEEP_GOING)
