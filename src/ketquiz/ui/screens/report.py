"""The class report in the terminal: the same figures as ``ketquiz report --format table``, with bar charts."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ketquiz.classroom.analysis import (
    MIN_DISCRIMINATION,
    TOO_EASY_FACILITY,
    TOO_HARD_FACILITY,
    ClassReport,
    ItemStats,
    PaperStats,
)
from ketquiz.classroom.report_text import NO_ITEMS, format_minutes, paper_rows, percent, signed
from ketquiz.classroom.results import ExamResult
from ketquiz.ui.literal import literal
from ketquiz.ui.screens.report_student import StudentAnswersScreen
from ketquiz.ui.widgets.keybar import KeyBar
from ketquiz.ui.widgets.wrap import hanging, phrases

BAR_WIDTH = 20
#: Narrower than this, the items are a list: the table's columns would cut card ids to a letter or two.
ITEMS_TABLE_WIDTH = 64


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
    """One row per item, fitting 80 columns: card ids are cut with an ellipsis (never broken mid-word), each
    with its flags under it, wrapped by word; the facility has its bar, the discrimination its sign's colour."""
    t = Table(expand=True, show_edge=False)
    t.add_column("Card, flags", min_width=18, ratio=1)
    t.add_column("n", no_wrap=True)
    t.add_column("Facility", no_wrap=True)
    t.add_column("Discr.", no_wrap=True)
    t.add_column("Effic.", no_wrap=True)
    t.add_column("α-del", no_wrap=True)
    for i in report.items:
        t.add_row(
            Group(card_text(i), hanging([(Text("  "), flags_text(i))])) if i.flags else card_text(i),
            str(i.attempts),
            facility_text(i),
            discrimination_text(i),
            percent(i.discriminative_efficiency),
            signed(i.alpha_if_deleted),
        )
    return t


def card_text(i: ItemStats) -> Text:
    """The card id on one line, cut with an ellipsis when the column is narrower."""
    card = literal(i.card_id)
    card.no_wrap = True
    card.overflow = "ellipsis"
    return card


def facility_text(i: ItemStats) -> Text:
    return Text(f"{percent(i.facility):>4} ") + bar(i.facility, 5)


def discrimination_text(i: ItemStats) -> Text:
    d = i.discrimination
    if d is None:
        return Text("undef.", style="dim italic")
    return Text(f"{d:+.2f}", style="red" if d < 0 else "green" if d >= MIN_DISCRIMINATION else "yellow")


def flags_text(i: ItemStats) -> Text:
    return Text(", ".join(i.flags), style="yellow" if i.flags else "")


def items_list(report: ClassReport) -> Group:
    """The items table's figures as a list, for a narrow screen: the card id on its own line (cut with an
    ellipsis if need be), then its figures, each kept whole, then its flags."""
    parts: list[Table | Text] = []
    for i in report.items:
        card = card_text(i)
        card.stylize("bold")
        parts.append(card)
        figures = phrases(
            Text(f"n {i.attempts}"),
            Text("facility ") + facility_text(i),
            Text("discr. ") + discrimination_text(i),
            Text(f"effic. {percent(i.discriminative_efficiency)}"),
            Text(f"α-del {signed(i.alpha_if_deleted)}"),
        )
        parts.append(hanging([(Text("  "), figures)]))
        if i.flags:
            parts.append(hanging([(Text("  "), flags_text(i))]))
    return Group(*parts)


class ItemsView:
    """The items section at the width it is given: the table, or on a narrow screen the list."""

    def __init__(self, report: ClassReport) -> None:
        self.report = report

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.max_width >= ITEMS_TABLE_WIDTH:
            yield items_table(self.report)
        else:
            yield items_list(self.report)


def paper_view(t: PaperStats) -> Group:
    """The test figures with their values in a column (an undefined one's reason wrapping under its value, not
    under the labels), then Moodle's reading of them."""
    figures = hanging(((Text(f"  {label:<24}"), Text(value)) for label, value in paper_rows(t)), gap=1)
    reading = hanging((Text("  "), Text(line)) for line in t.interpretation())
    return Group(figures, reading)


def options_text(report: ClassReport) -> Group:
    """Per item with options: its card id (cut with an ellipsis, never broken), its prompt, then each option's
    share, count and point-biserial, and its text, which wraps in a column of its own (under the text, not
    under the figures)."""
    parts: list[Text | Table] = []
    for i in report.items:
        if not i.options:
            continue
        total = max(1, i.attempts)
        card = card_text(i)
        card.stylize("bold")
        prompt = hanging([(Text("  "), literal(" ".join(i.prompt.split())))])
        rows: list[tuple[Text, Text]] = []
        for o in i.options:
            figures = Text("  ✓ " if o.correct else "    ", style="green")
            figures.append_text(bar(o.count / total, 12))
            figures.append(f" {o.count:3d} r {signed(o.point_biserial):>5} ")
            option = literal(o.text)
            if o.flags:
                option.append(f"  [{', '.join(o.flags)}]", style="yellow")
            rows.append((figures, option))
        if i.unanswered:
            rows.append(
                (Text(f"    {'':12} {i.unanswered:3d}", style="dim"), Text("(no answer)", style="dim"))
            )
        parts += [card, prompt, hanging(rows, gap=1)]
    return Group(*parts)


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
            yield Static(paper_view(r.test), id="report-test")
            yield Static("Items", classes="report-section")
            yield Static(ItemsView(r) if r.items else Text(NO_ITEMS, style="italic"))
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
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#report-students", DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Open the selected student's answers (the row key is the sitting's index in the report)."""
        index = int(event.row_key.value or 0)
        if 0 <= index < len(self.results):
            source, result = self.results[index]
            self.app.push_screen(StudentAnswersScreen(source, result))
