"""What every export shares: the result type, the missing-library error, and a card's feedback (explanation,
the contested mark, and each citation as source title plus quoted passage), in HTML and in plain text."""

from __future__ import annotations

import html
import importlib
import re
from dataclasses import dataclass, field
from types import ModuleType

from ketquiz.core.model import Card, Deck

INSTALL_EXPORTS = "pip install 'ketquiz[exports]'"
CONTESTED = "Contested: the sources disagree on this point."


#: Characters XML 1.0 cannot hold at all (C0 controls but tab, newline and carriage return; lone surrogates;
#: U+FFFE/U+FFFF). A deck may contain them; an export replaces each with U+FFFD rather than write a file no
#: reader would open.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _XML_BAD.sub("\ufffd", text)


class MissingExtra(RuntimeError):
    """A library an export needs is not installed; the message names the install command."""


def require(module: str, fmt: str) -> ModuleType:
    """Import ``module`` for the ``fmt`` export, or say how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(
            f"the {fmt} export needs the Python package '{module}', which is not installed; "
            f"install it with: {INSTALL_EXPORTS}"
        ) from None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A card an export could not carry, and why (printed per card by the command)."""

    card_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Export:
    data: bytes
    exported: int
    skipped: tuple[Skipped, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


def citations(card: Card, deck: Deck) -> list[tuple[str, str]]:
    """(source title, quoted passage) for each of the card's citations, in order."""
    return [(deck.source(c.source).title, c.quote) for c in card.citations]


def disagreement_lines(card: Card, deck: Deck) -> list[tuple[str, str]]:
    """(source title, what it says) for each position of each disagreement the card is part of."""
    return [
        (deck.source(p.source).title, p.says)
        for did in card.disagreements
        for p in deck.disagreement(did).positions
    ]


def feedback_html(card: Card, deck: Deck) -> str:
    """General feedback as HTML: the answer, the contested mark, the explanation, and every citation."""
    parts = [f"<p><b>Answer:</b> {html.escape(card.answer, quote=False)}</p>"]
    if card.contested:
        items = "".join(
            f"<li>{html.escape(title, quote=False)}: {html.escape(says, quote=False)}</li>"
            for title, says in disagreement_lines(card, deck)
        )
        parts.append(
            f"<p><b>{html.escape(CONTESTED, quote=False)}</b></p>" + (f"<ul>{items}</ul>" if items else "")
        )
    if card.explanation:
        parts.append(f"<p>{html.escape(card.explanation, quote=False)}</p>")
    for title, quote in citations(card, deck):
        parts.append(
            f"<blockquote><p>“{html.escape(quote, quote=False)}”</p><p>— {html.escape(title, quote=False)}</p></blockquote>"
        )
    return "".join(parts)


def feedback_text(card: Card, deck: Deck) -> str:
    """The same feedback as plain text, one paragraph a line."""
    lines = [f"Answer: {card.answer}"]
    if card.contested:
        lines.append(CONTESTED)
        lines += [f"- {title}: {says}" for title, says in disagreement_lines(card, deck)]
    if card.explanation:
        lines.append(card.explanation)
    lines += [f"“{quote}” — {title}" for title, quote in citations(card, deck)]
    return "\n".join(lines)


def sources_html(card: Card, deck: Deck) -> str:
    """Just the citations, as HTML (Anki's Sources field)."""
    return "".join(
        f"<blockquote>“{html.escape(quote, quote=False)}”<br>— {html.escape(title, quote=False)}</blockquote>"
        for title, quote in citations(card, deck)
    )


def topic_title(deck: Deck, topic_id: str) -> str:
    return deck.topic(topic_id).title


def prompt_html(card: Card) -> str:
    """The question text as HTML, marked when contested."""
    text = html.escape(card.prompt, quote=False)
    return f"<p>{text}</p>" + ("<p><i>(contested: the sources disagree)</i></p>" if card.contested else "")
