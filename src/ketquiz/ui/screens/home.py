"""Home: the decks, their topics with new / due / total counts, and the way into a study or cram session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ketquiz.core.words import counted
from ketquiz.ui.literal import literal
from ketquiz.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from ketquiz.core.model import Deck
    from ketquiz.decks.catalog import Catalog
    from ketquiz.store import DeckCounts

_CHECK = "✔"
_TOPICS_TITLE = "Topics · Space picks · none: all"


def _row(mark: str, new: str, due: str, total: str) -> str:
    return f"{mark:1} {new:>5} {due:>5} {total:>5}  "


def _topic_label(title: str, picked: bool, counts: tuple[int, int] | None, total: int) -> Text:
    """One topic row on one line: picked mark, new / due counts (dashes without study state), total, then the
    title, cut with an ellipsis where the pane ends (every row one line, so the list reads as a table; the
    highlighted topic's whole title is then on the line under the lists)."""
    new, due = (str(counts[0]), str(counts[1])) if counts is not None else ("–", "–")
    row = Text(_row(_CHECK if picked else "", new, due, str(total)))
    row.append_text(literal(title))
    return row


class HomeScreen(Screen[None]):
    """Choose a deck and, optionally, some of its topics; then study or cram."""

    BINDINGS = [
        Binding("s", "start(False)", "Study", id="study"),
        Binding("c", "start(True)", "Cram", id="cram", tooltip="Study without touching the schedule"),
        Binding("space", "toggle_topic", "Pick topic", id="toggle-topic", show=False),
        Binding("a", "all_topics", "All topics", id="all-topics", show=False),
        Binding("d", "app.disagreements", "Disagreements", id="disagreements"),
        Binding("t", "app.stats", "Stats", id="stats"),
        Binding(
            "b",
            "app.browser",
            "Browse",
            id="browser",
            show=False,
            tooltip="Every card: search, suspend, flag",
        ),
        Binding(
            "v", "app.coverage", "Coverage", id="coverage", tooltip="What the sources say that no card asks"
        ),
        Binding("p", "problems", "Problems", id="problems"),
        Binding("q", "app.quit", "Quit", id="quit-home"),
    ]

    #: No focus by default: the decks decide where it starts (see ``watch_catalog``), and focusing the first list
    #: and then another restyles the screen twice at every start.
    AUTO_FOCUS = ""

    #: Actions the help screen lists only while they would run (see ``check_action``).
    HELP_ONLY_WHEN_AVAILABLE = ("problems",)

    class StartRequested(Message):
        """The learner asked to start a session on a deck (all its topics when ``topics`` is None)."""

        def __init__(self, deck_id: str, topics: set[str] | None, cram: bool) -> None:
            super().__init__()
            self.deck_id = deck_id
            self.topics = topics
            self.cram = cram

    class TopicsPicked(Message):
        """The learner changed which topics of a deck a session would cover (None: all of them)."""

        def __init__(self, deck_id: str, topics: set[str] | None) -> None:
            super().__init__()
            self.deck_id = deck_id
            self.topics = topics

    # Not init: on_mount shows what was set before the screen was composed, once (a watcher run again at mount
    # would rebuild the lists a second time).
    catalog: reactive[Catalog | None] = reactive(None, always_update=True, init=False)
    #: deck id -> the store's counts of that deck: each topic on its own, and (``queue``) what a session over the
    #: picked topics would queue, both from the same moment
    counts: reactive[dict[str, DeckCounts]] = reactive(dict, always_update=True, init=False)
    store_error: reactive[str] = reactive("", init=False)

    def __init__(self) -> None:
        super().__init__()
        self._picked: dict[str, set[str]] = {}  # deck id -> chosen topic ids
        self._composed = False  # the widgets the watchers fill exist (see on_mount)
        self._sizes: dict[
            str, tuple[Deck, dict[str, int]]
        ] = {}  # deck id -> (that deck, its cards per topic)
        self._shown_deck: Deck | None = None  # the deck whose topics the list shows
        self._notice = Text()  # what the lines under the lists show

    def compose(self) -> ComposeResult:
        yield Static(Text("ketquiz", style="bold"), id="home-title")
        with Horizontal(id="home-body"):
            yield OptionList(id="deck-list")
            with Vertical(id="topic-pane"):
                # Inside the panel, with the rows' own padding, so the words sit over their columns.
                yield Static(Text(_row("", "New", "Due", "Total") + "Topic", style="bold"), id="topic-header")
                yield OptionList(id="topic-list")
        with VerticalScroll(id="deck-notice-scroll", can_focus=False):
            yield Static("", id="deck-notice")
        yield Static("Loading decks…", id="home-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#deck-list").border_title = "Decks"
        self.query_one("#topic-pane").border_title = _TOPICS_TITLE
        self._composed = True
        # The app may have set the decks before this screen was composed (compiled decks are read before the
        # first paint): show them now, in the first frame.
        if self.catalog is not None:
            self.watch_catalog(self.catalog)
        elif self.store_error:
            self.watch_store_error(self.store_error)

    # --- attributes set by the app ------------------------------------------------------------------

    def watch_catalog(self, catalog: Catalog | None) -> None:
        if catalog is None or not self._composed:
            return
        decks = self.query_one("#deck-list", OptionList)
        # The list is rebuilt when a changed deck has been re-checked: keep the learner's place in it.
        was_shown = decks.option_count > 0
        kept = decks.highlighted
        kept_id = decks.get_option_at_index(kept).id if kept is not None and was_shown else None
        decks.clear_options()
        decks.add_options(Option(literal(d.title), id=d.id) for d in catalog.decks)
        status = self.query_one("#home-status", Static)
        lines = [x for x in (catalog.skipped_note(), catalog.pending_note(), self.store_error) if x]
        if not catalog.decks:
            # Nothing to choose from: the messages take the panels' place, and p opens the full list.
            self.add_class("-no-deck")
            notice_scroll = self.query_one("#deck-notice-scroll", VerticalScroll)
            notice_scroll.can_focus = True
            notice_scroll.focus()
            problems = "\n".join(d.format() for d in catalog.problems) or "No deck files found."
            self.query_one("#deck-notice", Static).update(literal("No deck could be loaded:\n" + problems))
            more = " Press p to see them all." if catalog.problems else ""
            fix = "Fix the deck" if len(catalog.skipped) == 1 else "Fix the decks"
            status.update(f"{fix} and start again (ketquiz check shows the same messages).{more}")
            self.refresh_bindings()
            return
        status.update(literal("\n".join(lines)) if lines else "")
        status.display = bool(lines)
        self.refresh_bindings()
        ids = [d.id for d in catalog.decks]
        decks.highlighted = ids.index(kept_id) if kept_id in ids else 0
        self._show_deck()
        if not was_shown:
            # With one deck there is nothing to choose on the left: start where ↓ and Space pick topics.
            first = "#topic-list" if len(catalog.decks) == 1 and catalog.decks[0].topics else "#deck-list"
            self.set_focus(self.query_one(first))  # now: widget.focus() would wait, and restyle after a paint

    def watch_counts(self) -> None:
        if self._composed and self.catalog is not None and self.catalog.decks:
            self._show_deck()

    def picked_topics(self, deck_id: str) -> set[str] | None:
        """The topics a session on ``deck_id`` would cover: the picked ones, or None for all."""
        return set(self._picked.get(deck_id, ())) or None

    def watch_store_error(self, error: str) -> None:
        if error and self._composed:
            status = self.query_one("#home-status", Static)
            status.update(literal(error))
            status.display = True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "problems":
            return self.catalog is not None and bool(self.catalog.problems)
        if action == "start":
            return self.catalog is not None and bool(self.catalog.decks)
        return True

    def show_fatal(self, message: str) -> None:
        if not self._composed:  # before the first paint: shown on mount, as a store error would be
            self.store_error = message
            return
        self.query_one("#home-status", Static).update(literal(message))

    # --- what is selected ---------------------------------------------------------------------------

    def selected_deck(self) -> Deck | None:
        if self.catalog is None or not self.catalog.decks:
            return None
        index = self.query_one("#deck-list", OptionList).highlighted
        return self.catalog.decks[index if index is not None else 0]

    @on(OptionList.OptionHighlighted, "#deck-list")
    def _deck_highlighted(self) -> None:
        if self.selected_deck() is not self._shown_deck:  # not when the list only says where it starts
            self._show_deck()

    @on(OptionList.OptionSelected, "#deck-list")
    def _deck_chosen(self) -> None:
        self.query_one("#topic-list", OptionList).focus()

    def _show_deck(self) -> None:
        deck = self.selected_deck()
        if deck is None:
            return
        self._shown_deck = deck
        picked = self._picked.setdefault(deck.id, set())
        deck_counts = self.counts.get(deck.id)
        counts = deck_counts.topics if deck_counts is not None else {}
        sizes = self._topic_sizes(deck)
        topics = self.query_one("#topic-list", OptionList)
        row = topics.highlighted or 0
        topics.clear_options()
        for topic in deck.topics:
            c = counts.get(topic.id)
            # With study state, the total is the store's (as `ketquiz due` counts it: suspended and buried cards
            # are out); without it, every card of the topic.
            n_total = c.total if c is not None else sizes.get(topic.id, 0)
            new, due = (c.new, c.learning + c.review) if c is not None else (0, 0)
            shown = (new, due) if counts else None
            topics.add_option(
                Option(_topic_label(topic.title, topic.id in picked, shown, n_total), id=topic.id)
            )
        if deck.topics:
            topics.highlighted = min(row, len(deck.topics) - 1)
        self._show_notice()
        self.query_one("#topic-pane").border_title = (
            f"Topics · {len(picked)} picked · a: all" if picked else _TOPICS_TITLE
        )

    def _show_notice(self) -> None:
        """The lines under the lists: the deck, what a session would queue, the highlighted topic's whole title
        (the list cuts long ones short: every row is one line), and the deck's own notice. The same lines at any
        width, so the screen is laid out once, not again when the list's width is known."""
        deck = self.selected_deck()
        if deck is None:
            return
        deck_counts = self.counts.get(deck.id)
        notice = Text()
        notice.append_text(literal(deck.title, "bold"))
        notice.append(f"  ·  {counted(len(deck.cards), 'card')}")
        if deck_counts is not None:
            # What pressing s would queue now, daily limits applied (the topic rows are each topic alone).
            total = deck_counts.queue(self.picked_topics(deck.id))
            notice.append(f"  ·  new {total.new}  due {total.due}")
        if deck.topics:
            topic = deck.topics[
                min(self.query_one("#topic-list", OptionList).highlighted or 0, len(deck.topics) - 1)
            ]
            notice.append("\nTopic  ", style="dim")
            notice.append_text(literal(topic.title))
        if deck.notice:
            notice.append("\n")
            notice.append_text(literal(deck.notice, "italic"))
        if notice != self._notice:  # the list says where its highlight starts: no second layout for that
            self._notice = notice
            self.query_one("#deck-notice", Static).update(notice)

    @on(OptionList.OptionHighlighted, "#topic-list")
    def _topic_moved(self) -> None:
        if self._composed:
            self._show_notice()

    def _topic_sizes(self, deck: Deck) -> dict[str, int]:
        """Cards per topic of ``deck``, counted once per deck object (one pass over 100,000 cards, not one per
        topic on every redraw; none for a compiled deck, whose copy says how many)."""
        known = self._sizes.get(deck.id)
        if known is None or known[0] is not deck:
            known = (deck, deck.cards_per_topic())
            self._sizes[deck.id] = known
        return known[1]

    # --- actions ------------------------------------------------------------------------------------

    def action_toggle_topic(self) -> None:
        deck = self.selected_deck()
        topics = self.query_one("#topic-list", OptionList)
        if deck is None or not deck.topics:
            return
        if not topics.has_focus:
            topics.focus()
            return
        index = topics.highlighted or 0
        topic = deck.topics[index]
        picked = self._picked.setdefault(deck.id, set())
        picked.symmetric_difference_update({topic.id})
        self._show_deck()
        self.post_message(self.TopicsPicked(deck.id, self.picked_topics(deck.id)))

    def action_all_topics(self) -> None:
        deck = self.selected_deck()
        if deck is not None:
            self._picked[deck.id] = set()
            self._show_deck()
            self.post_message(self.TopicsPicked(deck.id, None))

    def action_start(self, cram: bool) -> None:
        deck = self.selected_deck()
        if deck is None:
            self.notify("No deck is loaded yet.", severity="warning")
            return
        picked = self._picked.get(deck.id) or None
        self.post_message(self.StartRequested(deck.id, set(picked) if picked else None, cram))

    def action_problems(self) -> None:
        from ketquiz.ui.screens.problems import ProblemsScreen

        if self.catalog is not None:
            self.app.push_screen(ProblemsScreen(self.catalog.problems))

    @on(OptionList.OptionSelected, "#topic-list")
    def _topic_chosen(self) -> None:
        self.action_start(False)
