"""A YAML syntax error says in plain words what the author did wrong, beside libyaml's own text, at the place the
fix goes."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketquiz.cli import main

CASES = [
    # (name, deck text, where the fix goes "line:col", words of the hint)
    (
        "colon in a value",
        "id: x\ntitle: Ketamine: a review\n",
        "2:16",
        'put the value in quotes (e.g. title: "Ketamine: a review")',
    ),
    (
        "colon in a card's value",
        "cards:\n  - prompt: What is it: a drug?\n",
        "2:23",
        "a colon followed by a space inside a value",
    ),
    ("tab indentation", "id: x\ncards:\n\t- id: a\n", "3:1", "a tab: YAML indents with spaces only"),
    (
        "unclosed double quote",
        'id: x\ntitle: "Ketamine\nnotice: y\n',
        "2:8",
        'a value opened with " at line 2 is never closed',
    ),
    (
        "unclosed single quote",
        "id: x\ntitle: 'Ketamine\nnotice: y\n",
        "2:8",
        "is never closed: add the closing '",
    ),
    (
        "quoted start, text after",
        'id: x\nprompt: "Relief" came fast\n',
        "2:18",
        "(e.g. prompt: '\"Relief\" came fast')",
    ),
    (
        "field out of line",
        "id: x\ncards:\n  - id: a\n   topic: b\n",
        "4:4",
        "indented differently from the list around it",
    ),
    (
        "field under a value",
        "cards:\n  - id: a\n    topic: b\n      type: c\n",
        "4:11",
        "a line indented further than the one above",
    ),
    (
        "unclosed list",
        "id: x\nchoices: [a, b\nanswer: a\n",
        "2:10",
        "a YAML list that is never closed with ']'",
    ),
    ("no space after colon", "id:x\ntitle: y\n", "2:6", "colon without a space after it ('key:value')"),
    (
        "leading star",
        "id: x\nanswer: *bold* text\n",
        "2:14",
        "a value starting with '*' is read as a YAML alias",
    ),
    ("leading at", "id: x\nprompt: @user said\n", "2:9", "a value cannot start with '@' unquoted"),
    ("leading backquote", "id: x\nprompt: `code`\n", "2:9", "a value cannot start with a backquote unquoted"),
    ("backslash in double quotes", 'id: x\nprompt: "C:\\path"\n', "2:12", "write \\\\ for a backslash"),
    (
        "item inside a mapping",
        "cards:\n- id: a\n  - id: b\n",
        "3:3",
        "not lined up with the fields around it",
    ),
    ("a raw control character", "id: x\nprompt: caf\u00e9 \x07 bell\n", "2:14", "control character (U+0007)"),
]


@pytest.mark.parametrize(("name", "text", "where", "hint"), CASES, ids=[c[0] for c in CASES])
def test_syntax_errors_explained(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, where: str, hint: str
) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text(text, encoding="utf-8")
    assert main(["check", str(deck)]) == 1
    out = capsys.readouterr().out
    assert f"{deck}:{where}: error: " in out, out
    assert hint in out, out
    assert "[yaml-syntax]" in out


def test_libyaml_text_is_kept_beside_the_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text("id: x\ntitle: Ketamine: a review\n", encoding="utf-8")
    main(["check", str(deck)])
    assert "YAML says: mapping values are not allowed in this context" in capsys.readouterr().out
