"""The teacher's and the author's apps, one per command: ``ketquiz exam``, ``present``, ``report --tui`` and
``coverage --tui``. (The learner's app, with its own start-up work, is :mod:`ketquiz.ui.app`.)

Each is a thin shell around its screens, which live in :mod:`ketquiz.ui.screens`; all share the one stylesheet,
:data:`STYLESHEET`. Screens are imported when an app starts, so a command pays only for the app it runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from ketquiz.classroom.analysis import ClassReport
    from ketquiz.classroom.paper import Paper
    from ketquiz.classroom.results import ExamResult
    from ketquiz.classroom.session import ExamSession, GradeFn
    from ketquiz.core.model import Card, Deck

#: The stylesheet of every ketquiz app (the live class's apps add their own, ``live.tcss``).
STYLESHEET = Path(__file__).resolve().parent / "app.tcss"


def utc_now() -> datetime:
    return datetime.now(UTC)


class ExamApp(App[None]):
    """``ketquiz exam``: asks the name if needed, runs the paper, shows the score (and feedback) at the end."""

    CSS_PATH = STYLESHEET
    TITLE = "ketquiz exam"
    #: The palette's "Quit" would close the exam without the end dialog (and without a finished result file).
    ENABLE_COMMAND_PALETTE = False
    #: Ctrl+Q ends the exam (after asking) rather than closing the app behind the student's back; before the
    #: exam starts and once it is over there is nothing to end, and it quits (the name prompt and the end screen
    #: say so on their key bars).
    BINDINGS = [
        Binding("ctrl+q", "end_exam", "End exam", id="exam.end", priority=True),
        # No description: the key list shows the screens' own "Quit" for it, never "Quit" during the exam.
        Binding("ctrl+q", "quit", "", id="exam.quit-when-over", show=False, priority=True),
        # F1, not ?: a typed answer's box takes ? as text.
        Binding("f1", "help", "Keys", id="exam.help"),
    ]

    def __init__(
        self,
        deck: Deck,
        paper: Paper,
        *,
        out_dir: Path,
        student: str | None = None,
        time_limit_s: int | None = None,
        feedback: str = "end",
        clock: Callable[[], datetime] = utc_now,
        grade_fn: GradeFn | None = None,
        rescue_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.rescue_dir = rescue_dir
        self.deck = deck
        self.paper = paper
        self.out_dir = out_dir
        self.student = student
        self.time_limit_s = time_limit_s
        self.feedback = feedback
        self.clock = clock
        self.grade_fn = grade_fn
        self.session: ExamSession | None = None

    def action_help(self) -> None:
        from ketquiz.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Ending the exam is offered only while it runs: before and after, Ctrl+Q goes on to its next binding,
        which quits."""
        if action == "end_exam":
            return self.session is not None and not self.session.over
        return True

    def action_end_exam(self) -> None:
        from ketquiz.ui.screens.exam import ConfirmEndScreen, QuestionScreen, ReviewScreen
        from ketquiz.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()  # the key list closes; the question under it asks whether to end
        if isinstance(self.screen, QuestionScreen):
            self.screen.action_end_exam()
        elif not isinstance(self.screen, ConfirmEndScreen | ReviewScreen):
            self.exit()

    def on_mount(self) -> None:
        from ketquiz.ui.screens.exam import StudentNameScreen

        self.sub_title = self.deck.title
        if self.student:
            self.begin(self.student)
        else:
            self.push_screen(
                StudentNameScreen(self.deck.title, len(self.paper.items), self.time_limit_s), self.begin
            )

    def begin(self, student: str | None) -> None:
        from ketquiz.classroom.session import ExamSession
        from ketquiz.ui.screens.exam import QuestionScreen

        if not student:
            self.exit()
            return
        self.session = ExamSession(
            self.deck,
            self.paper,
            student,
            self.out_dir,
            started_at=self.clock(),
            time_limit_s=self.time_limit_s,
            grade_fn=self.grade_fn,
            rescue_dir=self.rescue_dir,
        )
        self.session.start()
        self.push_screen(QuestionScreen(self.session, self.clock))


class PresentApp(App[None]):
    """``ketquiz present``: the deck's cards, one per screen, for a projector."""

    CSS_PATH = STYLESHEET
    TITLE = "ketquiz present"
    ENABLE_COMMAND_PALETTE = False  # nothing in it for a projector, and its key hint crowds the key bar

    def __init__(self, deck: Deck, cards: list[Card]) -> None:
        super().__init__()
        self.deck = deck
        self.cards = cards

    def on_mount(self) -> None:
        from ketquiz.ui.screens.present import PresentScreen

        self.theme = "textual-dark"
        self.push_screen(PresentScreen(self.deck, self.cards))


def _report_help() -> Screen[Any]:
    from ketquiz.ui.screens.report_student import ReportHelpScreen

    return ReportHelpScreen()


class ReportApp(App[None]):
    """``ketquiz report --tui``. ``results`` are the ``(file name, result)`` pairs the report was made from, in
    the same order, so a student's row can open that student's answers."""

    CSS_PATH = STYLESHEET
    TITLE = "ketquiz report"
    SCREENS: ClassVar[dict[str, Callable[[], Screen[Any]]]] = {"report-help": _report_help}

    def __init__(
        self,
        report: ClassReport,
        title: str,
        warnings: list[str] | None = None,
        results: Sequence[tuple[str, ExamResult]] = (),
    ) -> None:
        super().__init__()
        self.report = report
        self.report_title = title
        self.warnings = warnings or []
        self.results = list(results)

    def on_mount(self) -> None:
        from ketquiz.ui.screens.report import ReportScreen

        self.push_screen(ReportScreen(self.report, self.report_title, self.warnings, self.results))


class CoverageApp(App[None]):
    """``ketquiz coverage --tui``: only the coverage screen; leaving the screen quits."""

    CSS_PATH = STYLESHEET
    TITLE = "ketquiz coverage"

    def __init__(self, deck: Deck, top: int) -> None:
        super().__init__()
        self.deck = deck
        self.top = top

    def on_mount(self) -> None:
        from ketquiz.ui.screens.coverage import CoverageScreen

        self.push_screen(CoverageScreen(self.deck, self.top))
