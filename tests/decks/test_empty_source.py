"""A source file with nothing in it is an error, and nothing can be found in it: no "0 errors", no `start: -1` in
an export, no 100 % coverage."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ketquiz.cli import main

MakeDeck = Callable[..., Path]


@pytest.mark.parametrize("content", [b"", b"  \n\n\t\n"])
def test_an_empty_source_fails_check_and_every_quote_is_not_found(
    make_deck: MakeDeck, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    deck = make_deck()
    (deck.parent / "sources" / "brain.txt").write_bytes(content)
    assert main(["check", "--json", str(deck)]) == 1
    problems = json.loads(capsys.readouterr().out)
    codes = [p["code"] for p in problems]
    assert codes.count("source-empty") == 1
    # every card citation and both disagreement positions
    assert codes.count("quote-not-found") == 8
    assert all("empty" in p["message"] for p in problems if p["code"] == "quote-not-found")


def test_nothing_exports_or_counts_as_covered(
    make_deck: MakeDeck, capsys: pytest.CaptureFixture[str]
) -> None:
    deck = make_deck()
    (deck.parent / "sources" / "brain.txt").write_bytes(b"")
    assert main(["export", str(deck)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "source-empty" in err
    assert main(["coverage", "--json", str(deck)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["share"] == 0 and data["sources"][0]["share"] == 0
    assert main(["coverage", str(deck)]) == 0
    report = capsys.readouterr().out
    assert "100%" not in report and "the source is empty" in report
    assert main(["quote", str(deck), "brain", "Ketamine works by blocking"]) == 1
    assert "no text" in capsys.readouterr().err
