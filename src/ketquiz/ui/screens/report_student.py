"""Screens opened from the class report: one student's answers, and the report's keys.

A teacher who sees a low score or a sitting marked ``incomplete`` wants to know what that student answered:
each question with the student's answer, the expected one, the grader's remark and the time spent.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ketquiz.classroom.passages import readable_response
from ketquiz.classroom.report_text import format_minutes
from ketquiz.classroom.results import ExamResult, ItemResult
from ketquiz.ui.literal import clean, literal
from ketquiz.ui.widgets.fitline import cut_first
from ketquiz.ui.widgets.keybar import KeyBar

#: The report screen's keys, as its help page lists them.
REPORT_KEYS = (
    ("↑ ↓", "move between students"),
    ("Enter", "open that student's answers"),
    ("Tab", "students table ↔ the rest"),
    ("PgUp PgDn", "scroll the report"),
    ("?", "this list of keys"),
    ("q Esc", "quit; from a student: back"),
)


def status_text(result: ExamResult) -> str:
    if not result.complete:
        return "incomplete"
    return result.end_reason or "finished"


def response_line(item: ItemResult) -> str:
    """A stored response as one line: the choice's text, the ticked texts, True/False, or the typed text."""
    return readable_response(item.response) if item.answered else "(no answer)"


def _mark(item: ItemResult) -> tuple[str, str]:
    if not item.answered:
        return "—", "dim"
    if item.correct:
        return "✓", "bold green"
    if item.score > 0:
        return "½", "bold yellow"
    return "✗", "bold red"


def answer_heading(n: int, item: ItemResult) -> Table:
    """The question's number, card id and score on one line: a card id too long for the width is cut with an
    ellipsis (never wrapped mid-word), and the score and time stay whole beside it."""
    mark, style = _mark(item)
    grid = Table.grid(expand=True)
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
    grid.add_column(no_wrap=True)
    grid.add_row(
        Text(f"{mark} {n}. ", style=style),
        literal(item.card_id, style="bold"),
        Text(f"  {round(item.score, 2):g}/{item.max_score:g} · {format_minutes(item.seconds)}", style="dim"),
    )
    return grid


def answer_text(item: ItemResult) -> Text:
    """The prompt, the student's answer, the grader's remark and the expected answer."""
    text = Text()
    text.append(clean(" ".join(item.prompt.split())) + "\n")
    text.append("   Answer: ", style="bold")
    text.append(clean(response_line(item)) + "\n")
    if item.note:
        text.append(clean(f"   ({item.note})\n"), style="italic")
    text.append("   Expected: ", style="bold")
    text.append(clean(item.expected))
    return text


class StudentAnswersScreen(Screen[None]):
    """One sitting, question by question, as the student answered it."""

    BINDINGS = [
        Binding("q,escape,backspace", "app.pop_screen", "Back to the report", id="report.student-back"),
        Binding("question_mark", "app.push_screen('report-help')", "Keys", id="report.student-help"),
    ]

    def __init__(self, source: str, result: ExamResult) -> None:
        super().__init__()
        self.source = source
        self.result = result

    def compose(self) -> ComposeResult:
        r = self.result
        answered = sum(1 for i in r.items if i.answered)
        pct = 100 * r.score / r.max_score if r.max_score else 0
        figures = f" · {round(r.score, 2):g}/{r.max_score:g} ({pct:.0f}%) · {status_text(r)}"
        figures += f" · {answered} of {len(r.items)} answered "
        yield Static(cut_first(literal(f" {r.student}"), Text(figures)), id="report-student-summary")
        with VerticalScroll(id="report-student-body"):
            sitting = f" · seed {r.seed} · {format_minutes(r.seconds_taken)}"
            yield Static(cut_first(literal(self.source), Text(sitting)), id="report-student-sitting")
            for n, item in enumerate(r.items, 1):
                yield Static(answer_heading(n, item), classes="report-student-item")
                yield Static(answer_text(item))
        yield KeyBar()


class ReportHelpScreen(ModalScreen[None]):
    """The report's keys (``?``)."""

    BINDINGS = [Binding("escape,q,question_mark,enter", "app.pop_screen", "Close", id="report.help-close")]

    def compose(self) -> ComposeResult:
        text = Text()
        for key, what in REPORT_KEYS:
            text.append(f"{key:>10}  ", style="bold")
            text.append(what + "\n")
        with Vertical(id="report-help"):
            yield Static("Keys of the class report", id="report-help-title")
            yield Static(text)
            yield Static("Esc closes this list.", id="report-help-close")
