"""`ketquiz quote` and `ketquiz coverage` on a small deck written in a temporary folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ketquiz.cli import main
from ketquiz.decks import load_deck

SOURCE = (
    "Tea Notes\n"
    "Green tea\u2019s leaves are steamed \u2014 not withered \u2014 soon after picking.\u00a0This keeps them green.\n"
    "Black tea is left to oxidise fully. It turns dark as it does.\n"
    "Subscribe to our newsletter!\n"
)
DECK = """\
id: tea
title: Tea
sources:
  - id: notes
    title: Tea Notes
    file: sources/notes.txt
    ignore: ["Subscribe to our newsletter!"]
topics:
  - id: kinds
    title: Kinds of tea
cards:
  - id: black
    topic: kinds
    type: truefalse
    prompt: Black tea is fully oxidised.
    answer: true
    citations:
      - source: notes
        quote: Black tea is left to oxidise fully.
"""


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "notes.txt").write_text(SOURCE, encoding="utf-8")
    deck = tmp_path / "tea.yaml"
    deck.write_text(DECK, encoding="utf-8")
    assert load_deck(deck).ok
    return deck


def test_quote_snippet_pastes_into_a_deck_that_passes_check(
    deck_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Straight apostrophe, hyphens and a plain space where the source has curly, em dashes and a no-break space.
    assert main(["quote", str(deck_file), "notes", "Green tea's leaves are steamed - not withered"]) == 0
    out = capsys.readouterr().out
    assert "notes.txt:2:1" in out
    snippet = out[out.index("      - source:") :].rstrip("\n")
    card = (
        "  - id: green\n    topic: kinds\n    type: basic\n    prompt: How is green tea made?\n"
        "    answer: Its leaves are steamed soon after picking.\n    citations:\n" + snippet + "\n"
    )
    deck_file.write_text(DECK + card, encoding="utf-8")
    result = load_deck(deck_file)
    assert result.ok, [d.format() for d in result.diagnostics]
    assert result.deck is not None
    cited = result.deck.card("green").citations[0]
    text = (deck_file.parent / "sources" / "notes.txt").read_text(encoding="utf-8")
    assert text[cited.start : cited.end].startswith("Green tea\u2019s leaves")


def test_quote_fuzzy_and_errors(deck_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A misspelt word: not found (exit 1), the nearest passage offered and marked as such.
    assert main(["quote", str(deck_file), "notes", "Black", "tea", "is", "left", "to", "oxidize"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("not found: 'Black tea is left to oxidize' is not in ")
    assert "; nearest (" in out and 'quote: "Black tea is left to oxidise fully."' in out
    assert main(["quote", str(deck_file), "nope", "some words here"]) == 1
    assert "no source with id 'nope' (sources: notes)" in capsys.readouterr().err
    assert main(["quote", str(deck_file.parent / "missing.yaml"), "notes", "x"]) == 1
    assert "cannot be read as a deck" in capsys.readouterr().err


def test_coverage_json_hand_counted(deck_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Sentences: "Tea Notes", "Green tea's ... picking.", "This keeps them green.", "Black tea ... fully.",
    # "It turns dark as it does." = 5 (the newsletter line is ignored); one is cited.
    assert main(["coverage", str(deck_file), "--json", "--top", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    src = data["sources"][0]
    assert (src["sentences"], src["covered"], src["share"]) == (5, 1, 0.2)
    assert src["uncovered_passages"] == 3  # title line, the green-tea line, the dark sentence
    assert [(p["line"], p["sentences"]) for p in src["longest_uncovered"]] == [(2, 2), (3, 1)]
    assert src["longest_uncovered"][1]["text"] == "It turns dark as it does."


def test_coverage_text_and_broken_deck(deck_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", str(deck_file)]) == 0
    out = capsys.readouterr().out
    assert "1/5 sentences" in out and "line 2 (2 sentences" in out
    deck_file.write_text(DECK.replace("left to oxidise", "left to rot"), encoding="utf-8")
    assert main(["coverage", str(deck_file)]) == 0
    captured = capsys.readouterr()
    assert "has 1 error;" in captured.err and "0/5 sentences" in captured.out
    deck_file.write_text("id: [unclosed", encoding="utf-8")
    assert main(["coverage", str(deck_file)]) == 1
    assert "cannot be read as a deck" in capsys.readouterr().err


@pytest.mark.parametrize(
    "words",
    [
        "zebra xylophone quartz",
        "coffee is roasted in a drum",
        "coffee",
        "the newsletter subscription form is here",
    ],
)
def test_quote_of_words_not_in_the_source_offers_no_passage(
    deck_file: Path, capsys: pytest.CaptureFixture[str], words: str
) -> None:
    assert main(["quote", str(deck_file), "notes", words]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""  # no citation to paste
    assert f"not found: {words!r} is not in " in captured.err and "85% similar" in captured.err


def test_a_very_long_query_is_answered_quickly_and_briefly(
    deck_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ketquiz.core.citations import NEAREST_MAX_CHARS, nearest_passage

    words = "Black tea is left to oxidise fully. " + "word " * 2000
    assert main(["quote", str(deck_file), "notes", words]) == 1
    captured = capsys.readouterr()
    assert "not found" in captured.out + captured.err
    assert (
        max(len(line) for line in (captured.out + captured.err).splitlines()) < 300
    )  # the query is not echoed whole
    # The search itself is bounded: only the start of a long quote is compared, and never called a full match.
    target = " ".join(f"Sentence {i} of the passage the author meant." for i in range(20))
    text = "Filler words about nothing much. " * 50 + target + " More filler after it." * 50
    assert len(target) > NEAREST_MAX_CHARS
    span, score = nearest_passage(text, target + " But the author's ending differs from the source.")
    assert text[span.start : span.end].startswith("Sentence 0 of the passage") and 95 <= score < 100
