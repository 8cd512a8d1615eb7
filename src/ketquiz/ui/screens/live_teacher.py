"""The teacher's console for a live class, made to be shown on the projector.

Before the first question: where to go and the join code, in large digits, and the roster filling as students
join. Then ``n`` opens the next question for answers with a countdown and the number of answers in (no names);
``r`` (or the end of the countdown) closes it and reveals how many chose each option, the right answer, its
source passage and, for a contested card, the disagreement. ``e`` ends the quiz: a summary (the share right per
question) and one result file per student.

All state is in the session file, so this console can be closed and resumed (``ketquiz live --resume DIR``)
with nothing lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Unpack

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Digits, Static

from ketquiz.classroom.live_quiz import right_choices, summary, tally, write_results
from ketquiz.classroom.live_store import LiveSession, LiveSessionError, Snapshot
from ketquiz.classroom.paper import Paper
from ketquiz.classroom.passages import CHOICE_LABELS, disagreement_notes, shown_choices
from ketquiz.core.model import CardType, Deck
from ketquiz.core.words import counted
from ketquiz.ui.literal import literal
from ketquiz.ui.live_app import Following, LiveApp, choice_line, countdown, passages_text
from ketquiz.ui.widgets.charts import bar_rows
from ketquiz.ui.widgets.fitline import HintedText
from ketquiz.ui.widgets.keybar import KeyBar


@dataclass(frozen=True)
class Where:
    """How students reach the class: the address for the big digits, every URL, and the join code."""

    address: str  # host:port, e.g. 192.168.1.20:8000
    urls: tuple[str, ...]
    code: str
    #: Listening on this computer only (no --host 0.0.0.0): the lobby says so.
    local_only: bool = False


class ConfirmEnd(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes, end the quiz", id="live.confirm-end"),
        Binding("n,escape", "answer(False)", "No, go on", id="live.cancel-end"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="live-confirm"):
            yield Static(Text("End the quiz now?", style="bold"))
            yield HintedText("Questions not yet asked count as unanswered.", "y: end · n: go on", sep=" ")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class LiveTeacherApp(LiveApp):
    """The console. ``out_dir`` receives the result files when the quiz ends."""

    #: The answer count on the projector is at most this late (seconds).
    POLL_S = 0.2
    BINDINGS = [
        Binding("n", "next_question", "Next question", id="live.next"),
        Binding("r", "reveal", "Reveal", id="live.reveal"),
        Binding("e", "end", "End quiz", id="live.end"),
        Binding("w", "write_results", "Write result files", id="live.write"),
        Binding("q", "quit", "Quit (resume later)", id="live.quit"),
    ]

    def __init__(
        self,
        session: LiveSession,
        deck: Deck,
        paper: Paper,
        where: Where,
        out_dir: Path,
        **following: Unpack[Following],
    ) -> None:
        super().__init__(session, deck, paper, **following)
        self.where = where
        self.out_dir = out_dir
        self.snapshot: Snapshot | None = None
        #: The answer count on screen now, and when it was drawn (the load benchmark reads both).
        self.shown_count = 0
        self.written: list[tuple[str, Path | None, str]] = []
        self._drawn: tuple[object, ...] = ()

    def compose(self) -> ComposeResult:
        with Horizontal(id="live-join"):
            with Vertical(id="live-address-box"):
                yield Static("Go to", classes="live-label")
                yield Digits(self.where.address, id="live-address")
            with Vertical(id="live-code-box"):
                yield Static("Code", classes="live-label")
                yield Digits(self.where.code, id="live-code")
        yield Static(literal(self.deck.title, style="bold"), id="live-title")
        yield HintedText(id="live-status")
        with VerticalScroll(id="live-main"):
            yield Static("", id="live-board")
        # Not Textual's Footer, which cuts a key's words at the right edge ("Quit (resume lat…" at 60 columns):
        # the key bar says less, whole, on a narrow console.
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.deck.title
        self.follow("#live-main", self.tick)

    def on_resize(self, event: events.Resize) -> None:
        """Draw again at the new size: the summary's prompts are cut to the width the console had."""
        self._drawn = ()

    # --- the clock -----------------------------------------------------------------------------------------

    def tick(self) -> None:
        now = self.clock()
        snap = self.session.snapshot(now)
        question = snap.question
        if question is not None and question.closed_at is None and not question.is_open(now):
            self.session.close_question(question.position, now)  # the countdown ran out
            snap = self.session.snapshot(now)
        left = round(question.seconds_left(now)) if question and snap.phase == "open" else 0
        key = (snap.phase, question.position if question else -1, snap.answers, snap.students, left)
        self.snapshot = snap
        if key == self._drawn:
            return
        if key[:2] != self._drawn[:2]:
            self.refresh_bindings()
        self._drawn = key
        self.draw(snap, left)

    def draw(self, snap: Snapshot, left: int) -> None:
        status = self.query_one("#live-status", HintedText)
        board = self.query_one("#live-board", Static)
        total = len(self.paper.items)
        self.query_one("#live-join").display = snap.phase == "lobby"
        if snap.phase == "ended":
            status.show(Text("The quiz is over.", style="bold"))
            board.update(self.summary_text())
            return
        if snap.phase == "lobby" or snap.question is None:
            status.show(
                Text.assemble(
                    ("Students: ", "bold"),
                    f"open {' or '.join(self.where.urls)} and type the code. ",
                    (f"{snap.students} joined", "bold"),
                    f" · {total} questions",
                ),
                "n: first question",
            )
            names = Text()
            if self.where.local_only:
                names.append(
                    "Only this computer can join: restart with --host 0.0.0.0 to let the class in.\n\n",
                    style="yellow",
                )
            for i, student in enumerate(self.session.students()):
                if i:
                    names.append(" · ")
                names.append_text(literal(student.name))
            board.update(names)
            return
        position = snap.question.position
        line = Text(f"Question {position + 1} of {total}", style="bold")
        line.append(f" · {snap.students} joined · ")
        line.append(f"{snap.answers} answered", style="bold")
        if snap.phase == "open":
            line.append_text(countdown(left, style="bold"))
            hint = "r: reveal now"
        else:
            hint = "n: next question" if position + 1 < total else "e: end the quiz"
        self.shown_count = snap.answers
        # The hint whole, on a line of its own if need be: at 60 columns it split after "r:".
        status.show(line, hint)
        board.update(self.question_text(position, revealed=snap.phase == "revealed"))

    def question_text(self, position: int, revealed: bool) -> Text:
        item = self.paper.items[position]
        card = item.card
        text = literal(card.prompt, style="bold")
        if card.type is CardType.MULTI:
            text.append("  (choose every right answer)", style="dim")
        text.append("\n\n")
        choices = shown_choices(card)
        if not revealed:
            for n, choice in enumerate(choices):
                text.append(f"{CHOICE_LABELS[n]}. ", style="bold")
                text.append_text(literal(choice))
                text.append("\n")
            return text
        counts = tally(item, self.session.answers(position=position))
        right = right_choices(item)
        labels = [f"{'✓' if n in right else ' '} {CHOICE_LABELS[n]}" for n in range(len(choices))]
        styles = {label: ("green" if n in right else "grey50") for n, label in enumerate(labels)}
        text.append_text(bar_rows(list(zip(labels, counts, strict=True)), width=30, styles=styles))
        text.append("\n\n")
        for n, choice in enumerate(choices):
            style = "bold green" if n in right else "dim"
            text.append_text(choice_line(n, choice, ticked=n in right, style=style))
        text.append_text(passages_text(self.deck, card))
        for note in disagreement_notes(self.deck, card):
            text.append("\nContested: the sources disagree\n", style="bold yellow")
            text.append_text(literal(note))
            text.append("\n")
        return text + self.leaderboard_text()

    def leaderboard_text(self) -> Text:
        """The five students with most right answers, only when the teacher asked for a leaderboard."""
        text = Text()
        if not self.session.settings.get("leaderboard"):
            return text
        text.append("\nLeaderboard\n", style="bold")
        for rank, (name, right) in enumerate(self.session.leaders(5), 1):
            text.append(f"{rank}. ")
            text.append_text(literal(_short(name, 40)))
            text.append(f"  {right} right\n")
        return text

    def summary_text(self) -> Text:
        text = Text("Share right, per question\n\n", style="bold")
        for q in summary(self.session, self.paper):
            share = q.share_right
            text.append(f"{q.position + 1:>3}. ")
            if not q.asked:
                text.append("not asked  ", style="dim")
            elif share is None:
                text.append("no answers ", style="dim")
            else:
                text.append(f"{share:>4.0%} ", style="bold")
                text.append(f"({q.right}/{q.answered}) ")
            text.append_text(literal(_short(q.prompt, max(20, self.size.width - 24))))
            text.append("\n")
        saved = [p for _, p, _ in self.written if p is not None]
        failed = [(name, why) for name, p, why in self.written if p is None]
        if saved:
            text.append(f"\n{counted(len(saved), 'result file')} in ", style="bold")
            text.append_text(literal(str(self.out_dir)))
            text.append(f": ketquiz report {self.out_dir}\n")
        for name, why in failed:
            text.append("\nNOT SAVED: ", style="bold red")
            text.append_text(literal(f"{name} ({why}); the answers stay in {self.session.folder}"))
        if not self.written and self.session.students():
            text.append("\nw writes the result files to ", style="bold")
            text.append_text(literal(str(self.out_dir)))
        elif not self.written:
            text.append("\nNo student joined: no result files.", style="dim")
        return text + self.leaderboard_text()

    # --- keys ----------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the keys that do something now (none of n, r, e once the quiz has ended)."""
        phase = self.snapshot.phase if self.snapshot is not None else "lobby"
        if action == "next_question":
            return phase in ("lobby", "revealed")
        if action == "reveal":
            return phase == "open"
        if action == "end":
            return phase != "ended"
        if action == "write_results":
            return phase == "ended" and not self.written
        return True

    def action_next_question(self) -> None:
        snap = self.snapshot
        if snap is None or snap.phase in ("open", "ended"):
            return
        position = 0 if snap.question is None else snap.question.position + 1
        if position >= len(self.paper.items):
            self.notify("That was the last question: e ends the quiz.", markup=False)
            return
        seconds = float(self.session.settings.get("seconds", 30))
        try:
            self.session.open_question(position, self.clock(), seconds)
        except LiveSessionError as exc:
            self.notify(str(exc), severity="error", markup=False)
        self.tick()

    def action_reveal(self) -> None:
        snap = self.snapshot
        if snap is None or snap.phase != "open" or snap.question is None:
            return
        self.session.close_question(snap.question.position, self.clock())
        self.tick()

    def action_end(self) -> None:
        if self.snapshot is not None and self.snapshot.phase == "ended":
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.end_quiz()

        self.push_screen(ConfirmEnd(), confirmed)

    def end_quiz(self) -> None:
        self.session.end(self.clock())
        self.action_write_results()

    def action_write_results(self) -> None:
        """One result file per student (again, after a resume: report counts a repeated sitting once)."""
        self.written = write_results(self.session, self.deck, self.paper, self.out_dir, self.clock())
        self._drawn = ()
        self.refresh_bindings()
        self.tick()


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
