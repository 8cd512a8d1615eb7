"""The card browser: every card of the open decks in a table, searched as you type, filtered, sorted, managed.

Search covers prompt, answer, choices and quoted passages (every word, ``"a phrase"``); the filter keys are in
:mod:`.browser_filters`, the table in :mod:`.browser_table`, the actions on a card (``s`` ``b`` ``f`` ``r``, undone
with ``u``) in :mod:`.browser_actions`. Over the cards that match (all of them, not only the rows drawn): ``t``
studies them, as Anki's filtered deck that reschedules does (the ones due or new within today's limits, answers
scheduled and undoable as in any session); ``c`` crams them, leaving their schedule alone. A session covers one
deck, so with several decks open they take the matches of the deck under the cursor. Enter opens the card's info.
A header click sorts by that column.

The index (every card with its state and search text) is built in a worker thread: the screen opens at once with
the first cards drawn and the search box taking keys, and the search typed meanwhile runs when the index is ready.
Over a big index each search runs in a worker too, the newest replacing the one before (a stale result is never
drawn over a newer one).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Input
from textual.worker import Worker, WorkerState, get_current_worker

from ketquiz.core.model import Deck
from ketquiz.store import StoreError
from ketquiz.store.browse import (
    CardFilter,
    CardIndex,
    CardView,
    build_index,
    card_views,
    first_keys,
)
from ketquiz.store.cards import Flag
from ketquiz.ui.screens.browser_actions import CardActions
from ketquiz.ui.screens.browser_filters import FilterLine, next_state, next_topic, toggled
from ketquiz.ui.screens.browser_search import IndexBuilder, SearchResult, build_quietly, run_search
from ketquiz.ui.screens.browser_table import PAGE, CardTable
from ketquiz.ui.screens.card_info import CardInfoScreen, ConfirmResetScreen
from ketquiz.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from ketquiz.store import StudyStore
    from ketquiz.store.session import StudySession

#: From this many cards on, a search runs in a worker thread: a full scan can pass ~50 ms, a keystroke's budget.
THREADED_SEARCH_CARDS = 20_000


class BrowserScreen(Screen[None]):
    """Every card of the open decks, as a table the learner searches, filters, sorts and acts on."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="browser-back"),
        Binding("slash", "focus_search", "Search", id="browser-search"),
        Binding("down", "to_table", "Table", id="browser-to-table", show=False),
        Binding("s", "toggle_suspend", "Suspend", id="browser-suspend"),
        Binding("b", "bury", "Bury", id="browser-bury"),
        Binding("f", "flag", "Flag", id="browser-flag"),
        Binding("r", "reset", "Reset", id="browser-reset", show=False),
        Binding("u,ctrl+z", "undo", "Undo", id="browser-undo"),
        Binding("e", "cycle_state", "State", id="browser-state", show=False,
                tooltip="Show one state: new, learning, review, relearning, suspended, buried, then all again"),
        Binding("o", "cycle_topic", "Topic", id="browser-topic", show=False,
                tooltip="Show one topic, the next at each press, then all again"),
        Binding("l", "only('leech')", "Leeches", id="browser-leech", show=False,
                tooltip="Show only leeches (cards lapsed 8 times or more), or all again"),
        Binding("x", "only('contested')", "Contested", id="browser-contested", show=False,
                tooltip="Show only cards whose sources disagree, or all again"),
        Binding("g", "only('changed')", "Changed", id="browser-changed", show=False,
                tooltip="Show only cards reworded since you last answered them, or all again"),
        # Priority, and set_focus rather than focus(): Enter in the search box moves to the table at once, so a
        # letter typed right behind it acts on a card (as the box's Submitted message, the move came after the
        # letter, which went into the search).
        Binding("enter", "leave_search", "Table", id="browser-leave-search", priority=True,
                tooltip="From the search box into the table, where the letters act on the card"),
        Binding("enter", "info", "Info", id="browser-info", tooltip="The card's info and review history"),
        Binding("t", "study_these", "Study these", id="browser-study",
                tooltip="Study the matching cards that are due or new today: answers are scheduled as usual"),
        Binding("c", "cram_these", "Cram these", id="browser-cram",
                tooltip="Go over every matching card; answers leave the schedule alone"),
    ]  # fmt: skip

    def __init__(
        self,
        decks: list[Deck],
        store: StudyStore,
        now: Callable[[], datetime],
        index_builder: IndexBuilder = build_index,
    ) -> None:
        super().__init__()
        self.decks = decks
        self.store = store
        self.clock = now
        self.index_builder = index_builder
        self.filter = CardFilter()
        self.sort_column: str | None = None
        self.sort_reverse = False
        self.index: CardIndex | None = None  # None while it is being built
        self.total = sum(len(d.cards) for d in decks)
        self.topics = sorted({c.topic for d in decks for c in d.cards})
        self.table = CardTable(id="browser-table")
        self._serial = 0  # the newest search asked for; a result for an older one is dropped
        self._searching = False
        self.actions = CardActions(store, decks, now)
        self._session: StudySession | None = None  # a session over the matches started from here

    def compose(self) -> ComposeResult:
        yield Input(placeholder="search prompts, answers, choices, quotes", id="browser-search-box")
        yield FilterLine(id="browser-filters")
        yield self.table
        yield KeyBar()

    def on_mount(self) -> None:
        # The first cards, read by id, drawn at once; every card is read in a worker thread meanwhile.
        try:
            first = card_views(self.store, self.decks, self.clock(), first_keys(self.decks, PAGE))
        except StoreError as exc:
            first = []
            self.notify(f"Could not read the study state: {exc}", severity="error")
        self.table.draw(first, None)
        self._show_status()
        self.run_worker(
            self._build, name="browser-index", group="browser-index", thread=True, exclusive=True,
            exit_on_error=False,
        )  # fmt: skip
        # Search as you type, as in Anki's browser: the letters that act on a card (s, b, f, ...) reach the table
        # only after Enter, Down or Escape leaves the search box.
        self.query_one(Input).focus()

    def _build(self) -> CardIndex:
        """The index, built in a worker thread (see :func:`.browser_search.build_quietly`)."""
        return build_quietly(self.index_builder, self.store, self.decks, self.clock(), THREADED_SEARCH_CARDS)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group == "browser-index":
            if event.state == WorkerState.SUCCESS and isinstance(worker.result, CardIndex):
                self.index = worker.result
                view = self.current()
                self.search(view.key if view else None)
            elif event.state == WorkerState.ERROR:
                self.notify(f"Could not read every card: {worker.error}", severity="error")
        elif worker.group == "browser-search":
            if event.state == WorkerState.SUCCESS and isinstance(worker.result, SearchResult):
                self._show_result(worker.result)
            elif event.state == WorkerState.ERROR:
                self._searching = False
                self.notify(f"The search failed: {worker.error}", severity="error")

    # --- what is shown --------------------------------------------------------------------------------

    def on_screen_resume(self) -> None:
        # Back from a session: its answers and the review screen's actions changed some cards.
        session, self._session = self._session, None
        if session is not None and self.index is not None:
            changed = {a.card_id for a in session.history} | {a.card_id for a in session.actions}
            self._refresh({f"{session.deck.id}/{c}" for c in changed})

    def search(self, keep: str | None = None) -> None:
        """Run the current filter and draw its first rows: at once over a small index, else in a worker thread.

        Before the index is ready the filter is only kept (the status says the search will run when it is)."""
        self._serial += 1
        if self.index is None:
            self._show_status()
            return
        sort = (self.sort_column, self.sort_reverse) if self.sort_column is not None else None
        serial, index, what = self._serial, self.index, self.filter
        if len(index.views) < THREADED_SEARCH_CARDS:
            result = run_search(serial, index, what, sort, keep)
            assert result is not None  # nothing cancels a search run here
            self._show_result(result)
            return
        self._searching = True
        self._show_status()

        def work() -> SearchResult | None:
            worker = get_current_worker()
            return run_search(serial, index, what, sort, keep, lambda: worker.is_cancelled)

        self.run_worker(work, group="browser-search", thread=True, exclusive=True, exit_on_error=False)

    def _show_result(self, result: SearchResult) -> None:
        if result.serial != self._serial:
            return  # an older search finished after a newer one was asked for: never drawn over it
        self._searching = False
        self.table.draw(result.matches, result.keep)
        self._show_status()

    def _show_status(self) -> None:
        indexed = len(self.index.views) if self.index is not None else None
        self.query_one(FilterLine).show(
            self.filter,
            total=self.total,
            indexed=indexed,
            matches=len(self.matches),
            searching=self._searching,
        )

    @property
    def matches(self) -> list[CardView]:
        """Every card the filter lets through, in order."""
        return self.table.matches

    @property
    def shown(self) -> list[CardView]:
        """The first of the matches, drawn in the table."""
        return self.table.shown

    def current(self) -> CardView | None:
        return self.table.current()

    # --- search, filters, sort ------------------------------------------------------------------------

    @on(Input.Changed, "#browser-search-box")
    def _typed(self, event: Input.Changed) -> None:
        self._set_filter(dataclasses.replace(self.filter, search=event.value))

    def _set_filter(self, what: CardFilter) -> None:
        self.filter = what
        view = self.current()
        self.search(view.key if view else None)

    @on(Input.Submitted, "#browser-search-box")
    def _search_done(self) -> None:
        self.set_focus(self.query_one(DataTable))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter leaves the search box while it has the keys (shown as "⏎ Table"); in the table it opens the
        card's info."""
        if action == "leave_search":
            return self._searching_box()
        return True

    def _searching_box(self) -> bool:
        """Whether the search box has the keys. The screen's own record, not the box's ``has_focus``, which
        changes only once the focus event is handled: a second Enter typed right behind the first must see it."""
        return self.is_mounted and self.focused is self.query_one(Input)

    def action_leave_search(self) -> None:
        self.set_focus(self.query_one(DataTable))

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_focus_search(self) -> None:
        self.query_one(Input).focus()

    def action_to_table(self) -> None:
        """Down from the search box moves into the table (the table takes Down itself once it has the focus)."""
        self.set_focus(self.query_one(DataTable))

    def action_back(self) -> None:
        if self._searching_box():
            self.set_focus(self.query_one(DataTable))
        else:
            self.dismiss(None)

    def action_cycle_state(self) -> None:
        self._set_filter(next_state(self.filter))

    def action_cycle_topic(self) -> None:
        self._set_filter(next_topic(self.filter, self.topics))

    def action_only(self, name: str) -> None:
        self._set_filter(toggled(self.filter, name))

    @on(DataTable.HeaderSelected)
    def _sort(self, event: DataTable.HeaderSelected) -> None:
        column = str(event.column_key.value)
        self.sort_reverse = not self.sort_reverse if self.sort_column == column else False
        self.sort_column = column
        view = self.current()
        self.search(view.key if view else None)

    # --- actions --------------------------------------------------------------------------------------

    def _ready(self, doing: str) -> bool:
        """Whether the index is built; if not, the learner is told ``doing`` waits for it."""
        if self.index is None:
            self.notify(f"Still reading {self.total:,} cards: {doing} once they are indexed.", timeout=3)
            return False
        return True

    def _act(self, action: str, flag: Flag = Flag.NONE) -> None:
        view = self.current()
        if view is None or not self._ready("cards can be managed"):
            return
        try:
            said = self.actions.act(view, action, flag)
        except StoreError as exc:
            self.notify(f"Not done: {exc}", severity="error")
            return
        self._refresh({view.key}, view.key)
        self.notify(f"{said}. u undoes it.", timeout=3)

    def _refresh(self, keys: set[str], keep: str | None = None) -> None:
        """Read these cards again (an action or a session changed them) and search again."""
        if self.index is None or not keys:
            return
        try:
            self.index.update(card_views(self.store, self.decks, self.clock(), keys))
        except StoreError as exc:
            self.notify(f"Could not read the study state: {exc}", severity="error")
        current = self.current()
        self.search(keep or (current.key if current else None))

    def action_toggle_suspend(self) -> None:
        view = self.current()
        if view is not None:
            self._act("unsuspend" if view.state == "suspended" else "suspend")

    def action_bury(self) -> None:
        view = self.current()
        if view is not None:
            self._act("unbury" if view.state == "buried" else "bury")

    def action_flag(self) -> None:
        view = self.current()
        if view is not None:
            self._act("flag", Flag((int(view.flag) + 1) % len(Flag)))

    def action_reset(self) -> None:
        view = self.current()
        if view is None or not self._ready("cards can be managed"):
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._act("reset")

        self.app.push_screen(ConfirmResetScreen(view.card.id), answered)

    def action_study_these(self) -> None:
        """A scheduled session over the matching cards due or new today (Anki's filtered deck that
        reschedules): answers are stored and scheduled, and undo works, as in any session."""
        self._session_over_matches(cram=False)

    def action_cram_these(self) -> None:
        """A cram session over every card that matches now; the schedule is left alone."""
        self._session_over_matches(cram=True)

    def _session_over_matches(self, *, cram: bool) -> None:
        verb = "cram" if cram else "study"
        if self.index is None:
            self._ready(f"{verb} these can start")
            return
        matches = self.index.filter(self.filter)
        if not matches:
            self.notify(f"No card matches: nothing to {verb}.", severity="warning")
            return
        view = self.current() or matches[0]
        ids = {v.card.id for v in matches if v.deck_id == view.deck_id}
        others = len(matches) - len(ids)
        if others:
            self.notify(
                f"A session covers one deck: {verb}ing {len(ids)} cards of this deck, not {others} of others."
            )
        start = getattr(self.app, "start_session", None)
        if start is not None:
            self._session = start(view.deck_id, None, cram=cram, card_ids=ids)

    def action_undo(self) -> None:
        try:
            key = self.actions.undo()
        except StoreError as exc:
            self.notify(f"Could not undo: {exc}", severity="error")
            return
        if key is None:
            self.notify("Nothing to undo in the browser.")
            return
        self._refresh({key}, key)
        self.notify("Undone.", timeout=2)

    def action_info(self) -> None:
        if self._searching_box():
            self.set_focus(self.query_one(DataTable))
            return
        view = self.current()
        if view is not None:
            self.app.push_screen(CardInfoScreen(view, self.store, self.clock()))

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_info()
