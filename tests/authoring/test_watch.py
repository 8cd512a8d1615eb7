from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from ketquiz.authoring.watch import diff_diagnostics, snapshot, watch
from ketquiz.core.diagnostics import Diagnostic
from ketquiz.decks import load_decks

SOURCE = "Notes\nThe kettle boils water in about three minutes.\n"
DECK = """\
id: kettle
title: Kettle
sources:
  - id: notes
    title: Notes
    file: sources/notes.txt
topics:
  - id: t
    title: T
cards:
  - id: boil
    topic: t
    type: basic
    prompt: How long does the kettle take?
    answer: About three minutes.
    citations:
      - source: notes
        quote: {quote}
"""
GOOD = "The kettle boils water in about three minutes."
BAD = "The kettle boils milk in about three minutes."


def d(line: int, code: str, message: str, severity: str = "error") -> Diagnostic:
    return Diagnostic("deck.yaml", line, 1, severity, code, message)  # type: ignore[arg-type]


def test_diff_ignores_moved_lines_and_counts_repeats() -> None:
    before = [d(3, "a", "same"), d(5, "b", "gone"), d(7, "c", "twice")]
    after = [d(4, "a", "same"), d(8, "c", "twice"), d(9, "c", "twice"), d(10, "e", "new")]
    added, fixed = diff_diagnostics(before, after)
    assert [x.code for x in added] == ["c", "e"]  # one more "twice" than before, and the new one
    assert [(x.line, x.code) for x in fixed] == [(5, "b")]


def write_deck(folder: Path, quote: str) -> Path:
    deck = folder / "kettle.yaml"
    deck.write_text(DECK.format(quote=quote), encoding="utf-8")
    return deck


def bump(path: Path, step: int) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + step * 1_000_000_000))


def test_watch_prints_only_what_changed(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "notes.txt").write_text(SOURCE, encoding="utf-8")
    deck = write_deck(tmp_path, BAD)

    def save(text: str, step: int) -> Callable[[], None]:
        def edit() -> None:
            deck.write_text(text, encoding="utf-8")
            bump(deck, step)

        return edit

    edits: list[Callable[[], None]] = [
        lambda: None,  # nothing saved: no re-check
        save(DECK.format(quote=GOOD), 1),
        save(DECK.format(quote=GOOD) + "\n# a comment\n", 2),
        save(DECK.format(quote=BAD), 3),
    ]
    lines: list[str] = []

    def fake_sleep(_: float) -> None:
        edits.pop(0)()

    def run_check() -> list[Diagnostic]:
        return [x for load in load_decks([deck]) for x in load.diagnostics]

    code = watch(
        [deck],
        run_check,
        out=lines.append,
        sleep=fake_sleep,
        max_checks=4,
        clock=lambda: datetime(2026, 1, 2, 3, 4, 5),
    )
    assert code == 1
    text = "\n".join(lines)
    first, rest = text.split("watching", 1)
    assert "quote" in first and first.count("error:") == 1  # the first check prints everything
    blocks = rest.split("[03:04:05] kettle.yaml changed")[1:]
    assert len(blocks) == 3  # the idle poll printed nothing
    assert "fixed:" in blocks[0] and blocks[0].strip().endswith("clean")
    assert "no change in problems" in blocks[1]
    assert "fixed:" not in blocks[2] and "error:" in blocks[2]


def test_snapshot_sees_sources_beside_the_deck(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    src = tmp_path / "sources" / "notes.txt"
    src.write_text(SOURCE, encoding="utf-8")
    deck = write_deck(tmp_path, GOOD)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "index").write_text("x")
    before = snapshot([deck])
    assert str(src) in before and not any(".git" in k for k in before)
    bump(src, 1)
    assert snapshot([deck]) != before


def test_interrupt_stops_cleanly(tmp_path: Path) -> None:
    lines: list[str] = []

    def interrupt(_: float) -> None:
        raise KeyboardInterrupt

    assert watch([tmp_path], lambda: [], out=lines.append, sleep=interrupt) == 0
    assert lines[0].startswith("clean; watching") and lines[-1] == "stopped watching"


def test_check_watch_refuses_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ketquiz.cli import main

    assert main(["check", "--watch", "--json", str(tmp_path)]) == 2
    assert "--watch prints text" in capsys.readouterr().err
