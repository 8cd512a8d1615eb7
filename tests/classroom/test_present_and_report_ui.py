from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from textual.app import App
from textual.widgets import Static

from ketquiz.classroom.analysis import analyse
from ketquiz.core.model import Deck
from ketquiz.ui.apps import PresentApp, ReportApp
from ketquiz.ui.screens.present import PresentScreen
from ketquiz.ui.screens.report import bar, signed_bar
from ketquiz.ui.widgets.fitline import FitLine
from tests.screen import screen_lines, screen_text

from .test_analysis import MARKS, _sitting


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _status(app: App[None]) -> str:
    return str(app.screen.query_one("#present-status", FitLine).render())


async def test_present_reveals_answer_passage_and_disagreements(deck: Deck) -> None:
    cards = [deck.card("mech-nmda"), deck.card("relief-contested")]
    app = PresentApp(deck, cards)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PresentScreen)
        assert "Which receptor" in _text(app, "#present-prompt")
        assert re.search(r"^ +A +NMDA receptor", screen_text(app), re.MULTILINE)
        assert _text(app, "#present-answer") == ""
        await pilot.press("a")
        answer = _text(app, "#present-answer")
        assert (
            "Answer: NMDA receptor" in answer
            and "called the NMDA receptor." in answer
            and "A source" in answer
        )
        await pilot.press("right")
        assert "How long does relief last?" in _text(app, "#present-prompt")
        assert _text(app, "#present-answer") == ""  # hidden again on a new card
        assert "contested: press d for the sources' positions" in _status(app)
        await pilot.press("d")
        await pilot.pause()
        notes = screen_text(app)
        assert "How long relief lasts." in notes and "• other: Weeks to months" in notes
        await pilot.press("right")  # already at the last card: stays
        assert "2/2" in _status(app)
        await pilot.press("left")
        assert "1/2" in _status(app)


async def test_present_at_60_columns_wraps_choices_and_notes_under_their_text(deck: Deck) -> None:
    """A long choice or position wraps under its own first word, clear of its letter or bullet, and the status
    line shortens its hint instead of being cut mid-phrase."""
    long = "ketamine produced a large and rapid antidepressant effect, with improvement within hours or days"
    card = replace(deck.card("relief-contested"), choices=("up to 24 hours", long, "ten years"))
    position = replace(deck.disagreements[0].positions[1], says=long)
    disagreement = replace(deck.disagreements[0], positions=(deck.disagreements[0].positions[0], position))
    deck = replace(deck, title="Ketamine for depression", cards=(card,), disagreements=(disagreement,))
    app = PresentApp(deck, [card])
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        lines = screen_text(app).splitlines()
    assert lines[0].rstrip() == " Ketamine for depression · 1/1 · contested: press d"
    first = next(n for n, line in enumerate(lines) if " B   ketamine produced" in line)
    indent = lines[first].index("ketamine")
    assert lines[first + 1][:indent].strip() == "" and lines[first + 1][indent] != " "  # hangs under the text
    bullet = next(n for n, line in enumerate(lines) if "• other: ketamine" in line)
    assert lines[bullet + 1][: lines[bullet].index("other")].strip() == ""


async def test_report_view_shows_students_items_and_bars() -> None:
    report = analyse([(f"{s}.json", _sitting(s, m)) for s, m in MARKS.items()])
    app = ReportApp(report, title="class 3B")
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        assert "class 3B · 5 sittings" in _text(app, "#report-summary")
        body = "\n".join(str(w.render()) for w in app.screen.query(Static))
        assert "undefined" in body and "too easy" in body


def test_bars() -> None:
    assert bar(0.5, 10).plain == "█████░░░░░"
    assert bar(None, 4).plain == "····"
    assert signed_bar(1.0, 10).plain == "     │█████"
    assert signed_bar(-0.4, 10).plain == "   ██│     "
    assert "undefined" in signed_bar(None, 12).plain


def test_report_tables_carry_the_figures() -> None:
    from rich.console import Console

    from ketquiz.ui.screens.report import items_table, options_text

    report = analyse([(f"{s}.json", _sitting(s, m)) for s, m in MARKS.items()])
    console = Console(width=140, record=True, file=io.StringIO())
    console.print(items_table(report))
    console.print(options_text(report))
    text = console.export_text()
    assert "+0.65" in text and "+0.33" in text and "not discriminating" in text
    assert "✓" in text and "  3 r +0.65  X" in text


@pytest.mark.parametrize("width", [60, 40])
async def test_the_projectors_and_the_reports_keys_read_whole_on_a_narrow_terminal(
    deck: Deck, width: int
) -> None:
    """Every key shown whole, never part of a word, and the way out always there: Textual's Footer, which these
    screens used, cut the projector's keys to "… d Dispute" at 40 columns, losing "q Quit"."""
    app = PresentApp(deck, list(deck.cards))
    async with app.run_test(size=(width, 20)) as pilot:
        await pilot.pause()
        bar = screen_lines(app)[-1]
    present = {"space", "Next", "p", "Back", "a", "Answer", "d", "Disputes", "q", "Quit"}
    assert set(bar.split()) <= present and "q Quit" in bar, bar
    results = [(f"{name}.json", _sitting(name, marks)) for name, marks in MARKS.items()]
    report = ReportApp(analyse(results), title="class 3B", results=results)
    async with report.run_test(size=(width, 20)) as pilot:
        await pilot.pause()
        # The Footer's mark before the palette key is no word.
        bar = screen_lines(report)[-1].replace("▏", " ")
        assert set(bar.split()) <= {"q", "Quit", "?", "Keys", "^p", "palette"} and "q Quit" in bar, bar
        assert "? Keys" in bar
        await pilot.press("enter")  # the first student's answers
        await pilot.pause()
        bar = screen_lines(report)[-1].replace("▏", " ")
        assert set(bar.split()) <= {"q", "Back", "to", "the", "report", "?", "Keys", "^p", "palette"}, bar
        assert "q Back" in bar and "? Keys" in bar
