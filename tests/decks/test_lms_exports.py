"""Moodle XML and GIFT exports, each read back by a real reader: lxml for the XML (every question's structure
checked) and pygiftparser, an independent GIFT parser from the package index, for GIFT.

pygiftparser (1.1) reads an escaped brace in the question text and feedback, but its answer pattern ends an
answer at the first ``}`` even when escaped; so the hostile answers read back through it carry every other
reserved character, and escaped braces in answers are checked on the written text itself."""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from ketquiz.cli import main
from ketquiz.core.model import CardType, Deck
from ketquiz.decks import load_deck
from ketquiz.decks.formats import export

from .conftest import GOOD_DECK

etree = pytest.importorskip("lxml.etree")

MakeDeck = Callable[..., Path]

# Every character GIFT reserves, a backslash, and markup, in a prompt, a choice and a typed answer.
HOSTILE_PROMPT = "Which {receptor} ~= #1: does ketamine \\\\ block <b>now</b>?"
HOSTILE_CHOICE = "GABA = x ~ receptor#2: y \\\\ z"
HOSTILE_DECK = (
    GOOD_DECK.replace("prompt: Which receptor does ketamine block?", f'prompt: "{HOSTILE_PROMPT}"')
    .replace(
        "choices: [NMDA receptor, GABA receptor, serotonin receptor]",
        f'choices: [NMDA receptor, "{HOSTILE_CHOICE}", serotonin receptor]',
    )
    .replace("answer: glutamate", 'answer: "glu:ta=mate"\n    accept: ["glu#t~amate", "a\\\\\\\\b="]')
)


@pytest.fixture
def hostile(make_deck: MakeDeck) -> Deck:
    loaded = load_deck(make_deck(HOSTILE_DECK))
    assert loaded.deck is not None, loaded.diagnostics
    return loaded.deck


def bundled() -> Deck:
    loaded = load_deck(Path(__file__).resolve().parents[2] / "decks" / "ketamine-depression.yaml")
    assert loaded.deck is not None
    return loaded.deck


def _text(el: object, path: str) -> str:
    found = el.find(path)  # type: ignore[attr-defined]
    assert found is not None, path
    return found.text or ""


def check_moodle_xml(deck: Deck, data: bytes) -> None:
    """Every question of the deck is in the XML with the structure Moodle's importer reads."""
    root = etree.fromstring(data)
    assert root.tag == "quiz"
    questions = [q for q in root if q.get("type") != "category"]
    assert len(questions) == len(deck.cards)
    categories = [_text(q, "category/text") for q in root if q.get("type") == "category"]
    assert categories == [
        f"$course$/top/{deck.title}/{t.title}"
        for t in deck.topics
        if any(c.topic == t.id for c in deck.cards)
    ]
    kinds = {
        CardType.MCQ: "multichoice",
        CardType.MULTI: "multichoice",
        CardType.TRUEFALSE: "truefalse",
        CardType.TYPED: "shortanswer",
        CardType.CLOZE: "cloze",
        CardType.BASIC: "essay",
    }
    for card, q in zip(deck.cards, questions, strict=True):
        assert q.get("type") == kinds[card.type]
        assert _text(q, "idnumber") == card.id
        assert _text(q, "name/text") == ("[contested] " if card.contested else "") + card.id
        feedback = _text(q, "generalfeedback/text")
        assert q.find("generalfeedback").get("format") == "html"
        for cite in card.citations:  # source title and quoted passage, in the general feedback
            assert html.escape(cite.quote, quote=False) in feedback
            assert html.escape(deck.source(cite.source).title, quote=False) in feedback
        tags = [t.text for t in q.findall("tags/tag/text")]
        assert ("contested" in tags) == card.contested
        assert ("Contested" in feedback) == card.contested
        answers = q.findall("answer")
        if card.type in (CardType.MCQ, CardType.MULTI):
            assert _text(q, "single") == ("true" if card.type is CardType.MCQ else "false")
            assert [html.unescape(a.findtext("text")) for a in answers] == list(card.choices)
            fractions = [float(a.get("fraction")) for a in answers]
            assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=1e-3)
            assert [i for i, f in enumerate(fractions) if f > 0] == list(card.correct)
        elif card.type is CardType.TRUEFALSE:
            right = {a.findtext("text"): float(a.get("fraction")) for a in answers}
            assert right == {
                "true": 100.0 if card.correct == (0,) else 0.0,
                "false": 0.0 if card.correct == (0,) else 100.0,
            }
        elif card.type is CardType.TYPED:
            assert [a.findtext("text").replace("\\*", "*") for a in answers] == list(
                dict.fromkeys(card.accepted_answers)
            )
            assert all(a.get("fraction") == "100" for a in answers)
        elif card.type is CardType.CLOZE:
            text = _text(q, "questiontext/text")
            assert "{1:SHORTANSWER:=" in text and "{{" not in text
        else:
            assert _text(q, "graderinfo/text")
            assert _text(q, "responseformat") == "editor"


def test_moodle_xml_of_the_bundled_deck_parses_and_every_question_is_well_formed() -> None:
    deck = bundled()
    check_moodle_xml(deck, export(deck, "moodle-xml").data)


def test_moodle_xml_keeps_hostile_text_intact(hostile: Deck) -> None:
    data = export(hostile, "moodle-xml").data
    check_moodle_xml(hostile, data)
    root = etree.fromstring(data)
    nmda = next(q for q in root if q.findtext("idnumber") == "nmda")
    assert html.escape(HOSTILE_PROMPT.replace("\\\\", "\\"), quote=False) in nmda.findtext(
        "questiontext/text"
    )
    typed = next(q for q in root if q.findtext("idnumber") == "typed")
    assert [a.findtext("text") for a in typed.findall("answer")] == ["glu:ta=mate", "glu#t~amate", "a\\\\b="]


def test_moodle_xml_replaces_characters_xml_cannot_hold(make_deck: MakeDeck) -> None:
    deck = load_deck(
        make_deck(GOOD_DECK.replace("Which side effects are named?", '"Which side\\x01 effects?"'))
    )
    assert deck.deck is not None, deck.diagnostics
    root = etree.fromstring(export(deck.deck, "moodle-xml").data)
    assert "\ufffd" in "".join(root.itertext())


def gift_questions(data: bytes) -> list:
    from pygiftparser import parser

    return parser.parseFile(io.StringIO(data.decode("utf-8")))


def unescape(text: str) -> str:
    """Undo GIFT escaping as Moodle's importer does (pygiftparser leaves it for its renderers)."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append("\n" if text[i + 1] == "n" else text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def check_gift(deck: Deck, data: bytes) -> None:
    questions = gift_questions(data)
    assert len(questions) == len(deck.cards)
    for card, q in zip(deck.cards, questions, strict=True):
        assert q.valid, card.id
        assert unescape(q.title) == ("[contested] " if card.contested else "") + card.id
        assert q.markup == "html"
        feedback = unescape(q.generalFeedback.removeprefix("[html]"))
        for cite in card.citations:
            assert html.escape(cite.quote, quote=False) in feedback
        assert ("Contested" in feedback) == card.contested
        kind = type(q.answers).__name__
        if card.type is CardType.MCQ:
            assert kind == "SelectSet"
            got = [(html.unescape(unescape(a.answer)), a.fraction) for a in q.answers.answers]
            assert got == [(c, 100 if i in card.correct else 0) for i, c in enumerate(card.choices)]
            assert html.unescape(unescape(q.text)).startswith(f"<p>{card.prompt}</p>".replace("<b>", "<b>"))
        elif card.type is CardType.MULTI:
            assert kind == "MultipleChoicesSet"
            texts = [html.unescape(unescape(a.answer)) for a in q.answers.answers]
            assert texts == list(card.choices)
            assert [i for i, a in enumerate(q.answers.answers) if a.fraction > 0] == list(card.correct)
        elif card.type is CardType.TRUEFALSE:
            assert kind == "TrueFalseSet"
        elif card.type in (CardType.TYPED, CardType.CLOZE):
            assert kind == "ShortSet"
            assert [unescape(a.answer) for a in q.answers.answers] == list(
                dict.fromkeys(card.accepted_answers)
            )
            if card.type is CardType.CLOZE:
                assert q.tail  # the text after the blank: a "missing word" question
        else:
            assert kind == "Essay"


def test_gift_of_the_bundled_deck_parses_with_an_independent_parser() -> None:
    deck = bundled()
    check_gift(deck, export(deck, "gift").data)


def test_gift_escapes_every_reserved_character(hostile: Deck) -> None:
    data = export(hostile, "gift").data
    check_gift(hostile, data)
    assert b"::[html]<p>Which \\{receptor\\} \\~\\= \\#1\\:" in data
    nmda = gift_questions(data)[0]
    assert unescape(nmda.text).startswith(
        "<p>" + html.escape(HOSTILE_PROMPT.replace("\\\\", "\\"), quote=False)
    )


def test_gift_escapes_braces_in_answers(make_deck: MakeDeck) -> None:
    deck = load_deck(make_deck(GOOD_DECK.replace("answer: glutamate", 'answer: "glu{t}amate"')))
    assert deck.deck is not None
    data = export(deck.deck, "gift").data.decode()
    assert "{=glu\\{t\\}amate ####" in data
    # the answer the parser reads is cut at the escaped brace (its limitation, see above), but the question stands
    assert all(q.valid for q in gift_questions(export(deck.deck, "gift").data))


@pytest.mark.parametrize("fmt", ["moodle-xml", "gift"])
def test_export_command_writes_the_file_and_keeps_an_existing_one(
    fmt: str, make_deck: MakeDeck, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck = make_deck()
    out = tmp_path / f"out.{fmt}"
    assert main(["export", str(deck), "--format", fmt, "-o", str(out)]) == 0
    first = out.read_bytes()
    assert b"nmda" in first
    assert main(["export", str(deck), "--format", fmt, "-o", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert out.read_bytes() == first
