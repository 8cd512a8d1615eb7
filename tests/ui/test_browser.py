"""The card browser: search as you type, filters, actions with undo, card info (driven with Pilot)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Static

from ketquiz.core.scheduling import Rating
from ketquiz.ui.screens.browser import BrowserScreen, CardInfoScreen, ConfirmResetScreen
from ketquiz.ui.screens.review import ReviewScreen
from tests.deckgen import write_deck
from tests.ui.conftest import NOW, loaded, make_app


def _rows(screen: BrowserScreen) -> list[str]:
    return [v.card.id for v in screen.shown]


async def test_search_filters_and_an_action_that_leaves_the_queue(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("b")
        screen = app.screen
        assert isinstance(screen, BrowserScreen) and len(screen.shown) == 6
        assert screen.query_one(Input).has_focus  # search as you type: letters are not actions yet
        await pilot.press(*"receptor block")
        assert _rows(screen) == ["mech-nmda"]  # every word, anywhere in prompt, answer, choices, quotes
        assert "1 of 6 cards" in str(screen.query_one("#browser-filters", Static).render())
        await pilot.press("enter", "s")  # back to the table; suspend the card under the cursor
        deck = app.catalog.decks[0]  # type: ignore[union-attr]
        assert "mech-nmda" not in app.store.build_queue(deck, None, NOW).cards  # type: ignore[union-attr]
        assert screen.shown[0].state == "suspended"
        await pilot.press("u")
        assert "mech-nmda" in app.store.build_queue(deck, None, NOW).cards  # type: ignore[union-attr]
        await pilot.press("slash", *["backspace"] * 14, "enter", "e", "e")  # state filter: new, then learning
        assert screen.filter.states == frozenset({"learning"}) and screen.shown == []


async def test_flag_bury_reset_asks_and_card_info(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        deck = app.catalog.decks[0]  # type: ignore[union-attr]
        app.store.answer(deck.id, "mech-nmda", Rating.GOOD, NOW)  # type: ignore[union-attr]
        await pilot.press("b")
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        await pilot.press("down", "f", "f")  # out of the search box, into the table
        assert screen.shown[0].flag.label == "orange"
        await pilot.press("b")
        assert screen.shown[0].state == "buried"
        await pilot.press("r")
        assert isinstance(app.screen, ConfirmResetScreen)
        await pilot.press("n")
        assert screen.shown[0].state == "buried"  # kept
        await pilot.press("r", "y")
        assert screen.shown[0].state == "new" and screen.shown[0].reviews == 1
        await pilot.press("u")  # the reset undone: learning again, still buried
        assert screen.shown[0].state == "buried"
        await pilot.press("enter")
        info = app.screen
        assert isinstance(info, CardInfoScreen)
        body = str(info.query_one("#card-info-body", Static).render())
        assert "Review history (1)" in body and "Good" in body and "NMDA receptor" in body
        await pilot.press("escape", "escape")
        assert app.screen is app.home


async def test_a_header_click_sorts(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("b")
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        table = screen.query_one(DataTable)
        column = next(c for c in table.columns.values() if c.key.value == "prompt")
        table.post_message(DataTable.HeaderSelected(table, column.key, 0, column.label))
        await pilot.pause()
        prompts = [v.card.prompt.casefold() for v in screen.shown]
        assert prompts == sorted(prompts)


async def test_cram_these_shows_exactly_the_matching_cards(tmp_path: Path) -> None:
    data = tmp_path / "state"
    app = make_app(data, [write_deck(tmp_path / "decks", per_topic=3, kind="basic")])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("b")
        browser = app.screen
        assert isinstance(browser, BrowserScreen) and len(browser.shown) == 6
        await pilot.press("escape", "o")  # into the table; the first topic: c0, c1, c2
        await pilot.press("slash", *"question", "enter")
        matching = {v.card.id for v in browser.index.filter(browser.filter)}
        assert matching == {"c0", "c1", "c2"}
        await pilot.press("c")
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.session.cram
        seen = []
        while review.session.current is not None:
            seen.append(review.session.current.card.id)
            await pilot.press("space", "space")  # show the answer, take Good
        assert sorted(seen) == sorted(matching)
        assert app.store.stored_cards("many")["c0"].state == 0  # type: ignore[union-attr]  # cram: schedule untouched
