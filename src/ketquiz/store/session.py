"""A study or cram session over one deck: the order of cards, what was answered, undo, and the summary.

This is the part of the review screen that is not drawing: it talks to the store and the grader and knows
nothing about Textual, so it can be tested directly. Study sessions write every answer to the store before the
next card is shown; cram sessions leave the schedule alone.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ketquiz.core.model import Card, CardType, Deck

if TYPE_CHECKING:
    from ketquiz.core.grading import GradeResult
    from ketquiz.core.scheduling import Rating
    from ketquiz.store import StudyStore

#: Cards due again within this long (learning steps) are shown again before the session ends.
LEARN_AHEAD = timedelta(minutes=20)

#: A response as the grader takes it: choice index, set of indices, bool, text, or None (self-graded).
Response = int | frozenset[int] | bool | str | None


@dataclass(frozen=True, slots=True)
class Showing:
    """One card as it is put in front of the learner: choices in a shuffled order for this showing."""

    card: Card
    order: tuple[int, ...]  # display position -> index into card.choices
    changed: bool = False  # the card's content changed since the learner last reviewed it

    def choice_at(self, position: int) -> int:
        return self.order[position]

    def position_of(self, choice: int) -> int:
        return self.order.index(choice)


@dataclass(slots=True)
class Answered:
    card_id: str
    correct: bool
    rating: int
    requeued: bool
    review_id: int | None = None  # the store's log entry this answer wrote (None when cramming)


@dataclass(frozen=True, slots=True)
class CardActed:
    """A card action taken from the review screen (suspend, bury, flag), kept so undo can take it back."""

    card_id: str
    action: str
    batch: int  # the store's batch id for :meth:`StudyStore.undo_actions`
    after_answers: int  # how many answers the session had then: undo takes back whichever came last
    queue_before: tuple[str, ...]  # the queue as it was, for a card that left the session


#: Actions after which the card is out of today's study, so it leaves the session.
LEAVING = ("suspend", "bury")


@dataclass(frozen=True, slots=True)
class SessionSummary:
    cram: bool
    answered: int
    right: int
    wrong: int
    seconds: float
    due_tomorrow: int | None  # cards due by this time tomorrow, None in cram mode or without a store


@dataclass
class StudySession:
    """The cards of one session, in order, and what the learner did with them."""

    deck: Deck
    store: StudyStore | None  # None only in cram sessions
    topics: set[str] | None = None
    cram: bool = False
    card_ids: set[str] | None = None  # only these cards (the browser's matches), else every chosen one
    now: Callable[[], datetime] = field(default=lambda: datetime.now().astimezone())
    rng: random.Random = field(default_factory=random.Random)
    monotonic: Callable[[], float] = time.monotonic
    queue: list[str] = field(default_factory=list)
    pos: int = 0
    history: list[Answered] = field(default_factory=list)
    started: float = 0.0
    _shown_at: float = 0.0
    leech_notice: str = ""  # set when the last answer made its card a leech (it is suspended), for the screen
    actions: list[CardActed] = field(default_factory=list)
    _showing: Showing | None = None

    def start(self) -> None:
        """Build the queue: due cards then new ones to study (daily limits applied, of ``card_ids`` alone when
        given: Anki's filtered deck that reschedules); every chosen card, weakest first, to cram."""
        if self.cram and self.store is not None:
            self.queue = list(self.store.cram_queue(self.deck, self.topics, self.now(), self.card_ids))
        elif self.cram:
            self.queue = [
                c.id
                for c in self.deck.cards_in(self.topics)
                if self.card_ids is None or c.id in self.card_ids
            ]
            self.rng.shuffle(self.queue)
        else:
            assert self.store is not None, "a study session needs a store"
            self.queue = list(self.store.build_queue(self.deck, self.topics, self.now(), self.card_ids).cards)
        self.pos = 0
        self.started = self.monotonic()
        self._show()

    # --- what is on screen -------------------------------------------------------------------------------

    @property
    def current(self) -> Showing | None:
        return self._showing

    @property
    def total(self) -> int:
        return len(self.queue)

    @property
    def done(self) -> int:
        return self.pos

    @property
    def remaining(self) -> int:
        return len(self.queue) - self.pos

    @property
    def right(self) -> int:
        return sum(1 for a in self.history if a.correct)

    @property
    def wrong(self) -> int:
        return sum(1 for a in self.history if not a.correct)

    def _show(self) -> None:
        if self.pos >= len(self.queue):
            self._showing = None
            return
        card = self.deck.card(self.queue[self.pos])
        order = list(range(len(card.choices)))
        if card.type in (CardType.MCQ, CardType.MULTI):
            self.rng.shuffle(order)
        changed = False
        if not self.cram and self.store is not None:
            changed = bool(self.store.is_changed(self.deck.id, card))
        self._showing = Showing(card, tuple(order), changed)
        self._shown_at = self.monotonic()

    # --- answering ---------------------------------------------------------------------------------------

    def grade(self, response: Response) -> GradeResult:
        """Grade the current card (the response uses the card's own choice indices, not display positions)."""
        from ketquiz.core.grading import grade

        showing = self._require()
        return grade(showing.card, response)

    def intervals(self) -> dict[Rating, timedelta] | None:
        """The interval each rating would give the current card, or None when cramming."""
        if self.cram or self.store is None or self._showing is None:
            return None
        result: dict[Rating, timedelta] = self.store.preview(self.deck.id, self._showing.card.id, self.now())
        return result

    def commit(self, rating: Rating, correct: bool, response: str | None = None) -> None:
        """Record the current card's answer (durably, in a study session) and move to the next card.

        A card that falls due again within :data:`LEARN_AHEAD` (a learning step) comes back at the end of the
        session, as in Anki; when cramming, a card rated Again does.
        """
        from ketquiz.core.scheduling import Rating

        showing = self._require()
        duration_ms = max(0, int((self.monotonic() - self._shown_at) * 1000))
        review_id: int | None = None
        if self.cram:
            requeued = rating == Rating.AGAIN
        else:
            assert self.store is not None
            now = self.now()
            outcome = self.store.answer(self.deck.id, showing.card.id, rating, now, duration_ms, response)
            requeued = outcome.due - now <= LEARN_AHEAD and not outcome.leech  # a leech is suspended now
            review_id = outcome.review_id
            self.leech_notice = (
                f"This card is a leech: {outcome.lapses} lapses. It is suspended; "
                "find it in the browser (b on home) to rework or unsuspend it."
                if outcome.leech
                else ""
            )
        if requeued:
            self.queue.append(showing.card.id)
        self.history.append(Answered(showing.card.id, correct, int(rating), requeued, review_id))
        self.pos += 1
        self._show()

    # --- managing the card on screen ------------------------------------------------------------------

    def flag_of_current(self) -> int:
        """The flag (a :class:`ketquiz.store.cards.Flag` value) the card on screen has now; 0 without a store."""
        showing = self._showing
        if showing is None or self.store is None:
            return 0
        return self.store.flag_of(self.deck.id, showing.card.id)

    def act(self, action: str, flag: int = 0) -> None:
        """Apply a card action (``suspend``, ``bury`` or ``flag``) to the card on screen, durably.

        A suspended or buried card is out of today's study: it leaves the session (every copy still queued) and
        the next card is shown. :meth:`undo` takes the action back, and brings the card back where it was.
        """
        from ketquiz.store.cards import Flag

        showing = self._require()
        if self.store is None:
            raise RuntimeError("card actions need the study state")
        card_id = showing.card.id
        self.store.ensure_synced(self.deck)
        batch = self.store.act(self.deck.id, [card_id], action, self.now(), Flag(flag))
        self.actions.append(CardActed(card_id, action, batch, len(self.history), tuple(self.queue)))
        if action in LEAVING:
            self.queue = self.queue[: self.pos] + [c for c in self.queue[self.pos :] if c != card_id]
            self._show()

    @property
    def undo_takes_action(self) -> CardActed | None:
        """The card action :meth:`undo` would take back next (one taken after the latest answer), or None."""
        if self.actions and self.actions[-1].after_answers >= len(self.history):
            return self.actions[-1]
        return None

    @property
    def can_undo(self) -> bool:
        return bool(self.history or self.actions)

    def undo(self) -> str | None:
        """Take back this session's last answer or card action and show that card again; its id, or None.

        Whichever came last is undone: a card action taken after the latest answer goes first.

        Only the log entry this session wrote is taken back (by its review id), never an answer another study
        session on the same profile wrote since; the store refuses (``UndoRefusedError``, a ``StoreError`` whose
        message says why) when that card was answered again elsewhere, and the session is left as it was.
        """
        acted = self.undo_takes_action
        if acted is not None:
            assert self.store is not None
            self.store.undo_actions(acted.batch)
            self.actions.pop()
            if (
                acted.action in LEAVING
            ):  # the card comes back where it was; a flag leaves the card on screen as is
                self.queue = list(acted.queue_before)
                self._show()
            return acted.card_id
        if not self.history:
            return None
        last = self.history[-1]
        if not self.cram:
            assert self.store is not None and last.review_id is not None
            self.store.undo_review(last.review_id)
        self.history.pop()
        if last.requeued:
            # The copy appended for this answer is the queue's last entry (only the latest answer is undone).
            for i in range(len(self.queue) - 1, self.pos - 1, -1):
                if self.queue[i] == last.card_id:
                    del self.queue[i]
                    break
        self.pos -= 1
        self.queue[self.pos] = last.card_id
        self._show()
        return last.card_id

    def summary(self) -> SessionSummary:
        due: int | None = None
        if not self.cram and self.store is not None:
            # What a session over the same topics would find due this time tomorrow (daily limits applied).
            due = self.store.deck_counts(self.deck, self.now() + timedelta(days=1)).queue(self.topics).due
        return SessionSummary(
            cram=self.cram,
            answered=len(self.history),
            right=self.right,
            wrong=self.wrong,
            seconds=self.monotonic() - self.started,
            due_tomorrow=due,
        )

    def _require(self) -> Showing:
        if self._showing is None:
            raise RuntimeError("no card is being shown")
        return self._showing


def response_text(card: Card, response: Response) -> str | None:
    """How a response is written to the review log: the chosen choice texts, true/false, or the typed text."""
    if response is None:
        return None
    if isinstance(response, bool):
        return "true" if response else "false"
    if isinstance(response, int):
        return card.choices[response]
    if isinstance(response, frozenset):
        return "; ".join(card.choices[i] for i in sorted(response))
    return response
