"""The class report in the terminal: the same figures as ``ketquiz report --format table``, with bar charts."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ketquiz.classroom.analysis import MIN_DISCRIMINATION, TOO_EASY_FACILITY, TOO_HARD_FACILITY, ClassReport
from ketquiz.classroom.report_text import NO_ITEMS, format_minutes, paper_lines, percent, signed
from ketquiz.classroom.results import ExamResult
from ketquiz.ui.literal import clean, literal
from ketquiz.ui.screens.report_student import StudentAnswersScreen

BAR_WIDTH = 20


def bar(fraction: float | None, width: int = BAR_WIDTH) -> Text:
    """A horizontal bar for a share between 0 and 1 (empty for None)."""
    if fraction is None:
        return Text("·" * width, style="dim")
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return Text("█" * filled, style="bold") + Text("░" * (width - filled), style="dim")


def signed_bar(value: float | None, width: int = BAR_WIDTH) -> Text:
    """A bar for a correlation between -1 and 1: left of the middle for negative, right for positive."""
    half = width // 2
    if value is None:
        return Text("undefined".center(width), style="dim italic")
    n = round(abs(value) * half)
    if value < 0:
        return Text(" " * (half - n)) + Text("█" * n, style="red") + Text("│") + Text(" " * half)
    style = "green" if value >= MIN_DISCRIMINATION else "yellow"
    return Text(" " * half) + Text("│") + Text("█" * n, style=style) + Text(" " * (half - n))


def fill_students(table: DataTable[Text | str], report: ClassReport) -> None:
    """One row per sitting (key: its index in the report); names cut so the table fits 60 columns."""
    table.add_columns("Student", "Score", "%", "Status", "Unans.", "Time")
    for n, s in enumerate(report.students):
        name = literal(s.student)
        name.truncate(16, overflow="ellipsis")
        table.add_row(
            name,
            f"{round(s.score, 2):g}/{s.max_score:g}",
            f"{s.percent:.0f}",
            Text(s.status, style="" if s.complete else "bold red"),
            str(s.unanswered),
            format_minutes(s.seconds),
            key=str(n),
        )


def items_table(report: ClassReport) -> Table:
    """One row per item, fitting 80 columns: card ids are cut with an ellipsis (never broken mid-word), the
    facility has its bar, the discrimination its sign's colour, and flags wrap by word in the last column."""
    t = Table(expand=True, show_edge=False)
    t.add_column("Card", no_wrap=True, overflow="ellipsis", min_width=18, ratio=3)
    t.add_column("n", no_wrap=True)
    t.add_column("Facility", no_wrap=True)
    t.add_column("Discr.", no_wrap=True)
    t.add_column("Effic.", no_wrap=True)
    t.add_column("α-del", no_wrap=True)
    t.add_column("Flags", ratio=2, min_width=12)
    for i in report.items:
        d = i.discrimination
        t.add_row(
            literal(i.card_id),
            str(i.attempts),
            Text(f"{percent(i.facility):>4} ") + bar(i.facility, 5),
            (
                Text("undef.", style="dim italic")
                if d is None
                else Text(
                    f"{d:+.2f}", style="red" if d < 0 else "green" if d >= MIN_DISCRIMINATION else "yellow"
                )
            ),
            percent(i.discriminative_efficiency),
            signed(i.alpha_if_deleted),
            Text(", ".join(i.flags), style="yellow" if i.flags else ""),
        )
    return t


def options_text(report: ClassReport) -> Text:
    text = Text()
    for i in report.items:
        if not i.options:
            continue
        total = max(1, i.attempts)
        text.append(clean(f"{i.card_id}: "), style="bold")
        text.append(clean(" ".join(i.prompt.split())) + "\n")
        for o in i.options:
            text.append("  ✓ " if o.correct else "    ", style="green")
            text.append_text(bar(o.count / total, 12))
            text.append(clean(f" {o.count:3d} r {signed(o.point_biserial)}  {o.text}"))
            if o.flags:
                text.append(f"  [{', '.join(o.flags)}]", style="yellow")
            text.append("\n")
        if i.unanswered:
            text.append(f"    {'':12} {i.unanswered:3d}  (no answer)\n", style="dim")
    return text


class ReportScreen(Screen[None]):
    BINDINGS = [
        Binding("q,escape", "app.quit", "Quit", id="report.quit"),
        Binding("question_mark", "app.push_screen('report-help')", "Keys", id="report.help"),
    ]

    def __init__(
        self,
        report: ClassReport,
        title: str,
        warnings: list[str],
        results: Sequence[tuple[str, ExamResult]] = (),
    ) -> None:
        super().__init__()
        self.report = report
        self.title_text = title
        self.warnings = warnings
        self.results = list(results)

    def compose(self) -> ComposeResult:
        r = self.report
        summary = f"{self.title_text} · {len(r.students)} sittings"
        if r.incomplete:
            summary += f" ({r.incomplete} incomplete, left out of item figures)"
        yield Static(literal(summary), id="report-summary")
        with VerticalScroll(id="report-body"):
            yield Static(
                "Students" + (" (Enter opens a student's answers)" if self.results else ""),
                classes="report-section",
            )
            students: DataTable[Text | str] = DataTable(id="report-students", cursor_type="row")
            fill_students(students, r)
            yield students
            yield Static(f"Test ({r.test.sittings} complete sittings)", classes="report-section")
            yield Static(Text("\n".join(paper_lines(r.test, width=None))), id="report-test")
            yield Static("Items", classes="report-section")
            yield Static(items_table(r) if r.items else Text(NO_ITEMS, style="italic"))
            yield Static("Options chosen (✓ = correct)", classes="report-section")
            yield Static(options_text(r))
            notes = [
                f"{i.card_id}: discrimination {i.discrimination_note}"
                for i in r.items
                if i.discrimination_note
            ]
            legend = (
                f"Flags: too easy = facility ≥ {TOO_EASY_FACILITY:.0%}; too hard = facility < "
                f"{TOO_HARD_FACILITY:.0%}; not discriminating = discrimination < {MIN_DISCRIMINATION:.2f}."
            )
            yield Static(literal("\n".join([*notes, legend, *self.warnings])), classes="report-section")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#report-students", DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Open the selected student's answers (the row key is the sitting's index in the report)."""
        index = int(event.row_key.value or 0)
        if 0 <= index < len(self.results):
            source, result = self.results[index]
            self.app.push_screen(StudentAnswersScreen(source, result))
