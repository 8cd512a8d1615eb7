"""Several decks as one, for an exam paper drawn from more than one deck.

Ids are only unique within a deck, so every source, card and disagreement id of a combined deck is prefixed with
its deck's id (``deck-id/card-id``); topics are kept as they are when the decks agree on their titles, so a
``--topics`` filter reads naturally. A single deck is returned unchanged.
"""

from __future__ import annotations

import dataclasses
import hashlib

from ketquiz.core.model import Card, Deck, Disagreement, Topic


def combine_decks(decks: list[Deck]) -> Deck:
    """One deck holding every card of ``decks``; raises ValueError on an empty list."""
    if not decks:
        raise ValueError("no decks to combine")
    if len(decks) == 1:
        return decks[0]
    topics: dict[str, Topic] = {}
    sources, cards, disagreements = [], [], []
    for deck in decks:
        for t in deck.topics:
            topics.setdefault(t.id, t)
        for s in deck.sources:
            sources.append(dataclasses.replace(s, id=_prefixed(deck, s.id)))
        for c in deck.cards:
            cards.append(_card(deck, c))
        for d in deck.disagreements:
            disagreements.append(_disagreement(deck, d))
    digest = hashlib.sha256("".join(d.sha256 for d in decks).encode("ascii")).hexdigest()
    return Deck(
        id="+".join(d.id for d in decks),
        title=" + ".join(d.title for d in decks),
        path=", ".join(d.path for d in decks),
        description="",
        notice="\n".join(dict.fromkeys(d.notice for d in decks if d.notice)),
        sources=tuple(sources),
        topics=tuple(topics.values()),
        cards=tuple(cards),
        disagreements=tuple(disagreements),
        sha256=digest,
    )


def _prefixed(deck: Deck, item_id: str) -> str:
    return f"{deck.id}/{item_id}"


def _card(deck: Deck, c: Card) -> Card:
    return dataclasses.replace(
        c,
        id=_prefixed(deck, c.id),
        citations=tuple(dataclasses.replace(x, source=_prefixed(deck, x.source)) for x in c.citations),
        disagreements=tuple(_prefixed(deck, d) for d in c.disagreements),
    )


def _disagreement(deck: Deck, d: Disagreement) -> Disagreement:
    return dataclasses.replace(
        d,
        id=_prefixed(deck, d.id),
        positions=tuple(dataclasses.replace(p, source=_prefixed(deck, p.source)) for p in d.positions),
    )
