"""The home screen paints decks from their compiled copies at once; a deck changed since it was compiled is
re-checked in a worker, and its row appears when that is done, the learner's place kept."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from ketquiz.decks import catalog as catalog_module
from ketquiz.decks.cache import CacheMode
from ketquiz.decks.cached_load import load_deck_cached
from ketquiz.decks.deckfiles import find_deck_files
from ketquiz.ui.app import KetquizApp, build_app
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
        assert "Checking 1 changed deck(s) (mini.yaml)" in str(
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


def _compiled_app(tmp_path: Path, slack: int) -> KetquizApp:
    """Two compiled decks, and the app reading compiled decks before its first paint up to their total size
    plus ``slack`` bytes (-1: one byte too many to read them then)."""
    first, second = _two_decks(tmp_path)
    for deck in (first, second):
        assert load_deck_cached(deck, CacheMode.REFRESH).ok
    size = catalog_module.compiled_bytes(find_deck_files([first.parent])[0])
    assert size > 0
    return build_app(
        [first.parent], tmp_path / "state", now=lambda: NOW, seed=SEED, first_frame_bytes=size + slack
    )


def _scans_on(monkeypatch: pytest.MonkeyPatch, release: threading.Event | None = None) -> list[str]:
    """The names of the threads the compiled decks are read on (after ``release`` is set, if given)."""
    threads: list[str] = []
    real = catalog_module.scan_catalog

    def scan(paths: list[Path], listed: catalog_module.Found | None = None) -> catalog_module.Catalog:
        threads.append(threading.current_thread().name)
        assert release is None or release.wait(30)
        return real(paths, listed)

    monkeypatch.setattr(catalog_module, "scan_catalog", scan)
    return threads


async def test_compiled_decks_are_on_the_first_frame_with_their_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every deck compiled, and small enough: the catalog and the store's counts are read before the first paint
    (no worker, no second layout), so the home screen's first frame already lists the decks with their counts."""
    app = _compiled_app(tmp_path, 0)  # exactly at the threshold
    scans = _scans_on(monkeypatch)
    async with app.run_test(size=(80, 24)):
        assert scans == [threading.main_thread().name]  # on the event loop, before it painted anything
        # No pause: nothing has run after start-up yet.
        assert app.catalog is not None and not app.catalog.pending
        assert not [w for w in app.workers if w.group in ("load", "recheck")]
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


async def test_compiled_decks_too_large_for_the_first_frame_are_read_after_loading_is_painted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compiled copies over the threshold (a 100,000-card deck reads in most of a second): the first frame says
    the decks are loading, and they are read, the store opened and the decks counted in a worker."""
    app = _compiled_app(tmp_path, -1)
    release = threading.Event()
    scans = _scans_on(monkeypatch, release)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert len(scans) == 1 and scans[0] != threading.main_thread().name
        assert app.catalog is None and app.store is None
        assert [w.group for w in app.workers if w.group == "load"] == ["load"]
        assert "Loading decks…" in screen_text(app)  # painted, while the decks are still being read
        release.set()
        await app.wait_until_loaded()
        await pilot.pause()
        decks = app.home.query_one("#deck-list", OptionList)
        assert [decks.get_option_at_index(i).id for i in range(decks.option_count)] == [
            "mini-ketamine",
            "other-deck",
        ]
        assert set(app.home.counts) == {"mini-ketamine", "other-deck"}
        assert app.home.counts["mini-ketamine"].queue(None).new > 0
        assert "Loading" not in screen_text(app)
