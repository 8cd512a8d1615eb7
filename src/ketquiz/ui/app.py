"""The study app: shows the decks (compiled ones at once, the rest when read), opens the learner's store, and moves
between screens.

Build it with :func:`build_app` (the CLI, the tests and the benchmarks all do), which lets a caller fix the
clock and the shuffle so a session can be replayed exactly.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from ketquiz.store import StoreError
from ketquiz.ui import startup
from ketquiz.ui.screens.home import HomeScreen

if TYPE_CHECKING:
    from textual.command import Provider

    from ketquiz.core.model import Deck
    from ketquiz.decks.catalog import Catalog
    from ketquiz.decks.deckfiles import DeckLoad
    from ketquiz.store import DeckCounts, StudyStore
    from ketquiz.store.session import StudySession

#: Opens the study store: (data_dir, profile) -> store. Injected so tests can use a temporary directory.
StoreOpener = Callable[[Path, str], "StudyStore"]
#: What the loading worker hands back: the decks, the store (or None and why not), and the decks' counts.
LoadResult = tuple["Catalog", "StudyStore | None", str, "dict[str, DeckCounts]"]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _open_real_store(data_dir: Path, profile: str) -> StudyStore:
    from ketquiz.store import open_store

    return open_store(data_dir, profile)


def _commands_provider() -> type[Provider]:
    """The command palette's provider, imported when the palette first opens (keeps start-up light)."""
    from ketquiz.ui.palette import KetquizCommands

    return KetquizCommands


#: Seconds after the home screen is up before a worker reads the listed decks' cards: long enough not to slow its
#: first frames, short enough that they are read before the learner has chosen what to study.
READ_CARDS_AFTER = 0.3

#: App actions that show one deck and so need a loaded one.
_DECK_VIEWS = frozenset({"disagreements", "stats", "coverage", "browser"})


class KetquizApp(App[int]):
    """ketquiz's terminal study app."""

    CSS_PATH = "app.tcss"
    TITLE = "ketquiz"
    COMMANDS = App.COMMANDS | {_commands_provider}
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help", tooltip="Every key, on one screen"),
        Binding("ctrl+q", "quit", "Quit", id="quit", show=False, priority=True),
    ]

    def __init__(
        self,
        deck_paths: list[Path],
        data_dir: Path,
        profile: str = "default",
        *,
        now: Callable[[], datetime] = _utc_now,
        rng: random.Random | None = None,
        store_opener: StoreOpener = _open_real_store,
        ask_profile: bool = False,
    ) -> None:
        super().__init__()
        self.ask_profile = ask_profile
        self.deck_paths = deck_paths
        self.data_dir = data_dir
        self.profile = profile
        self.now = now
        self.rng = rng if rng is not None else random.Random()
        self._store_opener = store_opener
        self.store: StudyStore | None = None
        self.store_error: str = ""
        self.catalog: Catalog | None = None
        self.home = HomeScreen()
        self._loaded = asyncio.Event()

    # --- start-up: compiled decks before the first paint, the rest in a worker ---------------------------

    def get_default_screen(self) -> HomeScreen:
        return self.home

    def on_mount(self) -> None:
        if self.ask_profile:
            from ketquiz.ui.screens.profile import ProfileScreen

            self.push_screen(ProfileScreen(), self._profile_chosen)
            self.call_after_refresh(startup.resume)  # the learner types a name first: start-up is over
            return
        self._start_loading()

    def _profile_chosen(self, name: str | None) -> None:
        from ketquiz.core.learners import learner_profile
        from ketquiz.core.safetext import clean

        if name:
            self.profile = learner_profile(name)
            self.sub_title = f"studying as {clean(name)}"
        self._start_loading()

    def _start_loading(self) -> None:
        """Decks whose compiled copy is fresh, and which the store holds as they are, go on the home screen with
        their counts before its first paint: only their headers and topics are read, not their cards (see
        :class:`ketquiz.core.model.DeferredCards`), so this costs about the same at 100 cards or 100,000. Their
        cards are read by a worker a moment later (:meth:`_read_cards`), or at once by whatever needs them first.

        When no deck is fresh, or the store has yet to take in a deck's cards (a deck new to it, or changed), that
        work is done in a worker after "Loading decks…" is painted (:meth:`_load_decks`). Decks changed since they
        were compiled are read from their YAML in a worker afterwards (:meth:`_recheck_decks`), their rows
        following.
        """
        from ketquiz.decks.catalog import scan_catalog

        try:
            catalog = scan_catalog(self.deck_paths, defer_cards=True)
            if catalog.decks:
                store, error = self._open_store(catalog, sync=False)
                if store is None or self._all_synced(store, catalog):
                    self.store, self.store_error = store, error
                    self._decks_loaded(catalog, self.deck_counts(catalog))
                    return
                store.close()  # a deck new to the store, or changed: its cards are read and synced in the worker
        except Exception as exc:  # noqa: BLE001 -- as from the worker: a message on home, never a traceback
            self.home.show_fatal(f"Could not load the decks: {exc}")
            startup.resume()
            self._loaded.set()
            return
        self._load_decks(catalog)

    @staticmethod
    def _all_synced(store: StudyStore, catalog: Catalog) -> bool:
        try:
            return all(store.is_synced(deck) for deck in catalog.decks)
        except StoreError:
            return False  # the worker's sync meets it again, and says so

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load_decks(self, catalog: Catalog) -> LoadResult:
        """Off the event loop, when no deck was fresh or the store has yet to sync one: read every pending deck's
        YAML if none was fresh (compiling it for next time), then open and sync the store and count the decks. The
        store's connection may be used from another thread (one at a time): the app uses it only after this
        worker has finished."""
        from ketquiz.decks.catalog import recheck

        if not catalog.decks:
            for path in list(catalog.pending):
                catalog.add(recheck(path))
        store, error = self._open_store(catalog) if catalog.decks else (None, "")
        counts = self._count(store, catalog) if store is not None else {}
        return catalog, store, error, counts

    @work(thread=True, exclusive=True, group="recheck", exit_on_error=False)
    def _recheck_decks(self, paths: list[Path]) -> None:
        """Read the YAML of each deck changed since it was compiled; its row appears (or updates) when done."""
        from ketquiz.decks.catalog import recheck

        for path in paths:
            result = recheck(path)
            self.call_from_thread(self._deck_rechecked, result)

    @work(thread=True, exclusive=True, group="cards", exit_on_error=False)
    def _read_cards(self) -> None:
        """Read the cards of every listed deck that has not had them read yet, so starting a session does not
        wait for them. Cards found damaged: the deck is read again from its YAML (:meth:`_cards_unreadable`)."""
        from ketquiz.core.model import CardsUnreadable, DeferredCards

        for deck in list(self.catalog.decks if self.catalog is not None else ()):
            if isinstance(deck.cards, DeferredCards) and not deck.cards.loaded:
                try:
                    deck.cards.load()
                except CardsUnreadable as exc:
                    self.call_from_thread(self._cards_unreadable, deck, str(exc))

    def _cards_ready(self, deck: Deck) -> bool:
        """Whether ``deck``'s cards can be used, reading them now if the worker has not yet. If they cannot be
        read, the deck is read again from its YAML, and False."""
        from ketquiz.core.model import CardsUnreadable, DeferredCards

        if isinstance(deck.cards, DeferredCards):
            try:
                deck.cards.load()
            except CardsUnreadable as exc:
                self._cards_unreadable(deck, str(exc))
                return False
        return True

    def _cards_unreadable(self, deck: Deck, message: str) -> None:
        """Take ``deck`` off the list and read it again from its YAML; its row comes back when that is done."""
        if self.catalog is None or not any(d is deck for d in self.catalog.decks):
            return  # already being read again
        self.catalog.set_aside(deck, message)
        self.home.catalog = self.catalog
        self.notify(
            f"{message[:1].upper()}{message[1:]}; reading it again from its YAML.", severity="warning"
        )
        self._recheck_decks([Path(deck.path)])

    def _deck_rechecked(self, result: DeckLoad) -> None:
        if self.catalog is None:
            return
        deck = self.catalog.add(result)
        if deck is not None and self.store is not None:
            try:
                self.store.sync_deck(deck)
            except StoreError as exc:
                self.notify(f"Could not record {deck.title}'s cards: {exc}", severity="error")
        self.home.counts = self.deck_counts()
        self.home.catalog = self.catalog

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "recheck":
            if event.state == WorkerState.ERROR:
                self.notify(f"Could not check a changed deck: {event.worker.error}", severity="error")
            if event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
                if self.catalog is not None and self.catalog.pending:
                    self.catalog.pending.clear()
                    self.home.catalog = self.catalog
                self._loaded.set()
            return
        if event.worker.group != "load":
            return
        if event.state == WorkerState.SUCCESS:
            result = event.worker.result
            assert result is not None
            catalog, self.store, self.store_error, counts = result
            self._decks_loaded(catalog, counts)
        elif event.state == WorkerState.ERROR:
            self.home.show_fatal(f"Could not load the decks: {event.worker.error}")
            startup.resume()
            self._loaded.set()

    async def wait_until_loaded(self) -> None:
        """Return once the decks are loaded (or failed to load), changed ones re-checked, and the home screen
        shows them."""
        await self._loaded.wait()

    def _decks_loaded(self, catalog: Catalog, counts: dict[str, DeckCounts]) -> None:
        from ketquiz.core.model import DeferredCards

        self.catalog = catalog
        self.home.store_error = self.store_error
        self.home.counts = counts
        self.home.catalog = catalog
        self.call_after_refresh(startup.resume)  # the home screen is up (see ketquiz.ui.startup)
        if any(isinstance(d.cards, DeferredCards) and not d.cards.loaded for d in catalog.decks):
            self.set_timer(READ_CARDS_AFTER, self._read_cards)
        if catalog.pending:
            self._recheck_decks(list(catalog.pending))
        else:
            self._loaded.set()

    def _open_store(self, catalog: Catalog, *, sync: bool = True) -> tuple[StudyStore | None, str]:
        """(store, "") or (None, a message for the learner); with ``sync``, every deck synced. A deck whose
        compiled cards prove damaged while it is synced is set aside, to be read again from its YAML."""
        from ketquiz.core.model import CardsUnreadable

        store = None
        try:
            store = self._store_opener(self.data_dir, self.profile)
            for deck in list(catalog.decks) if sync else ():
                try:
                    store.sync_deck(deck)
                except CardsUnreadable as exc:
                    catalog.set_aside(deck, str(exc))
            store.check_settings()  # saved settings out of range are this message, not a crash later
        except StoreError as exc:
            if store is not None:
                store.close()
            return None, f"Study state unavailable ({exc}). You can still cram; nothing will be saved."
        return store, ""

    def deck_counts(self, catalog: Catalog | None = None) -> dict[str, DeckCounts]:
        """deck id -> the store's counts of it now, for the home screen (which derives the figure for the picked
        topics from them); empty without a store."""
        catalog = catalog if catalog is not None else self.catalog
        if self.store is None or catalog is None:
            return {}
        return self._count(self.store, catalog)

    def _count(self, store: StudyStore, catalog: Catalog) -> dict[str, DeckCounts]:
        now = self.now()
        return {deck.id: store.deck_counts(deck, now) for deck in catalog.decks}

    # --- sessions -------------------------------------------------------------------------------------

    def on_home_screen_start_requested(self, message: HomeScreen.StartRequested) -> None:
        self.start_session(message.deck_id, message.topics, cram=message.cram)

    def start_session(
        self, deck_id: str, topics: set[str] | None, *, cram: bool, card_ids: set[str] | None = None
    ) -> StudySession | None:
        """A study or cram session over ``deck_id``'s chosen topics, or over just ``card_ids`` (the browser's
        "study these", scheduled as any session, and "cram these"). The session started, or None (nothing to
        study, said in a notice)."""
        from ketquiz.store.session import StudySession
        from ketquiz.ui.screens.review import ReviewScreen

        if self.catalog is None:
            return None
        deck = next(d for d in self.catalog.decks if d.id == deck_id)
        if not self._cards_ready(deck):
            return None
        if not cram and self.store is None:
            self.notify(self.store_error or "Study state unavailable.", severity="error")
            return None
        session = StudySession(
            deck, self.store, topics=topics, cram=cram, now=self.now, rng=self.rng, card_ids=card_ids
        )
        session.start()
        if session.current is None and card_ids is not None and not cram:
            self.notify(
                f"None of these {len(card_ids)} cards is due or new within today's limits. "
                "Cram them (c) to go over them without touching their schedule.",
                title="Nothing to study",
            )
            return None
        if session.current is None:
            what = "to cram" if cram else "due now"
            self.notify(
                f"Nothing {what} in {deck.title}. Try cram mode or come back later.", title="All done"
            )
            return None
        self.push_screen(ReviewScreen(session), self._session_ended)
        return session

    def _session_ended(self, session: StudySession | None) -> None:
        from ketquiz.ui.screens.summary import SummaryScreen

        if session is None:
            return
        # Home shows behind the summary: its counts are today's before the summary appears.
        self.refresh_counts()
        self.push_screen(SummaryScreen(session.summary()))

    def refresh_counts(self) -> None:
        self.home.counts = self.deck_counts()

    # --- screens anyone can open ----------------------------------------------------------------------

    def action_help(self) -> None:
        from ketquiz.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_disagreements(self, deck_id: str = "") -> None:
        from ketquiz.ui.screens.disagreements import DisagreementListScreen

        deck = self._deck(deck_id)
        if deck is not None:
            self.push_screen(DisagreementListScreen(deck))

    def action_stats(self, deck_id: str = "") -> None:
        from ketquiz.ui.screens.stats import StatsScreen

        deck = self._deck(deck_id)
        if deck is None:
            return
        if self.store is None:
            self.notify(self.store_error or "No study state yet.", severity="warning")
            return
        self.push_screen(StatsScreen(deck, self.store, self.now()))

    def action_browser(self) -> None:
        """Every card of the open decks: search, filter, suspend, bury, flag, reset, card info."""
        from ketquiz.ui.screens.browser import BrowserScreen

        if self.catalog is None or not self.catalog.decks:
            self.notify("No deck is loaded.", severity="warning")
            return
        if self.store is None:
            self.notify(self.store_error or "No study state yet.", severity="warning")
            return
        decks = [d for d in list(self.catalog.decks) if self._cards_ready(d)]
        if decks:
            self.push_screen(BrowserScreen(decks, self.store, self.now), lambda _: self.refresh_counts())

    def action_coverage(self, deck_id: str = "") -> None:
        from ketquiz.ui.screens.coverage import CoverageScreen

        deck = self._deck(deck_id)
        if deck is not None:
            self.push_screen(CoverageScreen(deck))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Views of one deck are hidden from the key bar until a deck has loaded (and when none could).
        if action in _DECK_VIEWS:
            return self.catalog is not None and bool(self.catalog.decks)
        return True

    def _deck(self, deck_id: str) -> Deck | None:
        if self.catalog is None or not self.catalog.decks:
            self.notify("No deck is loaded.", severity="warning")
            return None
        deck = next((d for d in self.catalog.decks if d.id == deck_id), None)
        deck = deck or self.home.selected_deck() or self.catalog.decks[0]
        return deck if self._cards_ready(deck) else None

    def on_unmount(self) -> None:
        startup.resume()
        if self.store is not None:
            self.store.close()
            self.store = None


def build_app(
    deck_paths: list[Path],
    data_dir: Path,
    profile: str = "default",
    *,
    now: Callable[[], datetime] | None = None,
    seed: int | None = None,
    store_opener: StoreOpener | None = None,
    ask_profile: bool = False,
) -> KetquizApp:
    """The app as the CLI runs it; tests and benchmarks pass a fixed clock and shuffle seed."""
    return KetquizApp(
        deck_paths,
        data_dir,
        profile,
        now=now or _utc_now,
        rng=random.Random(seed),
        store_opener=store_opener or _open_real_store,
        ask_profile=ask_profile,
    )
