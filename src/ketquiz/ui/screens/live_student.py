"""A student's screen in a live class: join under a name, answer the open question, see the reveal.

The screen follows the session file (:mod:`ketquiz.classroom.live_store`), polled a few times a second: what it
shows is whatever the teacher's console last did, so a reload or a dropped connection comes back to the same
place, and rejoining under the same name keeps every answer given.
"""

from __future__ import annotations

from typing import Any, Unpack

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ketquiz.classroom.live_quiz import grade_live, right_choices
from ketquiz.classroom.live_store import AnswerRefused, LiveSession, Snapshot, Student
from ketquiz.classroom.paper import Paper
from ketquiz.classroom.passages import CHOICE_LABELS, shown_choices
from ketquiz.core.learners import MAX_NAME_LENGTH
from ketquiz.core.model import CardType, Deck
from ketquiz.ui.literal import clean, literal
from ketquiz.ui.live_app import Following, LiveApp, choice_line, countdown, passages_text
from ketquiz.ui.widgets.fitline import cut_first


class JoinScreen(ModalScreen[str]):
    """Ask the student's name; the same name later (any case or spacing) rejoins with the answers kept."""

    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", id="live.quit-from-join")]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.quiz_title = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="join-dialog"):
            yield Static(literal(f"Live quiz: {self.quiz_title}", style="bold"))
            yield Static(
                "Type your name as your teacher should see it, then Enter. Use the same name to come back."
            )
            yield Input(placeholder="Your name", id="join-name", max_length=MAX_NAME_LENGTH)
            yield Static("", id="join-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not any(ch.isalnum() for ch in event.value):
            self.query_one("#join-error", Static).update(
                Text("Type a name with at least one letter or digit (any alphabet).", style="red")
            )
            return
        self.dismiss(event.value)


class LiveStudentApp(LiveApp):
    """One student's app; textual-serve runs one per browser, ``ketquiz join`` shows one in a terminal."""

    BINDINGS = [
        Binding("enter", "submit", "Send answer", id="live.submit"),
        Binding("ctrl+q", "quit", "Leave", id="live.leave", priority=True),
    ]

    def __init__(
        self,
        session: LiveSession,
        deck: Deck,
        paper: Paper,
        **following: Unpack[Following],
    ) -> None:
        super().__init__(session, deck, paper, **following)
        self.student: Student | None = None
        self.picked: set[int] = set()
        self.snapshot: Snapshot | None = None
        self.message = ""
        self._shown: tuple[Any, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static("", id="live-status")
        with VerticalScroll(id="live-body-scroll"):
            yield Static("", id="live-body")
        yield Static("", id="live-keys")

    def on_mount(self) -> None:
        self.sub_title = self.deck.title
        self.push_screen(JoinScreen(self.deck.title), self._joined)

    def _joined(self, name: str | None) -> None:
        if not name:
            return
        try:
            self.student = self.session.join(name, self.clock())
        except ValueError as exc:
            self.notify(str(exc), severity="error", markup=False)
            self.push_screen(JoinScreen(self.deck.title), self._joined)
            return
        if self.student.rejoined:
            self.notify(f"Welcome back, {clean(self.student.name)}: your answers are kept.", markup=False)
        self.follow("#live-body-scroll", self.refresh_state)

    # --- following the session -----------------------------------------------------------------------------

    def my_answer(self, position: int) -> Any | None:
        if self.student is None:
            return None
        mine = self.session.answers(position=position, student_id=self.student.id)
        return mine[0] if mine else None

    def refresh_state(self) -> None:
        if self.student is None:
            return
        now = self.clock()
        snap = self.session.snapshot(now)
        question = snap.question
        answer = self.my_answer(question.position) if question else None
        left = round(question.seconds_left(now)) if question else 0
        key = (snap.phase, question.position if question else -1, answer is not None, left, self.message)
        if self.snapshot is not None and key == self._shown:
            return
        if snap.question != (self.snapshot.question if self.snapshot else None):
            self.picked = set()
            self.message = ""
        self.snapshot = snap
        self._shown = key
        self.render_state(snap, answer, left)

    def render_state(self, snap: Snapshot, answer: Any, left: int) -> None:
        assert self.student is not None
        status = self.query_one("#live-status", Static)
        body = self.query_one("#live-body", Static)
        keys = self.query_one("#live-keys", Static)
        total = len(self.paper.items)
        who = literal(self.student.name, style="bold")
        if snap.phase == "lobby" or snap.question is None:
            status.update(cut_first(who, Text(" · waiting for the first question")))
            body.update(Text("You're in. Wait for your teacher to open the first question."))
            keys.update(Text("Ctrl+Q leave", style="dim"))
            return
        position = snap.question.position
        item = self.paper.items[position]
        card = item.card
        header = Text(f" · question {position + 1} of {total}")
        if snap.phase == "open":
            header.append_text(countdown(left))
        elif snap.phase == "ended":
            header.append(" · the quiz is over")
        status.update(cut_first(who, header))  # a long name is cut; the question and countdown stay whole
        text = Text()
        if snap.phase == "ended":
            mine = self.session.answers(student_id=self.student.id)
            text.append(
                f"The quiz is over: you got {sum(a.correct for a in mine)} of {total} right. Thank you!\n\n",
                style="bold",
            )
        text.append_text(literal(card.prompt, style="bold"))
        text.append("\n\n")
        choices = shown_choices(card)
        right = right_choices(item)
        revealed = snap.phase in ("revealed", "ended")
        chosen = _picked(answer.response) if answer is not None else self.picked
        for n, choice in enumerate(choices):
            style = "bold reverse" if n in chosen else ""
            if revealed and n in right:
                style = "bold green" + (" reverse" if n in chosen else "")
            text.append_text(choice_line(n, choice, ticked=revealed and n in right, style=style))
        text.append("\n")
        if snap.phase == "open":
            if answer is not None:
                text.append("Your answer is in. Wait for the reveal.", style="bold")
            elif card.type is CardType.MULTI:
                text.append("Tick every right option (its letter or number), then Enter.", style="dim")
            else:
                text.append("Press the letter or number of your answer, then Enter.", style="dim")
            if self.message:
                text.append("\n" + self.message, style="red")
            keys.update(Text("A–Z / 1–9 choose · Enter send · Ctrl+Q leave", style="dim"))
        else:
            if answer is None:
                text.append("You did not answer this one.", style="bold yellow")
            else:
                yours = ", ".join(CHOICE_LABELS[n] for n in sorted(_picked(answer.response)))
                if answer.correct:
                    text.append("Right!", style="bold green")
                else:
                    text.append("Not this time.", style="bold red")
                text.append(f" Your answer: {yours}.")
            text.append("\n")
            text.append_text(passages_text(self.deck, card))
            waiting = "The quiz is over" if snap.phase == "ended" else "Wait for the next question"
            keys.update(Text(f"{waiting} · Ctrl+Q leave", style="dim"))
        body.update(text)

    # --- answering -----------------------------------------------------------------------------------------

    def _open_item(self) -> Any | None:
        snap = self.snapshot
        if snap is None or snap.phase != "open" or snap.question is None or self.student is None:
            return None
        if self.my_answer(snap.question.position) is not None:
            return None
        return self.paper.items[snap.question.position]

    def on_key(self, event: events.Key) -> None:
        item = self._open_item()
        if item is None or not event.character:
            return
        choices = shown_choices(item.card)
        key = event.character.upper()
        index = -1
        if key.isdigit() and key != "0":
            index = int(key) - 1
        elif key in CHOICE_LABELS[: len(choices)]:
            index = CHOICE_LABELS.index(key)
        if item.card.type is CardType.TRUEFALSE and key in ("T", "F"):
            index = 0 if key == "T" else 1
        if not 0 <= index < len(choices):
            return
        event.stop()
        if item.card.type is CardType.MULTI:
            self.picked ^= {index}
        else:
            self.picked = {index}
        self._shown = ()
        self.refresh_state()

    def action_submit(self) -> None:
        item = self._open_item()
        if item is None or self.student is None or self.snapshot is None or self.snapshot.question is None:
            return
        if not self.picked:
            self.message = "Choose an answer first."
            self._shown = ()
            self.refresh_state()
            return
        card = item.card
        response: Any
        if card.type is CardType.MULTI:
            response = sorted(self.picked)
        elif card.type is CardType.TRUEFALSE:
            response = next(iter(self.picked)) == 0
        else:
            response = next(iter(self.picked))
        try:
            self.session.answer(
                self.student.id,
                self.snapshot.question.position,
                response,
                grade_live(item, response),
                self.clock(),
            )
        except AnswerRefused as exc:
            self.message = f"Not counted: {exc}."
        self._shown = ()
        self.refresh_state()


def _picked(response: Any) -> set[int]:
    if isinstance(response, bool):
        return {0 if response else 1}
    if isinstance(response, list):
        return {int(r) for r in response}
    return {int(response)}
