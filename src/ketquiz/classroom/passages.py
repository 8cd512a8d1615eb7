"""Text shown beside a question in class: its source passages, labelled choices, and disagreement notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ketquiz.core.model import Card, CardType, Citation, Deck

CHOICE_LABELS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True, slots=True)
class CitedPassage:
    source_title: str
    text: str


def passage_text(deck: Deck, citation: Citation) -> CitedPassage:
    """The cited passage as it stands in the source when located, else the quote as the author wrote it."""
    source = deck.get_source(citation.source)
    if source is None:
        return CitedPassage(citation.source, citation.quote)
    if citation.located and source.text:
        text = " ".join(source.text[citation.start : citation.end].split())
    else:
        text = " ".join(citation.quote.split())
    return CitedPassage(source.title or source.id, text)


def card_passages(deck: Deck, card: Card) -> list[CitedPassage]:
    return [passage_text(deck, c) for c in card.citations]


def disagreement_notes(deck: Deck, card: Card) -> list[str]:
    """One paragraph per disagreement the card rests on: the summary, then what each source says."""
    notes = []
    for did in card.disagreements:
        d = deck.get_disagreement(did)
        if d is None:
            continue
        lines = [d.summary + (" (one source contradicts itself)" if d.self_contradiction else "")]
        for p in d.positions:
            source = deck.get_source(p.source)
            title = (source.title if source is not None else "") or p.source
            lines.append(f"• {title}: {p.says}")
        notes.append("\n".join(lines))
    return notes


def shown_choices(card: Card) -> tuple[str, ...]:
    """The options as presented: the card's choices, or True/False for a statement."""
    if card.type is CardType.TRUEFALSE and not card.choices:
        return ("True", "False")
    return card.choices


def readable_response(response: Any) -> str:
    """A stored response (see :func:`ketquiz.classroom.session.response_to_json`) as one readable line."""
    if response is None:
        return "(no answer)"
    if isinstance(response, bool):
        return "True" if response else "False"
    if isinstance(response, list):
        return "; ".join(str(r) for r in response) or "(none ticked)"
    return str(response)
