"""Checks on a whole deck that need more than one field: ids, references, and quotes found in their sources.

Pure: the loader has already read the files; this works on the model and the sources' texts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from ketquiz.core.citations import (
    MIN_QUOTE_WORDS,
    line_col,
    locate_normalized,
    locate_quote,
    nearest_passage,
    normalize_quote,
)
from ketquiz.core.diagnostics import Diagnostic, Severity
from ketquiz.core.model import Card, Citation, Deck, Disagreement, Location, Position, Source, Span

#: A near-miss is worth naming when at least this similar (0-100).
NEAR_MISS_SCORE = 60.0


class _Report:
    def __init__(self, deck_file: str) -> None:
        self.file = deck_file
        self.items: list[Diagnostic] = []

    def __call__(self, loc: Location | None, code: str, message: str, severity: Severity = "error") -> None:
        self.items.append(Diagnostic.at(loc, self.file, severity, code, message))


def validate_deck(deck: Deck) -> tuple[Deck, list[Diagnostic]]:
    """Return the deck with every quote located (offsets filled in) and the problems found."""
    report = _Report(deck.path)
    _unique(report, "source", deck.sources)
    _unique(report, "topic", deck.topics)
    _unique(report, "card", deck.cards)
    _unique(report, "disagreement", deck.disagreements)
    sources = {s.id: s for s in deck.sources}
    topics = {t.id for t in deck.topics}
    disagreement_ids = {d.id for d in deck.disagreements}
    located_sources = tuple(_locate_ignores(report, s) for s in deck.sources)

    cards = []
    for card in deck.cards:
        if card.topic and card.topic not in topics:
            report(
                card.field_locs.get("topic", card.loc),
                "unknown-topic",
                f"card '{card.id}' has unknown topic '{card.topic}'{_known(topics)}",
            )
        if not card.citations:
            report(card.loc, "no-citation", f"card '{card.id}' cites nothing; every card needs a citation")
        for did in card.disagreements:
            if did not in disagreement_ids:
                report(
                    card.field_locs.get("disagreements", card.loc),
                    "unknown-disagreement",
                    f"card '{card.id}' links unknown disagreement '{did}'",
                )
        cites = tuple(_locate(report, sources, c, f"card '{card.id}'") for c in card.citations)
        cards.append(dataclasses.replace(card, citations=cites))

    disagreements = []
    for d in deck.disagreements:
        disagreements.append(_check_disagreement(report, d, sources, topics))

    if not deck.cards:
        report(None, "no-cards", "the deck has no cards", "warning")
    located = dataclasses.replace(
        deck, sources=located_sources, cards=tuple(cards), disagreements=tuple(disagreements)
    )
    return located, report.items


def _known(ids: Iterable[str]) -> str:
    ids = sorted(ids)
    return f" (known: {', '.join(ids[:12])}{', ...' if len(ids) > 12 else ''})" if ids else ""


def _unique(report: _Report, kind: str, items: Iterable[Source | Card | Disagreement | object]) -> None:
    seen: dict[str, Location | None] = {}
    for item in items:
        item_id: str = getattr(item, "id", "")
        loc: Location | None = getattr(item, "loc", None)
        if item_id in seen:
            first = seen[item_id]
            at = f" (first at line {first.line})" if first else ""
            report(loc, "duplicate-id", f"{kind} id '{item_id}' is used twice{at}")
        else:
            seen[item_id] = loc


def _check_disagreement(
    report: _Report, d: Disagreement, sources: dict[str, Source], topics: set[str]
) -> Disagreement:
    if d.topic and d.topic not in topics:
        report(d.loc, "unknown-topic", f"disagreement '{d.id}' has unknown topic '{d.topic}'{_known(topics)}")
    positions = tuple(_locate_position(report, sources, p, d.id) for p in d.positions)
    if len(d.positions) < 2:
        report(d.loc, "disagreement-positions", f"disagreement '{d.id}' needs at least two positions")
    elif d.self_contradiction:
        spans = {(p.start, p.end) for p in positions if p.start >= 0}
        if len(d.sources) != 1:
            report(
                d.loc,
                "disagreement-sources",
                f"disagreement '{d.id}' is marked self_contradiction but its positions come from "
                f"{len(d.sources)} sources; a self-contradiction quotes one source twice",
            )
        elif len(spans) < len([p for p in positions if p.start >= 0]) or len(d.positions) < 2:
            report(d.loc, "disagreement-sources", f"disagreement '{d.id}' quotes the same passage twice")
    elif len(d.sources) < 2:
        report(
            d.loc,
            "disagreement-sources",
            f"disagreement '{d.id}' has positions from only one source ('{d.sources[0]}'); a disagreement needs "
            "two or more sources, or 'self_contradiction: true' with two passages of one source",
        )
    return dataclasses.replace(d, positions=positions)


def _locate_position(report: _Report, sources: dict[str, Source], p: Position, did: str) -> Position:
    c = _locate(report, sources, p.as_citation(), f"disagreement '{did}'")
    return dataclasses.replace(p, start=c.start, end=c.end)


def _locate(report: _Report, sources: dict[str, Source], c: Citation, owner: str) -> Citation:
    source = sources.get(c.source)
    if source is None:
        report(c.loc, "unknown-source", f"{owner} cites unknown source '{c.source}'{_known(sources)}")
        return c
    if not source.text.strip():
        if (
            source.sha256
        ):  # read, but empty (reported at the source as source-empty): nothing can be found in it
            report(
                c.loc,
                "quote-not-found",
                f"quote not found in source '{source.id}' ({source.file}): the file is empty",
            )
        return c  # otherwise the source file is missing or unreadable: reported once, at the source
    needle = normalize_quote(c.quote)  # once: check normalises every quote of a deck of 100,000 cards
    words = len(needle.split())
    if words < MIN_QUOTE_WORDS:
        report(
            c.loc,
            "quote-too-short",
            f"quote '{c.quote}' is too short to pin down a passage ({words} word{'s' if words != 1 else ''}; "
            f"at least {MIN_QUOTE_WORDS})",
        )
        return c
    spans = locate_normalized(source.text, needle)
    if spans:
        return dataclasses.replace(c, start=spans[0].start, end=spans[0].end)
    report(c.loc, "quote-not-found", _not_found_message(source, c.quote))
    return c


def _not_found_message(source: Source, quote: str) -> str:
    span, score = nearest_passage(source.text, quote)
    msg = f"quote not found in source '{source.id}' ({source.file})"
    if score >= NEAR_MISS_SCORE and span.end > span.start:
        line, col = line_col(source.text, span.start)
        passage = " ".join(source.text[span.start : span.end].split())
        if len(passage) > 160:
            passage = passage[:157] + "..."
        msg += f'; closest passage ({score:.0f}% alike) at {source.file}:{line}:{col}: "{passage}"'
    else:
        msg += "; nothing in that source is close"
    return msg


def _locate_ignores(report: _Report, source: Source) -> Source:
    spans: list[Span] = []
    for q in source.ignore_quotes:
        found = locate_quote(source.text, q) if source.text else []
        if source.text and not found:
            report(source.loc, "ignore-not-found", f"ignored passage '{q}' not found in source '{source.id}'")
        spans.extend(found)
    return dataclasses.replace(source, ignore=tuple(spans))
