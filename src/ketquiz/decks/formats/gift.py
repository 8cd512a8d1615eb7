"""GIFT (Moodle's plain-text question format; also read by other LMSs): one ``$CATEGORY`` per topic.

Every piece of deck text is escaped as Moodle's own GIFT writer does it: ``\\ ~ = # { } :`` get a backslash and a
line break becomes ``\\n``, so no deck text can end a question, start an answer or fake a category. Questions are
written in the ``[html]`` markup with the citations in the general feedback (``####``).

mcq → ``{=right ~wrong}``; multi → ``{~%50%right ~%-100%wrong}``; truefalse → ``{TRUE}``/``{FALSE}``; typed →
``{=answer =alternative}``; cloze → the "missing word" form, ``before {=answer} after``; basic → essay ``{}``.
"""

from __future__ import annotations

import html

from ketquiz.core.model import Card, CardType, Deck
from ketquiz.decks.formats.common import Export, feedback_html, prompt_html, topic_title
from ketquiz.decks.formats.moodle_xml import fraction

RESERVED = {
    "\\": "\\\\",
    "~": "\\~",
    "=": "\\=",
    "#": "\\#",
    "{": "\\{",
    "}": "\\}",
    ":": "\\:",
    "\n": "\\n",
    "\r": "",
}


def escape(text: str) -> str:
    """``text`` safe anywhere in a GIFT question."""
    return "".join(RESERVED.get(ch, ch) for ch in text)


def _title(card: Card) -> str:
    return escape(("[contested] " if card.contested else "") + card.id)


def _answers(card: Card) -> str:
    if card.type is CardType.MCQ:
        return " ".join(
            ("=" if i in card.correct else "~") + escape(html.escape(c, quote=False))
            for i, c in enumerate(card.choices)
        )
    if card.type is CardType.MULTI:
        right, wrong = len(card.correct), len(card.choices) - len(card.correct)
        return " ".join(
            f"~%{fraction(100 / right if i in card.correct else -100 / max(1, wrong))}%{escape(html.escape(c, quote=False))}"
            for i, c in enumerate(card.choices)
        )
    if card.type is CardType.TRUEFALSE:
        return "TRUE" if card.correct == (0,) else "FALSE"
    if card.type in (CardType.TYPED, CardType.CLOZE):
        return " ".join("=" + escape(a) for a in dict.fromkeys(card.accepted_answers))
    return ""  # basic: an essay


def question(card: Card, deck: Deck) -> str:
    """One question: a comment with the card id, the title, the text, the answers and the general feedback."""
    feedback = "####[html]" + escape(feedback_html(card, deck))
    if card.type is CardType.CLOZE:
        before, _, rest = card.text.partition("{{")
        _, _, after = rest.partition("}}")
        mark = " (contested: the sources disagree)" if card.contested else ""
        return (
            f"// {escape(card.id)}\n::{_title(card)}::[html]{escape(html.escape(before.rstrip(), quote=False))} "
            f"{{{_answers(card)} {feedback}}} {escape(html.escape(after.lstrip() + mark, quote=False))}\n"
        )
    return (
        f"// {escape(card.id)}\n::{_title(card)}::[html]{escape(prompt_html(card))} "
        f"{{{_answers(card)} {feedback}}}\n"
    )


def to_gift(deck: Deck) -> str:
    out = [f"// {escape(deck.title)} (ketquiz deck {escape(deck.id)})\n"]
    by_topic: dict[str, list[Card]] = {}
    for card in deck.cards:
        by_topic.setdefault(card.topic, []).append(card)
    for topic_id, cards in by_topic.items():
        category = " ".join(f"$course$/top/{deck.title}/{topic_title(deck, topic_id)}".split())
        out.append(f"\n$CATEGORY: {category}\n")
        out += ["\n" + question(card, deck) for card in cards]
    return "".join(out)


def export(deck: Deck) -> Export:
    return Export(data=to_gift(deck).encode("utf-8"), exported=len(deck.cards))
