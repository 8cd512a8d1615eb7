"""The card browser: search as you type, filters, actions with undo, card info (driven with Pilot)."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from ketquiz.core.model import Deck
from ketquiz.core.scheduling import Rating
from ketquiz.store import StudyStore
from ketquiz.store.browse import CardFilter, CardIndex, CardView, build_index, card_views
from ketquiz.ui.app import KetquizApp
from ketquiz.ui.screens import browser as browser_module
from ketquiz.ui.screens.browser import BrowserScreen
from ketquiz.ui.screens.card_info import CardInfoScreen, ConfirmResetScreen
from ketquiz.ui.screens.help import HelpScreen
from ketquiz.ui.screens.review import ReviewScreen
from ketquiz.ui.screens.summary import SummaryScreen
from ketquiz.ui.widgets.keybar import KeyBar
from tests.deckgen import write_deck
from tests.screen import screen_lines
from tests.ui.conftest import NOW, loaded, make_app, review_log


def _rows(screen: BrowserScreen) -> list[str]:
    return [v.card.id for v in screen.shown]


def _footer_actions(screen: BrowserScreen) -> set[str]:
    return {b.action for _node, b, enabled, _tip in screen.active_bindings.values() if b.show and enabled}


async def _open(app: KetquizApp, pilot: Pilot[Any]) -> BrowserScreen:
    """Open the browser from home and wait until its index is built (a worker thread builds it)."""
    await pilot.press("b")
    screen = app.screen
    assert isinstance(screen, BrowserScreen)
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert screen.index is not None
    return screen


async def test_search_filters_and_an_action_that_leaves_the_queue(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        screen = await _open(app, pilot)
        assert len(screen.shown) == 6
        assert screen.query_one(Input).has_focus  # search as you type: letters are not actions yet
        assert _footer_actions(screen) >= {"leave_search", "back"}  # ⏎ Table: the way to the card actions
        await pilot.press(*"receptor block")
        assert _rows(screen) == ["mech-nmda"]  # every word, anywhere in prompt, answer, choices, quotes
        assert "1 of 6 cards" in str(screen.query_one("#browser-filters", Static).render())
        await pilot.press("enter", "s")  # back to the table; suspend the card under the cursor
        assert "leave_search" not in _footer_actions(screen) and "study_these" in _footer_actions(screen)
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
        screen = await _open(app, pilot)
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
        console = Console(width=60, file=io.StringIO(), record=True)
        console.print(info._body())
        body = console.export_text()
        assert "Review history (1)" in body and "Good" in body and "NMDA receptor" in body
        citations = body.split("Citations\n")[1].split("\n\n")[0].splitlines()
        assert len(citations) > len(deck.card("mech-nmda").citations)  # long quotes wrap at 60 columns...
        label = citations[0].index("]") + 2
        assert all(
            line.startswith("  [") or line[:label].isspace() for line in citations
        )  # ...under themselves
        await pilot.press("escape", "escape")
        assert app.screen is app.home


async def test_a_header_click_sorts(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        screen = await _open(app, pilot)
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
        browser = await _open(app, pilot)
        assert len(browser.shown) == 6
        await pilot.press("escape", "o")  # into the table; the first topic: c0, c1, c2
        await pilot.press("slash", *"question", "enter")
        assert browser.index is not None
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
        assert review_log(data) == []  # and no answer stored


async def test_the_browser_takes_keys_before_its_index_is_built(data_dir: Path) -> None:
    """Opening the browser never waits for every card to be read: the first rows are drawn, the search box takes
    keys, actions say they wait, and the typed search runs once the index is ready."""
    release = threading.Event()

    def slow_builder(store: StudyStore, decks: Sequence[Deck], now: datetime) -> CardIndex:
        assert release.wait(10), "the test never let the index be built"
        return build_index(store, decks, now)

    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        assert app.catalog is not None and app.store is not None
        screen = BrowserScreen(list(app.catalog.decks), app.store, app.now, index_builder=slow_builder)
        app.push_screen(screen)
        await pilot.pause()
        status = screen.query_one("#browser-filters", Static)
        assert screen.index is None and len(screen.shown) == 6  # the first rows, drawn from the store by id
        assert "indexing 6 cards" in str(status.render())
        await pilot.press(*"receptor block")
        assert screen.query_one(Input).value == "receptor block"  # every key kept
        assert len(screen.shown) == 6 and "the search runs when it is done" in str(status.render())
        await pilot.press("down", "s")  # into the table: suspending waits for the index
        deck = app.catalog.decks[0]
        assert not any(c.suspended for c in app.store.stored_cards(deck.id).values())
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.index is not None and _rows(screen) == ["mech-nmda"]
        assert "1 of 6 cards" in str(status.render())


async def test_a_stale_search_never_overwrites_a_newer_one(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over a big index each search runs in a worker thread; the first keystroke's search, slow here, finishes
    after the later ones and its result is dropped."""
    monkeypatch.setattr(browser_module, "THREADED_SEARCH_CARDS", 0)  # every search in a worker, as at 100k
    gate, stale_done = threading.Event(), threading.Event()

    class GatedIndex(CardIndex):
        def filter_unless(self, what: CardFilter, cancelled: Callable[[], bool]) -> list[CardView] | None:
            if what.search != "r":
                return super().filter_unless(what, cancelled)
            assert gate.wait(10)
            try:
                return super().filter_unless(what, lambda: False)  # ignores being cancelled: a result comes
            finally:
                stale_done.set()

    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        assert app.catalog is not None and app.store is not None
        screen = BrowserScreen(
            list(app.catalog.decks), app.store, app.now,
            index_builder=lambda store, decks, now: GatedIndex(card_views(store, decks, now)),
        )  # fmt: skip
        app.push_screen(screen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.index is not None
        wanted = sorted(v.card.id for v in screen.index.filter(CardFilter(search="receptor")))
        assert 0 < len(wanted) < 6
        await pilot.press("r")  # this search blocks on the gate
        await pilot.pause()
        assert "searching…" in str(screen.query_one("#browser-filters", Static).render())
        await pilot.press(*"eceptor")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert sorted(_rows(screen)) == wanted
        gate.set()
        assert await asyncio.to_thread(stale_done.wait, 10)
        await pilot.pause(0.1)
        assert sorted(_rows(screen)) == wanted  # the stale "r" (every card) was not drawn over it
        assert f"{len(wanted)} of 6 cards" in str(screen.query_one("#browser-filters", Static).render())


async def test_study_these_schedules_the_due_and_new_matches_and_undo_works(tmp_path: Path) -> None:
    """ "Study these" (t) is Anki's filtered deck that reschedules: the matching cards due or new today, every
    answer stored and scheduled, Ctrl+Z taking one back."""
    data = tmp_path / "state"
    app = make_app(data, [write_deck(tmp_path / "decks", per_topic=3, kind="basic")])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        store = app.store
        assert store is not None and app.catalog is not None
        deck = app.catalog.decks[0]
        store.answer(deck.id, "c1", Rating.GOOD, NOW)  # learning, due in minutes: not due now
        store.set_settings(dataclasses.replace(store.settings, new_per_day=3))  # c1 took one of the three
        browser = await _open(app, pilot)
        await pilot.press("escape", "o")  # the first topic: c0, c1, c2 match; c3 (new) does not
        await pilot.press("t")
        review = app.screen
        assert isinstance(review, ReviewScreen) and not review.session.cram
        assert review.session.queue == ["c0", "c2"]  # c1 is not due; c3 does not match
        assert "Chosen cards" in str(review.query_one("#card-topic", Static).render())
        await pilot.press("space", "4")  # show, take Easy (days away: the session does not bring it back)
        assert [r[0] for r in review_log(data)] == ["c1", "c0"]  # the answer stored
        assert store.stored_cards(deck.id)["c0"].state != 0  # and scheduled
        await pilot.press("ctrl+z")
        assert [r[0] for r in review_log(data)] == ["c1"] and store.stored_cards(deck.id)["c0"].state == 0
        await pilot.press("space", "4", "space", "4")
        await pilot.pause()
        assert [r[0] for r in review_log(data)] == ["c1", "c0", "c2"]
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")  # back in the browser, showing the cards' new state
        await pilot.pause()
        assert app.screen is browser
        assert next(v for v in browser.shown if v.card.id == "c0").state == "review"


async def test_study_these_with_nothing_due_says_so_and_offers_cram(tmp_path: Path) -> None:
    data = tmp_path / "state"
    app = make_app(data, [write_deck(tmp_path / "decks", per_topic=3, kind="basic")])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        store = app.store
        assert store is not None and app.catalog is not None
        store.answer(app.catalog.decks[0].id, "c1", Rating.EASY, NOW)  # due in days
        browser = await _open(app, pilot)
        await pilot.press(*"question 1", "enter", "t")
        assert app.screen is browser and review_log(data) == [("c1", int(Rating.EASY), None)]
        assert any("Cram them (c)" in str(n.message) for n in app._notifications)
        await pilot.press("c")
        assert isinstance(app.screen, ReviewScreen) and app.screen.session.queue == ["c1"]


async def test_a_letter_right_after_enter_acts_on_the_card(data_dir: Path) -> None:
    """A terminal delivers 'Enter s' typed quickly in one read: Enter leaves the search box before the s arrives,
    so s suspends the card instead of being typed into the search, and a second Enter opens the card's info
    (found driving the browser in tmux)."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        screen = await _open(app, pilot)
        await pilot.press(*"receptor block")
        app.post_message(events.Key("enter", "\r"))
        app.post_message(events.Key("s", "s"))
        await pilot.pause()
        assert screen.query_one(Input).value == "receptor block"
        assert screen.shown[0].card.id == "mech-nmda" and screen.shown[0].state == "suspended"
        await pilot.press("slash")
        app.post_message(
            events.Key("enter", "\r")
        )  # Enter twice at once: into the table, then the card's info
        app.post_message(events.Key("enter", "\r"))
        await pilot.pause()
        assert isinstance(app.screen, CardInfoScreen)


async def test_the_key_bar_at_60_columns_leaves_out_whole_keys_never_help_or_back(data_dir: Path) -> None:
    """At 60x20 not even the browser's shortest wording fits: keys are left out from the end of the line, whole,
    never ``? Help`` or the way back, and every key left out is on the help screen."""
    app = make_app(data_dir)
    async with app.run_test(size=(60, 20)) as pilot:
        await loaded(app, pilot)
        screen = await _open(app, pilot)
        await pilot.press("down")  # into the table: the card actions are offered
        await pilot.pause()
        bar = screen_lines(app)[-1]
        keys: dict[str, str] = {}  # description: the key and its short word, as the bar writes them
        for _node, binding, _enabled, _tip in screen.active_bindings.values():
            if binding.show:
                word = KeyBar.SHORT.get(binding.description, binding.description.split()[0])
                keys.setdefault(binding.description, f"{app.get_key_display(binding)} {word}")
        assert "? Help" in bar and "esc Back" in bar
        shown = [key for key in keys.values() if key in bar]
        assert bar.split() == " ".join(shown).split()  # whole keys, nothing cut, nothing else
        left_out = [description for description, key in keys.items() if key not in bar]
        assert "Cram these" in left_out
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(
            width=200, file=io.StringIO(), record=True
        )  # the help table whole, not the rows shown
        console.print(app.screen.query_one("#help-table", Static).content)
        help_text = console.export_text()
        assert all(description in help_text for description in left_out), left_out
