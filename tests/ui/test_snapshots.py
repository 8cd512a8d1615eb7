"""Screenshots of the main screens at 80x24, built through the same factories the CLI uses: the study app's
screens, the projector (``ketquiz present``) and the coverage view (``ketquiz coverage --tui``).

Run ``pytest tests/ui --snapshot-update`` after an intended change of the look, and review the new SVGs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from ketquiz.core.model import Deck
from ketquiz.ui.app import KetquizApp
from tests.deckgen import write_deck
from tests.ui.conftest import make_app

SIZE = (80, 24)


async def _ready(pilot: Pilot[Any]) -> None:
    """The study app loads its decks after it starts: wait for them. The teacher's apps start ready."""
    if isinstance(pilot.app, KetquizApp):
        await pilot.app.wait_until_loaded()
    await pilot.pause()


def _then(*keys: str) -> Any:
    """Get the app ready, then press ``keys`` one by one, letting it settle after each."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await _ready(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()

    return run_before


def test_home(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=_then())


def test_review_question(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=_then("s"))


def test_review_answered_with_grades(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=_then("s", "2"))


def test_source_passage(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=_then("s", "2", "s"))


def test_disagreement_opened_from_the_list(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=_then("d", "enter"))


def test_review_after_undo(snap_compare: Any, tmp_path: Path) -> None:
    """The message that the answer was taken back sits in the hint line; the card's border stays whole."""
    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=_then("s", "1", "4", "ctrl+z"))


def test_cram_basic_card_answered(snap_compare: Any, tmp_path: Path) -> None:
    """Cram mode's grade bar on a self-graded card: one line, Good suggested, the schedule said to be untouched."""
    deck = write_deck(tmp_path / "decks", per_topic=1, kind="basic")
    app = make_app(tmp_path / "state", [deck])
    assert snap_compare(app, terminal_size=SIZE, run_before=_then("c", "space"))


def test_stats_year_and_topics(snap_compare: Any, tmp_path: Path) -> None:
    from datetime import timedelta

    from ketquiz.core.scheduling import Rating
    from ketquiz.decks import load_deck
    from ketquiz.store import open_store
    from tests.ui.conftest import DECK_FILE, NOW

    deck = load_deck(DECK_FILE).deck
    assert deck is not None
    store = open_store(tmp_path)
    try:
        store.sync_deck(deck)
        for days, card in ((200, "mech-nmda"), (120, "mech-nmda"), (30, "mech-bdnf"), (3, "mech-nmda")):
            store.answer(deck.id, card, Rating.GOOD, NOW - timedelta(days=days), 1000)
        store.act(deck.id, ["mech-glutamate"], "suspend", NOW)
    finally:
        store.close()
    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=_then("t", "end"))


def _mini_deck() -> Deck:
    from ketquiz.decks import load_deck
    from tests.ui.conftest import DECK_FILE

    deck = load_deck(DECK_FILE).deck
    assert deck is not None
    return deck


def test_present_question(snap_compare: Any) -> None:
    from ketquiz.ui.apps import PresentApp

    deck = _mini_deck()
    assert snap_compare(PresentApp(deck, list(deck.cards)), terminal_size=SIZE, run_before=_then())


def test_present_answer_revealed_with_its_passage(snap_compare: Any) -> None:
    """The right choice marked, the answer, the explanation, and the cited passage under its source's title."""
    from ketquiz.ui.apps import PresentApp

    deck = _mini_deck()
    assert snap_compare(PresentApp(deck, list(deck.cards)), terminal_size=SIZE, run_before=_then("a"))


def test_present_contested_card_with_the_sources_positions(snap_compare: Any) -> None:
    from ketquiz.ui.apps import PresentApp

    deck = _mini_deck()
    cards = list(deck.cards)
    contested = next(n for n, card in enumerate(cards) if card.contested)
    assert snap_compare(
        PresentApp(deck, cards), terminal_size=SIZE, run_before=_then(*["right"] * contested, "d")
    )


def test_coverage_of_a_source(snap_compare: Any) -> None:
    """The deck's sources with their shares, the first one's figures, and its text from the line that holds
    the first cited passages, highlighted, with line numbers in the gutter."""
    from textual.containers import VerticalScroll

    from ketquiz.ui.apps import CoverageApp

    async def at_the_first_citations(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        screen = pilot.app.screen
        line = screen.query_one("#coverage-line-0-4")
        screen.query_one("#coverage-text", VerticalScroll).scroll_to_widget(line, top=True, animate=False)
        await pilot.pause()

    app = CoverageApp(_mini_deck(), 3)
    assert snap_compare(app, terminal_size=SIZE, run_before=at_the_first_citations)
