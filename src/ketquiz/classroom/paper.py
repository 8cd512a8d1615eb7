"""Choosing an exam paper: which cards, in which order, with which option order.

A paper is a pure function of the deck, the selection options and a seed, so a class given the same seed sits
the same paper: the same questions in the same order with the same choices in the same order.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TypeVar

from ketquiz.core.grading import fold
from ketquiz.core.model import Card, CardType, Deck

T = TypeVar("T")


class PaperError(ValueError):
    """The options select no usable paper (unknown topic, nothing left to ask)."""


@dataclass(frozen=True, slots=True)
class PaperItem:
    """One question as the student sees it.

    ``card`` is the card as it will be graded: for choice types its ``choices`` are already in the order shown
    and ``correct`` re-indexed to match; for a contested card sat with ``include_contested`` every choice or
    answer matching a position a source takes is accepted too. ``original`` is the card as the deck has it.
    """

    card: Card
    original: Card
    #: For a contested mcq card sat with ``include_contested``: indices (in shown order) of further choices
    #: accepted because a source takes that position.
    also_accepted: tuple[int, ...] = ()

    @property
    def card_id(self) -> str:
        return self.card.id


@dataclass(frozen=True, slots=True)
class Paper:
    deck_id: str
    seed: int
    items: tuple[PaperItem, ...]


def eligible_cards(deck: Deck, topics: set[str] | None = None, include_contested: bool = False) -> list[Card]:
    """The cards an exam may ask, in deck order."""
    if topics is not None:
        known = {t.id for t in deck.topics}
        unknown = sorted(topics - known)
        if unknown:
            raise PaperError(
                f"unknown topic(s) {', '.join(unknown)} in deck {deck.id!r}; "
                f"its topics are: {', '.join(sorted(known)) or '(none)'}"
            )
    return [c for c in deck.cards_in(topics) if c.type.auto_graded and (include_contested or not c.contested)]


def build_paper(
    deck: Deck,
    *,
    seed: int,
    count: int | None = None,
    topics: set[str] | None = None,
    include_contested: bool = False,
) -> Paper:
    """Pick ``count`` cards (all eligible ones when None) and shuffle them and their choices with ``seed``."""
    cards = eligible_cards(deck, topics, include_contested)
    if not cards:
        what = "the chosen topics" if topics else "this deck"
        extra = "" if include_contested else " (contested cards are left out unless --include-contested)"
        raise PaperError(f"{what} of {deck.id!r} has no auto-gradable cards for an exam{extra}")
    if count is not None and count < 1:
        raise PaperError(f"--count must be at least 1, not {count}")
    rng = random.Random(f"ketquiz-paper/1:{deck.id}:{seed}")
    n = len(cards) if count is None else min(count, len(cards))
    chosen = _shuffled(rng, cards)[:n]
    items = []
    for card in chosen:
        shown = _shuffle_choices(card, rng)
        if include_contested and card.contested:
            shown, also = _accept_positions(deck, shown)
            items.append(PaperItem(card=shown, original=card, also_accepted=also))
        else:
            items.append(PaperItem(card=shown, original=card))
    return Paper(deck_id=deck.id, seed=seed, items=tuple(items))


def _below(rng: random.Random, n: int) -> int:
    """A uniform integer in [0, n) from raw random bits (stable across Python versions)."""
    k = n.bit_length()
    r = rng.getrandbits(k)
    while r >= n:
        r = rng.getrandbits(k)
    return r


def _shuffled(rng: random.Random, items: Iterable[T]) -> list[T]:
    """Fisher–Yates, spelled out so a paper depends only on the seed, not on the library's shuffle."""
    out = list(items)
    for i in range(len(out) - 1, 0, -1):
        j = _below(rng, i + 1)
        out[i], out[j] = out[j], out[i]
    return out


def _shuffle_choices(card: Card, rng: random.Random) -> Card:
    """Shuffle mcq and multi choices; true/false keeps its natural order."""
    if card.type not in (CardType.MCQ, CardType.MULTI) or len(card.choices) < 2:
        return card
    order = _shuffled(rng, range(len(card.choices)))
    choices = tuple(card.choices[i] for i in order)
    correct = tuple(sorted(order.index(i) for i in card.correct))
    return replace(card, choices=choices, correct=correct)


def _fold(text: str) -> str:
    """``text`` as grading folds it (case and accents: :func:`ketquiz.core.grading.fold`), punctuation dropped,
    spaces collapsed: a position's words match a choice the way a typed answer matches the expected one."""
    text = fold(text)
    return " ".join("".join(ch for ch in text if ch.isalnum() or ch.isspace()).split())


def _accept_positions(deck: Deck, card: Card) -> tuple[Card, tuple[int, ...]]:
    """Make a contested card accept, besides its own answer, any position a source takes on the point.

    An mcq card accepts every choice whose text matches a position's ``says`` (ignoring case, accents and
    punctuation); typed and cloze cards accept each position's ``says`` as an answer. Multi cards (all and
    only the right choices) and true/false statements are graded as written.
    """
    says: list[str] = []
    for did in card.disagreements:
        d = deck.get_disagreement(did)
        if d is not None:
            says.extend(p.says for p in d.positions)
    if not says:
        return card, ()
    if card.type is CardType.MCQ:
        folded = {_fold(s) for s in says}
        extra = tuple(
            i for i, choice in enumerate(card.choices) if _fold(choice) in folded and i not in card.correct
        )
        return card, extra
    if card.type in (CardType.TYPED, CardType.CLOZE):
        return replace(card, accept=tuple(dict.fromkeys((*card.accept, *says)))), ()
    return card, ()
