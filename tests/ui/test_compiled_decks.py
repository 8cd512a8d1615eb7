"""The home screen paints decks from their compiled copies at once; a deck changed since it was compiled is
re-checked in a worker, and its row appears when that is done, the learner's place kept."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from ketquiz.core.model import DeferredCards
from ketquiz.decks import catalog as catalog_module
from ketquiz.decks.cache import CacheMode, entry_path
from ketquiz.decks.cached_load import load_deck_cached
from ketquiz.store import StudyStore, open_store
from ketquiz.ui import app as app_module
from ketquiz.ui.app import KetquizApp, build_app
from ketquiz.ui.screens.review import ReviewScreen
from tests.screen import screen_text
from tests.ui.conftest import DECK_DIR, NOW, SEED, make_app


def _two_decks(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "decks"
    shutil.copytree(DECK_DIR, folder)
    first = folder / "mini.yaml"
    second = folder / "other.yaml"
    text = first.read_text(encoding="utf-8")
    second.write_text(
        text.replace("id: mini-ketamine", "id: other-deck", 1).replace(
            "Ketamine [test deck]", "Other deck", 1
        )
    )
    return first, second


async def test_a_changed_deck_is_rechecked_after_the_fresh_ones_are_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _two_decks(tmp_path)
    for deck in (first, second):
        assert load_deck_cached(deck, CacheMode.REFRESH).ok
    # The first deck (in file order) changes after it was compiled: it must be read again, and not block the rest.
    first.write_text(first.read_text(encoding="utf-8").replace("Ketamine [test deck]", "Ketamine, edited", 1))
    release = threading.Event()
    rechecked: list[Path] = []
    real = catalog_module.recheck

    def slow_recheck(path: Path):
        assert release.wait(30)
        rechecked.append(path)
        return real(path)

    monkeypatch.setattr(catalog_module, "recheck", slow_recheck)
    app = make_app(tmp_path / "state", [first.parent])
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):  # the fresh deck is shown while the changed one is still being read
            await pilot.pause(0.01)
            if app.catalog is not None:
                break
        decks = app.home.query_one("#deck-list", OptionList)
        assert [decks.get_option_at_index(i).id for i in range(decks.option_count)] == ["other-deck"]
        assert "Checking 1 changed deck (mini.yaml)" in str(
            app.home.query_one("#home-status", Static).render()
        )
        assert app.home.counts.get("other-deck")  # counts from the store already
        await pilot.press("down")  # the learner is somewhere in the list
        release.set()
        await app.wait_until_loaded()
        await pilot.pause()
        assert rechecked == [first]
        ids = [decks.get_option_at_index(i).id for i in range(decks.option_count)]
        assert ids == ["mini-ketamine", "other-deck"]  # in file order
        assert decks.highlighted == 1  # still on the deck the learner was on
        assert app.catalog is not None and app.catalog.decks[0].title == "Ketamine, edited"
        assert app.home.counts.get("mini-ketamine")
        assert "Checking" not in str(app.home.query_one("#home-status", Static).render())


async def test_with_no_compiled_copy_the_decks_are_read_before_home_shows_them(tmp_path: Path) -> None:
    first, second = _two_decks(tmp_path)
    app = make_app(tmp_path / "state", [first.parent])
    async with app.run_test(size=(80, 24)) as pilot:
        await app.wait_until_loaded()
        await pilot.pause()
        assert app.catalog is not None
        assert [d.id for d in app.catalog.decks] == ["mini-ketamine", "other-deck"]
        assert not app.catalog.pending
    # ... and they were compiled on the way: the next start takes them from the cache
    served = catalog_module.scan_catalog([first.parent])
    assert [d.id for d in served.decks] == ["mini-ketamine", "other-deck"] and not served.pending


def test_of_two_decks_with_one_id_the_first_found_wins_whichever_loads_first(tmp_path: Path) -> None:
    from ketquiz.decks.deckfiles import DeckLoad
    from ketquiz.decks.loader import load_deck

    first, second = _two_decks(tmp_path)
    second.write_text(first.read_text(encoding="utf-8").replace("Ketamine [test deck]", "Later deck", 1))
    catalog = catalog_module.Catalog(order={str(first): 0, str(second): 1})
    later = load_deck(second)
    catalog.add(DeckLoad(second, later.deck, later.diagnostics))  # the later file happens to load first
    catalog.add(load_deck(first))
    assert [d.title for d in catalog.decks] == ["Ketamine [test deck]"]
    assert [p for p, _ in catalog.skipped] == [second]


@pytest.fixture
def cards_worker_after(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], None]:
    """Set how long after the first paint the worker reads deferred cards: long enough, on a loaded machine,
    for a test to see them unread first."""

    def set_delay(seconds: float) -> None:
        monkeypatch.setattr(app_module, "READ_CARDS_AFTER", seconds)

    return set_delay


def _compiled_app(tmp_path: Path) -> KetquizApp:
    """Two compiled decks, opened before (the store has synced them), and the app on their folder."""
    first, second = _two_decks(tmp_path)
    store = open_store(tmp_path / "state", "default")
    for deck in (first, second):
        loaded = load_deck_cached(deck, CacheMode.REFRESH)
        assert loaded.deck is not None
        store.sync_deck(loaded.deck)
    store.close()
    return make_app(tmp_path / "state", [first.parent])


def _scans_on(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the threads the compiled decks are read on."""
    threads: list[str] = []
    real = catalog_module.scan_catalog

    def scan(
        paths: list[Path], listed: catalog_module.Found | None = None, *, defer_cards: bool = False
    ) -> catalog_module.Catalog:
        threads.append(threading.current_thread().name)
        return real(paths, listed, defer_cards=defer_cards)

    monkeypatch.setattr(catalog_module, "scan_catalog", scan)
    return threads


def _deferred(app: KetquizApp) -> dict[str, bool]:
    """deck id -> whether its cards are still to be read."""
    assert app.catalog is not None
    return {d.id: isinstance(d.cards, DeferredCards) and not d.cards.loaded for d in app.catalog.decks}


async def test_compiled_decks_are_on_the_first_frame_with_their_counts_and_their_cards_follow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cards_worker_after: Callable[[float], None]
) -> None:
    """Every deck compiled: the catalog (without the cards) and the store's counts are read before the first
    paint (no worker, no second layout), so the home screen's first frame already lists the decks with their
    counts; a worker reads the cards a moment later."""
    cards_worker_after(2.0)
    app = _compiled_app(tmp_path)
    scans = _scans_on(monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        assert scans == [threading.main_thread().name]  # on the event loop, before it painted anything
        # No pause: nothing has run after start-up yet.
        assert app.catalog is not None and not app.catalog.pending
        assert not [w for w in app.workers if w.group in ("load", "recheck")]
        assert _deferred(app) == {"mini-ketamine": True, "other-deck": True}
        decks = app.home.query_one("#deck-list", OptionList)
        assert [decks.get_option_at_index(i).id for i in range(decks.option_count)] == [
            "mini-ketamine",
            "other-deck",
        ]
        assert set(app.home.counts) == {"mini-ketamine", "other-deck"}
        topics = app.home.query_one("#topic-list", OptionList)
        assert topics.option_count > 0
        assert "Loading" not in str(app.home.query_one("#home-status", Static).render())
        await app.wait_until_loaded()  # already: nothing left to read
        await _until(pilot, lambda: not any(_deferred(app).values()))
        assert _deferred(app) == {"mini-ketamine": False, "other-deck": False}


async def test_a_session_started_before_the_cards_are_read_reads_them_itself(
    tmp_path: Path, cards_worker_after: Callable[[float], None]
) -> None:
    cards_worker_after(60.0)  # the worker never gets its turn: the session reads them
    app = _compiled_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert _deferred(app)["mini-ketamine"]
        await pilot.press("s")  # at once, before the worker's turn
        await _until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        assert not _deferred(app)["mini-ketamine"]


async def test_cards_found_damaged_when_read_are_read_again_from_the_yaml(
    tmp_path: Path, cards_worker_after: Callable[[float], None]
) -> None:
    """A compiled copy whose cards were damaged after its deck was listed (same length, so the listing cannot
    tell): the learner is told, the deck is read from its YAML, and studying it works."""
    cards_worker_after(1.0)
    app = _compiled_app(tmp_path)
    first = tmp_path / "decks" / "mini.yaml"
    entry = entry_path(first)
    raw = entry.read_bytes()
    at = raw.rindex(b'"prompt":"')
    entry.write_bytes(raw[:at] + b'"prompt":9' + raw[at + len(b'"prompt":9') :])
    async with app.run_test(size=(80, 24)) as pilot:
        assert _deferred(app)["mini-ketamine"]
        await _until(
            pilot,
            lambda: (
                app.catalog is not None
                and not app.catalog.pending
                and not any(_deferred(app).values())
                and "mini-ketamine" in _deferred(app)
            ),
        )
        await app.wait_until_loaded()
        assert app.catalog is not None
        assert [d.id for d in app.catalog.decks] == ["mini-ketamine", "other-deck"]
        assert any("damaged" in d.message for d in app.catalog.warnings)
        assert entry.exists()  # compiled again from the YAML
        await pilot.press("s")
        await _until(pilot, lambda: isinstance(app.screen, ReviewScreen))


async def _until(pilot: Pilot[int], done: Callable[[], bool]) -> None:
    for _ in range(300):
        if done():
            return
        await pilot.pause(0.02)
    raise AssertionError("not reached in 6 s")


async def test_compiled_decks_new_to_the_store_are_synced_in_the_worker(tmp_path: Path) -> None:
    """Compiled, but never opened by this profile: taking in their cards (reading and syncing every card) is
    done after a first paint that says the decks are loading, not before it; then the decks show with their
    counts, and the store knows them."""
    first, second = _two_decks(tmp_path)
    for deck in (first, second):
        assert load_deck_cached(deck, CacheMode.REFRESH).ok
    release = threading.Event()

    def opener(data_dir: Path, profile: str) -> StudyStore:
        if threading.current_thread() is not threading.main_thread():  # the worker waits until released
            assert release.wait(30)
        return open_store(data_dir, profile)

    app = build_app([first.parent], tmp_path / "state", now=lambda: NOW, seed=SEED, store_opener=opener)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.catalog is None and [w.group for w in app.workers if w.group == "load"] == ["load"]
        assert "Loading decks…" in screen_text(app)
        release.set()
        await app.wait_until_loaded()
        await pilot.pause()
        assert app.catalog is not None and app.store is not None
        assert set(app.home.counts) == {"mini-ketamine", "other-deck"}
        assert all(app.store.is_synced(deck) for deck in app.catalog.decks)
