"""The exam in the terminal: a thin layer over :class:`ketquiz.classroom.session.ExamSession`.

Choice questions: press a number (or letter) to pick, Enter to confirm; multi-answer questions toggle picks.
Typed and cloze questions: type and press Enter. Enter with nothing picked skips a question; skipped questions
come back at the end. A countdown is always visible; at the limit the exam ends and what was answered counts.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Static

from ketquiz.classroom.passages import CHOICE_LABELS, card_passages, readable_response, shown_choices
from ketquiz.classroom.session import END_ENDED, END_FINISHED, END_TIME_UP, ExamOver, ExamSession
from ketquiz.core.model import CardType
from ketquiz.ui.literal import clean, literal
from ketquiz.ui.screens.exam_dialogs import (
    HAND_IN,
    KEEP_GOING,
    ConfirmEndScreen,
    ReviewEntry,
    ReviewScreen,
    StudentNameScreen,
)
from ketquiz.ui.widgets.filepath import FilePath
from ketquiz.ui.widgets.keybar import KeyBar

__all__ = ["ConfirmEndScreen", "ExamEndScreen", "QuestionScreen", "ReviewScreen", "StudentNameScreen"]


def format_clock(seconds: float) -> str:
    s = max(0, int(seconds + 0.999))  # round up: "0:00" only when time is really up
    return f"{s // 60}:{s % 60:02d}"


def _short_name(name: str, width: int = 16) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


class QuestionScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "submit", "Confirm / skip", id="exam.submit", priority=False),
        Binding("ctrl+f", "flag", "Flag", id="exam.flag"),
        Binding("ctrl+r", "review", "Review", id="exam.review"),
        # Choice questions: a number or a letter picks (or, in a multi-answer question, ticks) a choice; T and F
        # answer a true/false statement. A typed answer's box takes these keys first, as text.
        *(Binding(str(i + 1), f"pick({i})", f"Choice {i + 1}", show=False) for i in range(9)),
        *(
            Binding(f"{letter.lower()},{letter}", f"pick_letter({i})", f"Choice {letter}", show=False)
            for i, letter in enumerate(CHOICE_LABELS)
        ),
    ]

    def __init__(self, session: ExamSession, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.session = session
        self.clock = clock
        self.queue: deque[int] = deque(range(len(session.paper.items)))
        self.current = -1
        self.picked: set[int] = set()
        #: Questions the student marked to look at again before handing in.
        self.flagged: set[int] = set()

    def compose(self) -> ComposeResult:
        yield Static("", id="exam-status")
        with VerticalScroll(id="exam-body"):
            yield Static("", id="exam-prompt")
            yield Static("", id="exam-choices")
            yield Input(placeholder="Type your answer and press Enter (empty: skip)", id="exam-typed")
        yield Static("", id="exam-save-warning")
        yield Static("", id="exam-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_save_state()
        self.next_question()
        self.tick()
        self.set_interval(0.5, self.tick)

    # -- display --------------------------------------------------------------------------------------------
    def tick(self) -> None:
        if self.session.over:
            return
        now = self.clock()
        if self.session.expired(now):
            self.end(END_TIME_UP)
            return
        remaining = self.session.remaining(now)
        answered = sum(1 for i in self.session.items if i.answered)
        total = len(self.session.items)
        flag = " ⚑" if self.current in self.flagged else ""
        clock = (
            f"{format_clock(remaining)} left"
            if remaining is not None
            else f"{format_clock((now - self.session.started_at).total_seconds())} elapsed"
        )
        status = self.query_one("#exam-status", Static)
        status.update(
            # The clock first, so a narrow terminal or a long name never cuts it off.
            literal(
                f" {clock} · question {self.position()}/{total}{flag} · answered {answered}"
                f" · {_short_name(self.session.student)} "
            )
        )
        status.set_class(remaining is not None and remaining <= 60, "-hurry")

    def position(self) -> int:
        return self.current + 1 if self.current >= 0 else 0

    def next_question(self) -> None:
        if not self.queue:
            self.review_or_finish()
            return
        self.show_question(self.queue.popleft())

    def go_to(self, index: int) -> None:
        """Back to question ``index`` (from the review page); the one left, if unanswered, comes next."""
        left = self.current
        if left >= 0 and left != index and not self.session.items[left].answered and left not in self.queue:
            self.queue.appendleft(left)
        if index in self.queue:
            self.queue.remove(index)
        self.show_question(index)

    def show_question(self, index: int) -> None:
        self.current = index
        self.picked = set()
        item = self.session.show(self.current, self.clock())
        card = item.card
        self.query_one("#exam-prompt", Static).update(literal(card.prompt))
        typed = self.query_one("#exam-typed", Input)
        if card.type in (CardType.TYPED, CardType.CLOZE):
            typed.display = True
            typed.value = ""
            typed.focus()
            hint = "Type your answer, Enter to confirm. Empty Enter skips; skipped questions come back."
        else:
            typed.display = False
            self.set_focus(None)
            many = (
                "Press numbers to tick every right answer"
                if card.type is CardType.MULTI
                else "Press a number"
            )
            hint = f"{many}, then Enter to confirm. Enter with nothing picked skips."
        self.query_one("#exam-hint", Static).update(Text(hint))
        self.render_choices()
        self.tick()

    def render_choices(self) -> None:
        card = self.session.paper.items[self.current].card
        choices = shown_choices(card) if card.type.has_choices else ()
        text = Text()
        for n, choice in enumerate(choices):
            mark = (
                ("[x]" if n in self.picked else "[ ]")
                if card.type is CardType.MULTI
                else ("(•)" if n in self.picked else "( )")
            )
            style = "bold reverse" if n in self.picked else ""
            text.append(f" {mark} {n + 1}. ", style=style)
            text.append(clean(choice) + "\n", style=style)
        self.query_one("#exam-choices", Static).update(text)

    # -- input ----------------------------------------------------------------------------------------------
    def action_pick_letter(self, index: int) -> None:
        """A letter: the choice it labels, or for a true/false statement T (true) and F (false) as well."""
        if self.current >= 0 and not self.session.over:
            letter = CHOICE_LABELS[index]
            if self.session.paper.items[self.current].card.type is CardType.TRUEFALSE and letter in "TF":
                index = "TF".index(letter)
        self.action_pick(index)

    def action_pick(self, index: int) -> None:
        if self.current < 0 or self.session.over:
            return
        card = self.session.paper.items[self.current].card
        if not card.type.has_choices or not 0 <= index < len(shown_choices(card)):
            return
        if card.type is CardType.MULTI:
            self.picked ^= {index}
        else:
            self.picked = {index}
        self.render_choices()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value.strip() or None)

    def action_submit(self) -> None:
        card = self.session.paper.items[self.current].card
        if not card.type.has_choices:
            self.submit(self.query_one("#exam-typed", Input).value.strip() or None)
            return
        if not self.picked:
            self.submit(None)
        elif card.type is CardType.MULTI:
            self.submit(frozenset(self.picked))
        elif card.type is CardType.TRUEFALSE:
            self.submit(0 in self.picked)
        else:
            self.submit(next(iter(self.picked)))

    def submit(self, response: Any) -> None:
        if self.session.over or self.current < 0:
            return
        if response is None:  # skip: comes back after the others
            if self.queue:
                self.queue.append(self.current)
                self.next_question()
            else:
                self.review_or_finish()
            return
        was_saved = self.session.saved
        try:
            self.session.answer(self.current, response, self.clock())
        except ExamOver:
            self.end(END_TIME_UP)
            return
        self.show_save_state()
        if was_saved and not self.session.saved:
            self.notify(f"Not saved: {self.session.save_error}", severity="error", timeout=8)
        elif self.session.saved and not was_saved:
            self.notify(f"Saved again to {self.session.path}.", timeout=8)
        self.next_question()

    def show_save_state(self) -> None:
        """A standing warning while the result file does not hold every answer (see ExamSession.save)."""
        warning = self.query_one("#exam-save-warning", Static)
        problem = self.session.save_problem
        warning.update(literal(problem))
        warning.display = bool(problem)

    def action_flag(self) -> None:
        if self.current < 0 or self.session.over:
            return
        self.flagged ^= {self.current}
        self.tick()

    def review_entries(self) -> list[ReviewEntry]:
        return [
            ReviewEntry(n, item.answered, n in self.flagged, self.session.paper.items[n].card.prompt)
            for n, item in enumerate(self.session.items)
            if not item.answered or n in self.flagged
        ]

    def review_or_finish(self) -> None:
        """The end of the paper: hand in at once when nothing is left open, else show the review page."""
        if not self.review_entries():
            self.end(END_FINISHED)
            return
        self.action_review(at_end=True)

    def action_review(self, at_end: bool = False) -> None:
        if self.session.over:
            return
        entries = self.review_entries()

        def chosen(choice: int | None) -> None:
            if self.session.over:
                return
            if choice == HAND_IN:
                self.end(END_FINISHED)
            elif choice is not None and choice >= 0:
                self.go_to(choice)
            elif at_end and choice == KEEP_GOING and entries:
                self.go_to(entries[0].index)

        answered = sum(1 for i in self.session.items if i.answered)
        self.app.push_screen(ReviewScreen(entries, answered, len(self.session.items)), chosen)

    def action_end_exam(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.end(END_ENDED)

        unanswered = sum(1 for i in self.session.items if not i.answered)
        self.app.push_screen(ConfirmEndScreen(unanswered), confirmed)

    def end(self, reason: str) -> None:
        if not self.session.over:
            self.session.finish(self.clock(), reason=reason)
        from ketquiz.ui.apps import ExamApp
        from ketquiz.ui.screens.help import HelpScreen

        app = self.app
        if isinstance(app, ExamApp):
            while app.screen is not self and isinstance(
                app.screen, ReviewScreen | ConfirmEndScreen | HelpScreen
            ):
                app.pop_screen()  # time ran out with a dialog open
            app.switch_screen(ExamEndScreen(self.session, show_feedback=app.feedback == "end"))


class ExamEndScreen(Screen[None]):
    #: Ctrl+Q, which ended the exam, now quits (see ExamApp.check_action): the key bar says so.
    BINDINGS = [Binding("q,escape,ctrl+q", "app.quit", "Quit", id="exam.done", key_display="q/^q")]

    def __init__(self, session: ExamSession, show_feedback: bool) -> None:
        super().__init__()
        self.session = session
        self.show_feedback = show_feedback

    def compose(self) -> ComposeResult:
        result = self.session.result()
        reason = {END_TIME_UP: "Time is up.", END_ENDED: "Exam ended."}.get(
            result.end_reason, "Exam finished."
        )
        pct = 100 * result.score / result.max_score if result.max_score else 0
        # The score before the name, and the line cut at its end (app.tcss): on a narrow terminal a long name
        # loses its last letters, never the score.
        yield Static(
            literal(
                f" {reason} {round(result.score, 2):g} / {result.max_score:g} ({pct:.0f}%) · {result.student} "
            ),
            id="exam-score",
        )
        with VerticalScroll(id="exam-feedback"):
            if self.show_feedback:
                for n, (item, res) in enumerate(zip(self.session.paper.items, result.items, strict=True), 1):
                    yield Static(self.feedback_text(n, item.card, res), classes="exam-feedback-item")
            elif self.session.saved:
                yield Static("Your answers are saved. Your teacher will go through them with you.")
        problem = self.session.save_problem
        if problem:
            yield Static(literal(problem), id="exam-saved", classes="-error")
        elif self.session.path is not None:
            # A long path wraps after a folder's separator, on its own lines, never inside a name.
            yield FilePath("Saved to", str(self.session.path), id="exam-saved")
        yield KeyBar()

    def feedback_text(self, n: int, card: Any, res: Any) -> Text:
        text = Text()
        mark, style = (
            ("✓", "bold green")
            if res.correct
            else (("½", "bold yellow") if res.score > 0 else ("✗", "bold red"))
        )
        text.append(f"{mark} {n}. ", style=style)
        text.append(clean(card.prompt) + "\n", style="bold")
        text.append(clean(f"   Your answer: {readable_response(res.response)}\n"))
        if res.note:
            text.append(clean(f"   ({res.note})\n"), style="italic")
        text.append(clean(f"   Expected: {card.answer}\n"))
        if card.explanation:
            text.append(clean(f"   {card.explanation}\n"), style="italic")
        for p in card_passages(self.session.deck, card):
            text.append(clean(f"   {p.source_title}: "), style="bold")
            text.append(clean(f"“{p.text}”\n"))
        return text
