"""The class report in the terminal: the same figures as ``ketquiz report --format table``, with bar charts."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ketquiz.classroom.analysis import MIN_DISCRIMINATION, TOO_EASY_FACILITY, TOO_HARD_FACILITY, ClassReport
from ketquiz.classroom.report_text import NO_ITEMS, format_duration, paper_lines, percent, signed
from ketquiz.ui.literal import clean, literal

CSS_FILE = Path(__file__).resolve().parent.parent / "app.tcss"
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


def students_table(report: ClassReport) -> Table:
    t = Table(expand=True, show_edge=False)
    for col in ("Student", "Score", "", "%", "Time", "Status"):
        t.add_column(col, no_wrap=col != "Student")
    for s in report.students:
        t.add_row(
            literal(s.student),
            f"{s.score:g}/{s.max_score:g}",
            bar(s.score / s.max_score if s.max_score else None),
            f"{s.percent:.0f}",
            format_duration(s.seconds),
            Text(s.status) if s.complete else Text(s.status, style="bold red"),
        )
    return t


def items_table(report: ClassReport) -> Table:
    """One row per item; each figure beside its bar, so the table still fits 80 columns."""
    t = Table(expand=True, show_edge=False)
    t.add_column("Card", overflow="fold", ratio=2)
    t.add_column("n", no_wrap=True)
    t.add_column("Facility", no_wrap=True)
    t.add_column("Discrimination", no_wrap=True)
    t.add_column("Effic.", no_wrap=True)
    t.add_column("α-del", no_wrap=True)
    t.add_column("Flags", ratio=2)
    for i in report.items:
        t.add_row(
            literal(i.card_id),
            str(i.attempts),
            Text(f"{percent(i.facility):>4} ") + bar(i.facility, 10),
            (
                Text("undefined", style="dim italic")
                if i.discrimination is None
                else Text(f"{i.discrimination:+.2f} ") + signed_bar(i.discrimination, 10)
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
    BINDINGS = [Binding("q,escape", "app.quit", "Quit", id="report.quit")]

    def __init__(self, report: ClassReport, title: str, warnings: list[str]) -> None:
        super().__init__()
        self.report = report
        self.title_text = title
        self.warnings = warnings

    def compose(self) -> ComposeResult:
        r = self.report
        summary = f"{self.title_text} · {len(r.students)} sittings"
        if r.incomplete:
            summary += f" ({r.incomplete} incomplete, left out of item figures)"
        yield Static(literal(summary), id="report-summary")
        with VerticalScroll(id="report-body"):
            yield Static("Students", classes="report-section")
            yield Static(students_table(r))
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


class ReportApp(App[None]):
    CSS_PATH = CSS_FILE
    TITLE = "ketquiz report"

    def __init__(self, report: ClassReport, title: str, warnings: list[str] | None = None) -> None:
        super().__init__()
        self.report = report
        self.report_title = title
        self.warnings = warnings or []

    def on_mount(self) -> None:
        self.push_screen(ReportScreen(self.report, self.report_title, self.warnings))
