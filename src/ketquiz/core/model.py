"""The deck model: plain, immutable data that every other layer keys on.

Nothing here reads files or parses YAML; the loader in :mod:`ketquiz.decks` builds these objects and the
store, UI and classroom code consume them.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload

if TYPE_CHECKING:
    from ketquiz.core.formats import CardInfo, DeckDocument, SourceInfo


class CardType(StrEnum):
    BASIC = "basic"
    TYPED = "typed"
    MCQ = "mcq"
    MULTI = "multi"
    TRUEFALSE = "truefalse"
    CLOZE = "cloze"

    @property
    def auto_graded(self) -> bool:
        """Whether ketquiz can grade an answer to this type without the learner's judgement."""
        return self is not CardType.BASIC

    @property
    def has_choices(self) -> bool:
        return self in (CardType.MCQ, CardType.MULTI, CardType.TRUEFALSE)


#: The marker of a cloze blank in a card's text: ``{{answer}}``.
CLOZE_OPEN = "{{"
CLOZE_CLOSE = "}}"
#: How a blank is shown to the learner.
CLOZE_BLANK = "_____"

#: How strong a disagreement is (``kind:`` in a deck), and what each means for a learner.
DISAGREEMENT_KINDS: dict[str, str] = {
    "contradiction": "The sources cannot both be right here.",
    "tension": "Both may be true, but a reader of one source alone would come away believing something the other "
    "contradicts.",
}
#: Where a source's title comes from (``title_from:``).
TITLE_FROM = ("document", "heading")


@dataclass(frozen=True, slots=True)
class Location:
    """Where something was written: 1-based line and column in a file."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    file: str  # as written in the deck, relative to the deck file
    text: str = field(default="", repr=False, compare=False)  # decoded UTF-8 text
    sha256: str = ""
    ignore_quotes: tuple[str, ...] = ()  # passages the author marks as page furniture (ads, widgets)
    ignore: tuple[Span, ...] = ()  # where those passages are, once located
    #: "document": the document's own title; "heading": taken from its first heading (it has no title of its own)
    title_from: str = "document"
    #: the document the text was extracted from (a web page, PDF or Markdown file), relative to the deck file,
    #: the sha256 of its bytes when the text was extracted, and what is known of where it came from
    original: str = ""
    original_sha256: str = ""
    url: str = ""
    retrieved: str = ""
    author: str = ""
    published: str = ""
    #: where pages 2, 3, ... begin in ``text`` (just after each form feed), for a PDF's page numbers
    page_starts: tuple[int, ...] = field(default=(), repr=False)
    loc: Location | None = field(default=None, compare=False, repr=False)

    def page_at(self, offset: int) -> int | None:
        """The page (1-based) that ``offset`` of the text is on, or None for a source without pages."""
        if not self.page_starts or offset < 0:
            return None
        return bisect.bisect_right(self.page_starts, offset) + 1


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    title: str
    loc: Location | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Span:
    """A located passage: ``text[start:end]`` is the original passage of the source."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Citation:
    source: str  # source id
    quote: str  # as written by the author
    start: int = -1  # offsets into the source text once located; -1 when not located
    end: int = -1
    loc: Location | None = field(default=None, compare=False, repr=False)

    @property
    def located(self) -> bool:
        return self.start >= 0


@dataclass(frozen=True, slots=True)
class Position:
    """What one source claims on a contested point, with its passage."""

    source: str
    says: str
    quote: str
    start: int = -1
    end: int = -1
    loc: Location | None = field(default=None, compare=False, repr=False)

    def as_citation(self) -> Citation:
        return Citation(self.source, self.quote, self.start, self.end, self.loc)


@dataclass(frozen=True, slots=True)
class Disagreement:
    id: str
    topic: str
    summary: str
    positions: tuple[Position, ...]
    self_contradiction: bool = False  # one source contradicting itself
    #: "contradiction": the sides cannot both be true; "tension": they can, but a reader of one side alone would
    #: come away believing something the other side contradicts (a difference of emphasis that misleads)
    kind: str = "contradiction"
    loc: Location | None = field(default=None, compare=False, repr=False)

    @property
    def sources(self) -> tuple[str, ...]:
        """Source ids taking a position, in order, without repeats."""
        return tuple(dict.fromkeys(p.source for p in self.positions))


@dataclass(frozen=True, slots=True)
class Card:
    """One question.

    ``answer`` is the canonical answer text for every type (for choice types, the correct choice texts joined
    with "; "); ``correct`` holds the indices of the correct ``choices``. For ``typed`` and ``cloze``,
    ``accept`` lists further accepted answers. For ``cloze``, ``prompt`` holds the sentence with the blank
    shown as :data:`CLOZE_BLANK` and ``text`` the sentence as written, marker included.
    """

    id: str
    topic: str
    type: CardType
    prompt: str
    answer: str
    choices: tuple[str, ...] = ()
    correct: tuple[int, ...] = ()
    accept: tuple[str, ...] = ()
    explanation: str = ""
    citations: tuple[Citation, ...] = ()
    disagreements: tuple[str, ...] = ()
    text: str = ""
    tags: tuple[str, ...] = ()
    #: lint codes silenced on this card (``lint: {ignore: [...], reason: ...}``) and why
    lint_ignore: tuple[str, ...] = ()
    lint_reason: str = ""
    loc: Location | None = field(default=None, compare=False, repr=False)
    #: where individual fields were written ("topic", "disagreements"), for precise error messages
    field_locs: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    #: :meth:`content_hash`, once computed (a compiled deck carries it, so opening 100,000 cards hashes none);
    #: not an argument, so a card copied with changes (dataclasses.replace) computes its own
    content_digest: str = field(default="", init=False, compare=False, repr=False)

    @property
    def contested(self) -> bool:
        return bool(self.disagreements)

    @property
    def accepted_answers(self) -> tuple[str, ...]:
        """Every answer a typed or cloze card accepts, the canonical one first."""
        return (self.answer, *self.accept)

    def content_hash(self) -> str:
        """A hash of what the learner sees and is graded on.

        Stored with study state so a card whose wording changed since it was last reviewed can be flagged.
        Explanations and citations are left out: rewording a citation does not change the question.
        """
        if self.content_digest:
            return self.content_digest
        payload = json.dumps(
            [
                self.type.value,
                self.prompt,
                self.answer,
                list(self.choices),
                list(self.correct),
                list(self.accept),
            ],
            ensure_ascii=False,
        )
        digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
        object.__setattr__(self, "content_digest", digest)  # a cache of a pure function of frozen fields
        return digest


class CardsUnreadable(Exception):
    """A deck's deferred cards could not be read: their compiled copy was damaged after the deck was listed."""


class DeferredCards(Sequence[Card]):
    """A deck's cards, read the first time they are used.

    The home screen needs a deck's topics and how many cards each has, not its cards: decoding 10,000 of them
    costs more than drawing the screen. A compiled deck therefore knows ``count`` and ``per_topic`` up front and
    reads its cards (``read``) when anything iterates, indexes or compares them, once, under a lock, since a
    worker may be reading them while the learner starts a session. ``read`` must give ``count`` cards or raise
    :class:`CardsUnreadable`; that failure is kept and raised again on every later use.
    """

    __slots__ = ("_cards", "_count", "_failure", "_lock", "_per_topic", "_read")

    def __init__(self, count: int, per_topic: dict[str, int], read: Callable[[], Iterable[Card]]) -> None:
        self._count = count
        self._per_topic = dict(per_topic)
        self._read: Callable[[], Iterable[Card]] | None = read
        self._cards: tuple[Card, ...] | None = None
        self._failure = ""
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._cards is not None

    def per_topic(self) -> dict[str, int]:
        return dict(self._per_topic)

    def load(self) -> tuple[Card, ...]:
        """The cards, read now if they have not been."""
        cards = self._cards
        if cards is not None:
            return cards
        with self._lock:
            if self._cards is None:
                if self._read is None:
                    raise CardsUnreadable(self._failure)
                read, self._read = self._read, None
                try:
                    cards = tuple(read())
                    if len(cards) != self._count:
                        raise CardsUnreadable(f"{len(cards)} cards where {self._count} were listed")
                except CardsUnreadable as exc:
                    self._failure = str(exc)
                    raise
                self._cards = cards
            return self._cards

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Card: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Card, ...]: ...
    def __getitem__(self, index: int | slice) -> Card | tuple[Card, ...]:
        return self.load()[index]

    def __iter__(self) -> Iterator[Card]:
        return iter(self.load())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DeferredCards):
            return self.load() == other.load()
        if isinstance(other, tuple | list):
            return self.load() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.load())

    def __repr__(self) -> str:
        state = "read" if self.loaded else "not read yet"
        return f"<{self._count} cards, {state}>"


@dataclass(frozen=True, slots=True)
class Deck:
    id: str
    title: str
    path: str  # the deck file, as given to the loader
    description: str = ""
    notice: str = ""
    sources: tuple[Source, ...] = ()
    topics: tuple[Topic, ...] = ()
    #: a tuple, or for a deck from its compiled copy in the study app, :class:`DeferredCards` (read on first use)
    cards: Sequence[Card] = ()
    disagreements: tuple[Disagreement, ...] = ()
    sha256: str = ""  # of the deck file's bytes
    #: deck-level lint codes silenced (``lint: {ignore: [...], reason: ...}``), why, and where that was written
    lint_ignore: tuple[str, ...] = ()
    lint_reason: str = ""
    lint_loc: Location | None = field(default=None, compare=False, repr=False)

    # Lookups by id, built once (cards' on first use): the study app looks a card up for every card it shows.
    _sources: dict[str, Source] = field(init=False, repr=False, compare=False, default_factory=dict)
    _topics: dict[str, Topic] = field(init=False, repr=False, compare=False, default_factory=dict)
    _cards: dict[str, Card] = field(init=False, repr=False, compare=False, default_factory=dict)
    _disagreements: dict[str, Disagreement] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    #: :meth:`cards_digest`, once computed (a compiled deck carries it, so opening one hashes nothing); not an
    #: argument, so a deck copied with other cards (dataclasses.replace) computes its own
    sync_digest: str = field(default="", init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_sources", _by_id(self.sources))
        object.__setattr__(self, "_topics", _by_id(self.topics))
        object.__setattr__(self, "_disagreements", _by_id(self.disagreements))

    def _card_index(self) -> dict[str, Card]:
        """The cards by id, built the first time a card is looked up (not when the deck is made: a deferred
        deck's cards are not read until something needs them)."""
        index = self._cards
        if not index and len(self.cards):
            index = _by_id(self.cards)
            object.__setattr__(self, "_cards", index)
        return index

    def cards_per_topic(self) -> dict[str, int]:
        """How many cards each topic has (the topics cards name, in the order first named), without reading
        deferred cards."""
        if isinstance(self.cards, DeferredCards) and not self.cards.loaded:
            return self.cards.per_topic()
        return dict(Counter(c.topic for c in self.cards))

    def cards_digest(self) -> str:
        """A digest of what a study store keeps of each card: its id, topic and content hash, in deck order.

        A store that recorded this digest when it last synced the deck holds exactly these rows, so opening the
        deck again skips comparing 100,000 of them one by one.
        """
        if not self.sync_digest:
            rows = [[c.id, c.topic, c.content_hash()] for c in self.cards]
            payload = json.dumps([self.id, rows], ensure_ascii=False).encode("utf-8", "surrogatepass")
            object.__setattr__(self, "sync_digest", hashlib.sha256(payload).hexdigest()[:32])
        return self.sync_digest

    # get_*: None for an id the deck lacks (a deck with errors may cite one; a card's topic may be unknown).
    def get_source(self, source_id: str) -> Source | None:
        return self._sources.get(source_id)

    def get_topic(self, topic_id: str) -> Topic | None:
        return self._topics.get(topic_id)

    def get_card(self, card_id: str) -> Card | None:
        return self._card_index().get(card_id)

    def get_disagreement(self, disagreement_id: str) -> Disagreement | None:
        return self._disagreements.get(disagreement_id)

    # The same, raising KeyError: for a checked deck, whose every reference is known to be there (exports).
    def source(self, source_id: str) -> Source:
        return self._sources[source_id]

    def topic(self, topic_id: str) -> Topic:
        return self._topics[topic_id]

    def card(self, card_id: str) -> Card:
        return self._card_index()[card_id]

    def disagreement(self, disagreement_id: str) -> Disagreement:
        return self._disagreements[disagreement_id]

    def page_of(self, citation: Citation) -> int | None:
        """The page of the source a located citation starts on, for sources with pages (PDFs); else None."""
        source = self._sources.get(citation.source)
        return source.page_at(citation.start) if source is not None and citation.located else None

    def cards_in(self, topics: set[str] | None = None) -> list[Card]:
        return [c for c in self.cards if topics is None or c.topic in topics]

    def to_dict(self) -> DeckDocument:
        """The ``ketquiz-deck/1`` export form (see docs/formats.md)."""
        return {
            "format": "ketquiz-deck/1",
            "deck": {
                "id": self.id,
                "title": self.title,
                "path": self.path,
                "description": self.description,
                "notice": self.notice,
                "sha256": self.sha256,
            },
            "sources": [_source_dict(s) for s in self.sources],
            "topics": [{"id": t.id, "title": t.title} for t in self.topics],
            "cards": [_card_dict(c, self) for c in self.cards],
            "disagreements": [
                {
                    "id": d.id,
                    "topic": d.topic,
                    "summary": d.summary,
                    "self_contradiction": d.self_contradiction,
                    "kind": d.kind,
                    "positions": [
                        {"source": p.source, "says": p.says, "quote": p.quote, "start": p.start, "end": p.end}
                        for p in d.positions
                    ],
                }
                for d in self.disagreements
            ],
        }


_Item = TypeVar("_Item", Source, Topic, Card, Disagreement)


def _by_id(items: Iterable[_Item]) -> dict[str, _Item]:
    """Each item by its id; of a duplicated id (which the loader reports), the first, as a scan would find."""
    index: dict[str, _Item] = {}
    for item in items:
        index.setdefault(item.id, item)
    return index


def _source_dict(s: Source) -> SourceInfo:
    out: dict[str, Any] = {
        "id": s.id,
        "title": s.title,
        "title_from": s.title_from,
        "file": s.file,
        "sha256": s.sha256,
    }
    for key in ("original", "url", "retrieved", "author", "published"):
        if getattr(s, key):
            out[key] = getattr(s, key)
    if s.original:
        out["original_sha256"] = s.original_sha256
    if s.page_starts:
        out["pages"] = len(s.page_starts) + 1
    return cast("SourceInfo", out)


def _card_dict(c: Card, deck: Deck) -> CardInfo:
    # Built key by key so the optional keys keep their place in the document's order.
    out: dict[str, Any] = {
        "id": c.id,
        "topic": c.topic,
        "type": c.type.value,
        "prompt": c.prompt,
        "answer": c.answer,
    }
    if c.type.has_choices:
        out["choices"] = list(c.choices)
        out["correct"] = list(c.correct)
    if c.accept:
        out["accept"] = list(c.accept)
    if c.explanation:
        out["explanation"] = c.explanation
    out["citations"] = []
    for x in c.citations:
        cite: dict[str, Any] = {"source": x.source, "quote": x.quote, "start": x.start, "end": x.end}
        page = deck.page_of(x)
        if page is not None:
            cite["page"] = page
        out["citations"].append(cite)
    out["disagreements"] = list(c.disagreements)
    return cast("CardInfo", out)
