"""No control character from a deck, a source or a file name reaches a terminal through plain command output.

Every command that prints deck or source text is run on a deck full of ``ESC ] 0 ; title BEL`` (the sequence that
retitles a terminal), in a file whose own name holds it, and nothing it writes to stdout or stderr may hold a
control character other than newline and tab. JSON output escapes them instead (so a reader still gets the text).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from ketquiz.cli import main

OSC = "\x1b]0;pwned\x07"
#: What may not reach a terminal: C0 controls but tab and newline, DEL, C1.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
Y = "\\e]0;pwned\\a"  # the same sequence written as YAML double-quoted escapes
C1 = "\\x9b"  # a one-character CSI

SOURCE = (
    f"Hostile notes {OSC}\n"
    f"The quick brown fox {OSC} jumps over the lazy dog today.\n"
    "A second sentence that nothing cites at all, here.\n"
    f'=HYPERLINK("http://evil.example") is what a careless cell runs {OSC}.\n'
)
DECK = f"""\
id: hostile
title: "Hostile {Y} deck {C1}"
description: "about {Y}"
notice: "notice {Y}"
sources:
  - id: notes
    title: "Notes {Y}"
    file: "notes.txt"
topics:
  - id: t
    title: "Topic {Y}"
cards:
  - id: fox
    topic: t
    type: mcq
    prompt: "=HYPERLINK(\\"http://evil.example\\") {Y} which animal?"
    choices: ["fox {Y}", "-dog", "@cat"]
    answer: "fox {Y}"
    explanation: "because {Y}"
    citations:
      - source: notes
        quote: "The quick brown fox {Y} jumps over the lazy dog today."
  - id: plus
    topic: t
    type: basic
    prompt: "+cmd|' /C calc'!A0"
    answer: "-2+3"
    citations:
      - source: notes
        quote: "is what a careless cell runs"
"""


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    (tmp_path / "notes.txt").write_text(SOURCE, encoding="utf-8")
    deck = tmp_path / f"deck{OSC}.yaml"
    deck.write_text(DECK, encoding="utf-8")
    return deck


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(args)
    except SystemExit as exc:  # argparse's own errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def assert_clean(out: str, err: str) -> None:
    for name, text in (("stdout", out), ("stderr", err)):
        bad = CONTROL.search(text)
        assert bad is None, f"{name} holds U+{ord(bad.group()):04X}: {text!r}"


def test_the_deck_is_hostile_but_checks_clean(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", str(hostile)], capsys)
    assert code == 0, out + err
    assert "control-char" in out  # the warnings name the problem...
    assert "\ufffd" in out  # ...and the file name shows its escape as a placeholder
    assert_clean(out, err)


@pytest.mark.parametrize(
    "args",
    [
        ["check", "{deck}"],
        ["check", "--json", "{deck}"],
        ["check", "{missing}"],
        ["export", "{deck}", "--format", "csv"],
        ["export", "{deck}", "--format", "anki"],
        ["export", "{deck}", "--format", "json"],
        ["export", "{deck}", "-o", "{deck}"],
        ["export", "{missing}"],
        ["coverage", "{deck}"],
        ["coverage", "{deck}", "--json"],
        ["due", "{deck}"],
        ["due", "{deck}", "--json"],
        ["quote", "{deck}", "notes", "quick brown fox"],
        ["quote", "{deck}", "notes", "careless cell runs"],
        ["quote", "{deck}", "notes", f"zebra {OSC} xylophone quartz"],
        ["quote", "{deck}", f"no{OSC}such", "fox"],
        ["schema"],
        ["stats", "--profile", f"p{OSC}"],
        ["coverage", "{deck}", "--top", OSC],
    ],
)
def test_no_control_character_reaches_the_terminal(
    hostile: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    missing = hostile.with_name(f"missing{OSC}.yaml")
    argv = [a.format(deck=hostile, missing=missing) for a in args]
    code, out, err = run(argv, capsys)
    assert out or err  # every case prints something
    assert_clean(out, err)
    if "--json" in args or args[-1] == "json":
        json.loads(out)  # escaped, still exact JSON
    del code


def test_json_export_keeps_the_exact_text(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["export", str(hostile), "--format", "json"], capsys)
    assert code == 0
    assert "\\u001b]0;pwned\\u0007" in out and "\\u009b" in out
    data = json.loads(out)
    assert data["deck"]["title"] == f"Hostile {OSC} deck \x9b"


def test_csv_cells_never_start_a_formula(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["export", str(hostile), "--format", "csv"], capsys)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["fox"][3].startswith("'=HYPERLINK")
    assert by_id["plus"][3] == "'+cmd|' /C calc'!A0" and by_id["plus"][4] == "'-2+3"
