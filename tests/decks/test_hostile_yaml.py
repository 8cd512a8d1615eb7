"""Hostile or broken YAML: refused with a clear message and a place, never a hang, crash or code run."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ketquiz.decks import load_deck, yamlnodes

from .conftest import GOOD_DECK

MakeDeck = Callable[..., Path]

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def _only(path: Path) -> tuple[str, int, str]:
    (d,) = load_deck(path).diagnostics
    return d.code, d.line, d.message


def test_python_tags_are_errors_and_never_run(make_deck: MakeDeck, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = GOOD_DECK.replace("title: Tiny deck", f"title: !!python/object/apply:os.system ['touch {marker}']")
    code, line, message = _only(make_deck(text))
    assert code == "yaml-unsafe-tag" and line == 2 and "!!python/object/apply:os.system" in message
    assert not marker.exists()


def test_billion_laughs_refused(make_deck: MakeDeck) -> None:
    code, line, message = _only(make_deck(BILLION_LAUGHS))
    assert code == "yaml-alias-bomb" and "refused" in message
    assert 3 <= line <= 9


def test_recursive_alias_refused(make_deck: MakeDeck) -> None:
    code, _, message = _only(make_deck("a: &r [1, *r]\n"))
    assert code == "yaml-syntax" and "alias *r" in message


def test_deep_nesting_refused_without_crashing(tmp_path: Path) -> None:
    # The C composer overflows its stack on very deep nesting; run in a child so a crash would show as one.
    deck = tmp_path / "deep.yaml"
    deck.write_text("a: " + "[" * 200_000 + "]" * 200_000 + "\n", encoding="utf-8")
    code = "from pathlib import Path; from ketquiz.decks import load_deck; "
    code += f"print([d.code for d in load_deck(Path({str(deck)!r})).diagnostics])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "yaml-too-deep" in out.stdout


def test_oversized_file_refused_before_parsing(make_deck: MakeDeck, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ketquiz.decks.loader.MAX_FILE_BYTES", 100)
    code, _, message = _only(make_deck())
    assert code == "too-large" and "limit" in message


@pytest.mark.parametrize(
    ("text", "code", "says"),
    [
        ("", "yaml-syntax", "empty"),
        ("id: a\n---\nid: b\n", "yaml-syntax", "one YAML document"),
        ("- just\n- a list\n", "wrong-type", "must be a mapping"),
        ("id: x\nid: y\ntitle: t\nsources: []\ntopics: []\ncards: []\n", "duplicate-key", "given twice"),
        ("id: x\ttitle\n: : :\n", "yaml-syntax", "YAML syntax error"),
        ("id: \x07\n", "yaml-syntax", "YAML"),
    ],
)
def test_broken_files(make_deck: MakeDeck, text: str, code: str, says: str) -> None:
    diags = load_deck(make_deck(text)).diagnostics
    assert any(d.code == code and says in d.message for d in diags), diags


def test_not_utf8(make_deck: MakeDeck) -> None:
    path = make_deck()
    path.write_bytes(b"id: x\ntitle: caf\xe9\n")
    code, line, _ = _only(path)
    assert code == "not-utf8" and line == 2


def test_expansion_budget_allows_ordinary_aliases(make_deck: MakeDeck) -> None:
    text = GOOD_DECK.replace(
        "    choices: [nausea, dizziness, fever, rash]", "    choices: &fx [nausea, dizziness, fever, rash]"
    )
    assert load_deck(make_deck(text)).ok
    assert yamlnodes.MAX_DEPTH >= 16


def test_control_characters_in_text_are_warned_about(make_deck: MakeDeck) -> None:
    text = GOOD_DECK.replace("title: Tiny deck", 'title: "Tiny \\e[31m deck"')
    load = load_deck(make_deck(text))
    assert load.ok  # a warning, not an error: the deck still loads
    (d,) = load.diagnostics
    assert (d.severity, d.code, d.line) == ("warning", "control-char", 2)
    assert "U+001B" in d.message


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
@pytest.mark.parametrize(
    "command",
    [["check"], ["due", "--json"], ["sources", "refresh"], ["sources", "add", "{deck}", "{source}"]],
)
def test_a_device_or_fifo_named_as_a_deck_is_refused_without_a_read(
    tmp_path: Path, special: str, command: list[str], make_deck: MakeDeck
) -> None:
    """Reading /dev/zero never ends and opening a FIFO waits for a writer: both must be refused at once."""
    target = _fifo(tmp_path / "pipe.yaml") if special == "fifo" else Path(special)
    source = make_deck(GOOD_DECK).parent / "sources" / "brain.txt"
    argv = [part.format(deck=target, source=source) for part in command]
    if "{deck}" not in command:
        argv.append(str(target))
    proc = subprocess.run(
        [sys.executable, "-m", "ketquiz", *argv],
        env={
            **os.environ,
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    said = proc.stdout + proc.stderr  # check prints its diagnostics on stdout, the others on stderr
    assert proc.returncode == 1, said
    assert f"{target}" in said and "not a regular file" in said
    assert "Traceback" not in said
