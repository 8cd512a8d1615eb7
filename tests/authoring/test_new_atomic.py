"""`ketquiz new` writes a deck folder that passes `check`, or nothing at all, whatever the documents hold.

A document full of `{{ ... }}` once made a cloze card with two blanks, and control characters made YAML the
loader refused; either way `new` said "please report this" and left the broken folder behind.
"""

from __future__ import annotations

import errno
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ketquiz.safefile
from ketquiz.cli import main
from ketquiz.core.lint import lint_deck
from ketquiz.decks import load_deck

BRACES = (
    "Templates and Their Braces\n"
    "Write {{ name }} where the name goes, and {{ date }} for the date.\n"
    "A line such as {{#each items}} starts a loop that {{/each}} closes again.\n"
    "Unbalanced }} and {{ markers also turn up in real documents.\n"
)


def _new(tmp: Path, text: str) -> tuple[int, Path]:
    doc = tmp / "doc.txt"
    doc.write_text(text, encoding="utf-8")
    target = tmp / "out" / "deck"
    return main(["new", str(target), "--source", str(doc)]), target


def test_a_document_full_of_cloze_markers_makes_a_deck_that_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, target = _new(tmp_path, BRACES)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "please report" not in out + err
    result = load_deck(target / "deck.yaml")
    assert result.ok, [d.format() for d in result.diagnostics]
    assert result.deck is not None and lint_deck(result.deck) == []
    assert main(["check", "--strict", str(target)]) == 0


def test_nothing_is_left_when_the_deck_would_not_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import ketquiz.authoring.new_deck as new_deck

    real = new_deck.draft_deck
    monkeypatch.setattr(
        new_deck, "draft_deck", lambda *a, **k: real(*a, **k).replace("quote:", "quote: x", 1)
    )
    code, target = _new(tmp_path, BRACES)
    err = capsys.readouterr().err
    assert code == 1
    assert "nothing was written" in err and "quote not found" in err
    assert str(target / "deck.yaml") in err  # the problem is named at the file the author would have had
    assert not (tmp_path / "out").exists()  # the parent made for it is gone too


def test_nothing_is_left_when_the_disk_fills(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = ketquiz.safefile.write_new
    calls = []

    def full(path: Path, data: bytes | str, **kw: bool) -> Path:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, data, **kw)

    monkeypatch.setattr("ketquiz.authoring.deckfolder.write_new", full)
    target = tmp_path / "deck"
    target.mkdir()  # an empty folder is a fine target, and stays as it was
    doc = tmp_path / "doc.txt"
    doc.write_text(BRACES, encoding="utf-8")
    assert main(["new", str(target), "--source", str(doc)]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert list(target.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck", "doc.txt"]


# Documents made of words, the characters YAML and the cloze format treat specially, and controls.
_TOKENS = st.sampled_from(
    [
        "word",
        "Sleep",
        "memory",
        "consolidates",
        "learning",
        "{{",
        "}}",
        "{{x}}",
        "{{ a }}",
        ":",
        "#",
        "&a",
        "*a",
        "!!python/object",
        "'",
        '"',
        "\u201c",
        "\u2019",
        "\\",
        "%",
        "@",
        "`",
        "|",
        ">",
        "---",
        "...",
        "-",
        "\u2014",
        "\u00e9",
        "\ufb01",
        "\uff21",
        "\u00a0",
        "\t",
        "\u2028",
        "\x85",
        "\x7f",
        "\x1b[31m",
        "\x0c",
        "\ufeff",
        "e.g.",
        "3.5",
        "?",
        "!",
        "[",
        "]",
        "{",
        "}",
        ",",
        "\u200b",
        "\U0001f600",
        "\u0645\u062d\u0645\u062f",
        "\u738b\u82b3",
    ]
)
_LINE = st.lists(st.one_of(_TOKENS, st.text(min_size=1, max_size=8)), min_size=1, max_size=25).map(" ".join)
_DOCUMENT = st.lists(st.tuples(_LINE, st.sampled_from([".", "", "?", ". "])), min_size=1, max_size=8).map(
    lambda lines: "\n".join(a + b for a, b in lines)
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_DOCUMENT)
def test_new_over_any_document_passes_check_or_writes_nothing(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        code, target = _new(root, text)
        out, err = capsys.readouterr()
        assert "Traceback" not in err and "please report" not in out + err
        if code == 0:
            result = load_deck(target / "deck.yaml")
            assert result.ok, [d.format() for d in result.diagnostics]
        else:
            assert code == 1 and "nothing was written" in err, err
            assert not (root / "out").exists()
        assert sorted(p.name for p in root.iterdir()) == (["doc.txt", "out"] if code == 0 else ["doc.txt"])
