"""Finding cards: every card of the open decks with what the store knows of it, searched and filtered.

Used by ``ketquiz cards`` and the browser screen. Search is case-insensitive over the prompt, the answer, the
choices and the quoted passages, every word anywhere (``"a phrase"`` in quotes as written); filters narrow by topic, type, state (suspended and buried count as states, as
in Anki's browser), flag, leech, contested and "changed since last seen".
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice
from typing import Any

from ketquiz.core.model import Card, Deck
from ketquiz.core.scheduling import CardState, Rating, as_utc, new_fsrs_card
from ketquiz.store.cards import Flag, StoredCard
from ketquiz.store.study import StudyStore, from_ms, fsrs_card

#: The states a card is listed under: FSRS's four, then the two a learner sets aside.
STATES = ("new", "learning", "review", "relearning", "suspended", "buried")
#: Up to this many cards are read by id (SQLite's IN); more are read with their whole deck.
_FEW_BY_ID = 500


@dataclass(frozen=True, slots=True)
class CardView:
    """One row of the browser."""

    deck_id: str
    card: Card
    state: str  # one of STATES
    due: datetime | None  # UTC; None for a new card
    lapses: int
    reviews: int
    retrievability: float | None  # predicted recall now; None for a new card
    flag: Flag
    leech: bool
    changed: bool  # reworded since the learner last reviewed it

    @property
    def key(self) -> str:
        return f"{self.deck_id}/{self.card.id}"

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.key,
            "deck": self.deck_id,
            "card": self.card.id,
            "prompt": self.card.prompt,
            "topic": self.card.topic,
            "type": self.card.type.value,
            "state": self.state,
            "due": self.due.isoformat() if self.due else None,
            "lapses": self.lapses,
            "reviews": self.reviews,
            "retrievability": None if self.retrievability is None else round(self.retrievability, 4),
            "flag": self.flag.label if self.flag else None,
            "leech": self.leech,
            "contested": self.card.contested,
            "changed": self.changed,
        }


@dataclass(frozen=True, slots=True)
class CardFilter:
    """What to show; every field left empty lets every card through."""

    search: str = ""
    topics: frozenset[str] = field(default_factory=frozenset)
    types: frozenset[str] = field(default_factory=frozenset)
    states: frozenset[str] = field(default_factory=frozenset)
    flags: frozenset[Flag] = field(default_factory=frozenset)
    leech: bool = False
    contested: bool = False
    changed: bool = False

    @property
    def terms(self) -> tuple[str, ...]:
        """The search as Anki reads it: every word must appear (in any order); "quoted words" as a phrase."""
        return tuple(
            (phrase or word).casefold() for phrase, word in re.findall(r'"([^"]+)"|(\S+)', self.search)
        )

    def accepts(self, view: CardView, haystack: str, terms: tuple[str, ...] = ()) -> bool:
        return (
            all(t in haystack for t in terms)
            and (not self.topics or view.card.topic in self.topics)
            and (not self.types or view.card.type.value in self.types)
            and (not self.states or view.state in self.states)
            and (not self.flags or view.flag in self.flags)
            and (not self.leech or view.leech)
            and (not self.contested or view.card.contested)
            and (not self.changed or view.changed)
        )


def search_text(card: Card) -> str:
    """What search looks through, case-folded once: prompt, answer, choices and quoted passages."""
    parts: list[str] = [
        card.prompt,
        card.answer,
        *card.choices,
        *card.accept,
        *(c.quote for c in card.citations),
    ]
    return "\n".join(parts).casefold()


def _state(stored: StoredCard, now_ms: int) -> str:
    if stored.suspended:
        return "suspended"
    if stored.buried_until is not None and stored.buried_until > now_ms:
        return "buried"
    try:
        return CardState(stored.state).label
    except ValueError:
        return "new"  # a damaged row: listed, never scheduled from here (studying it says what is wrong)


def card_views(
    store: StudyStore, decks: Sequence[Deck], now: datetime, only: Collection[str] | None = None
) -> list[CardView]:
    """Every card of ``decks`` with its state in ``store`` at ``now`` (cards the store lacks are new).

    ``only``: just the cards with these keys (``deck/card``), read by id: the browser's first rows while the
    whole index is built, and the cards an action or a session just changed.
    """
    at = as_utc(now)
    now_ms = int(round(at.timestamp() * 1000))
    out: list[CardView] = []
    for deck in decks:
        cards: Sequence[Card] = deck.cards
        ids: list[str] | None = None
        where = "deck_id = ?"
        args: tuple[str, ...] = (deck.id,)
        if only is not None:
            cards = [c for c in deck.cards if f"{deck.id}/{c.id}" in only]
            if not cards:
                continue
            ids = [c.id for c in cards]
            if len(ids) <= _FEW_BY_ID:
                where, args = f"deck_id = ? AND card_id IN ({', '.join('?' * len(ids))})", (deck.id, *ids)
        stored = store.stored_cards(deck.id, ids)
        hashes = dict(
            store.conn.execute(f"SELECT card_id, reviewed_hash FROM cards WHERE {where}", args).fetchall()
        )
        for card in cards:
            s = stored.get(card.id) or StoredCard(card.id)
            due: datetime | None = None
            recall: float | None = None
            if s.state != CardState.NEW and s.due is not None:
                try:
                    fc = fsrs_card(
                        0, s.state, s.step, s.stability, s.difficulty, s.due, s.last_review, store.path
                    )
                    due = fc.due
                    recall = float(store.scheduler.get_card_retrievability(fc, at))
                except ValueError:  # a damaged row: shown without a schedule
                    due = recall = None
            seen = hashes.get(card.id)
            flag = Flag(s.flag) if 0 <= s.flag <= 7 else Flag.NONE
            out.append(
                CardView(
                    deck.id,
                    card,
                    _state(s, now_ms),
                    due,
                    s.lapses,
                    s.reviews,
                    recall,
                    flag,
                    s.leech,
                    bool(seen is not None and seen != card.content_hash()),
                )  # fmt: skip
            )
    return out


def first_keys(decks: Sequence[Deck], n: int) -> set[str]:
    """The keys of the first ``n`` cards of ``decks`` in order: what the browser shows while it indexes."""
    return {f"{deck.id}/{card.id}" for deck, card in islice(((d, c) for d in decks for c in d.cards), n)}


def build_index(store: StudyStore, decks: Sequence[Deck], now: datetime) -> CardIndex:
    """Every card of ``decks`` read and made searchable: what the browser does once, off its UI thread."""
    return CardIndex(card_views(store, decks, now))


#: A cancelled search stops within this many cards (a check every card would slow the scan).
_CHECK_EVERY = 4096


class CardIndex:
    """Card views with their search text computed once, so filtering as the learner types costs one pass.

    Typing one more letter only narrows a search, so a search that extends the previous one (same filters, no
    quotes) looks only through the previous matches: most keystrokes scan a fraction of the cards.

    Safe to search from a worker thread while the UI thread reads: a search only reads the views and texts, and
    the narrowing cache is one tuple replaced whole.
    """

    def __init__(self, views: Iterable[CardView]) -> None:
        self.views = list(views)
        self._texts = [search_text(v.card) for v in self.views]
        self._at = {v.key: i for i, v in enumerate(self.views)}
        self._last: tuple[CardFilter, list[int]] | None = None

    def filter(self, what: CardFilter) -> list[CardView]:
        """The views ``what`` lets through, in index order."""
        found = self.filter_unless(what, lambda: False)
        assert found is not None  # never cancelled
        return found

    def filter_unless(self, what: CardFilter, cancelled: Callable[[], bool]) -> list[CardView] | None:
        """As :meth:`filter`, but None as soon as ``cancelled()`` turns true (checked every few thousand cards):
        a newer search replaced this one, whose result would be thrown away."""
        terms = what.terms
        candidates: Sequence[int] = range(len(self.views))
        last = self._last
        if last is not None:
            before, matched = last
            narrower = (
                what.search.startswith(before.search)
                and '"' not in what.search
                and dataclasses.replace(before, search=what.search) == what
            )
            if narrower:
                candidates = matched
        texts, views = self._texts, self.views
        plain = dataclasses.replace(what, search="") == CardFilter()
        hits: list[int] = []
        for start in range(0, len(candidates), _CHECK_EVERY):
            if cancelled():
                return None
            chunk = candidates[start : start + _CHECK_EVERY]
            if plain:  # search only: the common case, kept to one tight loop
                hits += [i for i in chunk if all(t in texts[i] for t in terms)]
            else:
                hits += [i for i in chunk if what.accepts(views[i], texts[i], terms)]
        self._last = (what, hits)
        return [views[i] for i in hits]

    def update(self, views: Iterable[CardView]) -> None:
        """Put these fresh views in place of the same cards' (after an action or a session changed them)."""
        for view in views:
            i = self._at.get(view.key)
            if i is not None:
                self.views[i] = view
        self._last = None  # a cached match may no longer hold (a state filter, a flag filter)


#: What each browser column sorts by (a new card's due date and recall after every other's).
SORT_KEYS: dict[str, Callable[[CardView], Any]] = {
    "prompt": lambda v: v.card.prompt.casefold(),
    "topic": lambda v: v.card.topic,
    "type": lambda v: v.card.type.value,
    "state": lambda v: STATES.index(v.state),
    "due": lambda v: v.due.timestamp() if v.due else float("inf"),
    "lapses": lambda v: v.lapses,
    "revs": lambda v: v.reviews,
    "R": lambda v: v.retrievability if v.retrievability is not None else 2.0,
    "flag": lambda v: int(v.flag),
}


def sorted_matches(
    index: CardIndex,
    what: CardFilter,
    sort: tuple[str, bool] | None,
    cancelled: Callable[[], bool] | None = None,
) -> list[CardView] | None:
    """Every card that matches, sorted; None when cancelled meanwhile."""
    matches = index.filter(what) if cancelled is None else index.filter_unless(what, cancelled)
    if matches is None:
        return None
    if sort is not None:
        column, reverse = sort
        matches.sort(key=SORT_KEYS[column], reverse=reverse)
    return matches


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One logged answer with the memory state it left, as the card info shows it."""

    at: datetime  # UTC
    rating: Rating
    interval: timedelta  # until the due time this answer set
    stability: float | None
    difficulty: float | None
    retrievability: float | None  # predicted recall at the moment of this answer (None for the first)


def card_history(store: StudyStore, deck_id: str, card_id: str) -> list[HistoryRow]:
    """The card's answers, oldest first, replayed through the profile's scheduler (without fuzz) for the state
    each one left and the recall predicted just before it."""
    scheduler = store.settings.scheduler(fuzz=False)
    card = new_fsrs_card()
    out: list[HistoryRow] = []
    for at_ms, rating_value in store.conn.execute(
        "SELECT reviewed_at, rating FROM reviews WHERE deck_id = ? AND card_id = ? ORDER BY reviewed_at, id",
        (deck_id, card_id),
    ):
        at = from_ms(at_ms)
        rating = Rating(rating_value)
        recall = float(scheduler.get_card_retrievability(card, at)) if card.last_review is not None else None
        card, _log = scheduler.review_card(card, rating.to_fsrs(), at)
        out.append(HistoryRow(at, rating, card.due - at, card.stability, card.difficulty, recall))
    return out
