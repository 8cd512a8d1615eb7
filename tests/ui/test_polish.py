"""What a learner meets at the edges: Escape while typing, a home screen with no deck, the coverage view,
the column header, the wording of a contested card."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Input

from ketquiz.core.model import CardType
from ketquiz.decks import load_deck
from ketquiz.store.session import Showing
from ketquiz.ui.app import KetquizApp
from ketquiz.ui.screens.coverage import CoverageScreen
from ketquiz.ui.screens.home import HomeScreen
from ketquiz.ui.screens.problems import ProblemsScreen
from ketquiz.ui.screens.review import ReviewScreen
from ketquiz.ui.screens.summary import SummaryScreen
from ketquiz.ui.widgets.card_view import render_verdict
from ketquiz.ui.widgets.fitline import FitLine
from tests.screen import screen_lines
from tests.ui.conftest import DECK_DIR, DECK_FILE, loaded, make_app


def shown_keys(app: KetquizApp) -> set[str]:
    """The actions the key bar offers now (enabled or not)."""
    return {b.binding.action for b in app.screen.active_bindings.values() if b.binding.show}


async def _to_typed_card(app: KetquizApp, pilot: object) -> ReviewScreen:
    await loaded(app, pilot)
    await pilot.press("c")  # type: ignore[attr-defined]
    review = app.screen
    assert isinstance(review, ReviewScreen)
    for _ in range(10):
        showing = review.session.current
        assert showing is not None
        if showing.card.type in (CardType.TYPED, CardType.CLOZE):
            return review
        answer = {CardType.BASIC: ("space",), CardType.MULTI: ("1", "enter"), CardType.TRUEFALSE: ("t",)}
        await pilot.press(*answer.get(showing.card.type, ("1",)), "3")  # type: ignore[attr-defined]
    raise AssertionError("no typed card in the deck")


async def test_escape_in_the_answer_box_leaves_it_and_a_second_escape_ends(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        review = await _to_typed_card(app, pilot)
        field = review.query_one("#card-input", Input)
        assert field.has_focus
        await pilot.press(*"bdn", "escape")
        assert app.screen is review  # still studying
        assert not field.has_focus and field.value == "bdn"
        assert "Esc again" in str(review.query_one("#grade-bar", FitLine).render())
        await pilot.press("tab", "f")  # back into the box, where typing goes on from the text kept
        assert field.has_focus and field.value == "bdnf"
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, SummaryScreen)


async def test_no_deck_offers_problems_and_hides_what_needs_a_deck(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "id: broken\ntitle: Broken\ncards:\n"
        + "".join(f"  - id: x{i}\n    type: nonsense\n" for i in range(8)),
        encoding="utf-8",
    )
    app = make_app(tmp_path / "state", [broken])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.pause()
        keys = shown_keys(app)
        assert "problems" in keys
        assert not keys & {"app.disagreements", "app.stats", "app.coverage", "start(False)", "start(True)"}
        # The first messages are on screen, and the way to all of them is said.
        text = "\n".join(screen_lines(app))
        first = load_deck(broken).diagnostics[0].format()
        assert first[:60] in text
        assert "p" in text and "Problems" in text
        await pilot.press("d", "t", "v")  # nothing happens, nothing breaks
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("p")
        assert isinstance(app.screen, ProblemsScreen)


async def test_coverage_opens_from_home_and_closes_back_to_it(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        assert "app.coverage" in shown_keys(app)
        await pilot.press("v")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CoverageScreen) and screen.deck.id == "mini-ketamine"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.home and app.is_running


async def test_coverage_from_the_command_palette(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"coverage")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CoverageScreen)


async def test_topic_header_lines_up_with_the_columns(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        lines = screen_lines(app)
        header = next(line for line in lines if "Total" in line)
        row = next(line for line in lines if "How ketamine works" in line)
        assert header.lstrip().startswith("│")  # inside the panel, not above it
        for word in ("New", "Due", "Total"):  # counts are right-aligned under their word
            end = header.index(word) + len(word)
            assert row[end - 1].isdigit() and row[end] == " ", (word, header, row)
        assert header.index("Topic ") == row.index("How ketamine works")


def test_contested_verdict_claims_no_more_than_the_link() -> None:
    deck = load_deck(DECK_FILE).deck
    assert deck is not None
    card = next(c for c in deck.cards if c.contested)
    verdict = render_verdict(deck, Showing(card, ()), None, None, basic_answer=True).plain
    assert "The sources disagree here — press d to see who says what." in verdict
    assert "Contested" not in verdict and "disagree on this" not in verdict


async def test_the_question_stays_in_view_after_answering_when_there_is_room(tmp_path: Path) -> None:
    deck_dir = tmp_path / "deck"
    shutil.copytree(DECK_DIR, deck_dir)
    deck_file = deck_dir / "mini.yaml"
    long = "It blocks the N-methyl-D-aspartate receptor. " * 20  # a verdict taller than the card's panel
    text = deck_file.read_text(encoding="utf-8")
    deck_file.write_text(text.replace("explanation: It blocks", f"explanation: {long}It blocks", 1), "utf-8")
    app = make_app(tmp_path / "state", [deck_file])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("s")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        showing = review.session.current
        assert showing is not None and showing.card.type is CardType.MCQ
        await pilot.press("1")
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert showing.card.prompt[:40] in text  # the question ...
        assert "Expected:" in text  # ... and the verdict's first lines


async def test_help_lists_the_answer_box_escape(data_dir: Path) -> None:
    from ketquiz.ui.screens.help import HelpScreen

    app = make_app(data_dir)
    async with app.run_test(size=(80, 40)) as pilot:
        review = await _to_typed_card(app, pilot)
        review.query_one("#card-scroll").focus()  # ? types into the answer box; from outside it opens help
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(screen_lines(app))
        assert "Answer box" in text and "Leave the answer box" in text


def test_coverage_lines_wrap_clear_of_the_line_numbers() -> None:
    from rich.console import Console
    from rich.text import Text

    from ketquiz.ui.screens.coverage import _hanging

    console = Console(width=30, record=True, color_system=None)
    console.print(_hanging(Text("12 " + "word " * 20), 3))
    lines = console.export_text().splitlines()
    assert lines[0].startswith("12 word") and len(lines) > 2
    assert all(line.startswith("   word") for line in lines[1:])


async def test_disagreement_list_says_enter_opens_one(data_dir: Path) -> None:
    from ketquiz.ui.screens.disagreements import DisagreementListScreen, DisagreementScreen

    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("d")
        assert isinstance(app.screen, DisagreementListScreen)
        assert "open" in shown_keys(app)
        await pilot.press("down", "enter")
        assert isinstance(app.screen, DisagreementScreen)
