"""The guide's worked example is real: the deck it shows is this folder's, and it passes with full coverage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ketquiz.authoring.coverage import deck_coverage
from ketquiz.cli import main
from ketquiz.decks import load_deck

HERE = Path(__file__).parent / "worked_example" / "quoting"
GUIDE = Path(__file__).parents[2] / "docs" / "authoring.md"


def test_finished_deck_passes_with_full_coverage() -> None:
    result = load_deck(HERE / "quoting.yaml")
    assert result.ok, [d.format() for d in result.diagnostics]
    assert result.deck is not None
    assert deck_coverage(result.deck).share == 1.0


def test_guide_shows_the_finished_deck_and_source_verbatim() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    shown = re.search(
        r"<!-- worked-example:start -->\n```yaml\n(.*?)```\n<!-- worked-example:end -->", guide, re.S
    )
    assert shown is not None
    assert shown.group(1) == (HERE / "quoting.yaml").read_text(encoding="utf-8")
    source = (HERE / "sources" / "how-quotes-are-matched.txt").read_text(encoding="utf-8")
    assert f"```text\n{source}```" in guide


def test_the_example_starts_from_new(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "how-quotes-are-matched.txt"
    doc.write_bytes((HERE / "sources" / "how-quotes-are-matched.txt").read_bytes())
    assert main(["new", str(tmp_path / "quoting"), "--source", str(doc)]) == 0
    assert main(["check", str(tmp_path / "quoting")]) == 0
    result = load_deck(tmp_path / "quoting" / "quoting.yaml")
    assert result.deck is not None and result.deck.sources[0].id == "how-ketquiz-matches-a-quote"
