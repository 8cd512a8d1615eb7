"""The card browser: every card of the open decks in a table, searched as you type, filtered, sorted, managed.

Search covers prompt, answer, choices and quoted passages (every word, ``"a phrase"``); ``e`` cycles the state
filter, ``o`` the topic, ``l`` shows leeches only, ``x`` contested cards, ``g`` cards changed since last seen.
Actions (each undoable with ``u``): ``s`` suspend or unsuspend, ``b`` bury until tomorrow, ``f`` cycle the flag
colour, ``r`` reset to new (asks first). ``c`` crams the cards that match (all of them, not only the rows drawn),
without touching their schedule; a session covers one deck, so with several decks open it takes the matches of the
deck under the cursor. Enter opens the card's info. A header click sorts by that column.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Input, Static

from ketquiz.core.model import Deck
from ketquiz.core.scheduling import format_interval
from ketquiz.store import StoreError
from ketquiz.store.browse import STATES, CardFilter, CardIndex, CardView, card_views
from ketquiz.store.cards import Flag
from ketquiz.ui.literal import clean, literal
from ketquiz.ui.widgets.keybar import KeyBar

#: Rows drawn at most; the count line says how many more match (refine the search to see them).
MAX_ROWS = 200
#: The most telling first, so an 80-column terminal shows prompt, state, due, recall and flag (scroll for more).
COLUMNS = ("prompt", "state", "due", "R", "flag", "lapses", "revs", "topic", "type")
PROMPT_WIDTH = 30
_FLAG_STYLES = {1: "red", 2: "dark_orange", 3: "green", 4: "blue", 5: "magenta", 6: "cyan", 7: "purple"}


def _sort_key(view: CardView, column: str) -> Any:
    return {
        "prompt": view.card.prompt.casefold(),
        "topic": view.card.topic,
        "type": view.card.type.value,
        "state": STATES.index(view.state),
        "due": view.due.timestamp() if view.due else float("inf"),
        "lapses": view.lapses,
        "revs": view.reviews,
        "R": view.retrievability if view.retrievability is not None else 2.0,
        "flag": int(view.flag),
    }[column]


class ConfirmResetScreen(ModalScreen[bool]):
    """Reset asks first: the schedule goes (the review history stays, and undo brings it back)."""

    BINDINGS = [
        Binding("escape,n", "dismiss(False)", "Keep", id="keep"),
        Binding("y", "dismiss(True)", "Reset"),
    ]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        from textual.containers import Vertical

        with Vertical(classes="dialog", id="reset-dialog"):
            yield Static(literal(f"Reset {self.what} to new?"), classes="dialog-title")
            yield Static("Its schedule starts again; its review history is kept. Undo (u) brings it back.")
            yield Button("Keep (n)", id="keep", variant="primary")
            yield Button("Reset (y)", id="reset", variant="error")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "reset")


class CardInfoScreen(ModalScreen[None]):
    """One card as the learner sees it, its citations, its review history and the next interval per grade."""

    BINDINGS = [Binding("escape,q,enter", "dismiss", "Back", id="close-info")]

    def __init__(self, view: CardView, store: Any, now: datetime) -> None:
        super().__init__()
        self.view = view
        self.store = store
        self.now = now

    def compose(self) -> ComposeResult:
        from textual.containers import Vertical, VerticalScroll

        with Vertical(classes="dialog"):
            yield Static(literal(f"Card {self.view.key}", "bold"), classes="dialog-title")
            with VerticalScroll(id="card-info-scroll"):
                yield Static(self._body(), id="card-info-body")
        yield KeyBar()

    def _body(self) -> Text:
        from ketquiz.store.browse import card_history

        card, v = self.view.card, self.view
        out = Text()
        out.append_text(literal(card.prompt, "bold"))
        out.append("\n")
        for i, choice in enumerate(card.choices):
            mark = "✓" if i in card.correct else " "
            out.append(f" {mark} ")
            out.append_text(literal(choice))
            out.append("\n")
        out.append("Answer: ", style="dim")
        out.append_text(literal(card.answer))
        out.append(f"\n{card.type.value} · topic {clean(card.topic)} · {v.state}", style="dim")
        if v.flag:
            out.append(f" · flag {v.flag.label}", style=_FLAG_STYLES.get(int(v.flag), ""))
        if v.leech:
            out.append(" · leech", style="bold red")
        out.append("\n\nCitations\n", style="bold")
        for c in card.citations:
            out.append(f"  [{clean(c.source)}] ", style="dim")
            out.append_text(literal(c.quote, "italic"))
            out.append("\n")
        if self.store is not None and v.state not in ("suspended",):
            try:
                preview = self.store.preview(v.deck_id, card.id, self.now)
                out.append("\nNext interval  ", style="bold")
                out.append("   ".join(f"{r.label} {format_interval(d)}" for r, d in preview.items()))
                out.append("\n")
            except Exception as exc:  # a card the store has no row for yet, or a damaged row
                out.append(f"\nNext interval: {clean(str(exc))}\n", style="dim")
        out.append(f"\nReview history ({v.reviews})\n", style="bold")
        history = card_history(self.store, v.deck_id, card.id) if self.store is not None else []
        if not history:
            out.append("  never answered\n", style="dim")
        else:
            out.append("  date              rating  interval  stability  difficulty  R before\n", style="dim")
        for h in history:
            recall = f"{h.retrievability:.0%}" if h.retrievability is not None else "-"
            stab = f"{h.stability:.1f}" if h.stability is not None else "-"
            diff = f"{h.difficulty:.1f}" if h.difficulty is not None else "-"
            out.append(
                f"  {h.at:%Y-%m-%d %H:%M}  {h.rating.label:<6}  {format_interval(h.interval):>8}  {stab:>9}"
                f"  {diff:>10}  {recall:>8}\n"
            )
        return out


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
        Binding("e", "cycle_state", "State", id="browser-state", show=False),
        Binding("o", "cycle_topic", "Topic", id="browser-topic", show=False),
        Binding("l", "only('leech')", "Leeches", id="browser-leech", show=False),
        Binding("x", "only('contested')", "Contested", id="browser-contested", show=False),
        Binding("g", "only('changed')", "Changed", id="browser-changed", show=False),
        Binding("enter", "info", "Info", id="browser-info"),
        Binding("c", "cram_these", "Cram these", id="browser-cram",
                tooltip="Cram the matching cards (the schedule is left alone)"),
    ]  # fmt: skip

    def __init__(self, decks: list[Deck], store: Any, now: datetime) -> None:
        super().__init__()
        self.decks = decks
        self.store = store
        self.now = now
        self.filter = CardFilter()
        self.sort_column: str | None = None
        self.sort_reverse = False
        self.shown: list[CardView] = []
        self._batches: list[int] = []  # this screen's card actions, newest last, for undo
        self._in_session = False  # a cram over the matches was started from here
        self._load()

    def _load(self) -> None:
        self.index = CardIndex(card_views(self.store, self.decks, self.now))
        self.topics = sorted({v.card.topic for v in self.index.views})

    def compose(self) -> ComposeResult:
        yield Input(placeholder="search prompts, answers, choices, quotes", id="browser-search-box")
        yield Static(id="browser-filters")
        yield DataTable(id="browser-table", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for column in COLUMNS:
            table.add_column(column, key=column)
        self.refresh_table()
        # Search as you type, as in Anki's browser: the letters that act on a card (s, b, f, ...) reach the table
        # only after Enter, Down or Escape leaves the search box.
        self.query_one(Input).focus()

    # --- what is shown --------------------------------------------------------------------------------

    def on_screen_resume(self) -> None:
        # Back from a session: the review screen may have suspended, buried or flagged cards.
        if self._in_session:
            self._in_session = False
            view = self.current()
            self._reload(view.key if view else None)

    def refresh_table(self, keep: str | None = None) -> None:
        table = self.query_one(DataTable)
        matches = self.index.filter(self.filter)
        if self.sort_column is not None:
            column = self.sort_column
            matches.sort(key=lambda v: _sort_key(v, column), reverse=self.sort_reverse)
        self.shown = matches[:MAX_ROWS]
        table.clear()
        for v in self.shown:
            table.add_row(*self._cells(v), key=v.key)
        if keep is not None and any(v.key == keep for v in self.shown):
            table.move_cursor(row=table.get_row_index(keep))
        self._show_filters(len(matches))

    def _cells(self, v: CardView) -> tuple[Text | str, ...]:
        prompt = " ".join(clean(v.card.prompt).split())
        due = v.due.astimezone().strftime("%Y-%m-%d") if v.due else "-"
        recall = f"{v.retrievability:.0%}" if v.retrievability is not None else "-"
        flag = Text(v.flag.label if v.flag else "", style=_FLAG_STYLES.get(int(v.flag), ""))
        if v.leech:
            flag.append(" leech", style="bold red")
        state = Text(v.state, style="dim" if v.state in ("suspended", "buried") else "")
        cut = prompt if len(prompt) <= PROMPT_WIDTH else prompt[: PROMPT_WIDTH - 1] + "…"
        return (Text(cut), state, due, recall, flag, str(v.lapses), str(v.reviews), clean(v.card.topic),
                v.card.type.value)  # fmt: skip

    def _show_filters(self, matched: int) -> None:
        f = self.filter
        parts = [f"{matched} of {len(self.index.views)} cards"]
        if matched > len(self.shown):
            parts.append(f"first {len(self.shown)} shown: refine the search")
        parts += [f"state {s}" for s in sorted(f.states)] + [f"topic {clean(t)}" for t in sorted(f.topics)]
        parts += [name for name in ("leech", "contested", "changed") if getattr(f, name)]
        self.query_one("#browser-filters", Static).update(Text(" · ".join(parts), style="dim"))

    def current(self) -> CardView | None:
        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    # --- search, filters, sort ------------------------------------------------------------------------

    @on(Input.Changed, "#browser-search-box")
    def _search(self, event: Input.Changed) -> None:
        self.filter = _replace(self.filter, search=event.value)
        self.refresh_table()

    @on(Input.Submitted, "#browser-search-box")
    def _search_done(self) -> None:
        self.query_one(DataTable).focus()

    def action_focus_search(self) -> None:
        self.query_one(Input).focus()

    def action_to_table(self) -> None:
        """Down from the search box moves into the table (the table takes Down itself once it has the focus)."""
        self.query_one(DataTable).focus()

    def action_back(self) -> None:
        if self.query_one(Input).has_focus:
            self.query_one(DataTable).focus()
        else:
            self.dismiss(None)

    def action_cycle_state(self) -> None:
        current = next(iter(self.filter.states), None)
        order = [None, *STATES]
        nxt = order[(order.index(current) + 1) % len(order)]
        self.filter = _replace(self.filter, states=frozenset({nxt}) if nxt else frozenset())
        self.refresh_table()

    def action_cycle_topic(self) -> None:
        current = next(iter(self.filter.topics), None)
        order: list[str | None] = [None, *self.topics]
        nxt = order[(order.index(current) + 1) % len(order)]
        self.filter = _replace(self.filter, topics=frozenset({nxt}) if nxt else frozenset())
        self.refresh_table()

    def action_only(self, name: str) -> None:
        self.filter = _replace(self.filter, **{name: not getattr(self.filter, name)})
        self.refresh_table()

    @on(DataTable.HeaderSelected)
    def _sort(self, event: DataTable.HeaderSelected) -> None:
        column = str(event.column_key.value)
        self.sort_reverse = not self.sort_reverse if self.sort_column == column else False
        self.sort_column = column
        self.refresh_table()

    # --- actions --------------------------------------------------------------------------------------

    def _act(self, action: str, flag: Flag = Flag.NONE) -> None:
        view = self.current()
        if view is None:
            return
        if self.store is None:
            self.notify("Study state is unavailable: cards cannot be managed now.", severity="warning")
            return
        try:
            for deck in self.decks:
                if deck.id == view.deck_id:
                    self.store.ensure_synced(deck)
            batch = self.store.act(view.deck_id, [view.card.id], action, datetime.now().astimezone(), flag)
        except StoreError as exc:
            self.notify(f"Not done: {exc}", severity="error")
            return
        self._batches.append(batch)
        self._reload(view.key)
        said = {"suspend": "Suspended", "unsuspend": "Unsuspended", "bury": "Buried until tomorrow",
                "reset": "Reset to new", "flag": f"Flagged {flag.label}" if flag else "Flag cleared"}[action]  # fmt: skip
        self.notify(f"{said}. u undoes it.", timeout=3)

    def _reload(self, keep: str | None) -> None:
        self.now = datetime.now().astimezone()
        self._load()
        self.refresh_table(keep)

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
        if view is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._act("reset")

        self.app.push_screen(ConfirmResetScreen(view.card.id), answered)

    def action_cram_these(self) -> None:
        """A cram session over every card that matches now (of the cursor's deck when several decks are open)."""
        matches = self.index.filter(self.filter)
        if not matches:
            self.notify("No card matches: nothing to cram.", severity="warning")
            return
        view = self.current() or matches[0]
        ids = {v.card.id for v in matches if v.deck_id == view.deck_id}
        others = len(matches) - len(ids)
        if others:
            self.notify(
                f"A session covers one deck: cramming {len(ids)} cards of this deck, not {others} of others."
            )
        start = getattr(self.app, "start_session", None)
        if start is not None:
            self._in_session = True
            start(view.deck_id, None, cram=True, card_ids=ids)

    def action_undo(self) -> None:
        if not self._batches:
            self.notify("Nothing to undo in the browser.")
            return
        view = self.current()
        try:
            self.store.undo_actions(self._batches[-1])
        except StoreError as exc:
            self.notify(f"Could not undo: {exc}", severity="error")
            return
        self._batches.pop()
        self._reload(view.key if view else None)
        self.notify("Undone.", timeout=2)

    def action_info(self) -> None:
        if self.query_one(Input).has_focus:
            self.query_one(DataTable).focus()
            return
        view = self.current()
        if view is not None:
            self.app.push_screen(CardInfoScreen(view, self.store, self.now))

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_info()


def _replace(f: CardFilter, **changes: Any) -> CardFilter:
    import dataclasses

    return dataclasses.replace(f, **changes)
