"""An Anki package (.apkg), built with genanki: one note a card, in a deck named after the ketquiz deck.

The note type "ketquiz card" has the fields Prompt, Answer, Explanation and Sources (each citation's quoted
passage and source title); a contested card's Explanation starts with the contested mark and what each source
says, and the note is tagged ``contested``. Every id is derived from ketquiz's ids, never from the clock: the
note type and deck ids from fixed names and the deck id, each note's GUID from the deck and card ids. So
importing a newer export of the same deck updates the notes already in Anki instead of adding duplicates, and
keeps their review history.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import json
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path

from ketquiz.core.model import Card, CardType, Deck
from ketquiz.decks.formats.common import CONTESTED, Export, disagreement_lines, require, sources_html

MODEL_NAME = "ketquiz card"
FIELDS = ("Prompt", "Answer", "Explanation", "Sources")
QFMT = "{{Prompt}}"
AFMT = (
    "{{FrontSide}}<hr id=answer>{{Answer}}"
    "{{#Explanation}}<div class=explanation>{{Explanation}}</div>{{/Explanation}}"
    "{{#Sources}}<div class=sources>{{Sources}}</div>{{/Sources}}"
)
CSS = (
    ".card { font-family: sans-serif; font-size: 20px; text-align: left; }\n"
    ".explanation { margin-top: 1em; }\n"
    ".sources { margin-top: 1em; font-size: 16px; color: #555; }\n"
)


def stable_id(*parts: str) -> int:
    """A positive 31-bit id from names: the same names always give the same id (Anki wants ids that fit)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return 1 << 30 | int.from_bytes(digest[:4], "big") >> 2


def _h(text: str) -> str:
    return html.escape(text, quote=False)


def prompt_field(card: Card) -> str:
    text = _h(card.prompt)
    if card.type in (CardType.MCQ, CardType.MULTI):
        hint = "Choose one." if card.type is CardType.MCQ else "Choose all that apply."
        text += (
            f'<br><i>{hint}</i><ol type="A">' + "".join(f"<li>{_h(c)}</li>" for c in card.choices) + "</ol>"
        )
    elif card.type is CardType.TRUEFALSE:
        text += "<br><i>True or false?</i>"
    return text


def answer_field(card: Card) -> str:
    answer = f"<b>{_h(card.answer)}</b>"
    if card.type in (CardType.TYPED, CardType.CLOZE) and card.accept:
        answer += "<br><i>Also accepted:</i> " + "; ".join(_h(a) for a in card.accept)
    return answer


def explanation_field(card: Card, deck: Deck) -> str:
    parts = []
    if card.contested:
        items = "".join(f"<li>{_h(title)}: {_h(says)}</li>" for title, says in disagreement_lines(card, deck))
        parts.append(f"<b>{_h(CONTESTED)}</b>" + (f"<ul>{items}</ul>" if items else ""))
    if card.explanation:
        parts.append(_h(card.explanation))
    return "<br>".join(parts)


def _tag(text: str) -> str:
    return "_".join(text.split()) or "_"


def export(deck: Deck) -> Export:
    genanki = require("genanki", "apkg")
    model = genanki.Model(
        stable_id("ketquiz", "note type", MODEL_NAME),
        MODEL_NAME,
        fields=[{"name": f} for f in FIELDS],
        templates=[{"name": "Card 1", "qfmt": QFMT, "afmt": AFMT}],
        css=CSS,
    )
    anki_deck = genanki.Deck(stable_id("ketquiz", "deck", deck.id), deck.title)
    for card in deck.cards:
        tags = ["ketquiz", _tag(f"topic::{card.topic}"), f"type::{card.type.value}", *map(_tag, card.tags)]
        if card.contested:
            tags.append("contested")
        anki_deck.add_note(
            genanki.Note(
                model=model,
                fields=[
                    prompt_field(card),
                    answer_field(card),
                    explanation_field(card, deck),
                    sources_html(card, deck),
                ],
                guid=genanki.guid_for("ketquiz", deck.id, card.id),
                tags=tags,
            )
        )
    return Export(data=_package(genanki.Package(anki_deck)), exported=len(deck.cards))


def _package(package: object) -> bytes:
    """The package's bytes. genanki's own ``write_to_file`` leaves its temporary database behind in the system's
    temporary folder, so the database is written here in a folder that is removed afterwards; the zip holds what
    genanki's does (the collection and an empty media map)."""
    now = time.time()
    with tempfile.TemporaryDirectory(prefix="ketquiz-apkg-") as tmp:
        db = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(db)
        try:
            package.write_to_db(conn.cursor(), now, itertools.count(int(now * 1000)))  # type: ignore[attr-defined]
            conn.commit()
        finally:
            conn.close()
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.write(db, "collection.anki2")
            z.writestr("media", json.dumps({}))
        return buf.getvalue()
