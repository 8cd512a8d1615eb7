from __future__ import annotations

import re
from pathlib import Path

from textual.app import App
from textual.screen import Screen
from textual.widgets import OptionList

import ketquiz.ui
from ketquiz.authoring.coverage import deck_coverage
from ketquiz.core.model import Card, CardType, Citation, Deck, Source, Span
from ketquiz.ui.screens.coverage import CITED_STYLE, IGNORED_STYLE, CoverageScreen, highlighted_lines
from tests.screen import screen_text

ONE = "First Doc\nAlpha is cited here. Beta is not.\nBuy our [bold]mugs[/bold]!\nGamma neither.\n"
TWO = "Second Doc\nEverything here is cited.\n"


def span(text: str, passage: str) -> Span:
    start = text.index(passage)
    return Span(start, start + len(passage))


def make_deck() -> Deck:
    a = span(ONE, "Alpha is cited here.")
    b = span(TWO, "Second Doc\nEverything here is cited.")
    sources = (
        Source("one", "First Doc", "one.txt", ONE, ignore=(span(ONE, "Buy our [bold]mugs[/bold]!"),)),
        Source("two", "Second Doc", "two.txt", TWO),
    )
    cards = (
        Card(
            "a",
            "t",
            CardType.BASIC,
            "q",
            "a",
            citations=(Citation("one", "Alpha is cited here.", a.start, a.end),),
        ),
        Card("b", "t", CardType.BASIC, "q", "a", citations=(Citation("two", "x", b.start, b.end),)),
    )
    return Deck("d", "Demo [deck]", "d.yaml", sources=sources, cards=cards)


def test_highlighted_lines_style_cited_and_ignored_text_and_keep_markup_literal() -> None:
    lines = highlighted_lines(deck_coverage(make_deck()).sources[0])
    assert [line.plain for line in lines] == [
        "1 First Doc",
        "2 Alpha is cited here. Beta is not.",
        "3 Buy our [bold]mugs[/bold]!",
        "4 Gamma neither.",
    ]

    def styled(line_no: int, style: str) -> str:
        line = lines[line_no - 1]
        return "".join(line.plain[s.start : s.end] for s in line.spans if str(s.style) == style)

    assert styled(2, CITED_STYLE) == "Alpha is cited here."
    assert styled(3, IGNORED_STYLE) == "Buy our [bold]mugs[/bold]!"


class CoverageApp(App[None]):
    CSS_PATH = Path(ketquiz.ui.__file__).parent / "app.tcss"

    def on_mount(self) -> None:
        self.push_screen(Screen())  # stands in for the study app's home screen
        self.push_screen(CoverageScreen(make_deck()))


async def test_screen_lists_sources_switches_and_jumps() -> None:
    app = CoverageApp()
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CoverageScreen)
        options = screen.query_one("#coverage-sources", OptionList)
        assert options.option_count == 2
        assert "1/4 sentences cited" in screen_text(app)
        assert len(screen.query(".coverage-line")) == 4
        await pilot.press("n")
        await pilot.pause()
        assert screen.gap_index == 0
        options.focus()
        await pilot.press("down")
        await pilot.pause()
        assert screen.source_index == 1
        assert "2/2 sentences cited" in screen_text(app)
        assert screen.check_action("jump", (1,)) is False  # nothing uncited to jump to
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CoverageScreen) and app.is_running


async def test_coverage_app_of_the_command_quits_when_the_screen_closes() -> None:
    from ketquiz.ui.apps import CoverageApp

    app = CoverageApp(make_deck(), 3)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CoverageScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_at_60_columns_figures_and_legend_wrap_between_phrases_not_inside_them() -> None:
    """A narrow terminal puts a figure or a legend item on the next row whole: "35 uncited passages", not "35"
    at the end of one line and "uncited passages" on the next; the heading's figures stay whole beside a cut
    title."""
    from dataclasses import replace

    from ketquiz.ui.apps import CoverageApp

    deck = make_deck()
    deck = replace(deck, title="A deck about ketamine for depression, its sources and its cards")
    app = CoverageApp(deck, 3)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
    assert re.search(r"…  \d+/\d+ sentences cited \(\d+%\)$", lines[0].rstrip())
    assert any(re.search(r"\s\d+ uncited passages$", line.rstrip()) for line in lines)
    assert any("other uncited" in line for line in lines) and any("longest uncited" in line for line in lines)
