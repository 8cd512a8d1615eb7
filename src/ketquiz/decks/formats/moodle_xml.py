"""Moodle XML (Question bank → Import → "Moodle XML format"): one category per topic under the deck's title.

Card types map to Moodle's question types: mcq → multichoice (single), multi → multichoice (multiple, each right
choice 100/k %, each wrong one −100/(n−k) % so ticking everything scores nothing), truefalse → truefalse,
typed → shortanswer (the accepted alternatives as further 100 % answers), cloze → cloze (embedded answers,
``{1:SHORTANSWER:=…~=…}``), basic → essay (graded by the teacher; the answer is in the grader information).
Every question's general feedback has the answer, the explanation and the citations; a contested card is
tagged ``contested`` and says so in its text and feedback. The XML is written with the standard library.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from ketquiz.core.model import Card, CardType, Deck
from ketquiz.decks.formats.common import Export, feedback_html, prompt_html, topic_title, xml_safe

#: Characters Moodle's embedded-answer (cloze) syntax reserves inside an answer; each is escaped with "\".
CLOZE_RESERVED = '\\}#~/"{'


def _text(parent: ET.Element, tag: str, value: str, fmt: str | None = None) -> ET.Element:
    el = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(el, "text").text = xml_safe(value)
    return el


def fraction(x: float) -> str:
    """A Moodle answer fraction in percent, to Moodle's 7 significant digits (33.33333, -50, 100)."""
    return f"{x:.5f}".rstrip("0").rstrip(".")


def cloze_answer(text: str) -> str:
    """``text`` escaped for an embedded answer."""
    return "".join("\\" + ch if ch in CLOZE_RESERVED else ch for ch in text)


def _answer(q: ET.Element, value: str, pct: float, fmt: str = "html") -> None:
    a = ET.SubElement(q, "answer", {"fraction": fraction(pct), "format": fmt})
    ET.SubElement(a, "text").text = xml_safe(value)
    _text(a, "feedback", "", "html")


def _question(deck: Deck, card: Card) -> ET.Element:
    kind = {
        CardType.MCQ: "multichoice",
        CardType.MULTI: "multichoice",
        CardType.TRUEFALSE: "truefalse",
        CardType.TYPED: "shortanswer",
        CardType.CLOZE: "cloze",
        CardType.BASIC: "essay",
    }[card.type]
    q = ET.Element("question", {"type": kind})
    _text(q, "name", ("[contested] " if card.contested else "") + card.id)
    if card.type is CardType.CLOZE:
        before, _, rest = card.text.partition("{{")
        _, _, after = rest.partition("}}")
        embedded = "~".join(f"={cloze_answer(a)}" for a in card.accepted_answers)
        body = f"<p>{html.escape(before, quote=False)}{{1:SHORTANSWER:{embedded}}}{html.escape(after, quote=False)}</p>"
        if card.contested:
            body += "<p><i>(contested: the sources disagree)</i></p>"
        _text(q, "questiontext", body, "html")
    else:
        _text(q, "questiontext", prompt_html(card), "html")
    _text(q, "generalfeedback", feedback_html(card, deck), "html")
    ET.SubElement(q, "defaultgrade").text = "1"
    ET.SubElement(q, "penalty").text = "0.3333333"
    ET.SubElement(q, "hidden").text = "0"
    ET.SubElement(q, "idnumber").text = xml_safe(card.id)
    if card.type in (CardType.MCQ, CardType.MULTI):
        single = card.type is CardType.MCQ
        ET.SubElement(q, "single").text = "true" if single else "false"
        ET.SubElement(q, "shuffleanswers").text = "true"
        ET.SubElement(q, "answernumbering").text = "abc"
        right = len(card.correct)
        wrong = len(card.choices) - right
        for i, choice in enumerate(card.choices):
            if i in card.correct:
                pct = 100.0 if single else 100.0 / right
            else:
                pct = 0.0 if single or not wrong else -100.0 / wrong
            _answer(q, html.escape(choice, quote=False), pct)
    elif card.type is CardType.TRUEFALSE:
        truth = card.correct == (0,)
        _answer(q, "true", 100.0 if truth else 0.0, "moodle_auto_format")
        _answer(q, "false", 0.0 if truth else 100.0, "moodle_auto_format")
    elif card.type is CardType.TYPED:
        ET.SubElement(q, "usecase").text = "0"
        for a in dict.fromkeys(card.accepted_answers):
            _answer(q, a.replace("*", "\\*"), 100.0, "moodle_auto_format")
    elif card.type is CardType.BASIC:
        ET.SubElement(q, "responseformat").text = "editor"
        ET.SubElement(q, "responserequired").text = "1"
        ET.SubElement(q, "responsefieldlines").text = "5"
        ET.SubElement(q, "attachments").text = "0"
        ET.SubElement(q, "attachmentsrequired").text = "0"
        _text(q, "graderinfo", feedback_html(card, deck), "html")
        _text(q, "responsetemplate", "", "html")
    tags = ET.SubElement(q, "tags")
    for tag in ("ketquiz", f"topic:{card.topic}", *(("contested",) if card.contested else ()), *card.tags):
        _text(tags, "tag", tag)
    return q


def build(deck: Deck) -> ET.Element:
    """The ``<quiz>`` element: a category question before each topic's questions."""
    quiz = ET.Element("quiz")
    by_topic: dict[str, list[Card]] = {}
    for card in deck.cards:
        by_topic.setdefault(card.topic, []).append(card)
    for topic_id, cards in by_topic.items():
        category = ET.SubElement(quiz, "question", {"type": "category"})
        path = (
            f"$course$/top/{deck.title.replace('/', '//')}/{topic_title(deck, topic_id).replace('/', '//')}"
        )
        _text(category, "category", path)
        _text(category, "info", f"ketquiz deck {deck.id}, topic {topic_id}", "html")
        for card in cards:
            quiz.append(_question(deck, card))
    return quiz


def export(deck: Deck) -> Export:
    root = build(deck)
    ET.indent(root)
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(
        root, encoding="utf-8", xml_declaration=False
    )
    return Export(data=data + b"\n", exported=len(deck.cards))
